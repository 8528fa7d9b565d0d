"""One builder per :class:`DocumentKind`: typed inputs in, a :class:`DocumentSpec` out.

The wording is Prudent's own; the fields follow CONVENTIONS.md §5 (SAMR 2021 templates, APL 44,
59, 63, 64, 67). The reasons come from the decision engine (:class:`Reasoning`). Every builder
checks its input and raises :class:`DocumentInputError` naming the field.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

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
    Statement,
    require_items,
    require_officers,
    require_text,
)
from prudent.documents.model import (
    DateLine,
    DocumentInputError,
    DocumentKind,
    DocumentSpec,
    Heading,
    Paragraph,
    Party,
    PartyType,
    Section,
    Signature,
    Table,
    format_date,
    format_datetime,
)
from prudent.documents.money import amount_text
from prudent.documents.numbering import DocumentNumber

BLANK = "＿＿＿＿＿＿"
SIGN_DATE = "　　年　　月　　日"

# ---------------------------------------------------------------- shared pieces


def _spec(
    kind: DocumentKind,
    *,
    authority: str,
    number: DocumentNumber | None,
    date: datetime.date,
    party: Party | None,
    sections: Sequence[Section],
    addressee: str | None = None,
    letterhead: bool = True,
    party_block: bool = True,
) -> DocumentSpec:
    require_text(authority, "authority", "发文机关")
    return DocumentSpec(
        kind=kind,
        authority=authority.strip(),
        number=number,
        title=kind.title_zh,
        addressee=addressee,
        party=party,
        sections=tuple(sections),
        date=date,
        letterhead=letterhead,
        party_block=party_block,
    )


def _record(
    kind: DocumentKind,
    *,
    authority: str,
    date: datetime.date,
    party: Party,
    rows: Sequence[tuple[str, str]],
) -> DocumentSpec:
    """An unnumbered record laid out as one two-column table (复查、回访、送达、劝导 records)."""
    return _spec(
        kind,
        authority=authority,
        number=None,
        date=date,
        party=party,
        sections=[Table(tuple(rows))],
        party_block=False,
    )


def _signature(label: str) -> tuple[str, str]:
    """A signature row: the signer signs and dates by hand."""
    return (label, f"\n签名：{BLANK}{SIGN_DATE}")


def _paras(texts: Sequence[str]) -> list[Section]:
    return [Paragraph(t) for t in texts]


def _numbered(texts: Sequence[str]) -> list[Section]:
    return [Paragraph(f"{i}. {t}") for i, t in enumerate(texts, 1)]


def _seal(authority: str, date: datetime.date) -> list[Section]:
    return [Signature((authority, "（印章）"), seal=True), DateLine(date)]


def _reasons(reasoning: Reasoning) -> tuple[str, ...]:
    return require_items(reasoning.reasons, "reasons", "处理理由")


def _basis(reasoning: Reasoning) -> str:
    basis = reasoning.basis_text()
    if not basis:
        raise DocumentInputError("citations", "应写明法律依据（citations）。")
    return basis


def _penalty_lines(penalty: Penalty) -> list[Section]:
    lines = list(penalty.kinds)
    if penalty.fine is not None:
        lines.append(f"罚款{amount_text(penalty.fine)}")
    return _numbered(lines)


def _remedies(you: str, remedies: Remedies, what: str) -> list[Section]:
    require_text(remedies.review_body, "remedies.review_body", "行政复议机关")
    require_text(remedies.court, "remedies.court", "人民法院")
    return [
        Paragraph(
            f"{you}如不服本{what}，可以自收到本{what}书之日起六十日内向{remedies.review_body}"
            f"申请行政复议，也可以自收到本{what}书之日起六个月内依法向{remedies.court}提起行政诉讼。"
        )
    ]


def _moment(value: datetime.datetime | datetime.date) -> str:
    """To the minute for a datetime (送达时间), the day alone when only the date was recorded."""
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    return format_date(value)


def _contact(contact: Contact | None) -> list[Section]:
    return [Paragraph(contact.text)] if contact is not None else []


# ---------------------------------------------------------------- 1. 立案审批表


def build_case_filing_approval(
    *,
    authority: str,
    number: DocumentNumber | None,
    date: datetime.date,
    party: Party,
    source: str,
    cause: str,
    summary: str,
    handler_opinion: str,
    handlers: Sequence[Officer],
    unit_opinion: str = "",
    head_opinion: str = "",
) -> DocumentSpec:
    """立案审批表: 案件来源, 案由, 当事人, 简要案情及立案理由, three opinions with signatures."""
    officers = require_officers(handlers, "handlers")
    rows: list[tuple[str, str]] = [
        ("案件来源", require_text(source, "source", "案件来源")),
        ("案由", require_text(cause, "cause", "案由")),
        ("当事人", party.name),
        (party.code_label, party.code),
        (party.address_label, party.address),
    ]
    if party.legal_representative:
        rows.append((party.representative_label, party.legal_representative))
    rows.append(("联系电话", party.phone or ""))
    rows.append(("简要案情及\n立案理由", require_text(summary, "summary", "简要案情及立案理由")))
    signers = "、".join(o.text for o in officers)
    rows.append(
        (
            "承办人意见",
            f"{require_text(handler_opinion, 'handler_opinion', '承办人意见')}\n"
            f"承办人：{signers}\n{format_date(date)}",
        )
    )
    rows.append(("承办机构意见", f"{unit_opinion}\n签名：{BLANK}{SIGN_DATE}"))
    rows.append(("机关负责人\n审批意见", f"{head_opinion}\n签名：{BLANK}{SIGN_DATE}"))
    return _spec(
        DocumentKind.CASE_FILING_APPROVAL,
        authority=authority,
        number=number,
        date=date,
        party=party,
        sections=[Table(tuple(rows))],
        party_block=False,
    )


# ---------------------------------------------------------------- 2. 行政处罚告知书


def build_penalty_notice(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    case_opened: datetime.date,
    cause: str,
    facts: Sequence[str],
    evidence: Sequence[str],
    reasoning: Reasoning,
    penalty: Penalty,
    hearing_right: bool,
    contact: Contact,
) -> DocumentSpec:
    """行政处罚告知书: intended penalty with facts, reasons and basis; 陈述、申辩 (APL 44, 45) and,
    when the penalty carries it (APL 63), the hearing request within five working days (APL 64)."""
    you = party.you
    s: list[Section] = [
        Paragraph(
            f"本机关于{format_date(case_opened)}对{you}涉嫌{require_text(cause, 'cause', '案由')}"
            "一案立案调查。经查："
        ),
        *_paras(require_items(facts, "facts", "违法事实")),
        Paragraph("以上事实有下列证据证明："),
        *_numbered(require_items(evidence, "evidence", "证据")),
        Paragraph("本机关认为："),
        *_paras(_reasons(reasoning)),
        Paragraph(f"依据{_basis(reasoning)}的规定，本机关拟对{you}作出如下行政处罚："),
        *_penalty_lines(penalty),
        Paragraph(
            f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{you}有权进行陈述和申辩。"
            f"{you}可以自收到本告知书之日起五个工作日内向本机关提出陈述、申辩意见。本机关将对{you}"
            "提出的事实、理由和证据进行复核，成立的予以采纳，不因陈述、申辩而给予更重的处罚。"
        ),
    ]
    if hearing_right:
        s.append(
            Paragraph(
                f"根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{you}有权要求听证。"
                f"{you}要求听证的，应当自收到本告知书之日起五个工作日内向本机关提出；本机关将在举行"
                f"听证的七日前通知{you}听证的时间、地点。"
            )
        )
        s.append(Paragraph("逾期未提出陈述、申辩意见或者未要求听证的，视为放弃上述权利。"))
    else:
        s.append(Paragraph("逾期未提出陈述、申辩意见的，视为放弃上述权利。"))
    s += [*_contact(contact), *_seal(authority, date)]
    return _spec(
        DocumentKind.PENALTY_NOTICE,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=party.name,
        sections=s,
    )


# ---------------------------------------------------------------- 3. 不予行政处罚决定书


def build_no_penalty_decision(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    case_opened: datetime.date,
    cause: str,
    investigation: str,
    facts: Sequence[str],
    evidence: Sequence[str],
    reasoning: Reasoning,
    remedies: Remedies,
    correction: str = "",
) -> DocumentSpec:
    """不予行政处罚决定书 (首违不罚, 轻微不罚, 无主观过错): facts, evidence, the engine's reasons and
    basis, the education given (APL 33 ¶3, 免罚不免责), the follow-ups and the remedies."""
    you = party.you
    s: list[Section] = [
        Heading("一、案件来源及调查经过"),
        Paragraph(
            f"本机关于{format_date(case_opened)}对{you}涉嫌{require_text(cause, 'cause', '案由')}一案立案调查。"
            + require_text(investigation, "investigation", "调查经过")
        ),
        Heading("二、违法事实及证据"),
        *_paras(require_items(facts, "facts", "违法事实")),
        Paragraph("以上事实有下列证据证明："),
        *_numbered(require_items(evidence, "evidence", "证据")),
        Heading("三、不予行政处罚的理由和依据"),
        *_paras(_reasons(reasoning)),
        Paragraph(f"依据{_basis(reasoning)}的规定，本机关决定对{you}不予行政处罚。"),
        Heading("四、教育及后续监管"),
        Paragraph(
            f"不予行政处罚不免除{you}守法的责任。本机关已对{you}进行法治教育，{you}应当自觉守法、"
            "诚信经营，再次发生同一违法行为的，本机关将依法从严处理。"
        ),
    ]
    if correction.strip():
        s.append(Paragraph(correction.strip()))
    for f in reasoning.follow_ups:
        if f.kind in ("re_inspection", "return_visit") and f.due is not None:
            s.append(Paragraph(f"{f.text.rstrip('。')}（{format_date(f.due)}前）。"))
    s += [Heading("五、救济途径和期限"), *_remedies(you, remedies, "决定")]
    s += _seal(authority, date)
    return _spec(
        DocumentKind.NO_PENALTY_DECISION,
        authority=authority,
        number=number,
        date=date,
        party=party,
        sections=s,
    )


# ---------------------------------------------------------------- 4. 行政处罚决定书


def build_penalty_decision(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    case_opened: datetime.date,
    cause: str,
    investigation: str,
    facts: Sequence[str],
    evidence: Sequence[str],
    statements: Sequence[Statement],
    hearing: str,
    reasoning: Reasoning,
    penalty: Penalty,
    payment: Payment | None,
    remedies: Remedies,
) -> DocumentSpec:
    """行政处罚决定书 with the APL 59 contents: party; source and investigation; facts; evidence;
    陈述、申辩 and hearing and their handling; kinds and basis with the fine in figures and 大写;
    payment within fifteen days at the designated bank (APL 67, 罚缴分离); 行政复议 within sixty
    days and 行政诉讼 within six months; authority, seal and date."""
    you = party.you
    s: list[Section] = [
        Heading("一、案件来源及调查经过"),
        Paragraph(
            f"本机关于{format_date(case_opened)}对{you}涉嫌{require_text(cause, 'cause', '案由')}一案立案调查。"
            + require_text(investigation, "investigation", "调查经过")
        ),
        Heading("二、违法事实"),
        *_paras(require_items(facts, "facts", "违法事实")),
        Heading("三、证据"),
        Paragraph("以上事实有下列证据证明："),
        *_numbered(require_items(evidence, "evidence", "证据")),
        Heading("四、陈述、申辩和听证情况"),
    ]
    if statements:
        for st in statements:
            verdict = "予以采纳" if st.adopted else "不予采纳"
            s.append(
                Paragraph(
                    f"{you}提出：{st.text.rstrip('。')}。经复核，本机关{verdict}，理由是：{st.reason}"
                )
            )
    else:
        s.append(
            Paragraph(
                f"本机关依法告知{you}拟作出的行政处罚内容及事实、理由、依据和享有的权利，"
                f"{you}在法定期限内未提出陈述、申辩意见。"
            )
        )
    s.append(Paragraph(hearing.strip() or f"{you}未要求听证。"))
    s += [
        Heading("五、行政处罚的种类和依据"),
        Paragraph("本机关认为："),
        *_paras(_reasons(reasoning)),
        Paragraph(f"依据{_basis(reasoning)}的规定，本机关决定对{you}作出如下行政处罚："),
        *_penalty_lines(penalty),
    ]
    if penalty.fine is not None:
        if payment is None:
            raise DocumentInputError("payment", "处以罚款的，应写明缴纳罚款的指定银行。")
        bank = require_text(payment.bank, "payment.bank", "指定银行")
        account = "".join(
            [
                f"，户名：{payment.account_name}" if payment.account_name else "",
                f"，账号：{payment.account}" if payment.account else "",
            ]
        )
        s += [
            Heading("六、履行方式和期限"),
            Paragraph(
                f"{you}应当自收到本决定书之日起十五日内，持本决定书到{bank}{account}缴纳罚款，或者通过"
                "电子支付系统缴纳罚款。作出本决定的行政机关及其执法人员不得自行收缴罚款（罚缴分离）。"
            ),
            Paragraph(
                "到期不缴纳罚款的，本机关可以依照《中华人民共和国行政处罚法》第七十二条的规定，每日按罚款"
                "数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额，并可以依法申请人民法院强制执行。"
            ),
        ]
    s += [
        Heading("七、救济途径和期限" if penalty.fine is not None else "六、救济途径和期限"),
        *_remedies(you, remedies, "决定"),
        Paragraph("申请行政复议或者提起行政诉讼期间，本决定不停止执行，法律另有规定的除外。"),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.PENALTY_DECISION,
        authority=authority,
        number=number,
        date=date,
        party=party,
        sections=s,
    )


# ---------------------------------------------------------------- 5. 责令改正通知书


def build_correction_order(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    facts: Sequence[str],
    basis: Sequence[str],
    requirements: Sequence[str],
    deadline: datetime.date,
    contact: Contact | None = None,
) -> DocumentSpec:
    """责令改正通知书: the violation, its basis, what to correct, by when; re-inspection follows."""
    if deadline <= date:
        raise DocumentInputError("deadline", "改正期限应晚于通知日期。")
    you = party.you
    s: list[Section] = [
        Paragraph(f"经查，{you}存在下列违法行为："),
        *_paras(require_items(facts, "facts", "违法行为")),
        Paragraph(
            f"上述行为违反了{'、'.join(require_items(basis, 'basis', '法律依据'))}的规定。本机关责令{you}"
            f"于{format_date(deadline)}前改正，具体要求如下："
        ),
        *_numbered(require_items(requirements, "requirements", "改正要求")),
        Paragraph(
            f"{you}应当在改正期限届满前将改正情况书面报告本机关。本机关将在期限届满后对改正情况进行复查；"
            "逾期不改正或者改正不到位的，本机关将依法处理。"
        ),
        *_contact(contact),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.CORRECTION_ORDER,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=party.name,
        sections=s,
        party_block=False,
    )


# ---------------------------------------------------------------- 6. 行政提示书 / 7. 行政建议书


def build_reminder(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    findings: Sequence[str],
    basis: Sequence[str],
    reminders: Sequence[str],
    contact: Contact | None = None,
) -> DocumentSpec:
    """行政提示书 (柔性执法): what was seen, the rules that apply, what the party should mind."""
    you = party.you
    s: list[Section] = [
        Paragraph(f"本机关在日常监管中发现，{you}存在以下情况："),
        *_paras(require_items(findings, "findings", "发现的情况")),
        Paragraph(
            f"根据{'、'.join(require_items(basis, 'basis', '法律依据'))}的规定，现就有关事项提示如下："
        ),
        *_numbered(require_items(reminders, "reminders", "提示事项")),
        Paragraph(
            f"本提示书属于行政指导，不对{you}设定新的义务。请{you}对照上述事项自查自纠、依法经营；"
            "有疑问的，可以向本机关咨询。"
        ),
        *_contact(contact),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.REMINDER,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=party.name,
        sections=s,
        party_block=False,
    )


def build_suggestion(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    findings: Sequence[str],
    suggestions: Sequence[str],
    feedback_by: datetime.date | None = None,
    contact: Contact | None = None,
) -> DocumentSpec:
    """行政建议书 (柔性执法): the issue found and the department's suggestions, with feedback date."""
    if feedback_by is not None and feedback_by <= date:
        raise DocumentInputError("feedback_by", "反馈期限应晚于建议日期。")
    you = party.you
    s: list[Section] = [
        Paragraph(f"本机关在监管工作中发现，{you}存在以下问题："),
        *_paras(require_items(findings, "findings", "发现的问题")),
        Paragraph(f"为帮助{you}规范经营、防范违法风险，本机关提出如下建议："),
        *_numbered(require_items(suggestions, "suggestions", "建议")),
    ]
    if feedback_by is not None:
        s.append(Paragraph(f"请{you}于{format_date(feedback_by)}前将采纳情况书面反馈本机关。"))
    s += [
        Paragraph("本建议书属于行政指导，不具有强制执行力。"),
        *_contact(contact),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.SUGGESTION,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=party.name,
        sections=s,
        party_block=False,
    )


# ---------------------------------------------------------------- 8. 约谈通知书


def build_interview_notice(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    matter: str,
    when: datetime.datetime,
    place: str,
    attendees: str,
    materials: Sequence[str] = (),
    joint_departments: Sequence[str] = (),
    contact: Contact | None = None,
) -> DocumentSpec:
    """约谈通知书: why, when, where, who must attend, what to bring; joint interviews name the
    other departments."""
    if when.date() <= date:
        raise DocumentInputError("when", "约谈时间应晚于通知日期。")
    you = party.you
    who = "本机关"
    if joint_departments:
        who = "本机关会同" + "、".join(
            require_items(joint_departments, "joint_departments", "联合约谈部门")
        )
    s: list[Section] = [
        Paragraph(
            f"因{you}{require_text(matter, 'matter', '约谈事由')}，{who}决定对{you}进行约谈。"
            "现将有关事项通知如下："
        ),
        Paragraph(f"一、约谈时间：{format_datetime(when)}"),
        Paragraph(f"二、约谈地点：{require_text(place, 'place', '约谈地点')}"),
        Paragraph(f"三、参加人员：{require_text(attendees, 'attendees', '参加人员')}"),
    ]
    if materials:
        s.append(Paragraph("四、需携带的材料："))
        s += _numbered(materials)
    s += [
        Paragraph(
            f"请{you}按时参加。因故不能按时参加的，应当提前向本机关说明理由。约谈情况将记录在案，"
            "作为后续监管的参考。"
        ),
        *_contact(contact),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.INTERVIEW_NOTICE,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=party.name,
        sections=s,
        party_block=False,
    )


# ---------------------------------------------------------------- 9. 承诺书


def build_commitment(
    *,
    authority: str,
    date: datetime.date,
    party: Party,
    facts: Sequence[str],
    measures: Sequence[str],
    deadline: datetime.date,
    reference: DocumentNumber | None = None,
) -> DocumentSpec:
    """承诺书, given by the party to the authority: the violation, the corrective measures, the
    deadline, and the undertaking to accept re-inspection and lawful handling if it fails."""
    if deadline <= date:
        raise DocumentInputError("deadline", "承诺改正期限应晚于承诺日期。")
    self_ = "本人" if party.kind is PartyType.CITIZEN else "本单位"
    ref = f"（{reference}）" if reference is not None else ""
    auth = require_text(authority, "authority", "发文机关")
    s: list[Section] = [
        Paragraph(f"{self_}就{auth}指出{ref}的下列问题："),
        *_paras(require_items(facts, "facts", "违法行为")),
        Paragraph("自愿选择包容审慎监管方式，郑重承诺："),
        Paragraph(f"一、于{format_date(deadline)}前采取下列措施完成改正："),
        *_numbered(require_items(measures, "measures", "改正措施")),
        Paragraph(f"二、改正完成后及时向{auth}书面报告，并接受{auth}的复查和回访。"),
        Paragraph("三、自觉遵守法律、法规和规章，不再发生同类违法行为。"),
        Paragraph(
            f"四、未按期改正、改正不到位或者违背本承诺的，{self_}自愿接受{auth}依法处理，"
            "并同意将本承诺及履行情况记入信用记录。"
        ),
        Signature((f"承诺人（签名或者盖章）：{BLANK}", _signer_line(party))),
        DateLine(date),
    ]
    return _spec(
        DocumentKind.COMMITMENT,
        authority=auth,
        number=None,
        date=date,
        party=party,
        addressee=auth,
        sections=s,
        letterhead=False,
    )


def _signer_line(party: Party) -> str:
    if party.kind is PartyType.CITIZEN:
        return f"公民身份号码：{party.code}"
    return f"{party.representative_label}（签名）：{BLANK}"


# ---------------------------------------------------------------- 10. 复查记录 / 11. 回访记录


def build_reinspection_record(
    *,
    authority: str,
    date: datetime.date,
    party: Party,
    when: datetime.datetime | datetime.date,
    place: str,
    officers: Sequence[Officer],
    order: DocumentNumber | None,
    requirements: Sequence[str],
    findings: str,
    outcome: ReinspectionOutcome,
    next_step: str = "",
) -> DocumentSpec:
    """复查记录 (R-CASE-5): who, when, where, against which order, what was found, the outcome."""
    staff = require_officers(officers, "officers")
    rows: tuple[tuple[str, str], ...] = (
        ("被复查人", party.name),
        (party.code_label, party.code),
        (party.address_label, party.address),
        ("复查时间", _moment(when)),
        ("复查地点", require_text(place, "place", "复查地点")),
        ("复查人员", "、".join(o.text for o in staff)),
        (
            "复查依据",
            (f"{order}\n" if order else "")
            + "\n".join(
                f"{i}. {r}"
                for i, r in enumerate(require_items(requirements, "requirements", "改正要求"), 1)
            ),
        ),
        ("复查情况", require_text(findings, "findings", "复查情况")),
        ("复查结论", outcome.zh),
        ("处理意见", next_step.strip() or _default_next_step(outcome)),
        _signature("被复查人意见\n及签名"),
        _signature("复查人签名"),
    )
    return _record(
        DocumentKind.REINSPECTION_RECORD, authority=authority, date=date, party=party, rows=rows
    )


def _default_next_step(outcome: ReinspectionOutcome) -> str:
    if outcome is ReinspectionOutcome.CORRECTED:
        return "已改正，依法作出处理决定并安排回访。"
    return "未改正或者改正不到位，依法转入普通程序处理，保留全部记录。"


def build_return_visit_record(
    *,
    authority: str,
    date: datetime.date,
    party: Party,
    when: datetime.datetime | datetime.date,
    method: str,
    visitors: Sequence[Officer],
    decision: DocumentNumber | None,
    correction_account: str,
    opinion: str,
    score: int,
) -> DocumentSpec:
    """回访记录 (R-CASE-6): the party's account of the correction, its opinion of the enforcement
    and a satisfaction score from 1 to 5."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise DocumentInputError("score", "满意度评分应为 1 至 5 的整数。")
    if not visitors:
        raise DocumentInputError("visitors", "应写明回访人员。")
    rows: tuple[tuple[str, str], ...] = (
        ("回访对象", party.name),
        (party.code_label, party.code),
        ("原处理决定", str(decision) if decision else "—"),
        ("回访时间", _moment(when)),
        ("回访方式", require_text(method, "method", "回访方式")),
        ("回访人员", "、".join(o.text for o in visitors)),
        (
            "整改情况\n（当事人陈述）",
            require_text(correction_account, "correction_account", "整改情况"),
        ),
        ("对执法工作的\n意见和建议", opinion.strip() or "无"),
        ("满意度评分", f"{score}分（满分5分）"),
        _signature("被回访人签名"),
        _signature("回访人签名"),
    )
    return _record(
        DocumentKind.RETURN_VISIT_RECORD, authority=authority, date=date, party=party, rows=rows
    )


# ---------------------------------------------------------------- 12. 送达回证


def build_service_receipt(
    *,
    authority: str,
    date: datetime.date,
    party: Party,
    documents: Sequence[ServedDocument],
    served_at: datetime.datetime | datetime.date,
    place: str,
    method: ServiceMethod,
    servers: Sequence[str],
    receiver: str = "",
    relation: str = "",
    witness: str = "",
    electronic_consent: bool = False,
    remarks: str = "",
) -> DocumentSpec:
    """送达回证 (CONVENTIONS.md §5.3): documents and numbers, 送达单位, 受送达人, time to the minute,
    place, method, receiver's signature and relation, witness (留置), servers, remarks. One receipt may
    list several documents served at once."""
    if not documents:
        raise DocumentInputError("documents", "送达文书至少应有一份。")
    if method is ServiceMethod.ELECTRONIC and not electronic_consent:
        raise DocumentInputError("method", "电子送达须经受送达人同意并签订送达地址确认书。")
    if method is ServiceMethod.LEFT_AT_ADDRESS and not witness.strip():
        raise DocumentInputError("witness", "留置送达应写明见证人（或者以拍照、录像记录）。")
    require_items(servers, "servers", "送达人")
    rows: tuple[tuple[str, str], ...] = (
        ("送达文书名称\n及文号", "\n".join(d.text for d in documents)),
        ("送达单位", require_text(authority, "authority", "送达单位")),
        ("受送达人", party.name),
        ("送达时间", _moment(served_at)),
        ("送达地点", require_text(place, "place", "送达地点")),
        ("送达方式", method.zh),
        ("收件人签名或盖章", f"{receiver}\n与受送达人关系：{relation or '本人'}\n{SIGN_DATE}"),
        ("见证人签名", witness or ""),
        ("送达人签名", "、".join(servers)),
        ("备注", remarks),
    )
    return _record(
        DocumentKind.SERVICE_RECEIPT, authority=authority, date=date, party=party, rows=rows
    )


# ---------------------------------------------------------------- 13. 警示告诫书 / 14. 劝导示范记录


def build_warning_record(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    findings: Sequence[str],
    basis: Sequence[str],
    warnings: Sequence[str],
    consequences: str = "",
    contact: Contact | None = None,
) -> DocumentSpec:
    """警示告诫书 (柔性执法, 常政办发〔2025〕5号 第14项): the conduct found, the rules it touches, what
    the party is warned to do or stop, and what follows if it continues. Not a penalty: a
    行政处罚 警告 is a decision (APL 9) and goes in the 行政处罚决定书."""
    you = party.you
    s: list[Section] = [
        Paragraph(f"经查，{you}存在以下行为："),
        *_paras(require_items(findings, "findings", "发现的行为")),
        Paragraph(
            f"上述行为不符合{'、'.join(require_items(basis, 'basis', '法律依据'))}的规定。"
            f"本着教育与处罚相结合的原则，本机关现对{you}予以警示告诫："
        ),
        *_numbered(require_items(warnings, "warnings", "告诫事项")),
        Paragraph(
            consequences.strip()
            or f"{you}如继续实施或者再次发生上述行为，本机关将依法调查处理，并将本次告诫作为认定情节的参考。"
        ),
        Paragraph(f"本告诫书属于柔性执法措施，不是行政处罚决定，不影响{you}依法享有的权利。"),
        *_contact(contact),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.WARNING_RECORD,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=party.name,
        sections=s,
        party_block=False,
    )


def build_persuasion_record(
    *,
    authority: str,
    date: datetime.date,
    party: Party,
    when: datetime.datetime | datetime.date,
    place: str,
    officers: Sequence[Officer],
    issues: Sequence[str],
    demonstration: Sequence[str],
    response: str,
    agreed: bool,
) -> DocumentSpec:
    """劝导示范记录 (柔性执法, 常政办发〔2025〕5号 第14项): who persuaded whom, when and where, the
    issue, what was explained and shown (示范), the party's response and whether it agreed to
    change; signed by the officers and the party. Not numbered (a record, like 复查记录)."""
    staff = require_officers(officers, "officers")
    rows: tuple[tuple[str, str], ...] = (
        ("被劝导人", party.name),
        (party.code_label, party.code),
        (party.address_label, party.address),
        ("劝导时间", _moment(when)),
        ("劝导地点", require_text(place, "place", "劝导地点")),
        ("执法人员", "、".join(o.text for o in staff)),
        ("存在的问题", "\n".join(require_items(issues, "issues", "存在的问题"))),
        (
            "劝导和示范内容",
            "\n".join(
                f"{i}. {d}"
                for i, d in enumerate(
                    require_items(demonstration, "demonstration", "劝导和示范内容"), 1
                )
            ),
        ),
        ("当事人意见", require_text(response, "response", "当事人意见")),
        (
            "劝导结果",
            "当事人接受劝导，承诺自行规范经营" if agreed else "当事人未接受劝导，依法继续处理",
        ),
        _signature("当事人签名"),
        _signature("执法人员签名"),
    )
    return _record(
        DocumentKind.PERSUASION_RECORD, authority=authority, date=date, party=party, rows=rows
    )


# ---------------------------------------------------------------- 15. 涉嫌犯罪案件移送书


def build_crime_transfer(
    *,
    authority: str,
    number: DocumentNumber,
    date: datetime.date,
    party: Party,
    receiver: str,
    cause: str,
    facts: Sequence[str],
    basis: Sequence[str],
    materials: Sequence[str],
    contact: Contact | None = None,
) -> DocumentSpec:
    """涉嫌犯罪案件移送书 (SAMR 2021 范本 5; APL 27, 57 ¶1 (四); 《行政执法机关移送涉嫌犯罪案件的
    规定》): to the public security organ, the case, the suspected facts, the basis for the
    transfer and the list of materials handed over."""
    to = require_text(receiver, "receiver", "接收移送的机关")
    s: list[Section] = [
        Paragraph(
            f"本机关在查处{party.name}{require_text(cause, 'cause', '案由')}一案中，发现下列涉嫌犯罪的事实："
        ),
        *_paras(require_items(facts, "facts", "涉嫌犯罪的事实")),
        Paragraph(
            f"根据{'、'.join(require_items(basis, 'basis', '移送依据'))}的规定，现将该案移送你机关依法处理。"
            "请你机关自接受移送之日起依法作出立案或者不予立案的决定，并书面告知本机关。"
        ),
        Paragraph("附：移送材料清单"),
        *_numbered(require_items(materials, "materials", "移送材料")),
        *_contact(contact),
        *_seal(authority, date),
    ]
    return _spec(
        DocumentKind.CRIME_TRANSFER,
        authority=authority,
        number=number,
        date=date,
        party=party,
        addressee=to,
        sections=s,
    )
