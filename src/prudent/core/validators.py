"""Django validators for forms and models, wrapping `lawcore.identifiers`.

Each raises `django.core.exceptions.ValidationError` carrying the Chinese message of the
underlying `IdentifierError` (code = its `reason`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from lawcore.identifiers import (
    IdentifierError,
    check,
    validate_citizen_id,
    validate_division_code,
    validate_uscc,
)


def _raise(exc: IdentifierError) -> None:
    raise ValidationError(str(exc), code=exc.reason)


def uscc_validator(value: str) -> None:
    """统一社会信用代码 (GB 32100)."""
    try:
        validate_uscc(value)
    except IdentifierError as exc:
        _raise(exc)


def citizen_id_validator(value: str) -> None:
    """身份证号码 (GB 11643): checksum, real birth date not after today; 15-digit numbers pass."""
    try:
        validate_citizen_id(value, today=timezone.localdate())
    except IdentifierError as exc:
        _raise(exc)


def division_code_validator(value: str) -> None:
    """6-digit 行政区划代码 (GB/T 2260 structure)."""
    try:
        validate_division_code(value)
    except IdentifierError as exc:
        _raise(exc)


def entity_code_validator(value: str) -> None:
    """A 市场主体's code: a 统一社会信用代码, or a 身份证号码 for a natural person."""
    result = check(value, today=timezone.localdate())
    if result.kind not in {"uscc", "citizen_id"}:
        raise ValidationError(
            "主体代码应为18位统一社会信用代码或身份证号码。", code="entity_code_kind"
        )
    if not result.valid:
        raise ValidationError(result.error or "主体代码无效。", code="invalid")
