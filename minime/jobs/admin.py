from django.contrib import admin

from minime.jobs.models import JobLease, ScheduledSlot


@admin.register(ScheduledSlot)
class ScheduledSlotAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "enqueued_at", "task_id"]
    list_filter = ["job"]
    readonly_fields = ["job", "slot", "enqueued_at", "task_id"]


@admin.register(JobLease)
class JobLeaseAdmin(admin.ModelAdmin):
    list_display = ["task_result", "worker_id", "expires_at", "attempts"]
    readonly_fields = ["task_result", "worker_id", "expires_at", "attempts"]
