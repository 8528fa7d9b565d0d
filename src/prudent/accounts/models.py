"""People: one account, one role, one scope (等保 2.0 §8.1.4.2, DESIGN.md 'Permissions')."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from prudent.accounts.choices import RoleChoices
from prudent.core.permissions import Action, RestrictedQuerySet
from prudent.core.roles import DEPARTMENT_ROLES, Role


class PrudentUserManager(UserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=RoleChoices.choices)
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name="所属部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="内设机构",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name="关联市场主体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)

    objects = PrudentUserManager()
    scope_department = "department"

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering: ClassVar = ["department", "username"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(role="enterprise") | Q(entity__isnull=False),
                name="enterprise_user_has_entity",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["officer", "legal_reviewer", "head", "list_author"])
                | Q(department__isnull=False),
                name="department_role_has_department",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_enum(self) -> Role | None:
        if self.is_superuser:
            return Role.ADMIN
        try:
            return Role(self.role)
        except ValueError:
            return None

    @property
    def role_label(self) -> str:
        role = self.role_enum
        return role.label if role else "未分配角色"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Django admin permissions: the admin role holds them all, other roles none."""
        if self.is_active and self.role == Role.ADMIN:
            return not perm.startswith("core.") or perm == "core.view_auditevent"
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @classmethod
    def scope_q(cls, user: Any, role: Role, action: Action) -> Q | None:
        if role is Role.SUPERVISOR:
            return Q() if action is Action.VIEW else None
        if role in DEPARTMENT_ROLES:
            if user.department_id is None:
                return None
            if action is Action.VIEW:
                return Q(department_id=user.department_id)
            return Q(pk=user.pk)
        if role is Role.ENTERPRISE:
            return Q(pk=user.pk)
        return None


class LoginThrottle(models.Model):
    """Consecutive login failures per account and per client address, and the lock they cause."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "账户"
        ADDRESS = "address", "客户端地址"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    key = models.CharField("账户或地址", max_length=150)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "key"], name="login_throttle_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"
