from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from minime.capture import services
from minime.capture.models import CaptureItem
from minime.core.db import as_user
from minime.preferences.rules import rules_update

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def _add(user, ws, text="Call the dentist", **kwargs):
    with as_user(user.pk):
        return services.capture_add(workspace=ws, text=text, created_by=user, **kwargs)


def _items(user):
    with as_user(user.pk):
        return list(CaptureItem.objects.order_by("created_at").values_list("text", "kind"))


def _processed(user, item):
    with as_user(user.pk):
        return CaptureItem.objects.get(pk=item.pk).processed_at is not None


def test_the_inbox_has_one_add_box_with_its_hotkey(signed_in):
    page = signed_in.get("/capture/").content.decode()
    assert 'data-hotkey="add"' in page
    assert "Your inbox is empty" in page
    # One box, two buttons: Add posts here (no AI), Smart add posts to the preview. (The shell's
    # quick-add dialog holds the other text box.)
    content = page.split('id="content"')[1].split("</main>")[0]
    assert content.count("<textarea") == 1
    assert 'formaction="/ai/smart-add/"' in page and ">Add</button>" in page


def test_adding_from_the_inbox_page(signed_in, alice):
    response = signed_in.post("/capture/", {"text": "  Buy paprika  "})
    assert response.status_code == 302 and response["Location"] == "/capture/"
    assert _items(alice) == [("Buy paprika", "inbox")]
    page = signed_in.get("/capture/").content.decode()
    assert "Buy paprika" in page and "Added to your inbox." in page


def test_adding_nothing_is_explained_and_what_was_typed_is_kept(signed_in, alice):
    response = signed_in.post("/capture/", {"text": "   "})
    assert response.status_code == 422
    assert "Write something first." in response.content.decode()
    long = "y" * (services.MAX_TEXT + 1)
    response = signed_in.post("/capture/", {"text": long})
    assert response.status_code == 422
    assert f">\n{long}</textarea>" in response.content.decode()
    assert _items(alice) == []


def test_the_inbox_lists_oldest_first_with_one_key_actions(signed_in, alice, personas):
    ws = personas.personal(alice)
    newer = _add(alice, ws, "Newer thought")
    older = _add(alice, ws, "Older thought")
    with as_user(alice.pk):
        CaptureItem.objects.filter(pk=older.pk).update(
            created_at=timezone.now() - timedelta(hours=2)
        )
    _add(alice, ws, "A filed note", kind="note")
    page = signed_in.get("/capture/").content.decode()
    assert page.index("Older thought") < page.index("Newer thought")
    assert "A filed note" not in page
    assert page.count("data-row>") == 2
    for action in ("task", "note", "delete"):
        assert page.count(f'data-action="{action}"') == 2
    assert f"/capture/{newer.uuid}/task/" in page


def test_making_a_task_with_htmx_replaces_the_row_and_without_js_redirects(
    signed_in, alice, personas
):
    ws = personas.personal(alice)
    first, second = _add(alice, ws, "Renew passport"), _add(alice, ws, "Book dentist")
    response = signed_in.post(f"/capture/{first.uuid}/task/", **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "data-row" in body and "Now a task: Renew passport" in body
    assert _processed(alice, first)
    response = signed_in.post(f"/capture/{second.uuid}/task/")
    assert response.status_code == 302 and response["Location"] == "/capture/"
    assert _processed(alice, second)
    page = signed_in.get("/capture/").content.decode()
    assert "Now a task: Book dentist" in page and "Your inbox is empty" in page


def test_making_a_task_twice_says_so(signed_in, alice, personas):
    item = _add(alice, personas.personal(alice))
    signed_in.post(f"/capture/{item.uuid}/task/", **HX)
    response = signed_in.post(f"/capture/{item.uuid}/task/", **HX)
    assert response.status_code == 200
    assert "no longer in the inbox" in response.content.decode()
    response = signed_in.post(f"/capture/{item.uuid}/task/", follow=True)
    assert "no longer in the inbox" in response.content.decode()


def test_filing_as_a_note_with_htmx_and_without_js(signed_in, alice, personas):
    ws = personas.personal(alice)
    first, second = _add(alice, ws, "one"), _add(alice, ws, "two")
    response = signed_in.post(f"/capture/{first.uuid}/note/", **HX)
    assert response.status_code == 200 and "Filed as a note." in response.content.decode()
    assert "<html" not in response.content.decode()
    response = signed_in.post(f"/capture/{second.uuid}/note/")
    assert response.status_code == 302
    assert _items(alice) == [("one", "note"), ("two", "note")]


def test_deleting_with_htmx_removes_the_row_and_without_js_redirects(signed_in, alice, personas):
    ws = personas.personal(alice)
    first, second = _add(alice, ws, "one"), _add(alice, ws, "two")
    response = signed_in.post(f"/capture/{first.uuid}/delete/", **HX)
    assert response.status_code == 200 and response.content == b""
    response = signed_in.post(f"/capture/{second.uuid}/delete/")
    assert response.status_code == 302
    assert _items(alice) == []


def test_actions_need_a_post(signed_in, alice, personas):
    item = _add(alice, personas.personal(alice))
    assert signed_in.get(f"/capture/{item.uuid}/delete/").status_code == 405
    assert _items(alice) == [("Call the dentist", "inbox")]


def test_the_backlog_notice_follows_the_users_threshold(signed_in, alice, personas):
    ws = personas.personal(alice)
    for i in range(3):
        _add(alice, ws, f"item {i}")
    assert "data-backlog" not in signed_in.get("/capture/").content.decode()
    rules_update(user=alice, capture_backlog_items=3)
    page = signed_in.get("/capture/").content.decode()
    assert "data-backlog" in page and "3 items" in page


def test_the_notes_page_searches_and_has_its_hotkeys(signed_in, alice, personas):
    ws = personas.personal(alice)
    _add(alice, ws, "Paprika chicken recipe", kind="note")
    _add(alice, ws, "Gift ideas", kind="note")
    _add(alice, ws, "inbox paprika", kind="inbox")
    page = signed_in.get("/capture/notes/").content.decode()
    assert 'data-hotkey="search"' in page and page.count("data-row>") == 2
    assert 'data-action="edit"' in page
    assert "inbox paprika" not in page
    page = signed_in.get("/capture/notes/", {"q": "paprika"}).content.decode()
    assert "Paprika chicken recipe" in page and "Gift ideas" not in page
    assert 'value="paprika"' in page
    rows = signed_in.get("/capture/notes/", {"q": "gift", "partial": "rows"}, **HX)
    body = rows.content.decode()
    assert "<html" not in body and "Gift ideas" in body and "Paprika" not in body
    empty = signed_in.get("/capture/notes/", {"q": "nothing"}).content.decode()
    assert "No notes contain “nothing”." in empty


def test_editing_a_note(signed_in, alice, personas):
    note = _add(alice, personas.personal(alice), "draft", kind="note")
    page = signed_in.get(f"/capture/notes/{note.uuid}/edit/").content.decode()
    assert "draft" in page and 'name="version" value="1"' in page
    response = signed_in.post(
        f"/capture/notes/{note.uuid}/edit/", {"text": "final words", "version": 1}
    )
    assert response.status_code == 302 and response["Location"] == "/capture/notes/"
    assert _items(alice) == [("final words", "note")]


def test_editing_a_stale_note_is_refused_with_a_clear_message_and_keeps_the_text(
    signed_in, alice, personas
):
    note = _add(alice, personas.personal(alice), "draft", kind="note")
    with as_user(alice.pk):
        services.note_update(item=note, expected_version=1, text="from my phone")
    response = signed_in.post(
        f"/capture/notes/{note.uuid}/edit/", {"text": "from my laptop", "version": 1}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "changed somewhere else" in page and "from my laptop" in page
    assert _items(alice) == [("from my phone", "note")]


def test_emptying_a_note_is_explained(signed_in, alice, personas):
    note = _add(alice, personas.personal(alice), "draft", kind="note")
    response = signed_in.post(f"/capture/notes/{note.uuid}/edit/", {"text": " ", "version": 1})
    assert response.status_code == 422 and "Write something first." in response.content.decode()
    assert _items(alice) == [("draft", "note")]


def test_moving_a_note_back_to_the_inbox(signed_in, alice, personas):
    ws = personas.personal(alice)
    first, second = _add(alice, ws, "one", kind="note"), _add(alice, ws, "two", kind="note")
    response = signed_in.post(f"/capture/notes/{first.uuid}/restore/", **HX)
    assert response.status_code == 200 and response.content == b""
    response = signed_in.post(f"/capture/notes/{second.uuid}/restore/")
    assert response.status_code == 302 and response["Location"] == "/capture/notes/"
    assert _items(alice) == [("one", "inbox"), ("two", "inbox")]
    assert "one" in signed_in.get("/capture/").content.decode()


def test_deleting_a_note(signed_in, alice, personas):
    ws = personas.personal(alice)
    first, second = _add(alice, ws, "one", kind="note"), _add(alice, ws, "two", kind="note")
    assert signed_in.post(f"/capture/notes/{first.uuid}/delete/", **HX).content == b""
    assert signed_in.post(f"/capture/notes/{second.uuid}/delete/").status_code == 302
    assert _items(alice) == []


def test_another_workspaces_items_answer_404(client, charlie, alice, personas):
    ws = personas.personal(alice)
    item = _add(alice, ws, "secret")
    note = _add(alice, ws, "secret note", kind="note")
    client.force_login(charlie)
    for url in (
        f"/capture/{item.uuid}/task/",
        f"/capture/{item.uuid}/note/",
        f"/capture/{item.uuid}/delete/",
        f"/capture/notes/{note.uuid}/edit/",
        f"/capture/notes/{note.uuid}/restore/",
        f"/capture/notes/{note.uuid}/delete/",
    ):
        assert client.post(url, {"text": "x", "version": 1}).status_code == 404, url
    assert client.get(f"/capture/notes/{note.uuid}/edit/").status_code == 404
    assert "secret" not in client.get("/capture/").content.decode()
    assert "secret" not in client.get("/capture/notes/").content.decode()
    assert _items(alice) == [("secret", "inbox"), ("secret note", "note")]


def test_a_shared_workspace_member_works_on_its_inbox(client, bob, alice, personas):
    item = _add(alice, personas.shared, "for both of us")
    client.force_login(bob)
    client.post("/workspaces/switch/", {"workspace": str(personas.shared.uuid)})
    assert "for both of us" in client.get("/capture/").content.decode()
    assert client.post(f"/capture/{item.uuid}/note/").status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/capture/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize(("url", "kind"), [("/capture/", "inbox"), ("/capture/notes/", "note")])
def test_the_pages_make_the_same_number_of_queries_for_3_or_30_items(
    signed_in, alice, personas, url, kind, django_assert_max_num_queries, django_assert_num_queries
):
    ws = personas.personal(alice)
    for i in range(3):
        _add(alice, ws, f"item {i}", kind=kind)
    assert signed_in.get(url).status_code == 200  # the first visit creates the rule settings
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get(url).status_code == 200
    few = len(measured)
    for i in range(3, 30):
        _add(alice, ws, f"item {i}", kind=kind)
    with django_assert_num_queries(few):
        assert signed_in.get(url).status_code == 200
