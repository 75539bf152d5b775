from django.urls import path

from minime.activity import views

app_name = "activity"
urlpatterns = [
    path("workspaces/<uuid:uuid>/activity/", views.workspace_activity, name="workspace"),
]
