"""Directories for 双随机、一公开 (issue #5 part 1; R-INSP-1, R-INSP-2, R-INSP-4, R-INSP-5, R-CRED-2).

- `EntitySupervision`: one per entity, its credit-risk class A/B/C/D (国市监信发〔2022〕6号,
  CONVENTIONS §8). The class is an internal signal for the draw quotas: it is NOT published and
  never shown to the enterprise (不公开) — the model has no entity scope, so an enterprise user
  reads no row of it.
- `ListMembership`: dated membership of the white list 白名单, the key-supervision list 重点监管清单
  and the serious-dishonesty list 严重违法失信名单, each with its reason and who recorded it.
- `InspectorConflict`: a conflict of interest an inspector declared with an entity (APL 43
  回避); a withdrawn declaration stays, with its withdrawal date.
- `InspectionItemList` / `InspectionItem`: each department's 随机抽查事项清单 in numbered
  versions; a published version is immutable, a new version starts as a copy.

The observation period (观察期) stays on `Entity.observation_until/observation_reason`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from prudent.core.errors import Conflict
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role


class CreditClass(models.TextChoices):
    A = "A", "A类（信用风险低）"
    B = "B", "B类（信用风险一般）"
    C = "C", "C类（信用风险较高）"
    D = "D", "D类（信用风险高）"


class SupervisionList(models.TextChoices):
    WHITE_LIST = "white_list", "白名单"
    KEY_SUPERVISION = "key_supervision", "重点监管清单"
    SERIOUS_DISHONESTY = "serious_dishonesty", "严重违法失信名单"


def _staff_only(user: Any, role: Role, action: Action, *, manage: bool) -> Q | None:
    """Staff of every department and the judicial bureau read; heads write; enterprises nothing."""
    if role in DEPARTMENT_ROLES or role is Role.SUPERVISOR:
        if action is Action.VIEW:
            return Q()
        return Q() if manage and role is Role.HEAD else None
    return None  # Role.ENTERPRISE and anyone else: nothing (CONVENTIONS §8 不公开)


class EntitySupervision(models.Model):
    entity = models.OneToOneField(
        "entities.Entity",
        verbose_name="市场主体",
        on_delete=models.PROTECT,
        related_name="supervision",
    )
    credit_class = models.CharField(
        "信用风险分类", max_length=1, choices=CreditClass.choices, default=CreditClass.B
    )
    class_since = models.DateField("分类起始日期")
    class_reason = models.CharField("分类依据", max_length=300, blank=True)
    updated_by = models.CharField("更新人", max_length=150, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "主体监管属性"
        verbose_name_plural = "主体监管属性"

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.credit_class}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _staff_only(user, role, action, manage=True)


class ListMembership(models.Model):
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="市场主体",
        on_delete=models.PROTECT,
        related_name="list_memberships",
    )
    list = models.CharField("名单", max_length=30, choices=SupervisionList.choices)
    valid_from = models.DateField("列入日期")
    valid_to = models.DateField("移出日期", null=True, blank=True)
    reason = models.CharField("列入事由", max_length=300)
    end_reason = models.CharField("移出事由", max_length=300, blank=True)
    by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "名单记录"
        verbose_name_plural = "名单记录"
        ordering: ClassVar = ["entity", "list", "-valid_from"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_display()} {self.valid_from}–{self.valid_to or ''}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _staff_only(user, role, action, manage=True)

    def active_on(self, day: Any) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class InspectorConflict(models.Model):
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人员",
        on_delete=models.PROTECT,
        related_name="inspection_conflicts",
    )
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="市场主体",
        on_delete=models.PROTECT,
        related_name="inspector_conflicts",
    )
    reason = models.CharField("回避事由", max_length=300)
    declared_on = models.DateField("申报日期")
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回原因", max_length=300, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "利益冲突申报"
        verbose_name_plural = "利益冲突申报"
        ordering: ClassVar = ["inspector", "-declared_on"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspector", "entity"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_open_conflict_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.entity}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _staff_only(user, role, action, manage=False)


class InspectionItemList(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="部门",
        on_delete=models.PROTECT,
        related_name="inspection_item_lists",
    )
    version = models.PositiveIntegerField("版本号")
    effective_from = models.DateField("施行日期")
    published_on = models.DateField("发布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        verbose_name="复制自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_department = "department"

    class Meta:
        verbose_name = "随机抽查事项清单"
        verbose_name_plural = "随机抽查事项清单"
        ordering: ClassVar = ["department", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["department", "version"], name="item_list_version"),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(published_on__isnull=True))
                | (Q(status="published") & Q(published_on__isnull=False)),
                name="item_list_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} 随机抽查事项清单 第{self.version}版"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Published lists are public; drafts only in the own department (heads change them)."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES and user.department_id is not None:
            if action is Action.VIEW:
                return Q(status="published") | Q(department_id=user.department_id)
            return Q(department_id=user.department_id) if role is Role.HEAD else None
        return None


class InspectionItem(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", "一般检查事项"
        KEY = "key", "重点检查事项"

    item_list = models.ForeignKey(
        InspectionItemList, verbose_name="清单", on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField("事项编号", max_length=40)
    name = models.CharField("抽查事项", max_length=200)
    basis = models.TextField("法律依据")
    subject = models.CharField("抽查对象", max_length=300)
    content = models.TextField("检查内容")
    method = models.CharField("检查方式", max_length=200)
    kind = models.CharField("事项类别", max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项"
        ordering: ClassVar = ["item_list", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item_list", "code"], name="item_code_per_list"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self) -> None:
        if InspectionItemList.objects.filter(pk=self.item_list_id, status="published").exists():
            raise Conflict("已发布的随机抽查事项清单不能修改；请新建版本。")


# ------------------------------------------------------------------ inspections (issue #5 parts 3–7)


class InspectionOrigin(models.TextChoices):
    """How an inspection came about: drawn (双随机), planned jointly, triggered, or full coverage."""

    DRAW = "draw", "双随机抽查"
    JOINT = "joint", "部门联合检查"
    TRIGGERED = "triggered", "触发式检查"
    KEY_SUPERVISION = "key_supervision", "重点监管检查"


class InspectionTrigger(models.TextChoices):
    """The recorded reason that lets an inspection through the once-a-year rules (R-INSP-3/4):
    CJ 四(五)/CN 15 name complaint, assignment from above, referral and special campaign;
    国市监信发〔2022〕6号 (CONVENTIONS §8, class A) adds big-data leads."""

    NONE = "", "无（计划内检查）"
    COMPLAINT = "complaint", "投诉举报"
    DATA_SIGNAL = "data_signal", "大数据监测线索"
    ASSIGNED = "assigned", "上级交办"
    REFERRAL = "referral", "有关部门移送"
    CAMPAIGN = "campaign", "专项整治"


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", "待检查"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class InspectionOutcome(models.TextChoices):
    """Part 7: what the inspection found (R-INSP-1)."""

    NONE = "", "—"
    NO_PROBLEM = "no_problem", "未发现问题"
    ORDER_CORRECT = "order_correct", "发现问题，责令整改"
    CASE = "case", "发现问题，立案查处"


class Inspection(models.Model):
    """One visit to one entity by one or several departments (a joint visit is one row with several
    `departments`, R-INSP-3 进一次门、查多项事). Its *type* for the once-a-year rules is the codes of
    the 抽查事项 it checks (`items`). Written only by `prudent.inspections` services (opening applies
    the white-list and same-type rules; the result records outcome, publication and credit)."""

    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="检查对象",
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="牵头部门",
        on_delete=models.PROTECT,
        related_name="led_inspections",
    )
    departments = models.ManyToManyField(
        "organisations.Department", verbose_name="参加部门", related_name="inspections"
    )
    items = models.ManyToManyField(
        InspectionItem, verbose_name="抽查事项", related_name="inspections"
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="inspections"
    )
    origin = models.CharField("检查来源", max_length=20, choices=InspectionOrigin.choices)
    trigger = models.CharField(
        "检查事由", max_length=20, choices=InspectionTrigger.choices, blank=True, default=""
    )
    trigger_note = models.CharField("事由说明", max_length=300, blank=True)
    planned_on = models.DateField("计划检查日期", db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    cancelled_by = models.CharField("取消人", max_length=150, blank=True)
    # part 7: the result
    inspected_on = models.DateField("检查完成日期", null=True, blank=True)
    outcome = models.CharField(
        "检查结果", max_length=20, choices=InspectionOutcome.choices, blank=True, default=""
    )
    outcome_note = models.TextField("检查情况", blank=True)
    correction_due = models.DateField("整改期限", null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="立案案件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    result_by = models.CharField("结果登记人", max_length=150, blank=True)
    # after an order to correct: the re-inspection 复查 (R-CASE-5 applied to inspections)
    reinspected_on = models.DateField("复查日期", null=True, blank=True)
    reinspection_corrected = models.BooleanField("复查时已整改", null=True, blank=True)
    reinspection_note = models.TextField("复查情况", blank=True)
    reinspection_by = models.CharField("复查登记人", max_length=150, blank=True)
    reinspection_case = models.ForeignKey(
        "cases.Case",
        verbose_name="复查后立案案件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reinspections",
    )
    result_due = models.DateField("结果公示期限", null=True, blank=True)
    result_due_provisional = models.BooleanField("公示期限暂定", default=False)
    result_published_on = models.DateField("结果公示日期", null=True, blank=True, db_index=True)
    result_published_by = models.CharField("公示人", max_length=150, blank=True)
    result_summary = models.TextField("公示的检查结果", blank=True)
    # what the public page shows of the entity, fixed when published (a natural person masked)
    public_party_name = models.CharField("公示的检查对象名称", max_length=200, blank=True)
    public_party_code = models.CharField("公示的检查对象代码", max_length=18, blank=True)
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering: ClassVar = ["-planned_on", "-pk"]
        indexes: ClassVar = [models.Index(fields=["entity", "planned_on"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status="done", inspected_on__isnull=False) | ~Q(status="done"),
                name="inspection_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(reinspected_on__isnull=True, reinspection_corrected__isnull=True)
                | Q(reinspected_on__isnull=False, reinspection_corrected__isnull=False),
                name="inspection_reinspection_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.planned_on} {self.get_origin_display()}"

    @property
    def is_joint(self) -> bool:
        return self.origin == InspectionOrigin.JOINT

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Department staff see the inspections their department takes part in (heads change them,
        officers record results of their own through services); the judicial bureau reads all; an
        enterprise reads the inspections of its own entity (the result is about it)."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES and user.department_id is not None:
            if action is not Action.VIEW and role is not Role.HEAD:
                return None
            return Q(departments=user.department_id)
        if role is Role.ENTERPRISE and action is Action.VIEW and getattr(user, "entity_id", None):
            return Q(entity_id=user.entity_id)
        return None
