"""/api/v1/me/export — the same archive as Settings → Your data."""

from __future__ import annotations

from typing import Any

from ninja import Router

from minime.core.types import AuthedRequest
from minime.yourdata.data import export_user_data

router = Router(tags=["Account"])


@router.get(
    "/me/export",
    summary="Download all my data",
    description="Every workspace entity of every workspace you belong to, and your account "
    "settings, as documented in docs/export.md (format minime-export, version 1).",
)
def export(request: AuthedRequest) -> dict[str, Any]:
    return export_user_data(request.user)
