"""Admin for roles and scopes; the audit log is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from naervaer.accounts.models import AuditEvent, Profile
from naervaer.organisation.admin import ReadOnlyModelAdmin


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ("units",)
    raw_id_fields = ("employee",)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "employee")
    list_filter = ("role",)
    search_fields = ("user__username", "units__unit_id", "units__name", "employee__employee_id")
    filter_horizontal = ("units",)
    raw_id_fields = ("employee",)
    list_select_related = ("user", "employee")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_id")
    date_hierarchy = "at"



user_model = get_user_model()
if admin.site.is_registered(user_model):
    admin.site.unregister(user_model)


@admin.register(user_model)
class NaervaerUserAdmin(UserAdmin):
    inlines = (ProfileInline,)
