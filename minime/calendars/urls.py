from django.urls import path

from minime.calendars import views

app_name = "calendars"
urlpatterns = [
    path("accounts/settings/calendar/", views.calendar_settings, name="settings"),
    path("accounts/settings/calendar/connect/", views.calendar_connect, name="connect"),
    path("accounts/settings/calendar/<uuid:uuid>/edit/", views.calendar_edit, name="edit"),
    path("accounts/settings/calendar/<uuid:uuid>/sync/", views.calendar_sync, name="sync"),
    path(
        "accounts/settings/calendar/<uuid:uuid>/disconnect/",
        views.calendar_disconnect,
        name="disconnect",
    ),
]
