"""The follow-up pages: the task inbox, recording a task, compliance."""

from django.urls import path

from naervaer.followup import views

app_name = "followup"

urlpatterns = [
    path("opfoelgning/", views.inbox, name="inbox"),
    path("opfoelgning/opgaver/<int:pk>/udfoert/", views.task_done, name="task-done"),
    path("opfoelgning/opgaver/<int:pk>/fravalg/", views.task_waive, name="task-waive"),
    path("opfoelgning/overholdelse/", views.compliance_page, name="compliance"),
]
