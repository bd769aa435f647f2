from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    """Well-being and APV scores per unit and year (imported), and the register of
    violence, threats and other stressful incidents with its follow-up ladder
    (defusing, the leader's call, debriefing) and notices."""

    name = "naervaer.wellbeing"
    label = "wellbeing"
    default_auto_field = "django.db.models.BigAutoField"
