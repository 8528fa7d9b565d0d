"""公民身份号码 (GB 11643-1999), CONVENTIONS §2: ISO 7064 MOD 11-2 check, real birth date not
after `today`, 15-digit numbers (GB 11643-1989) upgraded. Retired 地址码 are NOT rejected: an ID
keeps the code it was issued with (§2.3)."""

from __future__ import annotations

import datetime

from lawcore.identifiers.errors import IdentifierError

WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, ...
_CHECK = "10X98765432"
_KIND = "citizen_id"


def _digits_error(position: int, char: str) -> IdentifierError:
    return IdentifierError(
        f"身份证号码第{position}位字符“{char}”应为数字",
        kind=_KIND,
        reason="digit",
        position=position,
    )


def _require_digits(text: str) -> None:
    for i, char in enumerate(text, start=1):
        if not ("0" <= char <= "9"):
            raise _digits_error(i, char)


def citizen_id_check_char(first17: str) -> str:
    """The 18th character for 17 digits (ISO 7064 MOD 11-2)."""
    first17 = first17.strip()
    if len(first17) != 17:
        raise IdentifierError(
            f"计算校验码需要前17位数字，实际为{len(first17)}位", kind=_KIND, reason="length"
        )
    _require_digits(first17)
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return _CHECK[total % 11]


def birth_date(number: str) -> datetime.date | None:
    """The birth date of positions 7–14 of an 18-character number, or None if not a real date."""
    text = number[6:14]
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _check_date(number: str, today: datetime.date | None, first_position: int) -> None:
    born = birth_date(number)
    if born is None:
        raise IdentifierError(
            f"身份证号码第{first_position}位起的出生日期“{number[6:14]}”不是有效日期",
            kind=_KIND,
            reason="date",
            position=first_position,
        )
    if today is not None and born > today:
        raise IdentifierError(
            f"身份证号码中的出生日期{born.isoformat()}晚于今天（{today.isoformat()}）",
            kind=_KIND,
            reason="future_date",
            position=first_position,
        )


def upgrade_citizen_id(old15: str) -> str:
    """A 15-digit number (GB 11643-1989) as 18: "19" before the birth date, then the check."""
    old = old15.strip()
    if len(old) != 15:
        raise IdentifierError(
            f"15位身份证号码应为15位数字，实际为{len(old)}位", kind=_KIND, reason="length"
        )
    _require_digits(old)
    first17 = old[:6] + "19" + old[6:]
    if birth_date(first17 + "0") is None:
        raise IdentifierError(
            f"身份证号码第7位起的出生日期“{old[6:12]}”不是有效日期",
            kind=_KIND,
            reason="date",
            position=7,
        )
    return first17 + citizen_id_check_char(first17)


def validate_citizen_id(value: str, *, today: datetime.date | None = None) -> str:
    """Return the 18-character number (check "X" upper-case) or raise IdentifierError."""
    number = value.strip().upper()
    if len(number) == 15:
        upgraded = upgrade_citizen_id(number)
        _check_date(upgraded, today, 7)
        return upgraded
    if len(number) != 18:
        raise IdentifierError(
            f"身份证号码应为18位（或15位旧号码），实际为{len(number)}位",
            kind=_KIND,
            reason="length",
        )
    _require_digits(number[:17])
    if number[17] not in _CHECK:
        raise IdentifierError(
            f"身份证号码第18位字符“{number[17]}”应为数字或X",
            kind=_KIND,
            reason="digit",
            position=18,
        )
    _check_date(number, today, 7)
    expected = citizen_id_check_char(number[:17])
    if number[17] != expected:
        raise IdentifierError(
            f"身份证号码第18位校验码错误：应为“{expected}”，实际为“{number[17]}”",
            kind=_KIND,
            reason="checksum",
            position=18,
            expected=expected,
        )
    return number


def citizen_id_details(number: str) -> dict[str, str]:
    """Birth date, sex and region code of a valid 18-character number."""
    born = birth_date(number)
    return {
        "region_code": number[:6],
        "birth_date": born.isoformat() if born else "",
        "sex": "男" if int(number[16]) % 2 else "女",
        "sequence": number[14:17],
    }
