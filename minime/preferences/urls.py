from django.urls import path

from minime.preferences import views

app_name = "preferences"
urlpatterns = [
    path("settings/rules/", views.rule_settings, name="rules"),
    path("welcome/", views.onboarding_wizard, name="onboarding"),
]
