from django.apps import AppConfig


class TargetsConfig(AppConfig):
    """Targets (måltal) per unit and year, inherited down the tree, and the escalation of
    units that stay above their target or rise markedly. The arithmetic is pure and
    lives in naervaer.core.targets."""

    name = "naervaer.targets"
    label = "targets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from naervaer.strategy.signals import plan_revised

        plan_revised.connect(_close_revise_plan_tasks, dispatch_uid="targets-plan-revised")


def _close_revise_plan_tasks(sender, *, plan, user, at, **kwargs):  # type: ignore[no-untyped-def]
    from naervaer.targets.services import escalation_plan_revised

    escalation_plan_revised(unit=plan.unit, by=user, at=at)
