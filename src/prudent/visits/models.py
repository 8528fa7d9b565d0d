"""公务入企 / 扫码登记: every official visit to an enterprise, registered and approved (R-INSP-6).

One `EnterpriseVisit` per on-site visit by one department: who goes (`VisitOfficer`, each with
the certificate they act under), when (planned, then actual), why (purpose, legal basis) and who
approved it. The enterprise gets `code`, an unguessable token shown as a QR code; whoever holds it
confirms the visit happened as registered (or reports a discrepancy) and rates it, once.

Rows are written only by `prudent.visits.services` (validation, the audit event, the once-only
rules); the constraints below are the database's own guard against a half-filled row.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role


class VisitPurpose(models.TextChoices):
    RANDOM_INSPECTION = "random_inspection", "双随机抽查"
    KEY_SUPERVISION = "key_supervision", "重点监管检查"
    COMPLAINT = "complaint", "投诉举报核查"
    CASE_INVESTIGATION = "case_investigation", "案件调查取证"
    RETURN_VISIT = "return_visit", "回访"
    ASSIGNED = "assigned", "上级交办"
    OTHER = "other", "其他"


class VisitStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    CANCELLED = "cancelled", "已取消"


class ResponseChannel(models.TextChoices):
    ACCOUNT = "account", "企业账户"
    CODE = "code", "扫码"


class EnterpriseVisit(models.Model):
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="检查对象",
        on_delete=models.PROTECT,
        related_name="enterprise_visits",
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="执法部门",
        on_delete=models.PROTECT,
        related_name="enterprise_visits",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="VisitOfficer",
        verbose_name="执法人员",
        related_name="enterprise_visits",
    )
    #: The inspection task this visit carries out, when there is one (双随机 or joint, issue #5).
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="检查任务",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprise_visits",
    )
    purpose_kind = models.CharField("入企事由", max_length=30, choices=VisitPurpose.choices)
    purpose = models.CharField("入企目的", max_length=300)
    legal_basis = models.CharField("法律依据", max_length=500)
    planned_start = models.DateTimeField("计划开始时间", db_index=True)
    planned_end = models.DateTimeField("计划结束时间")
    actual_start = models.DateTimeField("实际开始时间", null=True, blank=True)
    actual_end = models.DateTimeField("实际结束时间", null=True, blank=True)
    emergency = models.BooleanField("紧急入企", default=False)
    emergency_reason = models.CharField("紧急事由", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=VisitStatus.choices, default=VisitStatus.PENDING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_enterprise_visits",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approval_opinion = models.CharField("审批意见", max_length=300, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)
    #: The frequency warnings shown at registration and acknowledged by the registrant.
    warnings = models.JSONField("登记时的频次提示", default=list, blank=True)
    over_cap_reason = models.CharField("超过年度上限的理由", max_length=300, blank=True)
    code = models.CharField("入企码", max_length=64, unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_enterprise_visits",
    )
    registered_by_name = models.CharField("登记人", max_length=150)
    registered_at = models.DateTimeField("登记时间")
    # the enterprise's side, given once
    accurate = models.BooleanField("与登记一致", null=True, blank=True)
    discrepancy = models.TextField("不一致情况", blank=True)
    score = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    comment = models.CharField("评价", max_length=500, blank=True)
    responded_at = models.DateTimeField("确认时间", null=True, blank=True)
    responded_via = models.CharField(
        "确认方式", max_length=10, choices=ResponseChannel.choices, blank=True
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "公务入企登记"
        verbose_name_plural = "公务入企登记"
        ordering: ClassVar = ["-planned_start", "-pk"]
        indexes: ClassVar = [models.Index(fields=["entity", "planned_start"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")), name="visit_planned_end_after"
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gt=F("actual_start")),
                name="visit_actual_end_after",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_at__isnull=False) & Q(approved_by__isnull=False)),
                name="visit_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="visit_score_1_to_5",
            ),
            models.CheckConstraint(
                condition=(Q(responded_at__isnull=True) & Q(accurate__isnull=True))
                | (Q(responded_at__isnull=False) & Q(accurate__isnull=False)),
                name="visit_response_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity.name} {self.planned_start:%Y-%m-%d} {self.department.name}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """The judicial bureau reads all; department staff their own department's visits; the
        enterprise reads (and answers, CHANGE) the visits to its own entity."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES and user.department_id is not None:
            return Q(department_id=user.department_id)
        enterprise = role is Role.ENTERPRISE and getattr(user, "entity_id", None)
        if enterprise and action in (Action.VIEW, Action.CHANGE):
            return Q(entity_id=user.entity_id)
        return None

    @property
    def at(self) -> Any:
        """When the visit counts for the frequency rules: the actual start once recorded."""
        return self.actual_start or self.planned_start

    @property
    def responded(self) -> bool:
        return self.responded_at is not None

    @property
    def conducted(self) -> bool:
        return self.actual_start is not None

    @property
    def state_label(self) -> str:
        if self.status == VisitStatus.CANCELLED:
            return "已取消"
        if self.status == VisitStatus.PENDING:
            return "紧急入企·待补批" if self.emergency else "待审批"
        if self.actual_end is not None:
            return "已完成"
        return "进行中" if self.conducted else "已批准·待入企"


class VisitOfficer(models.Model):
    """One officer on a visit and the certificate (执法证) checked for it at registration."""

    visit = models.ForeignKey(
        EnterpriseVisit, on_delete=models.CASCADE, related_name="officer_rows"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="执法人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name="执法证",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "入企执法人员"
        verbose_name_plural = "入企执法人员"
        ordering: ClassVar = ["visit", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["visit", "officer"], name="visit_officer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.certificate.number}"
