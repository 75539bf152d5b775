from django.urls import path

from minime.automations import views

app_name = "automations"
urlpatterns = [
    path("", views.rule_index, name="index"),
    path("new/", views.rule_new, name="new"),
    path("preview/", views.rule_preview, name="preview"),
    path("<uuid:uuid>/", views.rule_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.rule_edit, name="edit"),
    path("<uuid:uuid>/toggle/", views.rule_toggle, name="toggle"),
    path("<uuid:uuid>/delete/", views.rule_delete, name="delete"),
]
