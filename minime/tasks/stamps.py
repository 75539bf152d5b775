"""The triggers that keep a workspace's TaskListStamp and each task's row_stamp current
(migrations 0004 and 0005). Readers check they are in place before trusting either."""

STAMP_TRIGGERS = ("tasks_task_stamp_insert", "tasks_task_stamp_update", "tasks_task_stamp_delete")
ROW_STAMP_TRIGGER = "tasks_task_row_stamp"
ALL_TRIGGERS = (*STAMP_TRIGGERS, ROW_STAMP_TRIGGER)
