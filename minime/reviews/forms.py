from __future__ import annotations

from django import forms

from minime.core import limits

SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ShutdownForm(forms.Form):
    """The daily shutdown: energy and mood (1–5, optional) and one line of notes."""

    energy = forms.TypedChoiceField(
        label="Energy",
        choices=SCALE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text="1 is drained, 5 is full of it.",
        error_messages={"invalid_choice": "Pick a number from 1 to 5."},
    )
    mood = forms.TypedChoiceField(
        label="Mood",
        choices=SCALE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text="1 is low, 5 is great.",
        error_messages={"invalid_choice": "Pick a number from 1 to 5."},
    )
    notes = forms.CharField(
        label="One line about today (optional)",
        required=False,
        max_length=limits.REVIEW_NOTE_MAX,
        error_messages={
            "max_length": f"Keep it to one line of {limits.REVIEW_NOTE_MAX} characters or fewer."
        },
    )
