"""Governments, their departments and units, and township enforcement offices.

The scope of every department role is its department; the judicial bureau (司法局) is a department
of kind `judicial_bureau` whose supervisors read across all of them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import Role
from prudent.organisations.choices import DepartmentKind, EnforcementField


class Government(models.Model):
    name = models.CharField("名称", max_length=100)
    division_code = models.CharField("行政区划代码", max_length=6, unique=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "人民政府"
        verbose_name_plural = "人民政府"
        ordering: ClassVar = ["division_code"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        return Q() if action is Action.VIEW else None


class Department(models.Model):
    government = models.ForeignKey(
        Government, verbose_name="所属政府", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("文号简称", max_length=20, help_text="用于文书编号，如“衡县市监”")
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices)
    field = models.CharField("执法领域", max_length=30, choices=EnforcementField.choices)
    jurisdiction = models.CharField(
        "管辖区划代码", max_length=12, help_text="县级6位；乡镇9位或12位统计用区划代码"
    )
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    active = models.BooleanField("启用", default=True)

    objects = RestrictedQuerySet.as_manager()
    scope_department = "id"

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering: ClassVar = ["government", "kind", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["government", "name"], name="department_unique_name"),
            models.UniqueConstraint(
                fields=["government", "short_name"], name="department_unique_short_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_judicial_bureau(self) -> bool:
        return self.kind == DepartmentKind.JUDICIAL_BUREAU


class Unit(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("名称", max_length=100)

    objects = RestrictedQuerySet.as_manager()
    scope_department = "department"

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering: ClassVar = ["department", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["department", "name"], name="unit_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name} {self.name}"
