"""Case pages (sygefraværsforløb). An employee is named by ``?medarbejder=`` because
payroll keys may contain "/"."""

from django.urls import path

from naervaer.cases import views

app_name = "cases"

urlpatterns = [
    path("forloeb/", views.case_list, name="list"),
    path("forloeb/medarbejder/", views.employee_page, name="employee"),
    path("forloeb/<int:pk>/", views.case_page, name="detail"),
]
