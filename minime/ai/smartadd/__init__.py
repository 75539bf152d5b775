"""Smart Add's local engine: plain English and a small syntax into proposed items.

    from minime.ai.smartadd import parse, read_when, read_recurrence

    items = parse("Call mom tomorrow at 5pm; gym every Mon, Wed and Fri at 7am", now)
    items[0].to_json()   # {"kind": "task", "title": "Call mom", "due_date": "2026-03-11", ...}

Pure Python (no Django, no date libraries, no clock: the caller passes ``now``). See README.md
beside this file for the syntax, the conventions and how to extend it.
"""

from .item import KINDS, Item, ItemKind
from .parser import MAX_ITEMS, parse, read_recurrence, read_when

__all__ = ["KINDS", "MAX_ITEMS", "Item", "ItemKind", "parse", "read_recurrence", "read_when"]
