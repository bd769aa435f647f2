from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "naervaer.web"
    label = "web"
