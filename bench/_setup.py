"""Shared set-up for the benchmarks: Django configured from the environment, and a clean database.

    bench/<script>.py [--db sqlite|postgres]

sqlite: a fresh file in a temporary folder. postgres: the database named by BENCH_PG_DB
(default minime_bench) on the local server, with the same three roles as the test suite; it is
provisioned and migrated first. Nothing here touches your own ./var or the test databases.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=60, help="requests per measured page")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["MINIME_VAR_DIR"] = tempfile.mkdtemp(prefix="minime-bench-")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DEBUG"] = "false"
    if args.db == "postgres":
        host = os.environ.get("BENCH_PG_HOST", "127.0.0.1:5432")
        name = os.environ.get("BENCH_PG_DB", "minime_bench")
        for var, role in (
            ("DATABASE_URL", "minime_app"),
            ("DATABASE_OWNER_URL", "minime_owner"),
            ("DATABASE_SERVICE_URL", "minime_service"),
        ):
            os.environ[var] = f"postgres://{role}:{role}@{host}/{name}"
    else:
        for var in ("DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_SERVICE_URL"):
            os.environ.pop(var, None)
    import django

    django.setup()
    from django.core.management import call_command

    if args.db == "postgres":
        superuser = os.environ.get(
            "BENCH_PG_SUPERUSER_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        )
        _recreate_pg(superuser, name)
        call_command("pg_provision", superuser_url=superuser, allow_createdb=True, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    return args


def _recreate_pg(superuser_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(superuser_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
