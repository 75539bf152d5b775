"""Keep a background loop alive through a database outage.

The worker, its lease heartbeat and the scheduler all run through `run_resiliently`. When the
database cannot be reached (connection refused or dropped, "database is locked", a read-only
server or folder) a step fails with one warning line, the thread's connections are closed, and
the step is tried again after 0.5 s, 1 s, 2 s ... up to 30 s (each wait shortened by up to a
quarter at random, so workers restarted together do not retry in step). The first success after
a failure logs the recovery and the loop is back to its normal pace. Waits are on an Event, so a
stop request (SIGTERM, Ctrl-C) ends them at once. Any other error is a bug and propagates.
"""

from __future__ import annotations

import errno
import logging
import random
from collections.abc import Callable
from contextlib import suppress
from threading import Event

from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

FIRST_WAIT = 0.5
LONGEST_WAIT = 30.0
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read_only_sql_transaction (a replica, a failover)


# SQLite: the database's folder turned read-only or full (the write-lock file next to the
# database cannot be opened, minime.core.sqlite).
STORAGE_ERRNOS = frozenset({errno.EROFS, errno.ENOSPC})


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` means "the database is unavailable right now", not a bug."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    if isinstance(exc, OSError):
        return exc.errno in STORAGE_ERRNOS
    return getattr(exc.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE


def close_connections() -> None:
    """Close this thread's connections, ignoring errors from ones that are already broken."""
    for connection in connections.all(initialized_only=True):
        with suppress(DatabaseError):
            connection.close()


class Backoff:
    """Exponential backoff for one loop, logging each failure once and the recovery."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.failures = 0

    def failed(self, exc: BaseException) -> float:
        """Log the failure; return the seconds to wait before the next try."""
        self.failures += 1
        wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(self.failures - 1, 16))
        wait *= random.uniform(0.75, 1.0)  # noqa: S311 (jitter, not a secret)
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        logger.warning(
            "%s: database unavailable (%s); retry %d in %.1f s",
            self.what, reason, self.failures, wait,
        )  # fmt: skip
        return wait

    def succeeded(self) -> None:
        if self.failures:
            logger.warning("%s: database back after %d failed tries", self.what, self.failures)
            self.failures = 0


def run_resiliently(step: Callable[[], float | None], stop: Event, what: str) -> None:
    """Call `step` until `stop` is set or it returns None; between calls wait the seconds it
    returns. A database outage in `step` is waited out with backoff (see the module)."""
    backoff = Backoff(what)
    while not stop.is_set():
        try:
            wait = step()
        except (DatabaseError, OSError) as exc:
            if not is_outage(exc):
                raise
            delay = backoff.failed(exc)
            close_connections()
            stop.wait(delay)
            continue
        backoff.succeeded()
        if wait is None:
            return
        if wait > 0:
            stop.wait(wait)
