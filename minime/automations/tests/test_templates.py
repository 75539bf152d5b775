"""Templates: parsing, escapes, refusals, hostile input, rendering and limits."""

import pytest

from minime.automations.engine import PLACEHOLDERS, TemplateError, cut, parse_template

ALL = frozenset(PLACEHOLDERS)


def render(source, values, limit=1000, allowed=ALL):
    return parse_template(source, allowed).render(values, limit)


def test_placeholders_are_filled_and_text_kept():
    assert render("Done: {task} in {project}!", {"task": "Ship", "project": "Launch"}) == (
        "Done: Ship in Launch!"
    )


def test_missing_value_renders_empty():
    assert render("[{task}]-[{goal}]", {"task": "A"}) == "[A]-[]"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{task}}", "{task}"),
        ("{{{task}}}", "{X}"),
        ("a }} b {{", "a } b {"),
        ("{{}}", "{}"),
        ("", ""),
    ],
)
def test_double_braces_are_literal(source, expected):
    assert render(source, {"task": "X"}) == expected


@pytest.mark.parametrize(
    "source",
    ["{foo}", "{task!r}", "{task.__class__}", "{0}", "{}", "{task:>10}", "{ task }", "{TASK}"],
)
def test_unknown_placeholders_are_refused_naming_them(source):
    with pytest.raises(TemplateError) as error:
        parse_template(f"Hi {source}", ALL)
    message = str(error.value)
    assert message.startswith(f"Unknown placeholder {source}: use {{task}}, {{project}}")
    assert "{weekday}" in message


def test_unknown_placeholder_lists_only_the_triggers_placeholders():
    with pytest.raises(TemplateError, match=r"use \{count\}, \{date\}, \{weekday\} \(or"):
        parse_template("{x}", {"count", "date", "weekday"})


def test_known_placeholder_the_trigger_lacks_is_refused():
    with pytest.raises(TemplateError) as error:
        parse_template("{routine}", {"task", "date"}, when="when a task is completed")
    assert str(error.value) == (
        "{routine} is not available when a task is completed: use {task}, {date}."
    )


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("a { b", "{ at character 3"),
        ("a } b", "} at character 3"),
        ("{task", "{ at character 1"),
        ("{ta{sk}", "{ at character 1"),
        ("}}}", "} at character 3"),
    ],
)
def test_lone_braces_are_refused(source, where):
    with pytest.raises(TemplateError, match="Unmatched " + where.replace("{", r"\{")):
        parse_template(source, ALL)


def test_hostile_values_are_never_evaluated():
    # A value that looks like a template or a format spec is copied as it is.
    values = {"task": "{project} {0} {task.__class__} %s {{", "project": "P"}
    assert render("{task}|{project}", values) == "{project} {0} {task.__class__} %s {{|P"


def test_a_long_bad_placeholder_is_quoted_short():
    with pytest.raises(TemplateError) as error:
        parse_template("{" + "x" * 5000 + "}", ALL)
    assert len(str(error.value)) < 300
    assert "{" + "x" * 30 + "…}" in str(error.value)


def test_very_long_template_and_value_render_cut_to_the_limit():
    template = parse_template("{task} " * 2000, ALL)
    text = template.render({"task": "y" * 10_000}, 100)
    assert len(text) == 100
    assert text.endswith("…")


def test_cut():
    assert cut("short", 10) == "short"
    assert cut("0123456789", 10) == "0123456789"
    assert cut("01234 6789X", 10) == "01234 678…"
    assert cut("0123456 89", 9) == "0123456…"  # no space before the ellipsis
    assert cut("0123456789X", 10) == "012345678…"
    assert cut("abc", 1) == "…"


def test_parts_and_names():
    template = parse_template("a{task}b{{c{count}", ALL)
    assert template.names == {"task", "count"}
    assert [p if isinstance(p, str) else p.name for p in template.parts] == [
        "a",
        "task",
        "b{c",
        "count",
    ]
