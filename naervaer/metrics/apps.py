from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "naervaer.metrics"
    label = "metrics"

    def ready(self) -> None:
        from naervaer.metrics.signals import connect

        connect()
