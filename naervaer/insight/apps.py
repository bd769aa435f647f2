from django.apps import AppConfig


class InsightConfig(AppConfig):
    """Management information (ledelsesinformation): the unit, employee and team pages,
    the monthly report, exports and HR's watch list, read from the stored metric cube."""

    name = "naervaer.insight"
    default_auto_field = "django.db.models.BigAutoField"
