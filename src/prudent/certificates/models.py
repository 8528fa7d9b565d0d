"""Enforcement certificates 执法证 held by officers (R-CASE-13 持证上岗, R-SUP-8 certificate register).

The enforcement fields a certificate covers are stored as a JSON list of `EnforcementField` values,
which works the same on SQLite and PostgreSQL; services validate the list before writing.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lawcore.certificates import CertificateFacts
from prudent.core.permissions import RestrictedQuerySet
from prudent.organisations.choices import EnforcementField


class Certificate(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        REVOKED = "revoked", "已吊销"

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="持证人",
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField("执法证号", max_length=40, unique=True)
    issuer = models.CharField("发证机关", max_length=100)
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期至")
    fields = models.JSONField("执法领域", default=list)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    revoked_on = models.DateField("吊销日期", null=True, blank=True)
    revocation_reason = models.CharField("吊销原因", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_department = "holder__department"

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering: ClassVar = ["holder__department", "holder__username", "-valid_to"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="certificate_valid_to_after_from"
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(revoked_on__isnull=True))
                | (Q(status="revoked") & Q(revoked_on__isnull=False)),
                name="certificate_revoked_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.holder}）"

    @property
    def field_labels(self) -> list[str]:
        labels = dict(EnforcementField.choices)
        return [str(labels.get(f, f)) for f in self.fields or []]

    @property
    def fields_display(self) -> str:
        return "、".join(self.field_labels)

    def facts(self) -> CertificateFacts:
        return CertificateFacts(
            number=self.number,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            fields=frozenset(self.fields or []),
            revoked_on=self.revoked_on if self.status == self.Status.REVOKED else None,
        )
