"""Run the whole app in one terminal: the web server, the background worker and the scheduler.

Ctrl-C (or SIGTERM) stops all three. If one of them dies, the others are stopped too and the
command exits non-zero, so a supervisor (systemd, a container runtime) can restart the set.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the web app, the background worker and the scheduler together."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args: Any, bind: str, web_workers: int, **options: Any) -> None:
        python = sys.executable
        manage = [python, str(settings.BASE_DIR / "manage.py")]
        web = [
            python, "-m", "gunicorn", "config.wsgi",
            "--bind", bind, "--workers", str(web_workers), "--threads", "4",
            "--graceful-timeout", "10", "--error-logfile", "-",
        ]  # fmt: skip
        if settings.DEBUG:
            web.append("--reload")
        commands = {
            "web": web,
            "worker": [*manage, "db_worker", "--no-reload", "--interval", "0.5"],
            "scheduler": [*manage, "run_scheduler"],
        }
        procs = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR)  # noqa: S603
            for name, cmd in commands.items()
        }
        self.stdout.write(
            self.style.SUCCESS(f"Mini Me OS is running at http://{bind}/")
            + " (web, worker, scheduler). Press Ctrl-C to stop.\n"
        )
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        failed = None
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    failed = name
                    stopping = True
            time.sleep(0.2)
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        if failed:
            self.stderr.write(f"The {failed} process stopped unexpectedly; stopped the others.")
            sys.exit(1)
        self.stdout.write("Stopped.")
