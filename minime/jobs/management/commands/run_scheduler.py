"""Run the periodic scheduler: every second, enqueue any job whose slot has come.

Safe to run on several machines at once: each slot is claimed by exactly one of them. A database
outage is waited out (see minime.jobs.resilience); SIGTERM or Ctrl-C stop it at once. On a
single machine `run_worker --with-scheduler` runs the same loop, so this command is not needed.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from minime.jobs.scheduler import enqueue_due, run_scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue periodic jobs on schedule (run one or more; each slot runs once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        if once:
            for name in enqueue_due(timezone.now()):
                self.stdout.write(f"enqueued {name}")
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        logger.info("Scheduler running, checking every %ss", interval)
        run_scheduler(stop, interval)
