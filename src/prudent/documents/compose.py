"""From a case to a `DocumentSpec` (R-CASE-8): which kinds a case may generate now, and the
builder inputs taken from the case — the party from the entity directory, the department as the
authority, the engine's proposal and the decision (`Case.proposal`, `Case.decision`, reasons and
citations from `Decision.to_json()`), facts, officers with their 执法证号 (`prudent.certificates`),
dates, and the hearing right from the proposal's procedure. Nothing is written here.

Availability follows the workflow table (`lawcore.workflow`, each transition's `document`): the
document of every step the case has passed may be generated, and the documents that are prepared
for the next step itself — the 立案审批表 while the case is under verification (the head approves
on it), the 行政处罚告知书 once a penalty is proposed (it is served before the `notify` step) —
may be generated before that step. Everything else is refused with the step it waits for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from lawcore.workflow import TRANSITIONS_BY_NAME, DocumentType, State, transitions_from
from prudent.core.errors import ValidationFailed
from prudent.documents import builders as b
from prudent.documents.inputs import (
    Contact,
    Officer,
    Payment,
    Penalty,
    Reasoning,
    ReinspectionOutcome,
    Remedies,
    ServedDocument,
    ServiceMethod,
)
from prudent.documents.model import DocumentKind, DocumentSpec, Party, PartyType
from prudent.documents.numbering import DocumentNumber, parse_number

#: 机关代字 suffix per numbered kind: the number is `{department.short_name}{suffix}〔year〕N号`.
#: The 立案审批表 carries the case number itself (衡县市监立〔2026〕N号, allocated when the case
#: was registered); 承诺书, 复查记录, 回访记录, 劝导示范记录 and 送达回证 are not numbered.
PREFIX_SUFFIX: dict[DocumentKind, str] = {
    DocumentKind.PENALTY_NOTICE: "罚告",
    DocumentKind.NO_PENALTY_DECISION: "不罚",
    DocumentKind.PENALTY_DECISION: "罚决",
    DocumentKind.CORRECTION_ORDER: "责改",
    DocumentKind.REMINDER: "提示",
    DocumentKind.SUGGESTION: "建议",
    DocumentKind.INTERVIEW_NOTICE: "约谈",
    DocumentKind.WARNING_RECORD: "警示",
    DocumentKind.CRIME_TRANSFER: "移",
}
#: Documents prepared for a step before it is taken, while that step is open from the state.
PREPARED_FOR_STEP = frozenset({DocumentType.OPENING_APPROVAL, DocumentType.PENALTY_NOTICE})
PENALTY_KIND_ZH = {
    "warning": "警告",
    "circulated_criticism": "通报批评",
    "confiscate_illegal_income": "没收违法所得",
    "confiscate_illegal_property": "没收非法财物",
    "suspend_licence": "暂扣许可证件",
    "lower_qualification": "降低资质等级",
    "revoke_licence": "吊销许可证件",
    "restrict_business": "限制开展生产经营活动",
    "suspend_production": "责令停产停业",
    "order_closure": "责令关闭",
    "restrict_practice": "限制从业",
    "detention": "行政拘留",
    "other": "法律、行政法规规定的其他行政处罚",
}
DEFAULT_EVIDENCE = "本案案卷所附证据材料（见证据清单）"
DEFAULT_INVESTIGATION = "本机关执法人员依法进行了调查取证。"


def kind_of_type(doc: DocumentType) -> DocumentKind | None:
    if doc is DocumentType.OPENING_APPROVAL:
        return DocumentKind.CASE_FILING_APPROVAL
    try:
        return DocumentKind(doc.value)
    except ValueError:
        return None  # pragma: no cover - every workflow document has a kind


def type_of_kind(kind: DocumentKind) -> DocumentType:
    if kind is DocumentKind.CASE_FILING_APPROVAL:
        return DocumentType.OPENING_APPROVAL
    return DocumentType(kind.value)


def steps_of_kind(kind: DocumentKind) -> list[str]:
    doc = type_of_kind(kind)
    return [t.label for t in TRANSITIONS_BY_NAME.values() if t.document is doc]


def available_kinds(case: Any, *, served_any: bool = False) -> dict[DocumentKind, str]:
    """The kinds the case may generate now → why (the step passed or about to be taken)."""
    out: dict[DocumentKind, str] = {}
    for name, doc in case.events.exclude(document_type="").values_list(
        "transition", "document_type"
    ):
        kind = kind_of_type(DocumentType(doc))
        if kind is not None and kind not in out:
            out[kind] = f"已办理“{TRANSITIONS_BY_NAME[name].label}”"
    state = State(case.state)
    for t in transitions_from(state):
        if t.document in PREPARED_FOR_STEP:
            kind = kind_of_type(t.document)
            assert kind is not None
            if kind is DocumentKind.PENALTY_NOTICE and not _penalty_proposed(case):
                continue
            out.setdefault(kind, f"用于办理“{t.label}”")
    if served_any:
        out.setdefault(DocumentKind.SERVICE_RECEIPT, "已登记文书送达")
    return {k: out[k] for k in DocumentKind if k in out}


def refusal(kind: DocumentKind, case: Any) -> str:
    steps = "、".join(f"“{s}”" for s in steps_of_kind(kind)) or "相应步骤"
    return f"案件处于“{case.state_label}”状态，尚未办理{steps}，现在不能生成{kind.title_zh}。"


def _penalty_proposed(case: Any) -> bool:
    return bool(case.proposal) and bool((case.snapshot.get("proposal") or {}).get("penalty"))


# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Context:
    case: Any
    on: dt.date
    details: Mapping[str, Any]
    officers: tuple[Officer, ...]
    certificate_errors: tuple[str, ...]

    def text(self, key: str, default: str = "") -> str:
        value = self.details.get(key)
        return str(value).strip() if value not in (None, "") else default

    def texts(self, key: str, default: Sequence[str]) -> tuple[str, ...]:
        value = self.details.get(key)
        if isinstance(value, str):
            items = [line.strip() for line in value.splitlines() if line.strip()]
        elif isinstance(value, list | tuple):
            items = [str(v).strip() for v in value if str(v).strip()]
        else:
            items = []
        return tuple(items or default)


def party_of(case: Any, details: Mapping[str, Any]) -> Party:
    entity = case.party
    kind = {
        "natural_person": PartyType.CITIZEN,
        "individual_business": PartyType.INDIVIDUAL_BUSINESS,
    }.get(entity.kind, PartyType.ORGANISATION)
    rep = str(details.get("legal_representative") or "").strip()
    if kind is PartyType.ORGANISATION and not rep:
        raise ValidationFailed.field(
            "legal_representative", "名录库未记录该单位的法定代表人（负责人），请在生成文书时填写。"
        )
    return Party(
        kind,
        entity.name,
        entity.code,
        entity.address,
        legal_representative=rep,
        phone=str(details.get("phone") or "").strip(),
    )


def officers_of(case: Any, on: dt.date) -> tuple[tuple[Officer, ...], tuple[str, ...]]:
    """The assigned officers (主办 first) with the 执法证号 they act under on `on`, and the
    refusal of each who holds no valid certificate for the department's field (R-CASE-13)."""
    from prudent.certificates.services import CertificateRefused, certificate_require

    out: list[Officer] = []
    errors: list[str] = []
    for a in case.assignments.select_related("officer").order_by("-role", "pk"):
        try:
            cert = certificate_require(officer=a.officer, field=case.department.field, on=on)
        except CertificateRefused as exc:
            errors.append(exc.message)
        else:
            out.append(Officer(a.officer.display_name, cert.number))
    return tuple(out), tuple(errors)


def _require_two(ctx: Context) -> tuple[Officer, ...]:
    if len(ctx.officers) < 2:
        msgs = [
            "执法人员不得少于两人且须持有有效执法证（行政处罚法第四十二条）",
            *ctx.certificate_errors,
        ]
        raise ValidationFailed("承办人员不符合要求，未生成文书。", errors={"officers": msgs})
    return ctx.officers


def _event(case: Any, *names: str) -> dict[str, Any]:
    ev = case.events.filter(transition__in=names).order_by("-seq").first()
    return dict(ev.data) if ev is not None else {}


def _event_on(case: Any, *names: str) -> dt.date | None:
    ev = case.events.filter(transition__in=names).order_by("-seq").first()
    return ev.on if ev is not None else None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _reasoning(case: Any, *, with_departure: bool) -> Reasoning:
    if not case.proposal:
        raise ValidationFailed.field(
            "proposal", "案件尚无裁量引擎的拟处理意见，不能写明理由和依据。"
        )
    reasoning = Reasoning.from_decision_json(case.proposal)
    decision = case.decision or {}
    if with_departure and decision.get("departure") and decision.get("departure_reason"):
        reasoning = Reasoning(
            (
                *reasoning.reasons,
                f"本机关决定不采用拟处理意见的裁量，理由是：{decision['departure_reason']}",
            ),
            reasoning.citations,
            reasoning.follow_ups,
        )
    return reasoning


def _money(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _penalty(case: Any, *, decided: bool) -> Penalty:
    proposal = case.proposal or {}
    kinds = tuple(
        PENALTY_KIND_ZH[k] for k in proposal.get("penalty_kinds") or [] if k in PENALTY_KIND_ZH
    )
    if decided:
        fine = _money((case.decision or {}).get("fine_yuan"))
    else:
        fine = _money((proposal.get("fine") or {}).get("proposed"))
    if fine is not None and fine <= 0:
        fine = None
    return Penalty(kinds, fine)


def _contact(ctx: Context) -> Contact:
    lead = ctx.officers[0].name if ctx.officers else ctx.case.department.name
    phone = ctx.text(
        "contact_phone", getattr(settings, "PRUDENT_DOCUMENT_PHONE", "") or "见本机关公示电话"
    )
    return Contact(lead, phone)


def _remedies(case: Any) -> Remedies:
    gov = case.department.government.name
    court = (
        gov.replace("人民政府", "人民法院") if gov.endswith("人民政府") else f"{gov}所在地人民法院"
    )
    return Remedies(gov, court)


def _facts(ctx: Context) -> tuple[str, ...]:
    case = ctx.case
    when = (
        f"于{case.violation_on.year}年{case.violation_on.month}月{case.violation_on.day}日"
        if case.violation_on
        else ""
    )
    default = f"当事人{case.party.name}{when}存在{case.title}的行为。"
    return ctx.texts("facts", [default])


def _basis(case: Any, on: dt.date) -> tuple[str, ...]:
    """The engine's citations when there is a proposal, else the provisions the item's rulebook
    says the act violates (its 违法依据)."""
    if case.proposal:
        return Reasoning.from_decision_json(case.proposal).basis_labels()
    from prudent.discretion import catalogue

    entry = catalogue.find_item(case.item_code, on, case.rulebook_id or None)
    if entry is None:
        return ()
    return tuple(p.cite() for p in entry.item.violated_provisions)


def _case_opened(case: Any) -> dt.date:
    return case.opened_on or case.lead_received_on


def _hearing(case: Any) -> str:
    snap = case.snapshot
    held = _date(snap.get("hearing_held_on"))
    if held is not None:
        return f"本机关于{held.year}年{held.month}月{held.day}日依法举行了听证。"
    if snap.get("hearing_waived"):
        return "当事人明确表示放弃听证。"
    return ""


def build_spec(  # noqa: C901 - one branch per kind
    kind: DocumentKind,
    case: Any,
    *,
    on: dt.date,
    number: DocumentNumber | None,
    details: Mapping[str, Any] | None = None,
    served: Sequence[Any] = (),
) -> tuple[DocumentSpec, dict[str, Any]]:
    """The spec of `kind` for `case` and the data it was built from (stored with the document)."""
    details = dict(details or {})
    officers, cert_errors = officers_of(case, on)
    ctx = Context(case, on, details, officers, cert_errors)
    authority = case.department.name
    party = party_of(case, details)
    common: dict[str, Any] = {"authority": authority, "date": on, "party": party}
    if kind is DocumentKind.CASE_FILING_APPROVAL:
        spec = b.build_case_filing_approval(
            **common,
            number=number,
            source=case.source_label,
            cause=case.title,
            summary=ctx.text("summary", f"{_facts(ctx)[0]}涉嫌违法，依法应当立案调查。"),
            handler_opinion=ctx.text("handler_opinion", "建议立案调查。"),
            handlers=_require_two(ctx),
            unit_opinion=ctx.text("unit_opinion"),
            head_opinion=ctx.text("head_opinion", "同意立案。" if case.opened_on else ""),
        )
    elif kind is DocumentKind.PENALTY_NOTICE:
        assert number is not None
        spec = b.build_penalty_notice(
            **common,
            number=number,
            case_opened=_case_opened(case),
            cause=case.title,
            facts=_facts(ctx),
            evidence=ctx.texts("evidence", [DEFAULT_EVIDENCE]),
            reasoning=_reasoning(case, with_departure=False),
            penalty=_penalty(case, decided=False),
            hearing_right=bool(((case.proposal or {}).get("procedure") or {}).get("hearing_right")),
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.PENALTY_DECISION:
        assert number is not None
        spec = b.build_penalty_decision(
            **common,
            number=number,
            case_opened=_case_opened(case),
            cause=case.title,
            investigation=ctx.text("investigation", DEFAULT_INVESTIGATION),
            facts=_facts(ctx),
            evidence=ctx.texts("evidence", [DEFAULT_EVIDENCE]),
            statements=(),
            hearing=_hearing(case),
            reasoning=_reasoning(case, with_departure=True),
            penalty=_penalty(case, decided=True),
            payment=Payment(
                ctx.text(
                    "payment_bank",
                    getattr(settings, "PRUDENT_FINE_BANK", "") or "本机关指定的代收罚款银行",
                )
            ),
            remedies=_remedies(case),
        )
    elif kind is DocumentKind.NO_PENALTY_DECISION:
        assert number is not None
        spec = b.build_no_penalty_decision(
            **common,
            number=number,
            case_opened=_case_opened(case),
            cause=case.title,
            investigation=ctx.text("investigation", DEFAULT_INVESTIGATION),
            facts=_facts(ctx),
            evidence=ctx.texts("evidence", [DEFAULT_EVIDENCE]),
            reasoning=_reasoning(case, with_departure=True),
            remedies=_remedies(case),
            correction=ctx.text("correction"),
        )
    elif kind is DocumentKind.CORRECTION_ORDER:
        assert number is not None
        deadline = _date(case.snapshot.get("correction_deadline")) or _date(details.get("deadline"))
        if deadline is None:
            raise ValidationFailed.field("deadline", "请填写责令改正期限。")
        spec = b.build_correction_order(
            **common,
            number=number,
            facts=_facts(ctx),
            basis=ctx.texts("basis", _basis(case, on)),
            requirements=ctx.texts("requirements", [f"立即停止{case.title}的行为并改正"]),
            deadline=deadline,
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.REMINDER:
        assert number is not None
        spec = b.build_reminder(
            **common,
            number=number,
            findings=_facts(ctx),
            basis=ctx.texts("basis", _basis(case, on)),
            reminders=ctx.texts("reminders", ["对照有关规定自查自纠，依法规范经营"]),
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.SUGGESTION:
        assert number is not None
        spec = b.build_suggestion(
            **common,
            number=number,
            findings=_facts(ctx),
            suggestions=ctx.texts("suggestions", ["建立健全内部管理制度，防范同类问题再次发生"]),
            feedback_by=_date(details.get("feedback_by")),
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.INTERVIEW_NOTICE:
        assert number is not None
        raw = details.get("interview_at")
        try:
            when = raw if isinstance(raw, dt.datetime) else dt.datetime.fromisoformat(str(raw))
        except ValueError:
            raise ValidationFailed.field(
                "interview_at", "请填写约谈时间（YYYY-MM-DDTHH:MM）。"
            ) from None
        data = _event(case, "measure_interview")
        spec = b.build_interview_notice(
            **common,
            number=number,
            matter=ctx.text("matter", f"涉嫌{case.title}"),
            when=when,
            place=ctx.text("place", case.department.name),
            attendees=ctx.text("attendees", "法定代表人（负责人）或者经营者本人"),
            joint_departments=tuple(data.get("interview_departments") or ()),
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.COMMITMENT:
        snap = case.snapshot
        deadline = _date(snap.get("commitment_deadline"))
        if deadline is None:
            raise ValidationFailed.field("commitment_deadline", "案件未记录承诺改正期限。")
        spec = b.build_commitment(
            authority=authority,
            date=_date(snap.get("commitment_signed_on")) or on,
            party=party,
            facts=_facts(ctx),
            measures=ctx.texts("measures", [f"立即停止{case.title}的行为并完成改正"]),
            deadline=deadline,
        )
    elif kind is DocumentKind.REINSPECTION_RECORD:
        snap = case.snapshot
        result = snap.get("reinspection_result") or snap.get("correction_result") or "not_corrected"
        when = (
            _date(snap.get("reinspection_on")) or _date(snap.get("correction_reinspected_on")) or on
        )
        outcome = {
            "corrected": ReinspectionOutcome.CORRECTED,
            "partly_corrected": ReinspectionOutcome.PARTLY_CORRECTED,
        }.get(str(result), ReinspectionOutcome.NOT_CORRECTED)
        spec = b.build_reinspection_record(
            **common,
            when=when,
            place=ctx.text("place", case.party.address or "当事人经营场所"),
            officers=_require_two(ctx),
            order=_latest_number(case, DocumentKind.CORRECTION_ORDER),
            requirements=ctx.texts("requirements", [f"改正{case.title}的行为"]),
            findings=ctx.text("findings", outcome.zh),
            outcome=outcome,
        )
    elif kind is DocumentKind.RETURN_VISIT_RECORD:
        snap = case.snapshot
        data = _event(case, "record_return_visit")
        score = snap.get("return_visit_score")
        spec = b.build_return_visit_record(
            **common,
            when=_date(snap.get("return_visit_on")) or on,
            method=ctx.text("method", "实地回访"),
            visitors=officers or _require_two(ctx),
            decision=_latest_number(
                case, DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION
            ),
            correction_account=ctx.text(
                "correction_account", str(data.get("correction_account") or "")
            ),
            opinion=ctx.text("opinion", str(data.get("opinion") or "")),
            score=int(score) if isinstance(score, int) else 0,
        )
    elif kind is DocumentKind.WARNING_RECORD:
        assert number is not None
        spec = b.build_warning_record(
            **common,
            number=number,
            findings=_facts(ctx),
            basis=ctx.texts("basis", _basis(case, on)),
            warnings=ctx.texts("warnings", [f"立即停止{case.title}的行为，依法规范经营"]),
            consequences=ctx.text("consequences"),
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.PERSUASION_RECORD:
        ev = case.events.filter(transition="measure_persuasion").order_by("-seq").first()
        spec = b.build_persuasion_record(
            **common,
            when=_date(details.get("when")) or (ev.on if ev is not None else on),
            place=ctx.text("place", case.party.address or "当事人经营场所"),
            officers=_require_two(ctx),
            issues=_facts(ctx),
            demonstration=ctx.texts(
                "demonstration", [ev.note] if ev is not None and ev.note else ["讲解有关法律规定"]
            ),
            response=ctx.text("response", "当事人表示接受。"),
            agreed=str(details.get("agreed", "true")).lower() not in {"false", "0", "no", "否"},
        )
    elif kind is DocumentKind.CRIME_TRANSFER:
        assert number is not None
        ev = case.events.filter(transition="transfer").order_by("-seq").first()
        reason = ev.note if ev is not None and ev.note else ""
        spec = b.build_crime_transfer(
            **common,
            number=number,
            receiver=ctx.text(
                "receiver", f"{case.department.government.name.removesuffix('人民政府')}公安局"
            ),
            cause=case.title,
            facts=ctx.texts("facts", [reason] if reason else list(_facts(ctx))),
            basis=ctx.texts(
                "basis",
                [
                    "《中华人民共和国行政处罚法》第二十七条第一款",
                    "《行政执法机关移送涉嫌犯罪案件的规定》第三条",
                ],
            ),
            materials=ctx.texts(
                "materials", ["涉嫌犯罪案件调查报告", "涉案物品清单", DEFAULT_EVIDENCE]
            ),
            contact=_contact(ctx),
        )
    elif kind is DocumentKind.SERVICE_RECEIPT:
        if not served:
            raise ValidationFailed.field("documents", "尚无已登记送达的文书。")
        first = served[0]
        method = _RECEIPT_METHOD[first.service_method]
        spec = b.build_service_receipt(
            authority=authority,
            date=on,
            party=party,
            documents=[
                ServedDocument(d.title, parse_number(d.number) if d.number else None)
                for d in served
            ],
            served_at=first.served_on,
            place=ctx.text("place", case.party.address or "—"),
            method=method,
            servers=[first.served_by.display_name]
            if first.served_by
            else [o.name for o in officers],
            receiver=first.service_recipient,
            witness=ctx.text("witness"),
            electronic_consent=first.service_method == "electronic",
            remarks=first.service_note,
        )
    else:  # pragma: no cover - every kind has a branch
        raise ValidationFailed.field("kind", f"未知的文书种类“{kind}”")
    data = {
        "kind": kind.value,
        "number": str(number) if number else "",
        "date": on.isoformat(),
        "authority": authority,
        "party": {
            "kind": party.kind.value,
            "name": party.name,
            "code": party.code,
            "address": party.address,
            "legal_representative": party.legal_representative,
        },
        "officers": [{"name": o.name, "certificate_no": o.certificate_no} for o in officers],
        "proposal": case.proposal,
        "decision": case.decision,
        "details": {
            k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in details.items()
        },
        "served": [d.pk for d in served],
        "text": spec.plain_text(),
    }
    return spec, data


_RECEIPT_METHOD = {
    "direct": ServiceMethod.DIRECT,
    "left_at_address": ServiceMethod.LEFT_AT_ADDRESS,
    "electronic": ServiceMethod.ELECTRONIC,
    "post": ServiceMethod.POST,
    "entrusted": ServiceMethod.ENTRUSTED,
    "forwarded": ServiceMethod.FORWARDED,
    "public_notice": ServiceMethod.PUBLIC_NOTICE,
}


def _latest_number(case: Any, *kinds: DocumentKind) -> DocumentNumber | None:
    number = (
        case.documents.filter(kind__in=[k.value for k in kinds])
        .exclude(number="")
        .order_by("-pk")
        .values_list("number", flat=True)
        .first()
    )
    return parse_number(number) if number else None
