"""Writing cases (issue #4; R-CASE-1…13, R-DEC-3, R-DEC-4): create a lead, assign officers,
record facts, run the engine, take workflow steps, decide.

Every write is keyword-only, validates everything before writing, runs in ONE transaction that
locks the case row (`select_for_update`), and appends its audit event inside it. Optimistic
locking: the caller passes the `lock_version` it saw; a different current version is a
`Conflict` (409, "案件已被他人修改，请刷新后重试") and nothing is written, so the other user's save
is kept. A step the workflow refuses is a `TransitionRefused` (409) listing every missing
prerequisite (`lawcore.workflow.check`), plus the certificate refusals when officers lack a valid
certificate (R-CASE-13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from lawcore.calendar import Calendar, add_days
from lawcore.decision import DecisionInputError, decide, parse_request
from lawcore.decision.engine import TIER_ZH
from lawcore.rulebook.model import Tier
from lawcore.workflow import (
    TRANSITIONS_BY_NAME,
    Actor,
    ActorRole,
    CaseSnapshot,
    DecisionKind,
    DueKind,
    LeadSource,
    ProposalFlags,
    State,
    advance,
    deadlines,
)
from prudent.accounts.models import User
from prudent.calendars.services import current_calendar
from prudent.cases.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    CaseOfficer,
    CaseTask,
)
from prudent.cases.steps import DECISION_STEPS, MEASURE_OF_STEP, parse_step_data
from prudent.certificates.services import CertificateRefused, certificate_require
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.entities.models import Entity

MSG_STALE = "案件已被他人修改，请刷新后重试"
TITLE_MAX = 200
NO_PENALTY_TIERS = frozenset({Tier.NO_PENALTY.value, Tier.NOT_PUNISHABLE.value})
#: Roles that handle cases in the officer UI and API (the enterprise acts through its own side).
HANDLER_ROLES = frozenset({Role.OFFICER, Role.HEAD, Role.LEGAL_REVIEWER})
#: Steps whose guards count officers with valid certificates (APL 42, R-CASE-13).
CERTIFIED_STEPS = frozenset(
    t.name for t in TRANSITIONS_BY_NAME.values() if any(g.name == "two_officers" for g in t.guards)
)
#: Default return visit after a decision (the engine's default follow-up, docs/decide.md).
RETURN_VISIT_DAYS = 90
#: Fields of the current round, cleared when a new proposal is recorded (docs/workflow.md).
ROUND_FIELDS = (
    "notice_served_on",
    "hearing_requested_on",
    "hearing_waived",
    "hearing_notice_sent_on",
    "hearing_held_on",
    "legal_review_submitted_on",
    "legal_review_passed",
    "collective_discussion_held_on",
)
#: Non-workflow records on the timeline (CaseEvent.transition) and their labels.
RECORD_LABELS = {
    "create": "登记线索",
    "assign_officers": "指派承办人员",
    "update_facts": "记录案件事实",
    "propose": "裁量引擎生成拟处理意见",
    "record": "记录办案信息",
}


class TransitionRefused(Conflict):
    """The workflow refuses the step (409); `missing` lists why, in Chinese."""

    def __init__(self, label: str, missing: Sequence[str]) -> None:
        super().__init__(
            f"不能“{label}”：" + "；".join(missing), errors={"transition": list(missing)}
        )
        self.missing = tuple(missing)

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "missing": list(self.missing)}


# ------------------------------------------------------------------------------------ helpers


def actor_role(actor: Any) -> ActorRole:
    """The workflow role of a signed-in user who handles cases, else `Forbidden`."""
    role = user_role(actor)
    if role in HANDLER_ROLES or role is Role.ENTERPRISE:
        return ActorRole(role.value)  # type: ignore[union-attr]
    raise Forbidden("当前角色不能办理案件。")


def _check_scope(actor: Any, case: Case, *, party_steps: bool = False) -> None:
    if party_steps and user_role(actor) is Role.ENTERPRISE:
        # The party's own steps (sign_commitment, request_hearing) on its own case; the workflow
        # table refuses every other step to the enterprise role (prudent.followups, R-PUB-4).
        if Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists():
            return
        raise NotFound("案件不存在或不在您的办理范围内。")
    if not Case.objects.restrict(actor, Action.CHANGE).filter(pk=case.pk).exists():
        if Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists():
            raise Forbidden("您只能查看该案件，不能办理。")
        raise NotFound("案件不存在或不在您的办理范围内。")


def _lock(case: Case, lock_version: object) -> Case:
    """The case row locked for this transaction; `Conflict` if someone saved it meanwhile."""
    try:
        seen = int(str(lock_version))
    except (TypeError, ValueError):
        raise ValidationFailed.field("lock_version", "缺少或无效的版本号（lock_version）") from None
    row = Case.objects.select_for_update().select_related("department", "party").get(pk=case.pk)
    if row.lock_version != seen:
        raise Conflict(MSG_STALE, errors={"lock_version": [MSG_STALE]})
    return row


def _state(case: Case) -> dict[str, object]:
    return {
        "number": case.number,
        "state": case.state,
        "snapshot": case.snapshot,
        "facts": case.facts,
        "proposal_tier": (case.proposal or {}).get("tier"),
        "decision": case.decision,
        "departure": case.departure,
        "departure_reason": case.departure_reason,
        "lock_version": case.lock_version,
        "officers": sorted(case.assignments.values_list("officer_id", flat=True))
        if case.pk
        else [],
    }


def _actor_name(actor: Any) -> str:
    if isinstance(actor, User):
        return actor.display_name
    return str(actor or "system")


def _append_event(
    case: Case,
    *,
    actor: Any,
    transition: str,
    label: str,
    from_state: str,
    to_state: str,
    on: dt.date,
    note: str = "",
    document: str = "",
    data: Mapping[str, object] | None = None,
) -> CaseEvent:
    last = case.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    role = user_role(actor) if isinstance(actor, User) else None
    return CaseEvent.objects.create(
        case=case,
        seq=last + 1,
        transition=transition,
        label=label,
        from_state=from_state,
        to_state=to_state,
        actor=actor if isinstance(actor, User) else None,
        actor_name=_actor_name(actor),
        actor_role=role.value if role else "",
        on=on,
        at=timezone.now(),
        note=note,
        document_type=document,
        data=dict(data or {}),
    )


def _parse_date(value: object, field: str, label: str, errors: dict[str, list[str]]) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = [f"{label}不是有效日期（应为YYYY-MM-DD）"]
        return None


def _party_kind(entity: Entity) -> str:
    return "citizen" if entity.kind == "natural_person" else "organisation"


# --------------------------------------------------------------------- derived columns, tasks

_TASK_OF_DUE: dict[DueKind, CaseTask.Kind] = {
    DueKind.VERIFICATION: CaseTask.Kind.VERIFICATION,
    DueKind.LEGAL_REVIEW: CaseTask.Kind.LEGAL_REVIEW,
    DueKind.SERVICE: CaseTask.Kind.SERVICE,
    DueKind.PAYMENT: CaseTask.Kind.PAYMENT,
    DueKind.COMMITMENT_REINSPECTION: CaseTask.Kind.REINSPECTION,
    DueKind.CORRECTION_REINSPECTION: CaseTask.Kind.REINSPECTION,
}


def _derive(case: Case, snap: CaseSnapshot, calendar: Calendar) -> None:
    """Set the columns denormalised from the snapshot (state, dates, running deadlines)."""
    dues = deadlines(snap, calendar)
    case.state = snap.state.value
    case.snapshot = snap.to_json()
    case.opened_on = snap.opened_on
    case.decided_on = snap.decided_on
    case.deadlines = [d.to_json() for d in dues]
    case.has_provisional = any(d.provisional for d in dues)
    case.next_due = min((d.due for d in dues), default=None)
    case.decision_due = next((d.due for d in dues if d.kind is DueKind.DECISION), None)


def _desired_tasks(case: Case, snap: CaseSnapshot) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for d in case.deadlines:
        kind = _TASK_OF_DUE.get(DueKind(d["kind"]))
        if kind is not None:
            out[d["kind"]] = {
                "kind": kind,
                "title": d["label"],
                "due": dt.date.fromisoformat(d["due"]),
                "provisional": d["provisional"],
                "basis": d["basis"][:300],
            }
    if (
        snap.state is State.HEARING
        and snap.hearing_held_on is None
        and not snap.hearing_waived
        and case.decision_due is not None
    ):
        out["hearing"] = {
            "kind": CaseTask.Kind.HEARING,
            "title": "组织听证（提前七个工作日通知当事人）",
            "due": case.decision_due,
            "provisional": False,
            "basis": "《中华人民共和国行政处罚法》第六十四条；须在办案期限内举行",
        }
    if (
        snap.state in (State.SERVED, State.EXECUTING)
        and snap.return_visit_on is None
        and snap.decided_on is not None
    ):
        out["return_visit"] = {
            "kind": CaseTask.Kind.RETURN_VISIT,
            "title": "回访当事人（改正情况、对执法工作的意见和评分）",
            "due": add_days(snap.decided_on, RETURN_VISIT_DAYS).date,
            "provisional": False,
            "basis": "R-CASE-6；常政办发〔2025〕5号 第5项（决定后90日，本平台默认）",
        }
    return out


def _sync_tasks(case: Case, snap: CaseSnapshot) -> None:
    """Open tasks follow the snapshot: new work is added, moved dates updated, and work whose
    step has been taken (its deadline no longer runs) is marked done."""
    desired = _desired_tasks(case, snap)
    now = timezone.now()
    lead = (
        case.assignments.filter(role=CaseOfficer.Role.LEAD).values_list("officer_id", flat=True)
    ).first()
    for task in case.tasks.filter(done_at__isnull=True):
        want = desired.pop(task.key, None)
        if want is None:
            task.done_at = now
            task.save(update_fields=["done_at"])
        elif (task.due, task.provisional) != (want["due"], want["provisional"]):
            task.due, task.provisional = want["due"], want["provisional"]
            task.save(update_fields=["due", "provisional"])
    for key, want in desired.items():
        CaseTask.objects.create(case=case, key=key, assignee_id=lead, **want)


def _save_step(case: Case, snap: CaseSnapshot, calendar: Calendar) -> None:
    _derive(case, snap, calendar)
    case.lock_version += 1
    case.save()
    _sync_tasks(case, snap)


# ------------------------------------------------------------------------------------ create


def _officer_errors(officers: Iterable[Any], department_id: int) -> tuple[list[User], list[str]]:
    out: list[User] = []
    errors: list[str] = []
    for o in officers:
        user = o if isinstance(o, User) else User.objects.filter(username=str(o)).first()
        if user is None:
            errors.append(f"找不到人员“{o}”")
        elif user.role not in (Role.OFFICER, Role.HEAD) or user.department_id != department_id:
            errors.append(f"{user.display_name}不是本部门的执法人员")
        elif not user.is_active:
            errors.append(f"{user.display_name}的账户已停用")
        elif user not in out:
            out.append(user)
    return out, errors


def case_create(  # noqa: C901 - one check per field, all reported at once
    *,
    actor: Any,
    department: Any,
    source: str,
    party: Any,
    item_code: str,
    title: str,
    facts: Mapping[str, object] | None = None,
    lead_received_on: object = None,
    violation_on: object = None,
    rulebook_id: str = "",
    officers: Sequence[Any] | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> Case:
    """Register a lead (线索, R-CASE-1) with its number 〔year〕N号 allocated in the transaction."""
    from prudent.discretion import catalogue

    on = on or timezone.localdate()
    role = user_role(actor)
    if role not in (Role.OFFICER, Role.HEAD):
        raise Forbidden("只有执法人员和部门负责人可以登记案件线索。")
    errors: dict[str, list[str]] = {}
    if department is None or getattr(department, "pk", None) is None:
        errors["department"] = ["请选择办案部门"]
    elif department.pk != actor.department_id:
        errors["department"] = ["只能为本部门登记案件线索"]
    if source not in {s.value for s in LeadSource}:
        errors["source"] = [f"未知的线索来源“{source}”"]
    if not isinstance(party, Entity):
        errors["party"] = ["请选择当事人（市场主体名录库中的主体）"]
    title = (title or "").strip()
    if not title:
        errors["title"] = ["请填写案由"]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"案由过长（不超过{TITLE_MAX}字）"]
    if facts is None:
        facts = {}
    if not isinstance(facts, Mapping) or not all(isinstance(k, str) for k in facts):
        errors["facts"] = ["案件事实应为“事实名 → 值”的对象"]
    received = _parse_date(lead_received_on, "lead_received_on", "发现线索日期", errors) or on
    violation = _parse_date(violation_on, "violation_on", "违法行为发生日期", errors)
    if received > on:
        errors["lead_received_on"] = ["发现线索日期不能晚于今天"]
    if violation is not None and violation > received:
        errors["violation_on"] = ["违法行为发生日期不能晚于发现线索日期"]
    item_code = (item_code or "").strip()
    entry = catalogue.find_item(item_code, on, rulebook_id or None) if item_code else None
    if not item_code:
        errors["item_code"] = ["请填写行政处罚事项编码"]
    elif entry is None:
        errors["item_code"] = [f"未知的行政处罚事项“{item_code}”（仅限已发布的清单）"]
    chosen: list[User] = []
    if "department" not in errors:
        given = list(officers) if officers else ([actor] if role is Role.OFFICER else [])
        chosen, officer_errors = _officer_errors(given, department.pk)
        if officer_errors:
            errors["officers"] = officer_errors
    if errors:
        raise ValidationFailed("案件线索信息有误，未保存。", errors=errors)
    assert entry is not None
    snap = CaseSnapshot(state=State.LEAD, lead_source=LeadSource(source), lead_received_on=received)
    with transaction.atomic():
        counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(
            department=department, year=received.year
        )
        counter = CaseNumberCounter.objects.select_for_update().get(pk=counter.pk)
        counter.last += 1
        counter.save(update_fields=["last"])
        case = Case(
            department=department,
            number=f"{department.short_name}立〔{received.year}〕{counter.last}号",
            year=received.year,
            source=source,
            title=title,
            party=party,
            item_code=item_code,
            rulebook_id=entry.book.id,
            facts=dict(facts),
            violation_on=violation,
            lead_received_on=received,
            created_by=actor,
        )
        _derive(case, snap, current_calendar())
        case.save()
        for i, officer in enumerate(chosen):
            CaseOfficer.objects.create(
                case=case,
                officer=officer,
                role=CaseOfficer.Role.LEAD if i == 0 else CaseOfficer.Role.ASSIST,
            )
        _append_event(
            case,
            actor=actor,
            transition="create",
            label=RECORD_LABELS["create"],
            from_state=State.LEAD,
            to_state=State.LEAD,
            on=on,
            note=note.strip(),
            data={"source": source, "item_code": item_code, "title": title},
        )
        _sync_tasks(case, snap)
        audit_append(
            actor=actor,
            action="case_create",
            object_type="cases.case",
            object_id=case.pk,
            after=_state(case),
            summary=f"登记案件线索 {case.number}：{title}（当事人：{party.name}）",
        )
    return case


# ---------------------------------------------------------------------- assign, facts, record


def case_assign(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    officers: Sequence[Any],
    on: dt.date | None = None,
) -> Case:
    """Set the officers handling the case; the first is the lead officer (主办)."""
    on = on or timezone.localdate()
    actor_role(actor)
    _check_scope(actor, case)
    chosen, errors = _officer_errors(officers, case.department_id)
    if not chosen and not errors:
        errors = ["请至少指派一名执法人员"]
    if errors:
        raise ValidationFailed("承办人员有误，未保存。", errors={"officers": errors})
    with transaction.atomic():
        row = _lock(case, lock_version)
        before = _state(row)
        row.assignments.all().delete()
        for i, officer in enumerate(chosen):
            CaseOfficer.objects.create(
                case=row,
                officer=officer,
                role=CaseOfficer.Role.LEAD if i == 0 else CaseOfficer.Role.ASSIST,
            )
        row.lock_version += 1
        row.save(update_fields=["lock_version", "updated_at"])
        names = "、".join(o.display_name for o in chosen)
        _append_event(
            row,
            actor=actor,
            transition="assign_officers",
            label=RECORD_LABELS["assign_officers"],
            from_state=row.state,
            to_state=row.state,
            on=on,
            note=names,
            data={"officers": [o.username for o in chosen]},
        )
        lead = chosen[0].pk
        row.tasks.filter(done_at__isnull=True).update(assignee_id=lead)
        audit_append(
            actor=actor,
            action="case_assign",
            object_type="cases.case",
            object_id=row.pk,
            before=before,
            after=_state(row),
            summary=f"{row.number} 指派承办人员：{names}",
        )
    return row


def case_update_facts(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    facts: Mapping[str, object],
    violation_on: object = None,
    on: dt.date | None = None,
) -> Case:
    """Record the facts found (the engine's vocabulary, docs/facts.md). Replaces the whole set."""
    on = on or timezone.localdate()
    actor_role(actor)
    _check_scope(actor, case)
    errors: dict[str, list[str]] = {}
    if not isinstance(facts, Mapping) or not all(isinstance(k, str) for k in facts):
        errors["facts"] = ["案件事实应为“事实名 → 值”的对象"]
    elif any(not isinstance(v, bool | int | float | str | Decimal) for v in facts.values()):
        errors["facts"] = ["事实的值应为是/否、文本或者数值"]
    violation = _parse_date(violation_on, "violation_on", "违法行为发生日期", errors)
    if errors:
        raise ValidationFailed("案件事实有误，未保存。", errors=errors)
    with transaction.atomic():
        row = _lock(case, lock_version)
        before = _state(row)
        if violation is not None and violation > row.lead_received_on:
            raise ValidationFailed.field("violation_on", "违法行为发生日期不能晚于发现线索日期")
        row.facts = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in facts.items()}
        if violation is not None:
            row.violation_on = violation
        row.lock_version += 1
        row.save()
        _append_event(
            row,
            actor=actor,
            transition="update_facts",
            label=RECORD_LABELS["update_facts"],
            from_state=row.state,
            to_state=row.state,
            on=on,
            data={
                "facts": row.facts,
                "violation_on": row.violation_on.isoformat() if row.violation_on else None,
            },
        )
        audit_append(
            actor=actor,
            action="case_update_facts",
            object_type="cases.case",
            object_id=row.pk,
            before=before,
            after=_state(row),
            summary=f"{row.number} 记录案件事实（{len(row.facts)}项）",
        )
    return row


def case_record(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    changes: Mapping[str, object],
    summary: str,
    on: dt.date | None = None,
    data: Mapping[str, object] | None = None,
    decision: Mapping[str, object] | None = None,
) -> Case:
    """Record snapshot fields that belong to no step (e.g. `execution`, `paid_on`,
    `deferral_approved` from the execution module), keeping the state; `decision` replaces the
    case's current decision (a correction, R-CASE-11 — the corrections keep the history). For other
    parts of the platform: they validate their own input, then call this inside or outside their
    transaction."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = _lock(case, lock_version)
        before = _state(row)
        merged = {**row.snapshot, **dict(changes)}
        if merged.get("state") != row.state:
            raise ValidationFailed.field("state", "记录办案信息不能改变案件状态")
        try:
            snap = CaseSnapshot.from_json(merged)
        except ValueError as exc:
            raise ValidationFailed.field("changes", f"办案信息有误：{exc}") from None
        if decision is not None:
            row.decision = dict(decision)
        _save_step(row, snap, current_calendar())
        _append_event(
            row,
            actor=actor,
            transition="record",
            label=RECORD_LABELS["record"],
            from_state=row.state,
            to_state=row.state,
            on=on,
            note=summary,
            data={"changes": dict(changes), **dict(data or {})},
        )
        audit_append(
            actor=actor,
            action="case_record",
            object_type="cases.case",
            object_id=row.pk,
            before=before,
            after=_state(row),
            summary=f"{row.number} {summary}",
        )
    return row


# ------------------------------------------------------------------------------------ propose


def party_history(case: Case, before: dt.date) -> list[dict[str, str]]:
    """The party's platform-wide decided violations (any department), for R-DEC-3: each with its
    item, its violation date (the decision date when none was recorded) and the decided tier."""
    rows = (
        Case.objects.filter(party_id=case.party_id, decision__isnull=False)
        .exclude(pk=case.pk)
        .values_list("item_code", "violation_on", "decided_on", "decision")
    )
    out = []
    for item, violation, decided, decision in rows:
        when = violation or decided
        tier = (decision or {}).get("tier")
        if when is None or tier is None or when > before:
            continue
        out.append({"item": item, "date": when.isoformat(), "tier": tier})
    return sorted(out, key=lambda h: h["date"])


def _engine_request(case: Case, on: dt.date) -> dict[str, object]:
    violation = case.violation_on or case.lead_received_on
    request: dict[str, object] = {
        "item": case.item_code,
        "party_kind": _party_kind(case.party),
        "facts": dict(case.facts),
        "violation_date": violation.isoformat(),
        "decision_date": on.isoformat(),
        "history": party_history(case, violation),
    }
    if case.rulebook_id:
        request["rulebook"] = case.rulebook_id
    if violation <= case.lead_received_on <= on:
        request["discovered_date"] = case.lead_received_on.isoformat()
    return request


def case_propose(
    *, actor: Any, case: Case, lock_version: object, on: dt.date | None = None
) -> Case:
    """Run the engine on the case's facts and the party's platform-wide history (R-DEC-1…3) and
    store its answer as the proposal. The workflow's `record_proposal` step then takes it up."""
    from prudent.discretion import catalogue

    on = on or timezone.localdate()
    actor_role(actor)
    _check_scope(actor, case)
    with transaction.atomic():
        row = _lock(case, lock_version)
        if row.state_enum not in {
            State.OPENED,
            State.INVESTIGATION,
            State.PROPOSED,
            State.FLEXIBLE,
            State.COMMITMENT,
            State.REINSPECTION,
        }:
            raise Conflict(
                f"案件处于“{row.state_label}”状态，不能生成拟处理意见",
                errors={"transition": [f"案件处于“{row.state_label}”状态，不能生成拟处理意见"]},
            )
        before = _state(row)
        request = _engine_request(row, on)
        books = catalogue.rulebooks()
        try:
            decision = decide(books, parse_request(request))
        except DecisionInputError as exc:
            entry = catalogue.find_item(row.item_code, on, row.rulebook_id or None)
            specs = books.fact_specs(entry.book, entry.item) if entry else {}
            body = catalogue.error_body(exc, specs)
            raise ValidationFailed(str(body["detail"]), errors=body["errors"]) from None  # type: ignore[arg-type]
        row.proposal = decision.to_json()
        row.proposed_on = on
        row.lock_version += 1
        row.save()
        fine = row.proposal.get("fine") or {}
        _append_event(
            row,
            actor=actor,
            transition="propose",
            label=RECORD_LABELS["propose"],
            from_state=row.state,
            to_state=row.state,
            on=on,
            note=f"{row.proposal['tier_zh']}" + (f"，建议罚款{fine['proposed']}元" if fine else ""),
            data={"request": request, "tier": row.proposal["tier"], "fine": fine or None},
        )
        audit_append(
            actor=actor,
            action="case_propose",
            object_type="cases.case",
            object_id=row.pk,
            before=before,
            after=_state(row),
            summary=f"{row.number} 拟处理意见：{row.proposal['tier_zh']}",
        )
    return row


def proposal_flags(proposal: Mapping[str, Any]) -> ProposalFlags:
    procedure = proposal.get("procedure") or {}
    return ProposalFlags(
        penalty=bool(proposal.get("penalty_kinds"))
        and proposal.get("tier") not in NO_PENALTY_TIERS,
        hearing_right=bool(procedure.get("hearing_right")),
        legal_review_required=bool(procedure.get("legal_review_required")),
        collective_discussion_required=bool(procedure.get("collective_discussion_required")),
    )


# ----------------------------------------------------------------------------------- deciding


def _decision_record(
    row: Case, name: str, extra: dict[str, object], changes: dict[str, object]
) -> dict[str, object]:
    """Validate the decided tier/amount against the step and the proposal (issue #4 part 4)."""
    tier = extra.get("tier")
    fine = extra.get("fine_yuan")
    reason = str(extra.get("departure_reason") or "").strip()
    errors: dict[str, list[str]] = {}
    if tier is None:
        errors["data.tier"] = ["请选择决定的裁量阶次"]
    elif name == "decide_no_penalty" and tier not in NO_PENALTY_TIERS:
        errors["data.tier"] = ["不予行政处罚决定的阶次应为“不予处罚”"]
    elif name == "decide_penalty" and tier in NO_PENALTY_TIERS:
        errors["data.tier"] = ["行政处罚决定的阶次不能是“不予处罚”"]
    if fine is not None and tier in NO_PENALTY_TIERS:
        errors["data.fine_yuan"] = ["不予行政处罚的，不能填写罚款金额"]
    proposal = row.proposal or None
    proposed_tier = proposal.get("tier") if proposal else None
    proposed_fine = ((proposal or {}).get("fine") or {}).get("proposed")
    departure = False
    if proposal is not None and tier is not None:
        same_fine = (fine is None and proposed_fine is None) or (
            fine is not None
            and proposed_fine is not None
            and Decimal(str(fine)) == Decimal(proposed_fine)
        )
        departure = tier != proposed_tier or not same_fine
    if departure and not reason:
        what = f"拟处理意见为“{proposal['tier_zh']}”" + (  # type: ignore[index]
            f"、建议罚款{proposed_fine}元" if proposed_fine else ""
        )
        errors["data.departure_reason"] = [
            f"决定的阶次或金额与{what}不同，须写明偏离理由（将提交执法监督）"
        ]
    if errors:
        raise ValidationFailed("决定内容有误，未保存。", errors=errors)
    changes["decision_kind"] = (
        DecisionKind.NO_PENALTY.value if name == "decide_no_penalty" else DecisionKind.PENALTY.value
    )
    if fine is not None:
        changes["fine_yuan"] = fine
    return {
        "tier": tier,
        "tier_zh": TIER_ZH[Tier(str(tier))],
        "fine_yuan": fine,
        "decided_on": changes.get("decided_on"),
        "proposed_tier": proposed_tier,
        "proposed_fine": proposed_fine,
        "departure": departure,
        "departure_reason": reason if departure else "",
    }


# ---------------------------------------------------------------------------------- transition


def certified_officers(row: Case, on: dt.date) -> tuple[int, list[str]]:
    """How many assigned officers hold a valid certificate for the department's field on `on`,
    and the refusal message of each who does not (R-CASE-13)."""
    count, refusals = 0, []
    assigned = User.objects.filter(case_assignments__case=row).order_by("pk")
    for officer in assigned:
        try:
            certificate_require(officer=officer, field=row.department.field, on=on)
        except CertificateRefused as exc:
            refusals.append(exc.message)
        else:
            count += 1
    return count, refusals


def _build_snapshot(
    row: Case, name: str, changes: dict[str, object], certified: int | None
) -> CaseSnapshot:
    base = dict(row.snapshot)
    if name == "record_proposal" and row.proposal:
        for field in ROUND_FIELDS:
            base[field] = False if field == "hearing_waived" else None
        base["proposal"] = _flags_json(proposal_flags(row.proposal))
    if name in MEASURE_OF_STEP:
        taken = list(base.get("measures_taken") or [])
        measure = MEASURE_OF_STEP[name].value
        if measure not in taken:
            taken.append(measure)
        base["measures_taken"] = taken
    if name == "return_from_legal_review":
        base["legal_review_passed"] = False
    if "collective_extension_days" in changes:
        days = changes.pop("collective_extension_days")
        base["collective_extension_days"] = [*(base.get("collective_extension_days") or []), days]
    base.update(changes)
    if certified is not None:
        base["officers_with_valid_certificates"] = certified
    try:
        return CaseSnapshot.from_json(base)
    except ValueError as exc:
        raise ValidationFailed.field("data", f"录入内容有误：{exc}") from None


def _flags_json(flags: ProposalFlags) -> dict[str, object]:
    return {
        "penalty": flags.penalty,
        "hearing_right": flags.hearing_right,
        "legal_review_required": flags.legal_review_required,
        "collective_discussion_required": flags.collective_discussion_required,
    }


def case_transition(
    *,
    actor: Any,
    case: Case,
    name: str,
    lock_version: object,
    data: Mapping[str, object] | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> Case:
    """Take workflow step `name` (docs/workflow.md) with its data (prudent.cases.steps).

    409 `TransitionRefused` with every missing prerequisite when the workflow refuses; 409
    `Conflict` when `lock_version` is stale; 422 `ValidationFailed` for bad data. The decision
    steps (`decide_penalty`, `decide_no_penalty`) take `tier`, `fine_yuan`, `decided_on` and,
    when departing from the proposal, `departure_reason` (stored and flagged for supervision)."""
    on = on or timezone.localdate()
    role = actor_role(actor)
    _check_scope(actor, case, party_steps=True)
    t = TRANSITIONS_BY_NAME.get(name)
    if t is None:
        raise ValidationFailed.field("name", f"未知的办案操作“{name}”")
    changes, extra = parse_step_data(name, data)
    note = (note or "").strip()
    with transaction.atomic():
        row = _lock(case, lock_version)
        before = _state(row)
        decision = _decision_record(row, name, extra, changes) if name in DECISION_STEPS else None
        certified, refusals = (None, [])
        if name in CERTIFIED_STEPS:
            certified, refusals = certified_officers(row, on)
        snap = _build_snapshot(row, name, changes, certified)
        calendar = current_calendar()
        from_state = row.state
        outcome, new_snap, _history = advance(
            snap,
            (),
            name,
            on,
            calendar,
            actor=Actor(str(actor.pk), role),
            at=timezone.now(),
            note=note,
        )
        if not outcome.ok:
            missing = list(outcome.missing)
            if certified is not None and certified < 2:
                missing += [m for m in refusals if m not in missing]
            raise TransitionRefused(t.label, missing)
        if decision is not None:
            row.decision = decision
            row.departure = bool(decision["departure"])
            row.departure_reason = str(decision["departure_reason"])
        _save_step(row, new_snap, calendar)
        event_data: dict[str, object] = {**changes, **extra}
        if decision is not None:
            event_data["decision"] = decision
        _append_event(
            row,
            actor=actor,
            transition=name,
            label=t.label,
            from_state=from_state,
            to_state=row.state,
            on=on,
            note=note,
            document=t.document.value if t.document else "",
            data=event_data,
        )
        summary = f"{row.number} {t.label}（{State(from_state).label} → {row.state_label}）"
        if decision is not None and decision["departure"]:
            summary += "；偏离拟处理意见，已标记执法监督"
        audit_append(
            actor=actor,
            action=f"case_{name}",
            object_type="cases.case",
            object_id=row.pk,
            before=before,
            after=_state(row),
            summary=summary,
        )
        if name == "serve":
            # R-CRED-1: a served penalty decision enters the party's credit record (a no-penalty
            # decision creates none, R-CRED-5); same transaction, so both land or neither does.
            from prudent.credit.services import credit_record_from_case

            credit_record_from_case(actor=actor, case=row, on=on)
    return row


def case_decide(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    tier: str,
    fine_yuan: object = None,
    decided_on: object = None,
    departure_reason: str = "",
    data: Mapping[str, object] | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> Case:
    """Decide with the tier and amount actually chosen: `decide_no_penalty` for a no-penalty
    tier, else `decide_penalty`. Departing from the proposal needs `departure_reason`."""
    on = on or timezone.localdate()
    name = "decide_no_penalty" if tier in NO_PENALTY_TIERS else "decide_penalty"
    payload: dict[str, object] = {
        **dict(data or {}),
        "tier": tier,
        "fine_yuan": fine_yuan,
        "decided_on": decided_on or on,
        "departure_reason": departure_reason,
    }
    return case_transition(
        actor=actor, case=case, name=name, lock_version=lock_version, data=payload, note=note, on=on
    )


# ---------------------------------------------------------------------------- calendar hook


def recompute_provisional(year: int) -> int:
    """`PROVISIONAL_RECOMPUTERS` hook: a holiday schedule for `year` was loaded; recompute the
    deadlines and tasks of open cases that counted that year provisionally. Runs in the loading
    transaction; derived columns only, so `lock_version` is not bumped."""
    calendar = current_calendar()
    changed = 0
    for case in Case.objects.filter(has_provisional=True).select_for_update():
        if not any(year in d.get("years_provisional", []) for d in case.deadlines):
            continue
        snap = case.case_snapshot()
        before = (case.deadlines, case.next_due)
        _derive(case, snap, calendar)
        if (case.deadlines, case.next_due) != before:
            changed += 1
        case.save(
            update_fields=[
                "deadlines",
                "has_provisional",
                "next_due",
                "decision_due",
                "updated_at",
            ]
        )
        _sync_tasks(case, snap)
    return changed
