"""Follow-up core: policies as data, presets, and the engine that derives tasks
(spec/followup.md). No Django."""

from naervaer.core.followup.engine import derive_tasks
from naervaer.core.followup.policy import FrequentTrigger, PolicyError, PolicyVersion, Step

__all__ = ["FrequentTrigger", "PolicyError", "PolicyVersion", "Step", "derive_tasks"]
