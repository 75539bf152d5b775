"""validate_rule: every kind of mistake gets a message by its field; construction errors raise."""

from datetime import UTC, datetime, time

import pytest

from minime.automations.engine import (
    CONDITIONS_FOR,
    EXAMPLES,
    TRIGGER_KINDS,
    Action,
    Conditions,
    Event,
    Rule,
    RuleSet,
    Trigger,
    validate_rule,
)

PUSH = Action("push", title="Hi")


def problems(trigger=None, conditions=None, actions=(PUSH,)):
    rule = Rule(
        id=1,
        trigger=trigger or Trigger("task_created"),
        conditions=conditions or Conditions(),
        actions=actions,
    )
    return validate_rule(rule)


def test_a_good_rule_has_no_problems():
    assert problems() == {}
    assert problems(Trigger("schedule", weekdays=(0, 4), at=time(8))) == {}
    assert problems(Trigger("capture_backlog", threshold=10)) == {}


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: r.id)
def test_examples_are_valid(rule):
    assert validate_rule(rule) == {}


def test_there_are_five_examples_with_distinct_ids_and_they_build():
    assert len(EXAMPLES) == 5
    assert len({r.id for r in EXAMPLES}) == 5
    assert RuleSet.build(EXAMPLES).size == 5


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        (Trigger("schedule", at=time(8)), {"trigger.weekdays": ["Pick at least one weekday."]}),
        (Trigger("schedule", weekdays=(0,)), {"trigger.at": ["Pick a time of day."]}),
        (
            Trigger("schedule", weekdays=(7,), at=time(8)),
            {"trigger.weekdays": ["Weekdays are 0 (Monday) to 6 (Sunday)."]},
        ),
        (
            Trigger("schedule", weekdays=(1, 1), at=time(8)),
            {"trigger.weekdays": ["Each weekday may be picked once."]},
        ),
        (
            Trigger("schedule", weekdays=(1,), at=time(8, 0, 30)),
            {"trigger.at": ["The time is a local time in hours and minutes (like 08:00)."]},
        ),
        (
            Trigger("capture_backlog"),
            {"trigger.threshold": ["Say how many inbox items should fire the rule."]},
        ),
        (
            Trigger("capture_backlog", threshold=0),
            {"trigger.threshold": ["The inbox count must be 1 to 10,000."]},
        ),
        (
            Trigger("task_created", threshold=3),
            {
                "trigger.threshold": [
                    "Only the inbox backlog trigger has a count, not when a task is created."
                ]
            },
        ),
        (
            Trigger("task_completed", weekdays=(1,)),
            {
                "trigger": [
                    "Weekdays and a time belong to a schedule, not when a task is "
                    "completed: use a weekday condition instead."
                ]
            },
        ),
    ],
)
def test_trigger_mistakes(trigger, expected):
    assert problems(trigger) == expected


def test_a_condition_the_trigger_cannot_have_names_both():
    found = problems(Trigger("capture_added"), Conditions(min_priority=2))
    assert found == {
        "conditions.priority": [
            "A priority condition cannot apply when something is added to the inbox: "
            "its event has no such value."
        ]
    }
    found = problems(Trigger("schedule", weekdays=(0,), at=time(8)), Conditions(weekdays=(1,)))
    assert found == {
        "conditions.weekday": [
            "A weekday condition cannot apply on a schedule: the schedule already picks its "
            "weekdays and has no item."
        ]
    }


@pytest.mark.parametrize("kind", TRIGGER_KINDS)
def test_every_condition_is_checked_against_every_trigger(kind):
    every = Conditions(
        projects=("p",), areas=("a",), min_priority=1, labels=("x",), text="t", weekdays=(0,)
    )
    trigger = (
        Trigger(kind, weekdays=(0,), at=time(8))
        if kind == "schedule"
        else Trigger(kind, threshold=5 if kind == "capture_backlog" else None)
    )
    found = problems(trigger, every)
    refused = {key.removeprefix("conditions.") for key in found}
    assert refused == set(every.used()) - CONDITIONS_FOR[kind]


@pytest.mark.parametrize(
    ("conditions", "key", "message"),
    [
        (
            Conditions(min_priority=4),
            "conditions.priority",
            "Priority must be 0 (none) to 3 (high), not 4.",
        ),
        (Conditions(labels=("a", "A")), "conditions.label", "Each label may be picked once."),
        (Conditions(labels=(" ",)), "conditions.label", "A label cannot be empty."),
        (Conditions(labels=("x" * 41,)), "conditions.label", "A label has at most 40 characters."),
        (Conditions(text="   "), "conditions.text", "The text to look for cannot be only spaces."),
        (
            Conditions(text="x" * 101),
            "conditions.text",
            "The text to look for has at most 100 characters.",
        ),
        (
            Conditions(weekdays=(-1,)),
            "conditions.weekday",
            "Weekdays are 0 (Monday) to 6 (Sunday).",
        ),
        (Conditions(weekdays=(2, 2)), "conditions.weekday", "Each weekday may be picked once."),
        (Conditions(projects=tuple(range(21))), "conditions.project", "Pick at most 20 projects."),
        (Conditions(projects=(1, 1)), "conditions.project", "Each project may be picked once."),
        (Conditions(areas=(1, 1)), "conditions.area", "Each area may be picked once."),
        (Conditions(projects=([1],)), "conditions.project", "Each project must be an id."),  # type: ignore[arg-type]
    ],
)
def test_condition_mistakes(conditions, key, message):
    assert problems(conditions=conditions) == {key: [message]}


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (Action("push"), {"actions[0].title": ["Write the text."]}),
        (Action("push", title="x" * 101), {"actions[0].title": ["At most 100 characters."]}),
        (
            Action("push", title="a", body="x" * 501),
            {"actions[0].body": ["At most 500 characters."]},
        ),
        (Action("create_task", title="x" * 301), {"actions[0].title": ["At most 300 characters."]}),
        (
            Action("create_capture", text="x" * 2001),
            {"actions[0].text": ["At most 2,000 characters."]},
        ),
        (Action("create_capture"), {"actions[0].text": ["Write the text."]}),
        (
            Action("push", title="{foo}"),
            {
                "actions[0].title": [
                    "Unknown placeholder {foo}: use {task}, {project}, {area}, "
                    "{goal}, {date}, {weekday} (or {{ and }} for literal braces)."
                ]
            },
        ),
        (
            Action("push", title="ok", body="{count}"),
            {
                "actions[0].body": [
                    "{count} is not available when a task is created: use {task}, "
                    "{project}, {area}, {goal}, {date}, {weekday}."
                ]
            },
        ),
        (
            Action("push", title="a {"),
            {"actions[0].title": ["Unmatched { at character 3: write {{ for a literal brace."]},
        ),
        (Action("push", title="a", text="b"), {"actions[0].text": ["A push action has no text."]}),
        (
            Action("set_field"),
            {"actions[0].field": ["Pick the field to set: priority, project, area or do on."]},
        ),
        (
            Action("set_field", field="priority"),
            {"actions[0].priority": ["Pick the value to set."]},
        ),
        (
            Action("set_field", field="priority", priority=1, area="a"),
            {"actions[0]": ["Set one field per action."]},
        ),
        (
            Action("set_field", field="priority", priority=9),
            {"actions[0].priority": ["Priority must be 0 (none) to 3 (high), not 9."]},
        ),
        (
            Action("set_field", field="do_on", do_on_days=366),
            {"actions[0].do_on": ["“Do on” must be 0 to 365 days after the event, not 366."]},
        ),
        (
            Action("create_task", title="t", do_on_days=-1),
            {"actions[0].do_on": ["“Do on” must be 0 to 365 days after the event, not -1."]},
        ),
        (
            Action("push", title="t", field="area"),
            {"actions[0].field": ["Only a set-field action has a field."]},
        ),
        (
            Action("add_to_today", priority=2),
            {"actions[0]": ["An add-to-Today action takes no priority, project, area or day."]},
        ),
        (
            Action("create_task", title="t", project=["x"]),  # type: ignore[arg-type]
            {"actions[0].project": ["The project must be an id."]},
        ),
    ],
)
def test_action_mistakes(action, expected):
    assert problems(actions=(action,)) == expected


@pytest.mark.parametrize(
    ("kind", "when"),
    [
        ("schedule", "on a schedule"),
        ("capture_added", "when something is added to the inbox"),
        ("focus_finished", "when a focus session ends"),
        ("routine_missed", "when a routine is missed"),
    ],
)
def test_task_only_actions_are_refused_on_other_triggers(kind, when):
    trigger = Trigger(kind, weekdays=(0,), at=time(8)) if kind == "schedule" else Trigger(kind)
    found = problems(
        trigger, actions=(Action("add_to_today"), Action("set_field", field="area", area="a"))
    )
    assert found == {
        "actions[0]": [f"Adding to Today needs a task: it cannot run {when}."],
        "actions[1]": [f"Setting a field needs a task: it cannot run {when}."],
    }


def test_action_count():
    assert problems(actions=()) == {"actions": ["Add at least one action."]}
    assert problems(actions=(PUSH,) * 6) == {"actions": ["A rule has at most 5 actions."]}


def test_every_problem_is_reported_at_once():
    rule = Rule(
        id="r",
        trigger=Trigger("schedule"),
        conditions=Conditions(text="x" * 200),
        actions=(Action("push", title="{nope}"), Action("add_to_today")),
    )
    assert set(validate_rule(rule)) == {
        "trigger.weekdays",
        "trigger.at",
        "conditions.text",
        "actions[0].title",
        "actions[1]",
    }


def test_ruleset_refuses_an_invalid_rule_and_duplicate_ids():
    bad = Rule(id="bad", trigger=Trigger("task_created"), actions=())
    with pytest.raises(
        ValueError, match=r"Rule 'bad' is invalid: actions: Add at least one action\."
    ):
        RuleSet.build([bad])
    good = Rule(id="x", trigger=Trigger("task_created"), actions=(PUSH,))
    with pytest.raises(ValueError, match="Two rules have the id 'x'"):
        RuleSet.build([good, good])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Trigger("sometimes"), "Unknown trigger 'sometimes'"),  # type: ignore[arg-type]
        (lambda: Trigger("schedule", weekdays=[1]), "weekdays must be a tuple of ints"),  # type: ignore[arg-type]
        (lambda: Trigger("schedule", at="08:00"), "at must be a datetime.time"),  # type: ignore[arg-type]
        (lambda: Action("explode"), "Unknown action 'explode'"),  # type: ignore[arg-type]
        (lambda: Action("set_field", field="title"), "Unknown field 'title'"),  # type: ignore[arg-type]
        (lambda: Conditions(labels="abc"), "labels must be a tuple"),  # type: ignore[arg-type]
        (lambda: Conditions(min_priority="2"), "min_priority must be an int"),  # type: ignore[arg-type]
        (lambda: Rule(id=1, trigger="x", actions=()), "trigger must be a Trigger"),  # type: ignore[arg-type]
        (lambda: Rule(id=1, trigger=Trigger("task_created"), actions=[PUSH]), "actions must be"),  # type: ignore[arg-type]
        (
            lambda: Event("task_created", datetime(2026, 1, 1), "UTC"),  # noqa: DTZ001
            "timezone-aware",
        ),
        (
            lambda: Event("task_created", datetime(2026, 1, 1, tzinfo=UTC), "Nowhere/Town"),
            "Unknown time zone",
        ),
        (
            lambda: Event("task_created", datetime(2026, 1, 1, tzinfo=UTC), "UTC", depth=-1),
            "depth must be",
        ),
        (
            lambda: Event("task_created", datetime(2026, 1, 1, tzinfo=UTC), "UTC", priority=7),
            "priority must be 0-3",
        ),
        (
            lambda: Event("capture_backlog", datetime(2026, 1, 1, tzinfo=UTC), "UTC", count=-1),
            "count must be",
        ),
    ],
)
def test_construction_errors_raise(build, message):
    with pytest.raises(ValueError, match=message):
        build()
