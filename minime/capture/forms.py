from __future__ import annotations

from django import forms
from django.urls import reverse

# The pages the Add box may go back to, by the name it posts: a name, never a URL, so nothing
# but these can be asked for.
# The pages a Smart Add preview goes back to. Capture and Today have an Add box; Email is the
# list of pulled messages a task was made from.
RETURN_TO = {"capture": "capture:inbox", "today": "today:index", "email": "gmail:inbox"}
ADD_BOXES = ("capture", "today")


def return_to(back: str | None) -> str:
    """The URL of the page named ``back``; the inbox for any other name."""
    return reverse(RETURN_TO.get(back or "", RETURN_TO["capture"]))


class CaptureForm(forms.Form):
    """The one text box of Capture and Today. Add saves whatever is typed as one inbox item;
    Smart add (minime.ai) reads it into proposed items. ``back``: the page to return to."""

    text = forms.CharField(
        label="Add to your inbox",
        required=False,  # the service says "Write something first." and keeps what was typed
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "data-hotkey": "add",
                "autocomplete": "off",
                "placeholder": "A thought, a task, a whole paragraph (Shift+Enter for a new"
                " line). Add keeps it as it is; Smart add sorts it into items.",
            }
        ),
    )
    back = forms.ChoiceField(
        choices=[("capture", "Capture"), ("today", "Today"), ("email", "Email")],
        required=False,
        widget=forms.HiddenInput,
    )


class NoteForm(forms.Form):
    """Edit a note; `version` is the version the page was rendered from."""

    text = forms.CharField(label="Note", required=False, strip=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
