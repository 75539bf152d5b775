"""Run the periodic scheduler: every second, enqueue any job whose slot has come.

Safe to run on several machines at once: each slot is claimed by exactly one of them.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from minime.jobs.scheduler import enqueue_due


class Command(BaseCommand):
    help = "Enqueue periodic jobs on schedule (run one or more; each slot runs once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while self.running:
            close_old_connections()
            for name in enqueue_due(timezone.now()):
                self.stdout.write(f"enqueued {name}")
            if once:
                break
            time.sleep(interval)
