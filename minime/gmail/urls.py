from django.urls import path

from minime.gmail import views

app_name = "gmail"
urlpatterns = [
    path("accounts/settings/email/", views.email_settings, name="settings"),
    path("accounts/settings/email/connect/", views.connect, name="connect"),
    path("accounts/settings/email/callback/", views.callback, name="callback"),
    path("accounts/settings/email/disconnect/", views.disconnect, name="disconnect"),
    path("email/", views.inbox, name="inbox"),
    path("email/pull/", views.pull, name="pull"),
    path("email/<uuid:uuid>/to-inbox/", views.to_inbox, name="to_inbox"),
]
