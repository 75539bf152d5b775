from django.urls import path

from minime.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("workspaces/", views.index, name="index"),
    path("workspaces/new/", views.create, name="create"),
    path("workspaces/switch/", views.switch, name="switch"),
    path("workspaces/<uuid:uuid>/", views.detail, name="detail"),
    path("workspaces/<uuid:uuid>/edit/", views.edit, name="edit"),
    path("workspaces/<uuid:uuid>/invites/", views.invite_create, name="invite_create"),
    path(
        "workspaces/<uuid:uuid>/invites/<uuid:invite>/revoke/",
        views.invite_revoke,
        name="invite_revoke",
    ),
    path(
        "workspaces/<uuid:uuid>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("workspaces/<uuid:uuid>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("workspaces/<uuid:uuid>/leave/", views.leave, name="leave"),
    path("invite/<str:token>/", views.invite, name="invite"),
    path("workspaces/join/", views.join, name="join"),
]
