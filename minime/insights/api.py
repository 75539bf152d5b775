"""/api/v1/insights — the numbers of the last weeks, as the Insights page shows them: per-day
completions and focus, routines (over the period and week by week), life areas against their
targets, goal progress, decisions made, and this week against last week.

The definitions are `minime.insights.selectors.period_numbers`'s; focus is the caller's own.
"""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from minime.core.api import ErrorOut
from minime.core.types import AuthedRequest
from minime.insights import selectors
from minime.insights.selectors import DayCount, ItemRef, RoutineWeek, WeekTotals
from minime.preferences.rules import rules_for

router = Router(tags=["Insights"])


class InsightsItemOut(Schema):
    kind: str = Field(description="task, project, goal, routine, area or decision")
    uuid: UUID
    title: str


class InsightsDayOut(Schema):
    day: date
    value: int


class InsightsRoutineWeekOut(Schema):
    week_start: date
    due: int = Field(description="Occurrences scheduled that week (up to today).")
    done: int
    partly: int
    skipped: int
    percent: int = Field(description="Done (partly done counts half) of due, 0–100.")


class InsightsRoutineOut(Schema):
    routine: InsightsItemOut
    due: int = Field(description="Occurrences scheduled in the period (up to today).")
    done: int
    partly: int
    skipped: int
    percent: int
    weeks: list[InsightsRoutineWeekOut] = Field(description="The weeks something was due.")


class InsightsAreaOut(Schema):
    area: InsightsItemOut
    colour: str
    minutes: int = Field(
        description="Focus on its tasks, its routines' estimates (done; partly: half) and the "
        "estimates of its tasks completed without a focus session."
    )
    completions: int
    target_minutes: int | None = Field(
        description="The weekly target times the period's days / 7; null: no target."
    )


class InsightsGoalOut(Schema):
    goal: InsightsItemOut
    percent: int | None = Field(description="Progress 0–100; null: nothing measures it.")


class InsightsWeekOut(Schema):
    start: date
    end: date = Field(description="The last day counted (today for the current week).")
    completed: int
    focus_minutes: int
    routine_percent: int | None = Field(description="null: no routine was due.")


class InsightsOut(Schema):
    start: date = Field(description="The first day, the first day of a week (your week start).")
    end: date = Field(description="Today, in your time zone.")
    weeks: int
    completed: int
    completed_by_day: list[InsightsDayOut]
    completed_items: list[InsightsItemOut] = Field(description="The latest completed tasks.")
    focus_minutes: int
    focus_by_day: list[InsightsDayOut]
    routines: list[InsightsRoutineOut]
    areas: list[InsightsAreaOut]
    goals: list[InsightsGoalOut]
    decisions_made: list[InsightsItemOut]
    this_week: InsightsWeekOut
    last_week: InsightsWeekOut | None = Field(description="null when weeks is 1.")


@router.get(
    "/insights",
    response={200: InsightsOut, 401: ErrorOut, 422: ErrorOut},
    summary="Insights of the last weeks",
)
def get_insights(
    request: AuthedRequest,
    weeks: Annotated[
        int, Query(ge=1, le=selectors.WEEKS_MAX, description="How many weeks, this one included.")
    ] = selectors.WEEKS_DEFAULT,
) -> InsightsOut:
    """The last `weeks` weeks up to today (weeks start on your week start, days are your time
    zone's): completions and your focus per day, routines, life areas, active goals, decisions
    made, and this week so far against last week."""
    data = selectors.overview(
        workspace=request.workspace,
        user=request.user,
        today=timezone.localdate(),
        week_start=rules_for(request.user).week_start,
        weeks=weeks,
    )
    numbers, grid = data.numbers, data.routine_grid
    by_routine = {next(c for c in row if c is not None).routine.uuid: row for row in grid.rows}
    return InsightsOut(
        start=numbers.start,
        end=numbers.end,
        weeks=data.weeks,
        completed=numbers.completed,
        completed_by_day=[
            InsightsDayOut(day=d.day, value=d.value) for d in numbers.completed_by_day
        ],
        completed_items=[_item(ref) for ref in numbers.completed_items],
        focus_minutes=numbers.focus_minutes,
        focus_by_day=[_day(d) for d in numbers.focus_by_day],
        routines=[
            InsightsRoutineOut(
                routine=_item(r.routine),
                due=r.due,
                done=r.done,
                partly=r.partly,
                skipped=r.skipped,
                percent=r.percent,
                weeks=[
                    _routine_week(week, cell)
                    for week, cell in zip(
                        grid.weeks, by_routine.get(r.routine.uuid, ()), strict=False
                    )
                    if cell is not None
                ],
            )
            for r in numbers.routines
        ],
        areas=[
            InsightsAreaOut(
                area=_item(a.area),
                colour=a.colour,
                minutes=a.minutes,
                completions=a.completions,
                target_minutes=a.target_minutes,
            )
            for a in numbers.areas
        ],
        goals=[InsightsGoalOut(goal=_item(g.goal), percent=g.percent) for g in numbers.goals],
        decisions_made=[_item(ref) for ref in numbers.decisions_made],
        this_week=_week(data.this_week),
        last_week=_week(data.last_week) if data.last_week else None,
    )


def _day(day: DayCount) -> InsightsDayOut:
    return InsightsDayOut(day=day.day, value=day.value)


def _item(ref: ItemRef) -> InsightsItemOut:
    return InsightsItemOut(kind=ref.kind, uuid=ref.uuid, title=ref.title)


def _routine_week(week: date, cell: RoutineWeek) -> InsightsRoutineWeekOut:
    return InsightsRoutineWeekOut(
        week_start=week,
        due=cell.due,
        done=cell.done,
        partly=cell.partly,
        skipped=cell.skipped,
        percent=cell.percent,
    )


def _week(totals: WeekTotals) -> InsightsWeekOut:
    return InsightsWeekOut(
        start=totals.start,
        end=totals.end,
        completed=totals.completed,
        focus_minutes=totals.focus_minutes,
        routine_percent=totals.routine_percent,
    )
