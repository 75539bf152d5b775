"""Contact messages for tests: sent through the service, read back whoever sent them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from minime.core.db import SERVICE_DB
from minime.support import services
from minime.support.models import ContactMessage

VISITOR = "visitor@example.com"
ADDRESS = "198.51.100.7"


def send(
    *,
    email: str = VISITOR,
    message: str = "How do I move a task to tomorrow?",
    topic: str = "question",
    user: Any = None,
    address: str = ADDRESS,
    honeypot: str = "",
) -> ContactMessage | None:
    return services.contact_send(
        topic=topic, email=email, message=message, user=user, address=address, honeypot=honeypot
    )


def stored() -> QuerySet[ContactMessage]:
    """Every message, through the service connection (row-level security shows a test, bound
    to no user, none of them). Committed rows only: for transactional tests."""
    return ContactMessage.objects.using(SERVICE_DB).order_by("created_at")
