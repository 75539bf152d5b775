from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from minime.accounts import services
from minime.accounts.models import User, normalize_email
from minime.accounts.plans import Plan


class _NormalizedEmailMixin:
    cleaned_data: dict[str, Any]

    def clean_email(self) -> str:
        # Emails are stored lower-cased: normalise before the unique check, so "ALICE@x" is
        # refused as a duplicate of "alice@x" instead of failing on save with an IntegrityError.
        return normalize_email(self.cleaned_data["email"])


class UserCreationForm(_NormalizedEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(_NormalizedEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


def _set_plan_action(plan: Plan) -> Any:
    def action(modeladmin: UserAdmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.plan_set(user=user, plan=plan)
        messages.success(request, f"{queryset.count()} account(s) now on {plan.label}.")

    action.__name__ = f"set_plan_{plan.value}"
    action.short_description = f"Set plan to {plan.label}"  # type: ignore[attr-defined]
    return action


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Deleting an account goes through minime.yourdata, whose admin registers a subclass.

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "plan", "is_active", "is_staff", "date_joined"]
    list_filter = ["plan", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["date_joined", "last_login"]
    actions = [_set_plan_action(p) for p in Plan]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "time_zone")}),
        ("Plan", {"fields": ("plan",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ["groups"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # New accounts get their personal workspace, as on sign-up.
        created = services.user_create(
            email=obj.email, password=obj.password, password_is_hashed=True
        )
        obj.pk = created.pk
        obj.refresh_from_db()
