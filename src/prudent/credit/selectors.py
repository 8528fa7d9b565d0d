"""Reading credit records, repair applications and objections — always `.restrict(user, VIEW)`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from prudent.core.errors import NotFound
from prudent.core.permissions import Action
from prudent.credit.models import (
    CreditRecord,
    InspectionResultEntry,
    Objection,
    RepairApplication,
)

LIST_LIMIT = 500


def records(*, user: Any, q: str = "", active_only: bool = False) -> QuerySet[CreditRecord]:
    qs = CreditRecord.objects.restrict(user, Action.VIEW).select_related("entity", "case")
    q = q.strip()[:100]
    if q:
        qs = qs.filter(entity__name__icontains=q) | qs.filter(entity__code__icontains=q)
    if active_only:
        qs = qs.filter(withdrawn_on__isnull=True)
    return qs.order_by("entity__name", "-decided_on", "-pk")


def record(*, user: Any, pk: int) -> CreditRecord:
    found = (
        CreditRecord.objects.restrict(user, Action.VIEW)
        .select_related("entity", "case", "department")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("信用记录不存在或不在您的查看范围内。")
    return found


def own_records(*, user: Any) -> QuerySet[CreditRecord]:
    """The enterprise's own entity's records (empty for anyone without an entity)."""
    entity_id = getattr(user, "entity_id", None)
    if not entity_id:
        return CreditRecord.objects.none()
    return (
        CreditRecord.objects.restrict(user, Action.VIEW)
        .filter(entity_id=entity_id)
        .order_by("-decided_on", "-pk")
    )


def repair_queue(*, user: Any) -> QuerySet[RepairApplication]:
    return (
        RepairApplication.objects.restrict(user, Action.VIEW)
        .filter(status=RepairApplication.Status.SUBMITTED)
        .select_related("record__entity")
        .order_by("-fast_lane", "due_on", "pk")
    )


def objection_queue(*, user: Any) -> QuerySet[Objection]:
    return (
        Objection.objects.restrict(user, Action.VIEW)
        .filter(status=Objection.Status.SUBMITTED)
        .select_related("record__entity")
        .order_by("due_on", "pk")
    )


def repair_application(*, user: Any, pk: int) -> RepairApplication:
    found = RepairApplication.objects.restrict(user, Action.VIEW).filter(pk=pk).first()
    if found is None:
        raise NotFound("修复申请不存在或不在您的查看范围内。")
    return found


def objection(*, user: Any, pk: int) -> Objection:
    found = Objection.objects.restrict(user, Action.VIEW).filter(pk=pk).first()
    if found is None:
        raise NotFound("异议不存在或不在您的查看范围内。")
    return found


# ------------------------------------------------------- the entity's credit file (R-INSP-1)


def inspection_entries(*, user: Any, entity_id: int) -> QuerySet[InspectionResultEntry]:
    """The published inspection results in the entity's credit file (抽查检查信息)."""
    return (
        InspectionResultEntry.objects.restrict(user, Action.VIEW)
        .filter(entity_id=entity_id)
        .select_related("department")
        .order_by("-inspected_on", "-pk")
    )


def entity_file(*, user: Any, entity_id: int) -> dict[str, Any]:
    """An entity's credit file as the user may see it: its penalty records (scoped as
    `CreditRecord` says) and its inspection results."""
    from prudent.entities.models import Entity

    entity = Entity.objects.restrict(user, Action.VIEW).filter(pk=entity_id).first()
    if entity is None:
        raise NotFound("市场主体不存在或不在您的查看范围内。")
    return {
        "entity": entity,
        "records": list(
            CreditRecord.objects.restrict(user, Action.VIEW)
            .filter(entity_id=entity_id)
            .order_by("-decided_on", "-pk")[:LIST_LIMIT]
        ),
        "inspections": list(inspection_entries(user=user, entity_id=entity_id)[:LIST_LIMIT]),
    }
