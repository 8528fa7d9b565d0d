"""Published penalty decisions 行政处罚决定公开 (issue #4 part 9; R-CASE-12, R-PUB-2).

A `Publication` holds what the public sees — the 行政处罚信息摘要 (45号令 Art. 4: 文号, 当事人,
违法行为类型, 行政处罚内容, 机关名称和日期) and the decision text with personal information
processed (`lawcore.masking.redact_text`) — and its dates: the last day to publish (20 working
days from the decision), the day publication stops (the period per severity), and the withdrawal.
Written only by `prudent.publication.services`; a withdrawn row stays (the record), it is simply no
longer public. At most one publication of a case is active at a time.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from lawcore.publication import Severity
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role


class Publication(models.Model):
    class WithdrawKind(models.TextChoices):
        EXPIRED = "expired", "公示期满"
        DECISION_CHANGED = "decision_changed", "决定被变更、撤销或确认违法、无效"
        OTHER = "other", "其他原因"

    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="publications"
    )
    # the 行政处罚信息摘要 (45号令 Art. 4), as published
    number = models.CharField("决定书文号", max_length=60)
    party_name = models.CharField("当事人", max_length=200, help_text="自然人以“张某某”显示")
    party_code = models.CharField("当事人证照号码", max_length=40, blank=True)
    party_kind = models.CharField("主体类型", max_length=30)
    violation_type = models.CharField("违法行为类型", max_length=300)
    penalty_content = models.CharField("行政处罚内容", max_length=500)
    authority = models.CharField("作出决定的机关", max_length=200)
    decided_on = models.DateField("作出决定日期")
    text = models.TextField("决定书正文（已作去标识化处理）")
    # dates
    severity = models.CharField(
        "公示类别", max_length=20, choices=[(s.value, s.label) for s in Severity]
    )
    period_months = models.PositiveIntegerField("公示期（月）")
    published_on = models.DateField("公示日期", db_index=True)
    due_by = models.DateField("应公示期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    withdraw_on = models.DateField("公示截止日期", db_index=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True, db_index=True)
    withdraw_kind = models.CharField(
        "撤回原因类别", max_length=20, choices=WithdrawKind.choices, blank=True
    )
    withdraw_reason = models.TextField("撤回理由", blank=True)
    decision_changed_on = models.DateField("决定变更/撤销日期", null=True, blank=True)
    withdrawal_due = models.DateField("应撤回期限", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公示人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政处罚决定公开"
        verbose_name_plural = "行政处罚决定公开"
        ordering: ClassVar = ["-published_on", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(withdrawn_on__isnull=True),
                name="publication_one_active_per_case",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["withdrawn_on", "withdraw_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.party_name}"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """As the case: department roles their department (heads and officers change), the judicial
        bureau reads all, an enterprise reads its own entity's."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES:
            if user.department_id is None:
                return None
            if action is not Action.VIEW and role is not Role.HEAD:
                return None
            return Q(case__department_id=user.department_id)
        if role is Role.ENTERPRISE and action is Action.VIEW and user.entity_id:
            return Q(case__party_id=user.entity_id)
        return None

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label
