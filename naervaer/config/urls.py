from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("import/", include("naervaer.imports.urls")),
    path("", include("naervaer.web.urls")),
    path("", include("naervaer.security.urls")),
    path("", include("naervaer.insight.urls")),
    path("", include("naervaer.notices.urls")),
    path("", include("naervaer.followup.urls_policies")),
    path("", include("naervaer.followup.urls")),
    path("", include("naervaer.cases.urls")),
    path("", include("naervaer.benchmark.urls")),
    path("", include("naervaer.evaluation.urls")),
    path("", include("naervaer.targets.urls")),
    path("", include("naervaer.followup.urls_reports")),
    path("", include("naervaer.wellbeing.urls")),
    path("", include("naervaer.strategy.urls")),
]
