"""Writes of the inspection directories (issue #5 part 1; R-INSP-1/2/4/5, R-CRED-2).

Every write validates fully first, then saves and appends its audit event in one transaction;
bad input raises `ValidationFailed` naming the field and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from prudent.accounts.models import User
from prudent.core.actors import actor_name, is_user
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import has_capability, user_role
from prudent.core.roles import DEPARTMENT_ROLES, Capability, Role
from prudent.entities.models import Entity
from prudent.inspections.models import (
    CreditClass,
    EntitySupervision,
    InspectionItem,
    InspectionItemList,
    InspectorConflict,
    ListMembership,
    SupervisionList,
)
from prudent.organisations.models import Department

REASON_MAX = 300


def _require(actor: Any, capability: Capability, message: str) -> None:
    if is_user(actor) and not has_capability(actor, capability):
        raise Forbidden(message)


def _date(
    errors: dict[str, list[str]], name: str, label: str, value: Any, *, required: bool = True
) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        errors[name] = [f"请填写{label}。"]


def _text(
    errors: dict[str, list[str]],
    name: str,
    label: str,
    value: Any,
    *,
    required: bool = True,
    limit: int = REASON_MAX,
) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        errors[name] = [f"{label}不能为空。"]
    elif len(text) > limit:
        errors[name] = [f"{label}不能超过{limit}个字符。"]
    return text


def _raise(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ValidationFailed(message, errors=errors)


# --- credit class (R-CRED-2) ---------------------------------------------------------------------


def supervision_state(s: EntitySupervision) -> dict[str, object]:
    return {
        "entity": s.entity_id,
        "credit_class": s.credit_class,
        "class_since": s.class_since,
        "class_reason": s.class_reason,
    }


def credit_class_set(
    *, actor: Any, entity: Any, credit_class: str, since: Any, reason: str
) -> EntitySupervision:
    """Set the entity's credit-risk class (internal, not published; CONVENTIONS §8)."""
    _require(actor, Capability.MANAGE_INSPECTIONS, "您没有维护信用风险分类的权限。")
    errors: dict[str, list[str]] = {}
    if not isinstance(entity, Entity):
        errors["entity"] = ["请选择市场主体。"]
    if credit_class not in CreditClass.values:
        errors["credit_class"] = [f"信用风险分类只能是A、B、C、D之一，收到：{credit_class!r}。"]
    _date(errors, "since", "分类起始日期", since)
    reason = _text(errors, "reason", "分类依据", reason)
    _raise(errors, "信用风险分类有误，未保存。")
    with transaction.atomic():
        sup, _created = EntitySupervision.objects.select_for_update().get_or_create(
            entity=entity, defaults={"class_since": since}
        )
        before = None if _created else supervision_state(sup)
        sup.credit_class = credit_class
        sup.class_since = since
        sup.class_reason = reason
        sup.updated_by = actor_name(actor)
        sup.save()
        audit_append(
            actor=actor,
            action="credit_class_set",
            object_type="inspections.entitysupervision",
            object_id=sup.pk,
            before=before,
            after=supervision_state(sup),
            summary=f"设定信用风险分类 {entity.code}：{credit_class}类（{reason}）",
        )
    return sup


# --- list memberships (R-INSP-4, R-INSP-5, R-INSP-2) ----------------------------------------------


def membership_state(m: ListMembership) -> dict[str, object]:
    return {
        "entity": m.entity_id,
        "list": m.list,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "reason": m.reason,
        "end_reason": m.end_reason,
        "by": m.by,
    }


def _overlapping(
    entity: Entity, lst: str, start: dt.date, end: dt.date | None, exclude: int | None
) -> ListMembership | None:
    qs = ListMembership.objects.filter(entity=entity, list=lst)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    # [a, b] overlaps [start, end] unless b < start or a > end (None = open end).
    qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        qs = qs.filter(valid_from__lte=end)
    return qs.order_by("valid_from").first()


def _label(lst: str) -> str:
    return str(dict(SupervisionList.choices).get(lst, lst))


def membership_add(
    *, actor: Any, entity: Any, list_name: str, valid_from: Any, valid_to: Any = None, reason: str
) -> ListMembership:
    """Put `entity` on `list` from `valid_from` (to `valid_to`, or open); no overlap on one list."""
    _require(actor, Capability.MANAGE_INSPECTIONS, "您没有维护监管名单的权限。")
    errors: dict[str, list[str]] = {}
    if not isinstance(entity, Entity):
        errors["entity"] = ["请选择市场主体。"]
    if list_name not in SupervisionList.values:
        errors["list"] = [f"未知名单：{list_name!r}。"]
    _date(errors, "valid_from", "列入日期", valid_from)
    _date(errors, "valid_to", "移出日期", valid_to, required=False)
    if (
        "valid_from" not in errors
        and "valid_to" not in errors
        and valid_to is not None
        and valid_to < valid_from
    ):
        errors["valid_to"] = ["移出日期不能早于列入日期。"]
    reason = _text(errors, "reason", "列入事由", reason)
    _raise(errors, "名单记录有误，未保存。")
    with transaction.atomic():
        Entity.objects.select_for_update().filter(pk=entity.pk).first()
        other = _overlapping(entity, list_name, valid_from, valid_to, None)
        if other is not None:
            until = f"至{other.valid_to}" if other.valid_to else "起至今"
            raise ValidationFailed.field(
                "valid_from",
                f"该主体已在{_label(list_name)}中（{other.valid_from}{until}），同一名单的记录期间不能重叠。",
            )
        m = ListMembership.objects.create(
            entity=entity,
            list=list_name,
            valid_from=valid_from,
            valid_to=valid_to,
            reason=reason,
            by=actor_name(actor),
        )
        audit_append(
            actor=actor,
            action="list_membership_add",
            object_type="inspections.listmembership",
            object_id=m.pk,
            after=membership_state(m),
            summary=f"{entity.code} 列入{_label(list_name)}：{reason}",
        )
    return m


def membership_end(
    *, actor: Any, membership: ListMembership, valid_to: Any, reason: str
) -> ListMembership:
    """End an open membership on `valid_to` (the last day on the list)."""
    _require(actor, Capability.MANAGE_INSPECTIONS, "您没有维护监管名单的权限。")
    errors: dict[str, list[str]] = {}
    _date(errors, "valid_to", "移出日期", valid_to)
    reason = _text(errors, "end_reason", "移出事由", reason)
    _raise(errors, "移出信息有误，未保存。")
    with transaction.atomic():
        m = ListMembership.objects.select_for_update().get(pk=membership.pk)
        if m.valid_to is not None:
            raise Conflict(f"该名单记录已于{m.valid_to}结束。")
        if valid_to < m.valid_from:
            raise ValidationFailed.field("valid_to", f"移出日期不能早于列入日期{m.valid_from}。")
        before = membership_state(m)
        m.valid_to = valid_to
        m.end_reason = reason
        m.save(update_fields=["valid_to", "end_reason"])
        audit_append(
            actor=actor,
            action="list_membership_end",
            object_type="inspections.listmembership",
            object_id=m.pk,
            before=before,
            after=membership_state(m),
            summary=f"{m.entity.code} 移出{_label(m.list)}（{valid_to}）：{reason}",
        )
    membership.refresh_from_db()
    return m


# --- conflicts of interest (APL 43; CONVENTIONS §7.3) ---------------------------------------------


def conflict_state(c: InspectorConflict) -> dict[str, object]:
    return {
        "inspector": c.inspector_id,
        "entity": c.entity_id,
        "reason": c.reason,
        "declared_on": c.declared_on,
        "withdrawn_on": c.withdrawn_on,
        "withdrawal_reason": c.withdrawal_reason,
    }


def conflict_may_change(actor: Any, inspector: User | None) -> bool:
    """The inspector declares its own conflicts; a head those of its department; admin any."""
    if not is_user(actor):
        return True
    role = user_role(actor)
    if role is Role.ADMIN:
        return True
    if inspector is not None and actor.pk == inspector.pk and role in DEPARTMENT_ROLES:
        return True
    return (
        role is Role.HEAD
        and inspector is not None
        and inspector.department_id == actor.department_id
    )


def _check_conflict_actor(actor: Any, inspector: User | None) -> None:
    if not conflict_may_change(actor, inspector):
        raise Forbidden("只能申报本人的利益冲突；部门负责人可为本部门人员登记。")


def conflict_declare(
    *, actor: Any, inspector: Any, entity: Any, reason: str, declared_on: Any
) -> InspectorConflict:
    _check_conflict_actor(actor, inspector if isinstance(inspector, User) else None)
    errors: dict[str, list[str]] = {}
    if not isinstance(inspector, User) or inspector.role_enum not in DEPARTMENT_ROLES:
        errors["inspector"] = ["请选择执法部门的检查人员。"]
    if not isinstance(entity, Entity):
        errors["entity"] = ["请选择市场主体。"]
    reason = _text(errors, "reason", "回避事由", reason)
    _date(errors, "declared_on", "申报日期", declared_on)
    _raise(errors, "利益冲突申报有误，未保存。")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=inspector.pk)  # get(): no ordering join
        if InspectorConflict.objects.filter(
            inspector=inspector, entity=entity, withdrawn_on__isnull=True
        ).exists():
            raise ValidationFailed.field(
                "entity", f"{inspector.display_name}已申报与{entity.name}的利益冲突。"
            )
        c = InspectorConflict.objects.create(
            inspector=inspector, entity=entity, reason=reason, declared_on=declared_on
        )
        audit_append(
            actor=actor,
            action="inspector_conflict_declare",
            object_type="inspections.inspectorconflict",
            object_id=c.pk,
            after=conflict_state(c),
            summary=f"申报利益冲突：{inspector.display_name} 与 {entity.name}（{reason}）",
        )
    return c


def conflict_withdraw(
    *, actor: Any, conflict: InspectorConflict, on: Any, reason: str
) -> InspectorConflict:
    _check_conflict_actor(actor, conflict.inspector)
    errors: dict[str, list[str]] = {}
    _date(errors, "on", "撤回日期", on)
    reason = _text(errors, "reason", "撤回原因", reason)
    _raise(errors, "撤回信息有误，未保存。")
    with transaction.atomic():
        c = InspectorConflict.objects.select_for_update().get(pk=conflict.pk)
        if c.withdrawn_on is not None:
            raise Conflict(f"该申报已于{c.withdrawn_on}撤回。")
        if on < c.declared_on:
            raise ValidationFailed.field("on", f"撤回日期不能早于申报日期{c.declared_on}。")
        before = conflict_state(c)
        c.withdrawn_on = on
        c.withdrawal_reason = reason
        c.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        audit_append(
            actor=actor,
            action="inspector_conflict_withdraw",
            object_type="inspections.inspectorconflict",
            object_id=c.pk,
            before=before,
            after=conflict_state(c),
            summary=f"撤回利益冲突申报：{c.inspector.display_name} 与 {c.entity.name}（{reason}）",
        )
    conflict.refresh_from_db()
    return c


# --- 随机抽查事项清单 (R-INSP-1; CONVENTIONS §7.1, §7.3) ----------------------------------------------

ITEM_FIELDS = ("code", "name", "basis", "subject", "content", "method", "kind", "note")
ITEM_LIMITS = {
    "code": 40,
    "name": 200,
    "basis": 4000,
    "subject": 300,
    "content": 4000,
    "method": 200,
    "note": 300,
}
ITEM_LABELS = {
    "code": "事项编号",
    "name": "抽查事项",
    "basis": "法律依据",
    "subject": "抽查对象",
    "content": "检查内容",
    "method": "检查方式",
    "note": "备注",
}


def _check_list_actor(actor: Any, department: Department) -> None:
    if not is_user(actor):
        return
    if not has_capability(actor, Capability.MANAGE_INSPECTIONS):
        raise Forbidden("您没有维护随机抽查事项清单的权限。")
    if user_role(actor) is not Role.ADMIN and actor.department_id != department.pk:
        raise Forbidden("部门负责人只能维护本部门的随机抽查事项清单。")


def item_list_state(lst: InspectionItemList) -> dict[str, object]:
    return {
        "department": lst.department_id,
        "version": lst.version,
        "effective_from": lst.effective_from,
        "published_on": lst.published_on,
        "status": lst.status,
        "based_on": lst.based_on_id,
        "items": [i.code for i in lst.items.order_by("code")],
    }


def item_list_new_version(
    *, actor: Any, department: Any, effective_from: Any, note: str = ""
) -> InspectionItemList:
    """A new draft version: a copy of the latest published version's items (or empty)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(department, Department):
        errors["department"] = ["请选择部门。"]
    _date(errors, "effective_from", "施行日期", effective_from)
    note = _text(errors, "note", "说明", note, required=False)
    _raise(errors, "清单版本信息有误，未保存。")
    _check_list_actor(actor, department)
    with transaction.atomic():
        Department.objects.select_for_update().filter(pk=department.pk).first()
        lists = InspectionItemList.objects.filter(department=department)
        if lists.filter(status=InspectionItemList.Status.DRAFT).exists():
            raise Conflict("本部门已有未发布的草稿版本，请先发布或修改该草稿。")
        latest = (
            lists.filter(status=InspectionItemList.Status.PUBLISHED).order_by("-version").first()
        )
        version = (lists.aggregate(m=Max("version"))["m"] or 0) + 1
        lst = InspectionItemList.objects.create(
            department=department,
            version=version,
            effective_from=effective_from,
            based_on=latest,
            note=note,
        )
        if latest is not None:
            InspectionItem.objects.bulk_create(
                [
                    InspectionItem(item_list=lst, **{f: getattr(i, f) for f in ITEM_FIELDS})
                    for i in latest.items.all()
                ]
            )
        audit_append(
            actor=actor,
            action="inspection_item_list_new",
            object_type="inspections.inspectionitemlist",
            object_id=lst.pk,
            after=item_list_state(lst),
            summary=f"新建{department.name}随机抽查事项清单第{version}版"
            + (f"（复制第{latest.version}版）" if latest else ""),
        )
    return lst


def _item_values(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, label in ITEM_LABELS.items():
        values[name] = _text(
            errors, name, label, data.get(name), required=name != "note", limit=ITEM_LIMITS[name]
        )
    kind = data.get("kind") or InspectionItem.Kind.GENERAL
    if kind not in InspectionItem.Kind.values:
        errors["kind"] = ["事项类别只能是一般检查事项或重点检查事项。"]
    values["kind"] = kind
    _raise(errors, "抽查事项有误，未保存。")
    return values


def _draft(item_list: InspectionItemList) -> InspectionItemList:
    lst = InspectionItemList.objects.select_for_update().get(pk=item_list.pk)
    if lst.is_published:
        raise Conflict("已发布的随机抽查事项清单不能修改；请新建版本。")
    return lst


def item_add(*, actor: Any, item_list: InspectionItemList, **data: Any) -> InspectionItem:
    _check_list_actor(actor, item_list.department)
    values = _item_values(data)
    with transaction.atomic():
        lst = _draft(item_list)
        if lst.items.filter(code=values["code"]).exists():
            raise ValidationFailed.field("code", f"事项编号{values['code']}在本版本中已存在。")
        item = InspectionItem.objects.create(item_list=lst, **values)
        audit_append(
            actor=actor,
            action="inspection_item_add",
            object_type="inspections.inspectionitem",
            object_id=item.pk,
            after={"list": lst.pk, **values},
            summary=f"随机抽查事项清单第{lst.version}版增加事项 {item.code} {item.name}",
        )
    return item


def item_remove(*, actor: Any, item: InspectionItem) -> None:
    _check_list_actor(actor, item.item_list.department)
    with transaction.atomic():
        lst = _draft(item.item_list)
        before = {"list": lst.pk, **{f: getattr(item, f) for f in ITEM_FIELDS}}
        pk = item.pk
        item.delete()
        audit_append(
            actor=actor,
            action="inspection_item_remove",
            object_type="inspections.inspectionitem",
            object_id=pk,
            before=before,
            summary=f"随机抽查事项清单第{lst.version}版删除事项 {before['code']}",
        )


def item_list_publish(*, actor: Any, item_list: InspectionItemList, on: Any) -> InspectionItemList:
    """Publish a draft (then immutable); it needs at least one item."""
    _check_list_actor(actor, item_list.department)
    errors: dict[str, list[str]] = {}
    _date(errors, "on", "发布日期", on)
    _raise(errors, "发布信息有误，未发布。")
    with transaction.atomic():
        lst = _draft(item_list)
        if not lst.items.exists():
            raise ValidationFailed.field("items", "清单没有任何抽查事项，不能发布。")
        before = item_list_state(lst)
        lst.status = InspectionItemList.Status.PUBLISHED
        lst.published_on = on
        lst.save(update_fields=["status", "published_on"])
        audit_append(
            actor=actor,
            action="inspection_item_list_publish",
            object_type="inspections.inspectionitemlist",
            object_id=lst.pk,
            before=before,
            after=item_list_state(lst),
            summary=f"发布{lst.department.name}随机抽查事项清单第{lst.version}版",
        )
    item_list.refresh_from_db()
    return lst
