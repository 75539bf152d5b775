"""Run the background worker: django-tasks-db's db_worker with leases and outage survival.

    python manage.py run_worker --with-scheduler     # one machine: jobs and the scheduler
    python manage.py run_worker                      # several machines: plus run_scheduler

It takes db_worker's options (queues, --interval, --batch, --max-tasks, --worker-id, --reload).
The lease length is the JOB_LEASE_SECONDS setting. See docs/jobs.md.
"""

from __future__ import annotations

import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from minime.jobs.leases import lease_length
from minime.jobs.scheduler import run_scheduler
from minime.jobs.worker import LeasedWorker


class Command(db_worker.Command):
    help = "Run the background worker (leased jobs, survives database outages)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--with-scheduler",
            action="store_true",
            help="Also enqueue periodic jobs (the scheduler) from a thread of this process.",
        )

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        batch: bool,
        with_scheduler: bool,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        stop = threading.Event()
        worker = LeasedWorker(
            lease=lease_length(),
            stop=stop,
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )

        def schedule() -> None:
            try:
                run_scheduler(stop)
            finally:
                stop.set()  # a scheduler that died takes the worker down: the supervisor restarts

        def main() -> None:
            scheduler = threading.Thread(target=schedule, name="scheduler")
            if with_scheduler:
                scheduler.start()
            try:
                worker.run()
            finally:
                stop.set()
                if with_scheduler:
                    scheduler.join()

        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child the reloader restarts
            run_with_reloader(main)
        else:
            worker.configure_signals()
            main()
