"""Tasks the worker tests enqueue; a `run_worker` subprocess imports them from here."""

from __future__ import annotations

import os
import time
from pathlib import Path

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
