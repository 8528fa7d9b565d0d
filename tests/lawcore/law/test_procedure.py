"""Procedure routing: APL 51, 57, 58, 63 (+ dated hearing thresholds), 64 — R-DEC-6."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lawcore.law import (
    HEARING_NOTICE_PERIOD,
    HEARING_REQUEST_PERIOD,
    HEARING_THRESHOLDS,
    HearingGround,
    HearingThresholds,
    LawError,
    MajorPenaltyThresholds,
    ParameterStatus,
    PartyKind,
    PenaltyKind,
    ThresholdError,
    collective_discussion,
    hearing_right,
    hearing_thresholds_from_records,
    legal_review,
    select_hearing_threshold,
    simple_procedure,
)

CITIZEN, ORG = PartyKind.CITIZEN, PartyKind.ORGANISATION
FINE, WARNING = PenaltyKind.FINE, PenaltyKind.WARNING
ON = date(2025, 3, 1)


# APL 51 ---------------------------------------------------------------------------------------


def test_citizen_fine_of_200_yuan_may_be_decided_on_the_spot_APL_51_R_DEC_6() -> None:
    finding = simple_procedure(CITIZEN, [FINE], fine_yuan=Decimal("200"))
    assert finding.allowed
    assert finding.citation.article == 51


def test_citizen_fine_of_200_01_yuan_needs_the_ordinary_procedure_APL_51_R_DEC_6() -> None:
    finding = simple_procedure(CITIZEN, [FINE], fine_yuan=Decimal("200.01"))
    assert not finding.allowed
    assert "超过200元" in finding.reason


def test_organisation_fine_of_3000_yuan_is_simple_and_3000_01_is_not_APL_51_R_DEC_6() -> None:
    assert simple_procedure(ORG, [FINE], fine_yuan=Decimal(3000)).allowed
    assert not simple_procedure(ORG, [FINE], fine_yuan=Decimal("3000.01")).allowed


def test_warning_alone_is_simple_for_anyone_APL_51_R_DEC_6() -> None:
    assert simple_procedure(CITIZEN, [WARNING]).allowed
    assert simple_procedure(ORG, ["warning"]).allowed


def test_other_penalty_kinds_or_uncertain_facts_exclude_the_simple_procedure_APL_51() -> None:
    assert not simple_procedure(
        CITIZEN, [FINE, PenaltyKind.CONFISCATE_ILLEGAL_INCOME], fine_yuan=Decimal(50)
    ).allowed
    assert not simple_procedure(CITIZEN, [WARNING], facts_certain=False).allowed


@pytest.mark.parametrize(
    ("kinds", "fine", "message"),
    [
        ([FINE], None, "fine_yuan"),
        ([FINE], Decimal(-1), "fine_yuan"),
        ([], None, "kinds"),
        (["caning"], None, "caning"),
    ],
)
def test_bad_simple_procedure_input_names_the_field(
    kinds: list[str], fine: Decimal | None, message: str
) -> None:
    with pytest.raises(LawError, match=message):
        simple_procedure(CITIZEN, kinds, fine_yuan=fine)


# APL 57 ---------------------------------------------------------------------------------------

LOCAL_MAJOR = MajorPenaltyThresholds(Decimal(10000), Decimal(100000), source="test county rule")


def test_complex_case_needs_collective_discussion_APL_57_R_DEC_6() -> None:
    finding = collective_discussion(ORG, [FINE], fine_yuan=Decimal(100), complex_circumstances=True)
    assert finding.required
    assert (
        finding.citations[0].text
        == "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。"
    )


def test_fine_at_the_local_major_threshold_needs_collective_discussion_APL_57_R_DEC_6() -> None:
    assert collective_discussion(
        ORG, [FINE], fine_yuan=Decimal(100000), thresholds=LOCAL_MAJOR
    ).required
    below = collective_discussion(
        ORG, [FINE], fine_yuan=Decimal("99999.99"), thresholds=LOCAL_MAJOR
    )
    assert not below.required
    assert below.warnings == ()


def test_revocation_is_major_under_local_thresholds_and_unverified_source_is_flagged_APL_57() -> (
    None
):
    finding = collective_discussion(ORG, [PenaltyKind.REVOKE_LICENCE], thresholds=LOCAL_MAJOR)
    assert finding.required
    assert any("UNVERIFIED" in w for w in finding.warnings)


def test_ordinary_case_without_thresholds_needs_no_collective_discussion_APL_57() -> None:
    assert not collective_discussion(CITIZEN, [FINE], fine_yuan=Decimal(500)).required


# APL 58 ---------------------------------------------------------------------------------------


def test_major_public_interest_needs_legal_review_APL_58_R_DEC_6() -> None:
    finding = legal_review(major_public_interest=True)
    assert finding.required
    assert finding.reasons == ("涉及重大公共利益的",)
    assert (finding.citations[0].article, finding.citations[0].item) == (58, 1)


def test_major_rights_need_legal_review_only_after_a_hearing_APL_58_R_DEC_6() -> None:
    assert not legal_review(major_rights_affected=True).required
    assert not legal_review(hearing_held=True).required
    assert legal_review(major_rights_affected=True, hearing_held=True).citations[0].item == 2


def test_complex_case_with_several_legal_relations_needs_legal_review_APL_58() -> None:
    assert legal_review(complex_multiple_relations=True).citations[0].item == 3
    assert legal_review(other_statutory=True).citations[0].item == 4
    assert not legal_review().required


# APL 63 ---------------------------------------------------------------------------------------


def test_builtin_table_carries_the_statuses_of_procedure_md_APL_63() -> None:
    statuses = {row.authority: row.status.value for row in HEARING_THRESHOLDS}
    assert statuses["public_security"] == "VERIFIED"
    assert statuses["market_regulation"] == "UNVERIFIED"
    assert statuses["securities_regulator"] == "UNVERIFIED"
    assert statuses["local_government_unidentified"] == "PARTIAL"
    police = select_hearing_threshold("public_security", ON)
    assert (police.person_yuan, police.organisation_yuan) == (Decimal(2000), Decimal(10000))


def test_police_fine_of_2000_on_a_person_gives_a_hearing_right_APL_63_R_DEC_6() -> None:
    police = select_hearing_threshold("public_security", ON)
    finding = hearing_right(CITIZEN, [FINE], fine_yuan=Decimal(2000), threshold=police)
    assert finding.required
    assert finding.grounds == (HearingGround.LARGE_FINE,)
    assert not finding.unverified_threshold
    assert not hearing_right(
        CITIZEN, [FINE], fine_yuan=Decimal("1999.99"), threshold=police
    ).required


def test_result_using_an_unverified_threshold_is_flagged_APL_63_R_DEC_6() -> None:
    samr = select_hearing_threshold("market_regulation", ON)
    finding = hearing_right(ORG, [FINE], fine_yuan=Decimal(50000), threshold=samr)
    assert not finding.required
    assert finding.unverified_threshold
    assert any("UNVERIFIED" in w for w in finding.warnings)


def test_large_confiscation_counts_where_the_row_says_so_APL_63() -> None:
    samr = select_hearing_threshold("market_regulation", ON)
    finding = hearing_right(
        ORG,
        [PenaltyKind.CONFISCATE_ILLEGAL_INCOME],
        confiscated_yuan=Decimal(100000),
        threshold=samr,
    )
    assert finding.grounds == (HearingGround.LARGE_CONFISCATION,)
    police = select_hearing_threshold("public_security", ON)
    unknown = hearing_right(
        ORG,
        [PenaltyKind.CONFISCATE_ILLEGAL_INCOME],
        confiscated_yuan=Decimal(10**6),
        threshold=police,
    )
    assert not unknown.required
    assert unknown.warnings


def test_revocation_and_closure_always_give_a_hearing_right_APL_63_R_DEC_6() -> None:
    finding = hearing_right(ORG, [PenaltyKind.REVOKE_LICENCE, PenaltyKind.SUSPEND_PRODUCTION])
    assert finding.grounds == (
        HearingGround.QUALIFICATION_OR_LICENCE,
        HearingGround.SUSPENSION_CLOSURE_RESTRICTION,
    )
    assert [c.item for c in finding.citations] == [3, 4]
    assert finding.threshold is None


def test_fine_without_a_threshold_is_an_error_APL_63() -> None:
    with pytest.raises(ThresholdError, match="threshold"):
        hearing_right(CITIZEN, [FINE], fine_yuan=Decimal(100))


RECORDS = [
    {
        "effective_from": "2020-01-01",
        "effective_to": "2022-12-31",
        "authority": "market_regulation",
        "province": "430000",
        "person_yuan": "5000",
        "organisation_yuan": "50000",
        "status": "VERIFIED",
        "source": "test: 湖南 rule (old)",
    },
    {
        "effective_from": "2023-01-01",
        "authority": "market_regulation",
        "province": "430000",
        "person_yuan": "8000",
        "organisation_yuan": 80000,
        "status": "PARTIAL",
        "source": "test: 湖南 rule (new)",
    },
]


def test_caller_supplied_dated_thresholds_are_chosen_by_date_and_province_APL_63_R_DEC_6() -> None:
    table = hearing_thresholds_from_records(RECORDS) + HEARING_THRESHOLDS
    assert (
        select_hearing_threshold(
            "market_regulation", date(2022, 12, 31), province="430000", table=table
        ).person_yuan
        == 5000
    )
    assert (
        select_hearing_threshold(
            "market_regulation", date(2023, 1, 1), province="430000", table=table
        ).person_yuan
        == 8000
    )
    national = select_hearing_threshold(
        "market_regulation", date(2023, 1, 1), province="650000", table=table
    )
    assert national.status is ParameterStatus.UNVERIFIED


def test_no_threshold_in_force_is_an_error_APL_63() -> None:
    table = hearing_thresholds_from_records(RECORDS)
    with pytest.raises(ThresholdError, match="no hearing threshold"):
        select_hearing_threshold(
            "market_regulation", date(2019, 12, 31), province="430000", table=table
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown key"),
        ({"status": "verified"}, "status"),
        ({"person_yuan": "lots"}, "person_yuan"),
        ({"person_yuan": 1.5}, "person_yuan"),
        ({"effective_from": "2020-13-01"}, "effective_from"),
        ({"source": ""}, "missing source"),
        ({"person_yuan": "-1"}, "person_yuan"),
    ],
)
def test_bad_threshold_records_are_rejected_naming_row_and_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ThresholdError, match=message) as info:
        hearing_thresholds_from_records([{**RECORDS[0], **change}])
    assert "row 0" in str(info.value) or "market_regulation" in str(info.value)


def test_overlapping_threshold_periods_are_rejected_APL_63() -> None:
    clash = {**RECORDS[1], "effective_from": "2022-12-31"}
    with pytest.raises(ThresholdError, match="overlapping"):
        hearing_thresholds_from_records([RECORDS[0], clash])


def test_threshold_row_with_end_before_start_is_rejected() -> None:
    with pytest.raises(ThresholdError, match="effective_to"):
        HearingThresholds(
            date(2023, 1, 1),
            date(2022, 1, 1),
            "x",
            Decimal(1),
            Decimal(1),
            ParameterStatus.VERIFIED,
            "s",
        )


# APL 64 + 85 ----------------------------------------------------------------------------------


def test_hearing_periods_are_working_day_counts_APL_64_APL_85() -> None:
    assert HEARING_REQUEST_PERIOD.working_days == 5
    assert HEARING_NOTICE_PERIOD.working_days == 7
    assert [(c.article, c.item) for c in HEARING_REQUEST_PERIOD.citations] == [(64, 1), (85, None)]
    assert "五日内" in HEARING_REQUEST_PERIOD.citations[0].text
