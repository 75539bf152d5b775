from django.urls import path

from minime.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
]
