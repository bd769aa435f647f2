from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The privacy lifecycle: retention periods, the purge and the data subject's export
    (docs/privacy.md)."""

    name = "naervaer.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"
