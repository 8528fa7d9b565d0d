"""Masking of personal identifiers for display (CONVENTIONS §6.2, 个人信息保护法 Art. 28; R-CASE-12)."""

from __future__ import annotations

from lawcore.masking import mask_bank_account, mask_citizen_id, mask_middle, mask_phone


def test_citizen_id_keeps_region_and_last_four_R_CASE_12() -> None:
    assert mask_citizen_id("430421198503120021") == "430421********0021"
    assert mask_citizen_id("11010519491231002x") == "110105********002X"
    assert mask_citizen_id("430421850312002") == "430421*****2002"  # old 15-digit number


def test_phone_keeps_first_three_and_last_four_R_CASE_12() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("138 1234 1234") == "138****1234"
    assert mask_phone("+8613812341234") == "+86138****1234"


def test_bank_account_keeps_first_six_and_last_four_R_CASE_12() -> None:
    assert mask_bank_account("6222 0212 3456 7890 123") == "622202*********0123"


def test_values_too_short_are_masked_whole_never_shown_R_CASE_12() -> None:
    assert mask_citizen_id("4304211") == "*******"
    assert mask_phone("1234567") == "*******"
    assert mask_citizen_id("") == ""
    assert mask_middle("abcdef", 3, 3) == "******"
    assert mask_middle("abcdefg", 3, 0) == "abc****"
