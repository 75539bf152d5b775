"""``describe(rule)``: a rule as one English sentence, the way the builder page reads it.

    When a task is completed in #Launch, send me a push: “Nice — {task} is done”.
    Every weekday at 08:00, create a task “Plan the day”.

The rules: the trigger first ("When …" or "Every …"), then the conditions joined as a list
("in #A or #B", "with high priority", "labelled “x”", "containing “y”", "on a Monday or a
Friday"), a comma, the actions in order joined by "then", and a full stop. Templates are quoted
as written (placeholders and all). Project and area names come from the caller (``projects``,
``areas``: id → name); an id without a name reads "#(deleted)" / "the (deleted) area".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .matching import WEEKDAY_NAMES
from .rules import Action, Conditions, Id, Rule, Trigger

__all__ = ["PRIORITY_NAMES", "describe", "join_words"]

PRIORITY_NAMES = ("no", "low", "medium", "high")
_WHEN = {
    "task_created": "When a task is created",
    "task_completed": "When a task is completed",
    "task_overdue": "When a task becomes overdue",
    "capture_added": "When something is added to the inbox",
    "focus_finished": "When a focus session ends",
    "routine_missed": "When a routine is missed",
    "milestone_reached": "When a goal reaches a milestone",
}
_DELETED = "(deleted)"  # the name of a project or area the caller has no name for
_PLURAL_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def join_words(words: Sequence[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c" (``last`` may be "or")."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def _quoted(text: str) -> str:
    return f"“{text}”"


def _days(weekdays: Sequence[int]) -> str:
    """The schedule's days: "every day", "every weekday", "every Monday", "on Mondays and
    Fridays"."""
    days = sorted(set(weekdays))
    if days == list(range(7)):
        return "Every day"
    if days == list(range(5)):
        return "Every weekday"
    if days == [5, 6]:
        return "Every Saturday and Sunday"
    if len(days) == 1:
        return f"Every {WEEKDAY_NAMES[days[0]]}"
    return "On " + join_words([_PLURAL_DAYS[d] for d in days])


def _trigger(trigger: Trigger) -> str:
    if trigger.kind == "schedule":
        at = trigger.at.strftime("%H:%M") if trigger.at else "a time not set"
        return f"{_days(trigger.weekdays)} at {at}"
    if trigger.kind == "capture_backlog":
        n = trigger.threshold or 0
        return f"When the inbox reaches {n:,} item{'' if n == 1 else 's'}"
    return _WHEN[trigger.kind]


def _named(ids: Sequence[Id], names: Mapping[Id, str], missing: str) -> list[str]:
    return [names.get(i, missing) for i in ids]


def _conditions(
    conditions: Conditions, projects: Mapping[Id, str], areas: Mapping[Id, str]
) -> list[str]:
    parts = []
    if conditions.projects:
        named = _named(conditions.projects, projects, _DELETED)
        parts.append("in " + join_words([f"#{n}" for n in named], "or"))
    if conditions.areas:
        named = _named(conditions.areas, areas, _DELETED)
        noun = "area" if len(named) == 1 else "areas"
        parts.append(f"in the {join_words(named, 'or')} {noun}")
    if conditions.min_priority:
        p = conditions.min_priority
        parts.append(
            "with high priority" if p == 3 else f"with {PRIORITY_NAMES[p]} priority or higher"
        )
    if conditions.labels:
        parts.append("labelled " + join_words([_quoted(x) for x in conditions.labels], "or"))
    if conditions.text:
        parts.append("containing " + _quoted(conditions.text))
    days = sorted(set(conditions.weekdays))
    if days == list(range(5)):
        parts.append("on a weekday")
    elif days == [5, 6]:
        parts.append("at the weekend")
    elif days:
        parts.append("on a " + join_words([WEEKDAY_NAMES[d] for d in days], "or a"))
    return parts


def _when_days(days: int) -> str:
    if days == 0:
        return "the same day"
    if days == 1:
        return "the next day"
    return f"{days} days later"


def _action(action: Action, projects: Mapping[Id, str], areas: Mapping[Id, str]) -> str:
    def project_name(i: Id | None) -> str:
        return "#" + projects.get(i, _DELETED) if i is not None else ""

    def area_name(i: Id | None) -> str:
        return f"the {areas.get(i, _DELETED)} area" if i is not None else ""

    if action.kind == "push":
        if action.body:
            return f"send me a push: {_quoted(action.title)} ({_quoted(action.body)})"
        return f"send me a push: {_quoted(action.title)}"
    if action.kind == "create_capture":
        return f"add {_quoted(action.text)} to the inbox"
    if action.kind == "add_to_today":
        return "add it to Today"
    if action.kind == "create_task":
        extras = []
        if action.priority:
            extras.append(f"with {PRIORITY_NAMES[action.priority]} priority")
        if action.project is not None:
            extras.append("in " + project_name(action.project))
        if action.area is not None:
            extras.append("in " + area_name(action.area))
        if action.do_on_days is not None:
            extras.append("to do " + _when_days(action.do_on_days))
        return " ".join([f"create a task {_quoted(action.title)}", *extras])
    # set_field
    if action.field == "priority":
        return f"set its priority to {PRIORITY_NAMES[action.priority or 0]}"
    if action.field == "project":
        return "move it to " + project_name(action.project)
    if action.field == "area":
        return "move it to " + area_name(action.area)
    return f"set it to do {_when_days(action.do_on_days or 0)}"


def describe(
    rule: Rule,
    *,
    projects: Mapping[Any, str] | None = None,
    areas: Mapping[Any, str] | None = None,
) -> str:
    """``rule`` as one sentence (see the module's rules). Meant for valid rules; an invalid one
    still reads as well as it can."""
    projects = projects or {}
    areas = areas or {}
    head = _trigger(rule.trigger)
    conditions = _conditions(rule.conditions, projects, areas)
    if conditions:
        head = f"{head} {join_words(conditions)}"
    actions = [_action(a, projects, areas) for a in rule.actions] or ["do nothing"]
    return f"{head}, {', then '.join(actions)}."
