from django.urls import path

from minime.ai.views import assistant, quickadd, settings, smartadd, steps, voice

app_name = "ai"
urlpatterns = [
    path("add/", quickadd.quick_add, name="quick_add"),
    path("add/read/", quickadd.quick_add_read, name="quick_add_read"),
    path("smart-add/", smartadd.smart_add_preview, name="smart_add"),
    path("smart-add/create/", smartadd.smart_add_create, name="smart_add_create"),
    path("tasks/<uuid:uuid>/steps/", steps.task_steps, name="task_steps"),
    path("tasks/<uuid:uuid>/steps/add/", steps.task_steps_add, name="task_steps_add"),
    path("projects/<uuid:uuid>/steps/", steps.project_steps, name="project_steps"),
    path("projects/<uuid:uuid>/steps/add/", steps.project_steps_add, name="project_steps_add"),
    path("assistant/", assistant.assistant, name="assistant"),
    path("assistant/explain/", assistant.explain, name="assistant_explain"),
    path("assistant/rewrite/", assistant.rewrite, name="assistant_rewrite"),
    path("voice/transcribe/", voice.transcribe, name="transcribe"),
    path("settings/", settings.ai_settings, name="settings"),
    path("disclosure/", settings.disclosure, name="disclosure"),
]
