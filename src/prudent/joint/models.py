"""Joint inspections 综合查一次 / 联合检查 (issue #5 part 4; R-INSP-3; CJ 四(五), CN 4, CN 15).

- `JointPlan`: the annual joint plan 年度部门联合抽查计划 of one government (county) and year, in
  numbered versions. Drafted by a head of its lead department (CJ 四(五): 市场监管部门牵头); due by
  31 March of its year; a published version is immutable and public, a change is a new version.
- `JointTask`: one joint task of a plan: the taking-part departments, each department's items
  (`JointTaskItem`, from its published 随机抽查事项清单), the targets (chosen entities and/or a
  filter), the month.
- `JointInspection`: one carried-out visit of a task to one entity; the visit itself is a
  `prudent.inspections.Inspection` (origin "joint") opened by `inspection_open`, so the
  once-a-year rules hold. Its joint check form 联合检查单 is its `JointFinding` rows: one per
  department's item, each filled by that department only.
- `TestResult`: a 检验检测结果 recorded once on a joint inspection and used by every taking-part
  department (CJ 四(五): 所有联合检查部门应当直接采用，不得重复检验); a second result for the same
  sample and test is refused by a unique constraint and by the service.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

from prudent.core.errors import Conflict
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role

PUBLISHED_IMMUTABLE = "已发布的联合抽查计划不能修改；如需调整，请新建版本。"


def _government_id(user: Any) -> int | None:
    dept = getattr(user, "department", None)
    return dept.government_id if dept is not None else None


def _staff_view(user: Any, role: Role) -> Q | None:
    """Staff of every department of the plan's government, and its judicial bureau, read plans."""
    if role in DEPARTMENT_ROLES or role is Role.SUPERVISOR:
        gov = _government_id(user)
        return None if gov is None else Q(government_id=gov)
    return None


class JointPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    government = models.ForeignKey(
        "organisations.Government",
        verbose_name="本级政府",
        on_delete=models.PROTECT,
        related_name="joint_plans",
    )
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveIntegerField("版本号")
    lead_department = models.ForeignKey(
        "organisations.Department",
        verbose_name="牵头部门",
        on_delete=models.PROTECT,
        related_name="led_joint_plans",
    )
    title = models.CharField("计划名称", max_length=200)
    note = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        verbose_name="复制自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.CharField("发布人", max_length=150, blank=True)
    created_by = models.CharField("编制人", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度部门联合抽查计划"
        verbose_name_plural = "年度部门联合抽查计划"
        ordering: ClassVar = ["-year", "government", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["government", "year", "version"], name="joint_plan_version"
            ),
            models.UniqueConstraint(
                fields=["government", "year"],
                condition=Q(status="draft"),
                name="joint_plan_one_draft",
            ),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(published_at__isnull=True))
                | (Q(status="published") & Q(published_at__isnull=False)),
                name="joint_plan_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.year}年度部门联合抽查计划 第{self.version}版"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Staff of the government read every version; heads of the lead department change it."""
        if action is Action.VIEW:
            return _staff_view(user, role)
        if role is Role.HEAD and user.department_id is not None:
            return Q(lead_department_id=user.department_id)
        return None


class _Frozen(models.Model):
    """Rows of a plan: refused once the plan is published (a change is a new version)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _plan_id(self) -> int:
        raise NotImplementedError

    def _refuse_if_published(self) -> None:
        if JointPlan.objects.filter(pk=self._plan_id(), status="published").exists():
            raise Conflict(PUBLISHED_IMMUTABLE)


class JointTask(_Frozen):
    plan = models.ForeignKey(
        JointPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("任务名称", max_length=200)
    lead_department = models.ForeignKey(
        "organisations.Department",
        verbose_name="牵头部门",
        on_delete=models.PROTECT,
        related_name="led_joint_tasks",
    )
    departments = models.ManyToManyField(
        "organisations.Department", verbose_name="参加部门", related_name="joint_tasks"
    )
    month = models.PositiveSmallIntegerField("计划月份")
    planned_on = models.DateField("计划日期", null=True, blank=True)
    entities = models.ManyToManyField(
        "entities.Entity", verbose_name="检查对象", related_name="joint_tasks", blank=True
    )
    filter_industry = models.CharField("检查对象筛选：行业包含", max_length=100, blank=True)
    filter_kind = models.CharField("检查对象筛选：主体类型", max_length=30, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "联合抽查任务"
        verbose_name_plural = "联合抽查任务"
        ordering: ClassVar = ["plan", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="joint_task_number"),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="joint_task_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def _plan_id(self) -> int:
        return int(self.plan_id)


class JointTaskItem(_Frozen):
    task = models.ForeignKey(
        JointTask, verbose_name="任务", on_delete=models.CASCADE, related_name="task_items"
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name="部门", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "inspections.InspectionItem",
        verbose_name="抽查事项",
        on_delete=models.PROTECT,
        related_name="joint_task_items",
    )

    class Meta:
        verbose_name = "联合抽查任务事项"
        verbose_name_plural = "联合抽查任务事项"
        ordering: ClassVar = ["task", "department", "item__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["task", "item"], name="joint_task_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id}: {self.item_id}"

    def _plan_id(self) -> int:
        return int(JointTask.objects.filter(pk=self.task_id).values_list("plan_id", flat=True)[0])


def _joint_scope(prefix: str, user: Any, role: Role, action: Action) -> Q | None:
    """Like `Inspection`: taking-part departments' staff, the judicial bureau reads; writes go
    through services, which check the department of each row."""
    if role is Role.SUPERVISOR:
        return Q() if action is Action.VIEW else None
    if (
        role in DEPARTMENT_ROLES
        and user.department_id is not None
        and (action is Action.VIEW or role in (Role.OFFICER, Role.HEAD))
    ):
        return Q(**{f"{prefix}inspection__departments": user.department_id})
    return None


class JointInspection(models.Model):
    task = models.ForeignKey(
        JointTask, verbose_name="联合抽查任务", on_delete=models.PROTECT, related_name="visits"
    )
    inspection = models.OneToOneField(
        "inspections.Inspection",
        verbose_name="检查任务",
        on_delete=models.PROTECT,
        related_name="joint",
    )
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "联合检查"
        verbose_name_plural = "联合检查"
        ordering: ClassVar = ["-inspection__planned_on", "-pk"]

    def __str__(self) -> str:
        return f"联合检查 {self.inspection}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _joint_scope("", user, role, action)


class TestConclusion(models.TextChoices):
    QUALIFIED = "qualified", "合格"
    UNQUALIFIED = "unqualified", "不合格"
    VALUE_ONLY = "value_only", "仅出具检测值"


class TestResult(models.Model):
    __test__ = False  # not a pytest class

    joint = models.ForeignKey(
        JointInspection, verbose_name="联合检查", on_delete=models.PROTECT, related_name="results"
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="登记部门",
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "inspections.InspectionItem",
        verbose_name="相关抽查事项",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sample = models.CharField("样品（名称、编号）", max_length=200)
    sample_key = models.CharField(max_length=200, editable=False)
    test = models.CharField("检验检测项目", max_length=200)
    test_key = models.CharField(max_length=200, editable=False)
    value = models.CharField("检测值", max_length=200, blank=True)
    conclusion = models.CharField("结论", max_length=20, choices=TestConclusion.choices)
    lab = models.CharField("检验检测机构", max_length=200)
    report_no = models.CharField("报告编号", max_length=100)
    tested_on = models.DateField("检测日期")
    file = models.FileField("报告文件", upload_to="joint/results/%Y/", blank=True)
    recorded_by = models.CharField("登记人", max_length=150)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "检验检测结果"
        verbose_name_plural = "检验检测结果"
        ordering: ClassVar = ["joint", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["joint", "sample_key", "test_key"], name="joint_result_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sample} · {self.test}：{self.get_conclusion_display()}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _joint_scope("joint__", user, role, action)


class FindingResult(models.TextChoices):
    NONE = "", "未填写"
    COMPLIANT = "compliant", "符合要求"
    PROBLEM = "problem", "发现问题"
    NOT_APPLICABLE = "not_applicable", "不涉及"


class JointFinding(models.Model):
    """One row of the joint check form: one department's item at one joint inspection."""

    joint = models.ForeignKey(
        JointInspection, verbose_name="联合检查", on_delete=models.PROTECT, related_name="findings"
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="检查部门",
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "inspections.InspectionItem",
        verbose_name="抽查事项",
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(
        "检查结果", max_length=20, choices=FindingResult.choices, blank=True, default=""
    )
    note = models.TextField("检查情况", blank=True)
    test_result = models.ForeignKey(
        TestResult,
        verbose_name="采用的检验检测结果",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    recorded_by = models.CharField("填写人", max_length=150, blank=True)
    recorded_at = models.DateTimeField("填写时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "联合检查单事项"
        verbose_name_plural = "联合检查单事项"
        ordering: ClassVar = ["joint", "department", "item__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["joint", "item"], name="joint_finding_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.get_result_display()}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return _joint_scope("joint__", user, role, action)
