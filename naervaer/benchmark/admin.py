from django.contrib import admin

from naervaer.benchmark.models import NationalReferenceRate


@admin.register(NationalReferenceRate)
class NationalReferenceRateAdmin(admin.ModelAdmin):
    list_display = ("staff_group", "absence_pct", "source", "updated_at")
    search_fields = ("staff_group",)
