"""The signed-in shell's navigation: every module with its icon, the counts shown beside some,
and which one the current page belongs to.

The sidebar (wide screens) and the tab bar with its "More" sheet (phones) are both drawn from
`SECTIONS`, so they cannot disagree. A page belongs to the section with the longest view-name
prefix that matches it (``tasks:project`` before ``tasks:``). The counts are read only when a
template draws them, in one statement (`minime.core.db.count_each`): an htmx fragment that
draws no navigation costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django.http import HttpRequest
from django.urls import reverse

from minime.accounts.models import User
from minime.capture.selectors import inbox
from minime.core.db import count_each
from minime.goals.models import Goal, GoalStatus
from minime.notifications.selectors import unread
from minime.tasks.models import Project, ProjectStatus, Task, TaskStatus
from minime.workspaces.models import Workspace

COLLAPSED_COOKIE = "sidebar"  # "collapsed" keeps the wide screen's sidebar to its icons


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    icon: str  # a heroicons outline name
    views: tuple[str, ...]  # view-name prefixes of the pages that belong here
    tab: bool = False  # on the phone's tab bar (the others are under More)
    counted: str = ""  # what the count counts, for screen readers ("3 waiting")


SECTIONS: tuple[Section, ...] = (
    Section("today", "Today", "today:index", "sun", ("today:",), tab=True),
    Section(
        "inbox",
        "Inbox",
        "capture:inbox",
        "inbox",
        (
            "capture:inbox",
            "capture:make_task",
            "capture:file_as_note",
            "capture:delete",
            "gmail:inbox",
            "gmail:pull",
            "gmail:to_inbox",
        ),
        tab=True,
        counted="waiting",
    ),
    Section("tasks", "Tasks", "tasks:index", "check-circle", ("tasks:",), tab=True, counted="open"),
    Section(
        "projects", "Projects", "tasks:projects", "folder", ("tasks:project",), counted="active"
    ),
    Section("goals", "Goals", "goals:index", "flag", ("goals:",), counted="active"),
    Section("decisions", "Decisions", "decisions:index", "scale", ("decisions:",)),
    Section("routines", "Routines", "routines:index", "arrow-path", ("routines:",)),
    Section("focus", "Focus", "focus:index", "clock", ("focus:",)),
    Section("automations", "Automations", "automations:index", "bolt", ("automations:",)),
    Section("reviews", "Review", "reviews:index", "clipboard-document-check", ("reviews:",)),
    Section("insights", "Insights", "insights:index", "chart-bar", ("insights:",)),
    Section("notes", "Notes", "capture:notes", "document-text", ("capture:note",)),
    Section("areas", "Life areas", "areas:index", "squares-2x2", ("areas:",)),
    Section("assistant", "Assistant", "ai:assistant", "sparkles", ("ai:assistant",)),
    Section(
        "notifications",
        "Notifications",
        "notifications:index",
        "bell",
        ("notifications:index", "notifications:open", "notifications:mark_all_read"),
        counted="unread",
    ),
    Section("home", "Home", "pages:home", "home", ("pages:home",)),
)

SETTINGS = Section(
    "settings",
    "Settings",
    "accounts:profile",
    "cog-6-tooth",
    (
        "accounts:profile",
        "accounts:password_change",
        "accounts:api_tokens",
        "pages:plan",
        "preferences:preferences",
        "preferences:rules",
        "ai:settings",
        "notifications:settings",
        "calendars:",
        "gmail:",
        "workspaces:",
        "yourdata:",
    ),
)


def section_of(view_name: str) -> str | None:
    """The key of the section a view belongs to (the longest matching prefix), or None."""
    best, length = None, 0
    for section in (*SECTIONS, SETTINGS):
        for prefix in section.views:
            if view_name.startswith(prefix) and len(prefix) > length:
                best, length = section.key, len(prefix)
    return best


def _counts(workspace: Workspace, user: User) -> dict[str, int]:
    return count_each(
        inbox=inbox(workspace),
        tasks=Task.objects.in_workspace(workspace).filter(
            status=TaskStatus.OPEN, parent__isnull=True
        ),
        projects=Project.objects.in_workspace(workspace).filter(status=ProjectStatus.ACTIVE),
        goals=Goal.objects.in_workspace(workspace).filter(status=GoalStatus.ACTIVE),
        notifications=unread(user),
    )


@dataclass(frozen=True)
class Item:
    section: Section
    url: str
    current: bool
    count: int | None


class Navigation:
    """What the shell draws for one request; nothing is read until a template asks."""

    def __init__(self, request: HttpRequest, workspace: Workspace) -> None:
        match = request.resolver_match
        self.current = section_of(match.view_name) if match is not None else None
        self.collapsed = request.COOKIES.get(COLLAPSED_COOKIE) == "collapsed"
        self._workspace = workspace
        self._user = cast(User, request.user)

    @cached_property
    def _counts(self) -> dict[str, int]:
        return _counts(self._workspace, self._user)

    def _item(self, section: Section) -> Item:
        count = self._counts.get(section.key) if section.counted else None
        return Item(section, reverse(section.url_name), section.key == self.current, count)

    @cached_property
    def items(self) -> list[Item]:
        """Every module, in the sidebar's order."""
        return [self._item(s) for s in SECTIONS]

    @cached_property
    def tabs(self) -> list[Item]:
        """The phone's tab bar (Add and More are drawn beside them)."""
        return [i for i in self.items if i.section.tab]

    @cached_property
    def more(self) -> list[Item]:
        """The modules under the phone's More."""
        return [i for i in self.items if not i.section.tab]

    @cached_property
    def settings(self) -> Item:
        return self._item(SETTINGS)

    @property
    def more_current(self) -> bool:
        """The current page is one of More's (Settings included): More shows as current."""
        return any(i.current for i in self.more) or self.settings.current


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for signed-in pages inside a workspace."""
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if user is None or not user.is_authenticated or membership is None:
        return {}
    return {"nav": Navigation(request, membership.workspace)}
