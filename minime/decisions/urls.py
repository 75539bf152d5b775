from django.urls import path

from minime.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_index, name="index"),
    path("<uuid:uuid>/", views.decision_detail, name="detail"),
    path("<uuid:uuid>/delete/", views.decision_delete, name="delete"),
    path("<uuid:uuid>/reopen/", views.decision_reopen, name="reopen"),
    path("<uuid:uuid>/choose/", views.decision_choose, name="choose"),
    path("<uuid:uuid>/revisit/", views.decision_revisit, name="revisit"),
    path("<uuid:uuid>/options/", views.option_add, name="option_add"),
    path("<uuid:uuid>/criteria/", views.criterion_add, name="criterion_add"),
    path("<uuid:uuid>/scores/", views.scores_save, name="scores"),
    path("options/<uuid:uuid>/edit/", views.option_edit, name="option_edit"),
    path("options/<uuid:uuid>/delete/", views.option_delete, name="option_delete"),
    path("criteria/<uuid:uuid>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<uuid:uuid>/delete/", views.criterion_delete, name="criterion_delete"),
]
