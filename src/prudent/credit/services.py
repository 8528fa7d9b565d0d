"""Credit records, repair and objections (issue #5 part 8; R-CRED-1…5, R-PUB-4).

Each service is ONE transaction with `audit_append` inside, and validates everything before it
writes (a refusal writes nothing).

- `credit_record_from_case(actor, case, on=)` — **for other apps**: the cases / publication flow
  should call it when a penalty decision is served (the cases app is not changed by this app;
  `prudent credit sync` creates what is missing meanwhile). A decision imposing no penalty gives
  no record (R-CRED-5) and returns None; a case that already has one returns it. No role check:
  the caller has made its own.
- `credit_sync(on=)` — records for every decided penalty case that has none (`prudent credit sync`).
- `repair_apply(...)` — the enterprise (its own record) or a head of the department (a paper
  application) applies; refused with every reason when `lawcore.credit.repair_eligibility` says
  not yet. A fast lane for small firms hit by emergencies (R-CRED-4) needs its reason and gets
  the shorter review period.
- `repair_review(...)` — a head approves (the record stops being published that day) or refuses
  (with reasons).
- `objection_submit(...)`, `objection_answer(...)` — the enterprise objects; a head answers by the
  due date (N working days, `PRUDENT_CREDIT_OBJECTION_WORKING_DAYS`); an upheld objection withdraws
  the record.
- `credit_decision_revoked(actor, case, on, reason)` — for the corrections flow: the decision was
  changed or revoked → the record is withdrawn.
- `credit_expire(on)` — automatic withdrawal the day after the maximum period (`prudent credit
  expire`, daily).
- `inspection_result_enter(inspection)` — **for prudent.inspections**: the published result of an
  inspection enters the entity's credit file as an `InspectionResultEntry` (抽查检查信息), inside
  the caller's transaction; not a `CreditRecord` (see the model's docstring).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lawcore.credit import (
    CreditError,
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
from lawcore.law.kinds import PartyKind, PenaltyKind
from lawcore.workflow import State
from prudent.calendars.services import current_calendar
from prudent.cases.models import Case
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.credit.models import (
    CreditRecord,
    InspectionResultEntry,
    Objection,
    RepairApplication,
)
from prudent.publication.services import (
    PENALTY_LABELS,
    party_is_minor,
    penalty_content,
    penalty_kinds,
    procedure_kind,
)

#: States in which a decision exists.
DECIDED_STATES = frozenset(
    {State.DECIDED, State.SERVED, State.EXECUTING, State.CLOSED, State.ARCHIVED}
)
TEXT_MAX = 2000

#: Working days to answer an objection. procedure.md does not give the period; 15 working days is
#: this project's default (UNVERIFIED), set `PRUDENT_CREDIT_OBJECTION_WORKING_DAYS` to change it.
DEFAULT_OBJECTION_WORKING_DAYS = 15
#: Working days to review a repair application, and in the fast lane (UNVERIFIED defaults).
DEFAULT_REPAIR_WORKING_DAYS = 15
DEFAULT_FAST_LANE_WORKING_DAYS = 3


def objection_working_days() -> int:
    return int(
        getattr(settings, "PRUDENT_CREDIT_OBJECTION_WORKING_DAYS", DEFAULT_OBJECTION_WORKING_DAYS)
    )


def repair_working_days(fast_lane: bool) -> int:
    if fast_lane:
        return int(
            getattr(
                settings, "PRUDENT_CREDIT_FAST_LANE_WORKING_DAYS", DEFAULT_FAST_LANE_WORKING_DAYS
            )
        )
    return int(getattr(settings, "PRUDENT_CREDIT_REPAIR_WORKING_DAYS", DEFAULT_REPAIR_WORKING_DAYS))


def _state(r: CreditRecord) -> dict[str, object]:
    return {
        "entity": r.entity_id,
        "case": r.case_id,
        "severity": r.severity,
        "regime": r.regime,
        "decided_on": r.decided_on.isoformat(),
        "min_end": r.min_end.isoformat(),
        "max_end": r.max_end.isoformat(),
        "published": r.published,
        "withdrawn_on": r.withdrawn_on.isoformat() if r.withdrawn_on else None,
        "withdraw_kind": r.withdraw_kind,
    }


def record_facts(record: CreditRecord) -> RecordFacts:
    return RecordFacts(
        Severity(record.severity),
        record.decided_on,
        record.min_end,
        record.max_end,
        RegimeId(record.regime),
        record.withdrawn_on,
        record.repairable,
    )


def eligibility(
    record: CreditRecord, on: dt.date, obligations_fulfilled: bool, commitment_signed: bool
) -> Eligible | NotYet:
    return repair_eligibility(record_facts(record), on, obligations_fulfilled, commitment_signed)


# ------------------------------------------------------------------------------ from a case


def _fine(case: Case) -> Decimal | None:
    raw = (case.decision or {}).get("fine_yuan")
    if raw in (None, ""):
        return None
    return Decimal(str(raw))


def _build(case: Case) -> CreditRecord | None:
    """The unsaved record for a decided case, or None when it imposes no penalty."""
    kinds = penalty_kinds(case)
    if not creates_record(kinds):
        return None
    decision = case.decision or {}
    party = PartyKind.CITIZEN if case.party.kind == "natural_person" else PartyKind.ORGANISATION
    assert case.decided_on is not None
    fine = _fine(case)
    try:
        cls = classify(
            kinds,
            fine if PenaltyKind.FINE in kinds else None,
            party,
            decided_on=case.decided_on,
            simple_procedure=procedure_kind(case).value == "simple",
            on_serious_list=_on_serious_list(case),
            determined_serious=bool(decision.get("serious_dishonesty")),
        )
    except CreditError as exc:
        raise ValidationFailed.field("case", f"无法认定失信程度：{exc}") from None
    restriction = int(decision.get("restriction_months") or 0)
    window = publication_window(cls.severity, case.decided_on, restriction_months=restriction)
    return CreditRecord(
        entity_id=case.party_id,
        department_id=case.department_id,
        case=case,
        source=f"行政处罚决定（案件{case.number}）",
        document_number=str(decision.get("document_number") or case.number)[:60],
        summary=f"{case.title}：{penalty_content(kinds, fine)}"[:500],
        severity=cls.severity.value,
        reasons=list(cls.reasons),
        regime=window.regime.value,
        decided_on=case.decided_on,
        min_end=window.min_end,
        max_end=window.max_end,
        published=window.publish and not party_is_minor(case),
        repairable=not bool(decision.get("not_repairable")),
    )


def _on_serious_list(case: Case) -> bool:
    """The party was on the 严重违法失信名单 (kept by prudent.inspections) on the decision date."""
    from prudent.inspections.models import SupervisionList
    from prudent.inspections.selectors import on_list

    assert case.decided_on is not None
    return on_list(
        entity_id=case.party_id,
        list_name=SupervisionList.SERIOUS_DISHONESTY.value,
        on=case.decided_on,
    )


def credit_record_from_case(
    *, actor: Any, case: Case, on: dt.date | None = None
) -> CreditRecord | None:
    """The credit record of a decided penalty case (R-CRED-1, R-CRED-3); None for a decision
    imposing no penalty (R-CRED-5). Idempotent: an existing record is returned unchanged."""
    del on  # the record's dates come from the decision; kept for the callers' symmetry
    with transaction.atomic():
        row = Case.objects.select_related("party", "department").get(pk=case.pk)
        if State(row.state) not in DECIDED_STATES or row.decided_on is None:
            raise Conflict(
                "案件尚未作出行政处罚决定，不产生信用记录。",
                errors={"case": [f"案件状态为“{row.state_label}”"]},
            )
        existing = CreditRecord.objects.filter(case=row).first()
        if existing is not None:
            return existing
        record = _build(row)
        if record is None:
            return None
        record.save()
        audit_append(
            actor=actor,
            action="credit_record_create",
            object_type="credit.creditrecord",
            object_id=record.pk,
            after=_state(record),
            summary=f"{row.number} 信用记录（{record.severity_label}，最长公示至{record.max_end:%Y-%m-%d}）",
        )
    return record


def credit_sync(*, actor: Any = "system") -> list[CreditRecord]:
    """Records for every decided case that has none and imposes a penalty (one transaction)."""
    created: list[CreditRecord] = []
    with transaction.atomic():
        cases = (
            Case.objects.filter(
                state__in=[s.value for s in DECIDED_STATES], decided_on__isnull=False
            )
            .exclude(credit_records__isnull=False)
            .select_related("party", "department")
            .order_by("pk")
        )
        for case in cases:
            before = CreditRecord.objects.filter(case=case).exists()
            record = credit_record_from_case(actor=actor, case=case)
            if record is not None and not before:
                created.append(record)
    return created


def credit_record_create(
    *,
    actor: Any,
    entity: Any,
    department: Any,
    severity: str,
    decided_on: dt.date,
    summary: str,
    source: str,
    document_number: str = "",
    reasons: str = "",
) -> CreditRecord:
    """A record from another source than a case of this platform (a decision of another
    authority, an inspection result, R-INSP-1): the window is computed the same way. No role
    check: the caller (an import, another app) has made its own."""
    errors: dict[str, list[str]] = {}
    try:
        sev = Severity(severity)
    except ValueError:
        errors["severity"] = ["失信程度无效（minor/general/serious）"]
        sev = Severity.GENERAL
    for name, label, value, limit in (
        ("summary", "失信信息摘要", summary, 500),
        ("source", "来源说明", source, 200),
    ):
        if not (value or "").strip():
            errors[name] = [f"请填写{label}"]
        elif len(value) > limit:
            errors[name] = [f"{label}不能超过{limit}字"]
    if errors:
        raise ValidationFailed("信用记录内容有误，未保存。", errors=errors)
    window = publication_window(sev, decided_on)
    with transaction.atomic():
        record = CreditRecord.objects.create(
            entity=entity,
            department=department,
            case=None,
            source=source.strip(),
            document_number=document_number.strip()[:60],
            summary=summary.strip(),
            severity=sev.value,
            reasons=[reasons.strip()] if reasons.strip() else [],
            regime=window.regime.value,
            decided_on=decided_on,
            min_end=window.min_end,
            max_end=window.max_end,
            published=window.publish,
        )
        audit_append(
            actor=actor,
            action="credit_record_create",
            object_type="credit.creditrecord",
            object_id=record.pk,
            after=_state(record),
            summary=f"信用记录（{record.severity_label}，{record.source}）",
        )
    return record


# ----------------------------------------------------------------------------------- checks


def _require_head(actor: Any, record: CreditRecord) -> None:
    if user_role(actor) not in (Role.HEAD, Role.ADMIN):
        raise Forbidden("只有认定部门的负责人可以办理。")
    if not CreditRecord.objects.restrict(actor, Action.CHANGE).filter(pk=record.pk).exists():
        if CreditRecord.objects.restrict(actor, Action.VIEW).filter(pk=record.pk).exists():
            raise Forbidden("您只能查看该信用记录。")
        raise NotFound("信用记录不存在或不在您的办理范围内。")


def _require_party_or_head(actor: Any, record: CreditRecord) -> None:
    role = user_role(actor)
    if role is Role.ENTERPRISE:
        if getattr(actor, "entity_id", None) != record.entity_id:
            raise NotFound("信用记录不存在。")
        return
    _require_head(actor, record)


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed.field(field, f"请填写{label}")
    if len(value) > TEXT_MAX:
        raise ValidationFailed.field(field, f"{label}不能超过{TEXT_MAX}字")
    return value


def _withdraw(
    actor: Any, record: CreditRecord, on: dt.date, kind: CreditRecord.WithdrawKind, reason: str
) -> None:
    before = _state(record)
    record.withdrawn_on = on
    record.withdraw_kind = kind.value
    record.withdraw_reason = reason
    record.save(update_fields=["withdrawn_on", "withdraw_kind", "withdraw_reason"])
    audit_append(
        actor=actor,
        action=f"credit_record_withdraw_{kind.value}",
        object_type="credit.creditrecord",
        object_id=record.pk,
        before=before,
        after=_state(record),
        summary=f"信用记录停止公示（{kind.label}）：{reason}",
    )


def _locked(record: CreditRecord) -> CreditRecord:
    return CreditRecord.objects.select_for_update().get(pk=record.pk)


# ----------------------------------------------------------------------------------- repair


def repair_apply(
    *,
    actor: Any,
    record: CreditRecord,
    obligations_fulfilled: bool,
    obligations_evidence: str,
    commitment_signed: bool,
    commitment_text: str = "",
    fast_lane: bool = False,
    fast_lane_reason: str = "",
    on: dt.date | None = None,
) -> RepairApplication:
    """Apply for credit repair (R-CRED-4). Refused (409) with every unmet condition."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = _locked(record)
        _require_party_or_head(actor, row)
        errors: dict[str, list[str]] = {}
        try:
            evidence = _text(
                obligations_evidence,
                "obligations_evidence",
                "履行义务的证明",
                required=obligations_fulfilled,
            )
        except ValidationFailed as exc:
            errors.update(exc.errors)
            evidence = ""
        try:
            commitment = _text(commitment_text, "commitment_text", "信用承诺内容", required=False)
        except ValidationFailed as exc:
            errors.update(exc.errors)
            commitment = ""
        reason = ""
        if fast_lane:
            try:
                reason = _text(
                    fast_lane_reason, "fast_lane_reason", "快速通道理由（所受突发事件及企业规模）"
                )
            except ValidationFailed as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationFailed("申请内容有误，未提交。", errors=errors)
        verdict = eligibility(row, on, obligations_fulfilled, commitment_signed)
        if isinstance(verdict, NotYet):
            raise Conflict(
                "暂不符合信用修复条件：" + "；".join(verdict.reasons),
                errors={"record": list(verdict.reasons)},
            )
        if row.repairs.filter(status=RepairApplication.Status.SUBMITTED).exists():
            raise Conflict(
                "该信用记录已有待审核的修复申请。", errors={"record": ["已有待审核的修复申请"]}
            )
        due = current_calendar().add_working_days(on, repair_working_days(fast_lane)).date
        app = RepairApplication.objects.create(
            record=row,
            applied_on=on,
            commitment_signed=commitment_signed,
            commitment_text=commitment,
            obligations_fulfilled=obligations_fulfilled,
            obligations_evidence=evidence,
            fast_lane=fast_lane,
            fast_lane_reason=reason,
            due_on=due,
            applicant=actor if getattr(actor, "pk", None) else None,
        )
        audit_append(
            actor=actor,
            action="credit_repair_apply",
            object_type="credit.repairapplication",
            object_id=app.pk,
            after={
                "record": row.pk,
                "applied_on": on.isoformat(),
                "fast_lane": fast_lane,
                "due_on": due.isoformat(),
            },
            summary=f"信用修复申请（{'快速通道，' if fast_lane else ''}办理期限{due:%Y-%m-%d}）",
        )
    return app


def repair_review(
    *,
    actor: Any,
    application: RepairApplication,
    approve: bool,
    reasons: str,
    on: dt.date | None = None,
) -> RepairApplication:
    """A head approves (the record is withdrawn, kind repair) or refuses (reasons required)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        app = RepairApplication.objects.select_for_update().get(pk=application.pk)
        record = _locked(app.record)
        _require_head(actor, record)
        text = _text(reasons, "reasons", "审核理由", required=not approve)
        if app.status != RepairApplication.Status.SUBMITTED:
            raise Conflict("该申请已审核。", errors={"application": ["该申请已审核"]})
        if on < app.applied_on:
            raise ValidationFailed.field("on", "审核日期不能早于申请日期")
        if approve:
            verdict = eligibility(record, on, app.obligations_fulfilled, app.commitment_signed)
            if isinstance(verdict, NotYet):
                raise Conflict(
                    "不符合信用修复条件，不能准予：" + "；".join(verdict.reasons),
                    errors={"application": list(verdict.reasons)},
                )
        app.status = (
            RepairApplication.Status.APPROVED if approve else RepairApplication.Status.REFUSED
        )
        app.reviewed_by = actor if getattr(actor, "pk", None) else None
        app.reviewed_on = on
        app.reasons = text
        app.save(update_fields=["status", "reviewed_by", "reviewed_on", "reasons"])
        audit_append(
            actor=actor,
            action=f"credit_repair_{app.status}",
            object_type="credit.repairapplication",
            object_id=app.pk,
            after={"status": app.status, "reviewed_on": on.isoformat(), "reasons": text},
            summary=f"信用修复申请{app.get_status_display()}",
        )
        if approve:
            _withdraw(actor, record, on, CreditRecord.WithdrawKind.REPAIR, text or "准予信用修复")
    return app


# -------------------------------------------------------------------------------- objection


def objection_submit(
    *, actor: Any, record: CreditRecord, text: str, on: dt.date | None = None
) -> Objection:
    """The enterprise objects to its record (R-CRED-4); the answer is due in N working days."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = _locked(record)
        if user_role(actor) is not Role.ENTERPRISE or actor.entity_id != row.entity_id:
            if CreditRecord.objects.restrict(actor, Action.VIEW).filter(pk=row.pk).exists():
                raise Forbidden("只有信用主体本身可以提出异议。")
            raise NotFound("信用记录不存在。")
        body = _text(text, "text", "异议内容")
        if on < row.decided_on:
            raise ValidationFailed.field("on", "提出日期不能早于决定日期")
        due = current_calendar().add_working_days(on, objection_working_days())
        obj = Objection.objects.create(
            record=row,
            submitted_on=on,
            text=body,
            due_on=due.date,
            due_provisional=due.provisional,
            submitted_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_append(
            actor=actor,
            action="credit_objection_submit",
            object_type="credit.objection",
            object_id=obj.pk,
            after={
                "record": row.pk,
                "submitted_on": on.isoformat(),
                "due_on": due.date.isoformat(),
            },
            summary=f"对信用记录提出异议（答复期限{due.date:%Y-%m-%d}）",
        )
    return obj


def objection_answer(
    *, actor: Any, objection: Objection, upheld: bool, answer: str, on: dt.date | None = None
) -> Objection:
    """A head answers; an upheld objection withdraws the record (kind objection)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        obj = Objection.objects.select_for_update().get(pk=objection.pk)
        record = _locked(obj.record)
        _require_head(actor, record)
        text = _text(answer, "answer", "答复")
        if obj.status != Objection.Status.SUBMITTED:
            raise Conflict("该异议已答复。", errors={"objection": ["该异议已答复"]})
        if on < obj.submitted_on:
            raise ValidationFailed.field("on", "答复日期不能早于提出日期")
        obj.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
        obj.answer = text
        obj.answered_on = on
        obj.answered_by = actor if getattr(actor, "pk", None) else None
        obj.save(update_fields=["status", "answer", "answered_on", "answered_by"])
        late = on > obj.due_on
        audit_append(
            actor=actor,
            action=f"credit_objection_{obj.status}",
            object_type="credit.objection",
            object_id=obj.pk,
            after={"status": obj.status, "answered_on": on.isoformat(), "late": late},
            summary=f"答复异议：{obj.get_status_display()}" + ("（超过答复期限）" if late else ""),
        )
        if upheld and record.withdrawn_on is None:
            _withdraw(actor, record, on, CreditRecord.WithdrawKind.OBJECTION, text)
    return obj


# ------------------------------------------------------------------------- revoked, expired


def credit_decision_revoked(
    *, actor: Any, case: Case, reason: str, on: dt.date | None = None
) -> CreditRecord | None:
    """For the corrections flow: the case's decision was changed or revoked → withdraw its record
    (None when it has none or it is already withdrawn). The caller checks permissions."""
    on = on or timezone.localdate()
    text = _text(reason, "reason", "撤销理由")
    with transaction.atomic():
        record = (
            CreditRecord.objects.select_for_update()
            .filter(case_id=case.pk, withdrawn_on__isnull=True)
            .first()
        )
        if record is None:
            return None
        _withdraw(actor, record, on, CreditRecord.WithdrawKind.REVOKED, text)
    return record


def credit_expire(*, on: dt.date | None = None, actor: Any = "system") -> list[CreditRecord]:
    """Withdraw every record whose maximum period has ended (`max_end` before `on`); the stop
    date is the day after `max_end` (publication stops automatically, R-CRED-4)."""
    on = on or timezone.localdate()
    done: list[CreditRecord] = []
    with transaction.atomic():
        due = (
            CreditRecord.objects.select_for_update()
            .filter(withdrawn_on__isnull=True, max_end__lt=on)
            .order_by("max_end", "pk")
        )
        for record in due:
            stop = record.max_end + dt.timedelta(days=1)
            _withdraw(
                actor,
                record,
                stop,
                CreditRecord.WithdrawKind.MAXIMUM,
                f"最长公示期至{record.max_end:%Y-%m-%d}届满，自动停止公示",
            )
            done.append(record)
    return done


__all__ = [
    "PENALTY_LABELS",
    "credit_decision_revoked",
    "credit_expire",
    "credit_record_create",
    "credit_record_from_case",
    "credit_sync",
    "eligibility",
    "objection_answer",
    "objection_submit",
    "repair_apply",
    "repair_review",
]


# ------------------------------------------------------------ inspection results (R-INSP-1)

#: Outcomes that mean the inspection found a problem (an order to correct, a case).
PROBLEM_OUTCOMES = frozenset({"order_correct", "case"})


def inspection_result_enter(*, inspection: Any) -> InspectionResultEntry:
    """Write the published result of `inspection` into its entity's credit file. Called by
    `prudent.inspections.results.inspection_result_publish` inside its transaction (which checks
    the role and audits); refuses a second entry for the same inspection."""
    if inspection.result_published_on is None or not inspection.outcome:
        raise Conflict("检查结果尚未公示，不能记入信用档案。")
    if InspectionResultEntry.objects.filter(inspection=inspection).exists():
        raise Conflict("该检查结果已记入信用档案。")
    return InspectionResultEntry.objects.create(
        entity_id=inspection.entity_id,
        inspection=inspection,
        department_id=inspection.department_id,
        departments_text="、".join(d.name for d in inspection.departments.order_by("name"))[:500],
        items_text="、".join(f"{i.code} {i.name}" for i in inspection.items.order_by("code"))[
            :1000
        ],
        inspected_on=inspection.inspected_on,
        outcome=inspection.outcome,
        outcome_label=inspection.get_outcome_display(),
        problem_found=inspection.outcome in PROBLEM_OUTCOMES,
        summary=inspection.result_summary,
        published_on=inspection.result_published_on,
    )
