"""Settings → Your data says what each connected service reads and keeps, from the numbers the
code runs on."""

from __future__ import annotations

from minime.calendars.services import DAYS, KEEP_STALE
from minime.gmail.google import INBOX_SIZE, SCOPE
from minime.gmail.services import KEEP_PULLED


def test_the_page_says_what_calendar_and_gmail_read_and_keep(client, alice):
    client.force_login(alice)
    html = client.get("/accounts/settings/data/").content.decode()
    calendar = html.split('data-integration="calendar"')[1].split("</dl>")[0]
    gmail = html.split('data-integration="gmail"')[1].split("</dl>")[0]
    assert f"The events of the next {DAYS} days" in calendar
    assert f"for up to {KEEP_STALE.days} days" in calendar
    assert "(Pro and Max)" in calendar
    assert f"the latest {INBOX_SIZE} messages" in gmail
    assert f"for {int(KEEP_PULLED.total_seconds() // 3600)} hours" in gmail
    assert SCOPE.rsplit("/", 1)[1] in gmail  # gmail.readonly
    assert "(Max)" in gmail
    assert "Sends, replies to, archives, labels, moves or deletes mail." in gmail
