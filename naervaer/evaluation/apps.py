from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """Did it work? Initiatives (a start date and the units they cover) evaluated as a
    difference in differences against comparable units. The method is pure and lives in
    naervaer.core.evaluation."""

    name = "naervaer.evaluation"
    label = "evaluation"
    default_auto_field = "django.db.models.BigAutoField"
