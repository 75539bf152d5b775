"""Errors services raise, each with a message fit to show the user.

Views turn them into form errors or messages; the API turns them into its error envelope
(`{"error": {"code", "message", "fields"}}`) with the status below.
"""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Invalid(ServiceError):
    """Input that cannot be saved as it is; `fields` says what is wrong with each field."""

    status = 422
    code = "invalid"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """Someone changed the item since the client read it (its version moved on)."""

    status = 409
    code = "conflict"

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class NotAllowed(ServiceError):
    """The plan or the role does not allow this."""

    status = 403
    code = "not_allowed"


class Unavailable(ServiceError):
    """An outside service (a mail provider) could not be reached or failed; nothing changed
    here, and trying again later may work."""

    status = 503
    code = "unavailable"
