from django.urls import path

from minime.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="index"),
    path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<uuid:uuid>/open/", views.notification_open, name="open"),
    path("accounts/settings/notifications/", views.notification_settings, name="settings"),
    path("accounts/settings/notifications/test/", views.send_test, name="send_test"),
    path("accounts/settings/notifications/quiet/", views.quiet_hours, name="quiet_hours"),
    path(
        "accounts/settings/notifications/devices/<uuid:uuid>/rename/",
        views.device_rename,
        name="device_rename",
    ),
    path(
        "accounts/settings/notifications/devices/<uuid:uuid>/remove/",
        views.device_remove,
        name="device_remove",
    ),
]
