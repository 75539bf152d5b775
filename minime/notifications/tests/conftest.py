from __future__ import annotations

from collections.abc import Iterator

import pytest

from minime.notifications import services
from minime.notifications.models import PushDevice
from minime.notifications.tests import fake_push


@pytest.fixture
def fake(settings) -> Iterator[fake_push.FakePushService]:
    """The local push service; a push that gets no answer times out after half a second."""
    settings.PUSH_TIMEOUT_SECONDS = 0.5
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    service = fake_push.start()
    yield service
    service.close()


def subscribe(user, fake: fake_push.FakePushService, name: str = "device") -> PushDevice:
    """A device of `user` on the fake push service, as the browser would subscribe it."""
    sub = fake.subscription(name)
    return services.device_subscribe(
        user=user,
        endpoint=sub["endpoint"],
        p256dh=sub["keys"]["p256dh"],
        auth=sub["keys"]["auth"],
        user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    )
