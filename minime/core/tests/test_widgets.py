from __future__ import annotations

from django import forms

from minime.core.widgets import FastSelect


class Form(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "Any"), ("red", "Red"), ("<b>", "Bold & <tags>")], widget=FastSelect
    )


def test_it_renders_the_same_options_as_djangos_select_with_the_choice_selected():
    html = str(Form({"colour": "red"})["colour"])
    assert html.startswith("<select ") and 'name="colour"' in html
    assert 'id="id_colour"' in html
    assert '<option value="red" selected>Red</option>' in html
    assert '<option value="">Any</option>' in html


def test_it_escapes_values_and_labels():
    html = str(Form({"colour": "<b>"})["colour"])
    assert '<option value="&lt;b&gt;" selected>Bold &amp; &lt;tags&gt;</option>' in html
    assert "<b>" not in html.replace("<option", "").replace("<select", "")


def test_an_invalid_field_is_marked_for_assistive_technology():
    form = Form({"colour": "plaid"})
    assert not form.is_valid()
    assert 'aria-invalid="true"' in str(form["colour"])
