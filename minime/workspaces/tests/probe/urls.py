from django.urls import include, path

from minime.workspaces.tests.probe import views

urlpatterns = [
    path("probe/notes/", views.list_all_notes),
    path("probe/notes/<uuid:workspace_uuid>/", views.create_note_in),
    path("", include("config.urls")),
]
