"""Personal access tokens: make, revoke, and authenticate API requests with them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from minime.accounts.models import PersonalAccessToken, User
from minime.core.db import as_user, binds_user, uses_rls
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


def _user_id_for_hash(digest: str) -> int | None:
    """Whose live token has this hash, before anyone is signed in.

    On PostgreSQL the token table admits only the transaction's user's rows, and here there is no
    user yet: a SECURITY DEFINER function (accounts migration 0005) answers with the user id and
    nothing else, in the request's own transaction and connection.
    """
    if uses_rls():
        with connection.cursor() as cursor:
            cursor.execute("SELECT minime_user_id_for_token(%s)", [digest])
            found = cursor.fetchone()[0]
        return int(found) if found is not None else None
    live = PersonalAccessToken.objects.filter(
        token_hash=digest, revoked_at__isnull=True, user__is_active=True
    )
    return live.values_list("user_id", flat=True).first()


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
    user_id = _user_id_for_hash(digest)
    if user_id is None:
        return None
    with as_user(user_id):
        token = (
            PersonalAccessToken.objects.select_related("user")
            .filter(token_hash=digest, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
