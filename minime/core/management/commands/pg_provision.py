"""Create the PostgreSQL roles and database Mini Me OS runs with. Idempotent.

    manage.py pg_provision --superuser-url postgres://postgres@127.0.0.1:5432/postgres

Reads the three URLs from the settings and creates, where missing:
- the owner role (DATABASE_OWNER_URL): owns the database and schema, runs migrations;
  NOSUPERUSER NOBYPASSRLS (CREATEDB only with --allow-createdb, which the test suite needs);
- the app role (DATABASE_URL): NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; row-level
  security always applies to it;
- the service role (DATABASE_SERVICE_URL): BYPASSRLS, for system work that spans workspaces;
- the database, owned by the owner role, with CREATE on its public schema for the owner only.
Passwords are (re)set from the URLs.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql


class Command(BaseCommand):
    help = "Create the owner, app and service roles and the database on PostgreSQL (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--superuser-url",
            default="postgres://postgres@127.0.0.1:5432/postgres",
            help="A role allowed to create roles and databases (default: %(default)s).",
        )
        parser.add_argument(
            "--allow-createdb",
            action="store_true",
            help="Let the owner role create databases (the test suite creates its own).",
        )

    def handle(self, *args: Any, superuser_url: str, allow_createdb: bool, **opts: Any) -> None:
        self.verbosity = opts.get("verbosity", 1)
        app = settings.DATABASES["default"]
        service = settings.DATABASES[settings.SERVICE_DB]
        owner = settings.DATABASE_OWNER
        if app["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("DATABASE_URL is not a PostgreSQL URL; nothing to provision.")
        if len({app["USER"], owner["USER"]}) != 2:
            raise CommandError("Set DATABASE_OWNER_URL to a role other than DATABASE_URL's.")
        createdb = sql.SQL("CREATEDB" if allow_createdb else "NOCREATEDB")
        roles = [
            (owner, sql.SQL("NOSUPERUSER NOBYPASSRLS NOCREATEROLE {}").format(createdb)),
            (app, sql.SQL("NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")),
        ]
        if service["USER"] not in {app["USER"], owner["USER"]}:
            roles.append((service, sql.SQL("NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE")))
        try:
            with psycopg.connect(superuser_url, autocommit=True) as conn:
                for role, attributes in roles:
                    self._role(conn, role["USER"], role.get("PASSWORD") or None, attributes)
                self._database(conn, app["NAME"], owner["USER"])
            db_url = psycopg.conninfo.make_conninfo(superuser_url, dbname=app["NAME"])
            with psycopg.connect(db_url, autocommit=True) as conn:
                conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
                conn.execute(
                    sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner["USER"]))
                )
                for role in {app["USER"], service["USER"]} - {owner["USER"]}:
                    conn.execute(
                        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(sql.Identifier(role))
                    )
        except psycopg.Error as exc:
            raise CommandError(f"PostgreSQL said: {exc}") from exc
        if opts.get("verbosity", 1):
            self.stdout.write(self.style.SUCCESS(f"PostgreSQL database {app['NAME']!r} is ready."))

    def _role(
        self, conn: psycopg.Connection, name: str, password: str | None, attributes: sql.Composable
    ) -> None:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
        verb = sql.SQL("ALTER ROLE" if exists else "CREATE ROLE")
        statement = sql.SQL("{} {} LOGIN {}").format(verb, sql.Identifier(name), attributes)
        if password:
            statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
        conn.execute(statement)
        if self.verbosity:
            self.stdout.write(f"role {name}: {'updated' if exists else 'created'}")

    def _database(self, conn: psycopg.Connection, name: str, owner: str) -> None:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(owner)
                )
            )
        if self.verbosity:
            self.stdout.write(f"database {name}: {'exists' if exists else 'created'}")
