"""Cases (案件) and what hangs off them: assigned officers, the event timeline, due work, and the
per-department-per-year number counter (issue #4; R-CASE-1…13).

The workflow itself is pure (`lawcore.workflow`); a `Case` row persists its `CaseSnapshot` as JSON
(`snapshot`) and denormalises what lists and the workbench filter on (state, dates, deadlines).
Rows are written only by `prudent.cases.services`, each change bumping `lock_version`
(optimistic locking). `CaseEvent` is append-only, like the audit chain.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from lawcore.workflow import CaseSnapshot, LeadSource, State
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role

STATE_CHOICES = [(s.value, s.label) for s in State]
#: States in which a case is no longer handled; the workbench's partial index is on the others.
FINISHED_STATES = (
    State.NOT_OPENED.value,
    State.CLOSED.value,
    State.ARCHIVED.value,
    State.TRANSFERRED.value,
)
SOURCE_CHOICES = [(s.value, s.label) for s in LeadSource]


class CaseNumberCounter(models.Model):
    """The last number given in a department and year (〔2026〕N号, no leading zeros). Allocated with
    `select_for_update` inside the transaction that creates the case, so numbers never repeat."""

    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用最大号", default=0)

    class Meta:
        verbose_name = "案件编号计数器"
        verbose_name_plural = "案件编号计数器"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["department", "year"], name="case_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.year}: {self.last}"


class Case(models.Model):
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="办案部门",
        on_delete=models.PROTECT,
        related_name="cases",
    )
    number = models.CharField("案件编号", max_length=60)
    year = models.PositiveIntegerField("编号年度")
    source = models.CharField("线索来源", max_length=30, choices=SOURCE_CHOICES)
    title = models.CharField("案由", max_length=200)
    party = models.ForeignKey(
        "entities.Entity", verbose_name="当事人", on_delete=models.PROTECT, related_name="cases"
    )
    item_code = models.CharField("行政处罚事项编码", max_length=60)
    rulebook_id = models.CharField("规则库", max_length=60, blank=True)
    facts = models.JSONField("案件事实（裁量引擎事实词汇）", default=dict, blank=True)
    violation_on = models.DateField("违法行为发生日期", null=True, blank=True)
    # the workflow: the snapshot, and columns denormalised from it for filtering
    state = models.CharField("状态", max_length=30, choices=STATE_CHOICES, db_index=True)
    snapshot = models.JSONField("流程快照（lawcore CaseSnapshot）", default=dict)
    lead_received_on = models.DateField("发现线索日期")
    opened_on = models.DateField("立案日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_due = models.DateField("办案期限", null=True, blank=True)
    next_due = models.DateField("最近期限", null=True, blank=True, db_index=True)
    deadlines = models.JSONField("进行中的期限（DueDate.to_json 列表）", default=list, blank=True)
    has_provisional = models.BooleanField("含暂定期限", default=False, db_index=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseOfficer",
        related_name="cases",
        verbose_name="承办人员",
    )
    # deciding (R-DEC-1…3, issue #4 part 4)
    proposal = models.JSONField("拟处理意见（Decision.to_json）", null=True, blank=True)
    proposed_on = models.DateField("拟处理意见日期", null=True, blank=True)
    decision = models.JSONField("决定（阶次与罚款）", null=True, blank=True)
    departure = models.BooleanField("偏离拟处理意见", default=False, db_index=True)
    departure_reason = models.TextField("偏离理由", blank=True)
    # bookkeeping
    lock_version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["department", "number"], name="case_unique_number"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["department", "state"]),
            models.Index(fields=["party", "state"]),
            models.Index(fields=["department", "-created_at"]),
            # the list's first page across departments (the supervisor; issue #4 performance)
            models.Index(fields=["-created_at", "-id"], name="case_created_desc"),
            # the workbench's open cases by next due date (issue #4 performance)
            models.Index(
                fields=["next_due"],
                condition=~Q(state__in=FINISHED_STATES),
                name="case_open_next_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Department roles: their department (list authors read only); the judicial bureau reads
        all; an enterprise reads the cases where its entity is the party (its own actions go
        through the enterprise side, not this scope)."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES:
            if user.department_id is None:
                return None
            if action is not Action.VIEW and role is Role.LIST_AUTHOR:
                return None
            return Q(department_id=user.department_id)
        if role is Role.ENTERPRISE and action is Action.VIEW and user.entity_id:
            return Q(party_id=user.entity_id)
        return None

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def source_label(self) -> str:
        return LeadSource(self.source).label

    def case_snapshot(self) -> CaseSnapshot:
        return CaseSnapshot.from_json(self.snapshot)


class CaseOfficer(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        ASSIST = "assist", "协办"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    role = models.CharField("承办角色", max_length=10, choices=Role.choices, default=Role.ASSIST)
    assigned_at = models.DateTimeField("指派时间", auto_now_add=True)

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"
        ordering: ClassVar = ["case", "-role", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "officer"], name="case_officer_unique"),
        ]
        indexes: ClassVar = [
            # an officer's cases read from the index alone (the workbench; issue #4 performance)
            models.Index(fields=["officer", "case"], name="case_officer_by_officer"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.officer_id}"


class AppendOnly(RuntimeError):
    """Case events are never changed or deleted (R-CASE-7)."""


class CaseEvent(models.Model):
    """One recorded step of a case (R-CASE-7: who, when, what, its document). `transition` is a
    workflow step name, or one of RECORD_KINDS for changes that keep the state."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField("序号")
    transition = models.CharField("操作", max_length=60)
    label = models.CharField("操作名称", max_length=100)
    from_state = models.CharField("原状态", max_length=30, choices=STATE_CHOICES)
    to_state = models.CharField("新状态", max_length=30, choices=STATE_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=100)
    actor_role = models.CharField("操作人角色", max_length=30, blank=True)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间")
    note = models.TextField("说明", blank=True)
    document_type = models.CharField("文书", max_length=40, blank=True)
    data = models.JSONField("录入内容", default=dict, blank=True)

    class Meta:
        verbose_name = "案件记录"
        verbose_name_plural = "案件记录"
        ordering: ClassVar = ["case", "seq"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "seq"], name="case_event_unique_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.transition}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnly("案件记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("案件记录只能追加，不能删除")

    @property
    def from_label(self) -> str:
        return State(self.from_state).label

    @property
    def to_label(self) -> str:
        return State(self.to_state).label

    @property
    def document_label(self) -> str:
        from lawcore.workflow import DocumentType

        return DocumentType(self.document_type).label if self.document_type else ""


class CaseTask(models.Model):
    """Due work on a case (R-CASE-3, R-CASE-5, R-CASE-6): kept in step with the snapshot by the
    services — created when the work arises, its date moved when the deadline moves, `done_at` set
    when the step that does it is taken."""

    class Kind(models.TextChoices):
        VERIFICATION = "verification", "核查"
        REINSPECTION = "reinspection", "复查"
        RETURN_VISIT = "return_visit", "回访"
        HEARING = "hearing", "听证"
        LEGAL_REVIEW = "legal_review", "法制审核"
        SERVICE = "service", "送达"
        PAYMENT = "payment", "缴纳罚款"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    key = models.CharField("来源", max_length=40, help_text="产生该任务的期限种类")
    title = models.CharField("事项", max_length=200)
    due = models.DateField("期限", db_index=True)
    provisional = models.BooleanField("暂定", default=False)
    basis = models.CharField("依据", max_length=300, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "待办任务"
        verbose_name_plural = "待办任务"
        ordering: ClassVar = ["due", "pk"]
        indexes: ClassVar = [
            models.Index(fields=["assignee", "done_at", "due"]),
            models.Index(fields=["case", "done_at"]),
            # the workbench's open tasks by due date (issue #4 performance)
            models.Index(
                fields=["due"], condition=Q(done_at__isnull=True), name="casetask_open_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due}"
