"""The signed-in shell: one list of sections drawn as the sidebar and as the phone's tab bar, the
current page's section marked, counts read in one statement, and Settings with a navigation of
its own that reaches every settings page (your data included)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from minime.capture.services import capture_add
from minime.core.db import as_user, count_each
from minime.notifications.services import mark_read, notify
from minime.pages.navigation import SECTIONS, SETTINGS, section_of
from minime.tasks.models import Task
from minime.tasks.services import task_create


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def current_links(html: str) -> list[str]:
    """The labels of the links marked as the current page."""
    return re.findall(r'aria-current="page"[^>]*>(?:<svg.*?</svg>)?<span[^>]*>([^<]+)<', html, re.S)


@pytest.mark.parametrize(
    ("view_name", "section"),
    [
        ("today:index", "today"),
        ("today:simplify", "today"),
        ("tasks:index", "tasks"),
        ("tasks:detail", "tasks"),
        ("tasks:projects", "projects"),
        ("tasks:project_add_task", "projects"),
        ("capture:inbox", "inbox"),
        ("capture:notes", "notes"),
        ("capture:note_edit", "notes"),
        ("goals:milestone_edit", "goals"),
        ("ai:assistant_explain", "assistant"),
        ("ai:settings", "settings"),
        ("yourdata:delete_account", "settings"),
        ("preferences:preferences", "settings"),
        ("preferences:onboarding", None),  # the first-run wizard belongs to no section
        ("accounts:sign_in", None),
    ],
)
def test_each_page_belongs_to_the_section_with_the_longest_prefix(view_name, section):
    assert section_of(view_name) == section


def test_every_section_links_somewhere_real():
    for section in (*SECTIONS, SETTINGS):
        assert reverse(section.url_name)
        assert section_of(section.url_name) == section.key


def test_the_sidebar_and_the_tab_bar_mark_the_current_section(signed_in):
    html = signed_in.get(reverse("tasks:projects")).content.decode()
    sidebar, tabbar = html.split('class="tabbar"')
    assert current_links(sidebar) == ["Projects"]
    # On a phone Projects is under More: More is marked, and Projects inside its sheet.
    assert '<summary class="tab" aria-current="page">' in tabbar
    assert current_links(tabbar) == ["More", "Projects"]


def test_the_tab_bar_holds_today_inbox_tasks_add_and_more(signed_in):
    html = signed_in.get(reverse("today:index")).content.decode()
    tabbar = html.split('class="tabbar"')[1]
    labels = re.findall(r'class="tab[^"]*"[^>]*>.*?<span>([^<]+)</span>', tabbar, re.S)
    assert labels == ["Today", "Inbox", "Tasks", "Add", "More"]


def test_counts_are_shown(signed_in, alice, bob, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        for i in range(3):
            capture_add(workspace=ws, text=f"thought {i}", created_by=alice)
        parent = task_create(workspace=ws, title="Open task", created_by=alice)
        task_create(workspace=ws, title="A step", created_by=alice, parent=parent)
        notify(user=alice, kind="test", title="Hello", body="", url="/today/")
        read = notify(user=alice, kind="test", title="Seen", body="", url="/today/")
        assert read is not None
        mark_read(user=alice, notification=read)
    notify(user=bob, kind="test", title="Bob's", body="", url="/today/")
    html = signed_in.get(reverse("areas:index")).content.decode()
    assert '3<span class="visually-hidden"> waiting</span>' in html
    assert '1<span class="visually-hidden"> open</span>' in html  # steps are not counted
    assert '1<span class="visually-hidden"> unread</span>' in html  # hers, not yet read


def test_the_counts_cost_one_query(signed_in, alice, personas):
    """The same page with the navigation's counts and without them differs by one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("areas:index"))
    counting = [q["sql"] for q in queries.captured_queries if "counted_0" in q["sql"]]
    assert len(counting) == 1


def test_count_each_counts_only_what_row_level_security_admits(alice, bob, personas):
    with as_user(bob.pk):
        task_create(workspace=personas.personal(bob), title="Bob's", created_by=bob)
    with as_user(alice.pk):
        task_create(workspace=personas.personal(alice), title="Alice's", created_by=alice)
        counts = count_each(
            mine=Task.objects.in_workspace(personas.personal(alice)),
            titled=Task.objects.in_workspace(personas.personal(alice)).filter(title="nothing"),
        )
    assert counts == {"mine": 1, "titled": 0}
    assert count_each() == {}


def test_an_htmx_fragment_reads_no_counts(signed_in, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("today:index"), HTTP_HX_REQUEST="true")
    assert not [q for q in queries.captured_queries if "counted_0" in q["sql"]]


def test_settings_reach_every_settings_page_and_mark_settings(signed_in):
    pages = [
        "accounts:profile",
        "accounts:password_change",
        "preferences:preferences",
        "preferences:rules",
        "ai:settings",
        "accounts:api_tokens",
        "pages:plan",
        "yourdata:data",
    ]
    for name in pages:
        html = signed_in.get(reverse(name)).content.decode()
        settings_nav = html.split('aria-label="Settings"')[1].split("</nav>")[0]
        for other in [*pages, "areas:index"]:
            assert f'href="{reverse(other)}"' in settings_nav, (name, other)
        sidebar = html.split('class="tabbar"')[0]
        assert current_links(sidebar) == ["Settings"], name


def test_the_first_run_wizard_does_not_mark_settings(signed_in):
    html = signed_in.get(reverse("preferences:onboarding")).content.decode()
    assert "Settings" not in current_links(html)


def test_signed_out_pages_have_no_shell(client, db):
    html = client.get(reverse("pages:landing")).content.decode()
    assert 'class="tabbar"' not in html
    assert 'class="sidebar"' not in html
    assert "Sign in" in html


def test_the_plan_page_shows_the_users_plan_among_the_others(signed_in, alice):
    from minime.accounts.plans import Plan
    from minime.accounts.services import plan_set

    plan_set(user=alice, plan=Plan.PRO)
    html = signed_in.get(reverse("pages:plan")).content.decode()
    assert "Your plan: Pro" in html
    assert 'data-plan="pro" aria-current="true">Pro <span class="badge">Yours</span>' in html
    assert "built-in engine: no limit" in html  # the test settings use the built-in engine
