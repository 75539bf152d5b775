"""/api/v1/calendars and /api/v1/calendar-events: connect, list, read, rename and recolour,
sync and disconnect against a real local calendar server; the plan, other people's calendars,
the address that is never answered, and the queries a list costs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.accounts.tokens import token_create
from minime.calendars.models import Calendar, CalendarEvent, Colour
from minime.calendars.tests import factories, fake_calendar
from minime.core import crypto, limits
from minime.core.db import as_user

JSON = "application/json"
CALENDARS = "/api/v1/calendars"
EVENTS = "/api/v1/calendar-events"
SECRET = "private-s3cr3t-7f2a9c"


@pytest.fixture
def fake(settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    server = fake_calendar.start()
    yield server
    server.close()


def on_plan(user, plan: str):
    plan_set(user=user, plan=plan)
    user.refresh_from_db()
    return user


@pytest.fixture
def pro(alice):
    return on_plan(alice, Plan.PRO)


def feed(*events: tuple[str, datetime, datetime]) -> bytes:
    """An iCal feed of timed events (UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN"]
    for i, (title, starts, ends) in enumerate(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{i}@test",
            f"SUMMARY:{title}",
            f"DTSTART:{starts:%Y%m%dT%H%M%SZ}",
            f"DTEND:{ends:%Y%m%dT%H%M%SZ}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def tomorrow_at(hour: int) -> datetime:
    day = datetime.now(UTC).date() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _error(answer, status: int = 422) -> dict:
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


def _connect(api, capture, **body):
    """Connect through the API, its first read done (the queued job runs on commit)."""
    with capture(execute=True):
        return api.post(CALENDARS, body, content_type=JSON)


def mine(user) -> list[Calendar]:
    with as_user(user.pk):
        return list(Calendar.objects.filter(user=user))


def cached(user) -> list[str]:
    with as_user(user.pk):
        return list(CalendarEvent.objects.filter(user=user).values_list("title", flat=True))


def calendar_for(user, name: str = "Work") -> Calendar:
    """The factory's calendar, made as its owner (row-level security on PostgreSQL)."""
    with as_user(user.pk):
        return factories.calendar_for(user, name=name)


def add_event(user, **fields) -> CalendarEvent:
    with as_user(user.pk):
        return factories.add_event(user, **fields)


def _client_for(user) -> Client:
    _, secret = token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


# --- Connect, list, read, change, sync, disconnect ----------------------------------------------
def test_connect_list_read_change_sync_and_disconnect_a_calendar(
    api, pro, fake, django_capture_on_commit_callbacks
):
    url = fake.serve(
        f"/{SECRET}/work.ics",
        feed(
            ("Standup", tomorrow_at(9), tomorrow_at(10)),
            ("Review", tomorrow_at(14), tomorrow_at(15)),
        ),
    )
    created = _connect(
        api, django_capture_on_commit_callbacks, url=url, name="  Work  ", colour="green"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body) == {
        "uuid",
        "name",
        "colour",
        "address_hint",
        "created_at",
        "synced_at",
        "tried_at",
        "error_code",
        "error",
    }
    assert body["name"] == "Work" and body["colour"] == "green"
    assert body["address_hint"].startswith("127.0.0.1/…") and SECRET not in body["address_hint"]
    [calendar] = mine(pro)
    assert str(calendar.uuid) == body["uuid"] and crypto.decrypt(calendar.url_encrypted) == url
    assert calendar.synced_at is not None and calendar.error_code == ""  # the first read ran
    assert cached(pro) == ["Standup", "Review"]

    one = f"{CALENDARS}/{body['uuid']}"
    read = api.get(one).json()
    assert read["synced_at"] is not None and read["tried_at"] is not None
    assert read["error_code"] == "" and read["error"] == ""
    listed = api.get(CALENDARS).json()
    assert listed["count"] == 1 and listed["items"] == [read]

    changed = api.patch(one, {"name": "Office", "colour": "red"}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["colour"]) == ("Office", "red")
    kept = api.patch(one, {"name": None}, content_type=JSON)  # null: left as it is
    assert (kept.json()["name"], kept.json()["colour"]) == ("Office", "red")

    fake.serve(f"/{SECRET}/work.ics", feed(("Planning", tomorrow_at(11), tomorrow_at(12))))
    with django_capture_on_commit_callbacks(execute=True):
        synced = api.post(f"{one}/sync")
    assert synced.status_code == 202, synced.content
    assert synced.json()["uuid"] == body["uuid"]
    assert cached(pro) == ["Planning"]
    events = api.get(EVENTS).json()
    assert [
        (e["title"], e["calendar"], e["calendar_name"], e["colour"]) for e in events["items"]
    ] == [("Planning", body["uuid"], "Office", "red")]

    deleted = api.delete(one)
    assert deleted.status_code == 204 and deleted.content == b""
    assert _error(api.get(one), 404)["code"] == "not_found"
    assert api.get(CALENDARS).json()["count"] == 0
    assert mine(pro) == [] and cached(pro) == []


def test_a_calendar_connected_without_name_or_colour_gets_the_next_ones(api, pro):
    first = api.post(CALENDARS, {"url": "https://calendar.example/a.ics"}, content_type=JSON)
    second = api.post(
        CALENDARS, {"url": "https://calendar.example/b.ics", "colour": None}, content_type=JSON
    )
    assert first.status_code == 201 and second.status_code == 201, second.content
    assert (first.json()["name"], first.json()["colour"]) == ("Calendar", "blue")
    assert (second.json()["name"], second.json()["colour"]) == ("Calendar 2", "green")
    assert first.json()["synced_at"] is None  # read once the request is committed


def test_a_failed_read_is_answered_with_its_reason(
    api, pro, fake, django_capture_on_commit_callbacks
):
    url = fake.serve(f"/{SECRET}/gone.ics", b"gone", status=404, content_type="text/plain")
    body = _connect(api, django_capture_on_commit_callbacks, url=url).json()
    read = api.get(f"{CALENDARS}/{body['uuid']}").json()
    assert read["error_code"] == "not_found" and read["error"]
    assert read["synced_at"] is None and read["tried_at"] is not None


# --- What is refused, by field ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": ""}, "url"),
        ({"url": "   "}, "url"),
        ({"url": "ftp://calendar.example/cal.ics"}, "url"),
        ({"url": f"http://calendar.example/{SECRET}/cal.ics"}, "url"),  # must travel encrypted
        ({"url": "https://calendar.example/" + "a" * limits.CALENDAR_URL_MAX}, "url"),
        ({"url": "https://calendar.example/c.ics", "name": "n" * 61}, "name"),
        ({"url": "https://calendar.example/c.ics", "colour": "pink"}, "colour"),
        ({"url": "https://calendar.example/c.ics", "name": 3}, "name"),
    ],
)
def test_connecting_refuses_each_problem_by_field_and_keeps_nothing(api, pro, body, field):
    error = _error(api.post(CALENDARS, body, content_type=JSON))
    assert error["code"] == "invalid" and field in error["fields"], error
    assert SECRET not in str(error)
    assert mine(pro) == []


def test_past_the_calendar_limit_connecting_is_refused_under_url(api, pro):
    for i in range(limits.CALENDARS_MAX):
        calendar_for(pro, name=f"Calendar {i}")
    error = _error(
        api.post(CALENDARS, {"url": "https://calendar.example/x.ics"}, content_type=JSON)
    )
    assert "url" in error["fields"] and "Disconnect one first." in error["message"]
    assert len(mine(pro)) == limits.CALENDARS_MAX


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "  \t "}, "name"),
        ({"name": "n" * 61}, "name"),
        ({"colour": "pink"}, "colour"),
        ({"colour": 1}, "colour"),
    ],
)
def test_a_change_is_refused_by_field_and_changes_nothing(api, pro, body, field):
    calendar = calendar_for(pro, name="Work")
    error = _error(api.patch(f"{CALENDARS}/{calendar.uuid}", body, content_type=JSON))
    assert error["code"] == "invalid" and field in error["fields"], error
    [after] = mine(pro)
    assert (after.name, after.colour) == ("Work", "blue")


@pytest.mark.parametrize(
    "query",
    ["days=0", "days=8", "days=x", "start=2026-13-01", "start=tomorrow", "start=1899-12-31"],
)
def test_an_events_window_out_of_bounds_is_refused(api, alice, query):
    error = _error(api.get(f"{EVENTS}?{query}"))
    assert set(error["fields"]) == {query.split("=")[0]}


# --- The plan -----------------------------------------------------------------------------------
def test_on_free_connecting_editing_and_syncing_are_403_and_disconnecting_works(
    api, alice, fake, django_capture_on_commit_callbacks
):
    url = fake.serve(f"/{SECRET}/work.ics", feed())
    with django_capture_on_commit_callbacks(execute=True):
        refused = api.post(CALENDARS, {"url": url, "name": "Work"}, content_type=JSON)
    error = _error(refused, 403)
    assert error["code"] == "not_allowed" and "Pro and Max" in error["message"]
    assert mine(alice) == [] and fake.requests == []

    # A calendar left from an earlier plan: it can be read and disconnected, nothing else.
    left = calendar_for(alice, name="Old")
    one = f"{CALENDARS}/{left.uuid}"
    assert api.get(CALENDARS).json()["count"] == 1
    assert api.get(one).status_code == 200
    assert _error(api.patch(one, {"name": "New"}, content_type=JSON), 403)["code"] == "not_allowed"
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert _error(api.post(f"{one}/sync"), 403)["code"] == "not_allowed"
    assert queued == [] and [c.name for c in mine(alice)] == ["Old"]
    assert api.delete(one).status_code == 204
    assert mine(alice) == []


# --- Other people's calendars -------------------------------------------------------------------
@pytest.mark.parametrize("plan", [Plan.FREE, Plan.PRO])
def test_another_persons_calendar_is_a_404_and_their_events_are_not_listed(api, alice, bob, plan):
    on_plan(alice, plan)
    on_plan(bob, Plan.PRO)
    theirs = calendar_for(bob, name="Bob's")
    starts = tomorrow_at(9)
    add_event(bob, title="Bob's meeting", starts_at=starts, ends_at=starts + timedelta(hours=1))
    one = f"{CALENDARS}/{theirs.uuid}"
    assert _error(api.get(one), 404)["code"] == "not_found"
    assert _error(api.patch(one, {"name": "Mine"}, content_type=JSON), 404)["code"] == "not_found"
    assert _error(api.post(f"{one}/sync"), 404)["code"] == "not_found"
    assert _error(api.delete(one), 404)["code"] == "not_found"
    assert api.get(CALENDARS).json()["count"] == 0
    assert api.get(EVENTS).json() == {"items": [], "count": 0}
    assert [c.name for c in mine(bob)] == ["Bob's", "Work"] and cached(bob) == ["Bob's meeting"]


def test_calendars_are_the_persons_in_every_workspace(api, pro, personas):
    calendar = calendar_for(pro, name="Work")
    shared = api.get(CALENDARS, headers={"X-Workspace": str(personas.shared.uuid)}).json()
    assert [item["uuid"] for item in shared["items"]] == [str(calendar.uuid)]
    # bob is a member of alice's shared workspace: her calendars are still not his.
    as_bob = _client_for(personas.bob)
    as_bob.defaults["HTTP_X_WORKSPACE"] = str(personas.shared.uuid)
    assert as_bob.get(CALENDARS).json()["count"] == 0
    assert as_bob.get(f"{CALENDARS}/{calendar.uuid}").status_code == 404


def test_a_signed_in_browser_reads_its_calendars_and_needs_the_csrf_token_to_write(pro):
    calendar = calendar_for(pro, name="Work")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(pro)
    listed = browser.get(CALENDARS)
    assert listed.status_code == 200 and listed.json()["items"][0]["uuid"] == str(calendar.uuid)
    refused = browser.post(CALENDARS, {"url": "https://calendar.example/c.ics"}, content_type=JSON)
    assert refused.status_code in {401, 403}
    assert len(mine(pro)) == 1


def test_without_a_token_or_session_every_endpoint_is_a_401(db):
    anonymous = Client()
    one = f"{CALENDARS}/00000000-0000-0000-0000-000000000000"
    for answer in [
        anonymous.get(CALENDARS),
        anonymous.post(CALENDARS, {"url": "https://c.example/c.ics"}, content_type=JSON),
        anonymous.get(one),
        anonymous.patch(one, {"name": "x"}, content_type=JSON),
        anonymous.delete(one),
        anonymous.post(f"{one}/sync"),
        anonymous.get(EVENTS),
    ]:
        assert _error(answer, 401)["code"] == "unauthenticated"


# --- The address is never answered --------------------------------------------------------------
def test_no_answer_ever_contains_the_address(api, pro, fake, django_capture_on_commit_callbacks):
    url = fake.serve(f"/{SECRET}/work.ics", feed(("Standup", tomorrow_at(9), tomorrow_at(10))))
    created = _connect(api, django_capture_on_commit_callbacks, url=url, name="Work")
    one = f"{CALENDARS}/{created.json()['uuid']}"
    [calendar] = mine(pro)
    answers = [
        created,
        api.get(CALENDARS),
        api.get(one),
        api.patch(one, {"colour": "teal"}, content_type=JSON),
        api.patch(one, {"name": " "}, content_type=JSON),  # a 422
        api.post(f"{one}/sync"),
        api.get(EVENTS),
        api.post(CALENDARS, {"url": url.replace("http:", "ftp:")}, content_type=JSON),  # a 422
        api.post(CALENDARS, {"url": url, "colour": "pink"}, content_type=JSON),  # a 422
        api.delete(one),
    ]
    assert [a.status_code for a in answers] == [201, 200, 200, 200, 422, 202, 200, 422, 422, 204]
    assert answers[6].json()["count"] == 1  # the event was there to answer
    secrets = [url, SECRET, calendar.url_encrypted, f"{fake.server.server_port}/{SECRET}"]
    for answer in answers:
        text = answer.content.decode() + str(answer.headers)
        assert not [s for s in secrets if s in text], (answer.request["PATH_INFO"], text)


# --- Events -------------------------------------------------------------------------------------
def test_events_are_the_days_asked_for_by_start_with_their_calendar(api, pro):
    pro.time_zone = "Europe/Berlin"
    pro.save(update_fields=["time_zone"])
    berlin = ZoneInfo("Europe/Berlin")

    def local(day: int, hour: int) -> datetime:
        return datetime(2026, 11, day, hour, tzinfo=berlin)

    home = calendar_for(pro, name="Home")
    with as_user(pro.pk):
        Calendar.objects.filter(pk=home.pk).update(colour="orange")
    add_event(pro, title="Late", starts_at=local(27, 16), ends_at=local(27, 17))
    add_event(pro, title="Early", starts_at=local(27, 8), ends_at=local(27, 9))
    add_event(pro, title="Night shift", starts_at=local(27, 22), ends_at=local(28, 6))
    add_event(pro, title="Offsite", starts_at=local(29, 0), ends_at=local(30, 0), all_day=True)
    add_event(pro, title="Next week", starts_at=local(30, 12), ends_at=local(30, 13))
    with as_user(pro.pk):
        CalendarEvent.objects.create(
            user=pro,
            calendar=home,
            uid="dinner",
            title="Dinner",
            starts_at=local(28, 19),
            ends_at=local(28, 21),
        )

    def titles(query: str) -> list[str]:
        answer = api.get(f"{EVENTS}?{query}")
        assert answer.status_code == 200, answer.content
        return [e["title"] for e in answer.json()["items"]]

    assert titles("start=2026-11-27&days=1") == ["Early", "Late", "Night shift"]
    # An event running past midnight belongs to the next day too.
    assert titles("start=2026-11-28&days=1") == ["Night shift", "Dinner"]
    assert titles("start=2026-11-27&days=3") == [
        "Early",
        "Late",
        "Night shift",
        "Dinner",
        "Offsite",
    ]
    assert titles("start=2026-11-27") == [
        "Early",
        "Late",
        "Night shift",
        "Dinner",
        "Offsite",
        "Next week",
    ]
    assert titles("start=2026-11-20&days=7") == []
    [offsite] = api.get(f"{EVENTS}?start=2026-11-29&days=1").json()["items"]
    work = calendar_for(pro)
    assert offsite == {
        "calendar": str(work.uuid),
        "calendar_name": "Work",
        "colour": "blue",
        "title": "Offsite",
        "starts_at": "2026-11-28T23:00:00Z",
        "ends_at": "2026-11-29T23:00:00Z",
        "all_day": True,
    }
    [dinner] = api.get(f"{EVENTS}?start=2026-11-28&days=1&offset=1").json()["items"]
    assert (dinner["calendar"], dinner["calendar_name"], dinner["colour"]) == (
        str(home.uuid),
        "Home",
        "orange",
    )


def test_events_start_today_in_the_persons_time_zone_by_default(api, pro):
    # Fourteen hours ahead of UTC: the person's today is not UTC's for most of the day, and the
    # two events below tell a window of UTC days from a window of the person's days.
    zone = ZoneInfo("Pacific/Kiritimati")
    pro.time_zone = "Pacific/Kiritimati"
    pro.save(update_fields=["time_zone"])
    today = timezone.now().astimezone(zone).date()
    yesterday_late = datetime.combine(today - timedelta(days=1), time(23), tzinfo=zone)
    today_noon = datetime.combine(today, time(12), tzinfo=zone)
    in_a_week = datetime.combine(today + timedelta(days=7), time(0, 30), tzinfo=zone)
    for title, starts in [
        ("Yesterday", yesterday_late),
        ("Today", today_noon),
        ("Later", in_a_week),
    ]:
        add_event(pro, title=title, starts_at=starts, ends_at=starts + timedelta(minutes=30))
    answer = api.get(EVENTS).json()
    assert [e["title"] for e in answer["items"]] == ["Today"]
    assert [e["title"] for e in api.get(f"{EVENTS}?days=1").json()["items"]] == ["Today"]
    start = (today - timedelta(days=1)).isoformat()
    assert [e["title"] for e in api.get(f"{EVENTS}?start={start}&days=1").json()["items"]] == [
        "Yesterday"
    ]


def test_the_openapi_states_the_calendar_colours_apart_from_the_areas_ones(api, alice):
    schema = api.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    calendar_colours = [
        components["CalendarOut"]["properties"]["colour"],
        components["CalendarEventOut"]["properties"]["colour"],
    ]
    assert all(c["enum"] == list(Colour.values) for c in calendar_colours), calendar_colours
    assert "indigo" in components["Colour"]["enum"]  # the life areas' own colours


# --- Queries ------------------------------------------------------------------------------------
def test_the_calendar_list_costs_the_same_queries_for_2_or_10_calendars(
    api, pro, django_assert_max_num_queries, django_assert_num_queries
):
    for i in range(2):
        calendar_for(pro, name=f"Calendar {i}")
    api.get(CALENDARS)  # the token's first use records it: a write the next ones skip
    with django_assert_max_num_queries(15) as measured:
        assert api.get(CALENDARS).json()["count"] == 2
    few = len(measured)  # read now: the next request empties the query log it counts from
    for i in range(2, 10):
        calendar_for(pro, name=f"Calendar {i}")
    with django_assert_num_queries(few):
        assert api.get(CALENDARS).json()["count"] == 10


def test_the_event_list_costs_the_same_queries_for_2_or_10_events(
    api, pro, django_assert_max_num_queries, django_assert_num_queries
):
    def add(i: int) -> None:
        starts = tomorrow_at(8) + timedelta(minutes=30 * i)
        calendar = calendar_for(pro, name=f"Calendar {i % 3}")
        with as_user(pro.pk):
            CalendarEvent.objects.create(
                user=pro,
                calendar=calendar,
                uid=f"e{i}",
                title=f"Event {i}",
                starts_at=starts,
                ends_at=starts + timedelta(minutes=20),
            )

    for i in range(2):
        add(i)
    api.get(EVENTS)  # the token's first use records it: a write the next ones skip
    with django_assert_max_num_queries(15) as measured:
        assert api.get(EVENTS).json()["count"] == 2
    few = len(measured)
    for i in range(2, 10):
        add(i)
    with django_assert_num_queries(few):
        items = api.get(EVENTS).json()["items"]
    assert [e["title"] for e in items] == [f"Event {i}" for i in range(10)]
    assert {e["calendar_name"] for e in items} == {"Calendar 0", "Calendar 1", "Calendar 2"}


def test_a_day_on_the_last_date_the_api_takes_is_answered(api, alice):
    answer = api.get(f"{EVENTS}?start={limits.DATE_MAX.isoformat()}&days=7")
    assert answer.status_code == 200 and answer.json() == {"items": [], "count": 0}
