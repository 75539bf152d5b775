"""Write a user's day as a plan document: what ``minime plan`` reads to reproduce Today exactly.

    python manage.py plan_document alice@example.com > day.json
    python manage.py plan_document alice@example.com --workspace <uuid> --at 2026-03-10T18:30+01:00
    minime plan < day.json

The document holds the workspace's open tasks, projects, goals, areas, today's routines and
events, and the user's rules and onboarding answers (docs/plan-format.md); nothing is written to
the database. Attach it to a bug report only with the user's consent: it is their data.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from minime.accounts.models import User, normalize_email
from minime.core.db import as_user
from minime.today.engine import snapshot_to_json
from minime.today.selectors import build_snapshot
from minime.workspaces.selectors import active_membership


class Command(BaseCommand):
    help = "Print a user's day in a workspace as a plan document (the input of `minime plan`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's email")
        parser.add_argument(
            "--workspace", default="", help="a workspace's UUID (default: the personal one)"
        )
        parser.add_argument(
            "--at", default="", help="the moment, ISO 8601 with its offset (default: now)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=normalize_email(options["email"])).first()
        if user is None:
            raise CommandError(f"No account with the email {options['email']!r}.")
        now = timezone.now()
        if options["at"]:
            try:
                now = datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at: {exc}") from exc
            if now.tzinfo is None:
                raise CommandError("--at needs an offset, e.g. 2026-03-10T18:30:00+01:00.")
        with as_user(user.pk):
            membership = active_membership(user, options["workspace"] or None)
            if membership is None or (
                options["workspace"] and str(membership.workspace.uuid) != options["workspace"]
            ):
                raise CommandError("That user is not a member of that workspace.")
            snapshot = build_snapshot(user=user, workspace=membership.workspace, now=now)
        self.stdout.write(json.dumps(snapshot_to_json(snapshot), ensure_ascii=False, indent=1))
