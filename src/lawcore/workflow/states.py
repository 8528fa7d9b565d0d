"""States, actors, documents and the closed vocabularies of the case lifecycle (R-CASE-1…5).

Every enum is a `StrEnum` whose value is the stable English code stored in the database and in
JSON; `.label` is the Chinese text shown to users.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    LEAD = "lead"
    VERIFICATION = "verification"
    NOT_OPENED = "not_opened"
    OPENED = "opened"
    INVESTIGATION = "investigation"
    PROPOSED = "proposed"
    NOTIFIED = "notified"
    HEARING = "hearing"
    LEGAL_REVIEW = "legal_review"
    COLLECTIVE_DISCUSSION = "collective_discussion"
    DECIDED = "decided"
    SERVED = "served"
    EXECUTING = "executing"
    CLOSED = "closed"
    ARCHIVED = "archived"
    TRANSFERRED = "transferred"
    FLEXIBLE = "flexible"
    COMMITMENT = "commitment"
    REINSPECTION = "reinspection"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still being handled: not 不予立案, 结案, 归档 or 移送."""
        return self not in FINISHED_STATES


STATE_LABELS: dict[State, str] = {
    State.LEAD: "线索",
    State.VERIFICATION: "核查",
    State.NOT_OPENED: "不予立案",
    State.OPENED: "立案",
    State.INVESTIGATION: "调查取证",
    State.PROPOSED: "拟处理意见",
    State.NOTIFIED: "告知",
    State.HEARING: "听证",
    State.LEGAL_REVIEW: "法制审核",
    State.COLLECTIVE_DISCUSSION: "集体讨论",
    State.DECIDED: "决定",
    State.SERVED: "送达",
    State.EXECUTING: "执行",
    State.CLOSED: "结案",
    State.ARCHIVED: "归档",
    State.TRANSFERRED: "移送",
    State.FLEXIBLE: "柔性执法",
    State.COMMITMENT: "承诺",
    State.REINSPECTION: "复查",
}

FINISHED_STATES: frozenset[State] = frozenset(
    {State.NOT_OPENED, State.CLOSED, State.ARCHIVED, State.TRANSFERRED}
)
OPEN_STATES: frozenset[State] = frozenset(s for s in State if s not in FINISHED_STATES)
FLEXIBLE_STATES: frozenset[State] = frozenset(
    {State.FLEXIBLE, State.COMMITMENT, State.REINSPECTION}
)


class ActorRole(StrEnum):
    """Who may act; the values equal `prudent.core.roles.Role` (lawcore must not import it)."""

    OFFICER = "officer"
    LEGAL_REVIEWER = "legal_reviewer"
    HEAD = "head"
    ENTERPRISE = "enterprise"

    @property
    def label(self) -> str:
        return {
            ActorRole.OFFICER: "执法人员",
            ActorRole.LEGAL_REVIEWER: "法制审核人员",
            ActorRole.HEAD: "部门负责人",
            ActorRole.ENTERPRISE: "企业用户",
        }[self]


class LeadSource(StrEnum):
    INSPECTION = "inspection"
    COMPLAINT_12345 = "complaint_12345"
    REFERRAL = "referral"
    ASSIGNED_FROM_ABOVE = "assigned_from_above"
    SELF_REPORT = "self_report"
    DATA_SIGNAL = "data_signal"

    @property
    def label(self) -> str:
        return {
            LeadSource.INSPECTION: "监督检查发现",
            LeadSource.COMPLAINT_12345: "投诉举报（含12345热线）",
            LeadSource.REFERRAL: "其他机关移送",
            LeadSource.ASSIGNED_FROM_ABOVE: "上级交办",
            LeadSource.SELF_REPORT: "当事人主动报告",
            LeadSource.DATA_SIGNAL: "数据监测发现",
        }[self]


class NotOpenedReason(StrEnum):
    """不予立案 grounds, 《市场监督管理行政处罚程序规定》第二十条 (CONVENTIONS.md §5.4)."""

    MINOR_CORRECTED_NO_HARM = "minor_corrected_no_harm"
    FIRST_MINOR_CORRECTED = "first_minor_corrected"
    NO_FAULT = "no_fault"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            NotOpenedReason.MINOR_CORRECTED_NO_HARM: "违法行为轻微并及时改正，没有造成危害后果",
            NotOpenedReason.FIRST_MINOR_CORRECTED: "初次违法且危害后果轻微并及时改正",
            NotOpenedReason.NO_FAULT: "当事人有证据足以证明没有主观过错",
            NotOpenedReason.OTHER: "依法可以不予立案的其他情形",
        }[self]


class FlexibleMeasure(StrEnum):
    """R-CASE-2 (常宁 item 3, 14)."""

    REMINDER = "reminder"
    SUGGESTION = "suggestion"
    WARNING = "warning"
    PERSUASION = "persuasion"
    INTERVIEW = "interview"

    @property
    def label(self) -> str:
        return {
            FlexibleMeasure.REMINDER: "行政提示",
            FlexibleMeasure.SUGGESTION: "行政建议",
            FlexibleMeasure.WARNING: "警示告诫",
            FlexibleMeasure.PERSUASION: "劝导示范",
            FlexibleMeasure.INTERVIEW: "行政约谈",
        }[self]


class InterviewMode(StrEnum):
    """常宁 item 3: 个别约谈 or 集中约谈; several departments' duties → joint interview."""

    INDIVIDUAL = "individual"
    JOINT = "joint"

    @property
    def label(self) -> str:
        return {InterviewMode.INDIVIDUAL: "个别约谈", InterviewMode.JOINT: "联合约谈"}[self]


class FlexibleInitiator(StrEnum):
    """常宁 item 6: on the authority's own initiative or on the party's application."""

    AUTHORITY = "authority"
    APPLICATION = "application"

    @property
    def label(self) -> str:
        return {
            FlexibleInitiator.AUTHORITY: "执法部门依职权启动",
            FlexibleInitiator.APPLICATION: "行政相对人申请",
        }[self]


class FlexibleEndReason(StrEnum):
    """常宁 item 8: 柔性执法的终止 — (1), (2), the two halves of (3), and (4)."""

    PARTY_WITHDREW = "party_withdrew"
    ORDINARY_PROCEDURE_NEEDED = "ordinary_procedure_needed"
    BASIS_LAPSED = "basis_lapsed"
    HARMS_PUBLIC_OR_OTHERS = "harms_public_or_others"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            FlexibleEndReason.PARTY_WITHDREW: "行政相对人撤回申请",
            FlexibleEndReason.ORDINARY_PROCEDURE_NEEDED: "根据案件需要，适用一般程序",
            FlexibleEndReason.BASIS_LAPSED: "实施柔性执法所适用的法律法规或者政策依据已经失效",
            FlexibleEndReason.HARMS_PUBLIC_OR_OTHERS: (
                "继续实施柔性执法将损害社会公共利益、他人合法权益"
            ),
            FlexibleEndReason.OTHER: "其他需要终止柔性执法的情形",
        }[self]


class CommitmentChannel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"

    @property
    def label(self) -> str:
        return {
            CommitmentChannel.ONLINE: "企业端在线签署",
            CommitmentChannel.PAPER: "纸质签署后上传",
        }[self]


class ReinspectionResult(StrEnum):
    CORRECTED = "corrected"
    NOT_CORRECTED = "not_corrected"
    BADLY_CORRECTED = "badly_corrected"

    @property
    def label(self) -> str:
        return {
            ReinspectionResult.CORRECTED: "已改正",
            ReinspectionResult.NOT_CORRECTED: "未改正",
            ReinspectionResult.BADLY_CORRECTED: "改正不到位",
        }[self]


class DecisionKind(StrEnum):
    PENALTY = "penalty"
    NO_PENALTY = "no_penalty"

    @property
    def label(self) -> str:
        return {DecisionKind.PENALTY: "行政处罚", DecisionKind.NO_PENALTY: "不予行政处罚"}[self]


class ServiceMethod(StrEnum):
    """送达方式 under the SAMR procedure (CONVENTIONS.md §5.3)."""

    DIRECT = "direct"
    LEFT_AT_ADDRESS = "left_at_address"
    ELECTRONIC = "electronic"
    POST = "post"
    ENTRUSTED = "entrusted"
    FORWARDED = "forwarded"
    PUBLIC_NOTICE = "public_notice"

    @property
    def label(self) -> str:
        return {
            ServiceMethod.DIRECT: "直接送达",
            ServiceMethod.LEFT_AT_ADDRESS: "留置送达",
            ServiceMethod.ELECTRONIC: "电子送达",
            ServiceMethod.POST: "邮寄送达",
            ServiceMethod.ENTRUSTED: "委托送达",
            ServiceMethod.FORWARDED: "转交送达",
            ServiceMethod.PUBLIC_NOTICE: "公告送达",
        }[self]


class ExecutionStatus(StrEnum):
    PENDING = "pending"
    DEFERRED = "deferred"
    INSTALMENTS = "instalments"
    COURT_ENFORCEMENT = "court_enforcement"
    SETTLEMENT = "settlement"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {
            ExecutionStatus.PENDING: "待履行",
            ExecutionStatus.DEFERRED: "暂缓缴纳",
            ExecutionStatus.INSTALMENTS: "分期缴纳",
            ExecutionStatus.COURT_ENFORCEMENT: "已申请人民法院强制执行",
            ExecutionStatus.SETTLEMENT: "执行和解履行中",
            ExecutionStatus.COMPLETED: "履行完毕",
        }[self]


class DocumentType(StrEnum):
    """Documents a step produces. `catalogue_no` is the number in the SAMR 2021 文书格式范本
    (CONVENTIONS.md §5.2) where there is one; `in_issue_4_part_6` says whether issue #4 part 6
    lists it for generation (the others still need a template)."""

    OPENING_APPROVAL = "opening_approval"
    PENALTY_NOTICE = "penalty_notice"
    NO_PENALTY_DECISION = "no_penalty_decision"
    PENALTY_DECISION = "penalty_decision"
    CORRECTION_ORDER = "correction_order"
    REMINDER = "reminder"
    SUGGESTION = "suggestion"
    INTERVIEW_NOTICE = "interview_notice"
    COMMITMENT = "commitment"
    REINSPECTION_RECORD = "reinspection_record"
    RETURN_VISIT_RECORD = "return_visit_record"
    SERVICE_RECEIPT = "service_receipt"
    CRIME_TRANSFER = "crime_transfer"
    WARNING_RECORD = "warning_record"
    PERSUASION_RECORD = "persuasion_record"

    @property
    def label(self) -> str:
        return DOCUMENT_LABELS[self]

    @property
    def catalogue_no(self) -> int | None:
        return _CATALOGUE_NO.get(self)

    @property
    def in_issue_4_part_6(self) -> bool:
        return self not in _NOT_IN_PART_6


DOCUMENT_LABELS: dict[DocumentType, str] = {
    DocumentType.OPENING_APPROVAL: "立案审批表",
    DocumentType.PENALTY_NOTICE: "行政处罚告知书",
    DocumentType.NO_PENALTY_DECISION: "不予行政处罚决定书",
    DocumentType.PENALTY_DECISION: "行政处罚决定书",
    DocumentType.CORRECTION_ORDER: "责令改正通知书",
    DocumentType.REMINDER: "行政提示书",
    DocumentType.SUGGESTION: "行政建议书",
    DocumentType.INTERVIEW_NOTICE: "约谈通知书",
    DocumentType.COMMITMENT: "承诺书",
    DocumentType.REINSPECTION_RECORD: "复查记录",
    DocumentType.RETURN_VISIT_RECORD: "回访记录",
    DocumentType.SERVICE_RECEIPT: "送达回证",
    DocumentType.CRIME_TRANSFER: "涉嫌犯罪案件移送书",
    DocumentType.WARNING_RECORD: "警示告诫书",
    DocumentType.PERSUASION_RECORD: "劝导示范记录",
}

_CATALOGUE_NO: dict[DocumentType, int] = {
    DocumentType.OPENING_APPROVAL: 7,
    DocumentType.PENALTY_NOTICE: 37,
    DocumentType.NO_PENALTY_DECISION: 46,
    DocumentType.PENALTY_DECISION: 45,
    DocumentType.CORRECTION_ORDER: 33,
    DocumentType.SERVICE_RECEIPT: 50,
    DocumentType.CRIME_TRANSFER: 5,
}

_NOT_IN_PART_6: frozenset[DocumentType] = frozenset(
    {DocumentType.CRIME_TRANSFER, DocumentType.WARNING_RECORD, DocumentType.PERSUASION_RECORD}
)
