from django.urls import path

from naervaer.notices import views

urlpatterns = [
    path("indstillinger/advis/", views.notice_preferences, name="notice-preferences"),
]
