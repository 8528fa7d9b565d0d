"""The entity directory (市场主体名录库): every business or person subject to enforcement.

An entity is known by its code: a unified social credit code (GB 32100) for organisations and
registered businesses, a citizen ID number (GB 11643) for a natural person. Staff of every
department read the whole directory (cases and inspections span departments); an enterprise user
reads only its own entity.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.entities.choices import EntityKind


class Entity(models.Model):
    code = models.CharField("统一社会信用代码/身份证号码", max_length=18, unique=True)
    name = models.CharField("名称/姓名", max_length=200)
    kind = models.CharField("主体类型", max_length=30, choices=EntityKind.choices)
    division_code = models.CharField("行政区划代码", max_length=6)
    address = models.CharField("住所/经营场所", max_length=300, blank=True)
    industry = models.CharField("行业", max_length=100, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    #: R-DEC-8: an entity under an observation period (观察期) is offered flexible measures first;
    #: the case page warns before any penalty step while this date has not passed.
    observation_until = models.DateField("观察期至", null=True, blank=True)
    observation_reason = models.CharField("观察期事由", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "市场主体"
        verbose_name_plural = "市场主体"
        ordering: ClassVar = ["code"]
        indexes: ClassVar = [models.Index(fields=["name"]), models.Index(fields=["division_code"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        if role in DEPARTMENT_ROLES or role is Role.SUPERVISOR:
            if action is Action.VIEW:
                return Q()
            return Q() if role is Role.HEAD else None
        if role is Role.ENTERPRISE and action is Action.VIEW and user.entity_id:
            return Q(pk=user.entity_id)
        return None
