from django.urls import path

from minime.today import views

app_name = "today"
urlpatterns = [
    path("", views.today_index, name="index"),
    path("not-now/<uuid:uuid>/", views.not_now, name="not_now"),
    path("do-instead/", views.do_instead, name="do_instead"),
    path("move/<uuid:uuid>/", views.move, name="move"),
    path("done/<uuid:uuid>/", views.done, name="done"),
    path("routines/<uuid:uuid>/done/", views.routine_done, name="routine_done"),
    path("energy/", views.energy, name="energy"),
    path("simplify/", views.simplify, name="simplify"),
]
