from django.contrib import admin

from naervaer.notices.models import Notice, NoticePreference


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mode", "weekday", "last_digest_on")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "user", "kind", "email", "task")
    list_filter = ("kind",)
    raw_id_fields = ("task", "user")
