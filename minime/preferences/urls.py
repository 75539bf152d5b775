from django.urls import path

from minime.preferences import views

app_name = "preferences"
urlpatterns = [
    path("settings/rules/", views.rule_settings, name="rules"),
    # The onboarding answers as a settings page: the same form, inside Settings' navigation.
    path("settings/preferences/", views.onboarding_wizard, name="preferences"),
    path("welcome/", views.onboarding_wizard, name="onboarding"),
]
