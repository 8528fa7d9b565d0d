"""Evidence items of a case (R-CASE-7, issue #4 part 2): photos, recordings, videos and documents,
each stored once under `evidence/<case id>/<sha256>` with its SHA-256, size and the type sniffed
from its content (`lawcore.sniffing`), never from the uploaded name.

Append-only like `CaseEvent`: there is no path to change or delete an item; `prudent evidence
verify` re-hashes the stored files against the recorded hashes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from lawcore.sniffing import KIND_LABELS
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role

KIND_CHOICES = list(KIND_LABELS.items())


class AppendOnly(RuntimeError):
    """Evidence items are never changed or deleted (R-CASE-7)."""


def evidence_name(case_id: int, sha256: str) -> str:
    """The storage name of a file: its case and its content hash, never the uploaded name."""
    return f"evidence/{int(case_id)}/{sha256}"


class EvidenceItem(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="evidence"
    )
    seq = models.PositiveIntegerField("证据序号")
    kind = models.CharField("证据种类", max_length=20, choices=KIND_CHOICES)
    title = models.CharField("证据名称", max_length=200)
    description = models.TextField("证明内容/说明", blank=True)
    file = models.FileField("文件", max_length=200)
    original_name = models.CharField("原文件名（仅供显示）", max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("类型（按内容检测）", max_length=120)
    type_label = models.CharField("类型名称", max_length=80)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploader_name = models.CharField("上传人姓名", max_length=100)
    uploaded_at = models.DateTimeField("上传时间")
    collected_at = models.DateTimeField("取证时间", null=True, blank=True)
    collected_place = models.CharField("取证地点", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering: ClassVar = ["case", "seq"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "seq"], name="evidence_unique_seq"),
            models.UniqueConstraint(fields=["case", "sha256"], name="evidence_unique_content"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 证据{self.seq} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnly("证据只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("证据只能追加，不能删除")

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Department roles see their department's evidence; only officers and heads add; the
        judicial bureau reads all. An enterprise sees none of it, not even on its own case: the
        case file holds complaints, witness statements and other parties' data, and the party
        reads the evidence through the officers (陈述申辩, hearing), not by download
        (docs/evidence.md)."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES and user.department_id is not None:
            if action is Action.VIEW:
                return Q(case__department_id=user.department_id)
            if action is Action.ADD and role in (Role.OFFICER, Role.HEAD):
                return Q(case__department_id=user.department_id)
        return None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)
