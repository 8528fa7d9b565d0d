"""Writing execution records and corrections of a decision (issue #4 parts 7 and 8; R-CASE-9,
R-CASE-10, R-CASE-11).

Every service is keyword-only, validates all its input before writing (a `ValidationFailed`
naming each bad field), runs in ONE `transaction.atomic()` that locks the case (optimistic
locking through `lock_version`, as in the cases app), moves or annotates the case only through
`prudent.cases.services` (`case_transition`, `case_record`) inside that transaction, and appends
its audit event inside it.

罚缴分离 (APL 67): `payment_record` needs the bank and the bank's receipt number; nothing in this
module records money taken by an officer (APL 68 on-the-spot collection is out of scope).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from lawcore.decision.engine import TIER_ZH
from lawcore.rulebook.model import CommunityOffset, Tier
from lawcore.workflow import DecisionKind, ExecutionStatus, State
from prudent.cases import services as case_services
from prudent.cases.models import Case
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.execution.models import (
    CommunityServiceOffset,
    ConfiscatedItem,
    DecisionCorrection,
    Payment,
    PaymentArrangement,
    ReviewPeriod,
    SettlementAgreement,
)
from prudent.execution.selectors import ExecutionSummary, execution_summary, offset_rule

#: Who records execution (officers and the head of the department; never the enterprise).
RECORDERS = frozenset({Role.OFFICER, Role.HEAD})
APPROVERS = frozenset({Role.HEAD})
PAYABLE_STATES = frozenset({State.SERVED, State.EXECUTING})
CORRECTABLE_STATES = frozenset({State.DECIDED, State.SERVED, State.EXECUTING, State.CLOSED})
NO_PENALTY_TIERS = frozenset({Tier.NO_PENALTY.value, Tier.NOT_PUNISHABLE.value})
TEXT_MAX = 2000
CENT = Decimal("0.01")

Errors = dict[str, list[str]]


# ------------------------------------------------------------------------------------ helpers


def _require(actor: Any, roles: frozenset[Role], message: str) -> None:
    if user_role(actor) not in roles:
        raise Forbidden(message)


def _check_scope(actor: Any, case: Case) -> None:
    if not Case.objects.restrict(actor, Action.CHANGE).filter(pk=case.pk).exists():
        if Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists():
            raise Forbidden("您只能查看该案件，不能办理。")
        raise NotFound("案件不存在或不在您的办理范围内。")


def _date(value: object, name: str, label: str, errors: Errors, required: bool = True) -> Any:
    if value in (None, ""):
        if required:
            errors[name] = [f"请填写{label}"]
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[name] = [f"{label}不是有效日期（应为YYYY-MM-DD）"]
        return None


def _amount(
    value: object, name: str, label: str, errors: Errors, *, positive: bool = True
) -> Decimal | None:
    if value in (None, ""):
        if positive:
            errors[name] = [f"请填写{label}"]
            return None
        return Decimal("0.00")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        errors[name] = [f"{label}应为金额（元）"]
        return None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        errors[name] = [f"{label}应为大于零的金额" if positive else f"{label}不能为负数"]
        return None
    if amount != amount.quantize(CENT):
        errors[name] = [f"{label}最多保留两位小数"]
        return None
    return amount.quantize(CENT)


def _text(value: object, name: str, label: str, errors: Errors, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors[name] = [f"请填写{label}"]
    elif len(text) > TEXT_MAX:
        errors[name] = [f"{label}过长（不超过{TEXT_MAX}字）"]
    return text


def _choice(value: object, name: str, label: str, choices: Any, errors: Errors) -> str:
    text = str(value or "").strip()
    allowed = [c for c, _ in choices]
    if text not in allowed:
        errors[name] = [f"请选择{label}（可选：{'、'.join(str(v) for _, v in choices)}）"]
    return text


def _raise(errors: Errors, message: str = "输入有误，未保存。") -> None:
    if errors:
        raise ValidationFailed(message, errors=errors)


def _lock(case: Case, lock_version: object) -> Case:
    try:
        seen = int(str(lock_version))
    except (TypeError, ValueError):
        raise ValidationFailed.field("lock_version", "缺少或无效的版本号（lock_version）") from None
    row = Case.objects.select_for_update().select_related("department", "party").get(pk=case.pk)
    if row.lock_version != seen:
        raise Conflict(case_services.MSG_STALE, errors={"lock_version": [case_services.MSG_STALE]})
    return row


def _require_fine(row: Case, summary: ExecutionSummary) -> None:
    if summary.revoked:
        raise Conflict("该行政处罚决定已撤销，无需执行。")
    if not summary.penalty or not summary.has_fine:
        raise Conflict("该案件没有罚款决定，无需缴纳罚款。")
    if row.state_enum not in PAYABLE_STATES:
        raise Conflict(f"案件处于“{row.state_label}”，只有决定书送达后才能办理罚款的执行。")


def _status_changes(row: Case, summary: ExecutionSummary) -> dict[str, object]:
    """The snapshot's `execution` and `paid_on` as the rows now say."""
    snap = row.case_snapshot()
    status = snap.execution
    if summary.revoked or summary.settled:
        status = ExecutionStatus.COMPLETED
    elif status in (ExecutionStatus.COMPLETED, ExecutionStatus.PENDING):
        status = ExecutionStatus.PENDING
        if summary.arrangement is not None:
            status = (
                ExecutionStatus.INSTALMENTS
                if summary.arrangement.kind == PaymentArrangement.Kind.INSTALMENTS
                else ExecutionStatus.DEFERRED
            )
        if summary.settlements:
            status = ExecutionStatus.SETTLEMENT
    changes: dict[str, object] = {}
    if status is not snap.execution:
        changes["execution"] = status.value
    paid_on = summary.fine_paid_on if not summary.revoked else snap.paid_on
    if paid_on != snap.paid_on:
        changes["paid_on"] = paid_on.isoformat() if paid_on else None
    return changes


def _record(
    actor: Any,
    row: Case,
    summary_text: str,
    on: dt.date,
    changes: Mapping[str, object],
    data: Mapping[str, object],
) -> Case:
    return case_services.case_record(
        actor=actor,
        case=row,
        lock_version=row.lock_version,
        changes=dict(changes),
        summary=summary_text,
        on=on,
        data={"execution": dict(data)},
    )


def _scan_digest(scan: Any) -> str:
    sha = hashlib.sha256()
    for chunk in scan.chunks() if hasattr(scan, "chunks") else [scan.read()]:
        sha.update(chunk)
    scan.seek(0)
    return sha.hexdigest()


# ------------------------------------------------------------------------------------ payments


def payment_record(  # noqa: C901 - one check per field, all reported at once
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    amount: object,
    paid_on: object,
    bank: object,
    receipt_number: object,
    kind: str = Payment.Kind.FINE,
    receipt_scan: Any = None,
    note: str = "",
    on: dt.date | None = None,
) -> Payment:
    """Record a payment from the bank's receipt (罚缴分离, APL 67). The amount must not exceed
    what is outstanding (the fine, or the late-payment fine as of `paid_on`), the receipt number
    is unique, the date is neither before the decision nor in the future. A served case enters
    execution (`start_execution`); the case's execution status follows (completed when nothing
    is left to pay)."""
    on = on or timezone.localdate()
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以登记罚款缴纳。")
    _check_scope(actor, case)
    errors: Errors = {}
    kind = _choice(kind, "kind", "缴款类别", Payment.Kind.choices, errors)
    value = _amount(amount, "amount", "缴款金额", errors)
    day = _date(paid_on, "paid_on", "缴款日期", errors)
    bank_name = _text(bank, "bank", "代收银行（罚缴分离：罚款只能缴入银行）", errors)
    receipt = _text(receipt_number, "receipt_number", "银行缴款凭证号", errors)
    note = _text(note, "note", "备注", errors, required=False)[:300]
    if len(bank_name) > 100:
        errors["bank"] = ["代收银行名称过长（不超过100字）"]
    if len(receipt) > 60:
        errors["receipt_number"] = ["缴款凭证号过长（不超过60字）"]
    if day is not None and day > on:
        errors["paid_on"] = ["缴款日期不能晚于今天"]
    if day is not None and case.decided_on is not None and day < case.decided_on:
        errors["paid_on"] = [f"缴款日期不能早于决定日期（{case.decided_on.isoformat()}）"]
    if receipt and Payment.objects.filter(receipt_number=receipt).exists():
        errors["receipt_number"] = [f"缴款凭证号“{receipt}”已登记过，不能重复登记"]
    _raise(errors, "缴款信息有误，未保存。")
    assert value is not None
    assert day is not None
    digest = _scan_digest(receipt_scan) if receipt_scan else ""
    with transaction.atomic():
        row = _lock(case, lock_version)
        summary = execution_summary(row, day)
        _require_fine(row, summary)
        if kind == Payment.Kind.FINE:
            if value > summary.outstanding_fine:
                raise ValidationFailed.field(
                    "amount", f"缴款金额{value}元超过尚未缴纳的罚款{summary.outstanding_fine}元"
                )
        elif value > summary.late_outstanding:
            raise ValidationFailed.field(
                "amount",
                f"缴款金额{value}元超过截至{day.isoformat()}尚未缴纳的加处罚款{summary.late_outstanding}元",
            )
        if row.state_enum is State.SERVED:
            row = case_services.case_transition(
                actor=actor, case=row, name="start_execution", lock_version=row.lock_version, on=on
            )
        payment = Payment(
            case=row,
            kind=kind,
            amount=value,
            paid_on=day,
            bank=bank_name,
            receipt_number=receipt,
            receipt_sha256=digest,
            note=note,
            recorded_by=actor,
        )
        if receipt_scan:
            payment.receipt_scan.save(
                getattr(receipt_scan, "name", "receipt"), File(receipt_scan), save=False
            )
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:
            raise Conflict(
                f"缴款凭证号“{receipt}”已登记过，不能重复登记",
                errors={"receipt_number": ["缴款凭证号已登记过"]},
            ) from None
        after = execution_summary(row, on)
        label = Payment.Kind(kind).label
        row = _record(
            actor,
            row,
            f"登记{label}缴纳 {value}元（{bank_name}，凭证号 {receipt}）",
            on,
            _status_changes(row, after),
            {"payment": payment.pk, "amount": str(value), "receipt_number": receipt},
        )
        audit_append(
            actor=actor,
            action="execution_payment",
            object_type="execution.payment",
            object_id=payment.pk,
            after={
                "case": row.number,
                "kind": kind,
                "amount": str(value),
                "paid_on": day.isoformat(),
                "bank": bank_name,
                "receipt_number": receipt,
                "receipt_sha256": digest,
            },
            summary=f"{row.number} 登记{label}缴纳 {value}元，凭证号 {receipt}",
        )
    return payment


# ------------------------------------------------------------------------- deferral, instalments


def arrangement_apply(  # noqa: C901 - one check per field, all reported at once
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    kind: str,
    applied_on: object,
    reason: object,
    deferral_until: object = None,
    schedule: object = None,
    on: dt.date | None = None,
) -> PaymentArrangement:
    """Register the party's application to defer or pay in instalments (APL 66 ¶2), for
    确有经济困难. A deferral gives its end date; instalments a schedule of {due, amount} summing
    to the unpaid fine. It takes effect when the head approves it (`arrangement_approve`)."""
    from prudent.execution.calc import parse_schedule

    on = on or timezone.localdate()
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以登记暂缓或分期缴纳申请。")
    _check_scope(actor, case)
    errors: Errors = {}
    kind = _choice(kind, "kind", "暂缓或分期", PaymentArrangement.Kind.choices, errors)
    applied = _date(applied_on, "applied_on", "申请日期", errors)
    text = _text(reason, "reason", "申请理由（确有经济困难的情况）", errors)
    if applied is not None and applied > on:
        errors["applied_on"] = ["申请日期不能晚于今天"]
    until = None
    if kind == PaymentArrangement.Kind.DEFERRAL:
        until = _date(deferral_until, "deferral_until", "暂缓缴纳的截止日期", errors)
    _raise(errors, "暂缓或分期缴纳申请有误，未保存。")
    with transaction.atomic():
        row = _lock(case, lock_version)
        summary = execution_summary(row, on)
        _require_fine(row, summary)
        if summary.outstanding_fine == 0:
            raise Conflict("罚款已缴清，无需暂缓或分期缴纳。")
        if summary.pending:
            raise Conflict("已有待审批的暂缓或分期缴纳申请，请先由部门负责人审批。")
        if summary.arrangement is not None:
            raise Conflict("已批准暂缓或分期缴纳，不能重复申请。")
        assert applied is not None
        assert summary.original_due is not None
        if row.decided_on and applied < row.decided_on:
            errors["applied_on"] = ["申请日期不能早于决定日期"]
        rows: list[dict[str, str]] = []
        if kind == PaymentArrangement.Kind.DEFERRAL:
            if until is not None and until <= summary.original_due:
                errors["deferral_until"] = [
                    f"暂缓缴纳的截止日期应晚于原缴款期限（{summary.original_due.isoformat()}）"
                ]
        else:
            parsed, problems = parse_schedule(
                schedule, total=summary.outstanding_fine, not_before=applied
            )
            if problems:
                errors["schedule"] = problems
            elif parsed[-1].due <= summary.original_due:
                errors["schedule"] = [
                    f"最后一期的缴纳期限应晚于原缴款期限（{summary.original_due.isoformat()}）"
                ]
            rows = [{"due": i.due.isoformat(), "amount": str(i.amount)} for i in parsed]
        _raise(errors, "暂缓或分期缴纳申请有误，未保存。")
        arrangement = PaymentArrangement.objects.create(
            case=row,
            kind=kind,
            applied_on=applied,
            reason=text,
            deferral_until=until,
            schedule=rows,
            recorded_by=actor,
        )
        label = PaymentArrangement.Kind(kind).label
        row = _record(
            actor,
            row,
            f"登记当事人{label}罚款申请（待部门负责人审批）",
            on,
            {},
            {"arrangement": arrangement.pk, "kind": kind},
        )
        audit_append(
            actor=actor,
            action="execution_arrangement_apply",
            object_type="execution.paymentarrangement",
            object_id=arrangement.pk,
            after={
                "case": row.number,
                "kind": kind,
                "deferral_until": str(until or ""),
                "schedule": rows,
            },
            summary=f"{row.number} 登记{label}罚款申请",
        )
    return arrangement


def arrangement_approve(
    *,
    actor: Any,
    arrangement: PaymentArrangement,
    lock_version: object,
    approve: object,
    note: str = "",
    on: dt.date | None = None,
) -> PaymentArrangement:
    """The head of the department approves (or refuses, with a note) a deferral or instalments
    (APL 66 ¶2). Approval sets the case's deferred due date (the end of the deferral or of the
    last instalment): the late-payment fine and the court-enforcement period run from it."""
    on = on or timezone.localdate()
    _require(actor, APPROVERS, "暂缓或分期缴纳罚款须经部门负责人批准。")
    case = Case.objects.get(pk=arrangement.case_id)
    _check_scope(actor, case)
    errors: Errors = {}
    if approve in (True, "true", "1", "yes", "approve"):
        approved = True
    elif approve in (False, "false", "0", "no", "refuse"):
        approved = False
    else:
        errors["approve"] = ["请选择批准或不予批准"]
        approved = False
    note = _text(
        note, "note", "审批意见", errors, required=approve in (False, "false", "0", "no", "refuse")
    )
    _raise(errors, "审批意见有误，未保存。")
    with transaction.atomic():
        row = _lock(case, lock_version)
        current = PaymentArrangement.objects.select_for_update().get(pk=arrangement.pk)
        if current.status != PaymentArrangement.Status.APPLIED:
            raise Conflict(f"该申请已{current.get_status_display()}，不能再次审批。")
        current.status = (
            PaymentArrangement.Status.APPROVED if approved else PaymentArrangement.Status.REFUSED
        )
        current.approved_by = actor
        current.approved_on = on
        current.approval_note = note
        current.save()
        changes: dict[str, object] = {}
        if approved:
            summary = execution_summary(row, on)
            _require_fine(row, summary)
            changes = {
                "deferral_approved": True,
                "payment_deferred_until": current.end_date.isoformat(),
                **_status_changes(row, summary),
            }
        label = current.get_kind_display()
        verdict = "批准" if approved else "不予批准"
        row = _record(
            actor,
            row,
            f"部门负责人{verdict}{label}罚款"
            + (f"（至{current.end_date}）" if approved else f"：{note}"),
            on,
            changes,
            {"arrangement": current.pk, "approved": approved},
        )
        audit_append(
            actor=actor,
            action="execution_arrangement_approve" if approved else "execution_arrangement_refuse",
            object_type="execution.paymentarrangement",
            object_id=current.pk,
            before={"status": PaymentArrangement.Status.APPLIED},
            after={"status": current.status, "end_date": str(current.end_date), "note": note},
            summary=f"{row.number} {verdict}{label}罚款",
        )
    return current


# -------------------------------------------------------------------- settlement, review periods


def settlement_record(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    agreed_on: object,
    terms: object,
    parties: object,
    late_fine_waived: object = None,
    on: dt.date | None = None,
) -> SettlementAgreement:
    """An execution settlement agreement (执行和解). `late_fine_waived` may reduce the late-payment
    fine, never the fine itself."""
    on = on or timezone.localdate()
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以登记执行和解协议。")
    _check_scope(actor, case)
    errors: Errors = {}
    day = _date(agreed_on, "agreed_on", "协议日期", errors)
    text = _text(terms, "terms", "协议内容", errors)
    who = _text(parties, "parties", "协议各方", errors)[:300]
    waived = _amount(late_fine_waived, "late_fine_waived", "减免的加处罚款", errors, positive=False)
    if day is not None and day > on:
        errors["agreed_on"] = ["协议日期不能晚于今天"]
    _raise(errors, "执行和解协议有误，未保存。")
    assert day is not None
    assert waived is not None
    with transaction.atomic():
        row = _lock(case, lock_version)
        summary = execution_summary(row, on)
        _require_fine(row, summary)
        if row.decided_on and day < row.decided_on:
            raise ValidationFailed.field("agreed_on", "协议日期不能早于决定日期")
        if waived > summary.late_outstanding:
            raise ValidationFailed.field(
                "late_fine_waived",
                f"减免的加处罚款{waived}元超过尚未缴纳的加处罚款{summary.late_outstanding}元",
            )
        settlement = SettlementAgreement.objects.create(
            case=row,
            agreed_on=day,
            terms=text,
            parties=who,
            late_fine_waived=waived,
            recorded_by=actor,
        )
        after = execution_summary(row, on)
        changes = _status_changes(row, after)
        if not after.settled:
            changes["execution"] = ExecutionStatus.SETTLEMENT.value
        row = _record(
            actor,
            row,
            f"登记执行和解协议（{day.isoformat()}）",
            on,
            changes,
            {"settlement": settlement.pk},
        )
        audit_append(
            actor=actor,
            action="execution_settlement",
            object_type="execution.settlementagreement",
            object_id=settlement.pk,
            after={
                "case": row.number,
                "agreed_on": day.isoformat(),
                "terms": text,
                "late_fine_waived": str(waived),
            },
            summary=f"{row.number} 登记执行和解协议",
        )
    return settlement


def review_period_record(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    kind: str,
    started_on: object,
    ended_on: object = None,
    note: str = "",
    on: dt.date | None = None,
) -> ReviewPeriod:
    """A 行政复议 or 行政诉讼 period; its days add no late-payment fine (APL 73 ¶3). Recording the
    end of a running period of the same kind closes it."""
    on = on or timezone.localdate()
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以登记复议、诉讼期间。")
    _check_scope(actor, case)
    errors: Errors = {}
    kind = _choice(kind, "kind", "复议或诉讼", ReviewPeriod.Kind.choices, errors)
    start = _date(started_on, "started_on", "申请复议或起诉日期", errors)
    end = _date(ended_on, "ended_on", "结束日期", errors, required=False)
    note = _text(note, "note", "说明", errors, required=False)[:300]
    if start is not None and start > on:
        errors["started_on"] = ["申请复议或起诉日期不能晚于今天"]
    if start is not None and end is not None and end < start:
        errors["ended_on"] = ["结束日期不能早于申请复议或起诉日期"]
    if start is not None and case.decided_on is not None and start < case.decided_on:
        errors["started_on"] = ["申请复议或起诉日期不能早于决定日期"]
    _raise(errors, "复议、诉讼期间有误，未保存。")
    with transaction.atomic():
        row = _lock(case, lock_version)
        running = ReviewPeriod.objects.filter(case=row, kind=kind, ended_on__isnull=True).first()
        if running is not None and running.started_on == start:
            if end is None:
                raise ValidationFailed.field("ended_on", "该期间已登记，请填写结束日期")
            running.ended_on = end
            running.save(update_fields=["ended_on"])
            period = running
        else:
            if running is not None:
                raise Conflict("同类期间尚未结束，请先登记其结束日期。")
            period = ReviewPeriod.objects.create(
                case=row, kind=kind, started_on=start, ended_on=end, note=note, recorded_by=actor
            )
        label = ReviewPeriod.Kind(kind).label
        row = _record(
            actor,
            row,
            f"登记{label}期间 {start}–{end or '进行中'}（期间不计加处罚款）",
            on,
            _status_changes(row, execution_summary(row, on)) if row.decided_on else {},
            {"review_period": period.pk},
        )
        audit_append(
            actor=actor,
            action="execution_review_period",
            object_type="execution.reviewperiod",
            object_id=period.pk,
            after={
                "case": row.number,
                "kind": kind,
                "started_on": str(start),
                "ended_on": str(end or ""),
            },
            summary=f"{row.number} 登记{label}期间",
        )
    return period


# ------------------------------------------------------------------------ confiscated items


def confiscated_item_add(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    description: object,
    quantity: object,
    unit: object,
    value: object,
    storage_place: object,
    on: dt.date | None = None,
) -> ConfiscatedItem:
    """Enter a confiscated item in the department's register (a decided case only)."""
    on = on or timezone.localdate()
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以登记没收物品。")
    _check_scope(actor, case)
    errors: Errors = {}
    desc = _text(description, "description", "物品名称及描述", errors)[:300]
    qty: Decimal | None = None
    try:
        qty = Decimal(str(quantity).strip())
        if not qty.is_finite() or qty <= 0:
            raise InvalidOperation
    except InvalidOperation:
        errors["quantity"] = ["数量应为大于零的数字"]
    unit_text = _text(unit, "unit", "单位", errors)[:20]
    worth = _amount(value, "value", "估值", errors, positive=False)
    place = _text(storage_place, "storage_place", "存放地点", errors)[:200]
    _raise(errors, "没收物品信息有误，未保存。")
    with transaction.atomic():
        row = _lock(case, lock_version)
        if row.decided_on is None:
            raise Conflict("案件尚未作出决定，不能登记没收物品。")
        item = ConfiscatedItem.objects.create(
            case=row,
            department=row.department,
            description=desc,
            quantity=qty,
            unit=unit_text,
            value=worth,
            storage_place=place,
            recorded_by=actor,
        )
        row = _record(
            actor,
            row,
            f"登记没收物品：{desc} {qty}{unit_text}（存放于{place}）",
            on,
            {},
            {"item": item.pk},
        )
        audit_append(
            actor=actor,
            action="execution_confiscated_add",
            object_type="execution.confiscateditem",
            object_id=item.pk,
            after={
                "case": row.number,
                "description": desc,
                "quantity": str(qty),
                "unit": unit_text,
                "value": str(worth),
                "storage_place": place,
            },
            summary=f"{row.number} 登记没收物品 {desc}",
        )
    return item


def confiscated_item_dispose(
    *,
    actor: Any,
    item: ConfiscatedItem,
    disposal: str,
    disposed_on: object,
    note: object = "",
    on: dt.date | None = None,
) -> ConfiscatedItem:
    """Record how and when a confiscated item was disposed of (once)."""
    on = on or timezone.localdate()
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以登记没收物品的处置。")
    case = Case.objects.get(pk=item.case_id)
    _check_scope(actor, case)
    errors: Errors = {}
    disposal = _choice(disposal, "disposal", "处置方式", ConfiscatedItem.Disposal.choices, errors)
    day = _date(disposed_on, "disposed_on", "处置日期", errors)
    text = _text(
        note, "note", "处置说明", errors, required=disposal == ConfiscatedItem.Disposal.OTHER
    )
    if day is not None and day > on:
        errors["disposed_on"] = ["处置日期不能晚于今天"]
    if day is not None and case.decided_on is not None and day < case.decided_on:
        errors["disposed_on"] = ["处置日期不能早于决定日期"]
    _raise(errors, "处置信息有误，未保存。")
    with transaction.atomic():
        current = ConfiscatedItem.objects.select_for_update().get(pk=item.pk)
        if current.disposal:
            raise Conflict(
                f"该物品已于{current.disposed_on}{current.get_disposal_display()}，不能重复处置。"
            )
        current.disposal = disposal
        current.disposed_on = day
        current.disposal_note = text
        current.disposed_by = actor
        current.save()
        audit_append(
            actor=actor,
            action="execution_confiscated_dispose",
            object_type="execution.confiscateditem",
            object_id=current.pk,
            before={"disposal": ""},
            after={"disposal": disposal, "disposed_on": str(day), "note": text},
            summary=f"{case.number} 没收物品“{current.description}”{current.get_disposal_display()}",
        )
    return current


# ------------------------------------------------------------------------ community service


def community_service_allowed(case: Case) -> tuple[bool, str, CommunityOffset | None]:
    """公益抵罚 only where the rulebook item the case relies on allows it (the item's
    `community_service_offset`, docs/rulebook-format.md); the item as the engine picks it for the
    violation date. Returns (allowed, message when not, the item's offset rule)."""
    return offset_rule(case)


def _offset_basics(actor: Any, case: Case) -> CommunityOffset:
    _require(actor, RECORDERS, "只有执法人员和部门负责人可以办理公益抵罚。")
    _check_scope(actor, case)
    allowed, message, rule = offset_rule(case)
    if not allowed or rule is None:
        raise ValidationFailed.field("community_service", message)
    return rule


def community_offset_record(
    *,
    actor: Any,
    case: Case,
    lock_version: object = None,
    description: object = "",
    hours: object = None,
    offset_amount: object = None,
    applied_on: object = None,
    on: dt.date | None = None,
) -> CommunityServiceOffset:
    """Record the party's application to offset part of the fine by community service (activity,
    hours, value). With the item's `yuan_per_hour` the value is hours × rate (a value given that
    differs is refused); else the value is required. Every offset not yet refused counts towards
    the item's `max_share` of the fine, and the value may not exceed what is outstanding."""
    on = on or timezone.localdate()
    rule = _offset_basics(actor, case)
    errors: Errors = {}
    what = _text(description, "description", "公益服务内容", errors)
    day = _date(applied_on, "applied_on", "申请日期", errors, required=False) or on
    count: int | None = None
    try:
        count = int(str(hours).strip())
        if count <= 0 or count > 1000:
            errors["hours"] = ["服务时长应为1至1000小时"]
            count = None
    except ValueError:
        errors["hours"] = ["请填写服务时长（整数小时）"]
    given = (
        _amount(offset_amount, "offset_amount", "抵扣金额", errors)
        if offset_amount not in (None, "")
        else None
    )
    value: Decimal | None = given
    if rule.yuan_per_hour is not None and count is not None:
        value = (rule.yuan_per_hour * count).quantize(CENT)
        if given is not None and given != value:
            errors["offset_amount"] = [
                f"抵扣金额按清单规定为每小时{rule.yuan_per_hour}元，{count}小时应为{value}元"
            ]
    elif rule.yuan_per_hour is None and given is None and "offset_amount" not in errors:
        errors["offset_amount"] = ["请填写抵扣金额（元）"]
    if day > on:
        errors["applied_on"] = ["申请日期不能晚于今天"]
    _raise(errors, "公益抵罚申请有误，未保存。")
    assert value is not None
    assert count is not None
    with transaction.atomic():
        row = _lock(case, lock_version)
        summary = execution_summary(row, on)
        _require_fine(row, summary)
        cap = (summary.fine or Decimal(0)) * rule.max_share
        cap = cap.quantize(CENT)
        used = sum((o.offset_amount for o in summary.offsets), Decimal("0.00"))
        if used + value > cap:
            raise ValidationFailed.field(
                "offset_amount",
                f"公益抵罚最多抵扣罚款的{rule.max_share * 100:.0f}%（{cap}元），"
                f"已申请{used}元，本次{value}元超出",
            )
        pending = sum(
            (o.offset_amount for o in summary.offsets if o.status != o.Status.COMPLETED),
            Decimal("0.00"),
        )
        if value + pending > summary.outstanding_fine:
            raise ValidationFailed.field(
                "offset_amount",
                f"抵扣金额{value}元超过尚未缴纳的罚款{summary.outstanding_fine - pending}元",
            )
        offset = CommunityServiceOffset.objects.create(
            case=row,
            description=what,
            hours=count,
            offset_amount=value,
            applied_on=day,
            basis=rule.basis,
            recorded_by=actor,
        )
        row = _record(
            actor,
            row,
            f"登记公益抵罚申请：{what}，{count}小时，拟抵扣{value}元",
            on,
            {},
            {"community_offset": offset.pk, "hours": count, "amount": str(value)},
        )
        audit_append(
            actor=actor,
            action="execution_community_offset_apply",
            object_type="execution.communityserviceoffset",
            object_id=offset.pk,
            after={
                "case": row.number,
                "description": what,
                "hours": count,
                "amount": str(value),
                "basis": rule.basis,
            },
            summary=f"{row.number} 公益抵罚申请 {count}小时 {value}元",
        )
    return offset


def _offset_step(
    *, actor: Any, offset: CommunityServiceOffset, lock_version: object, on: dt.date
) -> tuple[Case, CommunityServiceOffset]:
    row = _lock(offset.case, lock_version)
    current = CommunityServiceOffset.objects.select_for_update().get(pk=offset.pk)
    summary = execution_summary(row, on)
    _require_fine(row, summary)
    return row, current


def community_offset_approve(
    *,
    actor: Any,
    offset: CommunityServiceOffset,
    lock_version: object,
    on: dt.date | None = None,
) -> CommunityServiceOffset:
    """The head approves an application (applied → approved)."""
    on = on or timezone.localdate()
    _require(actor, APPROVERS, "公益抵罚须由部门负责人批准。")
    _offset_basics(actor, offset.case)
    with transaction.atomic():
        row, current = _offset_step(actor=actor, offset=offset, lock_version=lock_version, on=on)
        if current.status != CommunityServiceOffset.Status.APPLIED:
            raise Conflict(f"该公益抵罚申请{current.get_status_display()}，不能再批准。")
        current.status = CommunityServiceOffset.Status.APPROVED
        current.approved_by = actor
        current.approved_on = on
        current.save()
        row = _record(
            actor,
            row,
            f"批准公益抵罚：{current.description}，{current.hours}小时，{current.offset_amount}元",
            on,
            {},
            {"community_offset": current.pk, "approved_on": on.isoformat()},
        )
        audit_append(
            actor=actor,
            action="execution_community_offset_approve",
            object_type="execution.communityserviceoffset",
            object_id=current.pk,
            before={"status": "applied"},
            after={"status": "approved", "approved_on": on.isoformat()},
            summary=f"{row.number} 批准公益抵罚 {current.offset_amount}元",
        )
    return current


def community_offset_complete(
    *,
    actor: Any,
    offset: CommunityServiceOffset,
    lock_version: object,
    completed_on: object,
    completion_record: object,
    on: dt.date | None = None,
) -> CommunityServiceOffset:
    """Record that the approved service was done (approved → completed): from then on its value
    reduces the outstanding fine; the case's execution status follows (completed when nothing is
    left to pay)."""
    on = on or timezone.localdate()
    _offset_basics(actor, offset.case)
    errors: Errors = {}
    day = _date(completed_on, "completed_on", "完成日期", errors)
    record = _text(
        completion_record, "completion_record", "完成情况记录（服务单位、核实人）", errors
    )
    if day is not None and day > on:
        errors["completed_on"] = ["完成日期不能晚于今天"]
    if day is not None and offset.approved_on is not None and day < offset.approved_on:
        errors["completed_on"] = [f"完成日期不能早于批准日期（{offset.approved_on.isoformat()}）"]
    _raise(errors, "公益抵罚完成情况有误，未保存。")
    assert day is not None
    with transaction.atomic():
        row, current = _offset_step(actor=actor, offset=offset, lock_version=lock_version, on=on)
        if current.status != CommunityServiceOffset.Status.APPROVED:
            raise Conflict("公益抵罚须先经部门负责人批准，才能登记完成。")
        current.status = CommunityServiceOffset.Status.COMPLETED
        current.completed_on = day
        current.completion_record = record
        current.save()
        if row.state_enum is State.SERVED:
            row = case_services.case_transition(
                actor=actor, case=row, name="start_execution", lock_version=row.lock_version, on=on
            )
        after = execution_summary(row, on)
        row = _record(
            actor,
            row,
            f"公益抵罚完成：抵扣罚款{current.offset_amount}元（{current.hours}小时）",
            on,
            _status_changes(row, after),
            {"community_offset": current.pk, "completed_on": day.isoformat()},
        )
        audit_append(
            actor=actor,
            action="execution_community_offset_complete",
            object_type="execution.communityserviceoffset",
            object_id=current.pk,
            before={"status": "approved"},
            after={"status": "completed", "completed_on": day.isoformat(), "record": record},
            summary=f"{row.number} 公益抵罚完成，抵扣罚款{current.offset_amount}元",
        )
    return current


# ---------------------------------------------------------------------------- corrections


def decision_correct(  # noqa: C901 - one check per field and kind, all reported
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    kind: str,
    reasons: object,
    hearing_on: object,
    hearing_record: object,
    corrected_on: object = None,
    tier: object = None,
    fine_yuan: object = None,
    amendment: object = "",
    on: dt.date | None = None,
) -> DecisionCorrection:
    """Revoke (撤销), amend (补正) or change (变更) a decision, after hearing the party, with
    reasons (R-CASE-11). The case's `decision` becomes the corrected one; the correction row keeps
    the decision before and after, so the original stays in the record. A change may set a new
    tier and/or fine (not a no-penalty tier: that is a revocation); an amendment states what was
    corrected. The snapshot's `decision_changed_on` is set (publication is withdrawn from it)."""
    on = on or timezone.localdate()
    _require(actor, APPROVERS, "纠正行政处罚决定须由部门负责人办理。")
    _check_scope(actor, case)
    errors: Errors = {}
    kind = _choice(kind, "kind", "纠正方式", DecisionCorrection.Kind.choices, errors)
    why = _text(reasons, "reasons", "纠正理由", errors)
    heard = _date(
        hearing_on, "hearing_on", "听取当事人意见的日期（纠正前须听取当事人意见）", errors
    )
    record = _text(hearing_record, "hearing_record", "当事人陈述意见的记录", errors)
    day = _date(corrected_on, "corrected_on", "纠正日期", errors, required=False) or on
    new_tier = str(tier or "").strip()
    new_fine = None
    text = ""
    if day > on:
        errors["corrected_on"] = ["纠正日期不能晚于今天"]
    if heard is not None and heard > day:
        errors["hearing_on"] = ["须在纠正决定之前听取当事人意见"]
    if kind == DecisionCorrection.Kind.CHANGE:
        if new_tier and new_tier not in {t.value for t in TIER_ZH}:
            errors["tier"] = [f"裁量阶次“{new_tier}”无效"]
        elif new_tier in NO_PENALTY_TIERS:
            errors["tier"] = ["改为不予处罚的，请选择“撤销”"]
        if fine_yuan not in (None, ""):
            new_fine = _amount(fine_yuan, "fine_yuan", "变更后的罚款金额", errors)
        if not new_tier and fine_yuan in (None, ""):
            errors["tier"] = ["变更决定须写明变更后的裁量阶次或罚款金额"]
    if kind == DecisionCorrection.Kind.AMEND:
        text = _text(amendment, "amendment", "补正的内容", errors)
    _raise(errors, "纠正决定的内容有误，未保存。")
    assert heard is not None
    with transaction.atomic():
        row = _lock(case, lock_version)
        before = dict(row.decision or {})
        if not before or row.state_enum not in CORRECTABLE_STATES:
            raise Conflict(f"案件处于“{row.state_label}”，没有可以纠正的决定。")
        if before.get("revoked"):
            raise Conflict("该决定已撤销，不能再纠正。")
        if row.decided_on and heard < row.decided_on:
            raise ValidationFailed.field("hearing_on", "听取当事人意见的日期不能早于决定日期")
        summary = execution_summary(row, on)
        seq = DecisionCorrection.objects.filter(case=row).count() + 1
        after: dict[str, object] = {**before}
        changes: dict[str, object] = {"decision_changed_on": day.isoformat()}
        if kind == DecisionCorrection.Kind.REVOKE:
            after["revoked"] = True
            after["revoked_on"] = day.isoformat()
        elif kind == DecisionCorrection.Kind.AMEND:
            after["amendments"] = [
                *(before.get("amendments") or []),
                {"on": day.isoformat(), "text": text},
            ]
        else:
            if row.snapshot.get("decision_kind") != DecisionKind.PENALTY.value:
                raise Conflict("不予行政处罚决定不能变更为行政处罚，请撤销后重新调查处理。")
            if new_tier:
                after["tier"] = new_tier
                after["tier_zh"] = TIER_ZH[Tier(new_tier)]
            if new_fine is not None:
                if new_fine < summary.paid_fine:
                    raise ValidationFailed.field(
                        "fine_yuan",
                        f"变更后的罚款{new_fine}元少于已缴纳的{summary.paid_fine}元，须先办理退库",
                    )
                after["fine_yuan"] = str(new_fine)
                changes["fine_yuan"] = str(new_fine)
            if after == before:
                raise ValidationFailed.field("tier", "变更后的决定与原决定相同")
        after["correction"] = {"seq": seq, "kind": kind, "on": day.isoformat()}
        correction = DecisionCorrection.objects.create(
            case=row,
            kind=kind,
            reasons=why,
            hearing_on=heard,
            hearing_record=record,
            before=before,
            after=after,
            corrected_on=day,
            recorded_by=actor,
        )
        label = DecisionCorrection.Kind(kind).label
        row = case_services.case_record(
            actor=actor,
            case=row,
            lock_version=row.lock_version,
            changes=changes,
            summary=f"{label}行政处罚决定：{why}",
            on=on,
            data={"correction": correction.pk, "kind": kind, "before": before, "after": after},
            decision=after,
        )
        status = _status_changes(row, execution_summary(row, on))
        if status and row.state_enum in PAYABLE_STATES:
            row = _record(
                actor, row, "执行状态随纠正后的决定更新", on, status, {"correction": correction.pk}
            )
        audit_append(
            actor=actor,
            action=f"execution_decision_{kind}",
            object_type="cases.case",
            object_id=row.pk,
            before={"decision": before},
            after={"decision": after, "correction": correction.pk},
            summary=f"{row.number} {label}行政处罚决定（已听取当事人意见）",
        )
        if kind != DecisionCorrection.Kind.AMEND:
            # APL 48 ¶2: a changed or revoked decision leaves the portal (补正 only fixes wording).
            from prudent.publication.services import publication_decision_changed

            publication_decision_changed(
                actor=actor, case=row, changed_on=day, reason=f"{label}行政处罚决定：{why}", on=on
            )
            if kind == DecisionCorrection.Kind.REVOKE:
                # a revoked decision leaves no credit record behind (R-CRED-1, R-CASE-11)
                from prudent.credit.services import credit_decision_revoked

                credit_decision_revoked(
                    actor=actor, case=row, reason=f"{label}行政处罚决定：{why}", on=on
                )
    return correction
