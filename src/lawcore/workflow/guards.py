"""Guards: pure checks over a `CaseSnapshot` returning the missing prerequisites, in Chinese.

Each `Guard` has a stable `name`, a Chinese `text` describing what it requires (for
docs/workflow.md and the UI) and `check(snapshot, on, calendar) -> list[str]`; an empty list means
the prerequisite is met. Guards never raise on incomplete data: missing data is a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lawcore.calendar import Calendar, add_days
from lawcore.workflow.deadlines import (
    HEARING_NOTICE_WORKING_DAYS,
    PUBLIC_NOTICE_DAYS,
    decision_due,
    hearing_request_due,
    verification_due,
)
from lawcore.workflow.snapshot import CaseSnapshot
from lawcore.workflow.states import (
    DecisionKind,
    ExecutionStatus,
    FlexibleEndReason,
    FlexibleMeasure,
    InterviewMode,
    NotOpenedReason,
    ReinspectionResult,
    ServiceMethod,
    State,
)

Check = Callable[[CaseSnapshot, date, Calendar], list[str]]


@dataclass(frozen=True, slots=True)
class Guard:
    name: str
    text: str
    check: Check

    def __call__(self, s: CaseSnapshot, on: date, calendar: Calendar) -> list[str]:
        return self.check(s, on, calendar)


# ----------------------------------------------------------------------------- messages

MSG_LEAD_SOURCE = "缺少线索来源"
MSG_LEAD_DATE = "缺少发现线索或者收到材料的日期"
MSG_NOT_OPENED_REASON = "缺少不予立案的理由（《市场监督管理行政处罚程序规定》第二十条）"
MSG_NOT_OPENED_NOTE = "不予立案理由为“依法可以不予立案的其他情形”时，须写明具体理由"
MSG_OPENING_APPROVAL = "立案未经部门负责人批准"
MSG_OPENED_ON = "缺少立案日期"
MSG_PROPOSAL = "缺少裁量引擎的拟处理意见"
MSG_PROPOSAL_NOT_PENALTY = (
    "拟处理意见为不予行政处罚，无需告知拟作出的行政处罚，应作出不予行政处罚决定"
)
MSG_PROPOSAL_IS_PENALTY = (
    "拟处理意见为行政处罚：须先告知当事人拟作出的行政处罚及其权利（《中华人民共和国行政处罚法》第四十四条），"
    "按一般程序作出行政处罚决定"
)
MSG_NOTICE = "行政处罚告知书尚未送达（缺少告知送达日期，《中华人民共和国行政处罚法》第四十四条）"
MSG_NO_HEARING_RIGHT = (
    "拟作出的行政处罚不属于应当告知听证权利的情形（《中华人民共和国行政处罚法》第六十三条）"
)
MSG_HEARING_REQUESTED_ON = "缺少当事人提出听证申请的日期"
MSG_HEARING_NOT_HELD = "听证尚未举行（当事人放弃听证的，须记录放弃）"
MSG_HEARING_NOTICE_SENT = "缺少听证通知送达日期"
MSG_LEGAL_REVIEW_SUBMITTED = "缺少提交法制审核的日期"
MSG_LEGAL_REVIEW_NOT_PASSED = "法制审核尚未通过（《中华人民共和国行政处罚法》第五十八条：未经法制审核或者审核未通过的，不得作出决定）"
MSG_LEGAL_REVIEW_NOT_FAILED = "法制审核已通过或尚无结论，不能退回补充调查"
MSG_COLLECTIVE = "尚未经行政机关负责人集体讨论（《中华人民共和国行政处罚法》第五十七条第二款）"
MSG_DECIDED_ON = "缺少决定日期"
MSG_DECISION_KIND = "缺少决定种类（行政处罚或者不予行政处罚）"
MSG_SERVICE_METHOD = "缺少送达方式"
MSG_SERVED_ON = "缺少送达日期"
MSG_SERVICE_PROOF = "缺少送达凭证（送达回证、邮寄回执或者电子送达记录）"
MSG_SERVED_BEFORE_DECISION = "送达日期早于决定日期"
MSG_ELECTRONIC_CONSENT = "电子送达须经当事人同意并签订送达地址确认书"
MSG_PUBLIC_NOTICE_ON = "公告送达缺少公告日期"
MSG_NOT_PENALTY_DECISION = "不予行政处罚决定无需执行，送达后即可结案"
MSG_PENALTY_NEEDS_EXECUTION = "行政处罚决定须经执行程序后方可结案"
MSG_EDUCATION = "未记录对当事人的教育（《中华人民共和国行政处罚法》第三十三条第三款，R-DEC-4）"
MSG_EXECUTION = "行政处罚决定尚未履行完毕"
MSG_RETURN_VISIT = "尚未回访当事人（R-CASE-6）"
MSG_RETURN_VISIT_SCORE = "回访评分须为1至5分"
MSG_CORRECTION_NOT_REINSPECTED = "责令改正后尚未复查（R-CASE-5，不得一罚了之）"
MSG_CORRECTION_NOT_CORRECTED = "复查发现未改正或改正不到位，须依法处理后方可结案"
MSG_OPENED_NEEDS_DECISION = "已立案的案件须作出处理决定后方可结案"
MSG_NO_MEASURE = "尚未采取任何柔性执法措施"
MSG_CASE_FILE = "案卷材料尚未整理齐全（R-CASE-7）"
MSG_TRANSFER_APPROVAL = "移送未经部门负责人批准"
MSG_FLEXIBLE_OFFERED = "未告知当事人可以自主选择是否接受柔性执法（常政办发〔2025〕5号 第6项）"
MSG_FLEXIBLE_ACCEPTED = "当事人未选择接受柔性执法"
MSG_FLEXIBLE_INITIATOR = "缺少柔性执法的启动方式（依职权或者依申请）"
MSG_INTERVIEW_MODE = "缺少约谈方式（个别约谈或者联合约谈）"
MSG_JOINT_DEPARTMENTS = "联合约谈须列明参加约谈的其他部门"
MSG_COMMITMENT_SIGNED = "缺少承诺书签署日期"
MSG_COMMITMENT_DEADLINE = "缺少承诺改正期限"
MSG_COMMITMENT_DEADLINE_ORDER = "承诺改正期限须晚于承诺书签署日期"
MSG_COMMITMENT_CHANNEL = "缺少承诺书签署方式（企业端在线签署或者纸质签署后上传）"
MSG_REINSPECTION_ON = "缺少复查日期"
MSG_REINSPECTION_RESULT = "缺少复查结果"
MSG_REINSPECTION_CORRECTED = "复查结果为已改正，应作出不予行政处罚决定"
MSG_REINSPECTION_NOT_CORRECTED = "复查结果不是“已改正”，不能作出不予行政处罚决定"
MSG_END_REASON = "缺少终止柔性执法的理由（常政办发〔2025〕5号 第8项）"
MSG_END_NOTE = "终止理由为“其他需要终止柔性执法的情形”时，须写明具体情形"
MSG_CASE_NOT_OPENED = "案件尚未立案，应回到核查程序决定是否立案"
MSG_CASE_ALREADY_OPENED = "案件已经立案，应回到调查取证"
MSG_VERIFICATION_EXTENSION = "延长核查期限未经部门负责人批准"
MSG_DECISION_EXTENSION = "延长办案期限未经部门负责人批准"
MSG_COLLECTIVE_EXTENSION_DAYS = "集体讨论决定继续延期的，须确定延长的合理期限（天数）"
MSG_CORRECTION_DEADLINE = "缺少责令改正的期限"
MSG_RETURN_VISIT_ON = "缺少回访日期"


def msg_officers(n: int) -> str:
    return f"须由两名以上持有效执法证件的执法人员实施（《中华人民共和国行政处罚法》第四十二条），现有{n}名"


def msg_hearing_late(due: date) -> str:
    return f"听证申请超过告知后五个工作日的期限（截止{due.isoformat()}，《中华人民共和国行政处罚法》第六十四条）"


def msg_hearing_window_open(due: date) -> str:
    return f"听证申请期限尚未届满（至{due.isoformat()}），当事人也未表示放弃听证"


def msg_hearing_notice_late(latest: date) -> str:
    return (
        f"听证通知须在举行听证七个工作日前送达（应不晚于{latest.isoformat()}，"
        "《中华人民共和国行政处罚法》第六十四条第（二）项）"
    )


def msg_public_notice(deemed: date) -> str:
    return f"公告送达自公告之日起满三十日视为送达（{deemed.isoformat()}）"


def msg_measure(measure: FlexibleMeasure) -> str:
    return f"未记录所采取的柔性执法措施“{measure.label}”"


def msg_period_expired(what: str, due: date) -> str:
    return f"{what}已于{due.isoformat()}届满，不能再延长"


# ----------------------------------------------------------------------------- checks


def _lead(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if s.lead_source is None:
        out.append(MSG_LEAD_SOURCE)
    if s.lead_received_on is None:
        out.append(MSG_LEAD_DATE)
    return out


def _not_opened_reason(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.not_opened_reason is None:
        return [MSG_NOT_OPENED_REASON]
    if s.not_opened_reason is NotOpenedReason.OTHER and not s.not_opened_note.strip():
        return [MSG_NOT_OPENED_NOTE]
    return []


def _opening_approved(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if not s.opening_approved:
        out.append(MSG_OPENING_APPROVAL)
    if s.opened_on is None:
        out.append(MSG_OPENED_ON)
    return out


def _two_officers(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    n = s.officers_with_valid_certificates
    return [] if n >= 2 else [msg_officers(n)]


def _proposal(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.proposal is not None else [MSG_PROPOSAL]


def _penalty_proposal(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.proposal is None:
        return [MSG_PROPOSAL]
    return [] if s.proposal.penalty else [MSG_PROPOSAL_NOT_PENALTY]


def _notice_served(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.notice_served_on is not None else [MSG_NOTICE]


def _hearing_request(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if s.proposal is not None and not s.proposal.hearing_right:
        out.append(MSG_NO_HEARING_RIGHT)
    if s.hearing_requested_on is None:
        out.append(MSG_HEARING_REQUESTED_ON)
    else:
        due = hearing_request_due(s, cal)
        if due is not None and s.hearing_requested_on > due.date:
            out.append(msg_hearing_late(due.date))
    return out


def _hearing_done(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    """If a hearing was requested (or the case is at the hearing), it was held or waived."""
    if s.state is not State.HEARING and s.hearing_requested_on is None:
        return []
    if s.hearing_waived:
        return []
    if s.hearing_held_on is None:
        return [MSG_HEARING_NOT_HELD]
    if s.hearing_notice_sent_on is None:
        return [MSG_HEARING_NOTICE_SENT]
    if (
        s.hearing_notice_sent_on > s.hearing_held_on
        or cal.working_days_between(s.hearing_notice_sent_on, s.hearing_held_on).days
        < HEARING_NOTICE_WORKING_DAYS
    ):
        # the latest notice date: the last day from which 7 working days still reach the hearing
        latest = s.hearing_held_on
        while (
            cal.working_days_between(latest, s.hearing_held_on).days < HEARING_NOTICE_WORKING_DAYS
        ):
            latest = date.fromordinal(latest.toordinal() - 1)
        return [msg_hearing_notice_late(latest)]
    return []


def _hearing_window(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    """With a hearing right and no request, the 5-working-day window has run out or was waived."""
    if s.proposal is None or not s.proposal.hearing_right:
        return []
    if s.hearing_requested_on is not None or s.hearing_waived:
        return []
    due = hearing_request_due(s, cal)
    if due is None:
        return [MSG_NOTICE]
    return [] if on > due.date else [msg_hearing_window_open(due.date)]


def _legal_review_submitted(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.legal_review_submitted_on is not None else [MSG_LEGAL_REVIEW_SUBMITTED]


def _legal_review_passed(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    """Required by the proposal, or the case is at legal review: it must have passed."""
    required = s.state is State.LEGAL_REVIEW or (
        s.proposal is not None and s.proposal.legal_review_required
    )
    if required and s.legal_review_passed is not True:
        return [MSG_LEGAL_REVIEW_NOT_PASSED]
    return []


def _legal_review_failed(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.state is State.LEGAL_REVIEW and s.legal_review_passed is not False:
        return [MSG_LEGAL_REVIEW_NOT_FAILED]
    return []


def _collective_held(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    required = s.state is State.COLLECTIVE_DISCUSSION or (
        s.proposal is not None and s.proposal.collective_discussion_required
    )
    if required and s.collective_discussion_held_on is None:
        return [MSG_COLLECTIVE]
    return []


def _no_penalty_basis(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.proposal is not None and s.proposal.penalty:
        return [MSG_PROPOSAL_IS_PENALTY]
    if s.state is State.REINSPECTION:
        if s.reinspection_result is not ReinspectionResult.CORRECTED:
            return [MSG_REINSPECTION_NOT_CORRECTED]
        return []
    return [] if s.proposal is not None else [MSG_PROPOSAL]


def _decided(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if s.decided_on is None:
        out.append(MSG_DECIDED_ON)
    if s.decision_kind is None:
        out.append(MSG_DECISION_KIND)
    return out


def _service(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if s.service_method is None:
        out.append(MSG_SERVICE_METHOD)
    if s.served_on is None:
        out.append(MSG_SERVED_ON)
    if not s.service_proof.strip():
        out.append(MSG_SERVICE_PROOF)
    if s.served_on is not None and s.decided_on is not None and s.served_on < s.decided_on:
        out.append(MSG_SERVED_BEFORE_DECISION)
    if s.service_method is ServiceMethod.ELECTRONIC and not s.electronic_service_confirmed:
        out.append(MSG_ELECTRONIC_CONSENT)
    if s.service_method is ServiceMethod.PUBLIC_NOTICE:
        if s.public_notice_on is None:
            out.append(MSG_PUBLIC_NOTICE_ON)
        else:
            deemed = add_days(s.public_notice_on, PUBLIC_NOTICE_DAYS).date
            if s.served_on is not None and s.served_on < deemed:
                out.append(msg_public_notice(deemed))
    return out


def _penalty_decision(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.decision_kind is DecisionKind.PENALTY else [MSG_NOT_PENALTY_DECISION]


def _follow_ups_done(s: CaseSnapshot) -> list[str]:
    out = []
    if s.correction_deadline is not None:
        if s.correction_reinspected_on is None:
            out.append(MSG_CORRECTION_NOT_REINSPECTED)
        elif s.correction_result is not ReinspectionResult.CORRECTED:
            out.append(MSG_CORRECTION_NOT_CORRECTED)
    if s.return_visit_on is None:
        out.append(MSG_RETURN_VISIT)
    return out


def _closable(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    """What closing needs depends on where the case ends."""
    if s.state is State.SERVED:
        out = [] if s.decision_kind is DecisionKind.NO_PENALTY else [MSG_PENALTY_NEEDS_EXECUTION]
        if s.decision_kind is DecisionKind.NO_PENALTY and not s.education_recorded:
            out.append(MSG_EDUCATION)
        return out + _follow_ups_done(s)
    if s.state is State.EXECUTING:
        out = [] if s.execution is ExecutionStatus.COMPLETED else [MSG_EXECUTION]
        return out + _follow_ups_done(s)
    if s.state is State.FLEXIBLE:
        out = [] if s.opened_on is None else [MSG_OPENED_NEEDS_DECISION]
        if not s.measures_taken:
            out.append(MSG_NO_MEASURE)
        return out
    return []  # 不予立案, 移送: nothing further to do here


def _case_file(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.case_file_complete else [MSG_CASE_FILE]


def _transfer_approved(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.transfer_approved else [MSG_TRANSFER_APPROVAL]


def _flexible_chosen(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if not s.flexible_offered:
        out.append(MSG_FLEXIBLE_OFFERED)
    if not s.flexible_accepted:
        out.append(MSG_FLEXIBLE_ACCEPTED)
    if s.flexible_initiated_by is None:
        out.append(MSG_FLEXIBLE_INITIATOR)
    return out


def measure_taken(measure: FlexibleMeasure) -> Guard:
    def check(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
        return [] if measure in s.measures_taken else [msg_measure(measure)]

    return Guard(f"measure_{measure.value}", f"已记录措施“{measure.label}”", check)


def _interview(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.interview_mode is None:
        return [MSG_INTERVIEW_MODE]
    if s.interview_mode is InterviewMode.JOINT and not any(
        d.strip() for d in s.interview_departments
    ):
        return [MSG_JOINT_DEPARTMENTS]
    return []


def _commitment(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if s.commitment_signed_on is None:
        out.append(MSG_COMMITMENT_SIGNED)
    if s.commitment_deadline is None:
        out.append(MSG_COMMITMENT_DEADLINE)
    if (
        s.commitment_signed_on is not None
        and s.commitment_deadline is not None
        and s.commitment_deadline <= s.commitment_signed_on
    ):
        out.append(MSG_COMMITMENT_DEADLINE_ORDER)
    if s.commitment_channel is None:
        out.append(MSG_COMMITMENT_CHANNEL)
    return out


def _reinspection(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = []
    if s.reinspection_on is None:
        out.append(MSG_REINSPECTION_ON)
    if s.reinspection_result is None:
        out.append(MSG_REINSPECTION_RESULT)
    return out


def _flexible_end(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    """A reason of 常宁 item 8, or (at re-inspection) a result other than corrected."""
    if s.flexible_end_reason is None:
        if s.state is State.REINSPECTION and s.reinspection_result in (
            ReinspectionResult.NOT_CORRECTED,
            ReinspectionResult.BADLY_CORRECTED,
        ):
            return []
        if s.state is State.REINSPECTION and s.reinspection_result is ReinspectionResult.CORRECTED:
            return [MSG_REINSPECTION_CORRECTED]
        return [MSG_END_REASON]
    if s.flexible_end_reason is FlexibleEndReason.OTHER and not s.flexible_end_note.strip():
        return [MSG_END_NOTE]
    return []


def _not_opened_yet(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.opened_on is None else [MSG_CASE_ALREADY_OPENED]


def _opened(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.opened_on is not None else [MSG_CASE_NOT_OPENED]


def _verification_extension(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if not s.verification_extended:
        return [MSG_VERIFICATION_EXTENSION]
    base = verification_due(s, cal, with_extension=False)
    if base is None:
        return [MSG_LEAD_DATE]
    return [] if on <= base.date else [msg_period_expired("核查期限", base.date)]


def _decision_extension(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.opened_on is None:
        return [MSG_CASE_NOT_OPENED]
    if not s.decision_extension_approved:
        return [MSG_DECISION_EXTENSION]
    base = decision_due(s, with_approved_extension=False)
    assert base is not None
    return [] if on <= base.date else [msg_period_expired("九十日办案期限", base.date)]


def _collective_extension(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    if s.opened_on is None:
        return [MSG_CASE_NOT_OPENED]
    if not s.decision_extension_approved:
        return [MSG_DECISION_EXTENSION]
    days = s.collective_extension_days
    if not days or any(d <= 0 for d in days):
        return [MSG_COLLECTIVE_EXTENSION_DAYS]
    before = decision_due(s, collective_extensions=len(days) - 1)
    assert before is not None
    return [] if on <= before.date else [msg_period_expired("办案期限", before.date)]


def _correction_order(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    return [] if s.correction_deadline is not None else [MSG_CORRECTION_DEADLINE]


def _correction_reinspection(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = [] if s.correction_deadline is not None else [MSG_CORRECTION_DEADLINE]
    if s.correction_reinspected_on is None:
        out.append(MSG_REINSPECTION_ON)
    if s.correction_result is None:
        out.append(MSG_REINSPECTION_RESULT)
    return out


def _return_visit(s: CaseSnapshot, on: date, cal: Calendar) -> list[str]:
    out = [] if s.decided_on is not None else [MSG_DECIDED_ON]
    if s.return_visit_on is None:
        out.append(MSG_RETURN_VISIT_ON)
    if s.return_visit_score is not None and not 1 <= s.return_visit_score <= 5:
        out.append(MSG_RETURN_VISIT_SCORE)
    return out


# ----------------------------------------------------------------------------- the guards

LEAD = Guard("lead", "线索来源和发现日期已登记", _lead)
NOT_OPENED_REASON = Guard(
    "not_opened_reason", "已写明不予立案理由（程序规定第二十条）", _not_opened_reason
)
OPENING_APPROVED = Guard("opening_approved", "立案经部门负责人批准并有立案日期", _opening_approved)
TWO_OFFICERS = Guard(
    "two_officers", "两名以上持有效执法证件的执法人员（行政处罚法第四十二条）", _two_officers
)
PROPOSAL = Guard("proposal", "已记录裁量引擎的拟处理意见", _proposal)
PENALTY_PROPOSAL = Guard("penalty_proposal", "拟处理意见为行政处罚", _penalty_proposal)
NOTICE_SERVED = Guard(
    "notice_served", "行政处罚告知书已送达（行政处罚法第四十四条）", _notice_served
)
HEARING_REQUEST = Guard(
    "hearing_request",
    "有听证权利，当事人在告知后五个工作日内申请听证（第六十三条、第六十四条）",
    _hearing_request,
)
HEARING_DONE = Guard(
    "hearing_done", "已申请的听证已举行（提前七个工作日通知）或当事人放弃", _hearing_done
)
HEARING_WINDOW = Guard(
    "hearing_window",
    "有听证权利而未申请的，五个工作日的申请期限已届满或当事人放弃",
    _hearing_window,
)
LEGAL_REVIEW_SUBMITTED = Guard("legal_review_submitted", "已提交法制审核", _legal_review_submitted)
LEGAL_REVIEW_PASSED = Guard(
    "legal_review_passed",
    "需要法制审核的，审核已通过（行政处罚法第五十八条）",
    _legal_review_passed,
)
LEGAL_REVIEW_FAILED = Guard(
    "legal_review_failed", "法制审核未通过（退回补充调查）", _legal_review_failed
)
COLLECTIVE_HELD = Guard(
    "collective_held", "需要集体讨论的，已经负责人集体讨论（第五十七条第二款）", _collective_held
)
NO_PENALTY_BASIS = Guard(
    "no_penalty_basis", "拟处理意见为不予处罚，或承诺期满复查已改正", _no_penalty_basis
)
DECIDED = Guard("decided", "已有决定日期和决定种类", _decided)
SERVICE = Guard(
    "service", "送达方式、日期和凭证齐全（电子送达须确认书，公告送达满三十日）", _service
)
PENALTY_DECISION = Guard("penalty_decision", "决定为行政处罚", _penalty_decision)
CLOSABLE = Guard(
    "closable",
    "处罚已履行完毕或不予处罚已教育；责令改正已复查；已回访；柔性执法未立案且已采取措施",
    _closable,
)
CASE_FILE = Guard("case_file", "案卷材料整理齐全（R-CASE-7）", _case_file)
TRANSFER_APPROVED = Guard("transfer_approved", "移送经部门负责人批准", _transfer_approved)
FLEXIBLE_CHOSEN = Guard(
    "flexible_chosen",
    "已告知当事人可自主选择，当事人选择柔性执法，记录启动方式（常宁第6项）",
    _flexible_chosen,
)
INTERVIEW = Guard("interview", "约谈方式已定；联合约谈列明参加部门（常宁第3项）", _interview)
COMMITMENT = Guard("commitment", "承诺书已签署，有签署方式和晚于签署日的改正期限", _commitment)
REINSPECTION = Guard("reinspection", "复查日期和复查结果已记录", _reinspection)
FLEXIBLE_END = Guard(
    "flexible_end", "有常宁第8项的终止理由，或复查未改正、改正不到位", _flexible_end
)
NOT_OPENED_YET = Guard("not_opened_yet", "案件尚未立案", _not_opened_yet)
OPENED = Guard("opened", "案件已经立案", _opened)
VERIFICATION_EXTENSION = Guard(
    "verification_extension",
    "延长核查期限经负责人批准，且在十五个工作日届满前",
    _verification_extension,
)
DECISION_EXTENSION = Guard(
    "decision_extension", "延长三十日经负责人批准，且在九十日届满前", _decision_extension
)
COLLECTIVE_EXTENSION = Guard(
    "collective_extension",
    "已批准延长三十日后，集体讨论决定继续延期并确定期限，且在当前期限届满前",
    _collective_extension,
)
CORRECTION_ORDER = Guard("correction_order", "已确定责令改正的期限", _correction_order)
CORRECTION_REINSPECTION = Guard(
    "correction_reinspection", "责令改正的复查日期和结果已记录", _correction_reinspection
)
RETURN_VISIT = Guard("return_visit", "已作出决定；回访日期已记录，评分为1至5分", _return_visit)
