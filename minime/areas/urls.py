from django.urls import path

from minime.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.area_index, name="index"),
    path("<uuid:uuid>/edit/", views.area_edit, name="edit"),
    path("<uuid:uuid>/delete/", views.area_delete, name="delete"),
    path("<uuid:uuid>/move/", views.area_move, name="move"),
]
