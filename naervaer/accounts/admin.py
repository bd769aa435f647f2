"""Admin for roles and scopes; the audit log is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from naervaer.accounts.models import AuditEvent, Profile
from naervaer.accounts.services import audit_role_change, role_snapshot
from naervaer.organisation.admin import ReadOnlyModelAdmin


class RoleAuditMixin:
    """Every change of a role or scope made in the admin goes to the audit log: the stored
    state before the save, compared with the state after the related objects (units, the
    profile inline) are saved."""

    def _user_of(self, obj):  # type: ignore[no-untyped-def]
        return obj.user if isinstance(obj, Profile) else obj

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        user = self._user_of(obj) if change or isinstance(obj, Profile) else None
        request._role_before = role_snapshot(user) if user is not None and user.pk else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        user = self._user_of(form.instance)
        audit_role_change(actor=request.user, user=user,
                          before=getattr(request, "_role_before", None), after=role_snapshot(user))

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        self._log_removal(request, [obj])
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        self._log_removal(request, list(queryset))
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def _log_removal(self, request, objects):  # type: ignore[no-untyped-def]
        for obj in objects:
            user = self._user_of(obj)
            audit_role_change(actor=request.user, user=user, before=role_snapshot(user),
                              after={"removed": "user" if obj is user else "profile"})


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ("units",)
    raw_id_fields = ("employee",)


@admin.register(Profile)
class ProfileAdmin(RoleAuditMixin, admin.ModelAdmin):
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
class NaervaerUserAdmin(RoleAuditMixin, UserAdmin):
    inlines = (ProfileInline,)
