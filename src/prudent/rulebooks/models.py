"""Rulebooks stored in the platform (issue #3 part 7; R-LIST-7, R-LIST-8, R-PUB-1).

The YAML text stays the source of truth: a :class:`StoredVersion` keeps ``source``, the full text of
the rulebook file that yields this version (all of the file's versions as they stood when this one was
imported, saved or published), and lawcore parses it whenever the version is needed. The columns
beside it (status, dates, digest) are copies for listing and searching, written by the services only.

A published (or repealed) version is immutable: its ``source`` and ``digest`` never change again. The
one thing a later version changes about it is the end of its period, when the successor is published
(``effective_to``, recorded here and applied when the set is built; the digest stays that of the text
as published). :class:`ItemIndex` lists every item of every stored version for search and for the
law-change flags (R-LIST-7).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import Role


def _department_q(prefix: str, user: Any, role: Role, action: Action) -> Q | None:
    """Department roles see their department's books and everything published; list authors and
    heads change their department's books; the judicial bureau sees all and changes nothing here
    (filing is checked by the services)."""
    own = Q(**{f"{prefix}department_id": user.department_id}) if user.department_id else None
    if role is Role.SUPERVISOR:
        return Q() if action is Action.VIEW else None
    if role in {Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD, Role.LIST_AUTHOR}:
        if action is Action.VIEW:
            published = Q(**{f"{prefix}has_published": True})
            return published | own if own is not None else published
        if role in {Role.LIST_AUTHOR, Role.HEAD}:
            return own
    return None


class StoredRulebook(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "国家"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    book_id = models.CharField("清单编号", max_length=80, unique=True)
    name = models.CharField("名称", max_length=200)
    authority = models.CharField("制定机关", max_length=200)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    division_code = models.CharField("行政区划代码", max_length=6)
    parent_id_text = models.CharField("上级清单", max_length=80, blank=True)
    field = models.CharField("领域", max_length=40, blank=True)
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rulebooks",
    )
    has_published = models.BooleanField("有已发布版本", default=False)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "清单"
        verbose_name_plural = "清单"
        ordering: ClassVar = ["level", "book_id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.book_id}）"

    @staticmethod
    def scope_q(user: Any, role: Role, action: Action) -> Q | None:
        return _department_q("", user, role, action)


class StoredVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        REPEALED = "repealed", "已废止"

    class Filing(models.TextChoices):
        NONE = "none", "未报备"
        SUBMITTED = "submitted", "已报送备案"
        FILED = "filed", "已备案"
        RETURNED = "returned", "已退回"

    rulebook = models.ForeignKey(
        StoredRulebook, verbose_name="清单", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField("版本", max_length=40)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("截止日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    source = models.TextField("YAML原文")
    source_name = models.CharField("来源文件", max_length=300, blank=True)
    digest = models.CharField("摘要（SHA-256）", max_length=64)
    based_on = models.CharField("基于版本", max_length=40, blank=True)
    filing_status = models.CharField(
        "备案状态", max_length=10, choices=Filing.choices, default=Filing.NONE
    )
    created_by = models.CharField("创建人", max_length=150, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    lock_version = models.PositiveIntegerField("修改序号", default=1)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "清单版本"
        verbose_name_plural = "清单版本"
        ordering: ClassVar = ["rulebook__book_id", "effective_from", "version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rulebook", "version"], name="rulebook_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="rulebook_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rulebook.book_id} {self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @staticmethod
    def scope_q(user: Any, role: Role, action: Action) -> Q | None:
        q = _department_q("rulebook__", user, role, action)
        if q is None or action is not Action.VIEW or role is Role.SUPERVISOR:
            return q
        # another department's drafts stay hidden: only its published versions are visible
        own = Q(rulebook__department_id=user.department_id) if user.department_id else Q(pk=None)
        return own | (q & ~Q(status="draft"))


class Filing(models.Model):
    """One step of filing 备案 with the judicial bureau (R-LIST-8)."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "报送备案"
        FILED = "filed", "准予备案"
        RETURNED = "returned", "退回"

    version = models.ForeignKey(
        StoredVersion, verbose_name="版本", on_delete=models.PROTECT, related_name="filings"
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    comments = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "备案记录"
        verbose_name_plural = "备案记录"
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.version} {self.get_action_display()}"


class ItemIndex(models.Model):
    """An item of a stored version, for search (R-PUB-1) and law-change flags (R-LIST-7)."""

    version = models.ForeignKey(
        StoredVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="index"
    )
    code = models.CharField("事项编码", max_length=80)
    name = models.CharField("事项名称", max_length=300)
    field = models.CharField("领域", max_length=40, blank=True)
    kinds = models.JSONField("所在清单", default=list)
    laws = models.TextField("引用法律", blank=True)
    citations = models.JSONField("引用条款", default=list)

    class Meta:
        verbose_name = "事项索引"
        verbose_name_plural = "事项索引"
        ordering: ClassVar = ["version", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "code"], name="item_index_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LawChangeFlag(models.Model):
    """A cited law changed (立改废释): the item must be reviewed (R-LIST-7)."""

    rulebook = models.ForeignKey(
        StoredRulebook, verbose_name="清单", on_delete=models.PROTECT, related_name="flags"
    )
    item_code = models.CharField("事项编码", max_length=80)
    item_name = models.CharField("事项名称", max_length=300)
    version = models.ForeignKey(
        StoredVersion, verbose_name="版本", on_delete=models.PROTECT, related_name="flags"
    )
    law = models.CharField("法律名称", max_length=200)
    article = models.PositiveIntegerField("条", null=True, blank=True)
    reason = models.TextField("变化说明")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    raised_by = models.CharField("提出人", max_length=150)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    resolved_by = models.CharField("处理人", max_length=150, blank=True)
    resolution = models.TextField("处理说明", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律变化标记"
        verbose_name_plural = "法律变化标记"
        ordering: ClassVar = ["-raised_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_code}：《{self.law}》"

    @staticmethod
    def scope_q(user: Any, role: Role, action: Action) -> Q | None:
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in {Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD, Role.LIST_AUTHOR}:
            if not user.department_id:
                return None
            own = Q(rulebook__department_id=user.department_id)
            if action is Action.VIEW:
                return own
            return own if role in {Role.LIST_AUTHOR, Role.HEAD} else None
        return None
