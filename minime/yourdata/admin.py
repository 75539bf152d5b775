"""Operators delete accounts the way "Delete account" does.

Row-level security hides an account's workspaces, tokens and settings from the operator, so
Django's collector would miss them and the commit fail: the accounts app's user admin is
registered again here with deletion through ``account_delete``.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from minime.accounts.admin import UserAdmin
from minime.accounts.models import User
from minime.yourdata.data import account_delete


class UserAdminDeletingData(UserAdmin):
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        account_delete(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_delete(user=user)


admin.site.unregister(User)
admin.site.register(User, UserAdminDeletingData)
