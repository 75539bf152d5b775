"""Every sentence Today shows, in one place, so the wording stays calm, plain and consistent.

Reason texts are clauses that complete "Start with: <task> — ..." ("its deadline is tomorrow"), so
they start in lower case and carry no full stop. Card texts are whole sentences. Dates and
durations are formatted here without the locale (the server's locale must not change the page).
"""

from __future__ import annotations

from datetime import date, time

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# --- Formatting -------------------------------------------------------------------------------


def duration(minutes: int) -> str:
    """ "45 min", "2 h", "2 h 30 min"."""
    minutes = max(0, minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def clock(value: time) -> str:
    """ "14:05"."""
    return f"{value.hour:02d}:{value.minute:02d}"


def day(value: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", a weekday within the coming or past week ("Friday",
    "last Friday"), else "12 March" (with the year when it isn't this year's)."""
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return WEEKDAYS[value.weekday()]
    if -7 < delta < -1:
        return f"last {WEEKDAYS[value.weekday()]}"
    text = f"{value.day} {MONTHS[value.month - 1]}"
    return text if value.year == today.year else f"{text} {value.year}"


def on_day(value: date, today: date) -> str:
    """ "tomorrow", "on Friday", "on 12 March": a day after a verb."""
    word = day(value, today)
    return word if word in ("today", "tomorrow", "yesterday") else f"on {word}"


def span(days: int) -> str:
    """ "9 days" (up to 20), "3 weeks" (up to 59 days), "4 months"."""
    if days < 21:
        return "1 day" if days == 1 else f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    return f"{days // 30} months"


def count(n: int, one: str, many: str) -> str:
    """ "1 task", "3 tasks"."""
    return f"{n} {one if n == 1 else many}"


def join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# --- Reasons (clauses) ----------------------------------------------------------------------

PRIORITY = {3: "it's high priority", 2: "it's medium priority", 1: "it's low priority"}
PINNED = "you pinned it to today"
FITS = "it fits in the time you have left today"
DOESNT_FIT = "it won't fit in the time left today"
ENERGY_TOO_HIGH = "it needs more energy than you have today"


def energy_match(energy: str) -> str:
    return f"it suits your {energy} energy today"


def overdue(days: int, due_time: time | None) -> str:
    if days <= 0:
        return f"it was due at {clock(due_time)} today" if due_time else "it's due today"
    if days == 1:
        return "it was due yesterday"
    return f"it's {days} days overdue"


def due(due_date: date, due_time: time | None, today: date) -> str:
    if due_date == today:
        return f"it's due today at {clock(due_time)}" if due_time else "it's due today"
    delta = (due_date - today).days
    if delta == 1:
        return "its deadline is tomorrow"
    return (
        f"it's due on {WEEKDAYS[due_date.weekday()]}" if delta < 7 else f"it's due in {delta} days"
    )


def project_deadline(title: str, deadline: date, today: date) -> str:
    if deadline < today:
        return f"its project {title} is overdue"
    return f"its project {title} is due {on_day(deadline, today)}"


def goal(title: str) -> str:
    return f"it moves your goal {title} forward"


def area_importance(name: str, importance: int) -> str:
    if importance >= 5:
        return f"it's in {name}, one of your most important areas"
    if importance == 4:
        return f"it's in {name}, an area that matters to you"
    return f"it's in {name}, an area you ranked lower"


def area_neglect(name: str, days: int | None) -> str:
    if days is None:
        return f"nothing has moved in {name} yet"
    return f"nothing has moved in {name} for {span(days)}"


def waiting(days: int) -> str:
    return f"it has been waiting for {span(days)}"


def planned(do_on: date, today: date) -> str:
    return f"you planned it for {day(do_on, today)}"


def snoozed(back_on: date, today: date) -> str:
    return f"you snoozed it until {day(back_on, today)}"


# --- Cards (sentences) ------------------------------------------------------------------------


def start_with(title: str, reasons: list[str], step: str | None = None) -> str:
    """ "Start with: Finish the product page — its deadline is tomorrow and it moves your goal
    Launch v2 forward." From at most the two strongest reasons. With a next ``step``: "Start
    with: Draft the copy — next: Headline and subhead. Its deadline is tomorrow." """
    return _lead(f"Start with: {title}", reasons, step, "it's the best next step on your list")


def start_on(day_label: str, title: str, reasons: list[str], step: str | None = None) -> str:
    """ "Tomorrow, start with: Send the invoice — it's due tomorrow." """
    return _lead(f"{day_label[:1].upper()}{day_label[1:]}, start with: {title}", reasons, step)


def _lead(lead: str, reasons: list[str], step: str | None, otherwise: str | None = None) -> str:
    because = join(reasons[:2]) or otherwise
    if step is not None:
        lead = f"{lead} — next: {step}."
        return f"{lead} {because[:1].upper()}{because[1:]}." if because else lead
    return f"{lead} — {because}." if because else f"{lead}."


def fits_gap(minutes: int, before: str | None, ends: time) -> str:
    """Why a task further down the ranking is in the plan: "it fits the 30 min before Team sync
    at 14:00", "it fits the 45 min left before your work day ends at 20:00"."""
    if before is not None:
        return f"it fits the {duration(minutes)} before {before} at {clock(ends)}"
    return f"it fits the {duration(minutes)} left before your work day ends at {clock(ends)}"


def no_block(tasks: list[tuple[str, int]], total: int, longest: int) -> str:
    """The no-block card: "No free block today is long enough for Write the essay (2 h): the
    longest is 45 min." """
    named = join([f"{title} ({duration(minutes)})" for title, minutes in tasks])
    if total > len(tasks):
        named = f"{named} and {count(total - len(tasks), 'other task', 'other tasks')}"
    longest_text = f"the longest is {duration(longest)}" if longest else "no time is free"
    return f"No free block today is long enough for {named}: {longest_text}."


def day_over(ended: time, day_label: str, first: str | None) -> str:
    """The evening's card: the work day is over, and what the next one starts with."""
    said = f"Your work day ended at {clock(ended)}."
    if first is None:
        return (
            f"{said} Nothing is waiting for {day_label} yet: rest, or capture what's on your mind."
        )
    return f"{said} Rest now: {day_label} starts with {first}."


FIRST_DAY = (
    "Welcome! Your first step: add one task you want to get done today, "
    "or capture whatever is on your mind. Mini Me will turn it into a plan."
)
ALL_CLEAR = (
    "Nothing is waiting for you today. Capture what's on your mind, "
    "or add a next step to a project."
)


def quick_win(minutes: int) -> str:
    return f"It takes {duration(minutes)} and little energy: an easy way to get going."


def project_next_step(title: str) -> str:
    return f"{title} has no next step. Add one so it keeps moving."


def goal_first_step(title: str) -> str:
    return f"{title} has nothing linked to it yet. Add a first step."


def overdue_tasks(n: int) -> str:
    return f"{count(n, 'task is', 'tasks are')} overdue."


def stuck_project(title: str, open_tasks: int, days: int | None) -> str:
    if open_tasks == 0:
        return f"{title} has no open task."
    if days is None:
        return f"Nothing in {title} has been completed yet."
    return f"Nothing in {title} was completed for {span(days)}."


def goal_no_work(title: str, days: int | None) -> str:
    if days is None:
        return f"{title} has no work linked to it."
    return f"Nothing has moved toward {title} for {span(days)}."


def decision_overdue(title: str, days: int) -> str:
    """ "Decide: Which laptop? — the deadline was 3 days ago." (``days`` since the deadline,
    at least 1: a deadline of today is not past.)"""
    ago = "yesterday" if days <= 1 else f"{span(days)} ago"
    return f"Decide: {title} — the deadline was {ago}."


def decision_revisit(title: str) -> str:
    """ "Time to revisit: Move to Lisbon — what actually happened?" """
    return f"Time to revisit: {title} — what actually happened?"


def capture_backlog(items: int, oldest_days: int) -> str:
    waiting_items = f"{count(items, 'item waits', 'items wait')} in your inbox"
    if oldest_days <= 0:
        return f"{waiting_items}."
    return f"{waiting_items}; the oldest is {count(oldest_days, 'day', 'days')} old."


def focus_budget(focus_minutes: int, cap: int | None, free_minutes: int) -> str:
    """Where the focus budget (Do first + Do next) comes from: "3 h focus budget (the time you
    said you have for focused work, up to 4 h)"."""
    if cap is None or cap >= free_minutes:
        return f"{duration(focus_minutes)} focus budget (all your free time)"
    return (
        f"{duration(focus_minutes)} focus budget (the time you said you have for focused work; "
        "change it in your preferences)"
    )


def overload(planned_minutes: int, free_minutes: int) -> str:
    """ "5 h planned, 2 h free"."""
    return f"{duration(planned_minutes)} planned, {duration(free_minutes)} free"


def overload_detail(events: list[tuple[str, int]], *, begun: bool, met: bool) -> str:
    """The meetings behind an overloaded day, true at any hour: ``events`` are the biggest still
    ahead (title, minutes left), ``begun`` whether one of the day's meetings has already begun,
    ``met`` whether the day has any timed meeting at all."""
    if not events:
        if met:
            return "No more meetings today: the tasks alone don't fit the time left."
        return "No meetings today: the tasks alone don't fit."
    named = join([f"{title} ({duration(minutes)})" for title, minutes in events])
    word = "event" if len(events) == 1 else "events"
    when = "still ahead" if begun else "today"
    return f"Your biggest {word} {when}: {named}."


def move_reason(*, pinned: bool, promised: bool) -> str:
    if pinned:
        return "You pinned it, but today is full."
    if promised:
        return "You planned it for today, but today is full."
    return "It ranks lowest of what's planned today."


def simplify(moves: int, to: date, today: date, planned_minutes: int, free_minutes: int) -> str:
    text = (
        f"Move {count(moves, 'task', 'tasks')} to {day(to, today)}: "
        f"{duration(planned_minutes)} planned, {duration(free_minutes)} free."
    )
    if planned_minutes > free_minutes:
        text += " That is all that can move: the rest is due today or late."
    return text
