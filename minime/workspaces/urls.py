from django.urls import path

from minime.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("workspaces/switch/", views.switch, name="switch"),
]
