from django.urls import path

from minime.tasks import views

app_name = "tasks"
# A task's actions live under its own URL (<uuid>/complete/ …): the row templates reverse the
# task's URL once and append the verb, which keeps long lists fast to render.
urlpatterns = [
    path("", views.task_index, name="index"),
    path("<uuid:uuid>/", views.task_edit, name="detail"),
    path("<uuid:uuid>/complete/", views.task_finish, {"how": "complete"}, name="complete"),
    path("<uuid:uuid>/rename/", views.task_rename, name="rename"),
    path("<uuid:uuid>/title/", views.task_title, name="title"),
    path("<uuid:uuid>/reopen/", views.task_reopen, name="reopen"),
    path("<uuid:uuid>/drop/", views.task_drop, name="drop"),
    path("<uuid:uuid>/skip/", views.task_finish, {"how": "skip"}, name="skip"),
    path("<uuid:uuid>/delete/", views.task_delete, name="delete"),
    path("<uuid:uuid>/move/", views.task_move, name="move"),
    path("<uuid:uuid>/plan/", views.task_plan, name="plan"),
    path("<uuid:uuid>/subtasks/", views.subtask_add, name="subtask_add"),
    path("projects/", views.project_index, name="projects"),
    path("projects/<uuid:uuid>/", views.project_edit, name="project"),
    path("projects/<uuid:uuid>/tasks/", views.project_add_task, name="project_add_task"),
    path("projects/<uuid:uuid>/status/", views.project_status, name="project_status"),
    path("projects/<uuid:uuid>/delete/", views.project_delete, name="project_delete"),
    path("projects/<uuid:uuid>/move/", views.project_move, name="project_move"),
    path("labels/", views.label_index, name="labels"),
    path("labels/<uuid:uuid>/delete/", views.label_delete, name="label_delete"),
]
