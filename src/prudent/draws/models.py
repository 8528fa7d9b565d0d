"""The draw in the platform (issue #5 part 3; R-INSP-1, R-INSP-2, R-INSP-5; GLOSSARY 抽取 = Draw).

A `Draw` is one run of `prudent-draw/1` (docs/draw-protocol.md) for one task: planned by the head
of the lead department, frozen and committed (population and inspectors fixed, commitment
published at once), then seeded from the public ceremony and drawn. It holds ONE commitment and
at most one result: the state only moves forward (planned → committed → drawn | failed), and a
redo is a new Draw pointing at the previous one with a reason (the previous one becomes
superseded; both stay, with their audit events). See docs/draws.md.

The canonical population and inspector texts are stored exactly as hashed into the commitment, so
the public downloads are byte-for-byte the committed inputs.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role


class DrawState(models.TextChoices):
    PLANNED = "planned", "已制定方案"
    COMMITTED = "committed", "已公布承诺值"
    DRAWN = "drawn", "已抽取"
    FAILED = "failed", "抽取失败"
    SUPERSEDED = "superseded", "已重新抽取"


#: States in which the draw is on the portal (the commitment has been published).
PUBLIC_STATES = (DrawState.COMMITTED, DrawState.DRAWN, DrawState.FAILED, DrawState.SUPERSEDED)


class Draw(models.Model):
    task = models.CharField("抽查任务编号", max_length=100, unique=True)
    name = models.CharField("抽查任务名称", max_length=200)
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="牵头部门",
        on_delete=models.PROTECT,
        related_name="led_draws",
    )
    departments = models.ManyToManyField(
        "organisations.Department", verbose_name="参加部门", related_name="draws"
    )
    items = models.ManyToManyField(
        "inspections.InspectionItem", verbose_name="抽查事项", related_name="draws"
    )
    # population filter (beyond the departments' jurisdictions)
    kinds = models.JSONField("主体类型", default=list, blank=True)
    division_prefix = models.CharField("行政区划代码（前缀）", max_length=6, blank=True)
    industry = models.CharField("行业（包含）", max_length=100, blank=True)
    exclude_observation = models.BooleanField("观察期内的主体不纳入", default=True)
    quotas = models.JSONField("抽查比例")
    per_entity = models.PositiveSmallIntegerField("每户检查人员数", default=2)
    planned_on = models.DateField("计划检查日期")
    planned_until = models.DateField("检查截止日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=DrawState.choices, default=DrawState.PLANNED
    )
    previous = models.OneToOneField(
        "self",
        verbose_name="前次抽取",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redone_by",
    )
    redo_reason = models.CharField("重新抽取原因", max_length=300, blank=True)
    planned_by = models.CharField("制定人", max_length=150)
    planned_at = models.DateTimeField("制定时间", auto_now_add=True)
    # frozen and committed
    population_text = models.TextField("检查对象（规范文本）", blank=True)
    inspectors_text = models.TextField("检查人员（规范文本）", blank=True)
    inspector_map = models.JSONField("执法证号与人员", default=dict, blank=True)
    population_size = models.PositiveIntegerField("检查对象数", default=0)
    commitment = models.CharField("承诺值", max_length=64, blank=True, db_index=True)
    commitment_json = models.TextField("承诺（JSON）", blank=True)
    committed_by = models.CharField("公布人", max_length=150, blank=True)
    committed_at = models.DateTimeField("承诺值公布时间", null=True, blank=True)
    # seeded and drawn
    seed = models.CharField("随机种子", max_length=200, blank=True)
    seeded_by = models.CharField("录入人", max_length=150, blank=True)
    seeded_at = models.DateTimeField("种子录入时间", null=True, blank=True)
    result_json = models.TextField("抽取结果（JSON）", blank=True)
    failure = models.TextField("失败原因", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "双随机抽取"
        verbose_name_plural = "双随机抽取"
        ordering: ClassVar = ["-planned_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(state="planned") | ~Q(commitment=""), name="draw_committed_has_hash"
            ),
            models.CheckConstraint(
                condition=~Q(state="drawn") | (~Q(seed="") & ~Q(result_json="")),
                name="draw_drawn_has_result",
            ),
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(redo_reason=""),
                name="draw_redo_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.name}"

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Staff of a taking-part department read the draw; the head of the lead department
        changes it; the judicial bureau reads all. The public reads committed draws through the
        portal pages (no user, no scope)."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES and user.department_id is not None:
            if action is Action.VIEW:
                return Q(departments=user.department_id)
            return Q(department_id=user.department_id) if role is Role.HEAD else None
        return None


class ExclusionReason(models.TextChoices):
    WHITE_LIST = "white_list", "白名单内，本年度已检查（R-INSP-4）"
    SAME_TYPE = "same_type", "本年度已检查过同类事项（R-INSP-3）"
    OBSERVATION = "observation", "处于观察期（R-DEC-8）"


class DrawExclusion(models.Model):
    """An entity left out of the population before the draw, with its reason (one row per
    reason), listed publicly with the draw."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="exclusions")
    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.PROTECT, related_name="draw_exclusions"
    )
    public_id = models.CharField("公开编号", max_length=40)
    reason = models.CharField("排除原因", max_length=20, choices=ExclusionReason.choices)
    detail = models.CharField("说明", max_length=300)

    class Meta:
        verbose_name = "抽取前排除"
        verbose_name_plural = "抽取前排除"
        ordering: ClassVar = ["draw", "public_id", "reason"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["draw", "entity", "reason"], name="one_reason_once"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.get_reason_display()}"


class DrawSelection(models.Model):
    """One selected entity of a drawn Draw, in selection order, with the inspection task opened
    for it (created in the same transaction as the result)."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="selections")
    position = models.PositiveIntegerField("序号")
    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.PROTECT, related_name="draw_selections"
    )
    public_id = models.CharField("公开编号", max_length=40)
    stratum = models.CharField("层", max_length=40)
    key = models.CharField("排序键", max_length=64)
    inspectors = models.JSONField("检查人员执法证号")
    inspection = models.OneToOneField(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        related_name="draw_selection",
    )

    class Meta:
        verbose_name = "抽中对象"
        verbose_name_plural = "抽中对象"
        ordering: ClassVar = ["draw", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["draw", "position"], name="selection_position"),
            models.UniqueConstraint(fields=["draw", "entity"], name="selection_entity_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.public_id} ({self.stratum})"
