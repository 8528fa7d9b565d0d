"""Errors that services raise and every interface (UI, API, CLI) turns into its own form.

A service validates everything before it writes, and raises one of these with messages keyed by
the field they concern, in Chinese, so the UI can put each message beside its field, the API can
answer 422/409 with the same text and the CLI can print it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str, *, errors: Mapping[str, Sequence[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "errors": self.errors}


class ValidationFailed(ServiceError):
    status = 422

    @classmethod
    def field(cls, name: str, message: str) -> ValidationFailed:
        return cls(message, errors={name: [message]})


class Conflict(ServiceError):
    status = 409


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404
