"""Chinese identifiers: 统一社会信用代码 (GB 32100), 公民身份号码 (GB 11643), 行政区划代码
(GB/T 2260); CONVENTIONS §1–§3. Pure functions: no I/O, no clock (pass `today`)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from lawcore.identifiers.citizen_id import (
    citizen_id_check_char,
    citizen_id_details,
    upgrade_citizen_id,
    validate_citizen_id,
)
from lawcore.identifiers.division import DivisionCode, validate_division_code
from lawcore.identifiers.errors import IdentifierError
from lawcore.identifiers.uscc import (
    uscc_check_char,
    uscc_details,
    uscc_warnings,
    validate_uscc,
)

__all__ = [
    "DivisionCode",
    "IdentifierCheck",
    "IdentifierError",
    "check",
    "citizen_id_check_char",
    "upgrade_citizen_id",
    "uscc_check_char",
    "uscc_warnings",
    "validate_citizen_id",
    "validate_division_code",
    "validate_uscc",
]

_CITIZEN_SHAPE = re.compile(r"[0-9]{17}.")


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of `check`: what the value looks like, whether it is valid, and why not."""

    value: str
    kind: str | None
    valid: bool
    normalised: str | None
    error: str | None
    position: int | None = None
    expected: str | None = None
    warnings: tuple[str, ...] = ()
    details: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "kind": self.kind,
            "valid": self.valid,
            "normalised": self.normalised,
            "error": self.error,
            "position": self.position,
            "expected": self.expected,
            "warnings": list(self.warnings),
            "details": dict(self.details),
        }


def _failed(value: str, exc: IdentifierError) -> IdentifierCheck:
    return IdentifierCheck(
        value=value,
        kind=exc.kind,
        valid=False,
        normalised=None,
        error=str(exc),
        position=exc.position,
        expected=exc.expected,
    )


def _division_warnings(region: str) -> tuple[str, ...]:
    try:
        validate_division_code(region)
    except IdentifierError as exc:
        return (f"地址码“{region}”不符合行政区划代码结构（{exc}），请核对",)
    return ()


def _check_citizen(value: str, today: datetime.date | None) -> IdentifierCheck:
    try:
        number = validate_citizen_id(value, today=today)
    except IdentifierError as exc:
        return _failed(value, exc)
    details = citizen_id_details(number)
    if len(value.strip()) == 15:
        details["upgraded_from"] = value.strip()
    return IdentifierCheck(
        value=value,
        kind="citizen_id",
        valid=True,
        normalised=number,
        error=None,
        warnings=_division_warnings(number[:6]),
        details=details,
    )


def _check_uscc(value: str) -> IdentifierCheck:
    try:
        code = validate_uscc(value)
    except IdentifierError as exc:
        return _failed(value, exc)
    return IdentifierCheck(
        value=value,
        kind="uscc",
        valid=True,
        normalised=code,
        error=None,
        warnings=tuple(uscc_warnings(code)),
        details=uscc_details(code),
    )


def _check_division(value: str) -> IdentifierCheck:
    try:
        division = validate_division_code(value)
    except IdentifierError as exc:
        return _failed(value, exc)
    return IdentifierCheck(
        value=value,
        kind="division_code",
        valid=True,
        normalised=division.code,
        error=None,
        details=division.details(),
    )


def _looks_like_citizen_id(text: str) -> bool:
    """17 digits with a birth year 18xx–20xx in positions 7–10, then any character."""
    return bool(_CITIZEN_SHAPE.fullmatch(text)) and text[6:8] in {"18", "19", "20"}


def check(value: str, *, today: datetime.date | None = None) -> IdentifierCheck:
    """Detect the kind of `value` by its shape and validate it.

    6 characters → 行政区划代码; 15 → old 身份证号码; 18 characters whose first 17 are digits
    with a birth year 18xx–20xx → 身份证号码 (unless it fails as an ID but passes as a
    统一社会信用代码, which can also be all digits); any other 18 characters → 统一社会信用代码.
    """
    text = value.strip().upper()
    if len(text) == 6:
        return _check_division(value)
    if len(text) == 15:
        return _check_citizen(value, today)
    if len(text) == 18:
        if _looks_like_citizen_id(text):
            as_id = _check_citizen(value, today)
            if as_id.valid:
                return as_id
            as_uscc = _check_uscc(value)
            return as_uscc if as_uscc.valid else as_id
        return _check_uscc(value)
    return IdentifierCheck(
        value=value,
        kind=None,
        valid=False,
        normalised=None,
        error=(
            f"无法识别的代码（{len(text)}位）：应为18位统一社会信用代码、18位或15位身份证号码，"
            "或6位行政区划代码"
        ),
    )
