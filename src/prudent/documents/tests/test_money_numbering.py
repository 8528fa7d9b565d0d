from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prudent.documents.money import AmountError, amount_text, capital_amount
from prudent.documents.numbering import DocumentNumber, NumberError, next_number, parse_number

_D = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True))
_U = {"拾": 10, "佰": 100, "仟": 1000}


def _parse_capital(text: str) -> Decimal:
    """Independent reader of 大写 amounts, for the round-trip property."""
    text = text.removesuffix("整")
    yuan_part, _, cents_part = text.partition("元") if "元" in text else ("", "", text)
    total, section, digit = 0, 0, 0
    for ch in yuan_part:
        if ch in _D:
            digit = _D[ch]
        elif ch in _U:
            section += digit * _U[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    total += section + digit
    cents = 0
    for i, ch in enumerate(cents_part):
        if ch == "角":
            cents += _D[cents_part[i - 1]] * 10
        elif ch == "分":
            cents += _D[cents_part[i - 1]]
    return Decimal(total) + Decimal(cents) / 100


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.5", "伍角"),
        ("10000", "壹万元整"),
        ("100200.05", "壹拾万零贰佰元零伍分"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("1.05", "壹元零伍分"),
        ("15", "壹拾伍元整"),
        ("1004", "壹仟零肆元整"),
        ("1010", "壹仟零壹拾元整"),
        ("200", "贰佰元整"),
        ("10.5", "壹拾元伍角"),
        ("100000001", "壹亿零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("10010000", "壹仟零壹万元整"),
        ("3000.10", "叁仟元壹角"),
    ],
)
def test_capital_amount_follows_the_banking_rules_R_CASE_8(amount: str, expected: str) -> None:
    assert capital_amount(Decimal(amount)) == expected


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_capital_amount_reads_back_to_the_same_value_R_CASE_8(cents: int) -> None:
    amount = Decimal(cents) / 100
    text = capital_amount(amount)
    assert _parse_capital(text) == amount
    assert "零零" not in text
    assert not text.endswith("零")


@pytest.mark.parametrize("bad", ["-1", "0.001", "1000000000000", "abc", 1.5])
def test_capital_amount_refuses_bad_amounts_R_CASE_8(bad: object) -> None:
    with pytest.raises(AmountError):
        capital_amount(bad)  # type: ignore[arg-type]


def test_amount_text_gives_figures_and_capitals_R_CASE_8() -> None:
    assert amount_text(Decimal("100200.05")) == "人民币100,200.05元（大写：壹拾万零贰佰元零伍分）"


def test_number_uses_hexagonal_brackets_full_year_and_no_leading_zero_R_CASE_8() -> None:
    n = DocumentNumber("衡县市监", 2026, 12)
    assert str(n) == "衡县市监\u30142026\u301512号"
    assert str(DocumentNumber("衡县市监", 2026, 1)) == "衡县市监〔2026〕1号"
    assert parse_number("衡县市监处罚〔2026〕7号") == DocumentNumber("衡县市监处罚", 2026, 7)
    assert parse_number(str(n)) == n


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("衡县市监〔2026〕01号", "虚位"),
        ("衡县市监〔2026〕第12号", "第"),
        ("衡县市监[2026]12号", "六角括号"),
        ("衡县市监【2026】12号", "六角括号"),
        ("衡县市监（2026）12号", "六角括号"),
        ("衡县市监〔26〕12号", "形式"),
        ("〔2026〕12号", "形式"),
    ],
)
def test_parse_number_refuses_non_gbt9704_forms_R_CASE_8(text: str, reason: str) -> None:
    with pytest.raises(NumberError) as exc:
        parse_number(text)
    assert reason in exc.value.message


def test_next_number_counts_from_one_each_year_R_CASE_8() -> None:
    assert str(next_number("衡县市监", 2026, None)) == "衡县市监〔2026〕1号"
    assert str(next_number("衡县市监", 2026, 9)) == "衡县市监〔2026〕10号"
    with pytest.raises(NumberError):
        DocumentNumber("衡县市监", 2026, 0)
    with pytest.raises(NumberError):
        DocumentNumber("衡县〔市监", 2026, 3)
