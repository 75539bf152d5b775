from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minime.accounts import services
from minime.accounts.models import User, normalize_email
from minime.accounts.plans import Plan


class Command(BaseCommand):
    help = "Set an account's plan: manage.py set_plan someone@example.com pro"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("plan", choices=Plan.values)

    def handle(self, *args: Any, email: str, plan: str, **options: Any) -> None:
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No account with the email {email}.")
        before = user.get_plan_display()
        services.plan_set(user=user, plan=plan)
        self.stdout.write(f"{user.email}: {before} → {user.get_plan_display()}")
