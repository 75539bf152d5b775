"""Public pages (landing, offline, the installable-app files, privacy, terms, data processing,
security and security.txt) and Home.

Home and the landing page describe the plans from `minime.accounts.plans` (what each plan
includes, and which features this build has) and the AI quotas from the settings the quota
check reads, so neither can promise what the software does not do. The privacy, terms,
data-processing and security pages are built the same way (see their section below).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
)
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from minime import __version__
from minime.accounts import throttle
from minime.accounts.plans import (
    AVAILABLE_FEATURES,
    FEATURE_INFO,
    FEATURES_BY_PLAN,
    LOWEST_PLAN_FOR,
    Plan,
)
from minime.activity import services as activity_services
from minime.ai import services as ai_services
from minime.ai.features import FEATURES as AI_FEATURES
from minime.ai.today_summary import PRESETS
from minime.ai.views.settings import provider_status
from minime.automations import scan
from minime.calendars import services as calendar_services
from minime.calendars.integration import CALENDAR
from minime.core import crypto, limits, outbound
from minime.core.models import WorkspaceOwned
from minime.core.types import AuthedRequest
from minime.gmail import google
from minime.gmail import services as gmail_services
from minime.gmail.integration import GMAIL
from minime.jobs import housekeeping
from minime.notifications import services as notification_services
from minime.pages.navigation import COLLAPSED_COOKIE
from minime.preferences.forms import ONBOARDING_QUESTIONS
from minime.preferences.models import RuleSettings
from minime.preferences.onboarding import needs_onboarding
from minime.workspaces.selectors import members_of


def _quota(plan: str) -> int:
    """AI requests sent to a provider a month on `plan` (0: none), as the quota counts them."""
    return int(settings.AI_MONTHLY_QUOTA.get(plan, 0))


def plan_table() -> dict[str, Any]:
    """The plans side by side: the AI quota, then each feature this build has and which plans
    include it. Features the plans name but this build lacks are left out."""
    plans = list(Plan)
    return {
        "plans": plans,
        "quotas": [{"plan": p, "quota": _quota(p)} for p in plans],
        "rows": [
            {
                "feature": f,
                "label": FEATURE_INFO[f].label,
                "cells": [{"plan": p, "included": f in FEATURES_BY_PLAN[p]} for p in plans],
            }
            for f in AVAILABLE_FEATURES
        ],
    }


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    quick_win = RuleSettings._meta.get_field("quick_win_minutes").get_default()
    context = {
        "plan_table": plan_table(),
        "new_account_plan": Plan(settings.NEW_ACCOUNT_PLAN).label,
        "ai_features": list(AI_FEATURES.values()),
        "assistant_questions": [p.asked(quick_win) for p in PRESETS.values()],
        "onboarding_questions": ONBOARDING_QUESTIONS,
        "gmail_inbox_size": google.INBOX_SIZE,
    }
    return render(request, "pages/landing.html", context)


@login_required
def plan(request: AuthedRequest) -> HttpResponse:
    """Settings → Plan: the user's plan beside the others, and this month's AI requests."""
    context = {
        "plan_table": plan_table(),
        "current_plan": request.user.plan,
        "ai_sends": ai_services.sends_to_provider(),
        "ai_used": ai_services.usage_this_month(request.user),
        "ai_quota": ai_services.monthly_quota(request.user),
    }
    return render(request, "pages/plan.html", context)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    membership = request.membership
    included = FEATURES_BY_PLAN.get(request.user.plan, frozenset())
    features = [
        {
            "feature": f,
            "label": FEATURE_INFO[f].label,
            "included": f in included,
            "plan": LOWEST_PLAN_FOR[f].label,
        }
        for f in AVAILABLE_FEATURES
    ]
    return render(
        request,
        "pages/home.html",
        {
            "membership": membership,
            "members": members_of(membership),
            "features": features,
            "ai_sends": ai_services.sends_to_provider(),
            "ai_used": ai_services.usage_this_month(request.user),
            "ai_quota": ai_services.monthly_quota(request.user),
            "needs_onboarding": needs_onboarding(request.user),
            "onboarding_questions": ONBOARDING_QUESTIONS,
        },
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return redirect(static("icons/icon-192.png"), permanent=True)


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    # Cached by the service worker and shown to whoever is offline: no shell, nothing personal.
    return render(request, "pages/offline.html", {"nav": None})


@require_safe
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/manifest.webmanifest", content_type="application/manifest+json")


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site root so its scope covers every page."""
    response = render(
        request, "pages/sw.js", {"version": __version__}, content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


# --- Privacy, terms, data processing, security, security.txt -----------------------------------
# These pages state what this server does with people's data. Every fact the code decides (what
# is kept and for how long, where anything goes, which AI provider, how secrets are stored) is
# read here from the constants and settings the code runs on, at request time, so the pages
# cannot say one thing while the server does another. The tests tie what cannot be imported here
# (the export's sections and the data catalogue live in yourdata, on this app's rung) to the lists
# below.

LICENSE = "AGPL-3.0-or-later"  # the project's licence (pyproject.toml); a test ties the two
SIDEBAR_COOKIE_AGE = timedelta(days=365)  # set by static/js/app.js; a test ties the two

_HASHERS = {"argon2": "Argon2", "pbkdf2_sha256": "PBKDF2-SHA256", "scrypt": "scrypt"}
_PUBLIC_PAGES = (
    ("pages:privacy", "Privacy"),
    ("pages:terms", "Terms"),
    ("pages:data_processing", "Data processing"),
    ("pages:security", "Security"),
)

# The account-level sections of Download my data, in its order ("items" holds the workspaces'
# items). A test compares the keys with what the export writes.
EXPORT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("account", "your email address, display name, time zone, plan and the day you joined"),
    ("rule_settings", "your rules (Settings → Rules)"),
    ("onboarding", "your answers to the welcome questions"),
    ("api_tokens", "the name, first characters and dates of each API token, never the token"),
    ("ai_requests", "your AI log, with exactly what each request sent"),
    ("ai_usage", "how many AI requests you made each month"),
    (
        "push_devices",
        "each device notifications go to: its name, push address and dates, never its keys",
    ),
    ("notifications", "your notifications, and how each one was delivered"),
    ("quiet_hours", "your quiet hours"),
    (
        "calendars",
        "each calendar's name, colour and the part of its address the pages show, with the "
        "events kept from it; never the private address",
    ),
    ("gmail", "the connected Gmail address and the messages still kept; never the access"),
    (
        "contact_messages",
        "each message you sent through the contact page while signed in, with its reply",
    ),
    ("workspaces", "each workspace you belong to, and your role in it"),
    ("items", "every item in those workspaces, by kind (below)"),
)


def _span(span: timedelta) -> str:
    """A duration in words, in its largest whole unit from two of it on: "24 hours" (not "1
    day", as the integrations count it too), "7 days", "60 minutes", "90 seconds"."""
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= 2 * size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def _workspace_models() -> list[type[WorkspaceOwned]]:
    """Every kind of workspace item, in the export's order (test-only models aside)."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, WorkspaceOwned) and ".tests." not in m.__module__
    ]


@dataclass(frozen=True)
class Kept:
    """One kind of data this server keeps: what, for how long, and the models that hold it (the
    tests check that together these cover every model that holds personal data)."""

    key: str
    what: str
    how_long: str
    models: tuple[str, ...]


# Workspace items with a retention of their own (listed separately from "until you delete it").
_PRUNED_ITEMS = ("outbox.Event", "automations.Run", "activity.Activity")


def kept_data() -> list[Kept]:
    """What this server keeps about a person, and for how long, from the constants that prune."""
    account = "Until you delete your account."
    items = [m for m in _workspace_models() if m._meta.label not in _PRUNED_ITEMS]
    personal = [str(m._meta.verbose_name_plural) for m in _workspace_models() if m.private_to]
    rate_window = max(
        timedelta(minutes=settings.SIGN_IN_LIMIT_WINDOW_MINUTES),
        timedelta(minutes=settings.SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES),
        throttle.EMAIL_WINDOW,
    )
    return [
        Kept(
            "account",
            "Your account: email address, password (only as a hash), display name, time zone, "
            "plan and when you joined.",
            account,
            ("accounts.User",),
        ),
        Kept(
            "settings",
            "Your rules and your answers to the welcome questions.",
            account,
            ("preferences.RuleSettings", "preferences.OnboardingAnswers"),
        ),
        Kept(
            "workspaces",
            "Your workspaces, who belongs to each and the invite links made for them, and "
            "everything in them: "
            + ", ".join(str(m._meta.verbose_name_plural) for m in items)
            + ".",
            "Until you delete it. A workspace only you belong to goes with your account; in a "
            "workspace shared with others, what you added stays with it without your name, and "
            f"your personal items ({', '.join(personal)}) go.",
            (
                "workspaces.Workspace",
                "workspaces.Membership",
                "workspaces.Invite",
                *(m._meta.label for m in items),
            ),
        ),
        Kept(
            "activity",
            "In a shared workspace, its activity list: who added, completed, moved or assigned "
            "which task or project, and who joined or left (a personal workspace keeps none).",
            f"Deleted once older than {_span(activity_services.KEEP)}, or with the workspace.",
            ("activity.Activity",),
        ),
        Kept(
            "events",
            "What happened in a workspace (a task completed, an inbox item added …), for "
            "automations to answer.",
            f"Deleted once answered and older than {_span(scan.EVENT_KEEP)}.",
            ("outbox.Event",),
        ),
        Kept(
            "runs",
            "What each automation did: its runs and their results.",
            f"Deleted once older than {_span(scan.RUN_KEEP)}.",
            ("automations.Run",),
        ),
        Kept(
            "api_tokens",
            "Your API tokens: a name, the first characters and a hash of each, never the token.",
            account,
            ("accounts.PersonalAccessToken",),
        ),
        Kept(
            "ai",
            "Your AI log: each press of an AI button, which feature, provider and model, how "
            "it ended and exactly what was sent (a voice clip only by its format and size); and "
            "a count per month.",
            account,
            ("ai.AIRequest", "ai.AIUsage"),
        ),
        Kept(
            "notifications",
            "Your notifications, how each was delivered, your quiet hours, and each device you "
            "turned notifications on for (its push address, keys and a name).",
            f"Each notification and how it was delivered: deleted once older than "
            f"{_span(notification_services.KEEP)}. The rest: {account[0].lower()}{account[1:]} "
            "A device goes sooner when you remove it or its push service says it is gone.",
            (
                "notifications.Notification",
                "notifications.Delivery",
                "notifications.QuietHours",
                "notifications.PushDevice",
            ),
        ),
        Kept(
            "calendars",
            f"Connected calendars: the private address (encrypted) and the events of the next "
            f"{calendar_services.DAYS} days.",
            "Until you disconnect the calendar. Events are replaced on every read; when reads "
            f"fail, the last ones read are kept for up to {_span(calendar_services.KEEP_STALE)}.",
            ("calendars.Calendar", "calendars.CalendarEvent"),
        ),
        Kept(
            "gmail",
            "A connected Gmail account: its address, the access Google granted (encrypted) and "
            "the messages of the last pull (sender, subject, date, preview).",
            "The connection: until you disconnect it. Pulled messages: replaced by each pull, "
            f"and deleted once older than {_span(gmail_services.KEEP_PULLED)}.",
            ("gmail.GmailConnection", "gmail.PulledMessage"),
        ),
        Kept(
            "sessions",
            "While you are signed in: a session (which account, and when it ends).",
            f"{_span(timedelta(seconds=settings.SESSION_COOKIE_AGE))} from signing in, or "
            "until you sign out. An expired session's record stays in the database until the "
            "operator runs manage.py clearsessions.",
            ("sessions.Session",),
        ),
        Kept(
            "sign_ups",
            "A sign-up waiting for its emailed link: the address, the chosen password (as a "
            "hash), display name and time zone.",
            "Until the link is opened; deleted once older than "
            f"{_span(timedelta(hours=settings.SIGN_UP_LINK_HOURS))}.",
            ("accounts.SignUpRequest",),
        ),
        Kept(
            "rate_limits",
            "Failed sign-ins, account emails and contact messages, counted under keyed hashes of "
            "the address and of the network they came from: no email or IP address in the clear.",
            f"Deleted once older than {_span(rate_window)}.",
            ("accounts.RateLimitEvent",),
        ),
        Kept(
            "contact",
            "What you write through the contact page: the topic, the address for the answer, "
            "your message, and the operator's reply.",
            "Sent while signed in: until you delete your account. Otherwise: until the operator "
            "deletes it.",
            ("support.ContactMessage",),
        ),
        Kept(
            "jobs",
            "Background jobs, such as an email waiting to go out.",
            f"Deleted {_span(housekeeping.KEEP_HISTORY)} after they finish.",
            ("django_tasks_database.DBTaskResult",),
        ),
        Kept(
            "admin",
            "For operators only: what they changed in the admin.",
            "Until the operator's own account is deleted.",
            ("admin.LogEntry",),
        ),
    ]


@dataclass(frozen=True)
class Recipient:
    """Someone outside this server that may receive data, and when."""

    key: str
    who: str
    when: str


def _mail_server() -> str:
    backend = settings.EMAIL_BACKEND
    if backend.endswith("smtp.EmailBackend"):
        return f"The mail server at {settings.EMAIL_HOST}"
    if backend.endswith("filebased.EmailBackend"):
        return "No mail server: this server writes account emails to files of its own"
    if backend.endswith("console.EmailBackend"):
        return "No mail server: this server prints account emails to its own log"
    return "The mail service this server is set up with"


def recipients() -> list[Recipient]:
    """Where data can leave this server, as configured right now."""
    status = provider_status()
    if status.local:
        ai = Recipient("ai", "No AI service", status.summary)
    else:
        ai = Recipient(
            "ai",
            status.name,
            f"{status.summary} Only the fields each feature lists below are sent.",
        )
    if google.configured():
        gmail = Recipient(
            "google",
            "Google (Gmail)",
            f"Only for people on {GMAIL.plans} who connect a Gmail account: the sign-in at "
            f"Google, then, each time they press Pull inbox, a read of the latest "
            f"{google.INBOX_SIZE} messages' sender, subject, date and preview. Disconnecting "
            "asks Google to withdraw the access.",
        )
    else:
        gmail = Recipient(
            "google",
            "Google (Gmail)",
            "Nothing: this server has no Google sign-in set up, so Gmail cannot be connected.",
        )
    return [
        ai,
        gmail,
        Recipient(
            "calendar",
            "The host of each calendar address you paste",
            "A request from this server for that address, to read it. Nothing about you goes "
            "with it.",
        ),
        Recipient(
            "push",
            "Your browser's push service (" + ", ".join(settings.PUSH_SERVICE_HOSTS) + ")",
            "Only for devices where you turn notifications on. Each notification is encrypted "
            "for your device before it leaves: the push service sees the device's push address "
            "and when, never the words.",
        ),
        Recipient(
            "mail",
            _mail_server(),
            "The emails this server sends, each to your own address: sign-up, sign-in and "
            "password links, and for a message sent through the contact page, a copy of it and "
            "the operator's reply.",
        ),
    ]


def _security_contact() -> str:
    """Where to report a vulnerability: SECURITY_CONTACT, or this site's contact page."""
    return settings.SECURITY_CONTACT or f"{settings.SITE_URL}{reverse('support:contact')}"


def _public_context(current: str) -> dict[str, Any]:
    return {
        "operator_name": settings.OPERATOR_NAME,
        "site_url": settings.SITE_URL,
        "public_links": [
            {"name": name, "label": label, "current": name == current}
            for name, label in _PUBLIC_PAGES
        ],
    }


def _cookies() -> list[dict[str, str]]:
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "why": "Keeps you signed in.",
            "how_long": f"for {_span(timedelta(seconds=settings.SESSION_COOKIE_AGE))}",
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "why": "Proves a form was sent from this site's own pages.",
            "how_long": f"for {_span(timedelta(seconds=settings.CSRF_COOKIE_AGE))}",
        },
        {
            "name": throttle.DEVICE_COOKIE,
            "why": "Remembers that this browser signed in to your account before, so guesses "
            "at your password from elsewhere never lock you out here.",
            "how_long": f"for {_span(throttle.DEVICE_COOKIE_AGE)}",
        },
        {
            "name": COLLAPSED_COOKIE,
            "why": "Remembers whether you folded the sidebar away.",
            "how_long": f"for {_span(SIDEBAR_COOKIE_AGE)}",
        },
        *_message_cookie(),
    ]


def _message_cookie() -> list[dict[str, str]]:
    """Django's one-line notices ("Saved") travel in a cookie when the message storage uses one."""
    storage = import_string(settings.MESSAGE_STORAGE)
    if CookieStorage not in getattr(storage, "storage_classes", (storage,)):
        return []
    return [
        {
            "name": CookieStorage.cookie_name,
            "why": "Carries a short notice, such as “Saved”, to the next page.",
            "how_long": "until the next page has shown it",
        }
    ]


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = _public_context("pages:privacy")
    context |= {
        "cookies": _cookies(),
        "ai": provider_status(),
        "recipients": recipients(),
    }
    return render(request, "pages/privacy.html", context)


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    context = _public_context("pages:terms")
    context |= {
        "plan_table": plan_table(),
        "new_account_plan": Plan(settings.NEW_ACCOUNT_PLAN).label,
        "integrations": [CALENDAR, GMAIL],
        "license": LICENSE,
    }
    return render(request, "pages/terms.html", context)


@require_safe
def data_processing(request: HttpRequest) -> HttpResponse:
    context = _public_context("pages:data_processing")
    context |= {
        "kept": kept_data(),
        "recipients": recipients(),
        "ai": provider_status(),
        "ai_features": list(AI_FEATURES.values()),
        "integrations": [CALENDAR, GMAIL],
        "export_sections": [{"key": k, "what": w} for k, w in EXPORT_SECTIONS],
        "export_items": [
            {
                "key": f"{m._meta.app_label}.{m._meta.model_name}",
                "name": m._meta.verbose_name_plural,
            }
            for m in _workspace_models()
        ],
    }
    return render(request, "pages/data_processing.html", context)


def _password_facts() -> dict[str, Any]:
    """The hash new passwords get, and the rules a new password must pass."""
    algorithm = str(get_hasher("default").algorithm)
    validators = password_validation.get_default_password_validators()
    lengths = [v.min_length for v in validators if isinstance(v, MinimumLengthValidator)]
    return {
        "hasher": _HASHERS.get(algorithm, algorithm),
        "min_length": max(lengths, default=None),
        "common": any(isinstance(v, CommonPasswordValidator) for v in validators),
    }


@require_safe
def security(request: HttpRequest) -> HttpResponse:
    context = _public_context("pages:security")
    csp = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    context |= {
        "https": settings.SITE_IS_HTTPS,
        "hsts": _span(timedelta(seconds=settings.SECURE_HSTS_SECONDS))
        if settings.SECURE_HSTS_SECONDS
        else "",
        "password": _password_facts(),
        "limits": {
            "per_account_network": settings.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK,
            "window": _span(timedelta(minutes=settings.SIGN_IN_LIMIT_WINDOW_MINUTES)),
            "per_account": settings.SIGN_IN_LIMIT_PER_ACCOUNT,
            "account_window": _span(
                timedelta(minutes=settings.SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES)
            ),
            "per_address": settings.SIGN_IN_LIMIT_PER_ADDRESS,
            "slow": _span(timedelta(seconds=settings.SIGN_IN_SLOW_SECONDS)),
            "emails_per_recipient": settings.EMAIL_LIMIT_PER_RECIPIENT,
            "email_window": _span(throttle.EMAIL_WINDOW),
            "sign_in_link": _span(timedelta(minutes=settings.SIGN_IN_LINK_MINUTES)),
            "reset_link": _span(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)),
        },
        "session_age": _span(timedelta(seconds=settings.SESSION_COOKIE_AGE)),
        "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
        "session_samesite": settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict"),
        "postgres": settings.DATABASE_IS_POSTGRES,
        "encrypted": [
            {"app": model._meta.app_label, "model": model._meta.object_name, "field": field}
            for model, field in crypto.encrypted_fields()
        ],
        "csp": [f"{name} {' '.join(values)}" for name, values in csp.items()],
        "outbound": {
            "calendar_max_bytes": f"{limits.CALENDAR_FEED_MAX_BYTES / 1_000_000:g} MB",
            "redirects": outbound.MAX_REDIRECTS,
            "deadline": _span(timedelta(seconds=outbound.DEADLINE_SECONDS)),
        },
        "gmail_scope": google.SCOPE.rsplit("/", 1)[-1],  # gmail.readonly
        "push_hosts": settings.PUSH_SERVICE_HOSTS,
        "ai": provider_status(),
        "contact": _security_contact(),
        "contact_shown": _security_contact().removeprefix("mailto:"),
    }
    return render(request, "pages/security.html", context)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: where to report a vulnerability. It expires a year from today (the most the RFC
    allows), at midnight UTC, so it never goes stale on a server that keeps running."""
    today = timezone.now().astimezone(UTC).date()
    expires = datetime.combine(today + timedelta(days=365), time.min, tzinfo=UTC)
    context = {
        "contact": _security_contact(),
        "expires": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "canonical": f"{settings.SITE_URL}{reverse('pages:security_txt')}",
        "policy": f"{settings.SITE_URL}{reverse('pages:security')}",
    }
    body = render_to_string("pages/security.txt", context, request).strip() + "\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
