from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Notices (advis) of follow-up tasks by e-mail: per task or as a weekly digest, with a
    calendar invitation for conversations (spec/followup.md, "Notice lead")."""

    name = "naervaer.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"
