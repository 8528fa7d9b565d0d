"""Demo data of 衡阳县 (430421): departments, the judicial bureau, two townships, one person per role
and a few entities. Loading is idempotent and goes through the services, so the demo is audited
like real data. Later areas add their steps to `DEMO_STEPS`.

The codes below are fictional but carry correct check characters (GB 32100, GB 11643).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction

DEMO_PASSWORD = "Prudent#2026"
ACTOR = "demo-loader"

GOVERNMENT = ("衡阳县人民政府", "430421")

# name, short name (文号简称), kind, field, jurisdiction, units
DEPARTMENTS: list[tuple[str, str, str, str, str, list[str]]] = [
    (
        "衡阳县市场监督管理局",
        "衡县市监",
        "enforcement",
        "market_regulation",
        "430421",
        ["执法稽查大队", "食品安全监督管理股", "法规股"],
    ),
    (
        "衡阳县城市管理和综合执法局",
        "衡县城管",
        "enforcement",
        "urban_management",
        "430421",
        ["综合执法大队", "法制股"],
    ),
    (
        "衡阳县交通运输局",
        "衡县交",
        "enforcement",
        "transport",
        "430421",
        ["交通运输综合行政执法大队"],
    ),
    (
        "衡阳市生态环境局衡阳县分局",
        "衡县环",
        "enforcement",
        "ecology",
        "430421",
        ["生态环境保护综合行政执法大队"],
    ),
    (
        "衡阳县农业农村局",
        "衡县农",
        "enforcement",
        "agriculture",
        "430421",
        ["农业综合行政执法大队"],
    ),
    (
        "衡阳县文化旅游广电体育局",
        "衡县文旅",
        "enforcement",
        "culture_tourism",
        "430421",
        ["文化市场综合行政执法大队"],
    ),
    (
        "衡阳县应急管理局",
        "衡县应急",
        "enforcement",
        "emergency",
        "430421",
        ["应急管理综合行政执法大队"],
    ),
    ("衡阳县卫生健康局", "衡县卫健", "enforcement", "health", "430421", ["卫生监督执法大队"]),
    ("衡阳县司法局", "衡县司", "judicial_bureau", "supervision", "430421", ["行政执法协调监督股"]),
    ("衡阳县西渡镇综合行政执法办公室", "西渡综执", "township", "comprehensive", "430421", []),
    ("衡阳县金兰镇综合行政执法办公室", "金兰综执", "township", "comprehensive", "430421", []),
]

# code, name, kind, division, address, industry, registered on
ENTITIES: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "92430421MA4L0C2D58",
        "衡阳县西渡镇惠民食品店",
        "individual_business",
        "430421",
        "衡阳县西渡镇演武坪社区蒸阳北路18号",
        "食品零售",
        "2019-04-12",
    ),
    (
        "91430421MA4L0A1B7B",
        "衡阳县蒸湘餐饮管理有限公司",
        "enterprise",
        "430421",
        "衡阳县西渡镇西渡大道66号",
        "餐饮服务",
        "2017-09-01",
    ),
    (
        "93430421MA4L0E3F35",
        "衡阳县金兰镇富农果蔬专业合作社",
        "cooperative",
        "430421",
        "衡阳县金兰镇金兰村",
        "蔬菜种植",
        "2016-03-20",
    ),
    (
        "91430421MA4L0G4H1B",
        "衡阳县蒸水建材贸易有限公司",
        "enterprise",
        "430421",
        "衡阳县西渡镇工业园区3栋",
        "建材批发",
        "2020-11-05",
    ),
    (
        "92430421MA4L0J5K0B",
        "衡阳县演武坪百货商店",
        "individual_business",
        "430421",
        "衡阳县西渡镇演武坪商业街9号",
        "百货零售",
        "2021-06-30",
    ),
    ("430421198503120021", "李某某", "natural_person", "430421", "", "", ""),
]

# username, full name, role, department name, unit name, entity code
PEOPLE: list[tuple[str, str, str, str | None, str | None, str | None]] = [
    ("admin", "系统管理员", "admin", None, None, None),
    ("officer", "张伟", "officer", "衡阳县市场监督管理局", "执法稽查大队", None),
    ("officer2", "刘洋", "officer", "衡阳县市场监督管理局", "执法稽查大队", None),
    ("reviewer", "王芳", "legal_reviewer", "衡阳县市场监督管理局", "法规股", None),
    ("head", "陈建国", "head", "衡阳县市场监督管理局", None, None),
    ("author", "赵敏", "list_author", "衡阳县市场监督管理局", "法规股", None),
    ("cg_officer", "周强", "officer", "衡阳县城市管理和综合执法局", "综合执法大队", None),
    ("xd_officer", "黄磊", "officer", "衡阳县西渡镇综合行政执法办公室", None, None),
    ("supervisor", "孙丽", "supervisor", "衡阳县司法局", "行政执法协调监督股", None),
    ("enterprise", "惠民食品店经营者", "enterprise", None, None, "92430421MA4L0C2D58"),
]

#: Modules with a `demo_load(actor: str) -> str` step, run in order after the base data.
DEMO_STEPS: list[str] = [
    "prudent.certificates.demo",
    "prudent.rulebooks.demo",
    "prudent.cases.demo",
    "prudent.execution.demo",
    "prudent.publication.demo",
    "prudent.credit.demo",
    "prudent.documents.demo",
    "prudent.inspections.demo",
    "prudent.visits.demo",
    "prudent.draws.demo",
    "prudent.joint.demo",
]


def demo_logins() -> list[tuple[str, str]]:
    from prudent.core.roles import Role

    rows = []
    for username, full_name, role, dept, _unit, entity in PEOPLE:
        where = dept or ("关联主体 " + entity if entity else "全平台")
        rows.append((username, f"{Role(role).label} · {full_name} · {where}"))
    return rows


def demo_load() -> str:
    with transaction.atomic():
        counts = _load_base()
        notes = [importlib.import_module(step).demo_load(ACTOR) for step in DEMO_STEPS]
    return "demo loaded: " + ", ".join([counts, *[n for n in notes if n]])


def _load_base() -> str:
    from prudent.organisations import services as org
    from prudent.organisations.models import Department, Government, Unit

    gov = Government.objects.filter(division_code=GOVERNMENT[1]).first()
    if gov is None:
        gov = org.government_create(actor=ACTOR, name=GOVERNMENT[0], division_code=GOVERNMENT[1])
    for name, short, kind, field, jurisdiction, units in DEPARTMENTS:
        dept = Department.objects.filter(government=gov, name=name).first()
        if dept is None:
            dept = org.department_create(
                actor=ACTOR,
                government=gov,
                name=name,
                short_name=short,
                kind=kind,
                field=field,
                jurisdiction=jurisdiction,
            )
        for unit in units:
            if not Unit.objects.filter(department=dept, name=unit).exists():
                org.unit_create(actor=ACTOR, department=dept, name=unit)
    _load_entities()
    _load_people(gov)
    return f"{Department.objects.count()} departments"


def _load_entities() -> None:
    import datetime as dt

    from prudent.entities import services as ent
    from prudent.entities.models import Entity

    for code, name, kind, division, address, industry, registered in ENTITIES:
        if Entity.objects.filter(code=code).exists():
            continue
        ent.entity_create(
            actor=ACTOR,
            code=code,
            name=name,
            kind=kind,
            division_code=division,
            address=address,
            industry=industry,
            registered_on=dt.date.fromisoformat(registered) if registered else None,
        )


def _load_people(gov: Any) -> None:
    from prudent.accounts import services as acc
    from prudent.accounts.models import User
    from prudent.entities.models import Entity
    from prudent.organisations.models import Department, Unit

    for username, full_name, role, dept_name, unit_name, entity_code in PEOPLE:
        if User.objects.filter(username=username).exists():
            continue
        dept = Department.objects.get(government=gov, name=dept_name) if dept_name else None
        unit = Unit.objects.get(department=dept, name=unit_name) if unit_name else None
        entity = Entity.objects.get(code=entity_code) if entity_code else None
        acc.person_create(
            actor=ACTOR,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            department=dept,
            unit=unit,
            entity=entity,
        )
