"""Charts drawn on the server with pygal, each with a table that says the same in words.

Every function takes plain data (the dataclasses of `minime.insights.selectors`, or lists of
them) and returns a `Chart`: ``chart.svg`` is the SVG to inline in the page (``{{ chart }}``
prints it), ``chart.table`` the same numbers as a table (a screen reader's way in, and anyone's
who wants the numbers), ``chart.empty`` says there is nothing to draw (the template then shows
``chart.empty_text`` instead of an empty axis). `templates/insights/_chart.html` draws one.

The page's Content-Security-Policy allows no inline script or style, so the SVG pygal writes is
cleaned before it reaches a page: no ``<script>``, no ``<style>``, no ``style=""`` attribute, no
tooltips (they need pygal's script). Its elements keep pygal's classes (``.axis``, ``.guide``,
``.series.color-0 .rect``…), which `static/insights/insights.css` colours with the app's custom
properties, so the charts follow the light and dark palettes. The SVG has a viewBox and no size:
CSS makes it as wide as its box (legible down to 320 px wide), ``role="img"`` and a ``<title>``
name it.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pygal  # type: ignore[import-untyped]
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style  # type: ignore[import-untyped]

from minime.insights.selectors import AreaWeek, DayCount, GoalProgressRef, ItemRef, RoutineWeek

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 360  # the viewBox: text 13 units high stays legible from 320 px wide
HEIGHT = 200
FONT = 13
LABEL_MAX = 22  # longer names are cut in the chart (the table has them whole)
ROUTINES_DRAWN = 12  # the heatmap's rows; the table lists every routine
NOTHING_MEASURED = "Nothing to measure yet"
LEVELS = 4  # the heatmap colours a week's completion in quarters (level-0 … level-4)

_STYLE = Style(
    font_family="system-ui, sans-serif",
    label_font_size=FONT,
    major_label_font_size=FONT,
    value_font_size=FONT,
    legend_font_size=FONT,
    title_font_size=FONT + 2,
    tooltip_font_size=FONT,
    no_data_font_size=FONT + 2,
    background="transparent",
    plot_background="transparent",
)
_CONFIG: dict[str, Any] = {
    "js": [],
    "css": [],
    "no_prefix": True,
    "disable_xml_declaration": True,
    "style": _STYLE,
    "width": WIDTH,
    "height": HEIGHT,
    "margin": 8,
    "spacing": 6,
    "show_legend": False,
    "legend_at_bottom": True,
    "legend_box_size": FONT,
    "print_values": False,
    "show_x_guides": False,
    "truncate_label": -1,  # labels are cut here (``_short``), never by pygal
    "truncate_legend": -1,
}
DETAIL_URLS = {
    "task": "tasks:detail",
    "project": "tasks:project",
    "goal": "goals:detail",
    "routine": "routines:detail",
    "area": "areas:edit",
    "decision": "decisions:detail",
}


# --- What a chart is ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""  # a link to the item the cell names, when there is one


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]  # the first cell of a row is its header


@dataclass(frozen=True)
class Chart:
    """An SVG chart and its table. ``str(chart)`` and ``{{ chart }}`` give the SVG ("" when
    empty)."""

    key: str  # a short name, for ids and classes ("completions", "focus", …)
    title: str
    svg: SafeString
    table: Table
    empty: bool
    empty_text: str
    summary: str = ""  # one sentence under the title ("42 tasks completed")
    legend: tuple[tuple[str, str], ...] = field(default=())  # (css class, label) pairs

    def __str__(self) -> str:
        return "" if self.empty else str(self.svg)

    def __html__(self) -> str:
        return str(self)


def item_url(ref: ItemRef) -> str:
    """The page of the item `ref` names."""
    return reverse(DETAIL_URLS[ref.kind], kwargs={"uuid": ref.uuid})


# --- The charts ---------------------------------------------------------------------------------
def completions_chart(days: Sequence[DayCount]) -> Chart:
    """Tasks completed per day (``PeriodNumbers.completed_by_day``), a bar a day."""
    total = sum(d.value for d in days)
    return _daily(
        "completions",
        "Tasks completed",
        days,
        column="Completed",
        unit=lambda n: str(n),
        summary=f"{total} task{'' if total == 1 else 's'} completed",
        empty_text="No task completed in these weeks yet. Each one you finish adds a bar here.",
    )


def focus_chart(days: Sequence[DayCount]) -> Chart:
    """Focus minutes per day (``PeriodNumbers.focus_by_day``), a bar a day."""
    total = sum(d.value for d in days)
    return _daily(
        "focus",
        "Focus time",
        days,
        column="Focus",
        unit=minutes_text,
        summary=f"{minutes_text(total)} of focus",
        empty_text="No focus session ended in these weeks. Start one from the Focus page.",
    )


def routines_chart(weeks: Sequence[date], rows: Sequence[Sequence[RoutineWeek | None]]) -> Chart:
    """Routine completion as a heatmap: a row per routine, a column per week (`weeks` are the
    weeks' first days). ``rows[i][j]`` is routine i in week j (``RoutineWeek``), None when
    nothing was due that week; each row names the same routine (``routine_weeks`` gives this
    shape). A cell's colour is the week's completion in quarters."""
    headers = tuple(_day_label(w) for w in weeks)
    named = [row for row in rows if any(cell is not None for cell in row)]
    table_rows = tuple(
        (
            _ref_cell(_routine_of(row)),
            *(Cell("Not due") if c is None else Cell(_routine_cell(c)) for c in row),
        )
        for row in named
    )
    table = Table("Routines by week (done of due)", ("Routine", *headers), table_rows)
    empty_text = "No routine was due in these weeks. Routines you add show their weeks here."
    if not named:
        return _empty("routines", "Routines", table, empty_text)
    drawn = named[:ROUTINES_DRAWN]
    chart = _make(pygal.Dot, height=max(120, 40 + 26 * len(drawn)), show_y_guides=False)
    step = -(-len(weeks) // 3)  # three labels at most: the columns are narrow
    chart.x_labels = [_day_label(w) if n % step == 0 else "" for n, w in enumerate(weeks)]
    for row in drawn:
        values = [None if c is None else c.percent for c in row]
        chart.add(_short(_routine_of(row).title), values)
    svg = _clean(chart, "Routines: completion by week", heatmap=True)
    percent = [c.percent for row in named for c in row if c is not None]
    average = round(sum(percent) / len(percent)) if percent else 0
    legend = tuple((f"level-{n}", _level_label(n)) for n in range(LEVELS + 1))
    return Chart(
        "routines",
        "Routines",
        svg,
        table,
        False,
        empty_text,
        f"{average} % done on average, week by week",
        legend,
    )


def areas_chart(areas: Sequence[AreaWeek]) -> Chart:
    """Time per life area (``PeriodNumbers.areas``) against its target for the period."""
    rows = tuple(
        (
            _ref_cell(a.area),
            Cell(minutes_text(a.minutes)),
            Cell("No target" if a.target_minutes is None else minutes_text(a.target_minutes)),
            Cell(str(a.completions)),
        )
        for a in areas
    )
    table = Table("Life areas", ("Area", "Time", "Target", "Tasks completed"), rows)
    empty_text = (
        "No time or target to show yet. Give your life areas a weekly target, or work in them."
    )
    shown = [a for a in areas if a.minutes or a.target_minutes]
    if not shown:
        return _empty("areas", "Life areas", table, empty_text)
    chart = _make(pygal.HorizontalBar, height=max(120, 40 + 34 * len(shown)))
    chart.x_labels = [_short(a.area.title) for a in shown]
    chart.add("Time", [_hours(a.minutes) for a in shown])
    chart.add("Target", [_hours(a.target_minutes) if a.target_minutes else None for a in shown])
    chart.value_formatter = _hours_text
    top = max(max(a.minutes, a.target_minutes or 0) for a in shown)
    chart.y_labels = _ticks(_hours(top))
    svg = _clean(chart, "Life areas: hours spent against target")
    on_target = sum(1 for a in shown if a.target_minutes and a.minutes >= a.target_minutes)
    targets = sum(1 for a in shown if a.target_minutes)
    summary = f"{on_target} of {targets} targets met" if targets else "No targets set"
    legend = (("color-0", "Time spent"), ("color-1", "Target"))
    return Chart("areas", "Life areas", svg, table, False, empty_text, summary, legend)


def goals_chart(goals: Sequence[GoalProgressRef]) -> Chart:
    """How far each active goal is (``PeriodNumbers.goals``), 0–100 %."""
    rows = tuple(
        (
            _ref_cell(g.goal),
            Cell(NOTHING_MEASURED if g.percent is None else f"{g.percent} %"),
        )
        for g in goals
    )
    table = Table("Goal progress", ("Goal", "Progress"), rows)
    empty_text = (
        "No active goal with progress to show. Add milestones, a measure or tasks to a goal."
    )
    shown = [g for g in goals if g.percent is not None]
    if not shown:
        return _empty("goals", "Goals", table, empty_text)
    chart = _make(pygal.HorizontalBar, height=max(120, 40 + 30 * len(shown)), range=(0, 100))
    chart.x_labels = [_short(g.goal.title) for g in shown]
    chart.add("Progress", [g.percent for g in shown])
    chart.y_labels = [0, 25, 50, 75, 100]
    chart.value_formatter = lambda v: f"{v:.0f} %"
    svg = _clean(chart, "Goals: progress in percent")
    average = round(sum(g.percent or 0 for g in shown) / len(shown))
    summary = f"{len(shown)} goal{'' if len(shown) == 1 else 's'}, {average} % on average"
    return Chart("goals", "Goals", svg, table, False, empty_text, summary)


def minutes_text(value: int | None) -> str:
    """25 → "25 min", 95 → "1 h 35 min", 120 → "2 h"."""
    hours, rest = divmod(int(value or 0), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


# --- Helpers ------------------------------------------------------------------------------------
def _daily(
    key: str,
    title: str,
    days: Sequence[DayCount],
    *,
    column: str,
    unit: Callable[[int], str],
    summary: str,
    empty_text: str,
) -> Chart:
    rows = tuple((Cell(_day_label(d.day, weekday=True)), Cell(unit(d.value))) for d in days)
    first, last = (days[0].day, days[-1].day) if days else (None, None)
    caption = f"{title} per day" + (
        f", {_day_label(first)} to {_day_label(last)}" if first and last else ""
    )
    table = Table(caption, ("Day", column), rows)
    if not any(d.value for d in days):
        return _empty(key, title, table, empty_text)
    chart = _make(pygal.Bar, show_minor_x_labels=False)
    chart.x_labels = [_day_label(d.day) for d in days]
    chart.x_labels_major = [_day_label(d.day) for n, d in enumerate(days) if n % 14 == 0]
    values = [d.value for d in days]
    chart.add(title, values)
    chart.y_labels = _ticks(max(values))
    svg = _clean(chart, f"{title} per day, {len(days)} days")
    return Chart(key, title, svg, table, False, empty_text, summary)


def _make(kind: Any, **options: Any) -> Any:
    """A pygal chart of `kind` with the shared configuration, `options` on top."""
    return kind(**{**_CONFIG, **options})


def _empty(key: str, title: str, table: Table, text: str) -> Chart:
    return Chart(key, title, mark_safe(""), table, True, text)


def _ticks(top: float) -> list[float]:
    """Up to five round ticks from 0 covering `top`: 0, 1, 2 … or 0, 5, 10 …"""
    if top <= 0:
        return [0, 1]
    step: float = 1
    for candidate in (1, 2, 5, 10, 15, 20, 25, 30, 50, 60, 100, 120, 150, 200, 250, 300, 500):
        step = candidate
        if top / candidate <= 4:
            break
    else:
        while top / step > 4:
            step *= 2
    count = int(-(-top // step))  # ceiling
    return [n * step for n in range(count + 1)]


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def _hours_text(value: float | None) -> str:
    return "" if value is None else f"{value:g} h"


def _day_label(day: date, *, weekday: bool = False) -> str:
    text = f"{day.day} {day:%b}"
    return f"{day:%a} {text}" if weekday else text


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def _ref_cell(ref: ItemRef) -> Cell:
    return Cell(ref.title, item_url(ref))


def _routine_of(row: Iterable[RoutineWeek | None]) -> ItemRef:
    return next(cell.routine for cell in row if cell is not None)


def _routine_cell(week: RoutineWeek) -> str:
    text = f"{week.done} of {week.due}"
    if week.partly:
        text += f", {week.partly} partly"
    if week.skipped:
        text += f", {week.skipped} skipped"
    return f"{text} ({week.percent} %)"


def _level(percent: float) -> int:
    """0 for nothing done, else 1–LEVELS: the quarter the completion falls in."""
    if percent <= 0:
        return 0
    return min(LEVELS, max(1, -(-int(percent) * LEVELS // 100)))


def _level_label(level: int) -> str:
    if level == 0:
        return "None done"
    low = (level - 1) * 100 // LEVELS + 1
    return f"{low}–{level * 100 // LEVELS} %"


def _clean(chart: Any, label: str, *, heatmap: bool = False) -> SafeString:
    """pygal's SVG without what the CSP refuses (script, style element and attributes) and
    without what only pygal's script uses (tooltips, value descriptions), named by `label`."""
    root = chart.render_tree()  # an ElementTree element: no serialising and parsing again
    tag = _tag_of
    for parent in list(root.iter()):
        for child in list(parent):
            name = tag(child)
            classes = child.get("class", "").split()
            if heatmap and name == "g" and "dots" in classes:
                _heat(child)
            if (
                name in {"", "script", "style", "defs", "desc"}  # "": a comment
                or (name == "title" and parent is not root)
                or (name == "g" and ({"tooltip-overlay", "overlay", "text-overlay"} & set(classes)))
            ):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        if element.get("id") == "":
            del element.attrib["id"]
        for name in _GEOMETRY & set(element.attrib):
            element.set(name, _DECIMALS.sub(r"\1", element.get(name, "")))
    if heatmap:
        _size_dots(root)
    for child in list(root):
        if tag(child) == "title":
            root.remove(child)
    title = ET.Element("title")
    title.text = label
    root.insert(0, title)
    root.set("class", f"{root.get('class', '')} insights-chart".strip())
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    return mark_safe(ET.tostring(root, encoding="unicode"))


_GEOMETRY = {"x", "y", "width", "height", "cx", "cy", "r", "d", "transform"}
_DECIMALS = re.compile(r"(\d+\.\d)\d+")  # a tenth of a unit is plenty (and halves the size)


def _tag_of(element: ET.Element) -> str:
    """The element's name without its namespace; "" for a comment."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _heat(dots: ET.Element) -> None:
    """Class a heatmap cell by its value's level (read from pygal's value description)."""
    value = next(
        (d.text for d in dots if _tag_of(d) == "desc" and "value" in d.get("class", "")), None
    )
    for circle in dots:
        if _tag_of(circle) == "circle":
            level = _level(float(value or 0))
            circle.set("class", f"dot level-{level}")


def _size_dots(root: ET.Element) -> None:
    """Every heatmap cell the same size (pygal sizes dots by value): as large as the grid
    allows."""
    circles = [c for c in root.iter() if _tag_of(c) == "circle"]
    xs = sorted({float(c.get("cx", 0)) for c in circles})
    ys = sorted({float(c.get("cy", 0)) for c in circles})
    gaps = [b - a for a, b in itertools.pairwise(xs)] + [b - a for a, b in itertools.pairwise(ys)]
    radius = min([*gaps, 26.0]) * 0.42
    for circle in circles:
        circle.set("r", f"{radius:.1f}")


def format_cell(cell: Cell) -> SafeString:
    """A cell as HTML: a link when it names an item."""
    if cell.href:
        return format_html('<a href="{}">{}</a>', cell.href, cell.text)
    return format_html("{}", cell.text)


def weeks_of(start: date, end: date) -> list[date]:
    """The first day of each 7-day week from `start` up to `end`."""
    return [start + timedelta(days=7 * n) for n in range(((end - start).days // 7) + 1)]
