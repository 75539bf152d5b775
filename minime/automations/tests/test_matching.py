"""match(): triggers, conditions, rendering, the depth limit, and a random comparison with a
naive reference implementation."""

import random
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from minime.automations.engine import (
    CONDITIONS_FOR,
    MAX_DEPTH,
    PLACEHOLDERS_FOR,
    TASK_TRIGGERS,
    TEMPLATE_LIMITS,
    TRIGGER_KINDS,
    Action,
    Conditions,
    Event,
    Firing,
    RenderedAction,
    Rule,
    RuleSet,
    Trigger,
    match,
    schedule_instances,
    validate_rule,
)

# Wednesday 4 March 2026, 10:00 in London (UTC+0 in winter).
NOW = datetime(2026, 3, 4, 10, tzinfo=UTC)
ZONE = "Europe/London"


def event(kind="task_completed", **fields):
    fields.setdefault("occurred_at", NOW)
    fields.setdefault("zone", ZONE)
    return Event(kind, **fields)


def rule(rule_id=1, kind="task_completed", conditions=None, actions=None, **trigger):
    return Rule(
        id=rule_id,
        trigger=Trigger(kind, **trigger),
        conditions=conditions or Conditions(),
        actions=actions or (Action("push", title="hi"),),
    )


def fired(rules, ev, **kw):
    return [f.rule_id for f in match(rules, ev, **kw)]


def trigger_for(kind):
    if kind == "schedule":
        return {"weekdays": (2,), "at": time(10)}
    if kind == "capture_backlog":
        return {"threshold": 5}
    return {}


@pytest.mark.parametrize("kind", TRIGGER_KINDS)
def test_each_trigger_matches_its_own_events_only(kind):
    rules = [rule(k, k, **trigger_for(k)) for k in TRIGGER_KINDS]
    extra = {"count": 5} if kind == "capture_backlog" else {}
    assert fired(rules, event(kind, **extra)) == [kind]


def test_schedule_event_matches_only_at_the_instance():
    weekdays_8 = rule("r", "schedule", weekdays=(0, 1, 2, 3, 4), at=time(8))
    at = datetime(2026, 3, 4, 8, tzinfo=UTC)
    assert fired([weekdays_8], event("schedule", occurred_at=at)) == ["r"]
    assert fired([weekdays_8], event("schedule", occurred_at=at + timedelta(minutes=1))) == []
    saturday = datetime(2026, 3, 7, 8, tzinfo=UTC)
    assert fired([weekdays_8], event("schedule", occurred_at=saturday)) == []
    # Every instance the scheduler finds matches, in another zone too.
    zone = "America/New_York"
    for instant in schedule_instances(weekdays_8.trigger, zone, NOW, NOW + timedelta(days=30)):
        assert fired([weekdays_8], event("schedule", occurred_at=instant, zone=zone)) == ["r"]


def test_capture_backlog_fires_when_the_count_passes_the_threshold():
    rules = [
        rule("ten", "capture_backlog", threshold=10),
        rule("five", "capture_backlog", threshold=5),
    ]
    assert fired(rules, event("capture_backlog", count=10)) == ["ten"]
    assert fired(rules, event("capture_backlog", count=11)) == []
    assert fired(rules, event("capture_backlog", count=4)) == []
    assert fired(rules, event("capture_backlog", count=12, previous_count=3)) == ["ten", "five"]
    assert fired(rules, event("capture_backlog", count=10, previous_count=10)) == []
    assert fired(rules, event("capture_backlog")) == []


@pytest.mark.parametrize(
    ("conditions", "yes", "no"),
    [
        (Conditions(projects=("p1", "p2")), {"project_id": "p2"}, {"project_id": "p3"}),
        (Conditions(projects=("p1",)), {"project_id": "p1"}, {}),
        (Conditions(areas=("a1",)), {"area_id": "a1"}, {"area_id": "a2"}),
        (Conditions(min_priority=2), {"priority": 2}, {"priority": 1}),
        (Conditions(min_priority=3), {"priority": 3}, {}),
        (Conditions(min_priority=0), {}, None),
        (Conditions(labels=("Errand", "home")), {"labels": ("x", "HOME")}, {"labels": ("homes",)}),
        (Conditions(labels=("a",)), {"labels": ("A",)}, {}),
        (Conditions(text="InVoice"), {"title": "Pay the invoice"}, {"title": "Pay the bill"}),
        (Conditions(text="ß"), {"text": "strasse STRASSE SS"}, {"title": "s"}),
        (Conditions(weekdays=(2,)), {}, {"occurred_at": NOW + timedelta(days=1)}),
        # 23:30 UTC on Wednesday is already Thursday in Berlin: the user's weekday counts.
        (
            Conditions(weekdays=(3,)),
            {"occurred_at": datetime(2026, 3, 4, 23, 30, tzinfo=UTC), "zone": "Europe/Berlin"},
            {"occurred_at": datetime(2026, 3, 4, 23, 30, tzinfo=UTC)},
        ),
    ],
)
def test_each_condition_positive_and_negative(conditions, yes, no):
    rules = [rule("r", "task_completed", conditions)]
    assert fired(rules, event(**yes)) == ["r"]
    if no is not None:
        assert fired(rules, event(**no)) == []


def test_all_conditions_must_hold():
    both = Conditions(projects=("p",), min_priority=2, text="call")
    rules = [rule("r", conditions=both)]
    assert fired(rules, event(project_id="p", priority=3, title="Call mum")) == ["r"]
    assert fired(rules, event(project_id="p", priority=1, title="Call mum")) == []
    assert fired(rules, event(project_id="q", priority=3, title="Call mum")) == []
    assert fired(rules, event(project_id="p", priority=3, title="Write mum")) == []


def test_conditions_on_other_triggers():
    focus = rule("f", "focus_finished", Conditions(projects=("p",), text="report"))
    routine = rule("r", "routine_missed", Conditions(areas=("health",)))
    capture = rule("c", "capture_added", Conditions(text="idea"))
    rules = [focus, routine, capture]
    assert fired(rules, event("focus_finished", project_id="p", title="Annual report")) == ["f"]
    assert fired(rules, event("focus_finished", project_id="p", title="Slides")) == []
    assert fired(rules, event("routine_missed", area_id="health")) == ["r"]
    assert fired(rules, event("routine_missed", area_id="work")) == []
    assert fired(rules, event("capture_added", text="An idea for the garden")) == ["c"]
    assert fired(rules, event("capture_added", text="milk")) == []


def test_rule_order_is_kept_and_disabled_rules_never_fire():
    rules = [
        rule(3),
        rule(1),
        Rule(
            id=2,
            enabled=False,
            trigger=Trigger("task_completed"),
            actions=(Action("push", title="x"),),
        ),
        rule(0),
    ]
    assert fired(rules, event()) == [3, 1, 0]
    assert RuleSet.build(rules).size == 4


def test_depth_limit():
    rules = [rule("r")]
    assert MAX_DEPTH == 2
    assert fired(rules, event(depth=0)) == ["r"]
    assert fired(rules, event(depth=1)) == ["r"]
    assert fired(rules, event(depth=2)) == []
    assert fired(rules, event(depth=5)) == []
    assert fired(rules, event(depth=2), max_depth=3) == ["r"]
    assert fired(rules, event(depth=0), max_depth=0) == []


def test_actions_are_rendered_for_the_event_in_order():
    actions = (
        Action("push", title="{task} done", body="In {project} / {area} / {goal} on {weekday}"),
        Action(
            "create_task",
            title="Follow up {task} ({date})",
            priority=2,
            project="p9",
            area="a9",
            do_on_days=3,
        ),
        Action("set_field", field="do_on", do_on_days=1),
        Action("add_to_today"),
        Action("create_capture", text="{{note}} {task}"),
    )
    ev = event(
        item_id="t1",
        title="Ship",
        project_name="Launch",
        area_name="Work",
        occurred_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
        zone="Asia/Tokyo",
    )
    [firing] = match([rule("r", actions=actions)], ev)
    # 23:30 UTC on 4 March is 08:30 on Thursday 5 March in Tokyo.
    assert firing == Firing(
        "r",
        (
            RenderedAction("push", title="Ship done", body="In Launch / Work /  on Thursday"),
            RenderedAction(
                "create_task",
                title="Follow up Ship (5 March 2026)",
                priority=2,
                project="p9",
                area="a9",
                do_on=date(2026, 3, 8),
            ),
            RenderedAction("set_field", field="do_on", do_on=date(2026, 3, 6), task_id="t1"),
            RenderedAction("add_to_today", task_id="t1"),
            RenderedAction("create_capture", text="{note} Ship"),
        ),
    )


def test_placeholders_of_other_triggers():
    backlog = (Action("push", title="{count} items", body="on {weekday}"),)
    assert (
        match(
            [rule("b", "capture_backlog", actions=backlog, threshold=3)],
            event("capture_backlog", count=3),
        )[0]
        .actions[0]
        .title
        == "3 items"
    )
    focus = rule(
        "f", "focus_finished", actions=(Action("push", title="x", body="{minutes} min on {task}"),)
    )
    [firing] = match([focus], event("focus_finished", minutes=25, title="Essay"))
    assert firing.actions[0].body == "25 min on Essay"
    milestone = rule(
        "m", "milestone_reached", actions=(Action("create_capture", text="{goal}: {milestone}"),)
    )
    [firing] = match([milestone], event("milestone_reached", goal="Run", milestone="10 km"))
    assert firing.actions[0].text == "Run: 10 km"


def test_rendered_texts_are_cut_to_their_limits_and_values_not_evaluated():
    actions = (
        Action("push", title="{task}{task}", body="{task}"),
        Action("create_task", title="{task}"),
    )
    hostile = "{project}{0}{task.__class__}" + "x" * 10_000
    [firing] = match([rule("r", actions=actions)], event(title=hostile, project_name="P"))
    push, task = firing.actions
    assert len(push.title) == TEMPLATE_LIMITS["push.title"]
    assert push.title.startswith("{project}{0}{task.__class__}xx")
    assert len(push.body) == TEMPLATE_LIMITS["push.body"]
    assert len(task.title) == TEMPLATE_LIMITS["create_task.title"]
    assert task.title.endswith("…")


def test_match_on_a_ruleset_and_on_rules_agree():
    rules = [rule(i, conditions=Conditions(min_priority=i % 4)) for i in range(8)]
    ev = event(priority=2)
    assert match(RuleSet.build(rules), ev) == match(rules, ev)
    assert RuleSet.build(rules).by_kind.keys() == {"task_completed"}


# --- a random comparison with a naive reference -----------------------------------------------

WEEKDAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def reference_render(source, ev, limit):
    local = ev.occurred_at.astimezone(ZoneInfo(ev.zone))
    values = {
        "task": ev.title,
        "project": ev.project_name,
        "area": ev.area_name,
        "goal": ev.goal,
        "milestone": ev.milestone,
        "routine": ev.routine,
        "count": "" if ev.count is None else str(ev.count),
        "minutes": "" if ev.minutes is None else str(ev.minutes),
        "date": f"{local.day} {MONTH[local.month - 1]} {local.year}",
        "weekday": WEEKDAY[local.weekday()],
    }

    def one(m):
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        return values[m.group(1)]

    text = re.sub(r"\{\{|\}\}|\{(\w+)\}", one, source)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reference_match(rules, ev, max_depth=MAX_DEPTH):
    if ev.depth >= max_depth:
        return []
    local = ev.occurred_at.astimezone(ZoneInfo(ev.zone))
    out = []
    for r in rules:
        t, c = r.trigger, r.conditions
        if not r.enabled or t.kind != ev.kind:
            continue
        if t.kind == "schedule":
            window = schedule_instances(
                t, ev.zone, ev.occurred_at - timedelta(days=2), ev.occurred_at + timedelta(days=2)
            )
            if ev.occurred_at not in window:
                continue
        if t.kind == "capture_backlog":
            if ev.count is None:
                continue
            before = ev.count - 1 if ev.previous_count is None else ev.previous_count
            if not (before < t.threshold and ev.count >= t.threshold):
                continue
        if c.projects and ev.project_id not in c.projects:
            continue
        if c.areas and ev.area_id not in c.areas:
            continue
        if c.min_priority is not None and (ev.priority or 0) < c.min_priority:
            continue
        if c.labels and not {x.lower() for x in c.labels} & {x.lower() for x in ev.labels}:
            continue
        if c.text and c.text.lower() not in (ev.title.lower() + "\0" + ev.text.lower()):
            continue
        if c.weekdays and local.weekday() not in c.weekdays:
            continue
        actions = []
        for a in r.actions:
            fields = {}
            if a.kind == "push":
                fields = {
                    "title": reference_render(a.title, ev, 100),
                    "body": reference_render(a.body, ev, 500),
                }
            elif a.kind == "create_task":
                fields = {"title": reference_render(a.title, ev, 300)}
            elif a.kind == "create_capture":
                fields = {"text": reference_render(a.text, ev, 2000)}
            actions.append(
                RenderedAction(
                    a.kind,
                    **fields,
                    field=a.field,
                    priority=a.priority,
                    project=a.project,
                    area=a.area,
                    do_on=None if a.do_on_days is None else local.date() + timedelta(a.do_on_days),
                    task_id=ev.item_id if a.kind in ("set_field", "add_to_today") else None,
                )
            )
        out.append(Firing(r.id, tuple(actions)))
    return out


PROJECTS = ("p1", "p2", "p3")
AREAS = ("a1", "a2")
LABELS = ("home", "Work", "errand")
WORDS = ("call", "Invoice", "report", "garden", "CALL")
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "UTC")


def random_template(rng, kind):
    names = sorted(PLACEHOLDERS_FOR[kind])
    parts = [rng.choice(["Hi ", "{{", "}}", " — ", "x"]) for _ in range(rng.randint(0, 3))]
    parts += [f"{{{rng.choice(names)}}}" for _ in range(rng.randint(0, 2))]
    rng.shuffle(parts)
    return "".join(parts) or "text"


def random_rule(rng, rule_id):
    kind = rng.choice(TRIGGER_KINDS)
    trigger = Trigger(
        kind,
        weekdays=tuple(sorted(rng.sample(range(7), rng.randint(1, 7))))
        if kind == "schedule"
        else (),
        at=time(rng.choice([0, 1, 2, 8, 23]), rng.choice([0, 30])) if kind == "schedule" else None,
        threshold=rng.randint(1, 6) if kind == "capture_backlog" else None,
    )
    possible = CONDITIONS_FOR[kind]

    def maybe(name):
        return name in possible and rng.random() < 0.35

    conditions = Conditions(
        projects=tuple(rng.sample(PROJECTS, rng.randint(1, 2))) if maybe("project") else (),
        areas=tuple(rng.sample(AREAS, 1)) if maybe("area") else (),
        min_priority=rng.randint(0, 3) if maybe("priority") else None,
        labels=tuple(rng.sample(LABELS, rng.randint(1, 2))) if maybe("label") else (),
        text=rng.choice(WORDS) if maybe("text") else "",
        weekdays=tuple(rng.sample(range(7), rng.randint(1, 4))) if maybe("weekday") else (),
    )
    actions = []
    for _ in range(rng.randint(1, 3)):
        options = ["push", "create_task", "create_capture"]
        if kind in TASK_TRIGGERS:
            options += ["set_field", "add_to_today"]
        action_kind = rng.choice(options)
        if action_kind == "push":
            actions.append(
                Action(
                    "push",
                    title=random_template(rng, kind),
                    body=rng.choice(["", random_template(rng, kind)]),
                )
            )
        elif action_kind == "create_task":
            actions.append(
                Action(
                    "create_task",
                    title=random_template(rng, kind),
                    priority=rng.choice([None, 1, 3]),
                    do_on_days=rng.choice([None, 0, 2]),
                )
            )
        elif action_kind == "create_capture":
            actions.append(Action("create_capture", text=random_template(rng, kind)))
        elif action_kind == "add_to_today":
            actions.append(Action("add_to_today"))
        else:
            actions.append(Action("set_field", field="project", project=rng.choice(PROJECTS)))
    return Rule(
        id=rule_id,
        enabled=rng.random() < 0.9,
        trigger=trigger,
        conditions=conditions,
        actions=tuple(actions),
    )


def random_event(rng, schedule_rules):
    kind = rng.choice(TRIGGER_KINDS)
    zone = rng.choice(ZONES)
    occurred = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(525_600))
    if kind == "schedule" and schedule_rules and rng.random() < 0.7:
        # Mostly real instances (DST days included), so schedule rules do fire.
        t = rng.choice(schedule_rules).trigger
        days = rng.choice([0, 86, 87, 88, 297, 298, 305, 306, 307])
        start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=days)
        found = schedule_instances(t, zone, start, start + timedelta(days=8))
        occurred = rng.choice(found)
    count = rng.randint(0, 8)
    return Event(
        kind,
        occurred,
        zone,
        depth=rng.choice([0, 0, 0, 1, 2]),
        item_id=rng.randint(1, 50),
        title=" ".join(rng.sample(WORDS, rng.randint(0, 2))) + rng.choice(["", " {x}", " }"]),
        text=rng.choice(["", "call back", "an invoice"]),
        project_id=rng.choice((None, *PROJECTS)),
        project_name=rng.choice(["", "Launch", "{task}"]),
        area_id=rng.choice((None, *AREAS)),
        area_name=rng.choice(["", "Work"]),
        priority=rng.choice([None, 0, 1, 2, 3]),
        labels=tuple(
            x.upper() if rng.random() < 0.3 else x for x in rng.sample(LABELS, rng.randint(0, 2))
        ),
        goal=rng.choice(["", "Run 10k"]),
        milestone=rng.choice(["", "5k"]),
        routine=rng.choice(["", "Stretch"]),
        count=rng.choice([None, count]),
        previous_count=rng.choice([None, max(count - rng.randint(1, 4), 0)]),
        minutes=rng.choice([None, 25, 50]),
    )


@pytest.mark.parametrize("seed", range(5))
def test_match_agrees_with_a_naive_reference(seed):
    rng = random.Random(seed)
    rules = [random_rule(rng, i) for i in range(40)]
    assert all(validate_rule(r) == {} for r in rules)
    ruleset = RuleSet.build(rules)
    schedule_rules = [r for r in rules if r.trigger.kind == "schedule"]
    fired_total = 0
    for _ in range(400):
        ev = random_event(rng, schedule_rules)
        got = ruleset.match(ev)
        assert got == reference_match(rules, ev), ev
        fired_total += len(got)
    assert fired_total > 50  # the comparison is not vacuous
