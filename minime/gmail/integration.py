"""What connecting Gmail reads and keeps, in words, from the constants the code runs on."""

from __future__ import annotations

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature
from minime.core.integrations import Integration
from minime.gmail.google import INBOX_SIZE
from minime.gmail.services import KEEP_PULLED

GMAIL = Integration(
    key="gmail",
    label="Gmail",
    plans=str(LOWEST_PLAN_FOR[Feature.EMAIL].label),
    reads=(
        "When you connect: the Gmail account's address, with read-only access "
        "(gmail.readonly) that you grant on Google's own screen.",
        f"Only when you press Pull inbox: the latest {INBOX_SIZE} messages in the inbox, each "
        "one's sender, subject, date and the short preview Gmail shows. Never a message's full "
        "text or attachments.",
    ),
    keeps=(
        "The account's address and the lasting access Google grants (a refresh token), "
        "encrypted. The short-lived access made from it for each pull is never stored.",
        f"The pulled messages, for {int(KEEP_PULLED.total_seconds() // 3600)} hours; each pull "
        "replaces the last.",
        "What you turn a message into (an inbox item or a task) is yours like anything you type.",
    ),
    never=(
        "Sends, replies to, archives, labels, moves or deletes mail.",
        "Reads your mail in the background.",
    ),
    removed="Disconnecting asks Google to withdraw the access, then deletes it here with every "
    "pulled message; so does deleting your account.",
)
