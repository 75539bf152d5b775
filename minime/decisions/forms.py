"""The forms of the decision pages. Each one works as a plain form post and through htmx; the
services hold the rules, the forms only read and bound what was typed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from minime.areas.models import LifeArea
from minime.areas.selectors import area_list
from minime.decisions.models import (
    SCORE_MAX,
    SCORE_MIN,
    WEIGHT_DEFAULT,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Decision,
    DecisionCriterion,
    DecisionOption,
    Outcome,
    weight_field,
)
from minime.decisions.selectors import DecisionSheet
from minime.workspaces.models import Workspace

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# How far ahead the revisit date is proposed when a choice is first recorded.
REVISIT_AFTER = timedelta(days=90)
WEIGHT_CHOICES = [
    (1, "1 — matters a little"),
    (2, "2"),
    (3, "3 — matters"),
    (4, "4"),
    (5, "5 — matters a lot"),
]
assert [w for w, _ in WEIGHT_CHOICES] == list(range(WEIGHT_MIN, WEIGHT_MAX + 1))


def _rows(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _Versioned(forms.ModelForm):
    """A model form that carries the version the page was drawn from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class DecisionForm(_Versioned):
    """The question, its context, area and deadline. The area is chosen by uuid among the
    workspace's own areas, so another workspace's is "not one of the choices"."""

    area = forms.ModelChoiceField(
        queryset=LifeArea.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No area",
        error_messages={"invalid_choice": "Choose one of your areas."},
    )

    class Meta:
        model = Decision
        fields = ["question", "context", "area", "deadline"]
        labels = {"question": "The question", "deadline": "Decide by"}
        help_texts = {
            "question": "",
            "context": "What it is about, what constrains it, who it touches.",
            "deadline": "",
        }
        widgets = {"context": _rows(4), "deadline": DATE}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = area_list(workspace)
        area.help_text = ""


class DecisionCreateForm(DecisionForm):
    """The quick form on the list page: the question, and optionally an area and a deadline."""

    class Meta(DecisionForm.Meta):
        fields = ["question", "area", "deadline"]
        widgets = {
            **DecisionForm.Meta.widgets,
            "question": forms.TextInput(
                attrs={"data-hotkey": "add", "placeholder": "Take the job offer in Lisbon?"}
            ),
        }


class OptionForm(_Versioned):
    class Meta:
        model = DecisionOption
        fields = ["title", "pros", "cons"]
        labels = {"title": "Option", "pros": "Pros", "cons": "Cons"}
        help_texts = {"pros": "", "cons": ""}
        widgets = {"pros": _rows(2), "cons": _rows(2)}


class CriterionForm(_Versioned):
    weight = forms.TypedChoiceField(choices=WEIGHT_CHOICES, coerce=int, initial=WEIGHT_DEFAULT)

    class Meta:
        model = DecisionCriterion
        fields = ["name", "weight"]
        labels = {"name": "Criterion", "weight": "Weight"}
        widgets = {"name": forms.TextInput(attrs={"placeholder": "Cost, time, joy…"})}


class ChooseForm(forms.Form):
    """The choice: one of the decision's options, the reasoning, what is expected, and when to
    look back."""

    option = forms.ModelChoiceField(
        queryset=DecisionOption.objects.none(),
        to_field_name="uuid",
        widget=forms.RadioSelect,
        label="Your choice",
        error_messages={
            "required": "Choose one of the options.",
            "invalid_choice": "Choose one of this decision's options.",
        },
    )
    reasoning = forms.CharField(
        label="Why this option",
        required=False,
        widget=_rows(3),
        max_length=Decision._meta.get_field("reasoning").max_length,
    )
    expected_outcome = forms.CharField(
        label="What you expect to happen",
        required=False,
        widget=_rows(3),
        max_length=Decision._meta.get_field("expected_outcome").max_length,
    )
    revisit_on = forms.DateField(
        label="Look back on",
        required=False,
        widget=DATE,
        help_text="A day to check how it turned out.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, sheet: DecisionSheet, today: date, **kwargs: Any) -> None:
        decision = sheet.decision
        if decision.chosen_option_id is not None:
            chosen = next((o for o in sheet.options if o.pk == decision.chosen_option_id), None)
            kwargs.setdefault(
                "initial",
                {
                    "option": chosen.uuid if chosen else None,
                    "reasoning": decision.reasoning,
                    "expected_outcome": decision.expected_outcome,
                    "revisit_on": decision.revisit_on,
                },
            )
        else:
            kwargs.setdefault(
                "initial",
                {
                    "reasoning": decision.reasoning,
                    "expected_outcome": decision.expected_outcome,
                    "revisit_on": decision.revisit_on or today + REVISIT_AFTER,
                },
            )
        super().__init__(*args, **kwargs)
        option = self.fields["option"]
        assert isinstance(option, forms.ModelChoiceField)
        option.queryset = DecisionOption.objects.filter(
            workspace_id=decision.workspace_id, decision=decision
        ).order_by("position", "created_at")
        self.fields["version"].initial = decision.version


class RevisitForm(forms.Form):
    actual_outcome = forms.CharField(
        label="What actually happened",
        widget=_rows(4),
        max_length=Decision._meta.get_field("actual_outcome").max_length,
        error_messages={"required": "Write what actually happened."},
    )
    outcome = forms.ChoiceField(
        label="Compared with what you expected",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how it turned out compared with what you expected."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"actual_outcome": decision.actual_outcome, "outcome": decision.outcome}
        )
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = decision.version


class MatrixForm(forms.Form):
    """The score matrix: a weight (1–5) per criterion and a score (0–10, or empty) per option and
    criterion. `weights` and `grid` give the template its fields in the table's order."""

    def __init__(self, *args: Any, sheet: DecisionSheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        weight_message = f"A weight from {WEIGHT_MIN} to {WEIGHT_MAX}."
        weight_errors = dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), weight_message
        )
        for criterion in sheet.criteria:
            self.fields[weight_field(criterion)] = forms.IntegerField(
                min_value=WEIGHT_MIN,
                max_value=WEIGHT_MAX,
                initial=criterion.weight,
                label=f"Weight of {criterion.name}",
                error_messages=weight_errors,
                widget=forms.NumberInput(
                    attrs={
                        "class": "matrix-weight",
                        "data-weight": "",
                        "data-criterion": str(criterion.uuid),
                        "inputmode": "numeric",
                    }
                ),
            )
        score_message = f"A score from {SCORE_MIN} to {SCORE_MAX}, or empty."
        score_errors = dict.fromkeys(("invalid", "min_value", "max_value"), score_message)
        for row in sheet.rows:
            for cell in row.cells:
                self.fields[cell.field] = forms.IntegerField(
                    min_value=SCORE_MIN,
                    max_value=SCORE_MAX,
                    required=False,
                    initial=cell.score,
                    label=f"{row.option.title}: {cell.criterion.name}",
                    error_messages=score_errors,
                    widget=forms.NumberInput(
                        attrs={
                            "class": "matrix-score",
                            "aria-label": f"Score of {row.option.title} on {cell.criterion.name}",
                            "data-score": "",
                            "data-criterion": str(cell.criterion.uuid),
                            "inputmode": "numeric",
                        }
                    ),
                )

    @property
    def weights(self) -> list[tuple[DecisionCriterion, forms.BoundField]]:
        return [(c, self[weight_field(c)]) for c in self.sheet.criteria]

    @property
    def grid(self) -> list[tuple[Any, list[tuple[Any, forms.BoundField]]]]:
        return [(row, [(cell, self[cell.field]) for cell in row.cells]) for row in self.sheet.rows]
