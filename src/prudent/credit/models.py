"""Credit records 信用记录, repair applications 信用修复 and objections 异议 (issue #5 part 8;
R-CRED-1…5, R-PUB-4).

A `CreditRecord` is a negative record of penalty information about an entity: its severity
(`lawcore.credit.Severity`), the decision date, the computed window (`min_end`: repair from the day
after; `max_end`: published up to that day, withdrawn automatically after it), whether it is
published, and its withdrawal. Written only by `prudent.credit.services`; a withdrawn row stays.
A case gives at most one record (a decision imposing no penalty gives none, R-CRED-5).

Scope: department roles see the records of their department's cases (heads act on them), the
judicial bureau reads all, an enterprise reads only its own entity's records.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from lawcore.credit import RegimeId, Severity
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role

SEVERITY_CHOICES = [(s.value, s.label) for s in Severity]
REGIME_CHOICES = [
    (RegimeId.NDRC_2019.value, "发改办财金〔2019〕527号"),
    (RegimeId.NDRC_2025.value, "《信用修复管理办法》（2026-04-01施行）"),
]


def _scope(prefix: str, user: Any, role: Role, action: Action) -> Q | None:
    """Department roles read their department's rows and heads change them; the judicial bureau
    reads all; an enterprise reads its own entity's rows (its own writes go through services
    that check the entity)."""
    if role is Role.SUPERVISOR:
        return Q() if action is Action.VIEW else None
    if role in DEPARTMENT_ROLES:
        if user.department_id is None:
            return None
        if action is not Action.VIEW and role is not Role.HEAD:
            return None
        return Q(**{f"{prefix}department_id": user.department_id})
    if role is Role.ENTERPRISE and action is Action.VIEW and user.entity_id:
        return Q(**{f"{prefix}entity_id": user.entity_id})
    return None


class CreditRecord(models.Model):
    class WithdrawKind(models.TextChoices):
        REPAIR = "repair", "信用修复"
        MAXIMUM = "maximum", "最长公示期届满"
        REVOKED = "revoked", "处罚决定被变更或撤销"
        OBJECTION = "objection", "异议成立"

    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="信用主体",
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="认定部门",
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="来源案件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_records",
    )
    source = models.CharField("来源说明", max_length=200, blank=True)
    document_number = models.CharField("决定书文号", max_length=60, blank=True)
    summary = models.CharField("失信信息摘要", max_length=500)
    severity = models.CharField("失信程度", max_length=10, choices=SEVERITY_CHOICES)
    reasons = models.JSONField("认定理由", default=list)
    regime = models.CharField("适用规定", max_length=20, choices=REGIME_CHOICES)
    decided_on = models.DateField("决定日期")
    min_end = models.DateField("最短公示期届满日")
    max_end = models.DateField("最长公示期届满日", db_index=True)
    published = models.BooleanField("公示", default=True)
    repairable = models.BooleanField("可修复", default=True)
    withdrawn_on = models.DateField("停止公示日期", null=True, blank=True, db_index=True)
    withdraw_kind = models.CharField(
        "停止公示原因", max_length=12, choices=WithdrawKind.choices, blank=True
    )
    withdraw_reason = models.TextField("停止公示说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"
        ordering: ClassVar = ["-decided_on", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(case__isnull=False), name="credit_one_record_per_case"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["entity", "-decided_on"])]

    def __str__(self) -> str:
        return f"{self.entity} {self.severity_label} {self.decided_on}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _scope("", user, role, action)

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class RepairApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已准予修复"
        REFUSED = "refused", "不予修复"

    record = models.ForeignKey(
        CreditRecord, verbose_name="信用记录", on_delete=models.PROTECT, related_name="repairs"
    )
    applied_on = models.DateField("申请日期")
    commitment_signed = models.BooleanField("已作出信用承诺")
    commitment_text = models.TextField("信用承诺内容", blank=True)
    obligations_fulfilled = models.BooleanField("已履行法定义务")
    obligations_evidence = models.TextField("履行义务的证明")
    fast_lane = models.BooleanField("快速通道（受突发事件影响的小微企业）", default=False)
    fast_lane_reason = models.TextField("快速通道理由", blank=True)
    due_on = models.DateField("办理期限")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    reasons = models.TextField("审核理由", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "信用修复申请"
        verbose_name_plural = "信用修复申请"
        ordering: ClassVar = ["-fast_lane", "due_on", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(status="submitted"),
                name="credit_one_open_repair_per_record",
            ),
        ]

    def __str__(self) -> str:
        return f"信用修复申请 {self.pk}（{self.get_status_display()}）"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _scope("record__", user, role, action)


class Objection(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待答复"
        UPHELD = "upheld", "异议成立"
        REJECTED = "rejected", "异议不成立"

    record = models.ForeignKey(
        CreditRecord, verbose_name="信用记录", on_delete=models.PROTECT, related_name="objections"
    )
    submitted_on = models.DateField("提出日期")
    text = models.TextField("异议内容")
    due_on = models.DateField("答复期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    answer = models.TextField("答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "信用信息异议"
        verbose_name_plural = "信用信息异议"
        ordering: ClassVar = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"异议 {self.pk}（{self.get_status_display()}）"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _scope("record__", user, role, action)


class InspectionResultEntry(models.Model):
    """An inspection result in the entity's credit file 抽查检查信息 (R-INSP-1, CJ 四(六);
    procedure.md §7.1: results are published and linked to the credit system).

    Not a `CreditRecord`: a credit record is penalty information with a severity and a
    publication window under the credit-repair rules; an inspection result is neither a penalty
    nor a dishonesty determination. `problem_found` says whether the inspection found a problem
    (ordered to correct, or a case opened) — a no-problem result is a neutral, not a negative,
    entry; a case that ends in a penalty gets its own `CreditRecord` from that decision. One entry
    per inspection, written when the result is published (the published summary is its text), by
    `prudent.inspections` through `credit.services.inspection_result_enter` only.

    Scope: the results are public once published, so every department role and the judicial
    bureau read all entries; an enterprise reads its own entity's; nobody changes them by hand."""

    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="信用主体",
        on_delete=models.PROTECT,
        related_name="inspection_results",
    )
    inspection = models.OneToOneField(
        "inspections.Inspection",
        verbose_name="检查任务",
        on_delete=models.PROTECT,
        related_name="credit_entry",
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="检查实施部门",
        on_delete=models.PROTECT,
        related_name="+",
    )
    departments_text = models.CharField("参加检查部门", max_length=500)
    items_text = models.CharField("抽查事项", max_length=1000)
    inspected_on = models.DateField("检查完成日期")
    outcome = models.CharField("检查结果", max_length=20)
    outcome_label = models.CharField("检查结果说明", max_length=50)
    problem_found = models.BooleanField("发现问题")
    summary = models.TextField("公示的检查结果")
    published_on = models.DateField("公示日期", db_index=True)
    created_at = models.DateTimeField("记入时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "抽查检查信息"
        verbose_name_plural = "抽查检查信息"
        ordering: ClassVar = ["-inspected_on", "-pk"]
        indexes: ClassVar = [models.Index(fields=["entity", "-inspected_on"])]

    def __str__(self) -> str:
        return f"{self.entity} {self.inspected_on} {self.outcome_label}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        if action is not Action.VIEW:
            return None
        if role is Role.SUPERVISOR or (role in DEPARTMENT_ROLES and user.department_id):
            return Q()
        if role is Role.ENTERPRISE and user.entity_id:
            return Q(entity_id=user.entity_id)
        return None
