"""The Insights page: the last weeks in five charts drawn on the server, each with its table,
and this week against last week. It is all server-rendered: nothing needs JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minime.core.types import AuthedRequest
from minime.insights import charts, selectors
from minime.preferences.rules import rules_for


@login_required
@require_GET
def insights_index(request: AuthedRequest) -> HttpResponse:
    """The last WEEKS_DEFAULT weeks up to today (the user's day): completions, focus,
    routines, life areas and goals, with the items they name. A fixed number of queries."""
    today = timezone.localdate()
    data = selectors.overview(
        workspace=request.workspace,
        user=request.user,
        today=today,
        week_start=rules_for(request.user).week_start,
        weeks=selectors.WEEKS_DEFAULT,
    )
    numbers, grid = data.numbers, data.routine_grid
    context = {
        "data": data,
        "numbers": numbers,
        "charts": [
            charts.completions_chart(numbers.completed_by_day),
            charts.focus_chart(numbers.focus_by_day),
            charts.routines_chart(grid.weeks, grid.rows),
            charts.areas_chart(numbers.areas),
            charts.goals_chart(numbers.goals),
        ],
        "completed_items": [(ref, charts.item_url(ref)) for ref in numbers.completed_items],
        "decisions": [(ref, charts.item_url(ref)) for ref in numbers.decisions_made],
    }
    return render(request, "insights/index.html", context)
