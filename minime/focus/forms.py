from __future__ import annotations

from typing import Any

from django import forms

from minime.core import limits
from minime.focus.selectors import TASK_CHOICES_MAX, Defaults, task_choices
from minime.tasks.models import Task
from minime.workspaces.models import Workspace


class _FirstChoices(forms.models.ModelChoiceIterator):
    """Offer the first TASK_CHOICES_MAX tasks of the queryset; any task of it is still accepted
    (a Focus button elsewhere may name one further down)."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for task in self.queryset[:TASK_CHOICES_MAX]:
            yield self.choice(task)


class TaskChoiceField(forms.ModelChoiceField):
    iterator = _FirstChoices


class FocusStartForm(forms.Form):
    """Start a session: its length and break (blank: the user's rules) and an optional open
    task, chosen by uuid among the workspace's own, so another workspace's is "not one of the
    choices"."""

    minutes = forms.IntegerField(
        label="Focus minutes",
        required=False,
        min_value=1,
        max_value=limits.FOCUS_MINUTES_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    break_minutes = forms.IntegerField(
        label="Break minutes",
        required=False,
        min_value=0,
        max_value=limits.FOCUS_BREAK_MINUTES_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    task = TaskChoiceField(
        queryset=Task.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No task: free focus",
        error_messages={"invalid_choice": "Choose one of your open tasks."},
    )

    def __init__(self, *args: Any, workspace: Workspace, defaults: Defaults, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        task = self.fields["task"]
        assert isinstance(task, forms.ModelChoiceField)
        task.queryset = task_choices(workspace)
        self.fields["minutes"].initial = defaults.focus_minutes
        self.fields["break_minutes"].initial = defaults.break_minutes
        self.fields["minutes"].widget.attrs["placeholder"] = str(defaults.focus_minutes)
        self.fields["break_minutes"].widget.attrs["placeholder"] = str(defaults.break_minutes)


class FocusEndForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=limits.FOCUS_NOTE_MAX,
        help_text="What got done, or what got in the way.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
