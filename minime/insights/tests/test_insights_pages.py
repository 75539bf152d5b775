"""The Insights page: five charts with their tables, the headline, empty states, the CSP's
rules (no script, no style) and a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from minime.insights.tests.helpers import fill


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def _days_this_week() -> int:
    return timezone.localdate().weekday() + 1  # weeks start on Monday by default


def _main(page: str) -> str:
    return page[page.index('<main id="content"') : page.index("</main>")]


def test_signing_in_comes_first(client, db):
    answer = client.get("/insights/")
    assert answer.status_code == 302 and "/accounts/sign-in/" in answer["Location"]


def test_an_empty_workspace_shows_an_empty_state_per_chart(signed_in):
    answer = signed_in.get("/insights/")
    assert answer.status_code == 200
    page = _main(answer.content.decode())
    assert page.count('class="muted insights-empty"') == 5
    assert "No task completed in these weeks yet" in page
    assert "No focus session ended in these weeks" in page
    assert "No routine was due in these weeks" in page
    assert "No decision made in these weeks" in page
    assert 'class="pygal-chart' not in page


def test_the_charts_are_inline_svg_without_script_or_style(signed_in, alice, ws):
    fill(alice, ws, tasks=6)
    page = _main(signed_in.get("/insights/").content.decode())
    svgs = re.findall(r"<svg [^>]*pygal-chart[^>]*>.*?</svg>", page, re.S)
    assert len(svgs) == 5
    for svg in svgs:
        assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg
        assert "viewBox=" in svg
        assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "insights-empty" not in page
    completions = svgs[0]
    assert completions.count('class="rect') == len(
        re.findall(
            r"<tr><th scope=\"row\">",
            page.split('id="insights-completions"')[1].split("</section>")[0],
        )
    )


def test_each_chart_has_a_table_with_the_numbers_and_links(signed_in, alice, ws):
    made = fill(alice, ws, tasks=4)
    page = _main(signed_in.get("/insights/").content.decode())
    assert page.count("Show as a table") == 5
    areas = page.split('id="insights-areas"')[1].split("</section>")[0]
    # 4 tasks: two timed (20 min each), two with their 10-minute estimate; the routine's 15.
    assert f'href="/areas/{made["area"].uuid}/edit/"' in areas
    assert "1 h 15 min" in areas and "Health" in areas
    routines = page.split('id="insights-routines"')[1].split("</section>")[0]
    due = _days_this_week()  # the routine is daily: due each day of this week up to today
    assert f'href="/routines/{made["routine"].uuid}/"' in routines
    assert f"1 of {due} ({round(100 / due)} %)" in routines
    goals = page.split('id="insights-goals"')[1].split("</section>")[0]
    assert f'href="/goals/{made["goal"].uuid}/"' in goals and "50 %" in goals
    assert f'href="/tasks/{made["tasks"][0].uuid}/"' in page  # recently completed
    assert f'href="/decisions/{made["decision"].uuid}/"' in page
    assert "insights/insights.css" in signed_in.get("/insights/").content.decode()


def test_the_headline_compares_this_week_with_last_week(signed_in, alice, ws):
    fill(alice, ws, tasks=1)
    page = _main(signed_in.get("/insights/").content.decode())
    headline = page.split('id="insights-week-title"')[1].split("</section>")[0]
    assert re.search(
        r'insights-number">1</strong>\s*<span class="small muted">Last week: 0', headline
    )
    assert f"{round(100 / _days_this_week())} %" in headline


def test_the_page_makes_the_same_number_of_queries_for_few_or_many_rows(
    signed_in, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    fill(alice, ws, tasks=3)
    with django_assert_max_num_queries(30) as measured:
        assert signed_in.get("/insights/").status_code == 200
    few = len(measured)
    for n in range(3):
        fill(alice, ws, tasks=20, label=f" {n}")
    with django_assert_num_queries(few):
        page = signed_in.get("/insights/").content.decode()
    assert page.count('class="dot level-') >= 4
