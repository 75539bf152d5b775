"""Make sure the demo account exists, and print how to sign in to it.

The password is generated once per checkout and kept in var/local-secrets.json (never committed).
Refuses to run on a public deployment.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from minime.accounts import services
from minime.accounts.models import User
from minime.accounts.plans import Plan
from minime.core.db import as_user
from minime.workspaces.models import Workspace
from minime.yourdata.demo import populate_demo, populate_shared

DEMO_EMAIL = "demo@minime.local"


def demo_password() -> str:
    path = settings.VAR_DIR / "local-secrets.json"
    data = json.loads(path.read_text())
    if "demo_password" not in data:
        words = ["calm", "river", "maple", "orbit", "lantern", "meadow", "copper", "harbor"]
        data["demo_password"] = "-".join(secrets.choice(words) for _ in range(3)) + (
            f"-{secrets.randbelow(90) + 10}"
        )
        path.write_text(json.dumps(data))
    return str(data["demo_password"])


class Command(BaseCommand):
    help = "Create the demo account if missing and print its email and password."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PUBLIC_DEPLOYMENT:
            raise CommandError("No demo account on a public deployment.")
        password = demo_password()
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            with transaction.atomic():
                user = services.user_create(
                    email=DEMO_EMAIL, password=password, display_name="Demo", plan=Plan.MAX
                )
                with as_user(user.pk):
                    workspace = Workspace.objects.get(created_by=user, is_personal=True)
                populate_demo(user=user, workspace=workspace, today=timezone.localdate())
                populate_shared(user=user, today=timezone.localdate())
            note = "created, with a sample workspace and one shared with Sam"
        elif user.check_password(password):
            note = "ready"
        else:
            password = "(changed by you; reset it at /accounts/password/reset/)"  # noqa: S105
            note = "ready"
        self.stdout.write(
            self.style.SUCCESS(f"Demo account {note}.")
            + f"\n  Email:    {user.email}\n  Password: {password}\n"
        )
