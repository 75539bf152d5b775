"""The AI features' pages. Each part of the app keeps its views in its own module."""

from minime.ai import views_assistant, views_settings, views_smartadd, views_steps, views_voice

app_name = "ai"

urlpatterns = [
    *views_smartadd.urlpatterns,
    *views_steps.urlpatterns,
    *views_assistant.urlpatterns,
    *views_voice.urlpatterns,
    *views_settings.urlpatterns,
]
