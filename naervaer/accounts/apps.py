from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "naervaer.accounts"
    label = "accounts"
