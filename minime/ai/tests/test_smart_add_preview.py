"""The Smart Add preview page: one compact card per item (chips, an Edit disclosure, the raw
rule under Advanced), the repeat chosen in words, existing projects offered instead of a second
one, and the preview's URL opened by GET taking the user back to their Add box, text kept."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from minime.ai import forms
from minime.ai.views.smartadd import DRAFT, LINK_QUERY_MAX
from minime.core.db import as_user
from minime.tasks.models import Project, Task
from minime.tasks.services import project_create

from .test_smart_add_flow import _formset


def _preview(client, text: str, back: str = "today") -> str:
    response = client.post("/ai/smart-add/", {"text": text, "back": back})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _chips(page: str, line: int) -> dict[str, list[str]]:
    """The chips of preview line ``line`` (1-based), by field: their words."""
    card = page.split(f'data-line="{line}"', 1)[1].split('data-line="', 1)[0]
    chips: dict[str, list[str]] = {}
    for name, body in re.findall(r'data-chip="(\w+)">(.*?)</li>', card, re.S):
        words = " ".join(re.sub(r"<[^>]+>", " ", body).split())
        chips.setdefault(name, []).append(words)
    return chips


def _projects(user) -> list[str]:
    with as_user(user.pk):
        return sorted(Project.objects.values_list("title", flat=True))


def _task(user, title: str) -> Task:
    with as_user(user.pk):
        return Task.objects.select_related("project").get(title=title)


# --- The cards ---------------------------------------------------------------------------------


def test_each_item_shows_its_fields_as_chips(signed_in):
    page = _preview(signed_in, "Finish the report tomorrow at 9am p1 2h #Work @office")
    assert page.count('class="preview-line card"') == 1
    assert _chips(page, 1) == {
        "kind": ["Task"],
        "date": ["Tomorrow"],
        "time": ["09:00"],
        "priority": ["High priority"],
        "project": ["#Work (new project)"],
        "label": ["@office"],
        "estimate": ["2 h"],
    }
    assert '<details class="ai-item__edit">' in page  # the fields, closed until asked for


def test_the_title_is_shown_whole_in_a_box_that_wraps(signed_in):
    title = "Call the insurance company about the broken kitchen window and ask " + "x" * 90
    page = _preview(signed_in, title)
    box = re.search(r'<textarea name="form-0-title"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert box is not None and box.group(1) == title
    assert 'rows="3"' in box.group(0)


def test_the_raw_rule_is_only_under_advanced_and_the_repeat_is_in_words(signed_in):
    page = _preview(signed_in, "Gym every Mon, Wed and Fri at 7am\nWater the plants every Sunday")
    advanced = re.findall(r'<details class="ai-item__advanced">.*?</details>', page, re.S)
    assert len(advanced) == 2
    assert 'value="FREQ=WEEKLY;BYDAY=MO,WE,FR' in advanced[0]
    outside = re.sub(r'<details class="ai-item__advanced">.*?</details>', "", page, flags=re.S)
    assert "FREQ=" not in outside
    assert _chips(page, 1)["repeat"] == ["Every week on Mon, Wed and Fri at 07:00"]
    assert _chips(page, 2)["repeat"] == ["Every week on Sunday"]
    # The select says the same in words: a custom rule for the first, weekly for the second.
    assert re.search(r'<option value="custom" selected>', page.split('data-line="2"')[0])
    assert re.search(r'<option value="weekly" selected>Every week on Sunday</option>', page)


@pytest.mark.parametrize(
    ("posted", "rule"),
    [
        ({"repeat": "weekdays"}, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ({"repeat": "weekly"}, "FREQ=WEEKLY;BYDAY=TU"),  # 1 Dec 2026 is a Tuesday
        ({"repeat": "every_other_week"}, "FREQ=WEEKLY;INTERVAL=2"),
        ({"repeat": "monthly"}, "FREQ=MONTHLY"),
        # The Advanced rule, when changed, wins over the select.
        ({"repeat": "daily", "recurrence": "FREQ=YEARLY"}, "FREQ=YEARLY"),
        # Custom keeps the Advanced rule.
        ({"repeat": "custom", "recurrence": "FREQ=DAILY;INTERVAL=3"}, "FREQ=DAILY;INTERVAL=3"),
    ],
)
def test_a_chosen_repeat_saves_its_rule(signed_in, alice, posted, rule):
    line = {"title": "Water the plants", "due_date": "2026-12-01", **posted}
    data = _formset(line)
    data |= {"initial-form-0-repeat": "", "initial-form-0-recurrence": ""}
    response = signed_in.post("/ai/smart-add/create/", data)
    assert response.status_code == 302
    assert _task(alice, "Water the plants").recurrence == rule


def test_an_untouched_repeat_keeps_the_proposed_rule_and_none_clears_it(signed_in, alice):
    proposed = "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    kept: dict[str, object] = {"title": "Gym", "repeat": "custom", "recurrence": proposed}
    cleared: dict[str, object] = {"title": "Stretch", "repeat": "", "recurrence": proposed}
    data = _formset(kept, cleared)
    for i in (0, 1):
        data |= {f"initial-form-{i}-repeat": "custom", f"initial-form-{i}-recurrence": proposed}
    assert signed_in.post("/ai/smart-add/create/", data).status_code == 302
    assert _task(alice, "Gym").recurrence == proposed
    assert _task(alice, "Stretch").recurrence == ""


def test_custom_without_a_rule_says_so_and_keeps_the_line(signed_in, alice):
    data = _formset({"title": "Water the plants", "repeat": "custom"})
    response = signed_in.post("/ai/smart-add/create/", data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert "Type a rule under Advanced, or choose one of the repeats." in page
    assert '<details class="ai-item__advanced" open>' in page  # the message is in sight
    assert ">\nWater the plants</textarea>" in page
    with as_user(alice.pk):
        assert not Task.objects.exists()


def test_the_repeat_choices_name_the_items_day():
    choices = dict(forms.repeat_choices("TH"))
    assert choices["weekly"] == "Every week on Thursday"
    assert list(choices) == list(forms.REPEATS)
    assert forms.repeat_key("FREQ=WEEKLY;BYDAY=TH", "TH") == "weekly"
    assert forms.repeat_key("FREQ=WEEKLY;BYDAY=MO,TH", "TH") == forms.CUSTOM
    assert forms.weekday_code("", date(2026, 12, 1), date(2026, 12, 5)) == "TU"
    assert forms.weekday_code("FREQ=WEEKLY;BYDAY=SU", None, date(2026, 12, 1)) == "SU"


# --- Existing projects -------------------------------------------------------------------------


@pytest.fixture
def garden(alice, personas) -> Project:
    with as_user(alice.pk):
        return project_create(workspace=personas.personal(alice), title="Plan Garden Renovation")


def test_a_project_that_exists_is_offered_and_used_by_default(signed_in, alice, garden):
    page = _preview(signed_in, "project: plan garden renovation")
    assert "You already have a project called “Plan Garden Renovation”." in page
    assert re.search(r'value="existing"[^>]*checked', page)
    data = _formset({"kind": "project", "title": "plan garden renovation"})
    data["form-0-project_choice"] = "existing"
    response = signed_in.post("/ai/smart-add/create/", data, follow=True)
    assert _projects(alice) == ["Plan Garden Renovation"]
    assert "used your project “Plan Garden Renovation”" in html.unescape(response.content.decode())


def test_the_user_may_create_a_second_project_of_that_name(signed_in, alice, garden):
    data = _formset(
        {"kind": "project", "title": "Plan garden renovation", "project_choice": "new"},
        {"title": "Buy seeds", "project": "plan garden renovation", "project_choice": "new"},
        {"title": "Measure the beds", "project": "Plan garden renovation"},
    )
    assert signed_in.post("/ai/smart-add/create/", data).status_code == 302
    assert _projects(alice) == ["Plan Garden Renovation", "Plan garden renovation"]
    # The task that asked for a new project went into the one just made; the other, the old.
    seeds = _task(alice, "Buy seeds").project
    assert seeds is not None and seeds.title == "Plan garden renovation"
    assert _task(alice, "Measure the beds").project == garden


def test_a_tasks_existing_project_is_named_without_new(signed_in, alice, garden):
    page = _preview(signed_in, "Buy seeds #Work")
    assert _chips(page, 1)["project"] == ["#Work (new project)"]
    with as_user(alice.pk):
        project_create(workspace=garden.workspace, title="work")
    page = _preview(signed_in, "Buy seeds #Work")
    assert _chips(page, 1)["project"] == ["#Work"]
    assert "You already have a project called “work”." in page and "Add to it" in page


# --- The preview's URL opened by GET -----------------------------------------------------------


def _location(response) -> tuple[str, dict[str, list[str]]]:
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query)


def test_a_get_goes_back_to_the_add_box_with_the_last_text(signed_in):
    _preview(signed_in, "Buy milk\nCall mom", back="capture")
    assert _location(signed_in.get("/ai/smart-add/")) == (
        "/capture/",
        {"text": ["Buy milk\nCall mom"]},
    )
    # From Today's page (the referrer), back to Today.
    response = signed_in.get("/ai/smart-add/", HTTP_REFERER="http://testserver/today/")
    assert _location(response) == ("/today/", {"text": ["Buy milk\nCall mom"]})


def test_the_add_box_is_filled_from_the_query(signed_in):
    response = signed_in.get("/ai/smart-add/?text=Buy+oat+milk&back=today", follow=True)
    page = html.unescape(response.content.decode())
    assert response.redirect_chain == [("/today/?text=Buy+oat+milk", 302)]
    assert "data-prefilled>\nBuy oat milk</textarea>" in page
    assert "Your text is back in the box" in page
    inbox = html.unescape(signed_in.get("/capture/?text=Water+the+plants").content.decode())
    assert "data-prefilled>\nWater the plants</textarea>" in inbox


def test_a_get_without_text_goes_to_today(signed_in):
    assert _location(signed_in.get("/ai/smart-add/")) == ("/today/", {})


def test_after_create_the_text_is_not_offered_again(signed_in):
    _preview(signed_in, "Buy milk")
    assert (
        signed_in.post("/ai/smart-add/create/", _formset({"title": "Buy milk"})).status_code == 302
    )
    assert DRAFT not in signed_in.session
    assert _location(signed_in.get("/ai/smart-add/")) == ("/today/", {})


def test_a_text_too_long_for_a_link_is_shown_in_the_smart_add_box(signed_in):
    text = "\n".join(f"Задача {i}: позвонить в банк насчёт переезда" for i in range(30))
    assert len(text) < LINK_QUERY_MAX < len(urlencode({"text": text}))
    _preview(signed_in, text)
    response = signed_in.get("/ai/smart-add/")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "This is the text you last sent to Smart add" in page
    assert f">\n{text}</textarea>" in page


def test_a_get_needs_a_sign_in(client, db):
    response = client.get("/ai/smart-add/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


# --- The form as a browser without JavaScript sends it ------------------------------------------


class _FormData(HTMLParser):
    """The fields the preview's Create form posts as it stands (checked boxes and radios, the
    selected option, textareas), as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == "/ai/smart-add/create/"
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            checkable = a.get("type") in ("checkbox", "radio")
            self.data[a["name"]] = a.get("value", "on" if checkable else "")
        elif tag == "select":
            self.select = a["name"]
            self.data.setdefault(a["name"], "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.data[self.textarea] += data.removeprefix("\n")


def _form_data(client, text: str) -> dict[str, str]:
    response = client.post("/ai/smart-add/", {"text": text, "back": "today"})
    parser = _FormData()
    parser.feed(response.content.decode())
    return parser.data


def test_the_preview_sent_as_it_stands_saves_what_it_proposed(signed_in, alice):
    data = _form_data(signed_in, "Water the plants every Sunday\nCall mom tomorrow at 5pm")
    assert signed_in.post("/ai/smart-add/create/", data).status_code == 302
    assert _task(alice, "Water the plants").recurrence == "FREQ=WEEKLY;BYDAY=SU"
    assert _task(alice, "Call mom").recurrence == ""


def test_the_preview_with_a_repeat_chosen_saves_that_repeat(signed_in, alice):
    data = _form_data(signed_in, "Water the plants every Sunday\nCall mom tomorrow at 5pm")
    data["form-0-repeat"] = "every_other_week"
    data["form-1-repeat"] = "daily"
    assert signed_in.post("/ai/smart-add/create/", data).status_code == 302
    assert _task(alice, "Water the plants").recurrence == "FREQ=WEEKLY;INTERVAL=2"
    assert _task(alice, "Call mom").recurrence == "FREQ=DAILY"
