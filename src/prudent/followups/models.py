"""The party-facing records of a case (issue #4 parts 3, 5, 10; R-CASE-2…6, R-DEC-4, R-PUB-4).

The workflow state lives in `cases.Case.snapshot` and moves only through
`prudent.cases.services.case_transition` / `case_record`; these tables hold what the party was
told, chose, signed, said and how it rated the enforcement — written in the same transaction as
the case step by `prudent.followups.services`. Scope: department roles their department's cases,
the judicial bureau all (read), an enterprise its own entity's cases.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from lawcore.workflow import CommitmentChannel
from prudent.core.permissions import RestrictedQuerySet

CHANNEL_CHOICES = [(c.value, c.label) for c in CommitmentChannel]


class _CaseScoped(models.Model):
    scope_department = "case__department"
    scope_entity = "case__party"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class FlexibleChoice(_CaseScoped):
    """The party was told it may choose flexible enforcement (常宁第6项), and what it chose."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="flexible_choices"
    )
    offered_on = models.DateField("告知日期")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="告知人", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("告知内容", blank=True)
    chosen = models.BooleanField("当事人选择柔性执法", null=True, blank=True)
    chosen_on = models.DateField("选择日期", null=True, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="选择的记录人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "柔性执法选择"
        verbose_name_plural = "柔性执法选择"
        ordering: ClassVar = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.offered_on} {self.chosen}"

    @property
    def chosen_label(self) -> str:
        return {None: "待当事人选择", True: "选择接受柔性执法", False: "不接受柔性执法"}[
            self.chosen
        ]


class Commitment(_CaseScoped):
    """承诺书: signed online by the enterprise user, or on paper and uploaded by an officer."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="commitments")
    text = models.TextField("承诺内容")
    deadline = models.DateField("承诺改正期限")
    channel = models.CharField("签署方式", max_length=10, choices=CHANNEL_CHOICES)
    signed_on = models.DateField("签署日期")
    signer_name = models.CharField("签署人姓名", max_length=100)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="在线签署的企业用户",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scan = models.FileField("纸质承诺书扫描件", upload_to="followups/commitments/", blank=True)
    scan_name = models.CharField("扫描件原文件名", max_length=200, blank=True)
    scan_type = models.CharField("扫描件类型", max_length=40, blank=True)
    scan_size = models.PositiveBigIntegerField("扫描件大小（字节）", null=True, blank=True)
    scan_sha256 = models.CharField("扫描件SHA-256", max_length=64, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "承诺书"
        verbose_name_plural = "承诺书"
        ordering: ClassVar = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.signed_on} → {self.deadline}"

    @property
    def channel_label(self) -> str:
        return CommitmentChannel(self.channel).label


class Statement(_CaseScoped):
    """陈述、申辩 and hearing requests from the party (行政处罚法第四十四条、第四十五条、第六十四条)."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", "陈述意见"
        DEFENCE = "defence", "申辩意见"
        HEARING_REQUEST = "hearing_request", "听证申请"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    text = models.TextField("内容")
    submitted_on = models.DateField("提交日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "陈述申辩与听证申请"
        verbose_name_plural = "陈述申辩与听证申请"
        ordering: ClassVar = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.submitted_on}"


class ReturnVisit(_CaseScoped):
    """回访 after a decision (R-CASE-6): the party's account of its correction, its opinion of the
    enforcement and a 1–5 score — recorded by an officer, or given by the enterprise online."""

    class Source(models.TextChoices):
        OFFICER = "officer", "执法人员记录"
        ENTERPRISE = "enterprise", "企业在线评价"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="return_visits")
    visited_on = models.DateField("回访日期")
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    correction_account = models.TextField("当事人对改正情况的说明", blank=True)
    opinion = models.TextField("当事人对执法工作的意见", blank=True)
    score = models.PositiveSmallIntegerField("评分（1–5分）", null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分的企业用户",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rated_on = models.DateField("企业评分日期", null=True, blank=True)
    party_comment = models.TextField("企业评价意见", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering: ClassVar = ["case", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="return_visit_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_on} {self.score}"


class EducationRecord(_CaseScoped):
    """教育记录: every no-penalty decision is accompanied by education (行政处罚法第三十三条第三款,
    R-DEC-4)."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "当面教育"
        WRITTEN = "written", "书面教育"
        INTERVIEW = "interview", "约谈教育"
        TRAINING = "training", "组织学习培训"
        OTHER = "other", "其他方式"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="education")
    on = models.DateField("教育日期")
    method = models.CharField("教育方式", max_length=12, choices=Method.choices)
    content = models.TextField("教育内容")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="执法人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "教育记录"
        verbose_name_plural = "教育记录"
        ordering: ClassVar = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.on} {self.method}"
