"""The bounds every input is held to, in one place: forms, services and the API read them here.

A value outside these bounds is refused with a clear message (a form error, or a 422 in the API's
error envelope) before anything is written. The OpenAPI schema states the same numbers, because
the API's input schemas are built from these constants.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# Calendar dates (due dates, do-on dates, start dates, target dates, check-in days, …). Wide
# enough for any plan a person makes, narrow enough that date arithmetic around them (a repeat
# rule's next occurrence, a week's window, a time zone's margin) can never leave what Python's
# `date` can hold.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


def date_in_range(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


DATE_RANGE_MESSAGE = f"Pick a date between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}."


# --- Text ---------------------------------------------------------------------------------------
# Lengths that match a database column repeat its max_length here, so a schema or a form can
# state the number without importing the model (a test keeps the two in step).
TASK_TITLE_MAX = 300  # Task.title
TITLE_MAX = 200  # the title of a project, goal, milestone, routine or routine step
# A decision's question, and the title of its options and criteria, hold the same as a title.
LABEL_NAME_MAX = 40  # Label.name
AREA_NAME_MAX = 60  # LifeArea.name
MEASURE_UNIT_MAX = 30  # Goal.measure_unit
RECURRENCE_MAX = 200  # an RRULE, on Task and Routine
CHECK_IN_NOTE_MAX = 300  # RoutineOccurrence.note
FOCUS_NOTE_MAX = 300  # FocusSession.note
# A review's one line of notes, a note on one weekly step and a project's next step (a task's
# title); wins and lessons are a paragraph or two each.
REVIEW_NOTE_MAX = 300
REVIEW_NEXT_STEP_MAX = 300
REVIEW_TEXT_MAX = 4_000
# Long free text: a task's notes, a project's description, a goal's why, a captured item. About
# ten pages of writing; a megabyte pasted by accident or by a script is refused.
NOTES_MAX = 20_000
# What Smart Add reads at once (a line, a list, a paragraph).
SMART_ADD_TEXT_MAX = 4_000
# A search box, and any other short filter string.
SEARCH_MAX = 200
# A weekday code (MO … SU) and an onboarding need's key.
CODE_MAX = 20

# --- Collections ---------------------------------------------------------------------------------
# Labels on one task. Each new name is a row written inside the task's transaction, so the count
# is also how long one request may hold the database's write lock.
LABELS_PER_TASK = 50
# Checklist steps of one routine, and steps saved at once from "Break into steps".
STEPS_MAX = 50
# Options and criteria of one decision (its score matrix is at most their product).
DECISION_OPTIONS_MAX = 20
DECISION_CRITERIA_MAX = 20
# Next week's priorities picked in one weekly review.
REVIEW_PRIORITIES_MAX = 5
# Items Smart Add creates in one confirmation.
SMART_ADD_ITEMS_MAX = 50
# Task or project uuids in one reorder request: a list longer than this is not a person dragging.
REORDER_MAX = 5_000
# Starter life areas kept at the end of onboarding, and the needs ticked in it.
ONBOARDING_AREAS_MAX = 20
ONBOARDING_NEEDS_MAX = 20

# --- Numbers -------------------------------------------------------------------------------------
ESTIMATE_MINUTES_MAX = 24 * 60  # a task's or a routine's estimate: one day
WEEKLY_TARGET_MINUTES_MAX = 7 * 24 * 60  # a life area's weekly target: the whole week
EVERY_N_DAYS_MAX = 365  # a routine "every N days"
# A focus session's length and the break after it (the rule settings' defaults fit inside), and
# the taps on "Interrupted" one session counts.
FOCUS_MINUTES_MAX = 180
FOCUS_BREAK_MINUTES_MAX = 60
FOCUS_INTERRUPTIONS_MAX = 999
FITS_IN_MAX = 24 * 60  # the task filter "fits in N minutes"
# A goal's measure (target and current): what its column holds, 12 digits with 2 decimals.
MEASURE_DECIMAL_PLACES = 2
MEASURE_MAX = Decimal("9999999999.99")
# A row's version as a client sends it back: any 32-bit integer column can hold it, so the
# comparison never overflows the database's integer type.
VERSION_MAX = 2_147_483_647

# --- Paging (every API list) ---------------------------------------------------------------------
PAGE_LIMIT_DEFAULT = 100
PAGE_LIMIT_MAX = 200
# Far beyond any list a workspace holds, and far inside the database's 64-bit OFFSET.
PAGE_OFFSET_MAX = 1_000_000


def too_many(what: str, limit: int) -> str:
    """The message for a list over its limit, e.g. "At most 50 labels."."""
    return f"At most {limit:,} {what}."


# --- Notifications and Web Push ------------------------------------------------------------------
NOTIFICATION_KIND_MAX = 20  # a machine word: "recap", "test", "automation"
NOTIFICATION_TITLE_MAX = 100
NOTIFICATION_BODY_MAX = 500
NOTIFICATION_URL_MAX = 500
# A tag is also the push's Topic header, which push services hold to 32 base64url characters.
NOTIFICATION_TAG_MAX = 32
NOTIFICATION_KEY_MAX = 100
PUSH_ENDPOINT_MAX = 1000  # browsers' endpoints are a few hundred characters
PUSH_DEVICE_NAME_MAX = 60
PUSH_DEVICES_MAX = 20  # per account: phones, laptops and browsers
PUSH_PAYLOAD_MAX = 3000  # bytes of JSON before encryption; push services take about 4 KB

# --- Automations ---------------------------------------------------------------------------------
AUTOMATION_RULES_MAX = 50  # per person and workspace
AUTOMATION_NAME_MAX = 100
AUTOMATION_DEFINITION_MAX = 20_000  # bytes of a rule's JSON (its texts are limited one by one too)

# --- Calendars -----------------------------------------------------------------------------------
CALENDARS_MAX = 10  # per person
CALENDAR_NAME_MAX = 60
CALENDAR_URL_MAX = 2000
CALENDAR_FEED_MAX_BYTES = 10_000_000  # a feed larger than this is refused ("too big")

# --- Shared workspaces ---------------------------------------------------------------------------
WORKSPACE_NAME_MAX = 80
SHARED_WORKSPACES_MAX = 20  # shared workspaces one person owns
WORKSPACE_MEMBERS_MAX = 50  # people in one workspace, owners included
OPEN_INVITES_MAX = 20  # unused, unexpired invites of one workspace
INVITE_DAYS_MAX = 30  # the longest an invite link can work

# --- Contact form --------------------------------------------------------------------------------
# A message is a few paragraphs; an operator's reply may run longer (steps, links, a quote).
CONTACT_MESSAGE_MAX = 5_000
CONTACT_REPLY_MAX = 10_000
CONTACT_EMAIL_MAX = 254  # the longest address the email standards allow
