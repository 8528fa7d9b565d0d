"""Credit records, repair and objections (issue #5 part 8; R-CRED-1…5, R-PUB-4).

The demo gives a record for the decided case “（演示）…（货值5000元）” (its party is not the demo
enterprise) and a record of another source for the demo enterprise's own entity, decided 120 days
ago (一般失信: its minimum period has passed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lawcore.credit import Severity, publication_window
from prudent.calendars.services import current_calendar
from prudent.cases.models import Case
from prudent.cli import main
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.credit.demo import OWN_ENTITY
from prudent.credit.models import CreditRecord, Objection, RepairApplication
from prudent.credit.services import (
    credit_expire,
    credit_record_create,
    credit_record_from_case,
    objection_answer,
    objection_submit,
    repair_apply,
    repair_review,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def decided() -> Case:
    return Case.objects.get(title__startswith="（演示）", title__contains="货值5000元")


@pytest.fixture
def own() -> CreditRecord:
    return CreditRecord.objects.get(entity__code=OWN_ENTITY)


@pytest.fixture
def other(decided: Case) -> CreditRecord:
    return CreditRecord.objects.get(case=decided)


def _apply(actor: Any, record: CreditRecord, **kw: Any) -> RepairApplication:
    args: dict[str, Any] = {
        "obligations_fulfilled": True,
        "obligations_evidence": "罚款已于缴款银行缴清，回单号123",
        "commitment_signed": True,
        "on": TODAY,
    }
    args.update(kw)
    return repair_apply(actor=actor, record=record, **args)


def test_record_from_a_decided_case_has_the_computed_window_R_CRED_1_R_CRED_3(
    decided: Case, other: CreditRecord, demo_user: Any
) -> None:
    assert decided.decided_on is not None
    window = publication_window(Severity(other.severity), decided.decided_on)
    assert (other.min_end, other.max_end) == window.as_tuple()
    assert other.entity_id == decided.party_id
    assert other.reasons
    # idempotent: a second call returns the same record, no second audit event
    events = AuditEvent.objects.count()
    again = credit_record_from_case(actor=demo_user("head"), case=decided)
    assert again is not None
    assert again.pk == other.pk
    assert AuditEvent.objects.count() == events


def test_no_penalty_decision_creates_no_record_R_CRED_5(decided: Case, demo_user: Any) -> None:
    CreditRecord.objects.filter(case=decided).delete()
    Case.objects.filter(pk=decided.pk).update(
        decision={**(decided.decision or {}), "tier": "no_penalty"}
    )
    events = AuditEvent.objects.count()
    assert credit_record_from_case(actor=demo_user("head"), case=decided) is None
    assert not CreditRecord.objects.filter(case=decided).exists()
    assert AuditEvent.objects.count() == events


def test_undecided_case_is_refused(demo_user: Any) -> None:
    case = Case.objects.filter(title__startswith="（演示）", decided_on__isnull=True).first()
    assert case is not None
    with pytest.raises(Conflict):
        credit_record_from_case(actor=demo_user("head"), case=case)


def test_cli_sync_creates_missing_records_R_CRED_1(
    decided: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    CreditRecord.objects.filter(case=decided).delete()
    assert main(["credit", "sync"]) == 0
    assert CreditRecord.objects.filter(case=decided).count() == 1
    assert "1 credit record(s) created" in capsys.readouterr().out
    assert main(["credit", "sync"]) == 0
    assert CreditRecord.objects.filter(case=decided).count() == 1


def test_enterprise_applies_for_repair_after_the_minimum_R_CRED_4(
    own: CreditRecord, demo_user: Any
) -> None:
    app = _apply(demo_user("enterprise"), own)
    assert app.status == RepairApplication.Status.SUBMITTED
    assert app.due_on == current_calendar().add_working_days(TODAY, 15).date
    assert AuditEvent.objects.filter(action="credit_repair_apply", object_id=str(app.pk)).exists()
    with pytest.raises(Conflict, match="待审核"):
        _apply(demo_user("enterprise"), own)


def test_repair_before_the_minimum_or_without_duties_is_refused_with_reasons_R_CRED_4(
    own: CreditRecord, demo_user: Any
) -> None:
    with pytest.raises(Conflict) as exc:
        _apply(
            demo_user("enterprise"),
            own,
            on=own.min_end,
            obligations_fulfilled=False,
            obligations_evidence="",
            commitment_signed=False,
        )
    reasons = exc.value.errors["record"]
    assert len(reasons) == 3
    assert f"{own.min_end:%Y-%m-%d}" in reasons[0]
    assert not RepairApplication.objects.filter(record=own).exists()


def test_fast_lane_needs_its_reason_and_is_reviewed_sooner_R_CRED_4(
    own: CreditRecord, demo_user: Any
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _apply(demo_user("enterprise"), own, fast_lane=True)
    assert "fast_lane_reason" in exc.value.errors
    assert not RepairApplication.objects.filter(record=own).exists()
    app = _apply(
        demo_user("enterprise"), own, fast_lane=True, fast_lane_reason="小微企业，受洪灾停业"
    )
    assert app.due_on == current_calendar().add_working_days(TODAY, 3).date


def test_review_approves_and_withdraws_or_refuses_with_reasons_R_CRED_4(
    own: CreditRecord, demo_user: Any
) -> None:
    app = _apply(demo_user("enterprise"), own)
    with pytest.raises(ValidationFailed):
        repair_review(actor=demo_user("head"), application=app, approve=False, reasons="", on=TODAY)
    with pytest.raises(Forbidden):
        repair_review(
            actor=demo_user("officer"), application=app, approve=True, reasons="", on=TODAY
        )
    repair_review(actor=demo_user("head"), application=app, approve=True, reasons="", on=TODAY)
    own.refresh_from_db()
    app.refresh_from_db()
    assert app.status == RepairApplication.Status.APPROVED
    assert own.withdrawn_on == TODAY
    assert own.withdraw_kind == CreditRecord.WithdrawKind.REPAIR


def test_review_is_atomic(own: CreditRecord, demo_user: Any, monkeypatch: Any) -> None:
    app = _apply(demo_user("enterprise"), own)

    def boom(**_: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr("prudent.credit.services.audit_append", boom)
    with pytest.raises(RuntimeError):
        repair_review(actor=demo_user("head"), application=app, approve=True, reasons="", on=TODAY)
    own.refresh_from_db()
    app.refresh_from_db()
    assert app.status == RepairApplication.Status.SUBMITTED
    assert own.withdrawn_on is None
    with pytest.raises(RuntimeError):
        objection_submit(actor=demo_user("enterprise"), record=own, text="有误", on=TODAY)
    assert not Objection.objects.filter(record=own).exists()


def test_enterprise_cannot_act_on_another_entitys_record_R_PUB_4(
    other: CreditRecord, demo_user: Any
) -> None:
    with pytest.raises(NotFound):
        _apply(demo_user("enterprise"), other, on=other.min_end + dt.timedelta(days=400))
    with pytest.raises(NotFound):
        objection_submit(actor=demo_user("enterprise"), record=other, text="不是我", on=TODAY)


def test_objection_deadline_in_working_days_and_upheld_withdraws_R_CRED_4(
    own: CreditRecord, demo_user: Any, settings: Any
) -> None:
    settings.PRUDENT_CREDIT_OBJECTION_WORKING_DAYS = 10
    on = dt.date(2026, 9, 28)  # before the National Day holiday: working days skip it
    obj = objection_submit(
        actor=demo_user("enterprise"), record=own, text="罚款金额记载有误", on=on
    )
    assert obj.due_on == current_calendar().add_working_days(on, 10).date
    assert (obj.due_on - on).days > 14
    with pytest.raises(Forbidden):
        objection_submit(actor=demo_user("head"), record=own, text="x", on=on)
    with pytest.raises(ValidationFailed):
        objection_submit(actor=demo_user("enterprise"), record=own, text="  ", on=on)
    objection_answer(
        actor=demo_user("head"), objection=obj, upheld=True, answer="经核实记载有误", on=on
    )
    own.refresh_from_db()
    assert own.withdraw_kind == CreditRecord.WithdrawKind.OBJECTION
    with pytest.raises(Conflict):
        objection_answer(actor=demo_user("head"), objection=obj, upheld=False, answer="x", on=on)


def test_automatic_withdrawal_the_day_after_the_maximum_R_CRED_4(
    own: CreditRecord, demo_user: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    rec = credit_record_create(
        actor="test",
        entity=own.entity,
        department=own.department,
        severity="serious",
        decided_on=dt.date(2026, 4, 1),
        summary="吊销许可证",
        source="测试",
    )
    assert rec.max_end == dt.date(2029, 4, 1)
    done = credit_expire(on=dt.date(2029, 4, 1))  # the last day: still published
    assert rec.pk not in [r.pk for r in done]
    rec.refresh_from_db()
    assert rec.withdrawn_on is None
    assert main(["credit", "expire", "--on", "2029-04-05"]) == 0
    rec.refresh_from_db()
    assert rec.withdrawn_on == dt.date(2029, 4, 2)
    assert rec.withdraw_kind == CreditRecord.WithdrawKind.MAXIMUM
    assert main(["credit", "expire", "--on", "2029-13-01"]) == 2
    assert "withdrawn" in capsys.readouterr().out


def test_enterprise_sees_only_its_own_records_and_their_eligibility_R_PUB_4(
    own: CreditRecord, other: CreditRecord, client_as: Any
) -> None:
    client = client_as("enterprise")
    page = client.get("/credit/mine/").content.decode()
    assert own.summary in page
    assert other.summary not in page
    assert client.get(f"/credit/mine/{other.pk}/").status_code == 404
    assert client.get("/credit/records/").status_code == 403
    detail = client.get(f"/credit/mine/{own.pk}/").content.decode()
    assert "可以申请" in detail


def test_eligibility_reasons_shown_to_the_enterprise_R_CRED_4(
    own: CreditRecord, client_as: Any
) -> None:
    CreditRecord.objects.filter(pk=own.pk).update(min_end=TODAY + dt.timedelta(days=5))
    detail = client_as("enterprise").get(f"/credit/mine/{own.pk}/").content.decode()
    assert "暂不能申请" in detail
    assert f"{TODAY + dt.timedelta(days=6):%Y-%m-%d}起方可申请" in detail
    r = client_as("enterprise").post(
        f"/credit/mine/{own.pk}/repair/",
        {"obligations_fulfilled": "1", "obligations_evidence": "已缴", "commitment_signed": "1"},
    )
    assert r.status_code == 409
    assert not RepairApplication.objects.filter(record=own).exists()


def test_staff_queues_show_due_dates_and_head_reviews_by_page_R_CRED_4(
    own: CreditRecord, demo_user: Any, client_as: Any
) -> None:
    app = _apply(demo_user("enterprise"), own)
    page = client_as("officer").get("/credit/queues/").content.decode()
    assert f"{app.due_on:%Y-%m-%d}" in page
    r = client_as("head").post(
        f"/credit/repairs/{app.pk}/review/", {"decision": "refuse", "reasons": "罚款未缴清"}
    )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == RepairApplication.Status.REFUSED
    assert client_as("head").get(f"/credit/records/{own.pk}/").status_code == 200


def test_party_on_the_serious_dishonesty_list_gets_a_serious_record_R_CRED_3(
    decided: Case, other: CreditRecord, demo_user: Any
) -> None:
    """The 严重违法失信名单 kept by the inspections app on the decision date makes the record serious."""
    from prudent.inspections.models import ListMembership, SupervisionList

    assert decided.decided_on is not None
    assert "当事人被列入严重违法失信名单" not in other.reasons
    CreditRecord.objects.filter(pk=other.pk).delete()
    ListMembership.objects.create(
        entity=decided.party,
        list=SupervisionList.SERIOUS_DISHONESTY.value,
        valid_from=decided.decided_on - dt.timedelta(days=30),
        reason="（测试）列入严重违法失信名单",
        by="head",
    )
    record = credit_record_from_case(actor=demo_user("head"), case=decided)
    assert record is not None
    assert record.severity == Severity.SERIOUS.value
    assert "当事人被列入严重违法失信名单" in record.reasons
