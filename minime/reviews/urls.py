from django.urls import path

from minime.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_index, name="index"),
    path("shutdown/", views.shutdown, name="shutdown"),
    path("shutdown/task/<uuid:uuid>/", views.shutdown_task, name="shutdown_task"),
    path("weekly/", views.weekly, name="weekly"),
    path("<uuid:uuid>/", views.review_detail, name="detail"),
    path("<uuid:uuid>/delete/", views.review_delete, name="delete"),
    path("<uuid:uuid>/step/<slug:step>/", views.weekly_step, name="step"),
    path("<uuid:uuid>/inbox/<uuid:item>/", views.weekly_inbox, name="inbox_item"),
]
