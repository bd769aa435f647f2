from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "naervaer.imports"
    label = "imports"
