"""The transitions table (R-CASE-1…5): data, read by `apply` and by docs/workflow.md.

`target=None` marks a step that records something without changing the state (measures,
extensions, correction orders, return visits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lawcore.workflow import guards as g
from lawcore.workflow.guards import Guard
from lawcore.workflow.states import (
    OPEN_STATES,
    ActorRole,
    DocumentType,
    FlexibleMeasure,
    State,
)

OFFICER = ActorRole.OFFICER
HEAD = ActorRole.HEAD
REVIEWER = ActorRole.LEGAL_REVIEWER
ENTERPRISE = ActorRole.ENTERPRISE


@dataclass(frozen=True, slots=True)
class Transition:
    name: str
    label: str
    source_states: frozenset[State]
    target: State | None
    guards: tuple[Guard, ...]
    document: DocumentType | None
    roles: frozenset[ActorRole]
    basis: str = ""
    note_required: str = ""  # non-empty: the note is required and this names it

    def target_from(self, source: State) -> State:
        return source if self.target is None else self.target


def _t(
    name: str,
    label: str,
    sources: set[State] | frozenset[State],
    target: State | None,
    guards: tuple[Guard, ...],
    document: DocumentType | None,
    roles: set[ActorRole],
    basis: str = "",
    note_required: str = "",
) -> Transition:
    return Transition(
        name,
        label,
        frozenset(sources),
        target,
        guards,
        document,
        frozenset(roles),
        basis,
        note_required,
    )


S = State
_AFTER_PROPOSAL = {S.PROPOSED, S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW, S.COLLECTIVE_DISCUSSION}
_BEFORE_DECISION = {
    S.OPENED,
    S.INVESTIGATION,
    *_AFTER_PROPOSAL,
    S.FLEXIBLE,
    S.COMMITMENT,
    S.REINSPECTION,
}
_CORRECTABLE = {S.INVESTIGATION, *_AFTER_PROPOSAL, S.DECIDED, S.SERVED, S.EXECUTING}
_FLEXIBLE = {S.FLEXIBLE, S.COMMITMENT, S.REINSPECTION}
_MEASURE_STATES = {S.FLEXIBLE, S.COMMITMENT}
_MEASURE_DOCUMENTS: dict[FlexibleMeasure, DocumentType] = {
    FlexibleMeasure.REMINDER: DocumentType.REMINDER,
    FlexibleMeasure.SUGGESTION: DocumentType.SUGGESTION,
    FlexibleMeasure.WARNING: DocumentType.WARNING_RECORD,
    FlexibleMeasure.PERSUASION: DocumentType.PERSUASION_RECORD,
    FlexibleMeasure.INTERVIEW: DocumentType.INTERVIEW_NOTICE,
}
CN = "常政办发〔2025〕5号"

TRANSITIONS: tuple[Transition, ...] = (
    # --- lead, verification, opening (R-CASE-1)
    _t("start_verification", "开始核查", {S.LEAD}, S.VERIFICATION, (g.LEAD,), None, {OFFICER},
       "《市场监督管理行政处罚程序规定》第十八条"),
    _t("extend_verification", "延长核查期限", {S.VERIFICATION}, None, (g.VERIFICATION_EXTENSION,),
       None, {HEAD}, "《市场监督管理行政处罚程序规定》第十八条"),
    _t("decline_to_open", "不予立案", {S.VERIFICATION}, S.NOT_OPENED, (g.NOT_OPENED_REASON,),
       DocumentType.OPENING_APPROVAL, {HEAD}, "《市场监督管理行政处罚程序规定》第二十条"),
    _t("open_case", "立案", {S.VERIFICATION}, S.OPENED, (g.OPENING_APPROVED, g.TWO_OFFICERS),
       DocumentType.OPENING_APPROVAL, {HEAD}, "行政处罚法第五十四条；程序规定第十九条"),
    _t("start_investigation", "开始调查取证", {S.OPENED}, S.INVESTIGATION, (g.TWO_OFFICERS,), None,
       {OFFICER}, "行政处罚法第四十二条、第五十五条"),
    _t("record_proposal", "记录拟处理意见", {S.INVESTIGATION}, S.PROPOSED, (g.PROPOSAL, g.TWO_OFFICERS),
       None, {OFFICER}, "行政处罚法第五十七条（R-DEC-1）"),
    # --- notice, hearing, review, discussion
    _t("notify", "告知拟作出的行政处罚和权利", {S.PROPOSED}, S.NOTIFIED,
       (g.PENALTY_PROPOSAL, g.NOTICE_SERVED), DocumentType.PENALTY_NOTICE, {OFFICER},
       "行政处罚法第四十四条、第六十三条、第六十四条"),
    _t("request_hearing", "当事人申请听证", {S.NOTIFIED}, S.HEARING,
       (g.PENALTY_PROPOSAL, g.NOTICE_SERVED, g.HEARING_REQUEST), None, {OFFICER, ENTERPRISE},
       "行政处罚法第六十三条、第六十四条、第八十五条"),
    _t("submit_legal_review", "提交法制审核", {S.NOTIFIED, S.HEARING}, S.LEGAL_REVIEW,
       (g.NOTICE_SERVED, g.HEARING_WINDOW, g.HEARING_DONE, g.LEGAL_REVIEW_SUBMITTED), None,
       {OFFICER}, "行政处罚法第五十八条"),
    _t("discuss_collectively", "提请负责人集体讨论",
       {S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW}, S.COLLECTIVE_DISCUSSION,
       (g.NOTICE_SERVED, g.HEARING_WINDOW, g.HEARING_DONE, g.LEGAL_REVIEW_PASSED), None, {HEAD},
       "行政处罚法第五十七条第二款"),
    _t("reinvestigate", "退回补充调查", {*_AFTER_PROPOSAL}, S.INVESTIGATION, (), None,
       {OFFICER, REVIEWER, HEAD}, "行政处罚法第五十七条、第五十八条", note_required="退回理由"),
    _t("return_from_legal_review", "法制审核未通过，退回补充调查", {S.LEGAL_REVIEW}, S.INVESTIGATION,
       (g.LEGAL_REVIEW_FAILED,), None, {REVIEWER}, "行政处罚法第五十八条",
       note_required="审核意见"),
    # --- decision, service, execution, closing
    _t("decide_penalty", "作出行政处罚决定",
       {S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW, S.COLLECTIVE_DISCUSSION}, S.DECIDED,
       (g.PENALTY_PROPOSAL, g.NOTICE_SERVED, g.HEARING_WINDOW, g.HEARING_DONE,
        g.LEGAL_REVIEW_PASSED, g.COLLECTIVE_HELD), DocumentType.PENALTY_DECISION, {HEAD},
       "行政处罚法第五十七条、第五十九条"),
    _t("decide_no_penalty", "作出不予行政处罚决定",
       {*_AFTER_PROPOSAL, S.REINSPECTION}, S.DECIDED,
       (g.NO_PENALTY_BASIS, g.HEARING_DONE, g.LEGAL_REVIEW_PASSED, g.COLLECTIVE_HELD),
       DocumentType.NO_PENALTY_DECISION, {HEAD}, "行政处罚法第三十三条、第五十七条第一款第（二）（三）项"),
    _t("serve", "送达决定书", {S.DECIDED}, S.SERVED, (g.DECIDED, g.SERVICE),
       DocumentType.SERVICE_RECEIPT, {OFFICER}, "行政处罚法第六十一条"),
    _t("start_execution", "进入执行", {S.SERVED}, S.EXECUTING, (g.PENALTY_DECISION,), None,
       {OFFICER}, "行政处罚法第六十六条、第六十七条"),
    _t("close", "结案", {S.SERVED, S.EXECUTING, S.NOT_OPENED, S.TRANSFERRED, S.FLEXIBLE},
       S.CLOSED, (g.CLOSABLE,), None, {HEAD}, "R-CASE-1、R-CASE-5、R-CASE-6"),
    _t("archive", "归档", {S.CLOSED}, S.ARCHIVED, (g.CASE_FILE,), None, {OFFICER, HEAD},
       f"R-CASE-7；{CN} 第9项"),
    _t("transfer", "移送司法机关", OPEN_STATES, S.TRANSFERRED, (g.TRANSFER_APPROVED,),
       DocumentType.CRIME_TRANSFER, {HEAD}, "行政处罚法第二十七条、第五十七条第一款第（四）项",
       note_required="移送理由（涉嫌犯罪的事实）"),
    # --- period extensions
    _t("extend_decision_period", "延长办案期限三十日", _BEFORE_DECISION, None,
       (g.DECISION_EXTENSION,), None, {HEAD}, "《市场监督管理行政处罚程序规定》（办案期限）"),
    _t("extend_by_collective_discussion", "集体讨论决定继续延期", _BEFORE_DECISION, None,
       (g.COLLECTIVE_EXTENSION,), None, {HEAD}, "《市场监督管理行政处罚程序规定》（办案期限）",
       note_required="集体讨论记录摘要"),
    # --- follow-ups (R-CASE-5, R-CASE-6)
    _t("order_correction", "责令改正", _CORRECTABLE, None, (g.CORRECTION_ORDER,),
       DocumentType.CORRECTION_ORDER, {OFFICER}, "行政处罚法第二十八条；R-CASE-5"),
    _t("reinspect_correction", "责令改正期满复查", _CORRECTABLE, None,
       (g.CORRECTION_REINSPECTION, g.TWO_OFFICERS), DocumentType.REINSPECTION_RECORD, {OFFICER},
       "R-CASE-5"),
    _t("record_return_visit", "回访", {S.SERVED, S.EXECUTING}, None, (g.RETURN_VISIT,),
       DocumentType.RETURN_VISIT_RECORD, {OFFICER}, f"R-CASE-6；{CN} 第5项"),
    # --- flexible path (R-CASE-2…4)
    _t("start_flexible", "启动柔性执法",
       {S.LEAD, S.VERIFICATION, S.OPENED, S.INVESTIGATION, S.PROPOSED}, S.FLEXIBLE,
       (g.FLEXIBLE_CHOSEN,), None, {OFFICER}, f"R-CASE-4；{CN} 第6项"),
    *(
        _t(f"measure_{m.value}", m.label, _MEASURE_STATES, None,
           (g.measure_taken(m), *((g.INTERVIEW,) if m is FlexibleMeasure.INTERVIEW else ())),
           _MEASURE_DOCUMENTS[m], {OFFICER}, f"R-CASE-2；{CN} 第3项、第14项")
        for m in FlexibleMeasure
    ),
    _t("sign_commitment", "签署承诺书", {S.FLEXIBLE}, S.COMMITMENT, (g.COMMITMENT,),
       DocumentType.COMMITMENT, {OFFICER, ENTERPRISE}, f"R-CASE-3；{CN} 第1项"),
    _t("reinspect", "承诺期满复查", {S.COMMITMENT}, S.REINSPECTION,
       (g.REINSPECTION, g.TWO_OFFICERS), DocumentType.REINSPECTION_RECORD, {OFFICER}, "R-CASE-3"),
    _t("end_flexible", "终止柔性执法，转一般程序（已立案）", _FLEXIBLE, S.INVESTIGATION,
       (g.FLEXIBLE_END, g.OPENED), None, {OFFICER, HEAD}, f"R-CASE-3、R-CASE-4；{CN} 第8项"),
    _t("end_flexible_unopened", "终止柔性执法，回到核查（未立案）", _FLEXIBLE, S.VERIFICATION,
       (g.FLEXIBLE_END, g.NOT_OPENED_YET), None, {OFFICER, HEAD},
       f"R-CASE-3、R-CASE-4；{CN} 第8项"),
)  # fmt: skip

TRANSITIONS_BY_NAME: Mapping[str, Transition] = MappingProxyType({t.name: t for t in TRANSITIONS})
assert len(TRANSITIONS_BY_NAME) == len(TRANSITIONS), "transition names must be unique"


def transitions_from(state: State) -> tuple[Transition, ...]:
    """The transitions whose source states include `state`, in table order."""
    return tuple(t for t in TRANSITIONS if state in t.source_states)
