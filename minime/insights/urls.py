from django.urls import path

from minime.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.insights_index, name="index"),
]
