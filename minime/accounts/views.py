from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from minime.accounts import services, throttle, tokens
from minime.accounts.forms import (
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SignInForm,
    SignInLinkForm,
    SignUpForm,
)
from minime.accounts.models import User
from minime.accounts.signals import signed_up_through_invite
from minime.core.errors import ServiceError
from minime.core.shortcuts import return_path
from minime.core.types import AuthedRequest

SIGN_UP_EMAIL_KEY = "sign_up_email"


def _remember_device(response: HttpResponse, user: Any) -> HttpResponse:
    """Give the browser the device cookie that exempts it from the account-wide sign-in limit."""
    response.set_cookie(
        throttle.DEVICE_COOKIE,
        throttle.new_device_cookie(user.email),
        max_age=int(throttle.DEVICE_COOKIE_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _next_url(request: HttpRequest) -> str:
    return return_path(request, str(reverse_lazy(settings.LOGIN_REDIRECT_URL)))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return _remember_device(redirect(_next_url(request)), form.user)
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next": request.GET.get("next", ""),
            # Held back: offer the way in that no failure count blocks, for the typed address.
            "offer_link": form.hold is not None and form.hold.offers_sign_in_link,
        },
        status=429 if form.hold is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def sign_in_link_request(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link. The answer is the same whether or not the address has
    an account; emails are limited like every account email."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            send = throttle.gate_account_email(
                recipient=email, address=throttle.client_address(request.META)
            )
        except throttle.Throttled as exc:
            form.add_error(None, exc.hold.message)
            return render(request, "accounts/sign_in_link_request.html", {"form": form}, status=429)
        if send:
            services.sign_in_link_request(email=email)
        return redirect("accounts:sign_in_link_sent")
    return render(request, "accounts/sign_in_link_request.html", {"form": form})


def sign_in_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/sign_in_link_sent.html", {"minutes": settings.SIGN_IN_LINK_MINUTES}
    )


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Sign in with an emailed link. GET only shows a button: mail scanners open links, and must
    not use them up. No sign-in failure count applies: the link proves the inbox."""
    try:
        if request.method == "GET":
            services.sign_in_link_user(uidb64=uidb64, token=token)
            return render(request, "accounts/sign_in_link.html", {"uidb64": uidb64, "token": token})
        user = services.sign_in_link_use(uidb64=uidb64, token=token)
    except services.SignInLinkInvalid as exc:
        return render(request, "accounts/sign_in_link.html", {"error": exc.message}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    throttle.record_success(email=user.email, address=throttle.client_address(request.META))
    return _remember_device(redirect(settings.LOGIN_REDIRECT_URL), user)


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None, initial={"invite": request.GET.get("invite", "")})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            send = throttle.gate_account_email(
                recipient=email, address=throttle.client_address(request.META)
            )
        except throttle.Throttled as exc:
            form.add_error(None, exc.hold.message)
            return render(request, "accounts/sign_up.html", {"form": form}, status=429)
        if send:
            services.sign_up_request(
                email=email,
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                time_zone=form.cleaned_data["time_zone"],
                invite_token=form.cleaned_data["invite"],
            )
        request.session[SIGN_UP_EMAIL_KEY] = email
        return redirect("accounts:sign_up_sent")
    return render(request, "accounts/sign_up.html", {"form": form})


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SIGN_UP_EMAIL_KEY)
    return render(
        request,
        "accounts/sign_up_sent.html",
        {"email": email, "hours": settings.SIGN_UP_LINK_HOURS},
    )


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners open links, and must not create accounts.
    if request.method == "GET":
        return render(request, "accounts/sign_up_confirm.html", {"token": token})
    try:
        signed_up = services.sign_up_confirm(token=token)
    except services.SignUpLinkInvalid as exc:
        return render(request, "accounts/sign_up_confirm.html", {"error": exc.message}, status=400)
    user = signed_up.user
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(SIGN_UP_EMAIL_KEY, None)
    messages.success(request, "Your account is ready. Welcome to Mini Me OS.")
    if signed_up.invite_hash:
        answers = signed_up_through_invite.send(
            sender=User, request=request, user=user, invite_hash=signed_up.invite_hash
        )
        for _, then in answers:
            if then:
                return redirect(then)
    return redirect("preferences:onboarding")  # a few questions, then the starter life areas


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            send = throttle.gate_account_email(
                recipient=form.cleaned_data["email"],
                address=throttle.client_address(self.request.META),
            )
        except throttle.Throttled as exc:
            form.add_error(None, exc.hold.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not send:  # this inbox had its share this hour; the page says the same either way
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        # A reset is the "someone else may know my password" path: close every way in.
        response = super().form_valid(form)
        revoked = services.revoke_access(user=self.user)
        throttle.forgive_account(
            email=self.user.email, address=throttle.client_address(self.request.META)
        )
        messages.success(self.request, f"Every device was signed out and {revoked.tokens_message}.")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        # Django ends every other session when the password hash changes, and keeps this one
        # (under a new key: read it only after super() has rotated it).
        response = super().form_valid(form)
        if form.cleaned_data["revoke_access"]:
            revoked = services.revoke_access(
                user=form.user, keep_session=self.request.session.session_key
            )
            done = f"other devices were signed out and {revoked.tokens_message}."
        else:
            done = "other devices were signed out. Your API tokens still work."
        messages.success(self.request, f"Password changed. You stay signed in here; {done}")
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthedRequest) -> HttpResponse:
    """List, make and revoke personal access tokens. A new token's secret is shown once, in the
    response to the POST that made it, and stored nowhere but as a hash."""
    new_secret = None
    error = None
    if request.method == "POST":
        if "revoke" in request.POST:
            try:
                token = tokens.token_revoke(user=request.user, token_id=int(request.POST["revoke"]))
                messages.success(
                    request, f"Revoked “{token.name}”. Clients using it stop working now."
                )
            except (ValueError, ServiceError):
                messages.error(request, "That token doesn't exist.")
            return redirect("accounts:api_tokens")
        try:
            _, new_secret = tokens.token_create(
                user=request.user, name=request.POST.get("name", "")
            )
        except ServiceError as exc:
            error = exc.message
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": request.user.tokens.all(),
            "new_secret": new_secret,
            "error": error,
            "name": request.POST.get("name", "") if error else "",
        },
    )
