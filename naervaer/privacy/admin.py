"""HR edits the retention periods in the admin (one row; never added twice or deleted);
anonymisations are a read-only record."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from naervaer.organisation.admin import ReadOnlyModelAdmin
from naervaer.privacy.models import Anonymisation, RetentionPolicy
from naervaer.privacy.services import retention_policy_update


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "absence_years", "case_years", "former_employee_years", "audit_months",
                    "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RetentionPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        stored = RetentionPolicy.objects.filter(pk=obj.pk).first() if obj.pk else None
        before = stored.periods() if stored is not None else RetentionPolicy().periods()
        retention_policy_update(policy=obj, user=request.user, before=before)


@admin.register(Anonymisation)
class AnonymisationAdmin(ReadOnlyModelAdmin):
    list_display = ("employee", "as_of", "anonymised_at")

