"""SQLite with writers served in turn.

SQLite has one write lock per database. Our transactions take it at BEGIN (IMMEDIATE), and a
connection that finds it taken waits in SQLite's busy handler, which sleeps on a schedule of
growing naps (up to 100 ms each) and retries: a waiter deep in its naps misses release after
release to newcomers, so under a steady stream of writes an unlucky request waits seconds
(measured with eight clients creating tasks: p99 1.1 s, worst 4 s).

Here a transaction first queues for the write lock itself, in two steps:

- within the process, on a lock that wakes the next thread the moment it is released;
- across processes (web workers, the background worker), on an exclusive `flock` of a lock file
  next to the database, which the one thread per process at the front of its queue checks every
  millisecond.

Either wait gives up after the connection's `timeout` with SQLite's own "database is locked".
Both locks are released when the transaction ends (commit, rollback, the connection closing; the
kernel drops the file lock if the process dies). SQLite's busy handler still covers the rare
write outside a transaction. An in-memory database has one connection and needs no lock.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from typing import IO, Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

POLL_SECONDS = 0.001
_queues: dict[str, threading.Lock] = {}
_queues_guard = threading.Lock()


def _queue(path: str) -> threading.Lock:
    with _queues_guard:
        return _queues.setdefault(path, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _write_lock: IO[bytes] | None = None
    _held: threading.Lock | None = None

    def _lock_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{os.path.abspath(os.fspath(self.settings_dict['NAME']))}.writelock"

    def _acquire(self, path: str) -> None:
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        deadline = time.monotonic() + timeout
        queue = _queue(path)
        if not queue.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        try:
            if self._write_lock is None:
                try:
                    self._write_lock = open(path, "a+b")  # noqa: SIM115 - kept while connected
                except OSError as exc:  # a read-only or full disk: a database outage to callers
                    raise OperationalError(f"cannot open the write lock: {exc}") from exc
            while True:
                try:
                    fcntl.flock(self._write_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OperationalError("database is locked") from None
                    time.sleep(POLL_SECONDS)
        except BaseException:
            queue.release()
            raise
        self._held = queue

    def _release(self) -> None:
        if self._held is None:
            return
        try:
            if self._write_lock is not None:
                fcntl.flock(self._write_lock, fcntl.LOCK_UN)
        finally:
            self._held.release()
            self._held = None

    def _start_transaction_under_autocommit(self) -> None:
        path = self._lock_path()
        if path is not None:
            self._acquire(path)
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release()
            if self._write_lock is not None:
                self._write_lock.close()
                self._write_lock = None
