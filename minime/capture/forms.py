from __future__ import annotations

from django import forms


class CaptureForm(forms.Form):
    """The one text box: whatever is typed becomes one inbox item."""

    text = forms.CharField(
        label="Add to your inbox",
        required=False,  # the service says "Write something first." and keeps what was typed
        strip=False,
        widget=forms.TextInput(
            attrs={
                "data-hotkey": "add",
                "autocomplete": "off",
                "placeholder": "A thought, a task, anything — Enter saves it",
            }
        ),
    )


class NoteForm(forms.Form):
    """Edit a note; `version` is the version the page was rendered from."""

    text = forms.CharField(label="Note", required=False, strip=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
