"""Reads of draws: staff pages through `restrict`, the portal through the public states only.

What the portal shows of an entity (`public_entity_name`): an organisation's or business's name
(public on the credit-information system); a natural person's surname and 某某 (张某某), never a
citizen ID number — the published id of a natural person is its alias (`publishable_entity_id`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lawcore.masking import mask_person_name
from prudent.accounts.models import User
from prudent.core.permissions import Action
from prudent.draws.models import PUBLIC_STATES, Draw, DrawExclusion, DrawSelection
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections.models import Inspection


def public_entity_name(entity: Entity) -> str:
    if entity.kind == EntityKind.NATURAL_PERSON:
        return mask_person_name(entity.name)
    return entity.name


def draw_list(*, user: Any) -> QuerySet[Draw]:
    return (
        Draw.objects.restrict(user, Action.VIEW)
        .select_related("department")
        .distinct()
        .order_by("-planned_at", "-pk")
    )


def draw_get(*, user: Any, pk: int) -> Draw | None:
    return draw_list(user=user).filter(pk=pk).first()


def can_change(*, user: Any, draw: Draw) -> bool:
    return Draw.objects.restrict(user, Action.CHANGE).filter(pk=draw.pk).exists()


def public_draws() -> QuerySet[Draw]:
    return (
        Draw.objects.filter(state__in=PUBLIC_STATES)
        .select_related("department")
        .order_by("-committed_at", "-pk")
    )


def public_draw(pk: int) -> Draw | None:
    return public_draws().filter(pk=pk).first()


@dataclass(frozen=True)
class StratumRow:
    stratum: str
    label: str
    quota: str
    size: int | None
    drawn: int | None


STRATUM_LABELS = {
    "A": "A类（信用风险低）",
    "B": "B类（信用风险一般）",
    "C": "C类（信用风险较高）",
    "D": "D类（信用风险高）",
    "K": "重点监管清单（全覆盖）",
    "S": "严重违法失信名单（全覆盖）",
}


def _percent(quota: str) -> str:
    value = float(quota) * 100
    return f"{value:g}%"


def strata(draw: Draw) -> list[StratumRow]:
    """Quotas, and after the draw the size and number drawn per stratum (from the result)."""
    result = json.loads(draw.result_json) if draw.result_json else {}
    counts: dict[str, dict[str, int]] = result.get("strata", {})
    sizes: dict[str, int] = {}
    if not counts and draw.population_text:
        for line in draw.population_text.splitlines():
            stratum = line.rsplit(",", 1)[1]
            sizes[stratum] = sizes.get(stratum, 0) + 1
    order = ["S", "K", "D", "C", "B", "A"]
    rows = []
    for s in sorted(draw.quotas, key=lambda x: (order.index(x) if x in order else 99, x)):
        c = counts.get(s)
        rows.append(
            StratumRow(
                s,
                STRATUM_LABELS.get(s, s),
                _percent(draw.quotas[s]),
                c["size"] if c else (sizes.get(s, 0) if draw.population_text else None),
                c["drawn"] if c else None,
            )
        )
    return rows


@dataclass(frozen=True)
class SelectionRow:
    position: int
    public_id: str
    name: str
    stratum: str
    key: str
    inspectors: list[tuple[str, str]]  # (certificate number, name)
    inspection: Inspection


def selections(draw: Draw) -> list[SelectionRow]:
    rows = list(
        DrawSelection.objects.filter(draw=draw)
        .select_related("entity", "inspection")
        .order_by("position")
    )
    names = dict(
        User.objects.filter(pk__in=list(draw.inspector_map.values())).values_list("pk", "full_name")
    )
    return [
        SelectionRow(
            r.position,
            r.public_id,
            public_entity_name(r.entity),
            r.stratum,
            r.key,
            [(c, names.get(draw.inspector_map.get(c), "")) for c in r.inspectors],
            r.inspection,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ExclusionRow:
    public_id: str
    name: str
    reason: str
    detail: str


def exclusions(draw: Draw) -> list[ExclusionRow]:
    return [
        ExclusionRow(e.public_id, public_entity_name(e.entity), e.get_reason_display(), e.detail)
        for e in DrawExclusion.objects.filter(draw=draw).select_related("entity")
    ]


def inspectors(draw: Draw) -> list[tuple[str, str, str]]:
    """(certificate number, name, conflicts) of the frozen roster, as published."""
    names = dict(
        User.objects.filter(pk__in=list(draw.inspector_map.values())).values_list("pk", "full_name")
    )
    out = []
    for line in draw.inspectors_text.splitlines():
        number, conflicts = line.split(",", 1)
        out.append((number, names.get(draw.inspector_map.get(number), ""), conflicts))
    return out


def task_inspections(*, user: Any, draw: Draw) -> list[Inspection]:
    """The inspection tasks the draw opened that `user` may see (scoped)."""
    ids = list(DrawSelection.objects.filter(draw=draw).values_list("inspection_id", flat=True))
    return list(
        Inspection.objects.restrict(user, Action.VIEW)
        .filter(pk__in=ids)
        .select_related("entity", "department")
        .prefetch_related("inspectors")
        .distinct()
        .order_by("planned_on", "pk")
    )


def verify_command(draw: Draw) -> str:
    return "prudent draw verify result.json --population population.csv --inspectors inspectors.csv"


def population_csv(draw: Draw) -> str:
    from prudent.inspections.selectors import POPULATION_HEADER

    return POPULATION_HEADER + draw.population_text


def inspectors_csv(draw: Draw) -> str:
    from prudent.inspections.selectors import INSPECTORS_HEADER

    return INSPECTORS_HEADER + draw.inspectors_text
