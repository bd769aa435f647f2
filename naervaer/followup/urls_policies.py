"""HR's policy pages (/politikker/)."""

from django.urls import path

from naervaer.followup import views_policies as views

app_name = "policies"

urlpatterns = [
    path("politikker/", views.policy_list, name="list"),
    path("politikker/skabeloner/", views.presets_install_view, name="presets-install"),
    path("politikker/enheder/", views.unit_policy_view, name="unit-set"),
    path("politikker/ny/", views.policy_new, name="new"),
    path("politikker/importer/", views.policy_import_view, name="import"),
    path("politikker/<int:policy_id>/", views.policy_detail, name="detail"),
    path("politikker/<int:policy_id>/ny-version/", views.version_new, name="version-new"),
    path("politikker/<int:policy_id>/kopier/", views.policy_copy_view, name="copy"),
    path("politikker/<int:policy_id>/versioner/<int:version_id>/yaml/", views.version_yaml,
         name="version-yaml"),
    path("politikker/<int:policy_id>/versioner/<int:version_id>/slet/", views.version_delete,
         name="version-delete"),
]
