"""Free time today and the timeline: the work-day window minus events and timed routines.

Why instants: the window is a wall-clock range ("09:00-20:00 where I live"), but its length must
be measured between instants. Python subtracts two aware datetimes that share a tzinfo as naive
wall times, which is an hour off on a daylight-saving day. So each wall-clock bound is pinned to
the zone first and everything below is computed in UTC; blocks go back to the user's zone only
for display. 00:00-24:00 on 2026-03-29 in Europe/Berlin is 23 h; 2026-11-01 in America/New_York
is 25 h. A bound inside a spring-forward gap moves forward by the gap (02:30 → 03:30 CEST); one in
a fall-back overlap takes its first instance.

Rules:

* The window is ``[workday_start, workday_end)`` today; ``workday_end <= workday_start`` ends it
  the next day, so 00:00-00:00 is the whole day. It applies on every day of the week.
* Free time counts from ``max(now, window start)``, rounded up to the next whole minute: the
  time already gone is not free. After the window's end, there are 0 free minutes.
* Busy time = timed (non-all-day) events + timed routines not done yet (their estimate, else
  ``DEFAULT_ROUTINE_MINUTES``), clipped to the remaining window, overlaps merged. All-day events
  and untimed routines take no time.
* ``free_minutes`` is the sum over free gaps of each gap's whole minutes, exactly the room the
  timeline has for tasks.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from .snapshot import DEFAULT_ROUTINE_MINUTES, Id, Snapshot

__all__ = [
    "Block",
    "Day",
    "Placement",
    "day_of",
    "free_minutes",
    "minutes_between",
    "place",
    "window",
]

BlockKind = Literal["task", "event", "routine"]
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the timeline, in the user's zone. A task too long for any single gap is
    split around what is in the way: its pieces are ``part`` 1..``parts``. ``ref`` is the task's
    or routine's id (None for events)."""

    start: datetime
    end: datetime
    kind: BlockKind
    title: str
    ref: Id | None = None
    part: int = 1
    parts: int = 1

    @property
    def minutes(self) -> int:
        return minutes_between(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Day:
    """Today's time. ``start`` = max(now, window start) rounded up to the minute (never after
    ``window_end``); ``busy`` = events and timed routines clipped to [start, window_end), sorted;
    ``gaps`` = the free intervals between them (UTC); ``free_minutes`` = their whole minutes."""

    window_start: datetime
    window_end: datetime
    start: datetime
    busy: tuple[Block, ...]
    gaps: tuple[tuple[datetime, datetime], ...]
    free_minutes: int


def window(day: date, zone: ZoneInfo, start: time, end: time) -> tuple[datetime, datetime]:
    """The aware (UTC) instants of the wall-clock window ``start``-``end`` on ``day`` in
    ``zone``; an ``end`` not after ``start`` is on the next day."""
    first = datetime.combine(day, start.replace(tzinfo=None), tzinfo=zone).astimezone(UTC)
    end_day = day if end > start else day + timedelta(days=1)
    last = datetime.combine(end_day, end.replace(tzinfo=None), tzinfo=zone).astimezone(UTC)
    return first, last


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from ``start`` to ``end`` (instants; 0 if ``end`` is earlier)."""
    seconds = (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()
    return max(0, int(seconds // 60))


def day_of(snapshot: Snapshot) -> Day:
    """Today's window, busy blocks, free gaps and free minutes (see the module's rules)."""
    zone, rules = snapshot.zone, snapshot.rules
    first, last = window(snapshot.today, zone, rules.workday_start, rules.workday_end)
    now = snapshot.now.astimezone(UTC)
    if now.second or now.microsecond:
        now = now.replace(second=0, microsecond=0) + _MINUTE
    start = min(max(now, first), last)

    busy: list[tuple[datetime, datetime, BlockKind, str, Id | None]] = []
    for event in snapshot.events:
        if not event.all_day:
            busy.append(
                (event.start.astimezone(UTC), event.end.astimezone(UTC), "event", event.title, None)
            )
    for routine in snapshot.routines:
        if routine.exact_time is None or routine.done_today:
            continue
        begins = datetime.combine(
            snapshot.today, routine.exact_time.replace(tzinfo=None), tzinfo=zone
        ).astimezone(UTC)
        length = timedelta(minutes=routine.estimate_minutes or DEFAULT_ROUTINE_MINUTES)
        busy.append((begins, begins + length, "routine", routine.title, routine.id))

    clipped = [
        (max(b, start), min(e, last), kind, title, ref)
        for b, e, kind, title, ref in busy
        if min(e, last) > max(b, start)
    ]
    clipped.sort(key=lambda item: (item[0], item[1], item[2], item[3], str(item[4])))

    gaps: list[tuple[datetime, datetime]] = []
    cursor = start
    for b, e, *_ in clipped:  # sorted by start: a merge of overlaps in one pass
        if b > cursor:
            gaps.append((cursor, b))
        cursor = max(cursor, e)
    if last > cursor:
        gaps.append((cursor, last))

    blocks = tuple(
        Block(b.astimezone(zone), e.astimezone(zone), kind, title, ref)
        for b, e, kind, title, ref in clipped
    )
    return Day(
        window_start=first.astimezone(zone),
        window_end=last.astimezone(zone),
        start=start.astimezone(zone),
        busy=blocks,
        gaps=tuple(gaps),
        free_minutes=sum(minutes_between(b, e) for b, e in gaps),
    )


def free_minutes(snapshot: Snapshot) -> int:
    """Today's free minutes from now (see ``day_of``)."""
    return day_of(snapshot).free_minutes


class Placement(NamedTuple):
    """What ``place`` made of the plan: the ``timeline`` (busy and task blocks, by start), the
    tasks that found no room (``unplaced``), the tasks to be kept whole that no free gap could
    hold and were split instead (``broken``), and the free gap each placed task starts in
    (``gap_of``: an index into ``day.gaps``)."""

    timeline: tuple[Block, ...]
    unplaced: tuple[Id, ...]
    broken: tuple[Id, ...]
    gap_of: dict[Id, int]


def place(
    tasks: Sequence[tuple[Id, str, int]],
    day: Day,
    whole: Collection[Id] = (),
    *,
    first: Id | None = None,
) -> Placement:
    """Lay ``tasks`` — (id, title, minutes), in plan order — into the day's free gaps.

    First the room of some tasks is held: ``first`` (the Start with) from the earliest free
    minute, split over the gaps if the first is short — or, when it is in ``whole`` (deep work),
    whole in the earliest gap that holds it; then each other task in ``whole``, in plan order,
    in the smallest gap that can still hold it. Then, in plan order, each task goes after the
    tasks already in its gap: a held task into its room; any other task whole into the earliest
    gap with room not held for another, else split over that room, earliest first, when there
    is enough of it in total. So the timeline begins with the Start with, within each gap the
    tasks follow the plan, a later, shorter task may fill an earlier hole, and nothing overlaps.
    A task in ``whole`` that no gap can hold is split like the others and reported as
    ``broken``. Task blocks never overlap a busy block and stay inside [day.start, window end).
    """
    if first is not None:
        tasks = sorted(tasks, key=lambda item: item[0] != first)  # stable: the rest keep order
    zone = day.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    # Each gap's used-up prefix: the next free instant and the whole minutes still left; the
    # minutes held in it for whole tasks not placed yet.
    cursors = [b for b, _ in day.gaps]
    room = [minutes_between(b, e) for b, e in day.gaps]
    held = [0] * len(room)
    # Where held tasks go, decided before anything is placed: the Start with first (from the
    # earliest free minute, or whole in the earliest gap that holds it), then each whole task.
    home: dict[Id, list[tuple[int, int]]] = {}
    broken: list[Id] = []
    for ref, _title, minutes in tasks:
        if minutes <= 0 or (ref not in whole and ref != first):
            continue
        fits = [i for i, left in enumerate(room) if left - held[i] >= minutes]
        if ref in whole and fits:
            tightest = min(fits, key=lambda i: (room[i] - held[i], i))
            home[ref] = [(fits[0] if ref == first else tightest, minutes)]
        else:
            if ref in whole:
                broken.append(ref)
            if ref != first:
                continue
            home[ref] = _spread(minutes, [left - held[i] for i, left in enumerate(room)])
        for i, take in home[ref]:
            held[i] += take
    placed: list[Block] = []
    unplaced: list[Id] = []
    gap_of: dict[Id, int] = {}
    for ref, title, minutes in tasks:
        if minutes <= 0:
            continue
        if ref in home:
            pieces = home[ref]
            for i, take in pieces:
                held[i] -= take
        else:
            spare = [left - held[i] for i, left in enumerate(room)]
            whole_in = next((i for i, left in enumerate(spare) if left >= minutes), None)
            pieces = [(whole_in, minutes)] if whole_in is not None else _spread(minutes, spare)
        if not pieces:
            unplaced.append(ref)
            continue
        gap_of[ref] = pieces[0][0]
        for part, (i, take) in enumerate(pieces, start=1):
            begins = cursors[i]
            ends = begins + timedelta(minutes=take)
            cursors[i], room[i] = ends, room[i] - take
            placed.append(
                Block(
                    begins.astimezone(zone),
                    ends.astimezone(zone),
                    "task",
                    title,
                    ref,
                    part,
                    len(pieces),
                )
            )
    order = {"event": 0, "routine": 1, "task": 2}
    timeline = sorted(
        (*day.busy, *placed),
        key=lambda b: (_utc(b.start), _utc(b.end), order[b.kind], b.title, str(b.ref)),
    )
    return Placement(tuple(timeline), tuple(unplaced), tuple(broken), gap_of)


def _spread(minutes: int, spare: list[int]) -> list[tuple[int, int]]:
    """``minutes`` over the ``spare`` minutes of each gap, earliest first, as (gap, minutes)
    pieces; none when they do not add up to enough."""
    if sum(spare) < minutes:
        return []
    pieces, need = [], minutes
    for i, left in enumerate(spare):
        if need and left > 0:
            take = min(left, need)
            pieces.append((i, take))
            need -= take
    return pieces


def _utc(value: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo compare as wall times; at fall-back those repeat.
    return value.astimezone(UTC)
