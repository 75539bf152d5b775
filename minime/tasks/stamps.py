"""The names of the triggers that keep TaskListStamp current (created by migration 0004)."""

STAMP_TRIGGERS = ("tasks_task_stamp_insert", "tasks_task_stamp_update", "tasks_task_stamp_delete")
