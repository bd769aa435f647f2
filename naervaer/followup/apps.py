from django.apps import AppConfig


class FollowupConfig(AppConfig):
    """Systematic follow-up: policies attached to units, the tasks the engine derives,
    what leaders record, notices and compliance (spec/followup.md)."""

    name = "naervaer.followup"
    label = "followup"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from naervaer.imports.signals import import_written

        import_written.connect(_reconcile_sick_reports, dispatch_uid="followup-sick-reports")


def _reconcile_sick_reports(sender: object, counts: dict[str, dict[str, int]], **kwargs: object) -> None:
    if "absences" in counts:
        from naervaer.followup.sick_reports import sick_reports_reconcile

        sick_reports_reconcile()
