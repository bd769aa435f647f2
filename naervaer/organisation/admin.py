"""Admin for the organisation data; import batches are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from naervaer.imports.models import ImportBatch
from naervaer.organisation.models import (
    Absence,
    Employee,
    Employment,
    OrganisationSettings,
    Unit,
)
from naervaer.organisation.services import unit_tree_rebuild


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Records written only by the application (import log, audit log): view, never edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("unit_id", "name", "unit_type", "parent", "depth")
    search_fields = ("unit_id", "name")
    list_filter = ("unit_type", "depth")
    raw_id_fields = ("parent",)
    readonly_fields = ("depth",)
    list_select_related = ("parent",)

    # The closure table and depths follow the parent links; keep them in step.
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        unit_tree_rebuild()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        unit_tree_rebuild()

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        super().delete_queryset(request, queryset)
        unit_tree_rebuild()


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("employee_id", "name")
    search_fields = ("employee_id", "name")


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = (
        "employment_id", "employee", "unit", "staff_group", "weekly_hours",
        "start_date", "end_date",
    )
    search_fields = ("employment_id", "employee__employee_id", "employee__name", "unit__unit_id")
    list_filter = ("staff_group",)
    raw_id_fields = ("employee", "unit")
    list_select_related = ("employee", "unit")


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("key", "employment", "type", "start_date", "end_date", "degree", "hours")
    search_fields = ("key", "employment__employment_id", "employment__employee__employee_id")
    list_filter = ("type",)
    raw_id_fields = ("employment",)
    date_hierarchy = "start_date"
    list_select_related = ("employment",)


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "small_group_threshold", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A single row (pk=1), created by selectors.get_settings().
        return not OrganisationSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "created_at", "created_by", "source", "replace_absences_from")
    list_filter = ("source",)
    date_hierarchy = "created_at"

