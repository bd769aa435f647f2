from django.apps import AppConfig


class FollowupConfig(AppConfig):
    """Systematic follow-up: policies attached to units, the tasks the engine derives,
    what leaders record, notices and compliance (spec/followup.md)."""

    name = "naervaer.followup"
    label = "followup"
    default_auto_field = "django.db.models.BigAutoField"
