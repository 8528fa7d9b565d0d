"""The certificate rule of R-CASE-13 (持证上岗) and the expiry warning of R-SUP-8 (pure core)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.certificates import (
    CertificateFacts,
    CertificateState,
    RefusalReason,
    certificate_check,
    certificate_state,
    expiring_within,
)

ON = dt.date(2026, 11, 23)
MARKET = "market_regulation"
ECOLOGY = "ecology"


def cert(
    number: str = "湘衡4304210001",
    start: dt.date = dt.date(2025, 1, 1),
    end: dt.date = dt.date(2028, 12, 31),
    fields: tuple[str, ...] = (MARKET,),
    revoked_on: dt.date | None = None,
) -> CertificateFacts:
    return CertificateFacts(number, start, end, frozenset(fields), revoked_on)


def test_valid_certificate_covering_the_field_passes_R_CASE_13() -> None:
    c = cert()
    verdict = certificate_check([c], MARKET, ON)
    assert verdict.ok
    assert verdict.certificate == c
    assert verdict.reason is None


def test_no_certificate_is_refused_as_missing_R_CASE_13() -> None:
    verdict = certificate_check([], MARKET, ON)
    assert not verdict.ok
    assert verdict.reason is RefusalReason.MISSING
    assert verdict.certificate is None


def test_expired_certificate_is_refused_R_CASE_13() -> None:
    c = cert(end=dt.date(2026, 3, 1))
    verdict = certificate_check([c], MARKET, ON)
    assert (verdict.ok, verdict.reason, verdict.certificate) == (False, RefusalReason.EXPIRED, c)


def test_validity_days_are_inclusive_at_both_ends_R_CASE_13() -> None:
    c = cert(start=ON, end=ON)
    assert certificate_check([c], MARKET, ON).ok
    assert certificate_check([c], MARKET, ON - dt.timedelta(days=1)).reason is (
        RefusalReason.NOT_YET_VALID
    )
    assert certificate_check([c], MARKET, ON + dt.timedelta(days=1)).reason is (
        RefusalReason.EXPIRED
    )


def test_not_yet_valid_certificate_is_refused_R_CASE_13() -> None:
    c = cert(start=dt.date(2027, 1, 1))
    verdict = certificate_check([c], MARKET, ON)
    assert (verdict.ok, verdict.reason, verdict.certificate) == (
        False,
        RefusalReason.NOT_YET_VALID,
        c,
    )


def test_revoked_certificate_is_refused_from_the_revocation_day_R_CASE_13() -> None:
    c = cert(revoked_on=ON)
    verdict = certificate_check([c], MARKET, ON)
    assert (verdict.ok, verdict.reason, verdict.certificate) == (False, RefusalReason.REVOKED, c)
    # the day before the revocation the officer could still act
    assert certificate_check([c], MARKET, ON - dt.timedelta(days=1)).ok


def test_certificate_of_another_field_is_refused_as_out_of_field_R_CASE_13() -> None:
    verdict = certificate_check([cert()], ECOLOGY, ON)
    assert (verdict.ok, verdict.reason) == (False, RefusalReason.OUT_OF_FIELD)


def test_out_of_field_wins_even_when_the_other_certificates_are_expired_R_CASE_13() -> None:
    verdict = certificate_check([cert(end=dt.date(2025, 6, 30))], ECOLOGY, ON)
    assert verdict.reason is RefusalReason.OUT_OF_FIELD


def test_one_usable_certificate_among_many_is_enough_R_CASE_13() -> None:
    old = cert("A", end=dt.date(2025, 12, 31))
    revoked = cert("B", revoked_on=dt.date(2026, 1, 5))
    other = cert("C", fields=(ECOLOGY,))
    good = cert("D", fields=(ECOLOGY, MARKET))
    verdict = certificate_check([old, revoked, other, good], MARKET, ON)
    assert verdict.ok
    assert verdict.certificate == good


def test_expired_only_when_the_latest_covering_certificate_expired_R_CASE_13() -> None:
    revoked_old = cert(
        "A", dt.date(2022, 1, 1), dt.date(2024, 12, 31), revoked_on=dt.date(2024, 6, 1)
    )
    expired = cert("B", end=dt.date(2026, 6, 30))
    assert certificate_check([revoked_old, expired], MARKET, ON).reason is RefusalReason.EXPIRED
    expired_old = cert("A", end=dt.date(2025, 12, 31))
    revoked_new = cert("B", revoked_on=dt.date(2026, 9, 1))
    verdict = certificate_check([expired_old, revoked_new], MARKET, ON)
    assert (verdict.reason, verdict.certificate) == (RefusalReason.REVOKED, revoked_new)


def test_a_renewal_still_to_start_is_reported_as_not_yet_valid_R_CASE_13() -> None:
    expired = cert("A", end=dt.date(2026, 10, 31))
    renewal = cert("B", start=dt.date(2026, 12, 1))
    verdict = certificate_check([expired, renewal], MARKET, ON)
    assert (verdict.reason, verdict.certificate) == (RefusalReason.NOT_YET_VALID, renewal)


def test_facts_refuse_an_end_before_the_start() -> None:
    with pytest.raises(ValueError, match="before"):
        cert(start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 31))


@pytest.mark.parametrize(
    ("days_ahead", "warned"), [(0, True), (29, True), (30, True), (31, False), (400, False)]
)
def test_expiry_warning_covers_exactly_the_next_30_days_R_SUP_8(
    days_ahead: int, warned: bool
) -> None:
    c = cert(end=ON + dt.timedelta(days=days_ahead))
    assert (expiring_within([c], ON) == (c,)) is warned
    expected = CertificateState.EXPIRING if warned else CertificateState.VALID
    assert certificate_state(c, ON) is expected


def test_expiry_warning_skips_expired_revoked_and_future_certificates_R_SUP_8() -> None:
    soon = ON + dt.timedelta(days=10)
    certs = [
        cert("expired", end=ON - dt.timedelta(days=1)),
        cert("revoked", end=soon, revoked_on=ON - dt.timedelta(days=2)),
        cert("future", start=ON + dt.timedelta(days=1), end=soon),
        cert("later", end=ON + dt.timedelta(days=20)),
        cert("sooner", end=soon),
    ]
    assert [c.number for c in expiring_within(certs, ON)] == ["sooner", "later"]
    assert [c.number for c in expiring_within(certs, ON, days=15)] == ["sooner"]


def test_state_names_each_case_R_SUP_8() -> None:
    assert certificate_state(cert(end=ON - dt.timedelta(days=1)), ON) is CertificateState.EXPIRED
    assert certificate_state(cert(revoked_on=ON), ON) is CertificateState.REVOKED
    assert (
        certificate_state(cert(start=ON + dt.timedelta(days=1)), ON)
        is CertificateState.NOT_YET_VALID
    )


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))


@st.composite
def facts(draw: st.DrawFn) -> CertificateFacts:
    start = draw(dates)
    end = start + dt.timedelta(days=draw(st.integers(0, 2000)))
    revoked = draw(st.none() | dates)
    fields = draw(st.frozensets(st.sampled_from([MARKET, ECOLOGY, "transport"]), min_size=1))
    return CertificateFacts(draw(st.text(min_size=1, max_size=5)), start, end, fields, revoked)


@given(st.lists(facts(), max_size=5), st.sampled_from([MARKET, ECOLOGY]), dates)
def test_ok_iff_some_certificate_is_in_force_and_covers_the_field_R_CASE_13(
    certs: list[CertificateFacts], field: str, on: dt.date
) -> None:
    verdict = certificate_check(certs, field, on)
    expected = any(
        field in c.fields
        and c.valid_from <= on <= c.valid_to
        and (c.revoked_on is None or c.revoked_on > on)
        for c in certs
    )
    assert verdict.ok is expected
    if verdict.ok:
        assert verdict.certificate is not None
        assert verdict.certificate.in_force_on(on)
        assert field in verdict.certificate.fields
    else:
        assert verdict.reason is not None
