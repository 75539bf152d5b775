"""A believable workspace for the demo account, made through the same services as the app.

Dates are relative to `today`, so the demo always looks current: a few things overdue, a few due
today, a recurring task or two, routines with a few weeks of history, an inbox with ideas.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from minime.accounts.models import User
from minime.accounts.services import user_create
from minime.automations.demo import populate as populate_automations
from minime.capture.models import CaptureKind
from minime.capture.services import capture_add
from minime.core.db import as_user
from minime.decisions.demo import populate as populate_decisions
from minime.focus.demo import populate as populate_focus
from minime.goals.services import (
    goal_create,
    goal_set_measure,
    milestone_complete,
    milestone_create,
)
from minime.preferences.onboarding import onboarding_finish, onboarding_save
from minime.reviews.demo import populate as populate_reviews
from minime.routines.services import cadence_rule, check_in, routine_create, skip
from minime.tasks.models import Task
from minime.tasks.services import project_create, task_complete, task_create
from minime.workspaces.models import Colour, Workspace
from minime.workspaces.services import membership_add, workspace_create_shared

DEMO_PARTNER_EMAIL = "sam@minime.local"  # the demo's housemate: an account no one can sign in to

# (days ago, title, fields) of tasks done lately; "project" and "area" name the demo's own.
_DONE_LATELY: tuple[tuple[int, str, dict[str, Any]], ...] = (
    (1, "Send the new screenshots brief to the design team", {"project": "page"}),
    (1, "Book the running shoes fitting", {"area": "Health", "estimate_minutes": 10}),
    (2, "Outline the three benefits", {"project": "page", "estimate_minutes": 45}),
    (3, "Measure the sink cabinet", {"project": "kitchen", "estimate_minutes": 15}),
    (3, "Reply to Lucía about the dates", {"area": "Relationships", "estimate_minutes": 10}),
    (4, "Pick the tile colour", {"project": "kitchen", "estimate_minutes": 20}),
    (6, "Spanish lesson 3: ordering food", {"area": "Growth", "estimate_minutes": 30}),
    (8, "Collect quotes from two plumbers", {"project": "kitchen", "estimate_minutes": 30}),
    (8, "Audit the old product page", {"project": "page", "estimate_minutes": 60}),
    (9, "Pay the electricity bill", {"area": "Home", "estimate_minutes": 10}),
    (10, "Interview two customers about pricing", {"project": "page", "estimate_minutes": 60}),
    (11, "Call Grandma", {"area": "Relationships", "estimate_minutes": 20}),
    (13, "Spanish lesson 2: greetings", {"area": "Growth", "estimate_minutes": 30}),
    (15, "Write the relaunch brief", {"project": "page", "estimate_minutes": 90}),
    (16, "Clear out the kitchen drawers", {"project": "kitchen", "estimate_minutes": 45}),
    (17, "Renew the gym membership", {"area": "Health", "estimate_minutes": 10}),
    (19, "Spanish lesson 1: the alphabet", {"area": "Growth", "estimate_minutes": 30}),
)


def populate_demo(*, user: User, workspace: Workspace, today: date) -> None:
    with as_user(user.pk):
        _populate(user, workspace, today)


def _populate(user: User, ws: Workspace, today: date) -> None:
    day = timedelta(days=1)
    onboarding_save(
        user=user,
        primary_needs=["tasks", "goals", "routines"],
        guidance="suggest",
        available_time="2-4",
        default_energy="medium",
        planning_style="morning",
    )
    areas = {
        a.name: a
        for a in onboarding_finish(
            user=user, workspace=ws, areas=["Health", "Work", "Relationships", "Growth", "Home"]
        )
    }

    # Goals and milestones
    run = goal_create(
        workspace=ws,
        title="Run a 10k in under an hour",
        why="Feel strong and have energy for the kids.",
        area=areas["Health"],
        target_date=today + 60 * day,
    )
    goal_set_measure(goal=run, target=Decimal(100), unit="km run", current=Decimal(38))
    for i, title in enumerate(["Run 5k without stopping", "Run 8k", "Run 10k"]):
        milestone = milestone_create(goal=run, title=title, target_date=today + (15 + 20 * i) * day)
        if i == 0:
            milestone_complete(milestone=milestone)
    launch = goal_create(
        workspace=ws,
        title="Launch the new product page",
        why="The old one loses visitors; this is the quarter's big bet.",
        area=areas["Work"],
        target_date=today + 21 * day,
    )
    spanish = goal_create(
        workspace=ws,
        title="Hold a conversation in Spanish",
        why="Talk with Lucía's family on the summer trip.",
        area=areas["Growth"],
        target_date=today + 180 * day,
    )

    # Projects
    page = project_create(
        workspace=ws,
        title="Product page relaunch",
        description="New copy, screenshots and pricing table.",
        area=areas["Work"],
        goal=launch,
        deadline=today + 14 * day,
    )
    kitchen = project_create(
        workspace=ws, title="Fix up the kitchen", area=areas["Home"], deadline=today + 45 * day
    )
    project_create(workspace=ws, title="Plan the summer trip", area=areas["Relationships"])

    # Tasks: some done, some overdue, some today, some later, a few recurring
    def add(title: str, **fields: Any) -> Task:
        return task_create(workspace=ws, title=title, created_by=user, **fields)

    draft = add(
        "Draft the new product page copy",
        project=page,
        priority=3,
        due_date=today + day,
        estimate_minutes=90,
        energy="high",
        deep_work=True,
        labels=["deep work"],
        goal=launch,
    )
    for step in ["Headline and subhead", "Three benefits", "Call to action"]:
        task_create(workspace=ws, title=step, parent=draft, created_by=user)
    add(
        "Collect screenshots from the design team",
        project=page,
        due_date=today,
        estimate_minutes=15,
        labels=["email"],
    )
    add(
        "Review the pricing table with Sam",
        project=page,
        priority=2,
        due_date=today + 3 * day,
        estimate_minutes=30,
    )
    done = add("Write the launch announcement outline", project=page, estimate_minutes=25)
    task_complete(task=done, user=user)
    # What got done over the last three weeks, for Insights, the reviews and the Assistant's week
    zone = ZoneInfo(user.time_zone)
    for back, title, fields in _DONE_LATELY:
        if "project" in fields:
            fields = {**fields, "project": {"page": page, "kitchen": kitchen}[fields["project"]]}
        if "area" in fields:
            fields = {**fields, "area": areas[fields["area"]]}
        finished = add(title, **fields)
        when = datetime.combine(today - back * day, time(11 + back % 6), tzinfo=zone)
        task_complete(task=finished, user=user, now=when)
    add(
        "Call the plumber about the sink",
        project=kitchen,
        priority=3,
        due_date=today - 2 * day,
        estimate_minutes=10,
        energy="low",
        labels=["calls"],
    )
    add(
        "Pick paint colours",
        project=kitchen,
        due_date=today + 10 * day,
        estimate_minutes=30,
        area=areas["Home"],
    )
    add(
        "Book the dentist",
        priority=2,
        due_date=today - day,
        estimate_minutes=5,
        energy="low",
        area=areas["Health"],
        labels=["calls"],
    )
    add(
        "Renew the car insurance",
        priority=3,
        due_date=today + 5 * day,
        estimate_minutes=20,
        labels=["admin"],
    )
    add(
        "Read chapter 4 of the Spanish course",
        goal=spanish,
        do_on=today,
        estimate_minutes=30,
        area=areas["Growth"],
    )
    add(
        "Long run: 8 km",
        goal=run,
        due_date=today + 2 * day,
        estimate_minutes=55,
        energy="high",
        area=areas["Health"],
    )
    add("Water the plants", due_date=today, due_time=time(18, 0), estimate_minutes=5, energy="low",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TH", area=areas["Home"])  # fmt: skip
    add("Weekly review", due_date=today + ((4 - today.weekday()) % 7) * day, due_time=time(16, 0),
        estimate_minutes=30, recurrence="FREQ=WEEKLY;BYDAY=FR")  # fmt: skip
    first_of_next_month = (today.replace(day=1) + 32 * day).replace(day=1)
    add("Pay the rent", due_date=first_of_next_month, recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
        priority=2, estimate_minutes=5, labels=["admin"])  # fmt: skip
    add("Call Mum", due_date=today + 4 * day, estimate_minutes=20, area=areas["Relationships"],
        recurrence="FREQ=DAILY;INTERVAL=7", repeat_from="completion")  # fmt: skip

    # Routines with a few weeks of history
    morning = routine_create(
        workspace=ws,
        title="Morning stretch",
        recurrence=cadence_rule("daily"),
        starts_on=today - 28 * day,
        exact_time=time(7, 15),
        estimate_minutes=10,
        area=areas["Health"],
        steps=["Neck and shoulders", "Hips", "Hamstrings"],
    )
    reading = routine_create(
        workspace=ws,
        title="Spanish flashcards",
        recurrence=cadence_rule("weekdays"),
        starts_on=today - 28 * day,
        time_of_day="evening",
        estimate_minutes=15,
        area=areas["Growth"],
    )
    for back in range(28, 0, -1):
        past = today - back * day
        if back % 9 == 0:
            skip(routine=morning, day=past, today=today)
        elif back % 6 != 0:
            check_in(routine=morning, day=past, status="done", today=today)
        if past.weekday() < 5 and back % 5 != 0:
            check_in(
                routine=reading, day=past, status="done" if back % 4 else "partly", today=today
            )

    # The inbox and notes
    for text in [
        "Idea: a running playlist that gets faster every 10 minutes",
        "Ask Sam whether the pricing page needs legal review",
        "Look into a standing desk",
    ]:
        capture_add(workspace=ws, text=text, created_by=user)
    capture_add(
        workspace=ws,
        text="Wi-Fi password for the cabin: written on the fridge, not here.",
        created_by=user,
        kind=CaptureKind.NOTE,
    )

    # Decisions (filed under the areas above) and two weeks of focus sessions on the tasks
    populate_decisions(user=user, workspace=ws, today=today)
    populate_focus(user=user, workspace=ws, today=today)
    # Past shutdowns and two finished weekly reviews, once everything they count exists
    populate_reviews(user=user, workspace=ws, today=today)
    # Automations last: nothing above fires them
    populate_automations(user=user, workspace=ws, today=today)


def populate_shared(*, user: User, today: date) -> Workspace:
    """A shared workspace, "Home", that ``user`` (on Pro or Max) owns with Sam, a housemate whose
    account cannot be signed in to: tasks for each of them and for either, a project, and the
    activity list those make."""
    partner = User.objects.filter(email=DEMO_PARTNER_EMAIL).first() or user_create(
        email=DEMO_PARTNER_EMAIL, password=None, display_name="Sam", time_zone=user.time_zone
    )
    home = workspace_create_shared(owner=user, name="Home", colour=Colour.GREEN)
    membership_add(workspace=home, user=partner, added_by=user)
    day = timedelta(days=1)
    with as_user(user.pk):
        move = project_create(workspace=home, title="Move to the new flat", by=user)

        def add(title: str, **fields: Any) -> Task:
            return task_create(workspace=home, title=title, created_by=user, **fields)

        add("Book the movers", project=move, assignee=user, due_date=today, estimate_minutes=20,
            priority=3)  # fmt: skip
        add("Measure the living room", project=move, assignee=partner, do_on=today,
            estimate_minutes=15)  # fmt: skip
        add("Buy bin bags and tape", project=move, due_date=today + day, estimate_minutes=15)
        add("Cancel the old internet contract", assignee=partner, due_date=today + 3 * day,
            estimate_minutes=10)  # fmt: skip
        add("Clean the fridge", do_on=today, estimate_minutes=20, energy="low")
        keys = add("Pick up the new keys", project=move, assignee=partner, due_date=today)
    with as_user(partner.pk):
        task_complete(task=keys, user=partner)
    return home
