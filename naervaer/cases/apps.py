from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Absence cases (sygefraværsforløb): conversations, retention plans with a graded
    return, dated events, risk screenings and the outcome (spec/followup.md)."""

    name = "naervaer.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
