"""Workspace isolation, route by route: no API operation and no page that names an item in its
URL shows or changes an item of a workspace the caller is not in, or another person's own row.

The routes are read from the API's OpenAPI document and from the URL patterns, so a route added
tomorrow is tested tomorrow, or fails here, named, until `API_ITEMS` or `PAGE_ITEMS` say which
item it addresses. Each route is tried on alice's items in two places: her personal workspace
("personal") and the shared "Alice & Bob" ("shared"). Alice's own request proves that the address
names a real item (a read: 200; a write: anything but 404, sent once the attacks are over),
then:

- charlie, a stranger, gets 404 everywhere: with his token, with his token and `X-Workspace`
  naming the shared workspace, with his session, and with a session whose active workspace is
  set to the shared one;
- bob, a member of the shared workspace, gets 404 for alice's personal items and for her own rows
  in the shared one (focus sessions, reviews, automations), and reads the shared items when he
  works in the shared workspace;
- alice removes bob: with the token and the session he had, he gets 404 for the shared items, and
  every list answers 404 for `X-Workspace: shared` (an unknown workspace) instead of its items;
- no answer to charlie or bob holds the text of alice's items, nothing of hers turns up in their
  rows, and no row of alice's changed (every column of every row, before and after).

A write is sent with the smallest body its schema accepts, so that it reaches the view, which
looks the item up before doing anything with the input: the answer is the 404 of an unknown
item. A body that does not validate is refused first (422), the same for an invisible item as
for one that does not exist.

On PostgreSQL row-level security is the second wall: under charlie, and under bob once removed,
no table shows a row of alice's workspaces or of alice's own.

The items are made once for the module, in a transaction rolled back at its end; each test runs
in a savepoint inside it (pytest-django's `db`), so what one test changes (bob's removal, alice's
writes) the next never sees.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from conftest import ON_POSTGRES, PASSWORD, Personas
from minime.accounts.plans import Plan
from minime.accounts.services import plan_set, user_create
from minime.accounts.tokens import token_create
from minime.activity.models import Activity
from minime.activity.models import Kind as ActivityKind
from minime.areas.models import LifeArea
from minime.automations.models import Rule
from minime.calendars.models import Calendar, CalendarEvent
from minime.capture.models import CaptureItem, CaptureKind
from minime.core.db import as_user
from minime.core.models import WorkspaceOwned
from minime.decisions.models import Decision, DecisionCriterion, DecisionOption
from minime.focus.models import FocusSession
from minime.gmail.models import GmailConnection, PulledMessage
from minime.goals.models import Goal, Milestone
from minime.notifications.models import Notification, PushDevice
from minime.reviews.models import Review, ReviewKind, WeeklyStep
from minime.routines.models import Routine, RoutineStep
from minime.tasks.models import Label, Project, Task
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.models import Invite, Membership, Workspace
from minime.workspaces.services import member_remove, membership_add, workspace_create_shared
from minime.yourdata.data import workspace_models
from minime.yourdata.tests.test_data_coverage import populate

pytestmark = pytest.mark.django_db

API_ROOT = "/api/v1/"
# In the text of alice's items of each place: no answer to charlie or bob may hold it.
TAGS = {"personal": "Zq7personal", "shared": "Zq7shared"}
PLACES = tuple(TAGS)
Response = Any  # what the test client answers: an HttpResponse, with .json() and the request
OCCURRENCE_DAY = "2026-11-02"  # the day of the routine check-in populate() makes


# --- The items a route can address ---------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """One kind of item: its model, and which of its rows is alice's item of that kind.

    `reach` is who else may reach it: "members" (of its workspace), "own" (one person's row, in
    a workspace or outside any: nobody else), "owners" (a member is refused by the owner's check,
    which other tests cover: here only strangers and removed members are tried).
    """

    model: type[models.Model]
    lookup: dict[str, Any] = field(default_factory=dict)
    reach: str = "members"


KINDS: dict[str, Kind] = {
    "area": Kind(LifeArea),
    "goal": Kind(Goal),
    "milestone": Kind(Milestone),
    "project": Kind(Project),
    "task": Kind(Task, {"title__startswith": "Buy shoes"}),
    "label": Kind(Label),
    "routine": Kind(Routine),
    "routine_step": Kind(RoutineStep),
    "inbox_item": Kind(CaptureItem, {"kind": CaptureKind.INBOX}),
    "note": Kind(CaptureItem, {"kind": CaptureKind.NOTE}),
    "decision": Kind(Decision),
    "option": Kind(DecisionOption),
    "criterion": Kind(DecisionCriterion),
    "focus_session": Kind(FocusSession, reach="own"),
    "review": Kind(Review, {"kind": ReviewKind.WEEKLY}, reach="own"),
    "rule": Kind(Rule, reach="own"),
    "notification": Kind(Notification, reach="own"),
    "push_device": Kind(PushDevice, reach="own"),
    "calendar": Kind(Calendar, reach="own"),
    "pulled_message": Kind(PulledMessage, {"subject__contains": TAGS["personal"]}, reach="own"),
    "workspace": Kind(Workspace),
    # a workspace as only its owners reach it (deleting it): a member is refused with a 403
    "owned_workspace": Kind(Workspace, reach="owners"),
    "invite": Kind(Invite, reach="owners"),
    "membership": Kind(Membership, reach="owners"),
}
# One person's rows outside any workspace (alice's are counted as "personal").
USER_ROWS: tuple[type[models.Model], ...] = (
    Notification,
    PushDevice,
    Calendar,
    CalendarEvent,
    PulledMessage,
    GmailConnection,
)

# Path parameters that name no item, and the value they are given. (A member is named by email
# under the workspace that is the route's item: alice herself, in each of her workspaces.)
VALUES = {"date": OCCURRENCE_DAY, "step": WeeklyStep.INBOX.value, "email": "alice@example.com"}

# The API: the path under /api/v1/ before its `{uuid}` -> the kind of item the uuid names.
API_ITEMS = {
    "areas": "area",
    "notifications": "notification",
    "push-devices": "push_device",
    "goals": "goal",
    "milestones": "milestone",
    "tasks": "task",
    "projects": "project",
    "routines": "routine",
    "routine-steps": "routine_step",
    "capture": "inbox_item",
    "decisions": "decision",
    "decision-options": "option",
    "decision-criteria": "criterion",
    "focus/sessions": "focus_session",
    "today/not-now": "task",
    "today/do-instead": "task",
    "today/done": "task",
    "reviews": "review",
    "automation-rules": "rule",
    "calendars": "calendar",
    "gmail/messages": "pulled_message",
    # a workspace, its members and invites: what only owners may do (its invites, renaming,
    # roles, removing, deleting) answers a member 403; here strangers and removed members
    "workspaces": "owned_workspace",
}
# The API's other item parameters, by (that resource, the parameter's name).
API_PARAMETERS = {
    ("workspaces", "invite"): "invite",
}

# The pages: the route before its first `<…>` -> the kind of item that parameter names; the
# route's other item parameters by (that prefix, the parameter's name).
PAGE_ITEMS = {
    "notifications/": "notification",
    "accounts/settings/notifications/devices/": "push_device",
    "accounts/settings/calendar/": "calendar",
    "email/": "pulled_message",
    "areas/": "area",
    "goals/": "goal",
    "goals/milestones/": "milestone",
    "tasks/": "task",
    "tasks/projects/": "project",
    "tasks/labels/": "label",
    "routines/": "routine",
    "routines/steps/": "routine_step",
    "capture/": "inbox_item",
    "capture/notes/": "note",
    "decisions/": "decision",
    "decisions/options/": "option",
    "decisions/criteria/": "criterion",
    "focus/": "focus_session",
    "automations/": "rule",
    "today/not-now/": "task",
    "today/move/": "task",
    "today/done/": "task",
    "today/routines/": "routine",
    "reviews/shutdown/task/": "task",
    "reviews/": "review",
    "ai/tasks/": "task",
    "ai/projects/": "project",
    "workspaces/": "workspace",
    "accounts/workspaces/": "owned_workspace",
}
PAGE_PARAMETERS = {
    ("reviews/", "item"): "inbox_item",
    ("workspaces/", "invite"): "invite",
    ("workspaces/", "pk"): "membership",
}

# Pages that answer an item they cannot find with something other than a 404. For these, the
# answer about alice's item must be the answer about an item that does not exist.
NOT_FOUND_IS_NOT_404 = {
    "/email/{uuid}/to-inbox/": "a message not kept (another's, or gone) is a notice, redirected",
}


# --- Routes --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    """A method and a URL template, with the kind (or "=value") of each of its parameters."""

    method: str  # GET, POST, … for the API; PAGE for a page (read or posted to: see the test)
    template: str  # "/api/v1/tasks/{uuid}" or "/tasks/{uuid}/complete/"
    parameters: dict[str, str]
    operation: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def item(self) -> str:
        """The parameter that names the item the route is about (the first)."""
        return next(iter(self.parameters))

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.parameters.values() if not k.startswith("=")]

    @property
    def reach(self) -> str:
        """Who else may reach it: the narrowest reach of the items it names."""
        reaches = {KINDS[k].reach for k in self.kinds}
        return next(r for r in ("own", "owners", "members") if r in reaches)

    def url(self, world: World, place: str, *, unknown: bool = False) -> str | None:
        """The route filled in with alice's items of `place` (None if one has none there);
        `unknown`: its item is one that does not exist."""
        values = {}
        for name, kind in self.parameters.items():
            value = kind[1:] if kind.startswith("=") else world.items[(kind, place)]
            if value is None:
                return None
            values[name] = uuid.uuid4() if unknown and name == self.item else value
        return self.template.format(**values)

    def urls(self, world: World) -> dict[str, str]:
        found = {place: self.url(world, place) for place in PLACES}
        return {place: url for place, url in found.items() if url is not None}


@functools.cache
def _openapi() -> dict[str, Any]:
    from config.api import api

    return api.get_openapi_schema()


def _api_routes() -> tuple[list[Route], list[str], list[str]]:
    """(item routes, item routes not mapped, GET routes without parameters) of the API."""
    routes, unmapped, lists = [], [], []
    for path, operations in _openapi()["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            if not names:
                if method == "get":
                    lists.append(path)
                continue
            resource = path.removeprefix(API_ROOT).split("/{", 1)[0]
            parameters = {}
            for name in names:
                if name == "uuid" and resource in API_ITEMS:
                    parameters[name] = API_ITEMS[resource]
                elif (resource, name) in API_PARAMETERS:
                    parameters[name] = API_PARAMETERS[(resource, name)]
                elif name in VALUES:
                    parameters[name] = "=" + VALUES[name]
            if "uuid" not in parameters or len(parameters) != len(names):
                unmapped.append(f"{method.upper()} {path}")
                continue
            parameters = {"uuid": parameters.pop("uuid"), **parameters}
            routes.append(Route(method.upper(), path, parameters, operation))
    return routes, unmapped, lists


def _url_patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


PAGE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _page_routes() -> tuple[list[Route], list[str]]:
    """(item pages, item pages not mapped): every page whose URL has a `<uuid:…>`."""
    routes, unmapped = [], []
    for text, _ in _url_patterns(get_resolver().url_patterns):
        if "<uuid:" not in text or text.startswith(API_ROOT.strip("/")):
            continue
        names = PAGE_PARAMETER.findall(text)
        prefix = text[: text.index("<")]
        parameters: dict[str, str] = {}
        for n, name in enumerate(names):
            if n == 0 and prefix in PAGE_ITEMS:
                parameters[name] = PAGE_ITEMS[prefix]
            elif n > 0 and (prefix, name) in PAGE_PARAMETERS:
                parameters[name] = PAGE_PARAMETERS[(prefix, name)]
            elif n > 0 and name in VALUES:
                parameters[name] = "=" + VALUES[name]
        if len(parameters) != len(names):
            unmapped.append("/" + text)
            continue
        template = "/" + PAGE_PARAMETER.sub(lambda m: "{" + m.group(1) + "}", text)
        routes.append(Route("PAGE", template, parameters))
    return routes, unmapped


API_ROUTES, API_UNMAPPED, API_LISTS = _api_routes()
PAGE_ROUTES, PAGES_UNMAPPED = _page_routes()


def test_every_route_that_names_an_item_is_mapped_to_its_kind_of_item():
    unmapped = API_UNMAPPED + PAGES_UNMAPPED
    assert not unmapped, (
        "Say which item these routes address (API_ITEMS, PAGE_ITEMS or PAGE_PARAMETERS in "
        f"tests/test_isolation.py), so that their isolation is tested: {unmapped}"
    )


def test_the_routes_found_cover_the_api_the_pages_and_every_kind_of_item():
    """The discovery itself cannot quietly find nothing, nor a mapping outlive its routes."""
    assert len(API_ROUTES) >= 75 and len(PAGE_ROUTES) >= 90 and len(API_LISTS) >= 20
    assert {k for r in API_ROUTES + PAGE_ROUTES for k in r.kinds} == set(KINDS)
    api_prefixes = {r.template.removeprefix(API_ROOT).split("/{")[0] for r in API_ROUTES}
    assert set(API_ITEMS) <= api_prefixes
    page_prefixes = {r.template[1 : r.template.index("{")] for r in PAGE_ROUTES}
    assert set(PAGE_ITEMS) <= page_prefixes
    assert set(NOT_FOUND_IS_NOT_404) <= {r.template for r in PAGE_ROUTES}


# --- The world: alice's items in both places, bob and charlie's keys -----------------------------
@dataclass
class World:
    p: Personas
    places: dict[str, Workspace]  # alice's "personal" and "shared" workspaces
    items: dict[tuple[str, str], Any]  # (kind, place) -> uuid or pk; None where there is none
    tokens: dict[str, str]  # who -> the secret of a personal access token
    sessions: dict[tuple[str, str | None], str]  # (who, active workspace) -> a session key
    # alice's rows as made: every test starts from them (its changes are rolled back)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    clients: dict[tuple[str, str | None], Client] = field(default_factory=dict)

    def token(self, who: str, workspace: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        if workspace is not None:
            headers["X-Workspace"] = str(self.places[workspace].uuid)
        return headers

    def session(self, who: str, workspace: str | None = None) -> Client:
        """A browser signed in as `who`, its active workspace set to `workspace` (by place),
        with no cookie but the session's. (One client each, for the module: a new client loads
        the whole middleware again, static files included.)"""
        client = self.clients.setdefault((who, workspace), Client())
        client.cookies = SimpleCookie(
            {settings.SESSION_COOKIE_NAME: self.sessions[(who, workspace)]}
        )
        return client

    def remove_bob(self) -> None:
        member_remove(user=self.p.alice, workspace=self.places["shared"], member=self.p.bob)

    def alices_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every column of every row of alice's: her workspaces, their items, her own rows."""
        ids = [w.pk for w in self.places.values()]
        alice = self.p.alice
        queries = {
            m._meta.label: m._default_manager.filter(workspace_id__in=ids)
            for m in _workspace_tables()
        }
        queries |= {m._meta.label: m._default_manager.filter(user=alice) for m in USER_ROWS}
        queries["workspaces.Workspace"] = Workspace.objects.filter(pk__in=ids)
        # bob's membership goes when alice removes him; hers stay as they are
        queries["workspaces.Membership"] = Membership.objects.filter(user=alice)
        # and the shared workspace's activity says so: only its lines about items must stay
        queries["activity.Activity"] = Activity.objects.filter(workspace_id__in=ids).exclude(
            kind=ActivityKind.MEMBER
        )
        with as_user(alice.pk):
            return {label: list(q.order_by("pk").values()) for label, q in queries.items()}

    def rows_of(self, who: str) -> str:
        """Everything `who` keeps, as text (alice's items must never turn up in it)."""
        user = getattr(self.p, who)
        with as_user(user.pk):
            mine = list(Membership.objects.filter(user=user).values_list("workspace_id", flat=True))
            rows = [
                list(m._default_manager.filter(workspace_id__in=mine).values())
                for m in workspace_models()
            ]
            rows += [list(m._default_manager.filter(user=user).values()) for m in USER_ROWS]
        return str(rows)


def _workspace_tables() -> list[type[models.Model]]:
    """The models whose rows belong to a workspace: its items, and its invites."""
    return [*workspace_models(), Invite]


def _personas() -> Personas:
    """The suite's personas (conftest's `personas`, made once for the module)."""
    alice = user_create(email="alice@example.com", password=PASSWORD, display_name="Alice")
    bob = user_create(email="bob@example.com", password=PASSWORD, display_name="Bob")
    charlie = user_create(email="charlie@example.com", password=PASSWORD, display_name="Charlie")
    plan_set(user=alice, plan=Plan.PRO)  # to share; removing a member needs no plan
    shared = workspace_create_shared(owner=alice, name="Alice & Bob")
    membership_add(workspace=shared, user=bob, added_by=alice)
    plan_set(user=alice, plan=Plan.FREE)
    alice.refresh_from_db()
    return Personas(alice=alice, bob=bob, charlie=charlie, shared=shared)


def _fill(alice: Any, workspace: Workspace, place: str) -> None:
    """Alice's items of every kind in `workspace`, with the place's tag in their text."""
    tag = TAGS[place]
    populate(alice, workspace, tag)  # a row of every workspace-owned model
    with as_user(alice.pk):
        CaptureItem.objects.create(
            workspace=workspace, kind=CaptureKind.NOTE, text=f"note {tag}", created_by=alice
        )
        Review.objects.create(
            workspace=workspace, created_by=alice, kind=ReviewKind.WEEKLY,
            period_start=dt.date(2026, 10, 26), period_end=dt.date(2026, 11, 1),
            step=WeeklyStep.INBOX, notes=f"week {tag}",
        )  # fmt: skip
        if place == "shared":  # only a shared workspace has invites
            Invite.objects.create(
                workspace=workspace, token_hash=uuid.uuid4().hex * 2, email="dan@example.com",
                created_by=alice, expires_at=timezone.now() + dt.timedelta(days=7),
            )  # fmt: skip
            return
        # One person's rows outside any workspace: alice has them once.
        Notification.objects.create(user=alice, kind="recap", title=f"Morning {tag}", url="/")
        PushDevice.objects.create(
            user=alice, endpoint="https://fcm.googleapis.com/fcm/send/alice", p256dh="P" * 87,
            auth="A" * 22, name=f"Phone {tag}",
        )  # fmt: skip
        # pulled just now, so still kept (a pull is forgotten after a day)
        PulledMessage.objects.filter(user=alice).update(pulled_at=timezone.now())


def _item(world_places: dict[str, Workspace], alice: Any, kind: str, place: str) -> Any:
    """The uuid (a membership: the pk) of alice's item of `kind` in `place`, or None."""
    spec = KINDS[kind]
    workspace = world_places[place]
    if spec.model is Workspace:
        return workspace.uuid
    if spec.model is Membership:
        return Membership.objects.get(workspace=workspace, user=alice).pk
    rows = spec.model._default_manager.filter(**spec.lookup)
    if issubclass(spec.model, WorkspaceOwned) or spec.model is Invite:
        rows = rows.filter(workspace=workspace)
    elif place == "personal":
        rows = rows.filter(user=alice)
    else:
        return None  # one person's own rows are in no workspace
    found = list(rows.values_list("uuid", flat=True))
    assert len(found) <= 1 and (found or spec.model is Invite), f"{kind} in {place}: {found}"
    return found[0] if found else None


def _signed_in(user: Any, workspace: Workspace | None) -> str:
    client = Client()
    client.force_login(user)
    session = client.session
    if workspace is not None:
        session[SESSION_KEY] = str(workspace.uuid)
        session.save()
    return session.session_key or ""


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Made once, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        p = _personas()
        places = {"personal": p.personal(p.alice), "shared": p.shared}
        for place, workspace in places.items():
            _fill(p.alice, workspace, place)
        with as_user(p.alice.pk):
            items = {
                (k, place): _item(places, p.alice, k, place) for k in KINDS for place in PLACES
            }
        people = {"alice": p.alice, "bob": p.bob, "charlie": p.charlie}
        tokens = {who: token_create(user=user, name="isolation")[1] for who, user in people.items()}
        sessions = {
            (who, place): _signed_in(user, places[place] if place else None)
            for who, user in people.items()
            for place in (None, *PLACES)
        }
        built = World(p, places, items, tokens, sessions)
        built.rows = built.alices_rows()
        with django_db_blocker.block():
            yield built
        transaction.set_rollback(True)


# --- The checks ----------------------------------------------------------------------------------
@dataclass
class Findings:
    """Everything that went wrong in one test (a route's first problem hides none of the next)."""

    problems: list[str] = field(default_factory=list)

    def expect(self, response: Response, ok: Callable[[int], bool], what: str) -> None:
        if not ok(response.status_code):
            body = response.content[:300].decode(errors="replace")
            self.problems.append(f"{what}: answered {response.status_code} {body}")

    def refused(self, response: Response, what: str, like: Response | None = None) -> None:
        """A 404 (or, given `like`, the answer about an item that does not exist), and not a
        word of alice's items."""
        if like is None:
            self.expect(response, lambda status: status == 404, what)
        elif _answer(response) != _answer(like):
            self.problems.append(f"{what}: {_answer(response)}, not {_answer(like)}")
        self.no_text(response, what)

    def no_text(self, response: Response, what: str) -> None:
        content = response.content.decode(errors="replace")
        for tag in TAGS.values():
            if tag in content:
                self.problems.append(f"{what}: the answer holds the text of alice's item ({tag})")

    def assert_none(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def _answer(response: Response) -> tuple[int, str, list[str]]:
    """What a page answers, for comparing two: the status, where it redirects, its notices."""
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code, response.get("Location", ""), notices


def _unchanged(findings: Findings, world: World, route: Route) -> None:
    """No row of alice's changed, and nothing of hers reached bob's or charlie's rows. (Only
    reads came before the attacks, and a read writes nothing: alice's rows are still as made.)"""
    after = world.alices_rows()
    changed = [label for label in world.rows if world.rows[label] != after[label]]
    if changed:
        findings.problems.append(f"{route}: a refused request changed alice's {changed}")
    for who in ("bob", "charlie"):
        rows = world.rows_of(who)
        for tag in TAGS.values():
            if tag in rows:
                findings.problems.append(f"{route}: alice's item ({tag}) reached {who}'s rows")


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value `schema` accepts: required properties only, the first choice."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "default" in schema:
        return schema["default"]
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            options = [s for s in schema[combined] if s.get("type") != "null"]
            return _example(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {k: _example(properties[k], components) for k in schema.get("required", [])}
    if kind == "array":
        return [_example(schema["items"], components) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    formats = {
        "date": OCCURRENCE_DAY,
        "date-time": "2026-11-02T09:00:00Z",
        "uuid": str(uuid.uuid4()),
    }
    return formats.get(schema.get("format", ""), "x" * max(schema.get("minLength", 1), 1))


def _body(route: Route) -> str | None:
    body = route.operation.get("requestBody")
    if body is None:
        return None
    schema = body["content"]["application/json"]["schema"]
    return json.dumps(_example(schema, _openapi()["components"]["schemas"]))


API = Client()  # no cookies: each request names its token


def _api(route: Route, url: str, headers: dict[str, str], body: str | None = "") -> Response:
    """The route's request; by default with the smallest body its schema accepts."""
    body = _body(route) if body == "" else body
    if body is None:
        return API.generic(route.method, url, headers=headers)
    return API.generic(route.method, url, body, content_type="application/json", headers=headers)


def _workspace_of(route: Route, place: str) -> str | None:
    """The `X-Workspace` alice names to reach her item of `place` (her own rows: none)."""
    if place == "shared" and all(
        issubclass(KINDS[k].model, WorkspaceOwned | Workspace) for k in route.kinds
    ):
        return "shared"
    return None


# --- The API -------------------------------------------------------------------------------------
@pytest.mark.parametrize("route", API_ROUTES, ids=str)
def test_an_api_route_never_reaches_an_item_of_a_workspace_one_is_not_in(world, route):
    findings = Findings()
    urls = route.urls(world)
    assert urls, f"{route}: alice has no item for it"
    if route.method == "GET":  # alice reads her items; bob the shared ones, in the shared space
        for place, url in urls.items():
            response = _api(route, url, world.token("alice", _workspace_of(route, place)))
            findings.expect(response, lambda status: status == 200, f"alice {route} {place}")
        if "shared" in urls and route.reach == "members":
            response = _api(route, urls["shared"], world.token("bob", "shared"))
            findings.expect(response, lambda status: status == 200, f"bob {route} shared")
    for place, url in urls.items():
        nothing = _api(route, route.url(world, place, unknown=True) or "", world.token("charlie"))
        for workspace in (None, "shared"):
            response = _api(route, url, world.token("charlie", workspace))
            findings.refused(response, f"charlie [X-Workspace {workspace}] {route} {place}")
            if workspace is None and response.content != nothing.content:
                findings.problems.append(
                    f"charlie {route} {place}: {response.content!r} where an item that does not "
                    f"exist has {nothing.content!r}"
                )
            if place == "personal" or route.reach == "own":
                response = _api(route, url, world.token("bob", workspace))
                findings.refused(response, f"bob [X-Workspace {workspace}] {route} {place}")
    world.remove_bob()
    for workspace in (None, "shared") if "shared" in urls else ():
        response = _api(route, urls["shared"], world.token("bob", workspace))
        findings.refused(response, f"removed bob [X-Workspace {workspace}] {route} shared")

    _unchanged(findings, world, route)
    if route.method != "GET":  # the write does reach alice's item, for her
        for place, url in urls.items():
            response = _api(route, url, world.token("alice", _workspace_of(route, place)))
            findings.expect(response, lambda status: status != 404, f"alice {route} {place}")
    findings.assert_none()


@pytest.mark.parametrize(
    "route", [r for r in API_ROUTES if r.operation.get("requestBody")], ids=str
)
def test_a_write_that_does_not_validate_says_nothing_of_the_item(world, route):
    """Input is checked before the item is looked up, so a body that does not validate is a 422
    first: about alice's item exactly the answer about an item that does not exist."""
    for place in route.urls(world):
        url, unknown = route.url(world, place), route.url(world, place, unknown=True)
        assert url and unknown
        seen = _api(route, url, world.token("charlie"), body="[]")
        nothing = _api(route, unknown, world.token("charlie"), body="[]")
        assert seen.status_code == 422, seen.content
        assert seen.json() == nothing.json()


def test_the_lists_know_no_workspace_one_is_not_in_and_hold_nothing_of_it(world):
    """A list names no item: it lists its workspace's. Named in `X-Workspace` by someone not in
    it (charlie; bob, once removed) the workspace is unknown, a 404; unnamed, the lists hold
    nothing of alice's."""
    findings = Findings()
    world.remove_bob()
    for path in API_LISTS:
        for who in ("bob", "charlie"):
            for place in PLACES:
                response = API.get(path, headers=world.token(who, place))
                findings.refused(response, f"{who} [X-Workspace {place}] GET {path}")
            response = API.get(path, headers=world.token(who))
            findings.no_text(response, f"{who} GET {path}")
            findings.expect(response, lambda status: status < 400, f"{who} GET {path}")
    findings.assert_none()


# --- Pages ---------------------------------------------------------------------------------------
HTMX = {"HX-Request": "true"}


def _page(client: Client, method: str, url: str, headers: dict[str, str] | None = None) -> Response:
    """The page's answer to `client`, carrying no notice left by its last request."""
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: session})
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, {}, headers=headers)


def _read(client: Client, url: str) -> Response:
    """A page as read: a part that answers htmx only (a row's rename form) sends a plain
    request on to the whole page, so that one is read the way htmx reads it."""
    response = _page(client, "GET", url)
    return _page(client, "GET", url, HTMX) if response.status_code == 302 else response


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=str)
def test_a_page_never_reaches_an_item_of_a_workspace_one_is_not_in(world, route):
    findings = Findings()
    urls = route.urls(world)
    assert urls, f"{route}: alice has no item for it"
    unknown = {place: route.url(world, place, unknown=True) or "" for place in urls}
    alice = {place: world.session("alice", _workspace_of(route, place)) for place in PLACES}
    # The methods the page takes: for an item that does not exist, any other answer than 405.
    first = next(iter(urls))
    methods = [
        m for m in ("GET", "POST") if _page(alice[first], m, unknown[first]).status_code != 405
    ]
    assert methods, f"{route}: takes neither GET nor POST"
    if "GET" in methods:  # alice reads her items; bob the shared ones, in the shared space
        for place, url in urls.items():
            response = _read(alice[place], url)
            findings.expect(response, lambda status: status == 200, f"alice GET {route} {place}")
        if "shared" in urls and route.reach == "members":
            response = _read(world.session("bob", "shared"), urls["shared"])
            findings.expect(response, lambda status: status == 200, f"bob GET {route} shared")

    def refused(client: Client, place: str, what: str, htmx: bool = False) -> None:
        headers = HTMX if htmx else None
        for method in ["GET"] if htmx else methods:
            response = _page(client, method, urls[place], headers)
            like = None
            if route.template in NOT_FOUND_IS_NOT_404:
                like = _page(client, method, unknown[place], headers)
            findings.refused(response, f"{what} {method} {route} {place}", like)

    for place in urls:
        for active in (None, "shared"):
            refused(world.session("charlie", active), place, f"charlie [active {active}]")
            if place == "personal" or route.reach == "own":
                refused(world.session("bob", active), place, f"bob [active {active}]")
        if "GET" in methods:  # htmx reads a part of the page (a row, a form): the same lookup
            refused(world.session("charlie"), place, "charlie [htmx]", htmx=True)
    world.remove_bob()
    for active in (None, "shared") if "shared" in urls else ():
        refused(world.session("bob", active), "shared", f"removed bob [active {active}]")

    _unchanged(findings, world, route)
    if "POST" in methods:  # posting does reach alice's item, for her
        for place, url in urls.items():
            response = _page(alice[place], "POST", url)
            what = f"alice POST {route} {place}"
            if route.template in NOT_FOUND_IS_NOT_404:
                nothing = _answer(_page(alice[place], "POST", unknown[place]))
                if _answer(response) == nothing:
                    findings.problems.append(f"{what}: answered as for no item, {nothing}")
            findings.expect(response, lambda status: status != 404, what)
    findings.assert_none()


# --- PostgreSQL: row-level security, under the views --------------------------------------------
@pytest.mark.postgres
def test_row_level_security_shows_a_stranger_and_a_removed_member_nothing_of_alices(world):
    assert ON_POSTGRES
    ids = [w.pk for w in world.places.values()]
    alice = world.p.alice

    def counts() -> dict[str, int]:
        seen = {
            m._meta.label: m._default_manager.filter(workspace_id__in=ids).count()
            for m in _workspace_tables()
        }
        seen |= {m._meta.label: m._default_manager.filter(user=alice).count() for m in USER_ROWS}
        seen["workspaces.Workspace"] = Workspace.objects.filter(pk__in=ids).count()
        seen["workspaces.Membership"] = Membership.objects.filter(workspace_id__in=ids).count()
        return seen

    with as_user(alice.pk):
        empty = [label for label, n in counts().items() if n == 0]
    assert empty == [], "alice needs a row in each of these for the test to mean anything"
    with as_user(world.p.bob.pk):  # a member: the shared workspace, none of alice's own
        assert Workspace.objects.filter(pk__in=ids).count() == 1
    world.remove_bob()
    for who in (world.p.charlie, world.p.bob):
        with as_user(who.pk):
            seen = {label: n for label, n in counts().items() if n}
        assert seen == {}, f"{who.email} sees rows of alice's: {seen}"
