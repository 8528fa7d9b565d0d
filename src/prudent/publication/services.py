"""Publishing and withdrawing penalty decisions (issue #4 part 9; R-CASE-12, R-PUB-2).

- `publication_publish(actor, case, on, text=, third_parties=)` — a head of the case's department
  publishes a decided penalty: refused (409, with the reason) for a minor, a decision imposing no
  penalty or only a warning, a simple-procedure decision, a case not yet decided, or a case already
  published. The 行政处罚信息摘要 and the text are processed here: a natural person is shown as
  张某某, ID numbers, phones, bank accounts and a natural person's address are masked, third
  parties' names anonymised; a business keeps its name, credit code and place of business.
- `publication_withdraw(actor, publication, on, reason, kind=, changed_on=)` — withdraw early.
- `publication_decision_changed(actor, case, changed_on, reason, on=)` — **for other apps**
  (the correction of a decision): withdraws the case's active publication, if any; the 3 working
  days of APL 48 / 45号令 Art. 11 are recorded as `withdrawal_due` and a late withdrawal is said so
  in the audit trail.
- `publication_expire(on)` — withdraws every publication whose period has ended
  (`prudent publication expire`, daily).

Each is ONE transaction with `audit_append` inside; the case's snapshot (`published_on`,
`publication_withdrawn_on`, `decision_changed_on`) is recorded with `case_record` in the same
transaction, so the case timeline shows the publication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lawcore.identifiers.citizen_id import birth_date
from lawcore.law.kinds import PenaltyKind
from lawcore.masking import mask_citizen_id, mask_person_name, redact_text
from lawcore.publication import (
    DoNotPublish,
    ProcedureKind,
    Severity,
    is_minor,
    publication_due,
    publication_rule,
    publication_severity,
    publication_window,
    withdrawal_due,
)
from lawcore.workflow import DecisionKind, State
from prudent.calendars.services import current_calendar
from prudent.cases.models import Case
from prudent.cases.services import case_record
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.publication.models import Publication

NATURAL_PERSON = "natural_person"
#: States in which a decision exists (decided and on).
DECIDED_STATES = frozenset(
    {State.DECIDED, State.SERVED, State.EXECUTING, State.CLOSED, State.ARCHIVED}
)
PENALTY_LABELS: Mapping[PenaltyKind, str] = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.CIRCULATED_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_ILLEGAL_INCOME: "没收违法所得",
    PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY: "没收非法财物",
    PenaltyKind.SUSPEND_LICENCE: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_LICENCE: "吊销许可证件",
    PenaltyKind.RESTRICT_BUSINESS: "限制开展生产经营活动",
    PenaltyKind.SUSPEND_PRODUCTION: "责令停产停业",
    PenaltyKind.ORDER_CLOSURE: "责令关闭",
    PenaltyKind.RESTRICT_PRACTICE: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "其他行政处罚",
}
REASON_MAX = 1000
TEXT_MAX = 50_000


# ------------------------------------------------------------------------------- what a case is


def _fine(case: Case) -> Decimal | None:
    raw = (case.decision or {}).get("fine_yuan")
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def penalty_kinds(case: Case) -> tuple[PenaltyKind, ...]:
    """The kinds of penalty the decision imposes: stated in the decision if present, else the
    proposal's kinds when the decided tier is the proposed one, with 罚款 following the decided
    amount; a 不予行政处罚 decision imposes none."""
    decision = case.decision or {}
    snap = case.snapshot or {}
    if snap.get("decision_kind") == DecisionKind.NO_PENALTY.value or decision.get("tier") in (
        "no_penalty",
        "not_punishable",
    ):
        return ()
    if "penalty_kinds" in decision:
        return tuple(PenaltyKind(k) for k in decision["penalty_kinds"])
    kinds = {PenaltyKind(k) for k in (case.proposal or {}).get("penalty_kinds", [])}
    fine = _fine(case)
    if fine is not None and fine > 0:
        kinds.add(PenaltyKind.FINE)
    else:
        kinds.discard(PenaltyKind.FINE)
    return tuple(k for k in PenaltyKind if k in kinds)


def procedure_kind(case: Case) -> ProcedureKind:
    simple = ((case.proposal or {}).get("procedure") or {}).get("simple")
    return ProcedureKind.SIMPLE if simple else ProcedureKind.ORDINARY


def party_is_minor(case: Case) -> bool:
    """A natural person under 18 on the day of the violation (or, if unknown, of the lead), from
    the birth date in the citizen ID; or the case's `minor` fact."""
    if (case.facts or {}).get("minor") is True:
        return True
    if case.party.kind != NATURAL_PERSON:
        return False
    on = case.violation_on or case.lead_received_on or case.decided_on
    return on is not None and is_minor(birth_date(case.party.code), on)


def verdict(case: Case) -> DoNotPublish | None:
    """Why the case's decision is not published (None: it is, once decided)."""
    rule = publication_rule(
        case.party.kind, party_is_minor(case), penalty_kinds(case), procedure_kind(case)
    )
    return rule if isinstance(rule, DoNotPublish) else None


def due_date(case: Case) -> dt.date | None:
    """The last day to publish (20 working days from the decision), if decided."""
    if case.decided_on is None:
        return None
    return publication_due(case.decided_on, current_calendar()).date


def _severity(case: Case, kinds: Sequence[PenaltyKind]) -> Severity:
    limits = getattr(settings, "PRUDENT_PUBLICATION_LOW_FINE_YUAN", {})
    key = "citizen" if case.party.kind == NATURAL_PERSON else "organisation"
    limit = Decimal(str(limits.get(key, 0)))
    return publication_severity(kinds, _fine(case), limit)


def _periods() -> dict[str, int]:
    return dict(getattr(settings, "PRUDENT_PUBLICATION_PERIODS", {}))


def penalty_content(kinds: Sequence[PenaltyKind], fine: Decimal | None) -> str:
    parts = []
    for k in kinds:
        if k is PenaltyKind.FINE and fine is not None:
            parts.append(f"罚款人民币{fine.normalize():f}元")
        else:
            parts.append(PENALTY_LABELS[k])
    return "；".join(parts)


def _summary(case: Case, kinds: Sequence[PenaltyKind], anonymise: bool) -> dict[str, object]:
    party = case.party
    decision = case.decision or {}
    item_name = str((case.proposal or {}).get("item_name") or "").strip()
    return {
        "number": str(decision.get("document_number") or case.number),
        "party_name": mask_person_name(party.name) if anonymise else party.name,
        "party_code": mask_citizen_id(party.code) if anonymise else party.code,
        "party_kind": party.kind,
        "violation_type": item_name or case.title,
        "penalty_content": penalty_content(kinds, _fine(case)),
        "authority": case.department.name,
        "decided_on": case.decided_on,
    }


def compose_text(case: Case, summary: Mapping[str, object]) -> str:
    """The decision's text when none is given: party, facts, reasons, basis, penalty, remedies —
    the content of 行政处罚决定书 (APL 59) from the case record. It is then processed like any text."""
    party = case.party
    proposal = case.proposal or {}
    lines = [
        f"{summary['authority']}行政处罚决定书",
        str(summary["number"]),
        f"当事人：{party.name}",
        f"统一社会信用代码/身份证号码：{party.code}",
    ]
    if party.address:
        label = "住址" if party.kind == NATURAL_PERSON else "经营场所"
        lines.append(f"{label}：{party.address}")
    lines.append(f"案由：{case.title}")
    if case.violation_on:
        lines.append(f"违法行为发生日期：{case.violation_on:%Y年%-m月%-d日}")
    reasons = [str(r) for r in proposal.get("reasons", [])]
    if reasons:
        lines.append("理由：" + "；".join(reasons))
    citations = [str(c.get("label", "")) for c in proposal.get("citations", []) if c.get("label")]
    if citations:
        lines.append("依据：" + "、".join(citations))
    lines.append(f"行政处罚内容：{summary['penalty_content']}")
    lines.append(
        "当事人如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
        "或者六个月内依法向人民法院提起行政诉讼。"
    )
    lines.append(f"{summary['authority']}　{case.decided_on:%Y年%-m月%-d日}")
    return "\n".join(lines)


def _process(case: Case, text: str, third_parties: Iterable[str], anonymise: bool) -> str:
    party = case.party
    names = [n for n in third_parties if n.strip()]
    ids: list[str] = []
    addresses: list[str] = []
    keep: list[str] = []
    if anonymise:
        names.append(party.name)
        ids.append(party.code)
        if party.address:
            addresses.append(party.address)
    else:
        keep.append(party.code)  # a business's credit code and place of business are public
        if party.address:
            keep.append(party.address)
    return redact_text(text, names=names, ids=ids, addresses=addresses, keep=keep)


def _parse_names(third_parties: Iterable[str] | str) -> list[str]:
    if isinstance(third_parties, str):
        raw = third_parties.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
    else:
        raw = list(third_parties)
    return [n.strip() for n in raw if n and n.strip()]


# ------------------------------------------------------------------------------------- checks


def _require_head(actor: Any, case: Case) -> None:
    role = user_role(actor)
    if role not in (Role.HEAD, Role.ADMIN):
        raise Forbidden("只有部门负责人可以公示或撤回行政处罚决定。")
    if not Case.objects.restrict(actor, Action.CHANGE).filter(pk=case.pk).exists():
        if Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists():
            raise Forbidden("您只能查看该案件，不能公示。")
        raise NotFound("案件不存在或不在您的办理范围内。")


def _record_on_case(
    actor: Any, case_pk: int, changes: dict[str, object], summary: str, on: dt.date
) -> None:
    row = Case.objects.select_for_update().get(pk=case_pk)
    case_record(
        actor=actor,
        case=row,
        lock_version=row.lock_version,
        changes=changes,
        summary=summary,
        on=on,
    )


def _state(p: Publication) -> dict[str, object]:
    return {
        "case": p.case_id,
        "number": p.number,
        "party_name": p.party_name,
        "published_on": p.published_on.isoformat(),
        "due_by": p.due_by.isoformat(),
        "withdraw_on": p.withdraw_on.isoformat(),
        "withdrawn_on": p.withdrawn_on.isoformat() if p.withdrawn_on else None,
        "withdraw_kind": p.withdraw_kind,
        "withdraw_reason": p.withdraw_reason,
    }


# ----------------------------------------------------------------------------------- services


def publication_publish(
    *,
    actor: Any,
    case: Case,
    on: dt.date | None = None,
    text: str = "",
    third_parties: Iterable[str] | str = (),
) -> Publication:
    """Publish the case's decision (R-CASE-12). Everything is checked before anything is written."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = Case.objects.select_for_update().select_related("party", "department").get(pk=case.pk)
        _require_head(actor, row)
        if State(row.state) not in DECIDED_STATES or row.decided_on is None:
            raise Conflict(
                "案件尚未作出行政处罚决定，不能公示。",
                errors={"case": [f"案件状态为“{row.state_label}”，作出决定后才能公示"]},
            )
        refused = verdict(row)
        if refused is not None:
            raise Conflict(f"不予公示：{refused.text}", errors={"case": [refused.text]})
        if Publication.objects.filter(case=row, withdrawn_on__isnull=True).exists():
            raise Conflict("该决定已公示，不能重复公示。", errors={"case": ["该决定已公示"]})
        errors: dict[str, list[str]] = {}
        if on < row.decided_on:
            errors["on"] = ["公示日期不能早于作出决定的日期"]
        if len(text) > TEXT_MAX:
            errors["text"] = [f"决定书正文不能超过{TEXT_MAX}字"]
        names = _parse_names(third_parties)
        if any(len(n) > 50 for n in names):
            errors["third_parties"] = ["第三人姓名每个不超过50字，以逗号分隔"]
        if errors:
            raise ValidationFailed("公示内容有误，未公示。", errors=errors)
        kinds = penalty_kinds(row)
        anonymise = row.party.kind == NATURAL_PERSON
        summary = _summary(row, kinds, anonymise)
        body = text.strip() or compose_text(row, summary)
        severity = _severity(row, kinds)
        window = publication_window(row.decided_on, on, severity, current_calendar(), _periods())
        pub = Publication.objects.create(
            case=row,
            **summary,  # type: ignore[arg-type]
            text=_process(row, body, names, anonymise),
            severity=severity.value,
            period_months=window.months,
            published_on=on,
            due_by=window.due_by.date,
            due_provisional=window.due_by.provisional,
            withdraw_on=window.withdraw_on,
            published_by=actor if getattr(actor, "pk", None) else None,
        )
        late = on > window.due_by.date
        note = f"公示行政处罚决定（公示至{window.withdraw_on:%Y-%m-%d}）"
        if late:
            note += f"；超过应公示期限{window.due_by.date:%Y-%m-%d}"
        _record_on_case(
            actor,
            row.pk,
            {
                "published_on": on.isoformat(),
                "publication_withdrawn_on": None,
                "decision_changed_on": None,
            },
            note,
            on,
        )
        audit_append(
            actor=actor,
            action="publication_publish",
            object_type="publication.publication",
            object_id=pub.pk,
            after=_state(pub),
            summary=f"{row.number} {note}",
        )
    return pub


def _withdraw(
    actor: Any,
    pub: Publication,
    on: dt.date,
    reason: str,
    kind: Publication.WithdrawKind,
    changed_on: dt.date | None,
) -> Publication:
    before = _state(pub)
    due = withdrawal_due(changed_on, current_calendar()).date if changed_on else None
    pub.withdrawn_on = on
    pub.withdraw_kind = kind.value
    pub.withdraw_reason = reason
    pub.decision_changed_on = changed_on
    pub.withdrawal_due = due
    pub.withdrawn_by = actor if getattr(actor, "pk", None) else None
    pub.save()
    note = f"撤回公示的行政处罚决定（{kind.label}）：{reason}"
    if due is not None and on > due:
        note += f"；超过应撤回期限{due:%Y-%m-%d}"
    changes: dict[str, object] = {"publication_withdrawn_on": on.isoformat()}
    if changed_on is not None:
        changes["decision_changed_on"] = changed_on.isoformat()
    _record_on_case(actor, pub.case_id, changes, note, on)
    audit_append(
        actor=actor,
        action=f"publication_withdraw_{kind.value}",
        object_type="publication.publication",
        object_id=pub.pk,
        before=before,
        after=_state(pub),
        summary=f"{pub.number} {note}",
    )
    return pub


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.field("reason", "请填写撤回理由")
    if len(reason) > REASON_MAX:
        raise ValidationFailed.field("reason", f"撤回理由不能超过{REASON_MAX}字")
    return reason


def publication_withdraw(
    *,
    actor: Any,
    publication: Publication,
    reason: str,
    on: dt.date | None = None,
    kind: str = Publication.WithdrawKind.OTHER,
    changed_on: dt.date | None = None,
) -> Publication:
    """Withdraw a publication early (a head of the case's department), with the reason. For a
    decision changed or revoked, `kind="decision_changed"` and `changed_on` (default `on`)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        pub = Publication.objects.select_for_update().select_related("case").get(pk=publication.pk)
        _require_head(actor, pub.case)
        try:
            wkind = Publication.WithdrawKind(kind)
        except ValueError:
            raise ValidationFailed.field("kind", "撤回原因类别无效") from None
        text = _reason(reason)
        if pub.withdrawn_on is not None:
            raise Conflict("该公示已撤回。", errors={"publication": ["该公示已撤回"]})
        if on < pub.published_on:
            raise ValidationFailed.field("on", "撤回日期不能早于公示日期")
        if wkind is Publication.WithdrawKind.DECISION_CHANGED:
            changed_on = changed_on or on
            if changed_on > on:
                raise ValidationFailed.field("changed_on", "决定变更日期不能晚于撤回日期")
        else:
            changed_on = None
        return _withdraw(actor, pub, on, text, wkind, changed_on)


def publication_decision_changed(
    *,
    actor: Any,
    case: Case,
    changed_on: dt.date,
    reason: str,
    on: dt.date | None = None,
) -> Publication | None:
    """For other apps (correcting a decision, R-CASE-11): the decision of `case` was changed,
    revoked, or confirmed illegal or void on `changed_on` → withdraw its active publication now
    (APL 48 ¶2: within 3 working days). None when nothing is published. Call it inside the
    correcting transaction; the caller is responsible for its own permission checks, so no role
    check is made here."""
    on = on or timezone.localdate()
    text = _reason(reason)
    with transaction.atomic():
        pub = (
            Publication.objects.select_for_update()
            .filter(case_id=case.pk, withdrawn_on__isnull=True)
            .first()
        )
        if pub is None:
            return None
        if changed_on > on:
            raise ValidationFailed.field("changed_on", "决定变更日期不能晚于撤回日期")
        return _withdraw(
            actor,
            pub,
            max(on, pub.published_on),
            text,
            Publication.WithdrawKind.DECISION_CHANGED,
            changed_on,
        )


def publication_expire(*, on: dt.date | None = None, actor: Any = None) -> list[Publication]:
    """Withdraw every publication whose period has ended (公示截止日期 `withdraw_on` before `on`):
    one transaction."""
    on = on or timezone.localdate()
    done: list[Publication] = []
    with transaction.atomic():
        due = (
            Publication.objects.select_for_update()
            .filter(withdrawn_on__isnull=True, withdraw_on__lt=on)
            .order_by("withdraw_on", "pk")
        )
        for pub in due:
            reason = f"公示期满（自{pub.published_on:%Y-%m-%d}起{pub.period_months}个月，至{pub.withdraw_on:%Y-%m-%d}）"
            done.append(
                _withdraw(
                    actor or "system", pub, on, reason, Publication.WithdrawKind.EXPIRED, None
                )
            )
    return done
