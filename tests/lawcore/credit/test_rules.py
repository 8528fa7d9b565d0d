"""lawcore.credit: classification, windows before/after 2026-04-01, repair eligibility
(R-CRED-3, R-CRED-4, R-CRED-5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.credit import (
    CreditError,
    CreditThresholds,
    Eligible,
    NotYet,
    RecordFacts,
    RegimeId,
    Severity,
    classify,
    creates_record,
    publication_window,
    repair_eligibility,
)
from lawcore.law.procedure import ParameterStatus

D = dt.date
AFTER = D(2026, 5, 10)
BEFORE = D(2025, 5, 10)


def _cls(kinds, fine=None, party="organisation", **kw):  # type: ignore[no-untyped-def]
    return classify(kinds, None if fine is None else Decimal(fine), party, decided_on=AFTER, **kw)


def test_no_penalty_creates_no_record_R_CRED_5() -> None:
    assert creates_record([]) is False
    assert creates_record(["fine"]) is True
    with pytest.raises(CreditError, match="R-CRED-5"):
        _cls([])


def test_warning_or_criticism_only_is_minor_R_CRED_3() -> None:
    assert _cls(["warning"]).severity is Severity.MINOR
    assert _cls(["warning", "circulated_criticism"]).severity is Severity.MINOR


def test_low_fine_is_minor_and_the_limit_depends_on_the_party_R_CRED_3() -> None:
    assert _cls(["fine"], "3000").severity is Severity.MINOR
    assert _cls(["fine"], "3000.01").severity is Severity.GENERAL
    assert _cls(["fine"], "200", party="citizen").severity is Severity.MINOR
    assert _cls(["fine"], "201", party="citizen").severity is Severity.GENERAL


def test_simple_procedure_is_minor_but_confiscation_is_general_R_CRED_3() -> None:
    assert _cls(["fine"], "50000", simple_procedure=True).severity is Severity.MINOR
    assert _cls(["fine", "confiscate_illegal_income"], "100").severity is Severity.GENERAL


@pytest.mark.parametrize(
    "kind",
    [
        "suspend_production",
        "restrict_business",
        "restrict_practice",
        "lower_qualification",
        "revoke_licence",
        "order_closure",
    ],
)
def test_heavy_kinds_are_serious_even_with_simple_flag_R_CRED_3(kind: str) -> None:
    got = _cls(["warning", kind], simple_procedure=True)
    assert got.severity is Severity.SERIOUS
    assert "第十四条" in got.reasons[0]


def test_serious_list_and_determination_make_a_fine_serious_R_CRED_3() -> None:
    assert _cls(["fine"], "100", on_serious_list=True).severity is Severity.SERIOUS
    assert _cls(["fine"], "100", determined_serious=True).severity is Severity.SERIOUS


def test_thresholds_are_dated_parameters_R_CRED_3() -> None:
    table = (
        CreditThresholds(
            None, D(2026, 4, 30), Decimal(1), Decimal(1), ParameterStatus.UNVERIFIED, "old"
        ),
        CreditThresholds(
            D(2026, 5, 1),
            None,
            Decimal(5000),
            Decimal(5000),
            ParameterStatus.UNVERIFIED,
            "new",
            serious_organisation_yuan=Decimal(100000),
        ),
    )
    old = classify(
        ["fine"], Decimal(2000), "organisation", decided_on=D(2026, 4, 30), thresholds=table
    )
    new = classify(
        ["fine"], Decimal(2000), "organisation", decided_on=D(2026, 5, 1), thresholds=table
    )
    big = classify(
        ["fine"], Decimal(100000), "organisation", decided_on=D(2026, 5, 1), thresholds=table
    )
    assert (old.severity, new.severity, big.severity) == (
        Severity.GENERAL,
        Severity.MINOR,
        Severity.SERIOUS,
    )
    assert new.thresholds.source == "new"


def test_bad_input_is_refused() -> None:
    with pytest.raises(CreditError, match="unknown penalty kind"):
        _cls(["caning"])
    with pytest.raises(CreditError, match="fine_yuan is required"):
        _cls(["fine"])
    with pytest.raises(CreditError, match="non-negative"):
        _cls(["fine"], "-1")


def test_windows_from_2026_04_01_R_CRED_3() -> None:
    d = D(2026, 4, 1)
    general = publication_window(Severity.GENERAL, d)
    serious = publication_window(Severity.SERIOUS, d)
    minor = publication_window(Severity.MINOR, d)
    assert general.regime is RegimeId.NDRC_2025
    assert general.as_tuple() == (D(2026, 7, 1), D(2027, 4, 1))
    assert serious.as_tuple() == (D(2027, 4, 1), D(2029, 4, 1))
    assert minor.as_tuple() == (d, D(2026, 7, 1))
    assert minor.publish is False
    assert general.publish
    assert serious.publish


def test_windows_before_2026_04_01_follow_the_2019_notice_R_CRED_3() -> None:
    d = D(2026, 3, 31)
    general = publication_window(Severity.GENERAL, d)
    serious = publication_window(Severity.SERIOUS, d)
    minor = publication_window(Severity.MINOR, d)
    assert general.regime is RegimeId.NDRC_2019
    assert general.as_tuple() == (D(2026, 6, 30), D(2027, 3, 31))
    assert serious.as_tuple() == (D(2026, 9, 30), D(2029, 3, 31))  # 6 months, not 1 year
    assert minor.as_tuple() == general.as_tuple()
    assert minor.publish


def test_month_end_and_long_restriction() -> None:
    w = publication_window(Severity.GENERAL, D(2026, 11, 30), restriction_months=60)
    assert w.min_end == D(2027, 2, 28)
    assert w.max_end == D(2031, 11, 30)


def _record(severity: Severity, decided: dt.date, **kw):  # type: ignore[no-untyped-def]
    w = publication_window(severity, decided)
    return RecordFacts(severity, decided, w.min_end, w.max_end, w.regime, **kw)


def test_repair_only_after_the_minimum_period_R_CRED_4() -> None:
    rec = _record(Severity.GENERAL, D(2026, 5, 10))  # min_end 2026-08-10
    early = repair_eligibility(rec, D(2026, 8, 10), True, True)
    assert isinstance(early, NotYet)
    assert early.earliest == D(2026, 8, 11)
    assert "2026-08-10" in early.reasons[0]
    assert isinstance(repair_eligibility(rec, D(2026, 8, 11), True, True), Eligible)


def test_repair_needs_obligations_and_commitment_every_reason_listed_R_CRED_4() -> None:
    rec = _record(Severity.SERIOUS, D(2026, 5, 10))
    got = repair_eligibility(rec, D(2026, 6, 1), False, False)
    assert isinstance(got, NotYet)
    assert len(got.reasons) == 3
    assert any("履行" in r for r in got.reasons)
    assert any("承诺" in r for r in got.reasons)
    only = repair_eligibility(rec, D(2027, 6, 1), True, False)
    assert isinstance(only, NotYet)
    assert len(only.reasons) == 1
    assert "承诺" in only.reasons[0]


def test_minor_after_2026_repairs_once_duties_are_done_R_CRED_4() -> None:
    rec = _record(Severity.MINOR, D(2026, 5, 10))
    assert isinstance(repair_eligibility(rec, D(2026, 5, 10), True, True), Eligible)
    before = _record(Severity.MINOR, D(2026, 3, 10))  # 2019 rules: minimum applies
    assert isinstance(repair_eligibility(before, D(2026, 3, 11), True, True), NotYet)


def test_withdrawn_or_unrepairable_is_not_eligible_R_CRED_4() -> None:
    gone = _record(Severity.GENERAL, D(2025, 1, 1), withdrawn_on=D(2026, 1, 2))
    got = repair_eligibility(gone, D(2026, 2, 1), True, True)
    assert isinstance(got, NotYet)
    assert "停止公示" in got.reasons[0]
    barred = _record(Severity.SERIOUS, D(2025, 1, 1), repairable=False)
    assert isinstance(repair_eligibility(barred, D(2027, 2, 1), True, True), NotYet)


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    st.sampled_from(list(Severity)),
)
def test_window_properties(decided: dt.date, severity: Severity) -> None:
    w = publication_window(severity, decided)
    assert decided <= w.min_end < w.max_end
    assert w.regime is (RegimeId.NDRC_2025 if decided >= D(2026, 4, 1) else RegimeId.NDRC_2019)
    serious = publication_window(Severity.SERIOUS, decided)
    assert serious.min_end >= w.min_end
    assert serious.max_end >= w.max_end
