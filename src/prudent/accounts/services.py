"""Signing in and out, and managing people; every write is audited in its own transaction.

Login-failure handling follows 等保 2.0 §8.1.4.1 b: five consecutive failures lock the account and
the client address for 15 minutes. A locked account is refused before its password is checked, so
a correct guess during the lock teaches the attacker nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from prudent.accounts.models import LoginThrottle, User
from prudent.core.audit import audit_append
from prudent.core.context import client_address
from prudent.core.errors import ValidationFailed
from prudent.core.roles import DEPARTMENT_ROLES, Role
from prudent.entities.models import Entity
from prudent.organisations.models import Department, Unit


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    message: str = ""


def _throttle(kind: str, key: str) -> LoginThrottle:
    obj, _ = LoginThrottle.objects.select_for_update().get_or_create(kind=kind, key=key)
    return obj


def _locked_until(username: str, address: str, now: dt.datetime) -> dt.datetime | None:
    rows = LoginThrottle.objects.filter(
        kind=LoginThrottle.Kind.ACCOUNT, key=username.lower(), locked_until__gt=now
    ) | LoginThrottle.objects.filter(
        kind=LoginThrottle.Kind.ADDRESS, key=address, locked_until__gt=now
    )
    until = [r.locked_until for r in rows if r.locked_until]
    return max(until) if until else None


def _lock_message(until: dt.datetime) -> str:
    local = timezone.localtime(until)
    return f"连续登录失败次数过多，账户或地址已锁定，请于 {local:%H:%M} 后再试。"


def login_attempt(*, request: HttpRequest, username: str, password: str) -> LoginOutcome:
    """Check the credentials, record the attempt and return the user or a Chinese reason."""
    now = timezone.now()
    address = client_address(request)
    username = username.strip()
    with transaction.atomic():
        until = _locked_until(username, address, now)
        if until is not None:
            audit_append(
                actor=username or "anonymous",
                action="login_refused_locked",
                object_type="accounts.user",
                summary=f"锁定期间尝试登录：{username}",
            )
            return LoginOutcome(None, _lock_message(until))
        user = authenticate(request, username=username, password=password)
        if user is None:
            return _record_failure(username, address, now)
        for kind, key in (
            (LoginThrottle.Kind.ACCOUNT, username.lower()),
            (LoginThrottle.Kind.ADDRESS, address),
        ):
            LoginThrottle.objects.filter(kind=kind, key=key).update(failures=0, locked_until=None)
        audit_append(actor=user, action="login", object_type="accounts.user", object_id=user.pk)
        return LoginOutcome(user)  # type: ignore[arg-type]


def _record_failure(username: str, address: str, now: dt.datetime) -> LoginOutcome:
    limit = settings.PRUDENT_LOCKOUT_FAILURES
    lock_for = dt.timedelta(minutes=settings.PRUDENT_LOCKOUT_MINUTES)
    locked = None
    for kind, key in (
        (LoginThrottle.Kind.ACCOUNT, username.lower()),
        (LoginThrottle.Kind.ADDRESS, address),
    ):
        row = _throttle(kind, key)
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + lock_for
            row.failures = 0
            locked = row.locked_until
        row.save(update_fields=["failures", "locked_until"])
    audit_append(
        actor=username or "anonymous",
        action="login_failed",
        object_type="accounts.user",
        summary=f"登录失败：{username}" + ("，已锁定" if locked else ""),
    )
    if locked is not None:
        return LoginOutcome(None, _lock_message(locked))
    return LoginOutcome(None, "用户名或密码错误。")


def logout_record(*, user: Any) -> None:
    with transaction.atomic():
        audit_append(actor=user, action="logout", object_type="accounts.user", object_id=user.pk)


def user_state(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "department": user.department_id,
        "unit": user.unit_id,
        "entity": user.entity_id,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


def _check_scope_fields(
    role: Role, department: Department | None, unit: Unit | None, entity: Entity | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if role in DEPARTMENT_ROLES and department is None:
        errors["department"] = ["该角色必须指定所属部门。"]
    if role is Role.SUPERVISOR and (department is None or not department.is_judicial_bureau):
        errors["department"] = ["执法监督人员必须属于司法局。"]
    if role is Role.ENTERPRISE and entity is None:
        errors["entity"] = ["企业用户必须关联市场主体。"]
    if unit is not None and (department is None or unit.department_id != department.pk):
        errors["unit"] = ["内设机构不属于所选部门。"]
    return errors


def person_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: Role | str,
    full_name: str = "",
    department: Department | None = None,
    unit: Unit | None = None,
    entity: Entity | None = None,
) -> User:
    """Create an account; every problem is reported by field and nothing is written."""
    errors: dict[str, list[str]] = {}
    username = username.strip()
    if not username:
        errors["username"] = ["用户名不能为空。"]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["该用户名已存在。"]
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = [f"未知角色：{role}"]
    candidate = User(username=username, full_name=full_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if isinstance(role, Role):
        errors.update(_check_scope_fields(role, department, unit, entity))
    if errors:
        raise ValidationFailed("人员信息有误，未保存。", errors=errors)
    assert isinstance(role, Role)
    with transaction.atomic():
        user = User(
            username=username,
            full_name=full_name,
            role=role.value,
            department=department,
            unit=unit,
            entity=entity,
            is_staff=role is Role.ADMIN,
        )
        user.set_password(password)
        try:
            user.save()
        except IntegrityError as exc:
            raise ValidationFailed.field("username", "该用户名已存在。") from exc
        audit_append(
            actor=actor,
            action="person_create",
            object_type="accounts.user",
            object_id=user.pk,
            after=user_state(user),
            summary=f"新增人员 {username}（{role.label}）",
        )
    return user


def password_change(*, actor: Any, user: User, new_password: str) -> None:
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationFailed("密码不符合要求。", errors={"password": list(exc.messages)}) from exc
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_append(
            actor=actor,
            action="password_change",
            object_type="accounts.user",
            object_id=user.pk,
            summary=f"修改密码：{user.username}",
        )
