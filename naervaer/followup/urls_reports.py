from django.urls import path

from naervaer.followup import views_reports

urlpatterns = [
    path("sygemeldinger/", views_reports.sick_reports, name="sick-reports"),
    path("sygemeldinger/<int:report_id>/rask/", views_reports.sick_report_return_view,
         name="sick-report-return"),
]
