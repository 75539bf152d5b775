from django.contrib import admin

from minime.jobs.models import ScheduledSlot


@admin.register(ScheduledSlot)
class ScheduledSlotAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "enqueued_at", "task_id"]
    list_filter = ["job"]
    readonly_fields = ["job", "slot", "enqueued_at", "task_id"]
