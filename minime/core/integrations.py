"""How an integration with an outside service describes itself to people: what it reads, what it
keeps and for how long, what it never does, and how it is removed.

Each integration app states its own (``minime.calendars.integration``,
``minime.gmail.integration``) from the same constants its code runs on, and the pages that
explain data (Settings → Your data) render them, so the words cannot drift from the behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Integration:
    key: str
    label: str
    plans: str  # which plans have it, in words ("Pro and Max")
    reads: tuple[str, ...]  # what is read from the service, and when
    keeps: tuple[str, ...]  # what is stored here, and for how long
    never: tuple[str, ...]  # what it never does
    removed: str  # what disconnecting (and deleting the account) removes
