"""The product's shared word lists, each defined once.

A value that more than one app stores, accepts or shows (a task's energy, today's energy, the
onboarding answer, Smart Add's fields) is named here and imported from here. Models use the
``TextChoices`` as ``choices``; API schemas use the ``Literal`` built next to it (django-ninja
writes a ``Literal`` as an inline ``enum``, the shape the API has always published); a test ties
each ``Literal`` to its ``TextChoices``.

This module is the lowest layer: it imports Django and nothing of ours.
"""

from __future__ import annotations

from typing import Literal

from django.db import models

__all__ = ["Energy", "EnergyLevel"]


class Energy(models.TextChoices):
    """How much energy a task needs, or a person has today."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


# The values of ``Energy`` as a type, for API schemas and typed code (same order).
EnergyLevel = Literal["low", "medium", "high"]
