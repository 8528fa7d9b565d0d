"""Amounts in figures and in Chinese capitals 大写 (人民币 金额大写, 《支付结算办法》附件 conventions).

``capital_amount(Decimal("100200.05")) == "壹拾万零贰佰元零伍分"``. Rules followed:

* digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 inside a group of four, groups 万 and 亿;
* a leading 拾 is written 壹拾 (壹拾万, not 拾万);
* one 零 stands for any run of zeros between two non-zero digits, also across groups (壹亿零壹元整);
* 元 follows a non-zero integer part; ``整`` ends an amount with no 角 and no 分 (壹万元整, 零元整);
  an amount ending in 角 takes no 整 (伍角, 壹元伍角);
* 零 is written before 分 when there are 元 but no 角 (壹元零伍分).

Amounts must be non-negative, have at most two decimal places and be below 1 万亿.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from prudent.core.errors import ValidationFailed

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")
LIMIT = Decimal(10) ** 12


class AmountError(ValidationFailed):
    def __init__(self, message: str) -> None:
        super().__init__(message, errors={"amount": [message]})


def to_decimal(amount: Decimal | int | str) -> Decimal:
    """A checked amount in yuan: non-negative, at most 2 decimals, below 1 万亿."""
    if isinstance(amount, bool | float):
        raise AmountError("金额应以 Decimal、整数或字符串给出，不能用浮点数。")
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError):
        raise AmountError(f"金额“{amount}”不是数字。") from None
    if not value.is_finite():
        raise AmountError(f"金额“{amount}”不是有限数。")
    if value < 0:
        raise AmountError(f"金额不能为负数，收到 {amount}。")
    if value != value.quantize(Decimal("0.01")):
        raise AmountError(f"金额最多两位小数（到分），收到 {amount}。")
    if value >= LIMIT:
        raise AmountError(f"金额应小于一万亿元，收到 {amount}。")
    return value


def _group(n: int) -> str:
    """0 < n < 10000 → 壹仟零贰拾 (no trailing zeros, inner zero runs as one 零)."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[d] + _UNITS[pos])
    return "".join(out)


def _integer(n: int) -> str:
    groups = [n // 10 ** (4 * i) % 10000 for i in range(3)]
    out: list[str] = []
    need_zero = False
    for i in range(2, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        out.append(_group(g) + _GROUPS[i])
        need_zero = False
    return "".join(out)


def capital_amount(amount: Decimal | int | str) -> str:
    """人民币大写 of an amount in yuan, e.g. 10000 → 壹万元整, 0.5 → 伍角."""
    value = to_decimal(amount)
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "零元整"
    out = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    return out


def figure_amount(amount: Decimal | int | str) -> str:
    """Figures with thousands separators and two decimals: 100200.05 → 100,200.05."""
    return f"{to_decimal(amount):,.2f}"


def amount_text(amount: Decimal | int | str) -> str:
    """罚款 wording in figures and capitals: 人民币100,200.05元（大写：壹拾万零贰佰元零伍分）."""
    return f"人民币{figure_amount(amount)}元（大写：{capital_amount(amount)}）"
