"""Run the whole app on one machine: the web server and the background worker (with the
scheduler in it), kept running by a small supervisor. See docs/running.md.

This command only builds the command lines (it needs the settings for them), then replaces
itself with `python -m minime.supervise`, which holds no Django: a child that dies is restarted
with backoff, and Ctrl-C (or SIGTERM) stops everything.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def commands(bind: str, web_workers: int, debug: bool) -> dict[str, list[str]]:
    """The children `serve` runs, by name."""
    python = sys.executable
    web = [
        python, "-m", "gunicorn", "config.wsgi",
        "--bind", bind, "--workers", str(web_workers), "--threads", "4",
        "--graceful-timeout", "10", "--error-logfile", "-",
        # gunicorn's control socket is one path per user (~/.gunicorn/gunicorn.ctl): a second
        # instance on the machine would take it over. Nothing here uses it.
        "--no-control-socket",
    ]  # fmt: skip
    # Under DEBUG, reload on code changes. Otherwise load the app once in the master and fork the
    # workers from it: config.wsgi freezes the loaded objects out of the collector (gc.freeze),
    # so the workers keep sharing those pages instead of each holding its own copy.
    # A worker is replaced (a fork, with preload) after about ten thousand requests, so whatever it
    # accumulates stays bounded; the jitter keeps the workers from being replaced together.
    web += (
        ["--reload"]
        if debug
        else ["--preload", "--max-requests", "10000", "--max-requests-jitter", "1000"]
    )
    worker = [
        python, str(settings.BASE_DIR / "manage.py"),
        "run_worker", "--with-scheduler", "--no-reload", "--interval", "0.5",
    ]  # fmt: skip
    return {"web": web, "worker": worker}


class Command(BaseCommand):
    help = "Start the web app and the background worker (with the scheduler), kept running."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args: Any, bind: str, web_workers: int, **options: Any) -> None:
        children = commands(bind, web_workers, settings.DEBUG)
        self.stdout.write(
            self.style.SUCCESS(f"Mini Me OS is running at http://{bind}/")
            + " (web, worker with the scheduler). Press Ctrl-C to stop.\n"
        )
        self.stdout.flush()
        sys.stderr.flush()
        os.chdir(settings.BASE_DIR)
        python = sys.executable
        os.execv(python, [python, "-m", "minime.supervise", json.dumps(children)])  # noqa: S606
