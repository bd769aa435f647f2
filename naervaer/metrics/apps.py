from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "naervaer.metrics"
    label = "metrics"
