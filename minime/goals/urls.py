from django.urls import path

from minime.goals import views

app_name = "goals"
urlpatterns = [
    path("", views.goal_index, name="index"),
    path("<uuid:uuid>/", views.goal_detail, name="detail"),
    path("<uuid:uuid>/status/", views.goal_status, name="status"),
    path("<uuid:uuid>/delete/", views.goal_delete, name="delete"),
    path("<uuid:uuid>/move/", views.goal_move, name="move"),
    path("<uuid:uuid>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<uuid:uuid>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<uuid:uuid>/complete/", views.milestone_complete, name="milestone_complete"),
    path("milestones/<uuid:uuid>/reopen/", views.milestone_reopen, name="milestone_reopen"),
    path("milestones/<uuid:uuid>/move/", views.milestone_move, name="milestone_move"),
    path("milestones/<uuid:uuid>/delete/", views.milestone_delete, name="milestone_delete"),
]
