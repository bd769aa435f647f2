from django.urls import path

from naervaer.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("log/", views.batches, name="batches"),
]
