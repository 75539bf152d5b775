"""describe(): the builder's sentence for a table of rules."""

from datetime import time

import pytest

from minime.automations.engine import EXAMPLES, Action, Conditions, Rule, Trigger, describe

PROJECTS = {"p1": "Launch", "p2": "Garden", "p3": "Taxes"}
AREAS = {"a1": "Work", "a2": "Home"}
PUSH = Action("push", title="Nice — {task} is done")


def sentence(trigger, actions=(PUSH,), **conditions):
    rule = Rule(id=1, trigger=trigger, conditions=Conditions(**conditions), actions=actions)
    return describe(rule, projects=PROJECTS, areas=AREAS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            sentence(Trigger("task_completed"), projects=("p1",)),
            "When a task is completed in #Launch, send me a push: “Nice — {task} is done”.",
        ),
        (
            sentence(
                Trigger("schedule", weekdays=(0, 1, 2, 3, 4), at=time(8)),
                (Action("create_task", title="Plan the day"),),
            ),
            "Every weekday at 08:00, create a task “Plan the day”.",
        ),
        (
            sentence(
                Trigger("schedule", weekdays=tuple(range(7)), at=time(21, 30)),
                (Action("create_capture", text="Journal"),),
            ),
            "Every day at 21:30, add “Journal” to the inbox.",
        ),
        (
            sentence(Trigger("schedule", weekdays=(4,), at=time(17)), (PUSH,)),
            "Every Friday at 17:00, send me a push: “Nice — {task} is done”.",
        ),
        (
            sentence(Trigger("schedule", weekdays=(0, 2, 4), at=time(7, 5)), (PUSH,)),
            "On Mondays, Wednesdays and Fridays at 07:05, send me a push: “Nice — {task} is done”.",
        ),
        (
            sentence(Trigger("schedule", weekdays=(6, 5), at=time(9)), (PUSH,)),
            "Every Saturday and Sunday at 09:00, send me a push: “Nice — {task} is done”.",
        ),
        (
            sentence(Trigger("task_created"), projects=("p1", "p2")),
            "When a task is created in #Launch or #Garden, send me a push: "
            "“Nice — {task} is done”.",
        ),
        (
            sentence(Trigger("task_created"), projects=("p1", "p2", "gone")),
            "When a task is created in #Launch, #Garden or #(deleted), send me a push: "
            "“Nice — {task} is done”.",
        ),
        (
            sentence(
                Trigger("task_overdue"), (Action("add_to_today"),), areas=("a1",), min_priority=3
            ),
            "When a task becomes overdue in the Work area and with high priority, add it to Today.",
        ),
        (
            sentence(
                Trigger("task_completed"),
                (PUSH,),
                areas=("a1", "a2"),
                min_priority=2,
                labels=("errand", "home"),
                text="call",
                weekdays=(0, 1, 2, 3, 4),
            ),
            "When a task is completed in the Work or Home areas, with medium priority or higher, "
            "labelled “errand” or “home”, containing “call” and on a weekday, send me a push: "
            "“Nice — {task} is done”.",
        ),
        (
            sentence(
                Trigger("capture_added"),
                (Action("push", title="New", body="{count} now"),),
                weekdays=(5, 6),
            ),
            "When something is added to the inbox at the weekend, send me a push: “New” "
            "(“{count} now”).",
        ),
        (
            sentence(
                Trigger("focus_finished"),
                (Action("create_capture", text="{minutes} min"),),
                weekdays=(0, 4),
            ),
            "When a focus session ends on a Monday or a Friday, add “{minutes} min” to the inbox.",
        ),
        (
            sentence(Trigger("capture_backlog", threshold=1), (PUSH,)),
            "When the inbox reaches 1 item, send me a push: “Nice — {task} is done”.",
        ),
        (
            sentence(Trigger("capture_backlog", threshold=1500), (PUSH,)),
            "When the inbox reaches 1,500 items, send me a push: “Nice — {task} is done”.",
        ),
        (
            sentence(
                Trigger("task_created"),
                (
                    Action("set_field", field="priority", priority=3),
                    Action("set_field", field="project", project="p3"),
                    Action("set_field", field="area", area="a2"),
                    Action("set_field", field="do_on", do_on_days=1),
                ),
                text="tax",
            ),
            "When a task is created containing “tax”, set its priority to high, then move it to "
            "#Taxes, then move it to the Home area, then set it to do the next day.",
        ),
        (
            sentence(
                Trigger("task_completed"),
                (
                    Action(
                        "create_task",
                        title="Review {task}",
                        priority=1,
                        project="p1",
                        area="a1",
                        do_on_days=7,
                    ),
                ),
            ),
            "When a task is completed, create a task “Review {task}” with low priority in #Launch "
            "in the Work area to do 7 days later.",
        ),
        (
            sentence(Trigger("routine_missed"), (Action("create_capture", text="Why?"),)),
            "When a routine is missed, add “Why?” to the inbox.",
        ),
        (
            sentence(Trigger("milestone_reached"), (PUSH,), areas=("x",)),
            "When a goal reaches a milestone in the (deleted) area, send me a push: "
            "“Nice — {task} is done”.",
        ),
    ],
)
def test_sentences(text, expected):
    assert text == expected


def test_examples_read_well():
    assert [describe(r) for r in EXAMPLES] == [
        "Every weekday at 08:00, create a task “Plan the day” to do the same day.",
        "When a task is completed with high priority, send me a push: “Nice — {task} is done” "
        "(“One less thing on {weekday}.”).",
        "When a task becomes overdue with medium priority or higher, add it to Today, then send "
        "me a push: “{task} is overdue” (“It is on Today now.”).",
        "When the inbox reaches 20 items, send me a push: “{count} items in your inbox” "
        "(“Time for a quick review.”).",
        "When a routine is missed, add “Missed {routine} on {weekday}: what got in the way?” to "
        "the inbox.",
    ]
