"""Fixtures: a 2028 plan of 衡阳县 (the demo holds this year's published plan and next year's
draft) led by 市场监管 with 城管 taking part."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prudent.entities.models import Entity
from prudent.inspections.models import InspectionItem
from prudent.joint import services
from prudent.joint.models import JointPlan, JointTask
from prudent.organisations.models import Department

YEAR = 2028
LEAD = "衡阳县市场监督管理局"
URBAN = "衡阳县城市管理和综合执法局"
CATERING = "91430421MA4L0A1B7B"  # 蒸湘餐饮
BUILDING = "91430421MA4L0G4H1B"  # 蒸水建材


def dept(name: str) -> Department:
    return Department.objects.get(name=name)


def item(code: str) -> InspectionItem:
    return (
        InspectionItem.objects.filter(code=code, item_list__status="published")
        .order_by("-item_list__version")
        .first()
    )


def ent(code: str) -> Entity:
    return Entity.objects.get(code=code)


@pytest.fixture
def draft(demo_user: Any) -> JointPlan:
    return services.plan_create(
        actor=demo_user("head"), lead_department=dept(LEAD), year=YEAR, title="2028年度计划"
    )


def add_task(actor: Any, plan: JointPlan, **kw: Any) -> JointTask:
    args: dict[str, Any] = {
        "actor": actor,
        "plan": plan,
        "title": "建材商户联合检查",
        "lead_department": dept(LEAD),
        "departments": [dept(LEAD), dept(URBAN)],
        "items": [item("SCJG-01"), item("CGZF-01")],
        "month": 6,
        "entities": [ent(BUILDING)],
    }
    args.update(kw)
    return services.task_add(**args)


@pytest.fixture
def task(demo_user: Any, draft: JointPlan) -> JointTask:
    t = add_task(demo_user("head"), draft)
    services.plan_publish(
        actor=demo_user("head"), plan=draft, now=dt.datetime(YEAR, 3, 1, 2, 0, tzinfo=dt.UTC)
    )
    t.refresh_from_db()
    return t


ON = dt.date(YEAR, 6, 10)
