from django.urls import path

from minime.focus import views

app_name = "focus"
urlpatterns = [
    path("", views.focus_index, name="index"),
    path("start/", views.focus_start, name="start"),
    path("<uuid:uuid>/interrupt/", views.focus_interrupt, name="interrupt"),
    path("<uuid:uuid>/end/", views.focus_end, name="end"),
    path("<uuid:uuid>/cancel/", views.focus_cancel, name="cancel"),
]
