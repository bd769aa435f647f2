"""Incident register and well-being scores. Not under enheder/: the unit page's <path:>
route would take them."""

from django.urls import path

from naervaer.wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("haendelser/", views.incident_list, name="incidents"),
    path("haendelser/ny/", views.incident_new, name="incident-new"),
    path("haendelser/<int:pk>/", views.incident_detail, name="incident"),
    path("haendelser/<int:pk>/trin/<int:task_pk>/", views.incident_step, name="incident-step"),
    path("trivsel/", views.wellbeing_page, name="scores"),
]
