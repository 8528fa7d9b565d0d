"""Execution of a penalty decision and corrections of a decision (issue #4 parts 7 and 8;
R-CASE-9, R-CASE-10, R-CASE-11).

罚缴分离 (APL 67): the department never takes money. A `Payment` is recorded only from the bank's
receipt (bank, receipt number, optionally its scan with SHA-256); there is no cash path. Rows are
written only by `prudent.execution.services`; every model is scoped through its case, like
`Case.scope_q` (department roles their department, the judicial bureau reads all, an enterprise
reads the cases where its entity is the party).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role


def case_scope_q(prefix: str, user: Any, role: Role, action: Action) -> Q | None:
    """`Case.scope_q` for a model reached through `prefix` (e.g. "case__")."""
    if role is Role.SUPERVISOR:
        return Q() if action is Action.VIEW else None
    if role in DEPARTMENT_ROLES:
        if user.department_id is None:
            return None
        if action is not Action.VIEW and role is Role.LIST_AUTHOR:
            return None
        return Q(**{f"{prefix}department_id": user.department_id})
    if role is Role.ENTERPRISE and action is Action.VIEW and user.entity_id:
        return Q(**{f"{prefix}party_id": user.entity_id})
    return None


class CaseScoped(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return case_scope_q("case__", user, role, action)


class Payment(CaseScoped):
    """A payment into the bank named in the decision, recorded from the bank's receipt."""

    class Kind(models.TextChoices):
        FINE = "fine", "罚款"
        LATE_FINE = "late_fine", "加处罚款"

    kind = models.CharField("缴款类别", max_length=12, choices=Kind.choices, default=Kind.FINE)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴款日期")
    bank = models.CharField("代收银行", max_length=100)
    receipt_number = models.CharField("缴款凭证号", max_length=60, unique=True)
    receipt_scan = models.FileField(
        "缴款凭证扫描件", upload_to="execution/receipts/%Y/", blank=True
    )
    receipt_sha256 = models.CharField("扫描件SHA-256", max_length=64, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "罚款缴纳记录"
        verbose_name_plural = "罚款缴纳记录"
        ordering: ClassVar = ["case", "paid_on", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.amount}"


class PaymentArrangement(CaseScoped):
    """暂缓或者分期缴纳罚款 (APL 66 ¶2): on the party's application, for 确有经济困难, approved by
    the head of the department. `schedule` is a list of {"due": ISO date, "amount": "yuan"}."""

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", "暂缓缴纳"
        INSTALMENTS = "instalments", "分期缴纳"

    class Status(models.TextChoices):
        APPLIED = "applied", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    kind = models.CharField("方式", max_length=12, choices=Kind.choices)
    applied_on = models.DateField("申请日期")
    reason = models.TextField("申请理由（确有经济困难）")
    deferral_until = models.DateField("暂缓至", null=True, blank=True)
    schedule = models.JSONField("分期计划", default=list, blank=True)
    status = models.CharField(
        "审批状态", max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人（部门负责人）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField("审批日期", null=True, blank=True)
    approval_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "暂缓或分期缴纳"
        verbose_name_plural = "暂缓或分期缴纳"
        ordering: ClassVar = ["case", "applied_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.get_status_display()}"

    @property
    def end_date(self) -> Any:
        """The end of the deferral or of the instalment period (APL 72 ¶2)."""
        if self.kind == self.Kind.DEFERRAL:
            return self.deferral_until
        import datetime as dt

        dues = [dt.date.fromisoformat(str(row["due"])) for row in self.schedule]
        return max(dues) if dues else None


class SettlementAgreement(CaseScoped):
    """执行和解 (执行协议): what the authority and the party agreed on the way of performing."""

    agreed_on = models.DateField("协议日期")
    terms = models.TextField("协议内容")
    parties = models.CharField("协议各方", max_length=300)
    late_fine_waived = models.DecimalField(
        "减免的加处罚款（元）", max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = "执行和解协议"
        verbose_name_plural = "执行和解协议"
        ordering: ClassVar = ["case", "agreed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.agreed_on}"


class ReviewPeriod(CaseScoped):
    """行政复议 / 行政诉讼: days in these periods add no late-payment fine (APL 73 ¶3)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION = "litigation", "行政诉讼"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    started_on = models.DateField("申请或起诉日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "复议诉讼期间"
        verbose_name_plural = "复议诉讼期间"
        ordering: ClassVar = ["case", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.started_on}"


class ConfiscatedItem(CaseScoped):
    """The register of confiscated items (没收物品登记) and their disposal."""

    class Disposal(models.TextChoices):
        DESTROYED = "destroyed", "销毁"
        AUCTIONED = "auctioned", "拍卖"
        TRANSFERRED = "transferred", "移交有关部门"
        RETURNED = "returned", "退还"
        OTHER = "other", "其他依法处理"

    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="办案部门",
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField("物品名称及描述", max_length=300)
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=3)
    unit = models.CharField("单位", max_length=20)
    value = models.DecimalField("估值（元）", max_digits=14, decimal_places=2, default=0)
    storage_place = models.CharField("存放地点", max_length=200)
    disposal = models.CharField("处置方式", max_length=20, choices=Disposal.choices, blank=True)
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    disposal_note = models.TextField("处置说明", blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处置登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "没收物品"
        verbose_name_plural = "没收物品登记簿"
        ordering: ClassVar = ["department", "-recorded_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["department", "disposal"])]

    def __str__(self) -> str:
        return f"{self.description} {self.quantity}{self.unit}"


class CommunityServiceOffset(CaseScoped):
    """公益抵罚 (R-CASE-10): an application to offset part of the fine by community service, only
    where the case's rulebook item allows it (`community_service_offset` in the rulebook format),
    within its `max_share` of the fine. Applied → approved by the head → completed; only a
    completed offset reduces the outstanding fine (see docs/execution.md)."""

    class Status(models.TextChoices):
        APPLIED = "applied", "已申请"
        APPROVED = "approved", "已批准"
        COMPLETED = "completed", "已完成"

    description = models.TextField("公益服务内容")
    hours = models.PositiveIntegerField("时长（小时）")
    offset_amount = models.DecimalField("抵扣金额（元）", max_digits=14, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField("申请日期", null=True, blank=True)
    basis = models.TextField("依据", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    completion_record = models.TextField("完成情况记录", blank=True)

    class Meta:
        verbose_name = "公益抵罚"
        verbose_name_plural = "公益抵罚"

    def __str__(self) -> str:
        return f"{self.case_id} {self.hours}h"


class DecisionCorrection(CaseScoped):
    """撤销、补正、变更 a decision after hearing the party (R-CASE-11). `before` is the case's
    `decision` JSON as it was; `after` what it became. Rows are never changed or deleted, so the
    original decision stays in the record."""

    class Kind(models.TextChoices):
        REVOKE = "revoke", "撤销"
        AMEND = "amend", "补正"
        CHANGE = "change", "变更"

    kind = models.CharField("纠正方式", max_length=10, choices=Kind.choices)
    reasons = models.TextField("理由")
    hearing_on = models.DateField("听取当事人意见日期")
    hearing_record = models.TextField("当事人意见记录")
    before = models.JSONField("纠正前的决定")
    after = models.JSONField("纠正后的决定")
    corrected_on = models.DateField("纠正日期")

    class Meta:
        verbose_name = "决定的纠正"
        verbose_name_plural = "决定的纠正"
        ordering: ClassVar = ["case", "corrected_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.corrected_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("决定的纠正记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("决定的纠正记录只能追加，不能删除")
