from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "naervaer.organisation"
    label = "organisation"
