"""Stored case documents (R-CASE-8, issue #4 part 6): the per-department, per-year, per-prefix
number counter and the generated 文书 with their .docx (and PDF, rendered at first download)
and SHA-256, the data they were built from, and the 送达 (service) record.

`CaseDocument` is append-only: once generated, only the PDF fields (filled once, at first
download) and the service fields (filled once, by `document_record_service`) may be set, and a
row is never deleted. Rows are written only by `prudent.documents.services`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from lawcore.workflow import ServiceMethod
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.documents.model import DocumentKind

KIND_CHOICES = [(k.value, k.title_zh) for k in DocumentKind]
METHOD_CHOICES = [(m.value, m.label) for m in ServiceMethod]
#: Fields that may be filled once after the row is created (everything else is frozen).
FILL_ONCE_FIELDS = frozenset(
    {
        "pdf",
        "pdf_sha256",
        "served_on",
        "service_method",
        "service_recipient",
        "service_note",
        "service_proof",
        "service_proof_sha256",
        "public_notice_on",
        "served_by",
        "service_recorded_at",
    }
)


class AppendOnly(RuntimeError):
    """Generated documents are never changed or deleted (R-CASE-7, R-CASE-8)."""


class DocumentNumberCounter(models.Model):
    """The last 发文顺序号 given for one prefix (e.g. 衡县市监罚决) in a department and year.
    Allocated with `select_for_update` in the transaction that stores the document."""

    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年度")
    prefix = models.CharField("机关代字", max_length=40)
    last = models.PositiveIntegerField("已用最大号", default=0)

    class Meta:
        verbose_name = "文书编号计数器"
        verbose_name_plural = "文书编号计数器"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["department", "year", "prefix"], name="document_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last}"


def _docx_path(instance: CaseDocument, filename: str) -> str:
    return f"documents/{instance.case_id}/{filename}"


class CaseDocument(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="documents"
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="发文机关",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("文书种类", max_length=40, choices=KIND_CHOICES)
    number = models.CharField("文号", max_length=80, blank=True)
    title = models.CharField("标题", max_length=100)
    on = models.DateField("成文日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制作人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("制作时间", auto_now_add=True)
    docx = models.FileField("Word 文件", upload_to=_docx_path, max_length=200)
    docx_sha256 = models.CharField("Word 文件 SHA-256", max_length=64)
    pdf = models.FileField("PDF 文件", upload_to=_docx_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField("PDF 文件 SHA-256", max_length=64, blank=True)
    data = models.JSONField("制作依据的数据", default=dict)
    # 送达 (filled once by document_record_service)
    served_on = models.DateField("送达日期", null=True, blank=True, db_index=True)
    service_method = models.CharField("送达方式", max_length=20, choices=METHOD_CHOICES, blank=True)
    service_recipient = models.CharField("受送达人/收件人", max_length=100, blank=True)
    service_note = models.TextField("送达说明", blank=True)
    service_proof = models.FileField("送达凭证", upload_to=_docx_path, max_length=200, blank=True)
    service_proof_sha256 = models.CharField("送达凭证 SHA-256", max_length=64, blank=True)
    public_notice_on = models.DateField("公告日期", null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="送达登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service_recorded_at = models.DateTimeField("送达登记时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering: ClassVar = ["case", "created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["department", "number"],
                condition=~Q(number=""),
                name="document_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= FILL_ONCE_FIELDS:
                raise AppendOnly("文书只能追加；只可补充PDF和送达信息")
            current = type(self).objects.filter(pk=self.pk).values(*fields).first() or {}
            for name in fields:
                if current.get(name) not in (None, ""):
                    raise AppendOnly(f"文书的“{name}”已填写，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("文书只能追加，不能删除")

    @property
    def kind_enum(self) -> DocumentKind:
        return DocumentKind(self.kind)

    @property
    def method_label(self) -> str:
        return ServiceMethod(self.service_method).label if self.service_method else ""

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        """Department roles: their department's cases (list authors read only); the judicial
        bureau reads all; an enterprise reads the documents served on it in its own cases."""
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES:
            if user.department_id is None:
                return None
            if action is not Action.VIEW and role is Role.LIST_AUTHOR:
                return None
            return Q(case__department_id=user.department_id)
        if role is Role.ENTERPRISE and action is Action.VIEW and user.entity_id:
            return Q(case__party_id=user.entity_id, served_on__isnull=False)
        return None
