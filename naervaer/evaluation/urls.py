from django.urls import path

from naervaer.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("initiativer/", views.initiative_list, name="list"),
    path("initiativer/<int:initiative_id>/", views.initiative_detail, name="detail"),
]
