"""Download my data and Delete account.

Export: every workspace entity of every workspace the user belongs to, plus what is tied to the
account itself, as one JSON document (schema below, versioned by EXPORT_VERSION). It is generic:
every model that inherits WorkspaceOwned is exported, so a new module is included without
touching this file.

Deletion: one transaction that removes every row tied to the user — the workspaces they alone
belong to (and with them every row in those workspaces), their memberships elsewhere (handing
ownership on when they were the last owner), tokens, settings, pending sign-ups, rate-limit
records, queued emails, sessions — and then the login itself. In a workspace shared with others,
their personal rows (focus sessions, reviews, day states, automation rules and their runs:
`WorkspaceOwned.private_to`) go too, and the rest they created stays with the workspace, without
their name (`created_by` becomes null). Export holds only the user's own personal rows, never
another member's.

Deleting a shared workspace: an owner deletes it and every row in it, for every member (their
personal rows there too), with its invites and memberships; the other members are told.

`DATA_CATALOGUE` says, for every model in the project, whether it holds user data and how export
and deletion cover it; `test_data_coverage.py` fails for a model that is not in it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections, models, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minime.accounts.models import PersonalAccessToken, RateLimitEvent, SignUpRequest, User
from minime.ai.models import AIRequest, AIUsage
from minime.calendars.models import Calendar, CalendarEvent
from minime.core.db import as_user
from minime.core.errors import Invalid, NotAllowed, NotFound
from minime.core.models import WorkspaceOwned
from minime.gmail import services as gmail_services
from minime.gmail.models import GmailConnection, PulledMessage
from minime.notifications.models import Delivery, Notification, PushDevice, QuietHours
from minime.notifications.services import notify
from minime.preferences.models import OnboardingAnswers, RuleSettings
from minime.support.models import ContactMessage
from minime.support.services import email_key as contact_email_key
from minime.workspaces.models import Invite, Membership, Role, Workspace

EXPORT_VERSION = 1
FORMAT = "minime-export"

# How each model is covered. "workspace": exported and deleted with its workspace (automatic for
# WorkspaceOwned). "account": tied to the user, exported (or not, when it is a secret) and deleted
# by account_delete. "system": holds no personal data.
DATA_CATALOGUE: dict[str, str] = {
    "accounts.User": "account",
    "accounts.PersonalAccessToken": "account",
    "preferences.RuleSettings": "account",
    "preferences.OnboardingAnswers": "account",
    "accounts.SignUpRequest": "account",  # pending sign-ups for the address: deleted
    "accounts.RateLimitEvent": "account",  # keyed by an HMAC of the address: deleted
    "ai.AIRequest": "account",  # the AI log: exported, deleted with the user
    "ai.AIUsage": "account",  # the month's AI count: exported, deleted with the user
    # Push devices: exported by name, endpoint and dates; never their keys (p256dh, auth), which
    # only encrypt pushes. Deleted with the user, as are notifications, deliveries, quiet hours.
    "notifications.PushDevice": "account",
    "notifications.Notification": "account",
    "notifications.Delivery": "account",
    "notifications.QuietHours": "account",
    # Calendars: exported by name, colour, the address's shown part and sync state; never the
    # address itself (a secret). Their cached events are exported; both go with the user.
    "calendars.Calendar": "account",
    "calendars.CalendarEvent": "account",
    # Gmail: the connection is exported by address, scopes and dates, never its token; the pulled
    # messages as they were read. Deletion revokes the grant at Google, then deletes both.
    "gmail.GmailConnection": "account",
    "gmail.PulledMessage": "account",
    # Contact-form messages sent while signed in, with the operator's reply: exported, deleted
    # with the user (a visitor's message belongs to no account). When an operator's account goes,
    # the replies they sent stay with their senders, without the operator (the database's own
    # ON DELETE SET NULL: row-level security hides those messages from the operator).
    "support.ContactMessage": "account",
    "workspaces.Workspace": "account",
    "workspaces.Membership": "account",
    # Invites: a shared workspace's links to join it (a hash, the address it is for, who made
    # and who used it); deleted with the workspace, the people's names dropped with them.
    "workspaces.Invite": "workspace",
    "sessions.Session": "account",
    "django_tasks_database.DBTaskResult": "account",  # queued emails naming the user: deleted
    "admin.LogEntry": "account",  # operators' own admin history: deleted with the operator
    "auth.Permission": "system",
    "auth.Group": "system",
    "contenttypes.ContentType": "system",
    "jobs.ScheduledSlot": "system",
    "jobs.JobLease": "system",  # which worker runs a job: deleted with the job
}


def workspace_models() -> list[type[WorkspaceOwned]]:
    """Every concrete workspace-owned model, parents before children (for readers)."""
    return [m for m in apps.get_models() if issubclass(m, WorkspaceOwned)]


def export_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


# --- Export --------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


# Tables keyed by workspace that are not WorkspaceOwned (no personal data, deleted with it).
WORKSPACE_BOOKKEEPING: list[type[models.Model]] = [Invite]

# Columns that are not the user's data: the internal key and the workspace (implied).
NOT_EXPORTED = {"id", "workspace"}


def _rows(
    model: type[WorkspaceOwned], user: User, workspace_ids: list[int], uuids: dict
) -> Iterator[dict]:
    """A model's rows as plain dicts: foreign keys by uuid, users by email (others: null). Of a
    model private to each person, only `user`'s own."""
    fields = [f for f in model._meta.concrete_fields if f.name not in NOT_EXPORTED]
    refs = {
        f.attname: f.related_model for f in fields if f.is_relation and f.related_model is not None
    }
    queryset = model._default_manager.filter(workspace_id__in=workspace_ids).order_by("pk")
    if model.private_to:
        queryset = queryset.filter(**{model.private_to: user})
    for values in queryset.values("workspace_id", *(f.attname for f in fields)).iterator(2000):
        row: dict[str, Any] = {"workspace": str(uuids[Workspace][values.pop("workspace_id")])}
        for field in fields:
            value = values[field.attname]
            related = refs.get(field.attname)
            if related is not None:
                value = None if value is None else uuids[related].get(value)
                row[field.name] = None if value is None else str(value)
            else:
                row[field.name] = _plain(value)
        yield row


def _uuid_maps(user: User, workspace_ids: list[int]) -> dict[Any, dict[int, Any]]:
    maps: dict[Any, dict[int, Any]] = {
        Workspace: dict(Workspace.objects.filter(pk__in=workspace_ids).values_list("pk", "uuid")),
        User: {user.pk: user.email},  # other people appear as null: their address is theirs
    }
    for model in workspace_models():
        maps[model] = dict(
            model._default_manager.filter(workspace_id__in=workspace_ids).values_list("pk", "uuid")
        )
    return maps


def export_user_data(user: User) -> dict[str, Any]:
    """Everything of `user` as one JSON-ready dict (see docs/export.md)."""
    with as_user(user.pk):
        memberships = list(Membership.objects.filter(user=user).select_related("workspace"))
        workspace_ids = [m.workspace_id for m in memberships]
        uuids = _uuid_maps(user, workspace_ids)
        rules = RuleSettings.objects.filter(user=user).values().first()
        onboarding = OnboardingAnswers.objects.filter(user=user).values().first()
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": timezone.now().isoformat(),
            "account": {
                "email": user.email,
                "display_name": user.display_name,
                "time_zone": user.time_zone,
                "plan": user.plan,
                "date_joined": user.date_joined.isoformat(),
            },
            "rule_settings": _strip(rules),
            "onboarding": _strip(onboarding),
            "api_tokens": [
                {
                    "name": t.name,
                    "prefix": t.prefix,
                    "created_at": _plain(t.created_at),
                    "last_used_at": _plain(t.last_used_at),
                    "revoked_at": _plain(t.revoked_at),
                }
                for t in PersonalAccessToken.objects.filter(user=user).order_by("created_at")
            ],
            "ai_requests": [
                {
                    "at": _plain(r.created_at),
                    "feature": r.feature,
                    "provider": r.provider,
                    "model": r.model,
                    "sent": r.sent,
                    "answer_bytes": r.answer_bytes,
                    "duration_ms": r.duration_ms,
                    "outcome": r.outcome,
                    "error": r.error,
                }
                for r in AIRequest.objects.filter(user=user).order_by("created_at", "id")
            ],
            "ai_usage": [
                {"month": _plain(u.month), "requests": u.count}
                for u in AIUsage.objects.filter(user=user).order_by("month")
            ],
            "push_devices": [
                {
                    "uuid": str(d.uuid),
                    "name": d.name,
                    "endpoint": d.endpoint,
                    "created_at": _plain(d.created_at),
                    "last_success_at": _plain(d.last_success_at),
                    "last_failure": d.last_failure,
                    "failures": d.failures,
                }
                for d in PushDevice.objects.filter(user=user).order_by("created_at", "id")
            ],
            "notifications": [
                {
                    "uuid": str(n.uuid),
                    "kind": n.kind,
                    "title": n.title,
                    "body": n.body,
                    "url": n.url,
                    "tag": n.tag,
                    "created_at": _plain(n.created_at),
                    "read_at": _plain(n.read_at),
                    "deliveries": [
                        {
                            "device": str(d.device.uuid) if d.device else None,
                            "state": d.state,
                            "attempts": d.attempts,
                            "last_status": d.last_status,
                            "last_error": d.last_error,
                            "sent_at": _plain(d.sent_at),
                        }
                        for d in n.deliveries.all()
                    ],
                }
                for n in Notification.objects.filter(user=user)
                .order_by("created_at", "id")
                .prefetch_related(
                    Prefetch(
                        "deliveries",
                        Delivery.objects.select_related("device").order_by("created_at", "id"),
                    )
                )
            ],
            "quiet_hours": _strip(QuietHours.objects.filter(user=user).values().first()),
            "calendars": [
                {
                    "uuid": str(c.uuid),
                    "name": c.name,
                    "colour": c.colour,
                    "address_shown_as": c.url_hint,
                    "created_at": _plain(c.created_at),
                    "synced_at": _plain(c.synced_at),
                    "last_error": c.error,
                    "events": [
                        {
                            "title": e.title,
                            "starts_at": _plain(e.starts_at),
                            "ends_at": _plain(e.ends_at),
                            "all_day": e.all_day,
                        }
                        for e in c.events.all()
                    ],
                }
                for c in Calendar.objects.filter(user=user)
                .order_by("created_at", "id")
                .prefetch_related(
                    Prefetch("events", CalendarEvent.objects.order_by("starts_at", "id"))
                )
            ],
            "gmail": _gmail(user),
            "contact_messages": [
                {
                    "topic": m.topic,
                    "email": m.email,
                    "message": m.message,
                    "created_at": _plain(m.created_at),
                    "reply": m.reply,
                    "replied_at": _plain(m.replied_at),
                }
                for m in ContactMessage.objects.filter(user=user).order_by("created_at")
            ],
            "workspaces": [
                {
                    "uuid": str(m.workspace.uuid),
                    "name": m.workspace.name,
                    "is_personal": m.workspace.is_personal,
                    "your_role": m.role,
                    "members": Membership.objects.filter(workspace_id=m.workspace_id).count(),
                }
                for m in memberships
            ],
            "items": {
                export_key(model): list(_rows(model, user, workspace_ids, uuids))
                for model in workspace_models()
            },
        }
    return data


def _strip(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: _plain(v) for k, v in values.items() if k not in {"id", "user_id"}}


def _gmail(user: User) -> dict[str, Any] | None:
    connection = GmailConnection.objects.filter(user=user).first()
    if connection is None:
        return None
    return {
        "email_address": connection.email_address,
        "scopes": connection.scopes.split(),
        "connected_at": _plain(connection.connected_at),
        "state": connection.state,
        "problem": connection.problem,
        "pulled_at": _plain(connection.pulled_at),
        "messages": [
            {
                "uuid": str(m.uuid),
                "sender": m.sender,
                "subject": m.subject,
                "snippet": m.snippet,
                "received_at": _plain(m.received_at),
                "pulled_at": _plain(m.pulled_at),
            }
            for m in PulledMessage.objects.filter(user=user).order_by("position", "id")
        ],
    }


# --- Deletion ------------------------------------------------------------------------------------
def _hmac(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def account_delete(*, user: User) -> dict[str, int]:
    """Delete the account and every row tied to it; return counts of what went, by kind.
    A connected Gmail account's access is first withdrawn at Google (best effort: the rows go
    whether or not Google could be told)."""
    counts: dict[str, int] = {}
    if gmail_services.connection_of(user) is not None:
        counts["gmail access revoked at Google"] = int(gmail_services.disconnect(user=user))
    told: list[tuple[Workspace, list[int], Membership | None]] = []
    with transaction.atomic(), as_user(user.pk):
        for membership in list(Membership.objects.filter(user=user).select_related("workspace")):
            others = Membership.objects.filter(workspace_id=membership.workspace_id).exclude(
                user=user
            )
            if not others.exists():
                deleted = _delete_workspace(membership)
                counts["workspace rows"] = counts.get("workspace rows", 0) + deleted
                continue
            # While still a member (RLS lets us see these rows only until we leave): take the
            # user's name off what stays behind, and hand ownership on if needed.
            _forget_author(user, membership.workspace_id)
            heir = None
            if membership.role == Role.OWNER and not others.filter(role=Role.OWNER).exists():
                heir = others.select_related("user").order_by("created_at", "pk").first()
                assert heir is not None
                Membership.objects.filter(pk=heir.pk).update(role=Role.OWNER)
            told.append(
                (membership.workspace, list(others.values_list("user_id", flat=True)), heir)
            )
            membership.delete()
            counts["shared memberships left"] = counts.get("shared memberships left", 0) + 1
        email = user.email
        counts["pending sign-ups"] = SignUpRequest.objects.filter(email=email).delete()[0]
        counts["rate-limit records"] = RateLimitEvent.objects.filter(
            key__in=[_hmac("account", email), _hmac("email-to", email), contact_email_key(email)]
        ).delete()[0]
        counts["queued emails"] = (
            DBTaskResult.objects.filter(args_kwargs__kwargs__user_id=user.pk)
            .delete()[1]  # per model: the jobs' leases go with them, but are not emails
            .get(DBTaskResult._meta.label, 0)
        )
        counts["sessions"] = _delete_sessions(user)
        counts["account rows"] = User.objects.filter(pk=user.pk).delete()[0]
    counts["members told"] = _tell_members(user, told)
    return counts


def _tell_members(user: User, told: list[tuple[Workspace, list[int], Membership | None]]) -> int:
    """After the deletion: each remaining member of a workspace the person shared is told they
    have gone, and who owns it now if it was handed on. Returns how many were told."""
    name = user.name
    count = 0
    people = {u.pk: u for u in User.objects.filter(pk__in={i for _, ids, _ in told for i in ids})}
    for workspace, member_ids, heir in told:
        for member_id in member_ids:
            member = people.get(member_id)
            if member is None:
                continue
            if heir is not None and heir.user_id == member_id:
                body = f"{name} deleted their account. You own “{workspace.name}” now."
            elif heir is not None:
                body = f"{name} deleted their account; {heir.user.name} owns the workspace now."
            else:
                body = f"{name} deleted their account. What they added stays."
            _tell(
                member,
                title=f"{name} left “{workspace.name}”",
                body=body,
                url=f"/workspaces/{workspace.uuid}/",
            )
            count += 1
    return count


def _tell(member: User, *, title: str, body: str, url: str) -> None:
    """Notify `member` of a change to a workspace they share (their own row: made as them)."""
    with as_user(member.pk):
        notify(user=member, kind="workspace", title=title, body=body, url=url)


def _delete_workspace(membership: Membership) -> int:
    """Delete a workspace and every row in it; return how many rows went.

    One DELETE per table rather than Django's collector: it is fast for big workspaces, and it
    deletes the workspace row while the owner's membership still exists, as the workspace's
    row-level-security delete policy requires (the collector would drop the membership first,
    and RLS would then silently spare the workspace). Foreign keys are checked at commit.
    """
    connection = connections[Workspace.objects.db]
    tables = [m._meta.db_table for m in (*workspace_models(), *WORKSPACE_BOOKKEEPING)]
    statements = [
        *(f"DELETE FROM {connection.ops.quote_name(t)} WHERE workspace_id = %s" for t in tables),  # noqa: S608 (model table names)
        "DELETE FROM workspaces_workspace WHERE id = %s",
        "DELETE FROM workspaces_membership WHERE workspace_id = %s",
    ]
    total = 0
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [membership.workspace_id])  # table names from the models
            total += cursor.rowcount
    return total


def workspace_delete_check(*, user: User, workspace: Workspace) -> Membership:
    """Whether `user` may delete `workspace` (what `workspace_delete` checks before the name
    typed): their membership if so. Raises NotFound (not a member), NotAllowed (a member, not
    an owner) or Invalid (a personal workspace)."""
    with as_user(user.pk):
        membership = (
            Membership.objects.select_related("workspace")
            .filter(workspace_id=workspace.pk, user=user)
            .first()
        )
        if membership is None:
            raise NotFound("No such workspace.")
        if not membership.is_owner:
            raise NotAllowed("Only an owner of the workspace can delete it.")
        if membership.workspace.is_personal:
            raise Invalid(
                "Your personal workspace cannot be deleted on its own: it goes only with your "
                "account."
            )
    return membership


def workspace_delete(*, user: User, workspace: Workspace, confirm: str) -> int:
    """An owner deletes a shared workspace and everything in it, for every member: its items
    (each member's personal rows there too), its invites and its memberships. `confirm` is the
    workspace's name as typed (any case, spaces around it ignored). Every other member is then
    told. Returns how many rows went.

    Raises NotFound, NotAllowed or Invalid (see `workspace_delete_check`), and Invalid with
    `fields["confirm"]` when the name typed is not the workspace's.
    """
    with transaction.atomic(), as_user(user.pk):
        membership = workspace_delete_check(user=user, workspace=workspace)
        name = membership.workspace.name
        if (confirm or "").strip().casefold() != name.strip().casefold():
            message = f"Type the workspace's name, “{name}”, to confirm."
            raise Invalid(message, fields={"confirm": [message]})
        others = [
            m.user
            for m in Membership.objects.filter(workspace_id=membership.workspace_id)
            .exclude(user=user)
            .select_related("user")
        ]
        deleted = _delete_workspace(membership)
    # The workspace is gone: the notification leads to the member's list of workspaces.
    where = reverse("workspaces:index")
    for member in others:
        _tell(
            member,
            title=f"{user.name} deleted the shared workspace “{name}”",
            body="Everything in it is deleted, for every member. Your other workspaces are "
            "untouched.",
            url=where,
        )
    return deleted


def _forget_author(user: User, workspace_id: int) -> None:
    """Delete `user`'s private rows in a workspace that outlives them (see
    `WorkspaceOwned.private_to`), then null every other reference to them there."""
    Workspace.objects.filter(pk=workspace_id, created_by=user).update(created_by=None)
    for model in workspace_models():
        if model.private_to:
            model._default_manager.filter(
                workspace_id=workspace_id, **{model.private_to: user}
            ).delete()
    for model in workspace_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                model._default_manager.filter(
                    workspace_id=workspace_id, **{field.attname: user.pk}
                ).update(**{field.attname: None})


def _delete_sessions(user: User) -> int:
    doomed = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator(1000)
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    return Session.objects.filter(pk__in=doomed).delete()[0]


# --- The documented schema -----------------------------------------------------------------------
_TYPES = {
    "AutoField": "integer",
    "BigAutoField": "integer",
    "BooleanField": "boolean",
    "CharField": "string",
    "TextField": "string",
    "EmailField": "string",
    "UUIDField": "uuid",
    "DateField": "date (YYYY-MM-DD)",
    "DateTimeField": "datetime (ISO 8601, UTC)",
    "TimeField": "time (HH:MM:SS)",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "integer",
    "IntegerField": "integer",
    "DecimalField": "decimal (as a string)",
    "JSONField": "JSON",
}


_BASE_MEANINGS = {
    "uuid": "the item's identifier (in links and the API)",
    "created_at": "when it was made",
    "updated_at": "when it last changed",
    "version": "goes up by one with every change",
    "position": "its place in its list (1 first)",
}


def export_schema_markdown() -> str:
    """docs/export.md, generated from the models so it cannot drift from the export."""
    lines = [
        "# Download my data — the export format",
        "",
        "<!-- Generated by `manage.py export_schema`; a test fails when it is out of date. -->",
        "",
        f"Format `{FORMAT}`, version **{EXPORT_VERSION}**. One JSON object:",
        "",
        "| Key | Contents |",
        "|---|---|",
        "| `format`, `version` | this format's name and version; a new version means a change that "
        "breaks readers |",
        "| `exported_at` | when the file was made (ISO 8601, UTC) |",
        "| `account` | email, display name, time zone, plan, date joined |",
        "| `rule_settings`, `onboarding` | your settings and onboarding answers (or null) |",
        "| `api_tokens` | name, prefix and dates of each token (never the token itself) |",
        "| `ai_requests`, `ai_usage` | your AI log (what each request sent) and monthly counts |",
        "| `push_devices` | each device notifications are pushed to: uuid, name, push service "
        "endpoint, dates, failures (never its encryption keys) |",
        "| `notifications` | your notifications (kind, title, body, page, dates) with each "
        "device's delivery (device uuid, state, attempts, last status, when sent) |",
        "| `quiet_hours` | when pushes wait (start, end in your time zone), or null |",
        "| `calendars` | each connected calendar: uuid, name, colour, the part of its address the "
        "pages show, when it was last read and the last error, with its cached events (title, "
        "start, end, all day); never the private address itself |",
        "| `gmail` | the connected Gmail account (address, what Google granted, when connected "
        "and last pulled, whether it needs connecting again) with the messages of the last pull "
        "still kept (sender, subject, snippet, received); never the access token; null when "
        "none is connected |",
        "| `contact_messages` | each message you sent through the contact form while signed in: "
        "topic, the address for the answer, your message, when, and the reply with when it was "
        "sent (empty until answered) |",
        "| `workspaces` | each workspace you belong to: uuid, name, personal or not, your role, "
        "member count |",
        "| `items` | every item of those workspaces, by kind (below) |",
        "",
        "Every item has `workspace` (its workspace's uuid) and `uuid`. References to other items "
        "are their uuids. `created_by` is your email for what you made, null for what others made. "
        "Internal numeric ids are never exported. Personal items (marked below) are yours alone "
        "even in a shared workspace: the file holds only your own.",
        "",
    ]
    for model in workspace_models():
        if ".tests." in model.__module__:
            continue  # test-only models are not part of the product
        lines += [f"## `items.{export_key(model)}` — {model._meta.verbose_name_plural}", ""]
        doc = " ".join((model.__doc__ or "").strip().split("\n\n")[0].split())
        if model.private_to:
            doc += f" Personal: only yours (`{model.private_to}` is you)."
        if doc and not doc.startswith(model.__name__ + "("):
            lines += [doc, ""]
        lines += ["| Field | Type | Meaning |", "|---|---|---|"]
        for field in model._meta.concrete_fields:
            if field.name in NOT_EXPORTED:
                continue
            target = field.related_model
            if field.is_relation and isinstance(target, type):
                kind = "email or null" if target is User else f"uuid of `{export_key(target)}`"
            else:
                kind = _TYPES.get(field.get_internal_type(), field.get_internal_type())
            if field.choices:
                kind += ": " + ", ".join(f"`{value}`" for value, _ in field.choices)
            meaning = _BASE_MEANINGS.get(field.name) or str(field.help_text or field.verbose_name)
            lines.append(f"| `{field.name}` | {kind} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
