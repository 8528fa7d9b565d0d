"""Writes of the draw (issue #5 part 3; R-INSP-1, R-INSP-2, R-INSP-3, R-INSP-4, R-INSP-5, APL 42).

plan → commit (freeze the population and the inspectors, publish the commitment) → seed (from the
public ceremony; the draw runs and opens the inspection tasks) — and redo, which is a new Draw
with a new commitment. Every step is one transaction with its audit event; bad input raises
`ValidationFailed` naming the field and stores nothing. The rules are in docs/draws.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lawcore.sampling import (
    DrawFailure,
    DrawInputError,
    canonical_quota,
    commit,
    draw,
    parse_inspectors,
    parse_population,
    validate_seed,
)
from prudent.accounts.models import User
from prudent.certificates.services import CertificateRefused, certificate_require
from prudent.core.actors import actor_name
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import has_capability, user_role
from prudent.core.roles import DEPARTMENT_ROLES, Capability, Role
from prudent.draws.models import (
    Draw,
    DrawExclusion,
    DrawSelection,
    DrawState,
    ExclusionReason,
)
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity
from prudent.inspections.models import (
    EntitySupervision,
    Inspection,
    InspectionItem,
    InspectionOrigin,
    InspectionStatus,
    InspectorConflict,
    ListMembership,
    SupervisionList,
)
from prudent.inspections.selectors import (
    DEFAULT_CLASS,
    INSPECTORS_HEADER,
    POPULATION_HEADER,
    SERIOUS_STRATUM,
    publishable_entity_id,
)
from prudent.inspections.tasks import inspection_open
from prudent.organisations.models import Department

#: Default quotas by credit class (国市监信发〔2022〕6号 differentiated ratios; issue #5 part 3).
DEFAULT_QUOTAS: dict[str, str] = {"A": "0.03", "B": "0.05", "C": "0.1", "D": "0.2"}
CLASS_STRATA = ("A", "B", "C", "D")
#: Key-supervision list entities (R-INSP-5) form their own stratum, fully covered.
KEY_STRATUM = "K"
#: Strata that are always drawn at 100 %: the serious-dishonesty list (R-INSP-2, CJ 四(六)) and
#: the key-supervision list (R-INSP-5). They are not configurable: full coverage is the rule.
FULL_COVERAGE: dict[str, str] = {SERIOUS_STRATUM: "1", KEY_STRATUM: "1"}
MIN_PER_ENTITY = 2  # APL 42: 执法人员不得少于两人
MAX_PER_ENTITY = 10
SEED_MIN_DIGITS = 20


# --- helpers --------------------------------------------------------------------------------------


def _check_head(actor: Any, department: Department) -> None:
    """Heads of the lead department and the administrator plan and run draws."""
    if isinstance(actor, str):
        return  # the platform itself (demo loader, CLI) acting for an already-checked user
    if not has_capability(actor, Capability.MANAGE_INSPECTIONS):
        raise Forbidden("只有部门负责人可以组织双随机抽取。")
    if user_role(actor) is Role.ADMIN:
        return
    if actor.department_id != department.pk:
        raise Forbidden("只有牵头部门的负责人可以组织本次抽取。")


def _locked(draw_: Draw) -> Draw:
    return Draw.objects.select_for_update().get(pk=draw_.pk)


def draw_state(d: Draw) -> dict[str, object]:
    return {
        "task": d.task,
        "name": d.name,
        "department": d.department_id,
        "departments": sorted(d.departments.values_list("pk", flat=True)),
        "items": sorted(d.items.values_list("code", flat=True)),
        "kinds": d.kinds,
        "division_prefix": d.division_prefix,
        "industry": d.industry,
        "exclude_observation": d.exclude_observation,
        "quotas": d.quotas,
        "per_entity": d.per_entity,
        "planned_on": d.planned_on,
        "planned_until": d.planned_until,
        "state": d.state,
        "previous": d.previous_id,
        "commitment": d.commitment,
        "seed": d.seed,
        "failure": d.failure,
    }


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- plan -----------------------------------------------------------------------------------------


def _quota_errors(quotas: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    out: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for stratum in CLASS_STRATA:
        raw = quotas.get(stratum, DEFAULT_QUOTAS[stratum])
        text = str(raw).strip() if raw is not None else ""
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise ValueError
        except (ArithmeticError, ValueError):
            errors[f"quota_{stratum}"] = [f"{stratum}类的抽查比例“{text}”不是小数。"]
            continue
        if value < 0 or value > 1:
            errors[f"quota_{stratum}"] = [
                f"{stratum}类的抽查比例须在0到1之间（如0.03表示3%），“{text}”超出范围。"
            ]
            continue
        out[stratum] = canonical_quota(value, stratum)
    unknown = sorted(set(quotas) - set(CLASS_STRATA) - set(FULL_COVERAGE))
    if unknown:
        errors["quotas"] = [f"未知的层：{'、'.join(unknown)}（只能设置A、B、C、D类的比例）。"]
    for stratum, full in FULL_COVERAGE.items():
        given = quotas.get(stratum)
        if given is not None and str(given).strip() not in ("1", "1.0", "100%"):
            try:
                ok = Decimal(str(given).strip()) == 1
            except ArithmeticError:
                ok = False
            if not ok:
                label = "严重违法失信名单" if stratum == SERIOUS_STRATUM else "重点监管清单"
                errors[f"quota_{stratum}"] = [f"{label}内的主体应当全覆盖，抽查比例固定为100%。"]
        out[stratum] = full
    return out, errors


def _naming_errors(errors: dict[str, list[str]], task: str, name: str) -> None:
    if not task:
        errors["task"] = ["请填写抽查任务编号。"]
    elif len(task) > 100 or any(ch < " " for ch in task):
        errors["task"] = ["抽查任务编号不能超过100个字符，且不能含换行等控制字符。"]
    elif Draw.objects.filter(task=task).exists():
        errors["task"] = [f"抽查任务编号“{task}”已被使用；每次抽取须有自己的编号。"]
    if not name:
        errors["name"] = ["请填写抽查任务名称。"]
    elif len(name) > 200:
        errors["name"] = ["抽查任务名称不能超过200个字符。"]


def _item_errors(
    errors: dict[str, list[str]], items: Sequence[InspectionItem], taking_part: list[Department]
) -> None:
    if not items:
        errors["items"] = ["请选择至少一项抽查事项。"]
        return
    ids = {d.pk for d in taking_part}
    bad = [
        f"{i.code} {i.name}"
        for i in items
        if i.item_list.status != "published" or i.item_list.department_id not in ids
    ]
    if bad:
        errors["items"] = [
            "只能选择参加部门已发布的随机抽查事项清单中的事项：" + "、".join(bad) + "。"
        ]


def _schedule_errors(
    errors: dict[str, list[str]],
    per_entity: Any,
    planned_on: Any,
    planned_until: Any,
    today: dt.date,
) -> None:
    if isinstance(per_entity, bool) or not isinstance(per_entity, int):
        errors["per_entity"] = ["每户检查人员数须为整数。"]
    elif per_entity < MIN_PER_ENTITY or per_entity > MAX_PER_ENTITY:
        errors["per_entity"] = [
            f"每户检查人员数须在{MIN_PER_ENTITY}到{MAX_PER_ENTITY}人之间"
            "（《行政处罚法》第四十二条：执法人员不得少于两人）。"
        ]
    if not isinstance(planned_on, dt.date) or isinstance(planned_on, dt.datetime):
        errors["planned_on"] = ["请填写计划检查日期。"]
    elif planned_on < today:
        errors["planned_on"] = ["计划检查日期不能早于今天。"]
    elif planned_until is not None and planned_until < planned_on:
        errors["planned_until"] = ["检查截止日期不能早于计划检查日期。"]


def _filter_errors(
    errors: dict[str, list[str]], kinds: list[str], division_prefix: str, industry: str
) -> None:
    if any(k not in EntityKind.values for k in kinds):
        errors["kinds"] = ["未知的主体类型。"]
    if division_prefix and (not division_prefix.isdigit() or len(division_prefix) > 6):
        errors["division_prefix"] = ["行政区划代码须为1至6位数字（如430421）。"]
    if len(industry) > 100:
        errors["industry"] = ["行业不能超过100个字符。"]


def draw_plan(
    *,
    actor: Any,
    task: str,
    name: str,
    department: Department,
    items: Sequence[InspectionItem],
    planned_on: dt.date,
    departments: Sequence[Department] = (),
    quotas: Mapping[str, Any] | None = None,
    per_entity: int = MIN_PER_ENTITY,
    planned_until: dt.date | None = None,
    kinds: Iterable[str] = (),
    division_prefix: str = "",
    industry: str = "",
    exclude_observation: bool = True,
    previous: Draw | None = None,
    redo_reason: str = "",
    today: dt.date | None = None,
) -> Draw:
    """Record the plan of a draw: who draws (the lead `department` and the other taking-part
    `departments`), for which items of their published 随机抽查事项清单, among which entities,
    with which quotas and how many inspectors per entity, for which date."""
    _check_head(actor, department)
    today = today or timezone.localdate()
    taking_part = [department, *[d for d in departments if d.pk != department.pk]]
    task = (task or "").strip()
    name = (name or "").strip()
    kinds = sorted(set(kinds))
    division_prefix = (division_prefix or "").strip()
    industry = (industry or "").strip()
    errors: dict[str, list[str]] = {}
    _naming_errors(errors, task, name)
    _item_errors(errors, items, taking_part)
    canonical, quota_errors = _quota_errors(quotas or {})
    errors.update(quota_errors)
    _schedule_errors(errors, per_entity, planned_on, planned_until, today)
    _filter_errors(errors, kinds, division_prefix, industry)
    if errors:
        raise ValidationFailed("抽查方案有误，未保存。", errors=errors)
    with transaction.atomic():
        row = Draw.objects.create(
            task=task,
            name=name,
            department=department,
            kinds=kinds,
            division_prefix=division_prefix,
            industry=industry,
            exclude_observation=bool(exclude_observation),
            quotas=canonical,
            per_entity=per_entity,
            planned_on=planned_on,
            planned_until=planned_until,
            previous=previous,
            redo_reason=redo_reason,
            planned_by=actor_name(actor),
        )
        row.departments.set(taking_part)
        row.items.set(items)
        audit_append(
            actor=actor,
            action="draw_plan",
            object_type="draws.draw",
            object_id=row.pk,
            after=draw_state(row),
            summary=f"制定双随机抽查方案：{task} {name}",
        )
    return row


# --- freeze and commit ----------------------------------------------------------------------------


@dataclass
class Frozen:
    """The population and inspectors of a draw as computed from the directories."""

    population: list[tuple[str, str, int]] = field(default_factory=list)  # (public id, stratum, pk)
    exclusions: list[tuple[int, str, str, str]] = field(default_factory=list)  # pk, pid, why, text
    inspectors: list[tuple[str, list[str], int]] = field(
        default_factory=list
    )  # cert, conflicts, pk
    unqualified: list[str] = field(default_factory=list)

    @property
    def population_text(self) -> str:
        return "".join(f"{i},{s}\n" for i, s, _pk in self.population)

    @property
    def inspectors_text(self) -> str:
        return "".join(f"{c},{';'.join(cs)}\n" for c, cs, _pk in self.inspectors)


def _candidates(d: Draw) -> Any:
    entities = Entity.objects.all()
    departments = list(d.departments.all())
    if departments and all(dep.jurisdiction for dep in departments):
        within = Q()
        for dep in departments:
            within |= Q(division_code__startswith=dep.jurisdiction)
        entities = entities.filter(within)
    if d.kinds:
        entities = entities.filter(kind__in=d.kinds)
    if d.division_prefix:
        entities = entities.filter(division_code__startswith=d.division_prefix)
    if d.industry:
        entities = entities.filter(industry__icontains=d.industry)
    return entities


def _on_list(list_name: str, on: dt.date) -> set[int]:
    active = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return set(
        ListMembership.objects.filter(active, list=list_name).values_list("entity_id", flat=True)
    )


def _year_inspections(entity_ids: set[int], year: int) -> dict[int, list[Inspection]]:
    """Every department's non-cancelled inspections of these entities planned in `year` (the
    same reading as `inspections.tasks.year_inspections`, which decides admission)."""
    out: dict[int, list[Inspection]] = {}
    rows = (
        Inspection.objects.filter(planned_on__year=year)
        .exclude(status=InspectionStatus.CANCELLED)
        .select_related("department")
        .prefetch_related("items")
        .order_by("planned_on", "pk")
    )
    for row in rows:
        if row.entity_id in entity_ids:
            out.setdefault(row.entity_id, []).append(row)
    return out


def freeze(d: Draw) -> Frozen:
    """Compute the population (after the exclusions) and the eligible inspectors of `d` from the
    directories, on its planned date. Strata: `S` for the serious-dishonesty list, else `K` for
    the key-supervision list, else the credit class (B when none is recorded)."""
    on = d.planned_on
    out = Frozen()
    rows = list(_candidates(d).values_list("pk", "code", "kind", "observation_until"))
    ids = {pk for pk, *_ in rows}
    classes = dict(EntitySupervision.objects.values_list("entity_id", "credit_class"))
    serious = _on_list(SupervisionList.SERIOUS_DISHONESTY, on)
    key = _on_list(SupervisionList.KEY_SUPERVISION, on)
    white = _on_list(SupervisionList.WHITE_LIST, on)
    prior = _year_inspections(ids, on.year)
    codes = set(d.items.values_list("code", flat=True))
    kept: list[tuple[str, str, int]] = []
    for pk, code, kind, observation_until in rows:
        pid = publishable_entity_id(pk, code, kind)
        reasons: list[tuple[str, str]] = []
        earlier = prior.get(pk, [])
        if pk in white and earlier:
            first = earlier[0]
            reasons.append(
                (
                    ExclusionReason.WHITE_LIST,
                    f"白名单内，本年度已安排{first.planned_on:%Y-%m-%d}由"
                    f"{first.department.name}检查，一年内至多检查一次",
                )
            )
        for other in earlier:
            common = sorted(i.code for i in other.items.all() if i.code in codes)
            if common:
                how = "联合检查" if other.is_joint else "检查"
                reasons.append(
                    (
                        ExclusionReason.SAME_TYPE,
                        f"本年度已安排{other.planned_on:%Y-%m-%d}由{other.department.name}"
                        f"{how}同类事项（{'、'.join(common)}）",
                    )
                )
                break
        if d.exclude_observation and observation_until is not None and observation_until >= on:
            reasons.append((ExclusionReason.OBSERVATION, f"观察期至{observation_until:%Y-%m-%d}"))
        if reasons:
            out.exclusions += [(pk, pid, why, text) for why, text in reasons]
            continue
        if pk in serious:
            stratum = SERIOUS_STRATUM
        elif pk in key:
            stratum = KEY_STRATUM
        else:
            stratum = classes.get(pk, DEFAULT_CLASS)
        kept.append((pid, stratum, pk))
    out.population = sorted(kept)
    public = {pk: pid for pid, _s, pk in kept}
    _inspectors(d, on, public, out)
    return out


def _inspectors(d: Draw, on: dt.date, public: dict[int, str], out: Frozen) -> None:
    """Officers of the taking-part departments with a certificate valid on the day for their
    department's field (the lead's field for the lead department, as `inspection_open` checks),
    and their conflicts with entities of the population (a conflict withdrawn after the day
    still counts)."""
    chosen: dict[int, str] = {}
    for dep in d.departments.all():
        users = User.objects.filter(
            department=dep, is_active=True, role__in=[r.value for r in DEPARTMENT_ROLES]
        ).order_by("username")
        for user in users:
            try:
                cert = certificate_require(officer=user, field=dep.field, on=on)
            except (CertificateRefused, ValidationFailed):
                out.unqualified.append(user.display_name)
                continue
            chosen[user.pk] = cert.number
    conflicts: dict[int, set[str]] = {}
    open_q = Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    for uid, entity_id in InspectorConflict.objects.filter(
        open_q, inspector_id__in=list(chosen)
    ).values_list("inspector_id", "entity_id"):
        if entity_id in public:
            conflicts.setdefault(uid, set()).add(public[entity_id])
    out.inspectors = sorted(
        (number, sorted(conflicts.get(uid, set())), uid) for uid, number in chosen.items()
    )


def draw_commit(*, actor: Any, draw: Draw) -> Draw:
    """Freeze the population and the inspectors and publish the commitment at once. Refused when
    the population is empty or there are fewer eligible inspectors than per_entity; a quota
    outside [0, 1] was refused at planning (and again by the protocol here)."""
    _check_head(actor, draw.department)
    with transaction.atomic():
        row = _locked(draw)
        if row.state != DrawState.PLANNED:
            raise Conflict(
                f"抽取“{row.task}”已公布承诺值（{row.get_state_display()}），不能再次冻结；"
                "如需修改，请重新抽取（新的承诺值）。"
            )
        frozen = freeze(row)
        errors: dict[str, list[str]] = {}
        if not frozen.population:
            excluded = len({pk for pk, *_ in frozen.exclusions})
            errors["population"] = [
                "检查对象名录为空：没有符合筛选条件的主体"
                + (f"（另有{excluded}户依规则排除）" if excluded else "")
                + "，不能抽取。"
            ]
        if len(frozen.inspectors) < row.per_entity:
            errors["inspectors"] = [
                f"计划检查日期{row.planned_on:%Y-%m-%d}持有有效执法证的检查人员只有"
                f"{len(frozen.inspectors)}人，少于每户检查人员数{row.per_entity}人，不能抽取。"
            ]
        if errors:
            raise ValidationFailed("不能冻结名录并公布承诺值。", errors=errors)
        pop_text, ins_text = frozen.population_text, frozen.inspectors_text
        try:
            population = parse_population(POPULATION_HEADER + pop_text)
            inspectors = parse_inspectors(INSPECTORS_HEADER + ins_text)
            commitment = commit(row.task, population, inspectors, row.quotas, row.per_entity)
        except DrawInputError as exc:
            raise ValidationFailed.field("quotas", f"抽取参数有误：{exc}") from None
        # the stored texts are exactly the hashed ones (checked, not assumed)
        assert population.digest == _sha(pop_text)
        assert inspectors.digest == _sha(ins_text)
        before = draw_state(row)
        row.population_text = pop_text
        row.inspectors_text = ins_text
        row.population_size = len(frozen.population)
        row.inspector_map = {number: uid for number, _cs, uid in frozen.inspectors}
        row.commitment = commitment.hex
        row.commitment_json = (
            json.dumps(commitment.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )
        row.committed_by = actor_name(actor)
        row.committed_at = timezone.now()
        row.state = DrawState.COMMITTED
        row.save()
        DrawExclusion.objects.bulk_create(
            DrawExclusion(draw=row, entity_id=pk, public_id=pid, reason=why, detail=text[:300])
            for pk, pid, why, text in frozen.exclusions
        )
        audit_append(
            actor=actor,
            action="draw_commit",
            object_type="draws.draw",
            object_id=row.pk,
            before=before,
            after={
                **draw_state(row),
                "population_digest": commitment.population,
                "inspectors_digest": commitment.inspectors,
                "population_size": row.population_size,
                "inspector_count": len(frozen.inspectors),
                "excluded": sorted({pid for _pk, pid, _w, _t in frozen.exclusions}),
            },
            summary=f"冻结名录并公布承诺值：{row.task}，检查对象{row.population_size}户，"
            f"检查人员{len(frozen.inspectors)}人，承诺值{commitment.hex}",
        )
    return row


# --- seed and draw --------------------------------------------------------------------------------


class _TaskRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_seed(seed: Any) -> str:
    if not isinstance(seed, str):
        raise ValidationFailed.field("seed", "请填写随机种子。")
    try:
        return validate_seed(seed)
    except DrawInputError:
        raise ValidationFailed.field(
            "seed",
            f"随机种子须为公开摇号产生的至少{SEED_MIN_DIGITS}位十进制数字（0–9），"
            f"不含空格或其他字符；收到的是{len(seed)}个字符。",
        ) from None


def _run(row: Draw, seed: str) -> dict[str, Any]:
    population = parse_population(POPULATION_HEADER + row.population_text)
    inspectors = parse_inspectors(INSPECTORS_HEADER + row.inspectors_text)
    commitment = commit(row.task, population, inspectors, row.quotas, row.per_entity)
    if commitment.hex != row.commitment:  # the stored inputs are the committed ones
        raise DrawFailure(f"stored inputs give commitment {commitment.hex}, not {row.commitment}")
    return draw(commitment, population, inspectors, seed).as_dict()


def _open_tasks(actor: Any, row: Draw, result: Mapping[str, Any]) -> list[DrawSelection]:
    from prudent.inspections.selectors import entity_for_publishable_id

    departments = list(row.departments.all())
    items = list(row.items.select_related("item_list"))
    users = {u.pk: u for u in User.objects.filter(pk__in=list(row.inspector_map.values()))}
    role = user_role(actor) if not isinstance(actor, str) else None
    opener: Any = actor
    if role not in DEPARTMENT_ROLES:  # the administrator: the platform opens the tasks
        opener = f"{actor_name(actor)}（双随机抽取 {row.task}）"
    out: list[DrawSelection] = []
    for position, sel in enumerate(result["selected"], start=1):
        entity = entity_for_publishable_id(sel["id"])
        if entity is None:
            raise _TaskRefused(f"{sel['id']}：检查对象已不在名录库中")
        try:
            inspection = inspection_open(
                actor=opener,
                entity=entity,
                department=row.department,
                departments=departments,
                items=items,
                inspectors=[users[row.inspector_map[c]] for c in sel["inspectors"]],
                planned_on=row.planned_on,
                origin=InspectionOrigin.DRAW,
                audit=False,
            )
        except (ValidationFailed, Forbidden) as exc:
            details = "；".join(m for ms in exc.errors.values() for m in ms) or exc.message
            raise _TaskRefused(f"{entity.name}（{sel['id']}）不能登记检查任务：{details}") from None
        out.append(
            DrawSelection(
                draw=row,
                position=position,
                entity=entity,
                public_id=sel["id"],
                stratum=sel["stratum"],
                key=sel["key"],
                inspectors=list(sel["inspectors"]),
                inspection=inspection,
            )
        )
    DrawSelection.objects.bulk_create(out)
    return out


def draw_seed(*, actor: Any, draw: Draw, seed: str) -> Draw:
    """Enter the ceremony's seed, run the draw and open one inspection task per selected entity
    with its assigned inspectors — the result and the tasks in one transaction.

    Refused (nothing stored) before the commitment is published, when a seed was already entered,
    or for a seed that is not at least 20 decimal digits. If the protocol cannot assign
    inspectors, or a task cannot be opened, neither the result nor any task is stored and the
    error names the entity; the attempt itself (the seed and the reason) IS recorded and the
    draw becomes `failed`, so that nobody can try another seed under the same commitment — a
    redo needs a new Draw and a new commitment (docs/draws.md)."""
    _check_head(actor, draw.department)
    failure = ""
    with transaction.atomic():
        row = _locked(draw)
        if row.state == DrawState.PLANNED:
            raise Conflict(
                "承诺值尚未公布，不能录入随机种子：请先冻结名录并公布承诺值，"
                "再于公开摇号后录入种子。"
            )
        if row.state != DrawState.COMMITTED:
            raise Conflict(
                f"抽取“{row.task}”已录入过随机种子（{row.get_state_display()}），"
                "同一承诺值只能抽取一次；如需重新抽取，请新建抽取（新的承诺值）。"
            )
        seed = _check_seed(seed)
        before = draw_state(row)
        now = timezone.now()
        try:
            with transaction.atomic():  # savepoint: the result and every task, or none
                result = _run(row, seed)
                selections = _open_tasks(actor, row, result)
                row.seed, row.seeded_by, row.seeded_at = seed, actor_name(actor), now
                row.result_json = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
                row.state = DrawState.DRAWN
                row.save()
                audit_append(
                    actor=actor,
                    action="draw_result",
                    object_type="draws.draw",
                    object_id=row.pk,
                    before=before,
                    after={
                        **draw_state(row),
                        "result_digest": _sha(row.result_json),
                        "selected": [s.public_id for s in selections],
                        "inspections": [s.inspection_id for s in selections],
                    },
                    summary=f"录入随机种子并抽取：{row.task}，种子{seed}，抽中{len(selections)}户，"
                    f"生成检查任务{len(selections)}项",
                )
                return row
        except DrawFailure as exc:
            failure = f"检查人员分配失败（回避后可用人员不足）：{exc}"
        except _TaskRefused as exc:
            failure = exc.message
        row.refresh_from_db()
        row.seed, row.seeded_by, row.seeded_at = seed, actor_name(actor), now
        row.failure = failure
        row.state = DrawState.FAILED
        row.save()
        audit_append(
            actor=actor,
            action="draw_failed",
            object_type="draws.draw",
            object_id=row.pk,
            before=before,
            after=draw_state(row),
            summary=f"抽取失败，结果与检查任务均未保存：{row.task}，种子{seed}；{failure}",
        )
    raise ValidationFailed(
        "抽取失败，抽取结果与检查任务均未保存：" + failure + "。本次抽取已记为失败，"
        "同一承诺值不能再换种子抽取；请重新抽取（新的承诺值）。",
        errors={"seed": [failure]},
    )


# --- redo -----------------------------------------------------------------------------------------


def _redo_task(d: Draw) -> str:
    root, n = d, 1
    while root.previous_id is not None:
        root, n = root.previous, n + 1
    base = root.task
    candidate = f"{base}-R{n + 1}"
    k = n + 1
    while Draw.objects.filter(task=candidate).exists():
        k += 1
        candidate = f"{base}-R{k}"
    return candidate


def draw_redo(*, actor: Any, draw: Draw, reason: str, today: dt.date | None = None) -> Draw:
    """Start over with a NEW Draw (same plan, new task id `…-R2`, so a new commitment) that
    points at this one with the reason; this one becomes superseded. Both stay, with their audit
    events. A drawn draw (its tasks are open) is not redone here."""
    _check_head(actor, draw.department)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.field("reason", "请说明重新抽取的原因。")
    if len(reason) > 300:
        raise ValidationFailed.field("reason", "重新抽取的原因不能超过300个字符。")
    with transaction.atomic():
        row = _locked(draw)
        if row.state == DrawState.DRAWN:
            raise Conflict("已抽取并生成检查任务的抽取不能重新抽取。")
        if row.state == DrawState.SUPERSEDED:
            raise Conflict("该抽取已重新抽取过，请在最新的抽取上操作。")
        before = draw_state(row)
        new = draw_plan(
            actor=actor,
            task=_redo_task(row),
            name=row.name,
            department=row.department,
            departments=list(row.departments.all()),
            items=list(row.items.select_related("item_list")),
            planned_on=max(row.planned_on, today or timezone.localdate()),
            planned_until=row.planned_until,
            quotas=row.quotas,
            per_entity=row.per_entity,
            kinds=row.kinds,
            division_prefix=row.division_prefix,
            industry=row.industry,
            exclude_observation=row.exclude_observation,
            previous=row,
            redo_reason=reason,
            today=today,
        )
        row.state = DrawState.SUPERSEDED
        row.save(update_fields=["state"])
        audit_append(
            actor=actor,
            action="draw_superseded",
            object_type="draws.draw",
            object_id=row.pk,
            before=before,
            after={**draw_state(row), "redone_by": new.pk, "reason": reason},
            summary=f"重新抽取：{row.task} 由 {new.task} 取代；原因：{reason}",
        )
    return new
