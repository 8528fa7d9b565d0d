"""Execution and corrections (issue #4 parts 7 and 8; R-CASE-9, R-CASE-10, R-CASE-11)."""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.urls import get_resolver
from django.utils import timezone

from lawcore.calendar import add_days
from prudent.cases.demo import ORDINARY_FACTS
from prudent.cases.models import Case, CaseEvent
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.execution import services
from prudent.execution.models import (
    ConfiscatedItem,
    DecisionCorrection,
    Payment,
    PaymentArrangement,
)
from prudent.execution.selectors import MSG_NO_OFFSET, execution_summary

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def served(demo_user: Any) -> Any:
    """`served(fine)` → a case decided with `fine` yuan and served 18 days ago (due 3 days ago)."""
    from prudent.cases.services import case_create, case_decide, case_propose, case_transition
    from prudent.entities.models import Entity

    officer, officer2, head = demo_user("officer"), demo_user("officer2"), demo_user("head")

    def step(case: Case, user: Any, name: str, on: dt.date, **data: Any) -> Case:
        return case_transition(
            actor=user, case=case, name=name, lock_version=case.lock_version, data=data, on=on
        )

    def make(fine: str = "1000.00") -> Case:
        c = case_create(
            actor=officer,
            department=officer.department,
            source="inspection",
            party=Entity.objects.get(code="92430421MA4L0J5K0B"),
            item_code="HY-FSL-124-1-05",
            title="经营超过保质期的食品（执行测试）",
            lead_received_on=ago(60),
            violation_on=ago(62),
            facts=ORDINARY_FACTS,
            officers=[officer, officer2],
            on=ago(60),
        )
        c = step(c, officer, "start_verification", ago(60))
        c = step(
            c, head, "open_case", ago(58), opening_approved=True, opened_on=ago(58).isoformat()
        )
        c = step(c, officer, "start_investigation", ago(57))
        c = case_propose(actor=officer, case=c, lock_version=c.lock_version, on=ago(40))
        c = step(c, officer, "record_proposal", ago(40))
        c = step(c, officer, "notify", ago(38), notice_served_on=ago(38).isoformat())
        c = step(
            c,
            officer,
            "submit_legal_review",
            ago(28),
            legal_review_submitted_on=ago(28).isoformat(),
        )
        c = case_decide(
            actor=head,
            case=c,
            lock_version=c.lock_version,
            tier=str((c.proposal or {}).get("tier")),
            fine_yuan=fine,
            decided_on=ago(20),
            departure_reason="测试：按本测试设定的罚款金额决定",
            data={"legal_review_passed": True},
            on=ago(20),
        )
        return step(
            c,
            officer,
            "serve",
            ago(18),
            service_method="direct",
            served_on=ago(18).isoformat(),
            service_proof="送达回证（测试）",
        )

    return make


def due_of(case: Case) -> dt.date:
    return add_days(ago(18), 15).date


def pay(
    case: Case, user: Any, amount: str, receipt: str, paid_on: dt.date | None = None, **kw: Any
) -> Payment:
    case.refresh_from_db()
    return services.payment_record(
        actor=user,
        case=case,
        lock_version=case.lock_version,
        amount=amount,
        paid_on=paid_on or TODAY,
        bank="中国工商银行衡阳县支行",
        receipt_number=receipt,
        **kw,
    )


def apply_deferral(case: Case, user: Any, until: dt.date) -> PaymentArrangement:
    case.refresh_from_db()
    return services.arrangement_apply(
        actor=user,
        case=case,
        lock_version=case.lock_version,
        kind="deferral",
        applied_on=ago(2),
        reason="确有经济困难",
        deferral_until=until,
    )


def approve(arrangement: PaymentArrangement, user: Any) -> PaymentArrangement:
    case = Case.objects.get(pk=arrangement.case_id)
    return services.arrangement_approve(
        actor=user, arrangement=arrangement, lock_version=case.lock_version, approve=True
    )


# --------------------------------------------------------------------- late-payment fine


def test_late_payment_fine_day_1_33_and_capped_from_day_34_R_CASE_9(served: Any) -> None:
    case = served("1000.00")
    due = due_of(case)
    x = execution_summary(case, due)
    assert (x.original_due, x.late_fine) == (due, Decimal("0.00"))
    assert execution_summary(case, due + dt.timedelta(days=1)).late_fine == Decimal("30.00")
    assert execution_summary(case, due + dt.timedelta(days=33)).late_fine == Decimal("990.00")
    assert execution_summary(case, due + dt.timedelta(days=34)).late_fine == Decimal("1000.00")
    assert execution_summary(case, due + dt.timedelta(days=400)).late_fine == Decimal("1000.00")


def test_late_payment_fine_runs_from_the_end_of_an_approved_deferral_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    due = due_of(case)
    until = due + dt.timedelta(days=30)
    arrangement = apply_deferral(case, demo_user("officer"), until)
    case.refresh_from_db()
    # not yet approved: the original due date still counts
    assert execution_summary(case, until).late_fine == Decimal("900.00")
    approve(arrangement, demo_user("head"))
    case.refresh_from_db()
    assert case.snapshot["payment_deferred_until"] == until.isoformat()
    assert case.snapshot["execution"] == "deferred"
    assert execution_summary(case, until).late_fine == Decimal("0.00")
    assert execution_summary(case, until + dt.timedelta(days=1)).late_fine == Decimal("30.00")


def test_days_of_reconsideration_add_no_late_fine_APL_73_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    due = due_of(case)
    services.review_period_record(
        actor=demo_user("officer"),
        case=case,
        lock_version=case.lock_version,
        kind="reconsideration",
        started_on=ago(5),  # before the due date (ago(3))
        ended_on=due + dt.timedelta(days=10),
    )
    case.refresh_from_db()
    x = execution_summary(case, due + dt.timedelta(days=20))
    # days due+1 … due+10 are inside the period (it began before the due date)
    assert (x.suspended_days, x.late_days, x.late_fine) == (10, 10, Decimal("300.00"))


# ------------------------------------------------------------------- arrangements


def test_instalments_that_do_not_sum_to_the_fine_are_refused_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    version = case.lock_version
    with pytest.raises(ValidationFailed) as exc:
        services.arrangement_apply(
            actor=demo_user("officer"),
            case=case,
            lock_version=case.lock_version,
            kind="instalments",
            applied_on=ago(1),
            reason="确有经济困难",
            schedule=[
                {"due": (TODAY + dt.timedelta(days=20)).isoformat(), "amount": "400"},
                {"due": (TODAY + dt.timedelta(days=50)).isoformat(), "amount": "500"},
            ],
        )
    assert "schedule" in exc.value.errors
    assert "应等于应缴罚款1000.00元" in exc.value.errors["schedule"][0]
    assert not PaymentArrangement.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.lock_version == version


def test_only_the_head_approves_a_deferral_R_CASE_9(served: Any, demo_user: Any) -> None:
    case = served()
    arrangement = apply_deferral(case, demo_user("officer"), due_of(case) + dt.timedelta(days=30))
    case.refresh_from_db()
    for role in ("officer", "legal_reviewer"):
        with pytest.raises(Forbidden):
            services.arrangement_approve(
                actor=demo_user(role),
                arrangement=arrangement,
                lock_version=case.lock_version,
                approve=True,
            )
    arrangement.refresh_from_db()
    assert arrangement.status == PaymentArrangement.Status.APPLIED
    approved = approve(arrangement, demo_user("head"))
    assert (approved.status, approved.approved_by) == ("approved", demo_user("head"))


def test_court_enforcement_is_counted_from_the_end_of_the_instalments_R_CASE_10(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    due = due_of(case)
    assert execution_summary(case, TODAY).court.starts_on == due  # type: ignore[union-attr]
    last = TODAY + dt.timedelta(days=60)
    arrangement = services.arrangement_apply(
        actor=demo_user("officer"),
        case=case,
        lock_version=case.lock_version,
        kind="instalments",
        applied_on=ago(1),
        reason="确有经济困难",
        schedule=[
            {"due": (TODAY + dt.timedelta(days=20)).isoformat(), "amount": "400"},
            {"due": last.isoformat(), "amount": "600"},
        ],
    )
    approve(arrangement, demo_user("head"))
    case.refresh_from_db()
    court = execution_summary(case, TODAY).court
    assert court is not None
    assert (court.starts_on, court.deferred) == (last, True)
    assert case.snapshot["execution"] == "instalments"


# ------------------------------------------------------------------------ payments


def test_payment_above_the_outstanding_fine_is_refused_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    pay(case, demo_user("officer"), "600", "R-001")
    with pytest.raises(ValidationFailed) as exc:
        pay(case, demo_user("officer"), "400.01", "R-002")
    assert "超过尚未缴纳的罚款400.00元" in exc.value.errors["amount"][0]
    assert Payment.objects.filter(case=case).count() == 1


def test_duplicate_receipt_number_is_refused_R_CASE_9(served: Any, demo_user: Any) -> None:
    case = served("1000.00")
    pay(case, demo_user("officer"), "100", "R-DUP")
    with pytest.raises(ValidationFailed) as exc:
        pay(case, demo_user("officer"), "100", "R-DUP")
    assert "已登记过" in exc.value.errors["receipt_number"][0]
    assert Payment.objects.filter(case=case).count() == 1


def test_no_cash_path_a_payment_needs_the_bank_and_its_receipt_APL_67_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("100.00")
    with pytest.raises(ValidationFailed) as exc:
        services.payment_record(
            actor=demo_user("officer"),
            case=case,
            lock_version=case.lock_version,
            amount="100",
            paid_on=TODAY,
            bank="",
            receipt_number="",
        )
    assert set(exc.value.errors) == {"bank", "receipt_number"}
    assert not Payment.objects.filter(case=case).exists()
    # no parameter, kind, service or route takes money on the spot
    params = set(inspect.signature(services.payment_record).parameters)
    assert not params & {"method", "cash", "channel", "on_the_spot"}
    assert {k for k, _ in Payment.Kind.choices} == {"fine", "late_fine"}
    assert not [n for n in dir(services) if "cash" in n.lower()]
    names = [str(p.pattern) for p in get_resolver("prudent.execution.urls").url_patterns]
    assert not [n for n in names if "cash" in n]


def test_full_payment_enters_execution_and_completes_it_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    assert case.state == "served"
    pay(case, demo_user("officer"), "400", "R-1", paid_on=ago(10))
    case.refresh_from_db()
    assert (case.state, case.snapshot["execution"]) == ("executing", "pending")
    pay(case, demo_user("officer"), "600", "R-2", paid_on=ago(5))
    case.refresh_from_db()
    assert case.snapshot["execution"] == "completed"
    assert case.snapshot["paid_on"] == ago(5).isoformat()
    x = execution_summary(case, TODAY + dt.timedelta(days=100))
    assert (x.outstanding_fine, x.late_fine, x.settled) == (Decimal("0.00"), Decimal("0.00"), True)
    assert CaseEvent.objects.filter(case=case, transition="start_execution").count() == 1


def test_late_payment_keeps_execution_open_until_the_late_fine_is_paid_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served("1000.00")
    due = due_of(case)
    assert due == ago(3)
    pay(case, demo_user("officer"), "1000", "R-L1", paid_on=TODAY)  # 3 days late
    case.refresh_from_db()
    x = execution_summary(case, TODAY + dt.timedelta(days=30))
    assert (x.late_fine, x.late_outstanding) == (Decimal("90.00"), Decimal("90.00"))
    assert case.snapshot["execution"] == "pending"
    with pytest.raises(ValidationFailed):
        pay(case, demo_user("officer"), "90.01", "R-L2", kind="late_fine")
    pay(case, demo_user("officer"), "90", "R-L3", kind="late_fine")
    case.refresh_from_db()
    assert case.snapshot["execution"] == "completed"


def test_a_failure_half_way_leaves_nothing_R_CASE_9(served: Any, demo_user: Any) -> None:
    case = served("1000.00")
    version, events = case.lock_version, CaseEvent.objects.filter(case=case).count()
    with (
        mock.patch.object(services, "audit_append", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        pay(case, demo_user("officer"), "1000", "R-ATOM")
    case.refresh_from_db()
    assert (case.lock_version, case.state) == (version, "served")
    assert not Payment.objects.filter(receipt_number="R-ATOM").exists()
    assert CaseEvent.objects.filter(case=case).count() == events


def test_stale_lock_version_is_a_conflict_R_CASE_9(served: Any, demo_user: Any) -> None:
    case = served()
    with pytest.raises(Conflict):
        services.payment_record(
            actor=demo_user("officer"),
            case=case,
            lock_version=case.lock_version - 1,
            amount="1",
            paid_on=TODAY,
            bank="银行",
            receipt_number="R-STALE",
        )
    assert not Payment.objects.filter(receipt_number="R-STALE").exists()


def test_scope_other_department_and_enterprise_R_CASE_9(
    served: Any, demo_user: Any, client_as: Any
) -> None:
    case = served()
    with pytest.raises(NotFound):
        pay(case, demo_user("cg_officer"), "1", "R-SCOPE")
    with pytest.raises(Forbidden):
        pay(case, demo_user("supervisor"), "1", "R-SCOPE")
    assert client_as("supervisor").get(f"/api/v1/cases/{case.pk}/execution").status_code == 200
    assert client_as("cg_officer").get(f"/api/v1/cases/{case.pk}/execution").status_code == 404
    # the demo enterprise is not this case's party
    assert client_as("enterprise").get(f"/api/v1/cases/{case.pk}/execution").status_code == 404


def test_community_service_offset_is_disabled_without_a_rulebook_provision_R_CASE_9(
    served: Any, demo_user: Any
) -> None:
    case = served()
    # the national item (cn-samr) does not provide for 公益抵罚 (衡阳县's refinement does)
    Case.objects.filter(pk=case.pk).update(rulebook_id="cn-samr", item_code="CN-SAMR-FSL-124-1-05")
    case.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        services.community_offset_record(actor=demo_user("officer"), case=case)
    assert exc.value.errors["community_service"] == [MSG_NO_OFFSET]


# ------------------------------------------------------------------------ corrections


def correct(case: Case, user: Any, **kw: Any) -> DecisionCorrection:
    case.refresh_from_db()
    base: dict[str, Any] = {
        "reasons": "原决定适用裁量阶次不当",
        "hearing_on": ago(1),
        "hearing_record": "当事人表示无异议",
    }
    return services.decision_correct(
        actor=user, case=case, lock_version=case.lock_version, **{**base, **kw}
    )


def test_correction_keeps_the_original_decision_R_CASE_11(served: Any, demo_user: Any) -> None:
    case = served("1000.00")
    original = dict(case.decision or {})
    head = demo_user("head")
    first = correct(case, head, kind="change", fine_yuan="800")
    case.refresh_from_db()
    assert case.decision["fine_yuan"] == "800.00"
    assert case.snapshot["fine_yuan"] == "800.00"
    assert case.snapshot["decision_changed_on"] == TODAY.isoformat()
    assert execution_summary(case, TODAY).outstanding_fine == Decimal("800.00")
    second = correct(case, head, kind="revoke", reasons="事实认定错误")
    case.refresh_from_db()
    first.refresh_from_db()
    assert first.before == original
    assert first.after["fine_yuan"] == "800.00"
    assert second.before == first.after
    assert case.decision["revoked"] is True
    assert case.decision["fine_yuan"] == "800.00"
    assert case.snapshot["execution"] == "completed"
    assert [c.kind for c in DecisionCorrection.objects.filter(case=case)] == ["change", "revoke"]
    with pytest.raises(RuntimeError):
        first.delete()
    with pytest.raises(Conflict):
        correct(case, head, kind="amend", amendment="更正笔误")


def test_correction_needs_a_prior_hearing_and_reasons_R_CASE_11(
    served: Any, demo_user: Any
) -> None:
    case = served()
    head = demo_user("head")
    with pytest.raises(ValidationFailed) as exc:
        correct(case, head, kind="revoke", reasons="", hearing_on="", hearing_record="")
    assert {"reasons", "hearing_on", "hearing_record"} <= set(exc.value.errors)
    with pytest.raises(ValidationFailed) as exc:
        correct(case, head, kind="revoke", hearing_on=TODAY, corrected_on=ago(1))
    assert "须在纠正决定之前听取当事人意见" in exc.value.errors["hearing_on"][0]
    with pytest.raises(Forbidden):
        correct(case, demo_user("officer"), kind="revoke")
    assert not DecisionCorrection.objects.filter(case=case).exists()


# ------------------------------------------------------------------------ API and pages


def test_api_payment_then_execution_shows_outstanding_R_CASE_9(served: Any, client_as: Any) -> None:
    case = served("1000.00")
    client = client_as("officer")
    url = f"/api/v1/cases/{case.pk}/payments"
    body = {
        "lock_version": case.lock_version,
        "amount": "250",
        "paid_on": TODAY.isoformat(),
        "bank": "中国农业银行衡阳县支行",
        "receipt_number": "API-1",
    }
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["outstanding_fine_yuan"] == "750.00"
    r = client.post(url, {**body, "receipt_number": "API-2"}, content_type="application/json")
    assert r.status_code == 409  # the lock version moved
    r = client.post(
        url,
        {**body, "lock_version": Case.objects.get(pk=case.pk).lock_version, "amount": "abc"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert "amount" in r.json()["errors"]
    r = client_as("legal_reviewer").post(url, body, content_type="application/json")
    assert r.status_code == 403


def test_case_page_shows_the_panel_and_form_errors_R_CASE_9(served: Any, client_as: Any) -> None:
    case = served("1000.00")
    client = client_as("officer")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "执行与决定的纠正" in page
    assert "1000.00 元" in page
    assert "公益抵罚" in page  # 衡阳县's item allows it (test_community_offset.py)
    r = client.post(
        f"/execution/cases/{case.pk}/payments/",
        {"lock_version": case.lock_version, "amount": "5", "paid_on": TODAY.isoformat()},
    )
    assert r.status_code == 422
    assert "请填写银行缴款凭证号" in r.content.decode()


def test_confiscated_register_and_disposal_R_CASE_9(
    served: Any, demo_user: Any, client_as: Any
) -> None:
    case = served()
    item = services.confiscated_item_add(
        actor=demo_user("officer"),
        case=case,
        lock_version=case.lock_version,
        description="过期饮料",
        quantity="12",
        unit="瓶",
        value="36",
        storage_place="仓库B",
    )
    page = client_as("head").get("/execution/confiscated/?disposed=no").content.decode()
    assert "过期饮料" in page
    assert "过期饮料" not in client_as("cg_officer").get("/execution/confiscated/").content.decode()
    services.confiscated_item_dispose(
        actor=demo_user("head"), item=item, disposal="destroyed", disposed_on=TODAY
    )
    with pytest.raises(Conflict):
        services.confiscated_item_dispose(
            actor=demo_user("head"), item=item, disposal="auctioned", disposed_on=TODAY
        )
    assert ConfiscatedItem.objects.get(pk=item.pk).disposal == "destroyed"


def test_changing_a_published_decision_withdraws_it_from_the_portal_R_CASE_11_R_CASE_12(
    served: Any, demo_user: Any
) -> None:
    """APL 48 ¶2: a changed or revoked decision is withdrawn from publication; a 补正 is not."""
    from prudent.publication.models import Publication
    from prudent.publication.services import publication_publish

    case = served("60000.00")
    head = demo_user("head")
    pub = publication_publish(actor=head, case=case, on=case.decided_on)
    assert pub.withdrawn_on is None
    correct(case, head, kind="change", fine_yuan="55000")
    pub = Publication.objects.get(pk=pub.pk)
    assert pub.withdrawn_on == TODAY
    assert "变更" in pub.withdraw_reason
    assert pub.decision_changed_on == TODAY


def test_serving_a_penalty_writes_the_credit_record_and_revoking_withdraws_it_R_CRED_1(
    served: Any, demo_user: Any
) -> None:
    from prudent.credit.models import CreditRecord

    case = served("60000.00")
    record = CreditRecord.objects.get(case=case)
    assert record.withdrawn_on is None
    correct(case, demo_user("head"), kind="revoke", reasons="事实认定错误")
    record.refresh_from_db()
    assert record.withdrawn_on == TODAY
