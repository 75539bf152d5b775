from django.urls import path

from minime.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("workspaces/switch/", views.switch, name="switch"),
]
