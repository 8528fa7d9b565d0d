"""The audit chain: an append-only, hash-chained log of every change and every login (R-CASE-7).

Each event holds the hash of the event before it inside its own hash, so altering, inserting or
removing any event breaks the chain at that point; `prudent audit verify` finds it. There is no
update or delete path: `save()` refuses an existing row, `delete()` refuses always, the queryset
refuses bulk update and delete, and the admin grants no change or delete permission.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计事件只能追加，不能修改")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("审计事件只能追加，不能删除")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计事件只能追加，不能修改")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计事件只能追加，不能修改")


AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("动作", max_length=64)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    before_digest = models.CharField("变更前摘要", max_length=64, blank=True)
    after_digest = models.CharField("变更后摘要", max_length=64, blank=True)
    summary = models.CharField("说明", max_length=500, blank=True)
    request_id = models.CharField("请求ID", max_length=64, blank=True)
    client_address = models.CharField("客户端地址", max_length=64, blank=True)
    prev_hash = models.CharField("前一事件哈希", max_length=64)
    hash = models.CharField("本事件哈希", max_length=64, unique=True)

    objects: ClassVar[AuditEventManager] = AuditEventManager()  # type: ignore[valid-type]

    class Meta:
        ordering: ClassVar = ["seq"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        default_permissions = ("view",)
        indexes: ClassVar = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("审计事件只能追加，不能修改")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计事件只能追加，不能删除")
