"""`migrate`, run as the schema owner (DATABASE_OWNER_URL) rather than the app's role.

The app's role cannot change the schema; only the owner can. With no owner URL configured (SQLite,
or a single-role PostgreSQL setup) this is Django's migrate unchanged.
"""

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate

from minime.core.db import owner_connection


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        with owner_connection(options["database"]):
            super().handle(*args, **options)
