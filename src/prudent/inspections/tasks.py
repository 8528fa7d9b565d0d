"""Opening an inspection task 检查任务 (issue #5 parts 3–5; R-INSP-3, R-INSP-4, R-INSP-5, APL 42–43).

Every inspection — drawn, joint, triggered or full-coverage — is opened here, so the rules that
protect enterprises from being inspected too often hold whatever the route:

- a white-listed entity (白名单, R-INSP-4, CN 12) is inspected at most once a calendar year; a
  further inspection needs a recorded trigger (触发式监管: complaint, big-data lead, assignment from
  above, referral — the exceptions 国市监信发〔2022〕6号 names for class A, CONVENTIONS §8);
- an entity already inspected this year for the same type (an 抽查事项 code in common) is not
  inspected separately again unless the reason is a complaint, an assignment from above, a referral
  or a special campaign (R-INSP-3; CJ 四(五), CN 4, CN 15), and the reason is recorded;
- at least two inspectors (APL 42), each with a valid enforcement certificate for the leading
  department's field on the day (R-CASE-13) and without a declared conflict with the entity (APL 43);
- only items of a published 随机抽查事项清单 of a taking-part department (国办发〔2015〕58号: no
  inspection without a listed basis).

Bad input raises `ValidationFailed` naming each field; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from prudent.accounts.models import User
from prudent.certificates.services import CertificateRefused, certificate_require
from prudent.core.actors import actor_name
from prudent.core.audit import audit_append
from prudent.core.errors import Forbidden, ValidationFailed
from prudent.core.permissions import user_role
from prudent.core.roles import DEPARTMENT_ROLES
from prudent.entities.models import Entity
from prudent.inspections.models import (
    Inspection,
    InspectionItem,
    InspectionOrigin,
    InspectionStatus,
    InspectionTrigger,
    InspectorConflict,
    SupervisionList,
)
from prudent.inspections.selectors import on_list
from prudent.organisations.models import Department

WHITE_LIST_TRIGGERS = frozenset(
    {
        InspectionTrigger.COMPLAINT,
        InspectionTrigger.DATA_SIGNAL,
        InspectionTrigger.ASSIGNED,
        InspectionTrigger.REFERRAL,
    }
)
"""Triggers that allow a further inspection of a white-listed entity in the same year (R-INSP-4)."""

SAME_TYPE_TRIGGERS = frozenset(
    {
        InspectionTrigger.COMPLAINT,
        InspectionTrigger.ASSIGNED,
        InspectionTrigger.REFERRAL,
        InspectionTrigger.CAMPAIGN,
    }
)
"""Reasons that allow a separate inspection of the same type in the same year (R-INSP-3)."""

MIN_INSPECTORS = 2  # APL 42: 不得少于两人


def _label(choices: Iterable[Any]) -> str:
    return "、".join(str(c.label) for c in choices)


def year_inspections(entity: Entity, year: int) -> list[Inspection]:
    """The entity's inspections planned in `year`, cancelled ones left out (not scoped: the rules
    must see every department's inspections, whatever the caller may read)."""
    return list(
        Inspection.objects.filter(entity=entity, planned_on__year=year)
        .exclude(status=InspectionStatus.CANCELLED)
        .select_related("department")
        .prefetch_related("items")
        .order_by("planned_on", "pk")
    )


def admission_refusals(
    *, entity: Entity, item_codes: Iterable[str], planned_on: dt.date, trigger: str
) -> list[str]:
    """Why an inspection of `entity` for these item codes on `planned_on` may not be opened with
    this trigger (R-INSP-3, R-INSP-4); empty when it may."""
    refusals: list[str] = []
    prior = year_inspections(entity, planned_on.year)
    if not prior:
        return refusals
    white = on_list(entity_id=entity.pk, list_name=SupervisionList.WHITE_LIST, on=planned_on)
    if white and trigger not in WHITE_LIST_TRIGGERS:
        first = prior[0]
        refusals.append(
            f"{entity.name}在白名单内，一年内至多检查一次（R-INSP-4）；本年度已安排"
            f"{first.planned_on:%Y-%m-%d}由{first.department.name}检查。"
            f"确因{_label(sorted(WHITE_LIST_TRIGGERS))}需要检查的，请选择检查事由并说明。"
        )
    codes = set(item_codes)
    for other in prior:
        common = sorted(i.code for i in other.items.all() if i.code in codes)
        if common and trigger not in SAME_TYPE_TRIGGERS:
            refusals.append(
                f"本年度{other.planned_on:%Y-%m-%d}已由{other.department.name}对{entity.name}"
                f"检查过同类事项（{'、'.join(common)}），同一年度不得单独重复检查（R-INSP-3）。"
                f"确因{_label(sorted(SAME_TYPE_TRIGGERS))}需要检查的，请选择检查事由并说明。"
            )
            break
    return refusals


def _check_actor(actor: Any, departments: Sequence[Department]) -> None:
    """A signed-in actor must be an officer or head of a taking-part department; a string actor is
    the platform itself (a draw, a plan) acting for an already-checked user."""
    if isinstance(actor, str) or actor is None:
        return
    role = user_role(actor)
    if role not in DEPARTMENT_ROLES or actor.department_id not in {d.pk for d in departments}:
        raise Forbidden("只有参加检查部门的执法人员可以登记检查任务。")


def _check_inspectors(
    errors: dict[str, list[str]],
    inspectors: Sequence[User],
    entity: Entity,
    departments: Sequence[Department],
    lead: Department,
    on: dt.date,
) -> None:
    problems: list[str] = []
    if len({u.pk for u in inspectors}) < MIN_INSPECTORS:
        problems.append(f"检查人员不得少于{MIN_INSPECTORS}人（《行政处罚法》第四十二条）。")
    ids = {d.pk for d in departments}
    conflicted = set(
        InspectorConflict.objects.filter(
            entity=entity,
            inspector__in=inspectors,
            withdrawn_on__isnull=True,
            declared_on__lte=on,
        ).values_list("inspector_id", flat=True)
    )
    for user in inspectors:
        if user.department_id not in ids:
            problems.append(f"{user.display_name}不属于参加检查的部门。")
            continue
        if user.pk in conflicted:
            problems.append(f"{user.display_name}已申报与{entity.name}存在利益冲突，应当回避。")
        field = lead.field if user.department_id == lead.pk else user.department.field
        try:
            certificate_require(officer=user, field=field, on=on)
        except CertificateRefused as exc:
            problems.append(exc.message)
    if problems:
        errors["inspectors"] = problems


def _check_items(
    errors: dict[str, list[str]], items: Sequence[InspectionItem], departments: Sequence[Department]
) -> None:
    if not items:
        errors["items"] = ["请选择至少一项抽查事项。"]
        return
    ids = {d.pk for d in departments}
    bad = [
        f"{i.code} {i.name}"
        for i in items
        if i.item_list.status != "published" or i.item_list.department_id not in ids
    ]
    if bad:
        errors["items"] = [
            "只能检查参加部门已发布的随机抽查事项清单中的事项：" + "、".join(bad) + "。"
        ]


def inspection_state(i: Inspection) -> dict[str, object]:
    return {
        "entity": i.entity_id,
        "department": i.department_id,
        "departments": sorted(i.departments.values_list("pk", flat=True)),
        "items": sorted(i.items.values_list("code", flat=True)),
        "inspectors": sorted(i.inspectors.values_list("pk", flat=True)),
        "origin": i.origin,
        "trigger": i.trigger,
        "trigger_note": i.trigger_note,
        "planned_on": i.planned_on,
        "status": i.status,
        "inspected_on": i.inspected_on,
        "outcome": i.outcome,
        "case": i.case_id,
        "result_due": i.result_due,
        "result_published_on": i.result_published_on,
        "reinspected_on": i.reinspected_on,
        "reinspection_corrected": i.reinspection_corrected,
        "reinspection_case": i.reinspection_case_id,
    }


def inspection_open(
    *,
    actor: Any,
    entity: Entity,
    department: Department,
    items: Sequence[InspectionItem],
    inspectors: Sequence[User],
    planned_on: dt.date,
    origin: str,
    departments: Sequence[Department] = (),
    trigger: str = "",
    trigger_note: str = "",
    audit: bool = True,
) -> Inspection:
    """Open one inspection task after every rule above; `departments` are the taking-part
    departments besides the lead (a joint visit). With `audit=False` the caller records one
    audit event for a batch (a draw's tasks) inside its own transaction."""
    taking_part = [department, *[d for d in departments if d.pk != department.pk]]
    _check_actor(actor, taking_part)
    errors: dict[str, list[str]] = {}
    if origin not in InspectionOrigin.values:
        errors["origin"] = ["未知的检查来源。"]
    if trigger not in InspectionTrigger.values:
        errors["trigger"] = ["未知的检查事由。"]
    trigger_note = (trigger_note or "").strip()
    if trigger and not trigger_note:
        errors["trigger_note"] = ["选择检查事由的，请说明具体情况（如投诉举报编号、交办文件）。"]
    elif len(trigger_note) > 300:
        errors["trigger_note"] = ["事由说明不能超过300个字符。"]
    if not isinstance(planned_on, dt.date) or isinstance(planned_on, dt.datetime):
        errors["planned_on"] = ["请填写计划检查日期。"]
    else:
        _check_items(errors, items, taking_part)
        _check_inspectors(errors, inspectors, entity, taking_part, department, planned_on)
    if errors:
        raise ValidationFailed("检查任务有误，未登记。", errors=errors)
    with transaction.atomic():
        Entity.objects.select_for_update().get(pk=entity.pk)  # one opening per entity at a time
        refusals = admission_refusals(
            entity=entity,
            item_codes=[i.code for i in items],
            planned_on=planned_on,
            trigger=trigger,
        )
        if refusals:
            raise ValidationFailed("不能登记此检查任务。", errors={"trigger": refusals})
        row = Inspection.objects.create(
            entity=entity,
            department=department,
            origin=origin,
            trigger=trigger,
            trigger_note=trigger_note,
            planned_on=planned_on,
            created_by=actor_name(actor),
        )
        row.departments.set(taking_part)
        row.items.set(items)
        row.inspectors.set(inspectors)
        if audit:
            audit_append(
                actor=actor,
                action="inspection_open",
                object_type="inspections.inspection",
                object_id=row.pk,
                after=inspection_state(row),
                summary=f"登记检查任务：{entity.name}，{planned_on:%Y-%m-%d}，"
                f"{row.get_origin_display()}"
                + (f"（事由：{row.get_trigger_display()}）" if trigger else ""),
            )
    return row
