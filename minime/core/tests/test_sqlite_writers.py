"""The SQLite backend queues writers for the write lock (minime.core.sqlite.base).

These tests make their own SQLite file, so they run on either test database."""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connections, transaction

ALIAS = "sqlite_writers"


@pytest.fixture
def sqlite(tmp_path, django_db_blocker) -> Iterator[str]:
    path = tmp_path / "writers.sqlite3"
    connections.settings[ALIAS] = {
        "ENGINE": "minime.core.sqlite",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 0.5,
            "init_command": "PRAGMA journal_mode=WAL;",
        },
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        try:
            yield f"{path}.writelock"
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


def _lock_is_free(lock_path: str) -> bool:
    with open(lock_path, "a+b") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(other, fcntl.LOCK_UN)
        return True


def test_a_transaction_holds_the_write_lock_until_it_ends(sqlite):
    with transaction.atomic(using=ALIAS):
        connections[ALIAS].cursor().execute("UPDATE counter SET n = n + 1")
        assert not _lock_is_free(sqlite)
    assert _lock_is_free(sqlite)

    def fail_midway() -> None:
        with transaction.atomic(using=ALIAS):
            connections[ALIAS].cursor().execute("UPDATE counter SET n = n + 1")
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert _lock_is_free(sqlite)  # released by the rollback too


def test_a_writer_that_cannot_get_in_gives_up_with_database_is_locked(sqlite):
    holding = threading.Event()
    done = threading.Event()

    def hold() -> None:
        with transaction.atomic(using=ALIAS):
            connections[ALIAS].cursor().execute("UPDATE counter SET n = n + 1")
            holding.set()
            done.wait(5)
        connections[ALIAS].close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(5)
        started = time.monotonic()
        with (
            pytest.raises(OperationalError, match="database is locked"),
            transaction.atomic(using=ALIAS),
        ):
            pass
        assert 0.4 < time.monotonic() - started < 3  # the connection's timeout, not forever
    finally:
        done.set()
        holder.join()
    assert _lock_is_free(sqlite)


def test_concurrent_writers_take_turns_and_none_is_lost(sqlite):
    errors: list[BaseException] = []

    def add(times: int) -> None:
        try:
            for _ in range(times):
                with transaction.atomic(using=ALIAS):
                    cursor = connections[ALIAS].cursor()
                    cursor.execute("SELECT n FROM counter")
                    (n,) = cursor.fetchone()
                    time.sleep(0.002)  # a read-modify-write that would lose updates unserialised
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=add, args=(25,)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    cursor = connections[ALIAS].cursor()
    cursor.execute("SELECT n FROM counter")
    assert cursor.fetchone() == (150,)
