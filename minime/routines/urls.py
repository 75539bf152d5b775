from django.urls import path

from minime.routines import views

app_name = "routines"
urlpatterns = [
    path("", views.routine_index, name="index"),
    path("<uuid:uuid>/", views.routine_detail, name="detail"),
    path("<uuid:uuid>/delete/", views.routine_delete, name="delete"),
    path("<uuid:uuid>/move/", views.routine_move, name="move"),
    path("<uuid:uuid>/active/", views.routine_set_active, name="set_active"),
    path("<uuid:uuid>/check-in/", views.routine_check_in, name="check_in"),
    path("<uuid:uuid>/steps/", views.step_add, name="step_add"),
    path("steps/<uuid:uuid>/", views.step_edit, name="step_edit"),
    path("steps/<uuid:uuid>/delete/", views.step_delete, name="step_delete"),
    path("steps/<uuid:uuid>/move/", views.step_move, name="step_move"),
]
