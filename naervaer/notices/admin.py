from django.contrib import admin

from naervaer.notices.models import JobLock, Notice, NoticePreference, OutboxMessage


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mode", "weekday", "last_digest_on")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "user", "kind", "email", "task")
    list_filter = ("kind",)
    raw_id_fields = ("task", "user")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "key", "to", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("key", "to")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]


@admin.register(JobLock)
class JobLockAdmin(admin.ModelAdmin):
    list_display = ("name", "holder", "acquired_at", "expires_at")
