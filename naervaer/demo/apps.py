from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "naervaer.demo"
    label = "demo"
