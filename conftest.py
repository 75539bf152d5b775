"""Suite-wide fixtures: personas, PostgreSQL roles.

Personas: alice owns a personal workspace and a shared one ("Alice & Bob"); bob has his own and is a
member of alice's shared workspace; charlie is a stranger who must see nothing of either.

On PostgreSQL the test database is created and migrated as the owner role (DATABASE_OWNER_URL);
the tests themselves then run as the app role (DATABASE_URL), exactly as the app does, so
row-level security is what production has.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.db import connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.workspaces.models import Workspace

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests (row-level security) are deselected, not skipped, on SQLite."""
    if ON_POSTGRES:
        return
    keep = [i for i in items if i.get_closest_marker("postgres") is None]
    dropped = [i for i in items if i.get_closest_marker("postgres") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_header(config: pytest.Config) -> str:
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} as {db.get('USER') or 'file'}"


# --- PostgreSQL: create and migrate as the owner, test as the app role -------------------------
@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    if ON_POSTGRES:
        _wear_owner_role(True)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:
    if not ON_POSTGRES:
        yield
        return
    blocker = django_db_blocker.unblock()  # type: ignore[attr-defined]
    with blocker, connections["default"].cursor() as cursor:
        # Only so TransactionTestCase can empty tables between tests; the app never has it.
        app_role = connections["default"].ops.quote_name(_app_settings["USER"])
        cursor.execute(f"GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {app_role}")
    _wear_owner_role(False)
    yield
    connections.close_all()  # the service connection too, or the database cannot be dropped
    _wear_owner_role(True)  # the owner drops the test database


_app_settings: dict = {}


def _wear_owner_role(owner: bool) -> None:
    conn = connections["default"]
    keys = ("USER", "PASSWORD")
    if not _app_settings:
        _app_settings.update({k: conn.settings_dict.get(k) for k in keys})
    source = settings.DATABASE_OWNER if owner else _app_settings
    conn.close()
    conn.settings_dict.update({k: source.get(k) for k in keys})


# --- Personas ----------------------------------------------------------------------------------
@dataclass
class Personas:
    alice: User
    bob: User
    charlie: User
    shared: Workspace  # alice's shared workspace, bob is a member

    def personal(self, user: User) -> Workspace:
        """The user's personal workspace (read as that user: RLS admits nothing else)."""
        from minime.core.db import as_user
        from minime.workspaces.models import Workspace

        with as_user(user.pk):
            return Workspace.objects.get(created_by=user, is_personal=True)


PASSWORD = "correct horse battery staple"  # noqa: S105 (test personas)


@pytest.fixture
def personas(db: None) -> Personas:
    from minime.accounts.plans import Plan
    from minime.accounts.services import plan_set, user_create
    from minime.workspaces.services import membership_add, workspace_create_shared

    alice = user_create(email="alice@example.com", password=PASSWORD, display_name="Alice")
    bob = user_create(email="bob@example.com", password=PASSWORD, display_name="Bob")
    charlie = user_create(email="charlie@example.com", password=PASSWORD, display_name="Charlie")
    # Sharing is part of Pro: alice shares on Pro, then is back on Free, which keeps what she
    # shared (a downgrade removes nobody), as every test expects of her.
    plan_set(user=alice, plan=Plan.PRO)
    shared = workspace_create_shared(owner=alice, name="Alice & Bob")
    membership_add(workspace=shared, user=bob, added_by=alice)
    plan_set(user=alice, plan=Plan.FREE)
    alice.refresh_from_db()
    return Personas(alice=alice, bob=bob, charlie=charlie, shared=shared)


def personal_workspaces(user: User) -> list[list[tuple[int, str]]]:
    """Each personal workspace of `user` as its (member id, role) pairs. Read as that user, as
    row-level security requires on PostgreSQL."""
    from minime.core.db import as_user
    from minime.workspaces.models import Membership, Workspace

    with as_user(user.pk):
        return [
            list(Membership.objects.filter(workspace=w).values_list("user_id", "role"))
            for w in Workspace.objects.filter(created_by=user, is_personal=True)
        ]


@pytest.fixture
def alice(personas: Personas) -> object:
    return personas.alice


@pytest.fixture
def bob(personas: Personas) -> object:
    return personas.bob


@pytest.fixture
def charlie(personas: Personas) -> object:
    return personas.charlie


@pytest.fixture
def api(client: object, alice: User) -> object:
    """The test client, signed in to the API as alice with a bearer token."""
    from minime.accounts.tokens import token_create

    _, secret = token_create(user=alice, name="tests")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"  # type: ignore[attr-defined]
    return client
