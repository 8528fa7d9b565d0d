"""Demo draw for 衡阳县 (issue #5 part 3; R-INSP-1): one published draw of 衡阳县市场监督管理局,
planned, committed, seeded and drawn through the services, so the portal shows a complete example
that `prudent draw verify` reproduces from its downloads.

Its inspections are planned for 15 January of NEXT year: the once-a-year rules count inspections
by calendar year, so the demo's tasks never stand in the way of this year's inspections (the
tests and a person trying the platform start from a year with no inspection). Loading twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEPARTMENT = "衡阳县市场监督管理局"
ITEMS = ("SCJG-01", "SCJG-02")
#: A fixed demo seed, as if read out at the public ceremony (公开摇号).
SEED = "31415926535897932384626433832795"


def demo_load(actor: str) -> str:
    from prudent.draws import services
    from prudent.draws.models import Draw
    from prudent.inspections.models import InspectionItem
    from prudent.organisations.models import Department

    year = timezone.localdate().year + 1
    task = f"衡县市监抽〔{year}〕演示1号"
    department = Department.objects.filter(name=DEPARTMENT).first()
    if department is None or Draw.objects.filter(task__startswith=task).exists():
        return "0 draws"
    items = list(
        InspectionItem.objects.filter(
            code__in=ITEMS, item_list__department=department, item_list__status="published"
        ).select_related("item_list")
    )
    if len(items) != len(ITEMS):
        return "0 draws"
    draw = services.draw_plan(
        actor=actor,
        task=task,
        name=f"{year}年度企业公示信息和食品销售者双随机抽查（演示）",
        department=department,
        items=items,
        planned_on=dt.date(year, 1, 15),
        planned_until=dt.date(year, 3, 31),
    )
    draw = services.draw_commit(actor=actor, draw=draw)
    services.draw_seed(actor=actor, draw=draw, seed=SEED)
    return "1 draw"
