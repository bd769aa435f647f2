"""The benchmark page. Not under enheder/: the unit page's <path:> route would take it."""

from django.urls import path

from naervaer.benchmark import views

urlpatterns = [
    path("sammenligning/landstal/", views.reference_rates, name="benchmark-rates"),
    path("sammenligning/", views.benchmark_start, name="benchmark"),
    path("sammenligning/<path:unit_id>/", views.benchmark_page, name="unit-benchmark"),
]
