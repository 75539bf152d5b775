from django.urls import path

from minime.capture import views

app_name = "capture"
urlpatterns = [
    path("", views.capture_inbox, name="inbox"),
    path("<uuid:uuid>/task/", views.capture_make_task, name="make_task"),
    path("<uuid:uuid>/note/", views.capture_file_as_note, name="file_as_note"),
    path("<uuid:uuid>/delete/", views.capture_delete, name="delete"),
    path("notes/", views.note_list, name="notes"),
    path("notes/<uuid:uuid>/edit/", views.note_edit, name="note_edit"),
    path("notes/<uuid:uuid>/restore/", views.note_restore, name="note_restore"),
    path("notes/<uuid:uuid>/delete/", views.note_delete, name="note_delete"),
]
