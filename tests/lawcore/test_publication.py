"""lawcore.publication and lawcore.masking.redact_text (issue #4 part 9; R-CASE-12, R-PUB-2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.calendar import Calendar, YearSchedule
from lawcore.law.kinds import PenaltyKind
from lawcore.masking import mask_person_name, redact_text
from lawcore.publication import (
    DoNotPublish,
    Publish,
    RefusalReason,
    Severity,
    add_months,
    is_minor,
    period_months,
    publication_rule,
    publication_severity,
    publication_window,
    withdrawal_due,
)

# 2026: 国庆 1–7 October off, 9 October a make-up working day (enough for the arithmetic here)
CAL = Calendar.of(
    [
        YearSchedule(
            2026,
            frozenset(date(2026, 10, d) for d in range(1, 8)),
            frozenset({date(2026, 10, 10)}),
        )
    ]
)

# --------------------------------------------------------------------------- redact_text


def test_id_numbers_in_free_text_are_masked_R_CASE_12() -> None:
    out = redact_text("身份证号码430421198503120021，旧号430421850312002。")
    assert "430421198503120021" not in out
    assert "430421********0021" in out
    assert "430421850312002" not in out
    assert "430421*****2002" in out


def test_id_number_with_x_check_char_is_masked_R_CASE_12() -> None:
    out = redact_text("证件号11010519491231002X止")
    assert "11010519491231002X" not in out
    assert "110105********002X" in out


def test_mobile_numbers_in_free_text_are_masked_R_CASE_12() -> None:
    out = redact_text("联系电话13812341234，又：+86 139-1234-5678；195 1234 5678")
    for raw in ("13812341234", "1391234", "19512345678", "195 1234 5678"):
        assert raw not in out
    assert "138****1234" in out
    assert "+86139****5678" in out
    assert "195****5678" in out


def test_landline_is_masked_R_CASE_12() -> None:
    assert redact_text("电话0734-6812345") == "电话0734-*******"


def test_bank_accounts_in_free_text_are_masked_R_CASE_12() -> None:
    out = redact_text("账号6222021234567890123，卡号6222 0212 3456 7890，另6217001234567890")
    assert "6222021234567890123" not in out
    assert "622202*********0123" in out
    assert "6222 0212 3456 7890" not in out
    assert "622202******7890" in out
    assert "6217001234567890" not in out


def test_labelled_and_known_addresses_are_hidden_R_CASE_12() -> None:
    out = redact_text(
        "住址：湖南省衡阳县西渡镇幸福路1号，户籍地：衡南县某村。另居于蒸阳北路88号",
        addresses=["蒸阳北路88号"],
    )
    assert "幸福路" not in out
    assert "衡南县某村" not in out
    assert "蒸阳北路" not in out
    assert out.count("（已隐去）") == 3


def test_business_code_and_place_of_business_are_kept_R_CASE_12() -> None:
    text = "统一社会信用代码914304211234567890，住址：西渡镇建设路8号（经营场所）"
    out = redact_text(text, keep=["914304211234567890", "西渡镇建设路8号"])
    assert out == text


def test_known_names_are_anonymised_and_known_values_masked_R_CASE_12() -> None:
    out = redact_text(
        "当事人张小明与证人欧阳娜娜、李四；张小明电话：0734 12345",
        names=["张小明", "欧阳娜娜", "李四"],
        phones=["0734 12345"],
    )
    assert "小明" not in out
    assert "娜娜" not in out
    assert "李四" not in out
    assert "张某某" in out
    assert "欧阳某某" in out
    assert "李某某" in out
    assert "12345" not in out


def test_person_name_mask_hides_given_name_and_its_length() -> None:
    assert mask_person_name("张三") == "张某某"
    assert mask_person_name("张三丰") == "张某某"
    assert mask_person_name("司马光") == "司马某某"
    assert mask_person_name("  ") == ""


def test_ordinary_text_is_unchanged() -> None:
    text = "罚款人民币5000元，于2026年3月1日作出，文号衡县市监罚〔2026〕12号，货值200元。"
    assert redact_text(text) == text


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(alphabet="，。当事人电话", max_size=5)
)
def test_no_mobile_number_survives_R_CASE_12(phone: str, around: str) -> None:
    assert phone not in redact_text(around + phone + around)


@given(st.from_regex(r"[0-9]{16,19}", fullmatch=True))
def test_no_account_or_id_digits_survive_R_CASE_12(number: str) -> None:
    out = redact_text(f"账号{number}。")
    assert number not in out
    assert "*" in out


# --------------------------------------------------------------------------- publication_rule


def test_minor_is_never_published_whatever_the_penalty_R_CASE_12() -> None:
    rule = publication_rule("natural_person", True, [PenaltyKind.FINE], "ordinary")
    assert rule == DoNotPublish(RefusalReason.MINOR)
    assert "未成年人" in rule.text


def test_warning_only_is_not_published_SAMR_45_art_2_R_CASE_12() -> None:
    assert publication_rule("enterprise", False, ["warning"], "ordinary") == DoNotPublish(
        RefusalReason.WARNING_ONLY
    )
    assert publication_rule("enterprise", False, ["warning", "fine"], "ordinary") == Publish(False)


def test_no_penalty_and_simple_procedure_are_not_published_R_CASE_12() -> None:
    assert publication_rule("enterprise", False, [], "ordinary").reason is RefusalReason.NO_PENALTY  # type: ignore[union-attr]
    refused = publication_rule("enterprise", False, ["fine"], "simple")
    assert refused == DoNotPublish(RefusalReason.SIMPLE_PROCEDURE)


def test_natural_person_is_anonymised_business_is_not_R_CASE_12() -> None:
    assert publication_rule("natural_person", False, ["fine"], "ordinary") == Publish(True)
    assert publication_rule("individual_business", False, ["fine"], "ordinary") == Publish(False)


def test_minor_by_age_on_the_date() -> None:
    born = date(2008, 5, 10)
    assert is_minor(born, date(2026, 5, 10))  # 18th birthday: reached the day after
    assert not is_minor(born, date(2026, 5, 11))
    assert not is_minor(None, date(2026, 1, 1))


# --------------------------------------------------------------------------- periods


def test_severity_low_only_for_criticism_or_low_fine_SAMR_45_art_13() -> None:
    limit = Decimal(10000)
    assert publication_severity(["fine"], Decimal(5000), limit) is Severity.LOW
    assert publication_severity(["warning", "fine"], Decimal(10000), limit) is Severity.LOW
    assert publication_severity(["circulated_criticism"], None, limit) is Severity.LOW
    assert publication_severity(["fine"], Decimal("10000.01"), limit) is Severity.STANDARD
    assert publication_severity(["fine", "confiscate_illegal_income"], Decimal(1), limit) is (
        Severity.STANDARD
    )


def test_publication_due_is_20_working_days_after_the_decision_R_CASE_12() -> None:
    # decided Wed 2026-09-23: 24,25,28,29,30 Sep (5); 1–7 Oct off; 8, 9, Sat 10 (make-up) (8);
    # 12–16 (13); 19–23 (18); 26, 27 (20)
    w = publication_window(date(2026, 9, 23), date(2026, 9, 24), Severity.LOW, CAL)
    assert CAL.working_days_between(date(2026, 9, 23), w.due_by.date).days == 20
    assert w.due_by.date == date(2026, 10, 27)
    assert not w.due_by.provisional


def test_period_ends_three_months_or_three_years_after_publication() -> None:
    low = publication_window(date(2026, 1, 20), date(2026, 1, 24), Severity.LOW, CAL)
    assert low.withdraw_on == date(2026, 4, 24)  # as 牟定县 2025-01-24 → 2025-04-24
    std = publication_window(date(2026, 1, 20), date(2026, 1, 24), Severity.STANDARD, CAL)
    assert std.withdraw_on == date(2029, 1, 24)
    custom = publication_window(
        date(2026, 1, 20), date(2026, 1, 24), Severity.LOW, CAL, periods={"low": 6}
    )
    assert custom.withdraw_on == date(2026, 7, 24)
    assert period_months(Severity.STANDARD, restriction_months=60) == 60


def test_month_end_rule() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 29), 3) == date(2028, 2, 29)


def test_cannot_publish_before_the_decision() -> None:
    with pytest.raises(ValueError):
        publication_window(date(2026, 1, 20), date(2026, 1, 19), Severity.LOW, CAL)


def test_withdrawal_within_3_working_days_APL_48() -> None:
    assert withdrawal_due(date(2026, 9, 30), CAL).date == date(2026, 10, 10)  # make-up Saturday
