from django.urls import path

from naervaer.security import views

app_name = "security"
urlpatterns = [
    path("login/kode/", views.verify, name="verify"),
    path("to-faktor/", views.two_factor, name="two-factor"),
    path("to-faktor/qr.svg", views.two_factor_qr, name="two-factor-qr"),
]
