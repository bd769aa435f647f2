"""Local action plans (/handleplaner/, /handleplan/<unit>/) and annual wheels (/aarshjul/).
Units are addressed by their database key here: the unit page's <path:> converter would
swallow anything under /enheder/<unit_id>/."""

from django.urls import path

from naervaer.strategy import views

app_name = "strategy"

urlpatterns = [
    path("handleplaner/", views.overview, name="overview"),
    path("handleplaner/skabelon/", views.template_edit, name="template"),
    path("handleplan/<int:unit_pk>/", views.plan_page, name="plan"),
    path("handleplan/<int:unit_pk>/handlinger/", views.action_add, name="action-add"),
    path("handleplan/handling/<int:pk>/", views.action_update, name="action-update"),
    path("aarshjul/", views.wheels, name="wheels"),
    path("aarshjul/<int:unit_pk>/naeste-moede/", views.meeting_next, name="meeting-next"),
    path("aarshjul/<int:unit_pk>/<int:year>/", views.wheel_page, name="wheel"),
    path("aarshjul/moede/<int:pk>/", views.meeting_page, name="meeting"),
    path("aarshjul/moede/<int:pk>/rediger/", views.meeting_edit, name="meeting-edit"),
    path("aarshjul/moede/<int:pk>/dagsorden.pdf", views.agenda_pdf, name="agenda-pdf"),
    path("aarshjul/moede/<int:pk>/referat/", views.minutes_save, name="minutes"),
    path("aarshjul/moede/<int:pk>/beslutninger/", views.decision_add, name="decision-add"),
    path("aarshjul/beslutning/<int:pk>/handling/", views.decision_action, name="decision-action"),
]
