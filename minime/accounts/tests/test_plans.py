"""Plans and features, and the operator tools that change them: set_plan, the admin,
demo_account."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, personal_workspaces
from minime.accounts.models import PersonalAccessToken, User
from minime.accounts.plans import (
    AVAILABLE_FEATURES,
    FEATURE_INFO,
    FEATURES_BY_PLAN,
    LOWEST_PLAN_FOR,
    Feature,
    Plan,
    may_use,
)
from minime.accounts.services import plan_set, user_create
from minime.accounts.tokens import token_create
from minime.core.db import SERVICE_DB, as_user
from minime.preferences.models import RuleSettings
from minime.preferences.rules import rules_for
from minime.workspaces.models import Membership, Role

F = Feature
ADMIN_PASSWORD = "a strong admin passphrase"
ALLOWED = {
    Plan.FREE: set(),
    Plan.PRO: {F.SHARED_WORKSPACES, F.CALENDAR, F.VOICE_SERVER_FALLBACK},
    Plan.MAX: {F.SHARED_WORKSPACES, F.CALENDAR, F.VOICE_SERVER_FALLBACK, F.EMAIL},
}


# --- may_use -----------------------------------------------------------------------------------
@pytest.mark.parametrize("plan", list(Plan))
@pytest.mark.parametrize("feature", list(Feature))
def test_may_use_follows_the_plan_matrix(alice, plan: Plan, feature: Feature) -> None:
    plan_set(user=alice, plan=plan)

    assert may_use(alice, feature) is (feature in ALLOWED[plan])


def test_max_includes_every_feature() -> None:
    assert FEATURES_BY_PLAN[Plan.MAX] == frozenset(Feature)


# --- What this build has ----------------------------------------------------------------------
MINIME = Path(__file__).resolve().parents[2]


def _gated_in_code() -> set[Feature]:
    """Features some module outside accounts checks with `may_use`: the ones with code behind."""
    found = set()
    for path in MINIME.rglob("*.py"):
        if "tests" in path.parts or path.parts[-2] == "accounts":
            continue
        text = path.read_text()
        if "may_use(" not in text:
            continue
        found |= {f for f in Feature if re.search(rf"Feature\.{f.name}\b", text)}
    return found


def test_every_feature_has_a_label_and_says_whether_this_build_has_it() -> None:
    assert set(FEATURE_INFO) == set(Feature)
    assert all(info.label for info in FEATURE_INFO.values())
    assert all(FEATURE_INFO[f].available for f in AVAILABLE_FEATURES)


def test_a_feature_is_available_only_where_code_gates_it() -> None:
    assert set(AVAILABLE_FEATURES) <= _gated_in_code()


def test_every_feature_of_the_plans_is_built() -> None:
    assert FEATURE_INFO[F.SHARED_WORKSPACES].available  # minime.workspaces
    assert FEATURE_INFO[F.CALENDAR].available  # minime.calendars
    assert FEATURE_INFO[F.EMAIL].available  # minime.gmail
    assert set(AVAILABLE_FEATURES) == set(F)


def test_each_feature_names_the_cheapest_plan_that_has_it() -> None:
    assert LOWEST_PLAN_FOR == {
        F.SHARED_WORKSPACES: Plan.PRO,
        F.CALENDAR: Plan.PRO,
        F.VOICE_SERVER_FALLBACK: Plan.PRO,
        F.EMAIL: Plan.MAX,
    }


@pytest.mark.parametrize("feature", list(Feature))
def test_an_inactive_user_may_use_nothing_even_on_max(alice, feature: Feature) -> None:
    plan_set(user=alice, plan=Plan.MAX)
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert may_use(alice, feature) is False


@pytest.mark.parametrize("feature", list(Feature))
def test_an_anonymous_visitor_may_use_nothing(feature: Feature) -> None:
    assert may_use(AnonymousUser(), feature) is False  # type: ignore[arg-type]


def test_an_unknown_plan_value_grants_nothing(alice) -> None:
    alice.plan = "gold"  # e.g. a plan removed from the code but still in a row

    assert not any(may_use(alice, f) for f in Feature)


def test_plan_set_refuses_an_unknown_plan(alice) -> None:
    with pytest.raises(ValueError, match="Unknown plan"):
        plan_set(user=alice, plan="gold")
    alice.refresh_from_db()
    assert alice.plan == Plan.FREE


# --- manage.py set_plan ------------------------------------------------------------------------
def test_set_plan_command_changes_the_plan(alice, bob) -> None:
    out = StringIO()

    call_command("set_plan", "alice@example.com", "pro", stdout=out)

    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.plan == Plan.PRO
    assert bob.plan == Plan.FREE
    assert "alice@example.com: Free → Pro" in out.getvalue()


def test_set_plan_command_finds_the_email_case_insensitively(alice) -> None:
    call_command("set_plan", "  ALICE@Example.com ", "max", stdout=StringIO())

    alice.refresh_from_db()
    assert alice.plan == Plan.MAX


def test_set_plan_command_refuses_an_unknown_email(alice) -> None:
    with pytest.raises(CommandError, match=r"No account with the email nobody@example\.com"):
        call_command("set_plan", "nobody@example.com", "pro", stdout=StringIO())


def test_set_plan_command_refuses_an_unknown_plan(alice) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'gold'"):
        call_command("set_plan", "alice@example.com", "gold", stdout=StringIO())
    alice.refresh_from_db()
    assert alice.plan == Plan.FREE


# --- The admin ---------------------------------------------------------------------------------
@pytest.fixture
def operator(db: None) -> User:
    user = user_create(email="ops@example.com", password=PASSWORD)
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def admin_client(operator: User) -> Client:  # overrides pytest-django's: our user model
    browser = Client()
    response = browser.post(
        reverse("accounts:sign_in"), {"email": "ops@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def test_admin_lists_users(admin_client: Client, alice, bob) -> None:
    response = admin_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "alice@example.com" in html
    assert "bob@example.com" in html


def test_admin_is_closed_to_non_staff(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_action_set_plan_to_pro(admin_client: Client, alice, bob, charlie) -> None:
    changelist = reverse("admin:accounts_user_changelist")
    page = admin_client.get(changelist).content.decode()
    assert "Set plan to Pro" in page

    response = admin_client.post(
        changelist,
        {"action": "set_plan_pro", "_selected_action": [alice.pk, bob.pk], "index": 0},
    )

    assert response.status_code == 302
    for user in (alice, bob, charlie):
        user.refresh_from_db()
    assert (alice.plan, bob.plan, charlie.plan) == (Plan.PRO, Plan.PRO, Plan.FREE)
    followed = admin_client.get(response["Location"]).content.decode()
    assert "2 account(s) now on Pro." in followed


@pytest.mark.parametrize("plan", list(Plan))
def test_admin_offers_an_action_per_plan(admin_client: Client, plan: Plan) -> None:
    page = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert f'value="set_plan_{plan.value}"' in page
    assert f"Set plan to {plan.label}" in page


def admin_add(admin_client: Client, email: str, password: str = ADMIN_PASSWORD):
    return admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": email,
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )


def test_admin_add_creates_the_user_with_a_personal_workspace(admin_client: Client) -> None:
    response = admin_add(admin_client, "Erin@Example.com")

    assert response.status_code == 302
    erin = User.objects.get(email="erin@example.com")
    assert erin.is_active
    assert erin.check_password(ADMIN_PASSWORD)
    assert erin.plan == Plan.FREE
    assert personal_workspaces(erin) == [[(erin.pk, Role.OWNER)]]
    # The admin goes on to the new user's change page.
    assert response["Location"] == reverse("admin:accounts_user_change", args=[erin.pk])


def test_admin_add_refuses_an_email_that_has_an_account(admin_client: Client, alice) -> None:
    response = admin_add(admin_client, "alice@example.com")

    assert response.status_code == 200
    assert "An account with this email already exists." in response.content.decode()
    assert User.objects.filter(email="alice@example.com").count() == 1


def test_admin_add_refuses_an_email_that_has_an_account_in_another_case(
    admin_client: Client, alice
) -> None:
    response = admin_add(admin_client, "ALICE@Example.com")

    assert response.status_code == 200
    assert "An account with this email already exists." in response.content.decode()
    assert User.objects.filter(email="alice@example.com").count() == 1


def admin_change(admin_client: Client, user: User, **changes: str):
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "plan": user.plan,
        "is_active": "on",
        **changes,
    }
    return admin_client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def test_admin_change_saves_the_plan_and_keeps_the_password(admin_client: Client, alice) -> None:
    assert (
        admin_client.get(reverse("admin:accounts_user_change", args=[alice.pk])).status_code == 200
    )

    response = admin_change(admin_client, alice, plan="max")

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.plan == Plan.MAX
    assert alice.is_active
    assert alice.check_password(PASSWORD)  # the password is read-only here


def test_admin_change_refuses_another_accounts_email_in_another_case(
    admin_client: Client, alice, bob
) -> None:
    response = admin_change(admin_client, bob, email="ALICE@Example.com")

    assert response.status_code == 200
    assert "An account with this email already exists." in response.content.decode()
    bob.refresh_from_db()
    assert bob.email == "bob@example.com"


def test_admin_change_stores_a_new_email_lower_cased(admin_client: Client, bob) -> None:
    response = admin_change(admin_client, bob, email="Robert@Example.com")

    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.email == "robert@example.com"


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_deleting_an_account_in_the_admin_removes_its_own_rows_too(
    admin_client: Client, charlie
) -> None:
    """The operator cannot see the account's tokens or settings (they belong to its user); the
    deletion must still take them, and commit."""
    token_create(user=charlie, name="cli")
    rules_for(charlie)

    response = admin_client.post(
        reverse("admin:accounts_user_delete", args=[charlie.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk=charlie.pk).exists()
    for model in (PersonalAccessToken, RuleSettings, Membership):
        assert not model.objects.using(SERVICE_DB).filter(user_id=charlie.pk).exists()


# --- manage.py demo_account --------------------------------------------------------------------
@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PUBLIC_DEPLOYMENT = False
    (tmp_path / "local-secrets.json").write_text(
        json.dumps({"secret_key": "x", "encryption_key": "y"})
    )
    return tmp_path


def run_demo_account() -> str:
    out = StringIO()
    call_command("demo_account", stdout=out)
    return out.getvalue()


def test_demo_account_creates_the_demo_user_and_prints_how_to_sign_in(db: None, var_dir) -> None:
    output = run_demo_account()

    secrets = json.loads((var_dir / "local-secrets.json").read_text())
    password = secrets["demo_password"]
    assert secrets["secret_key"] == "x"  # the other secrets are kept
    assert "demo@minime.local" in output
    assert password in output
    demo = User.objects.get(email="demo@minime.local")
    assert demo.check_password(password)
    assert demo.plan == Plan.MAX
    assert personal_workspaces(demo) == [[(demo.pk, Role.OWNER)]]
    signed_in = Client().post(
        reverse("accounts:sign_in"), {"email": "demo@minime.local", "password": password}
    )
    assert signed_in.status_code == 302


def test_demo_account_is_idempotent(db: None, var_dir) -> None:
    first = run_demo_account()
    second = run_demo_account()

    password = json.loads((var_dir / "local-secrets.json").read_text())["demo_password"]
    assert password in first
    assert password in second
    assert "ready" in second
    assert User.objects.filter(email="demo@minime.local").count() == 1
    demo = User.objects.get(email="demo@minime.local")
    assert personal_workspaces(demo) == [[(demo.pk, Role.OWNER)]]


def test_demo_account_does_not_print_a_password_it_no_longer_knows(db: None, var_dir) -> None:
    run_demo_account()
    demo = User.objects.get(email="demo@minime.local")
    demo.set_password("the demo user picked their own")
    demo.save(update_fields=["password"])
    password = json.loads((var_dir / "local-secrets.json").read_text())["demo_password"]

    output = run_demo_account()

    assert password not in output
    assert "changed by you" in output


def test_demo_account_refuses_on_a_public_deployment(db: None, var_dir, settings) -> None:
    settings.PUBLIC_DEPLOYMENT = True

    with pytest.raises(CommandError, match="public deployment"):
        run_demo_account()

    assert not User.objects.filter(email="demo@minime.local").exists()
    assert "demo_password" not in json.loads((var_dir / "local-secrets.json").read_text())


def test_createsuperuser_makes_an_operator_with_a_personal_workspace(db):
    from django.core.management import call_command

    call_command("createsuperuser", "--noinput", "--email", "Ops@Example.com", verbosity=0)
    operator = User.objects.get(email="ops@example.com")
    assert operator.is_superuser and operator.is_staff
    assert not operator.has_usable_password()
    with as_user(operator.pk):
        assert Membership.objects.filter(user=operator, workspace__is_personal=True).exists()
