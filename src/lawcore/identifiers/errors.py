"""The one error type of the identifier validators."""

from __future__ import annotations


class IdentifierError(ValueError):
    """A code that fails its standard.

    `str(exc)` is a Chinese sentence for people. The attributes are for programs: `kind` is
    "uscc", "citizen_id" or "division_code"; `position` is the 1-based position of the first
    offending character (None when the whole value is at fault, e.g. its length); `expected` is
    the check character the code should carry when the check character is wrong; `reason` is a
    short English code such as "length", "charset", "digit", "checksum", "date", "future_date",
    "province", "prefecture", "layers".
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        reason: str,
        position: int | None = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.reason = reason
        self.position = position
        self.expected = expected
