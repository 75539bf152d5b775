"""Tasks the worker tests enqueue; a `run_worker` subprocess imports them from here."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.db import connection
from django_tasks import task


@task()
def slow_effect(*, key: str, directory: str, seconds: float = 0.0) -> str:
    """Log the attempt, wait, then make the effect (a file per key) at most once.

    Idempotent as every task must be: a re-run after a crash finds the file and does nothing.
    """
    folder = Path(directory)
    with open(folder / "attempts.log", "a") as log:
        log.write(f"{key}\n")
    time.sleep(seconds)
    try:
        os.close(os.open(folder / f"{key}.done", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return "already done"
    with open(folder / "effects.log", "a") as log:
        log.write(f"{key}\n")
    return "done"


_saved: dict[str, Any] = {}


def cut_database() -> None:
    """Point this thread's default connection at a database that cannot be reached, as when the
    server goes away: SQLite, a file in a folder that does not exist; PostgreSQL, a closed port."""
    from minime.jobs.tests.processes import free_port

    connection.close()
    _saved.update(connection.settings_dict)
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/folder/minime.sqlite3"
    else:
        connection.settings_dict["PORT"] = str(free_port())


def restore_database() -> None:
    """Undo cut_database (if it is in effect)."""
    if not _saved:
        return
    connection.close()
    connection.settings_dict.update(_saved)
    _saved.clear()


@task()
def lose_the_database_once(*, directory: str) -> str:
    """The first run loses the database before the worker records its end; later runs do not."""
    try:
        os.close(os.open(Path(directory) / "lost", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return "ran again"
    cut_database()
    return "lost it"
