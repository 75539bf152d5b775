"""The task list shows a page at a time, keeping the filters across pages."""

from __future__ import annotations

from minime.core.db import as_user
from minime.tasks.models import Task
from minime.tasks.views import PAGE_SIZE


def test_a_long_list_is_split_into_pages_that_keep_the_filters(client, alice, personas):
    workspace = personas.personal(alice)
    with as_user(alice.pk):
        Task.objects.bulk_create(
            [
                Task(workspace=workspace, title=f"Errand {i:03}", position=i)
                for i in range(PAGE_SIZE + 5)
            ]
        )
    client.force_login(alice)
    first = client.get("/tasks/?q=errand").content.decode()
    assert first.count("data-row>") == PAGE_SIZE
    assert f"Page 1 of 2 · {PAGE_SIZE + 5} tasks" in first
    assert "?q=errand&amp;page=2" in first
    second = client.get("/tasks/?q=errand&page=2").content.decode()
    assert second.count("data-row>") == 5
    assert f"Errand {PAGE_SIZE + 4:03}" in second
    assert "Errand 000" not in second
    assert client.get("/tasks/?q=errand&page=99").status_code == 200  # last page, not an error
