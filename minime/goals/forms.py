from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from minime.areas.models import LifeArea
from minime.areas.selectors import area_list
from minime.core import limits
from minime.goals.models import Goal, Milestone
from minime.workspaces.models import Workspace

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.ModelForm):
    """Create and edit a goal. The area is chosen by uuid among the workspace's own areas, so an
    area of another workspace is "not one of the choices"; `version` is the version the page was
    rendered from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    area = forms.ModelChoiceField(
        queryset=LifeArea.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No area",
        error_messages={"invalid_choice": "Choose one of your areas."},
    )

    class Meta:
        model = Goal
        fields = [
            "title",
            "why",
            "area",
            "target_date",
            "measure_target",
            "measure_unit",
            "measure_current",
        ]
        labels = {
            "why": "Why it matters",
            "measure_target": "Target number",
            "measure_unit": "Unit",
            "measure_current": "Where you are now",
        }
        help_texts = {
            "measure_target": "Optional, for a goal you can count — like 100 (km).",
        }
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "target_date": DATE,
            "measure_target": forms.NumberInput(attrs={"min": 0, "step": "any"}),
            "measure_unit": forms.TextInput(attrs={"placeholder": "km, books, €…"}),
            "measure_current": forms.NumberInput(attrs={"min": 0, "step": "any"}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = area_list(workspace)
        if "why" in self.fields:  # a text column without a length of its own
            why = self.fields["why"]
            assert isinstance(why, forms.CharField)
            why.max_length = limits.NOTES_MAX
            why.validators.append(MaxLengthValidator(limits.NOTES_MAX))
            why.widget.attrs["maxlength"] = str(limits.NOTES_MAX)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GoalCreateForm(GoalForm):
    """The quick form on the goals page: a title, and optionally an area and a date."""

    class Meta(GoalForm.Meta):
        fields = ["title", "area", "target_date"]
        widgets = {
            **GoalForm.Meta.widgets,
            "title": forms.TextInput(
                attrs={"data-hotkey": "add", "placeholder": "Run a half marathon"}
            ),
        }


class MilestoneForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Milestone
        fields = ["title", "target_date"]
        labels = {"title": "New milestone", "target_date": "By"}
        widgets = {"target_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
