"""The task list grouped by when (or project, priority, area), sorted within groups, with counts;
the layout lives in the query string, next to the filters."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.tasks import services, views
from minime.tasks.models import Task
from minime.tasks.selectors import day_title

GROUP = re.compile(
    r'<h3 class="task-group-title" id="task-group-\d+">(.*?) '
    r'<span class="task-group-count">(\d+)<'
)
TITLE = re.compile(r'data-action="edit">(.*?)</a>')


def groups(page: str) -> list[tuple[str, int, list[str]]]:
    """Each group of the page: its heading, its count, and the titles of its rows."""
    found = []
    for part in page.split('<section class="task-group"')[1:]:
        heading = GROUP.search(part)
        assert heading is not None, part[:300]
        found.append((heading.group(1), int(heading.group(2)), TITLE.findall(part)))
    return found


def _day(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def week(alice, home):
    """Tasks spread over the days around today; "when" is the earlier of do-on and due."""
    with as_user(alice.pk):
        make = services.task_create
        make(workspace=home, title="Pay rent", due_date=_day(-3))
        make(workspace=home, title="Call mum", do_on=_day(-1), due_date=_day(5))
        make(workspace=home, title="Buy milk", due_date=_day(0))
        make(workspace=home, title="Learn Rust")
        make(workspace=home, title="Book dentist", do_on=_day(0), due_date=_day(10))
        make(workspace=home, title="Water plants", do_on=_day(1))
        make(workspace=home, title="Plan trip", due_date=_day(3), do_on=_day(4))
        make(workspace=home, title="Old idea")


def test_the_list_is_grouped_by_when_with_counts(signed_in, week):
    page = signed_in.get("/tasks/").content.decode()
    assert groups(page) == [
        ("Overdue", 2, ["Pay rent", "Call mum"]),
        ("Today", 2, ["Buy milk", "Book dentist"]),
        ("Tomorrow", 1, ["Water plants"]),
        (day_title(_day(3), _day(0)), 1, ["Plan trip"]),
        ("Someday", 2, ["Learn Rust", "Old idea"]),
    ]


def test_day_headings_name_the_day():
    today = date(2026, 12, 7)
    assert day_title(today, today) == "Today"
    assert day_title(date(2026, 12, 8), today) == "Tomorrow"
    assert day_title(date(2026, 12, 9), today) == "Wednesday 9 December"
    assert day_title(date(2027, 1, 1), today) == "Friday 1 January 2027"


def test_today_is_shown_even_when_nothing_is_for_today(signed_in, alice, home):
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Pay rent", due_date=_day(-3))
        services.task_create(workspace=home, title="Plan trip", due_date=_day(2))
    page = signed_in.get("/tasks/").content.decode()
    assert [(title, count) for title, count, _ in groups(page)] == [
        ("Overdue", 1),
        ("Today", 0),
        (day_title(_day(2), _day(0)), 1),
    ]
    assert "Nothing due or planned for today." in page and "Clear filters" not in page
    page = signed_in.get("/tasks/", {"q": "a", "group": "when"}).content.decode()
    today = page[page.index("Nothing due or planned for today.") :][:200]
    assert '<a href="?group=when">Clear filters</a>' not in today  # "when" is the default
    assert '<a href="/tasks/">Clear filters</a> to see everything.' in today


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("project", [("Home", 2, ["Paint", "Fix tap"]), ("Work", 1, ["Report"])]),
        ("priority", [("High priority", 1, ["Report"]), ("Low priority", 1, ["Fix tap"])]),
        ("area", [("Family", 1, ["Fix tap"])]),
    ],
)
def test_grouping_by_project_priority_or_area(signed_in, alice, home, group, expected):
    with as_user(alice.pk):
        house = services.project_create(workspace=home, title="Home")
        work = services.project_create(workspace=home, title="Work")
        family = area_create(workspace=home, name="Family")
        services.task_create(workspace=home, title="Report", project=work, priority=3)
        services.task_create(workspace=home, title="Paint", project=house)
        services.task_create(
            workspace=home, title="Fix tap", project=house, area=family, priority=1
        )
        services.task_create(workspace=home, title="Loose end")
    found = groups(signed_in.get("/tasks/", {"group": group}).content.decode())
    last = {"project": "No project", "priority": "No priority", "area": "No life area"}[group]
    assert found[: len(expected)] == expected
    assert found[-1][0] == last and "Loose end" in found[-1][2]


def test_sorting_within_groups(signed_in, alice, home):
    with as_user(alice.pk):
        make = services.task_create
        make(workspace=home, title="A", priority=1, due_date=_day(9))
        make(workspace=home, title="B", priority=3)
        make(workspace=home, title="C", due_date=_day(2))
        make(workspace=home, title="D", priority=2, due_date=_day(2))

    def order(**query: str) -> list[str]:
        page = signed_in.get("/tasks/", {"group": "none", **query}).content.decode()
        assert "task-group-title" not in page  # one list, no headings
        return TITLE.findall(page)

    assert order() == ["A", "B", "C", "D"]
    assert order(sort="due") == ["C", "D", "A", "B"]  # no due date last
    assert order(sort="priority") == ["B", "D", "A", "C"]
    assert order(sort="created") == ["D", "C", "B", "A"]


def test_a_group_counts_all_its_tasks_across_pages(signed_in, alice, home, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    with as_user(alice.pk):
        for i in range(4):
            services.task_create(workspace=home, title=f"Late {i}", due_date=_day(-1))
        services.task_create(workspace=home, title="Later", due_date=_day(1))
    first = groups(signed_in.get("/tasks/").content.decode())
    assert first == [("Overdue", 4, ["Late 0", "Late 1", "Late 2"])]
    second = groups(signed_in.get("/tasks/?page=2").content.decode())
    assert second == [
        ("Overdue", 4, ["Late 3"]),
        ("Today", 0, []),
        ("Tomorrow", 1, ["Later"]),
    ]


def test_the_layout_lives_in_the_query_and_keeps_the_filters(signed_in, alice, home):
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Call mum")
    page = signed_in.get("/tasks/", {"q": "call", "group": "project"}).content.decode()
    assert '<li><a href="?q=call">When</a></li>' in page
    assert '<li><a href="?q=call&amp;group=project" aria-current="true">Project</a></li>' in page
    assert '<li><a href="?q=call&amp;group=project&amp;sort=due">Due date</a></li>' in page
    assert '<input type="hidden" name="group" value="project">' in page  # the filter form
    assert '<a href="?group=project">Clear filters</a>' in page
    assert "View: grouped by project, my order" in page
    page = signed_in.get("/tasks/", {"group": "nonsense", "sort": "nonsense"}).content.decode()
    assert [title for title, _, _ in groups(page)] == ["Today", "Someday"]


def test_only_my_order_can_be_dragged_and_the_page_says_so(signed_in, alice, home):
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Call mum")
    page = signed_in.get("/tasks/").content.decode()
    assert 'class="task-list" role="list" data-sortable' in page and "data-grip" in page
    assert "data-move-form" in page and "data-sort-hint" in page
    page = signed_in.get("/tasks/", {"sort": "due"}).content.decode()
    assert "data-sortable" not in page and "data-grip" not in page
    assert "data-movable" not in page and 'data-move="up"' not in page
    assert 'Sorted by due date. <a href="/tasks/">Sort by my order</a> to drag' in page
    page = signed_in.get("/tasks/", {"status": "all"}).content.decode()
    assert "data-sortable" not in page and "Sort by my order" not in page


def test_an_empty_list_focuses_the_add_box_and_says_what_to_do(signed_in):
    page = signed_in.get("/tasks/").content.decode()
    field = page[page.index('id="tasks-add-text"') :].split(">")[0]
    assert "autofocus" in field and 'data-hotkey="add"' in field
    assert "No open tasks." in page and "press Enter" in page
    assert 'class="task-group"' not in page


def test_a_list_with_tasks_leaves_the_focus_alone(signed_in, alice, home):
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Call mum")
    page = signed_in.get("/tasks/").content.decode()
    assert "autofocus" not in page[page.index('id="tasks-add-text"') :].split(">")[0]


def test_a_filter_that_finds_nothing_offers_to_clear_it(signed_in, alice, home):
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Call mum")
    page = signed_in.get("/tasks/", {"q": "zebra", "sort": "due"}).content.decode()
    assert "No tasks match these filters (searching for “zebra”)." in page
    assert '<a class="btn" href="?sort=due">Clear filters</a>' in page
    assert "autofocus" not in page


def test_closed_lists_call_past_days_earlier_not_overdue(signed_in, alice, home):
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Pay rent", due_date=_day(-3))
        services.task_complete(task=task, user=alice)
        assert Task.objects.get(pk=task.pk).status == "done"
    page = signed_in.get("/tasks/", {"status": "done"}).content.decode()
    assert groups(page) == [("Earlier", 1, ["Pay rent"])]
