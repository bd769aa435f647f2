"""Targets and escalations. Not under enheder/: the unit page's <path:> route would take
them; the unit goes in ?enhed=."""

from django.urls import path

from naervaer.targets import views

app_name = "targets"

urlpatterns = [
    path("maal/", views.targets_page, name="targets"),
    path("maal/eskaleringer/", views.escalations_page, name="escalations"),
]
