"""Reads of the inspection directories, always through `restrict` (issue #5 part 1; R-INSP-1/2/4/5).

The CSV exports produce the two inputs of `prudent-draw/1` (docs/draw-protocol.md) in their
canonical text, so the file's SHA-256 is the digest that goes into the commitment:

- population `id,stratum`: id = the entity's code (a natural person's alias `NP…`, never a
  citizen ID number: `publishable_entity_id`); stratum = its credit class A/B/C/D (B when no
  class was set, the ordinary class of 国市监信发〔2022〕6号), except that an entity on the
  serious-dishonesty list on the day gets the stratum `S`, whatever its class, so that a plan can
  give it its own quota (full coverage at 100 %, R-INSP-2);
- inspectors `id,conflicts`: id = the 执法证号 of the certificate the officer holds in force on the
  day (latest `valid_to`, then number, when several are); conflicts = the codes of the entities
  with a declaration that is not withdrawn on the day, `;`-separated.

Both are lines sorted by id in code-point order, `\\n` line ends, no BOM, no quoting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from lawcore.certificates import CertificateState, certificate_state
from prudent.certificates.models import Certificate
from prudent.core.permissions import Action, has_capability
from prudent.core.roles import Capability
from prudent.entities.choices import EntityKind
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

DEFAULT_CLASS = CreditClass.B.value
SERIOUS_STRATUM = "S"
POPULATION_HEADER = "id,stratum\n"
INSPECTORS_HEADER = "id,conflicts\n"


def _active(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


# --- entities with their class and lists ---------------------------------------------------------


@dataclass(frozen=True)
class EntityRow:
    entity: Entity
    credit_class: str
    lists: list[str]

    @property
    def class_label(self) -> str:
        return str(dict(CreditClass.choices)[self.credit_class])

    @property
    def list_labels(self) -> list[str]:
        labels = dict(SupervisionList.choices)
        return [str(labels[x]) for x in self.lists]


def _classes(user: Any) -> dict[int, str]:
    return dict(
        EntitySupervision.objects.restrict(user, Action.VIEW).values_list(
            "entity_id", "credit_class"
        )
    )


def _lists(user: Any, day: dt.date) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = (
        ListMembership.objects.restrict(user, Action.VIEW)
        .filter(_active(day))
        .values_list("entity_id", "list")
    )
    for entity_id, lst in rows.order_by("entity_id", "list"):
        out.setdefault(entity_id, []).append(lst)
    return out


def supervision_directory(
    *, user: Any, on: dt.date, credit_class: str = "", list_name: str = "", q: str = ""
) -> list[EntityRow]:
    """Entities with their credit class and current lists; staff only (an enterprise gets [])."""
    if not _staff(user):
        return []
    classes = _classes(user)
    lists = _lists(user, on)
    entities = Entity.objects.restrict(user, Action.VIEW).order_by("code")
    q = (q or "").strip()
    if q:
        entities = entities.filter(Q(name__icontains=q) | Q(code__startswith=q.upper()))
    if credit_class:
        in_class = [k for k, v in classes.items() if v == credit_class]
        if credit_class == DEFAULT_CLASS:  # no class recorded counts as B
            entities = entities.filter(Q(pk__in=in_class) | ~Q(pk__in=[*classes]))
        else:
            entities = entities.filter(pk__in=in_class)
    if list_name:
        entities = entities.filter(pk__in=[k for k, v in lists.items() if list_name in v])
    return [EntityRow(e, classes.get(e.pk, DEFAULT_CLASS), lists.get(e.pk, [])) for e in entities]


def _staff(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_INSPECTIONS)


@dataclass(frozen=True)
class EntitySupervisionPage:
    entity: Entity
    supervision: EntitySupervision | None
    credit_class: str
    memberships: list[ListMembership]
    conflicts: list[InspectorConflict]
    current_lists: list[str] = field(default_factory=list)


def entity_supervision(*, user: Any, pk: int, on: dt.date) -> EntitySupervisionPage | None:
    if not _staff(user):
        return None
    entity = Entity.objects.restrict(user, Action.VIEW).filter(pk=pk).first()
    if entity is None:
        return None
    sup = EntitySupervision.objects.restrict(user, Action.VIEW).filter(entity=entity).first()
    memberships = list(
        ListMembership.objects.restrict(user, Action.VIEW)
        .filter(entity=entity)
        .order_by("list", "-valid_from")
    )
    conflicts = list(
        InspectorConflict.objects.restrict(user, Action.VIEW)
        .filter(entity=entity)
        .select_related("inspector", "inspector__department")
        .order_by("-declared_on")
    )
    current = sorted({m.list for m in memberships if m.active_on(on)})
    return EntitySupervisionPage(
        entity=entity,
        supervision=sup,
        credit_class=sup.credit_class if sup else DEFAULT_CLASS,
        memberships=memberships,
        conflicts=conflicts,
        current_lists=current,
    )


# --- the inspector directory -----------------------------------------------------------------------


@dataclass(frozen=True)
class InspectorRow:
    certificate: Certificate
    fields: list[str]
    conflicts: list[InspectorConflict]

    @property
    def user(self) -> Any:
        return self.certificate.holder

    @property
    def fields_display(self) -> str:
        return self.certificate.fields_display


def _valid_certificates(on: dt.date, department: Department | None) -> dict[int, Certificate]:
    """Per holder, the certificate in force on `on` (latest valid_to, then number)."""
    certs = Certificate.objects.filter(valid_from__lte=on, valid_to__gte=on, holder__is_active=True)
    if department is not None:
        certs = certs.filter(holder__department=department)
    chosen: dict[int, Certificate] = {}
    for c in certs.select_related("holder", "holder__department").order_by(
        "holder_id", "-valid_to", "number"
    ):
        if certificate_state(c.facts(), on) in (CertificateState.VALID, CertificateState.EXPIRING):
            chosen.setdefault(c.holder_id, c)
    return chosen


def inspector_directory(
    *, user: Any, on: dt.date, department: Department | None = None
) -> list[InspectorRow]:
    """Officers holding a certificate in force on `on`, with their fields and open conflicts."""
    if not _staff(user):
        return []
    chosen = _valid_certificates(on, department)
    conflicts: dict[int, list[InspectorConflict]] = {}
    open_q = Q(declared_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    for c in (
        InspectorConflict.objects.restrict(user, Action.VIEW)
        .filter(open_q, inspector_id__in=list(chosen))
        .select_related("entity")
        .order_by("entity__code")
    ):
        conflicts.setdefault(c.inspector_id, []).append(c)
    rows = [
        InspectorRow(cert, list(cert.fields), conflicts.get(uid, []))
        for uid, cert in chosen.items()
    ]
    return sorted(
        rows,
        key=lambda r: (r.user.department.name if r.user.department else "", r.certificate.number),
    )


def conflict_list(*, user: Any) -> QuerySet[InspectorConflict]:
    return (
        InspectorConflict.objects.restrict(user, Action.VIEW)
        .select_related("inspector", "inspector__department", "entity")
        .order_by("-declared_on", "-pk")
    )


# --- item lists ----------------------------------------------------------------------------------


def item_lists(*, user: Any) -> QuerySet[InspectionItemList]:
    return (
        InspectionItemList.objects.restrict(user, Action.VIEW)
        .select_related("department")
        .order_by("department__name", "-version")
    )


def item_list_get(*, user: Any, pk: int) -> InspectionItemList | None:
    return item_lists(user=user).filter(pk=pk).first()


def items_of(item_list: InspectionItemList) -> QuerySet[InspectionItem]:
    return item_list.items.order_by("code")


def public_item_lists() -> QuerySet[InspectionItemList]:
    """Published versions only (the portal's read; no user)."""
    return (
        InspectionItemList.objects.filter(status=InspectionItemList.Status.PUBLISHED)
        .select_related("department")
        .order_by("department__name", "-version")
    )


def public_item_list(pk: int) -> InspectionItemList | None:
    return public_item_lists().filter(pk=pk).first()


# --- draw inputs (prudent-draw/1) -----------------------------------------------------------------


def _entities_for(department: Department | None) -> QuerySet[Entity]:
    entities = Entity.objects.all()
    if department is not None and department.jurisdiction:
        entities = entities.filter(division_code__startswith=department.jurisdiction)
    return entities


NATURAL_PERSON_PREFIX = "NP"
_CITIZEN_ID = re.compile(r"[0-9]{17}[0-9Xx]")


def publishable_entity_id(pk: int, code: str, kind: str) -> str:
    """The id under which an entity appears in published draw material: its code for an
    organisation or business (public on the credit-information system), but for a natural person
    — or any code shaped like a citizen ID number — a stable alias `NP` + the directory's key,
    zero-padded to 8 digits (e.g. `NP00000006`). A citizen ID is never published (PIPL,
    CONVENTIONS §6); a hash of it would not do, since ID numbers are few enough to be guessed. The
    alias is shorter than the 18-character codes, so it never collides with one."""
    if kind == EntityKind.NATURAL_PERSON or _CITIZEN_ID.fullmatch(code or ""):
        return f"{NATURAL_PERSON_PREFIX}{pk:08d}"
    return code


def entity_for_publishable_id(public_id: str) -> Entity | None:
    """The entity behind a published id (inverse of `publishable_entity_id`; not scoped)."""
    if public_id.startswith(NATURAL_PERSON_PREFIX) and public_id[2:].isdigit():
        return Entity.objects.filter(pk=int(public_id[2:])).first()
    return Entity.objects.filter(code=public_id).first()


def population_rows(*, on: dt.date, department: Department | None = None) -> list[tuple[str, str]]:
    """(publishable id, stratum) of the population, sorted by id in code-point order (not
    `restrict`ed: callers are the CLI and views already limited to heads and admin). A natural
    person appears under its alias, never its citizen ID number (`publishable_entity_id`)."""
    classes = dict(EntitySupervision.objects.values_list("entity_id", "credit_class"))
    serious = set(
        ListMembership.objects.filter(
            _active(on), list=SupervisionList.SERIOUS_DISHONESTY
        ).values_list("entity_id", flat=True)
    )
    rows = [
        (
            publishable_entity_id(pk, code, kind),
            SERIOUS_STRATUM if pk in serious else classes.get(pk, DEFAULT_CLASS),
        )
        for pk, code, kind in _entities_for(department).values_list("pk", "code", "kind")
    ]
    return sorted(rows)


def population_csv(*, on: dt.date, department: Department | None = None) -> str:
    return POPULATION_HEADER + "".join(
        f"{i},{s}\n" for i, s in population_rows(on=on, department=department)
    )


def inspector_rows(
    *, on: dt.date, department: Department | None = None
) -> list[tuple[str, list[str]]]:
    chosen = _valid_certificates(on, department)
    open_q = Q(declared_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    conflicts: dict[int, set[str]] = {}
    for uid, pk, code, kind in InspectorConflict.objects.filter(
        open_q, inspector_id__in=list(chosen)
    ).values_list("inspector_id", "entity_id", "entity__code", "entity__kind"):
        conflicts.setdefault(uid, set()).add(publishable_entity_id(pk, code, kind))
    return sorted((cert.number, sorted(conflicts.get(uid, set()))) for uid, cert in chosen.items())


def inspectors_csv(*, on: dt.date, department: Department | None = None) -> str:
    return INSPECTORS_HEADER + "".join(
        f"{i},{';'.join(cs)}\n" for i, cs in inspector_rows(on=on, department=department)
    )


def on_list(*, entity_id: int, list_name: str, on: dt.date) -> bool:
    """Whether the entity is on the list (白名单, 重点监管, 严重违法失信名单) on that day; read by the
    credit rules (a serious-dishonesty listing makes a penalty record serious, R-CRED-3)."""
    return (
        ListMembership.objects.filter(entity_id=entity_id, list=list_name)
        .filter(_active(on))
        .exists()
    )
