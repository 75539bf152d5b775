"""Today's engine: pure Python (no Django) that turns one ``Snapshot`` into one ``TodayPlan``.

    from minime.today.engine import Snapshot, Task, plan_today, score

    plan = plan_today(snapshot)          # the whole page as data
    scored = score(task, snapshot)       # THE scoring function: Scored(task, score, reasons)

``score`` is the only ranking in the app; ``rank`` / ``Scorer`` apply it to many tasks at once.
See README.md beside this file for inputs, outputs, invariants and how to add a reason.
"""

from .cards import AttentionItem, Move, Overload, Recommendation, Simplify, next_work_day
from .document import (
    DocumentError,
    move_to_json,
    plan_to_json,
    snapshot_from_json,
    snapshot_to_json,
)
from .freetime import Block, Day, Placement, day_of, free_minutes, minutes_between, place, window
from .plan import (
    UNPLANNED_SHOWN,
    NoBlock,
    StartWith,
    TodayPlan,
    Workload,
    candidates,
    is_committed,
    is_day_off,
    is_promised,
    plan_today,
    units,
)
from .scoring import Ranking, Reason, Row, Scored, Scorer, is_hidden_today, rank, rank_key, score
from .snapshot import (
    DECISION_KINDS,
    DEFAULT_ESTIMATE_MINUTES,
    Area,
    CaptureBacklog,
    Decision,
    Event,
    Goal,
    Onboarding,
    Project,
    Routine,
    Rules,
    Snapshot,
    Task,
)

__all__ = [
    "DECISION_KINDS",
    "DEFAULT_ESTIMATE_MINUTES",
    "UNPLANNED_SHOWN",
    "Area",
    "AttentionItem",
    "Block",
    "CaptureBacklog",
    "Day",
    "Decision",
    "DocumentError",
    "Event",
    "Goal",
    "Move",
    "NoBlock",
    "Onboarding",
    "Overload",
    "Placement",
    "Project",
    "Ranking",
    "Reason",
    "Recommendation",
    "Routine",
    "Row",
    "Rules",
    "Scored",
    "Scorer",
    "Simplify",
    "Snapshot",
    "StartWith",
    "Task",
    "TodayPlan",
    "Workload",
    "candidates",
    "day_of",
    "free_minutes",
    "is_committed",
    "is_day_off",
    "is_hidden_today",
    "is_promised",
    "minutes_between",
    "move_to_json",
    "next_work_day",
    "place",
    "plan_to_json",
    "plan_today",
    "rank",
    "rank_key",
    "score",
    "snapshot_from_json",
    "snapshot_to_json",
    "units",
    "window",
]
