"""Personal access tokens: make, revoke, and authenticate API requests with them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db.models.expressions import RawSQL
from django.utils import timezone

from minime.accounts.models import PersonalAccessToken, User
from minime.core.db import binds_user, uses_rls
from minime.core.errors import Invalid

TOKEN_PREFIX = "mm_"  # noqa: S105 (a marker, not a secret)
LAST_USED_PRECISION = timedelta(minutes=1)  # write last_used_at at most once a minute


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@binds_user
def token_create(*, user: User, name: str) -> tuple[PersonalAccessToken, str]:
    """Make a token; return it and its secret, which is never shown again."""
    name = name.strip()
    if not name:
        raise Invalid("Give the token a name.", fields={"name": ["Give the token a name."]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user, name=name[:80], prefix=secret[:10], token_hash=_hash(secret)
    )
    return token, secret


@binds_user
def token_revoke(*, user: User, token_id: int) -> PersonalAccessToken:
    token = PersonalAccessToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Invalid("That token doesn't exist.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _use_token(digest: str) -> int | None:
    """Whose live token has this hash (None if no live token of an active account has it),
    stamping the token's last use at most once per LAST_USED_PRECISION. SQLite only: on
    PostgreSQL `user_for_token` does this in the database (see there).
    """
    live = (
        PersonalAccessToken.objects.filter(
            token_hash=digest, revoked_at__isnull=True, user__is_active=True
        )
        .values_list("pk", "user_id", "last_used_at")
        .first()
    )
    if live is None:
        return None
    pk, user_id, used = live
    now = timezone.now()
    if used is None or now - used > LAST_USED_PRECISION:
        PersonalAccessToken.objects.filter(pk=pk).update(last_used_at=now)
    return int(user_id)


def token_revoke_all(*, user: User) -> int:
    """Revoke every live token of `user`; return how many were live."""
    return PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to, or None. Records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    digest = _hash(secret)
    if uses_rls():
        # This runs before anyone is signed in, and on PostgreSQL the token table admits only the
        # bound user's rows: the SECURITY DEFINER function minime_use_token (accounts migration
        # 0006) finds the token's user and stamps its use. As an uncorrelated subquery it runs
        # once, and the user row comes back in the same statement.
        found = RawSQL(
            "(SELECT minime_use_token(%s, make_interval(secs => %s)))",
            [digest, LAST_USED_PRECISION.total_seconds()],
        )
        return User.objects.filter(pk=found, is_active=True).first()
    user_id = _use_token(digest)
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()
