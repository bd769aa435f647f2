from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "naervaer.security"
    label = "security"

    def ready(self) -> None:
        from naervaer.security import checks  # noqa: F401  (registers the deploy checks)
