from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.http import HttpRequest

from minime.accounts import throttle
from minime.accounts.models import User, normalize_email


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")
    return [(z, z.replace("_", " ")) for z in zones]


class SignInForm(forms.Form):
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.hold: throttle.Hold | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if not email or not password:
            return data
        address = throttle.client_address(self.request.META)
        device = self.request.COOKIES.get(throttle.DEVICE_COOKIE)
        hold = throttle.check(email=email, address=address, device=device)
        if hold is not None:
            self.hold = hold
            raise forms.ValidationError(hold.message, code="throttled")
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            throttle.record_failure(email=email, address=address, device=device)
            raise forms.ValidationError(
                "That email and password don't match an account. Check both, or reset your "
                "password.",
                code="invalid_login",
            )
        throttle.record_success(email=email, address=address)
        self.user = user
        return data


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])


class SignUpForm(forms.Form):
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    display_name = forms.CharField(
        max_length=80,
        required=False,
        label="Your name",
        help_text="Optional. What Mini Me OS calls you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters, not a common password.",
    )
    time_zone = forms.CharField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-detect-timezone": "if-default"}),
    )
    invite = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def clean_time_zone(self) -> str:
        # Filled in by the browser; anything we do not know falls back to UTC (editable later).
        value = self.cleaned_data.get("time_zone") or ""
        return value if value in zoneinfo.available_timezones() else "UTC"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        help_text="“Today” and every date and time you see follow this zone.",
        widget=forms.Select(attrs={"data-detect-timezone": "suggest"}),
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
        labels = {"display_name": "Your name"}
        help_texts = {"display_name": "Optional. Shown to people you share a workspace with."}


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, but the email goes out from the worker and carries no secret in the queue.

    The page says the same thing whether or not the address has an account.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        from minime.accounts.jobs import send_password_reset

        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset.enqueue(user_id=user.pk)


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form, plus the choice to revoke every other way into the account (on by default).

    A new password signs other browsers out either way (Django checks each session against the
    password hash); the box decides whether API tokens are revoked and other sessions deleted.
    """

    revoke_access = forms.BooleanField(
        required=False,
        initial=True,
        label="Sign out other devices and revoke API tokens",
        help_text="Untick to keep your API tokens working. This browser stays signed in.",
    )
