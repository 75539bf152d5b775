from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "minime.tasks"
    label = "tasks"
    verbose_name = "Tasks and projects"
