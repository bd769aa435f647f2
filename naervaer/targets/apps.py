from django.apps import AppConfig


class TargetsConfig(AppConfig):
    """Targets (måltal) per unit and year, inherited down the tree, and the escalation of
    units that stay above their target or rise markedly. The arithmetic is pure and
    lives in naervaer.core.targets."""

    name = "naervaer.targets"
    label = "targets"
    default_auto_field = "django.db.models.BigAutoField"
