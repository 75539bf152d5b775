from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from minime.capture import selectors, services
from minime.capture.models import CaptureItem
from minime.core.db import as_user
from minime.core.errors import Conflict, Invalid


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


def _add(ws, user, text="Call the dentist"):
    return services.capture_add(workspace=ws, text=text, created_by=user)


def _age(item, **delta):
    CaptureItem.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(**delta))


def test_adding_trims_the_text_and_keeps_several_lines_as_one_item(ws, alice):
    item = _add(ws, alice, "  Plan the trip\nbook the train\n\nask Sam  ")
    assert item.text == "Plan the trip\nbook the train\n\nask Sam"
    assert item.kind == "inbox" and item.source == "typed" and item.processed_at is None
    assert item.created_by == alice
    assert list(selectors.inbox(ws)) == [item]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_adding_nothing_is_refused(ws, alice, text):
    with pytest.raises(Invalid) as caught:
        _add(ws, alice, text)
    assert caught.value.fields == {"text": ["Write something first."]}
    assert not CaptureItem.objects.exists()


def test_adding_overlong_text_is_refused(ws, alice):
    with pytest.raises(Invalid) as caught:
        _add(ws, alice, "x" * (services.MAX_TEXT + 1))
    assert "text" in caught.value.fields


def test_the_inbox_is_oldest_first_and_leaves_out_processed_items_and_notes(ws, alice, personas):
    _, second, third = (_add(ws, alice, t) for t in ("one", "two", "three"))
    _age(second, days=2)
    services.capture_file_as_note(item=third)
    services.capture_add(workspace=personas.shared, text="shared", created_by=alice)
    assert [i.text for i in selectors.inbox(ws)] == ["two", "one"]


def test_filing_as_a_note_takes_it_out_of_the_inbox(ws, alice):
    item = _add(ws, alice)
    services.capture_file_as_note(item=item)
    item.refresh_from_db()
    assert item.kind == "note" and item.processed_at is not None and item.version == 2
    assert list(selectors.inbox(ws)) == []
    assert list(selectors.notes(ws)) == [item]


def test_restoring_puts_a_note_back_in_the_inbox(ws, alice):
    item = _add(ws, alice)
    services.capture_file_as_note(item=item)
    services.capture_restore(item=item)
    item.refresh_from_db()
    assert item.kind == "inbox" and item.processed_at is None
    assert list(selectors.inbox(ws)) == [item]
    assert list(selectors.notes(ws)) == []


def test_notes_are_newest_first_and_searchable_by_every_word(ws, alice):
    older = services.capture_add(
        workspace=ws, text="Recipe: paprika chicken", created_by=alice, kind="note"
    )
    newer = services.capture_add(
        workspace=ws,
        text="Gift ideas for Sam: book, PAPRIKA grinder",
        created_by=alice,
        kind="note",
    )
    CaptureItem.objects.filter(pk=older.pk).update(processed_at=timezone.now() - timedelta(days=1))
    assert list(selectors.notes(ws)) == [newer, older]
    assert list(selectors.notes(ws, q="paprika")) == [newer, older]
    assert list(selectors.notes(ws, q="  grinder paprika ")) == [newer]
    assert list(selectors.notes(ws, q="nothing")) == []


def test_editing_a_note_is_versioned(ws, alice):
    note = services.capture_add(workspace=ws, text="draft", created_by=alice, kind="note")
    services.note_update(item=note, expected_version=1, text=" better ")
    assert note.version == 2
    stale = CaptureItem.objects.get(pk=note.pk)
    with pytest.raises(Conflict):
        services.note_update(item=stale, expected_version=1, text="lost?")
    assert CaptureItem.objects.get(pk=note.pk).text == "better"


def test_a_note_cannot_be_emptied(ws, alice):
    note = services.capture_add(workspace=ws, text="draft", created_by=alice, kind="note")
    with pytest.raises(Invalid) as caught:
        services.note_update(item=note, expected_version=1, text="  ")
    assert caught.value.fields == {"text": ["Write something first."]}
    assert CaptureItem.objects.get(pk=note.pk).text == "draft"


def test_deleting(ws, alice):
    services.capture_delete(item=_add(ws, alice))
    assert not CaptureItem.objects.exists()


def test_making_a_task_uses_the_first_line_and_keeps_the_whole_text_as_notes(ws, alice):
    from minime.tasks.models import Task

    item = _add(ws, alice, "Renew passport\nphotos first, then the form")
    task = services.capture_make_task(item=item, user=alice)
    assert task.title == "Renew passport"
    assert task.notes == "Renew passport\nphotos first, then the form"
    assert task.workspace_id == ws.pk and task.source == "typed"
    item.refresh_from_db()
    assert item.processed_at is not None and item.kind == "inbox"
    assert list(selectors.inbox(ws)) == []
    assert Task.objects.in_workspace(ws).count() == 1


def test_making_a_task_of_a_short_item_leaves_the_notes_empty(ws, alice):
    task = services.capture_make_task(item=_add(ws, alice, "Water the plants"), user=alice)
    assert task.title == "Water the plants" and task.notes == ""


def test_making_a_task_with_a_title_of_my_own(ws, alice):
    item = _add(ws, alice, "that thing Sam said about the boiler")
    task = services.capture_make_task(item=item, user=alice, title="Call the plumber")
    assert task.title == "Call the plumber"
    assert task.notes == "that thing Sam said about the boiler"


def test_making_a_task_twice_makes_one_task(ws, alice):
    from minime.tasks.models import Task

    item = _add(ws, alice)
    services.capture_make_task(item=item, user=alice)
    again = CaptureItem.objects.get(pk=item.pk)
    with pytest.raises(Invalid):
        services.capture_make_task(item=again, user=alice)
    assert Task.objects.in_workspace(ws).count() == 1


def test_a_very_long_first_line_is_cut_to_fit_a_title():
    title = services.task_title_from("word " * 100)
    assert len(title) == services.TITLE_MAX and title.endswith("…")


def test_backlog_by_count(ws, alice):
    now = timezone.now()
    for i in range(3):
        _add(ws, alice, f"item {i}")
    assert selectors.backlog(ws, now, items_threshold=3, days_threshold=30).is_backlog
    calm = selectors.backlog(ws, now, items_threshold=4, days_threshold=30)
    assert (calm.count, calm.oldest_age_days, calm.is_backlog) == (3, 0, False)


def test_backlog_by_age(ws, alice):
    item = _add(ws, alice)
    _age(item, days=3, hours=1)
    found = selectors.backlog(ws, timezone.now(), items_threshold=10, days_threshold=3)
    assert (found.count, found.oldest_age_days, found.is_backlog) == (1, 3, True)
    assert not selectors.backlog(
        ws, timezone.now(), items_threshold=10, days_threshold=4
    ).is_backlog


def test_an_empty_inbox_is_never_a_backlog(ws):
    found = selectors.backlog(ws, timezone.now(), items_threshold=1, days_threshold=1)
    assert (found.count, found.oldest_age_days, found.is_backlog) == (0, 0, False)
