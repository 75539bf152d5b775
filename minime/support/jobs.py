"""The contact form's emails, sent by the worker: the copy to the sender, the operator's reply,
and (when ``CONTACT_NOTIFY`` names addresses) a line to the operator that a message arrived.

Jobs receive the message's id, never its text, so nothing a person wrote sits in the job queue's
table. They read the message through the service connection: a visitor's message belongs to no
user, so row-level security would show it to no one else. A message deleted meanwhile (its
sender deleted their account) is not mailed. A job may run more than once (docs/jobs.md); a
re-run mails the same text again, which is harmless.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from minime.core.db import SERVICE_DB
from minime.support.models import ContactMessage


def quote(text: str) -> str:
    """`text` as an email quotes it: every line after "> "."""
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines())


def _send(template: str, message: ContactMessage) -> None:
    """Render support/email/<template>.txt (first line: the subject) and send it to the sender."""
    context = {
        "topic": message.get_topic_display(),
        "sent_at": f"{message.created_at:%d %B %Y, %H:%M} UTC",
        "quoted": quote(message.message),
        "reply": message.reply,
        "contact_url": f"{settings.SITE_URL}{reverse('support:contact')}",
    }
    subject, _, body = render_to_string(f"support/email/{template}.txt", context).partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [message.email])


def _message(message_id: str) -> ContactMessage | None:
    return ContactMessage.objects.using(SERVICE_DB).filter(pk=message_id).first()


@task()
def send_contact_confirmation(*, message_id: str) -> None:
    message = _message(message_id)
    if message is not None:
        _send("confirmation", message)


@task()
def send_contact_reply(*, message_id: str) -> None:
    message = _message(message_id)
    if message is not None and message.reply:
        _send("reply", message)


@task()
def tell_operator(*, message_id: str) -> None:
    """Tell the ``CONTACT_NOTIFY`` addresses a message arrived: its topic and where to read it
    in the admin, never its text or its sender (the admin shows those to whoever may see them)."""
    message = _message(message_id)
    if message is None or not settings.CONTACT_NOTIFY:
        return
    path = reverse("admin:support_contactmessage_change", args=[message.pk])
    context = {"topic": message.get_topic_display(), "admin_url": f"{settings.SITE_URL}{path}"}
    subject, _, body = render_to_string("support/email/new.txt", context).partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, list(settings.CONTACT_NOTIFY))
