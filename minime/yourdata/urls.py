from django.urls import path

from minime.yourdata import views

app_name = "yourdata"
urlpatterns = [
    path("settings/data/", views.your_data, name="data"),
    path("settings/data/export.json", views.export, name="export"),
    path("settings/data/delete/", views.delete_account, name="delete_account"),
    path("workspaces/<uuid:uuid>/delete/", views.delete_workspace, name="workspace_delete"),
]
