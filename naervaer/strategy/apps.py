from django.apps import AppConfig


class StrategyConfig(AppConfig):
    """Local action plans (handleplaner) from HR's template, and the annual wheel
    (årshjul) of each TRIO/MED body with meeting agendas, minutes and reminders."""

    name = "naervaer.strategy"
    label = "strategy"
    default_auto_field = "django.db.models.BigAutoField"
