from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator

from minime.areas.models import LifeArea
from minime.core import limits


class AreaForm(forms.ModelForm):
    """Create and edit; `version` is the version the page was rendered from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LifeArea
        fields = [
            "name",
            "icon",
            "colour",
            "importance",
            "weekly_target_minutes",
            "is_work",
            "is_active",
        ]
        labels = {
            "weekly_target_minutes": "Weekly target (minutes)",
            "is_work": "Work area",
            "is_active": "Active",
        }
        widgets = {
            "name": forms.TextInput(attrs={"data-hotkey": "add"}),
            "importance": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "weekly_target_minutes": forms.NumberInput(
                attrs={"min": 0, "max": limits.WEEKLY_TARGET_MINUTES_MAX, "step": 15}
            ),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["weekly_target_minutes"].validators.append(
            MaxValueValidator(limits.WEEKLY_TARGET_MINUTES_MAX)
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
