from django.contrib.auth import views as auth_views
from django.urls import path

from naervaer.web import views

# Source keys may contain "/" (they come from payroll systems), hence <path:>; the
# employee list comes before the unit page so ".../medarbejdere/" is not read as a key.
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("enheder/", views.unit_tree, name="unit-tree"),
    path("enheder/<path:unit_id>/medarbejdere/", views.unit_employees, name="unit-employees"),
    path("enheder/<path:unit_id>/", views.unit_detail, name="unit-detail"),
    path("medarbejdere/<path:employee_id>/", views.employee_detail, name="employee-detail"),
]
