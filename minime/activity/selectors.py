"""Reading the activity list: the latest lines of one workspace, each as a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from minime.activity.models import Activity, Kind, Verb

if TYPE_CHECKING:
    from minime.workspaces.models import Workspace

SHOWN = 50  # lines on the page and per API page
_PAGES = {Kind.TASK: "tasks:detail", Kind.PROJECT: "tasks:project"}  # where an item is seen

# What each verb says, around the item's title (task, project) or the person (member lines).
_TASK = {
    Verb.ADDED: ("added", ""),
    Verb.COMPLETED: ("completed", ""),
    Verb.REOPENED: ("reopened", ""),
    Verb.DROPPED: ("dropped", ""),
    Verb.DELETED: ("deleted", ""),
}
_PROJECT = {
    Verb.ADDED: ("started the project", ""),
    Verb.COMPLETED: ("completed the project", ""),
    Verb.REOPENED: ("reopened the project", ""),
    Verb.DROPPED: ("dropped the project", ""),
    Verb.DELETED: ("deleted the project", ""),
}


@dataclass(frozen=True, slots=True)
class Line:
    """A line as a sentence: ``who`` ``before`` “``title``” ``after``, at ``at``. ``link`` is
    the item's page while it may still exist ("" once the list shows it was deleted)."""

    at: datetime
    who: str
    before: str
    title: str
    after: str
    link: str

    @property
    def text(self) -> str:
        quoted = f"“{self.title}”" if self.title else ""
        return " ".join(part for part in (self.who, self.before, quoted, self.after) if part)


def _name(user: Any, viewer_id: int | None, *, you: str = "You", someone: str = "Someone") -> str:
    """How the line names ``user`` to the viewer ("you" after a verb); a deleted account is
    "someone"."""
    if user is None:
        return someone
    return you if user.pk == viewer_id else str(user.name)


def line_of(row: Activity, viewer_id: int | None, deleted: frozenset[Any] = frozenset()) -> Line:
    """``row`` as the sentence ``viewer_id`` reads ("You" for themselves). An item in
    ``deleted`` gets no link."""
    who = _name(row.actor, viewer_id)
    person = _name(row.person, viewer_id, you="you", someone="someone")
    before, after, title = "", "", row.title
    if row.kind == Kind.MEMBER:
        title = ""
        if row.verb == Verb.REMOVED:
            before = f"removed {person}"
        else:  # joined or left: the person is the one who did it
            who, before = _name(row.person, viewer_id), str(row.get_verb_display()).lower()
    elif row.verb == Verb.MOVED:
        before = "moved"
        after = f"to {row.where}" if row.where else "out of its project"
    elif row.verb == Verb.ASSIGNED:
        if row.person_id is not None and row.person_id == row.actor_id:
            before = "took on"
        else:
            before, after = "assigned", f"to {person}"
    elif row.verb == Verb.UNASSIGNED:
        before, after = "unassigned", "(anyone can do it now)"
    else:
        words = _PROJECT if row.kind == Kind.PROJECT else _TASK
        before, after = words[Verb(row.verb)]
    link = ""
    if row.item is not None and row.item not in deleted:
        link = reverse(_PAGES[Kind(row.kind)], kwargs={"uuid": row.item})
    return Line(row.created_at, who, before, title, after, link)


def recent(workspace: Workspace, *, viewer_id: int | None, limit: int = SHOWN) -> list[Line]:
    """The workspace's latest ``limit`` lines, newest first, in one query."""
    rows = list(
        Activity.objects.in_workspace(workspace)
        .select_related("actor", "person")
        .order_by("-created_at", "-id")[:limit]
    )
    deleted = frozenset(row.item for row in rows if row.verb == Verb.DELETED)
    return [line_of(row, viewer_id, deleted) for row in rows]
