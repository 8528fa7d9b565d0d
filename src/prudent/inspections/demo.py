"""Demo directories for 衡阳县 (issue #5 part 1; R-INSP-1/2/4/5, R-CRED-2).

Credit classes for the demo entities (惠民食品店 A and white-listed, 蒸水建材 D and on the
key-supervision list, 富农果蔬 C, the others B by default), one declared conflict (刘洋/officer2
with 蒸湘餐饮), the first published 随机抽查事项清单 of 衡阳县市场监督管理局, and four inspection
tasks (published, awaiting publication, planned, cancelled; `_demo_tasks`).

The items follow the SAMR 随机抽查事项清单 (市场监管总局, 2019 first edition and later
revisions) as remembered, without the original at hand: every item is marked UNVERIFIED in its
note until its wording and article numbers are checked against the published list.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEPARTMENT = "衡阳县市场监督管理局"
UNVERIFIED = "UNVERIFIED：依据条文与事项表述未对照总局清单原文核对"

# code, credit class, reason
CLASSES: list[tuple[str, str, str]] = [
    ("92430421MA4L0C2D58", "A", "演示：近三年无违法记录、年报按时公示"),
    ("93430421MA4L0E3F35", "C", "演示：上年度抽查发现问题并责令改正"),
    ("91430421MA4L0G4H1B", "D", "演示：投诉举报较多、列入经营异常名录"),
    ("91430421MA4L0A1B7B", "B", "演示：一般"),
]
# code, list, reason
MEMBERSHIPS: list[tuple[str, str, str]] = [
    ("92430421MA4L0C2D58", "white_list", "演示：诚信经营示范店，纳入包容审慎监管白名单"),
    ("91430421MA4L0G4H1B", "key_supervision", "演示：建材产品质量投诉集中，列入重点监管清单"),
]
# username, entity code, reason
CONFLICTS: list[tuple[str, str, str]] = [
    ("officer2", "91430421MA4L0A1B7B", "演示：近亲属在该公司任职"),
]
# code, name, basis, subject, content, method, kind
ITEMS: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "SCJG-01",
        "企业公示信息情况的检查",
        "《企业信息公示暂行条例》（抽查企业公示信息的条款）",
        "企业、农民专业合作社、个体工商户",
        "年度报告公示信息、即时公示信息的真实性",
        "书面检查、实地核查、网络监测",
        "general",
    ),
    (
        "SCJG-02",
        "食品销售者的监督检查",
        "《中华人民共和国食品安全法》第一百一十条",
        "食品销售者",
        "许可资质、进货查验和记录、食品贮存、标签标识、过期食品处置",
        "现场检查、抽样检验",
        "key",
    ),
    (
        "SCJG-03",
        "餐饮服务提供者的监督检查",
        "《中华人民共和国食品安全法》第一百一十条",
        "餐饮服务提供者",
        "许可资质、从业人员健康管理、原料控制、加工过程、餐具清洗消毒",
        "现场检查、抽样检验",
        "key",
    ),
    (
        "SCJG-04",
        "生产领域产品质量监督抽查",
        "《中华人民共和国产品质量法》第十五条",
        "产品生产者",
        "产品质量是否符合相关标准",
        "抽样检验",
        "key",
    ),
    (
        "SCJG-05",
        "广告发布行为的检查",
        "《中华人民共和国广告法》第四十九条",
        "广告主、广告经营者、广告发布者",
        "广告内容的真实性、合法性",
        "书面检查、实地核查、网络监测",
        "general",
    ),
    (
        "SCJG-06",
        "计量器具使用情况的检查",
        "《中华人民共和国计量法》（强制检定的工作计量器具条款）",
        "使用强制检定计量器具的单位和个体工商户",
        "强制检定计量器具的检定情况及使用",
        "现场检查",
        "general",
    ),
]


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.entities.models import Entity
    from prudent.inspections import services
    from prudent.inspections.models import (
        EntitySupervision,
        InspectionItemList,
        InspectorConflict,
        ListMembership,
    )
    from prudent.organisations.models import Department

    today = timezone.localdate()
    since = today - dt.timedelta(days=90)
    done = {"classes": 0, "lists": 0, "conflicts": 0, "item lists": 0}
    for code, cls, reason in CLASSES:
        entity = Entity.objects.filter(code=code).first()
        if entity is None or EntitySupervision.objects.filter(entity=entity).exists():
            continue
        services.credit_class_set(
            actor=actor, entity=entity, credit_class=cls, since=since, reason=reason
        )
        done["classes"] += 1
    for code, lst, reason in MEMBERSHIPS:
        entity = Entity.objects.filter(code=code).first()
        if entity is None or ListMembership.objects.filter(entity=entity, list=lst).exists():
            continue
        services.membership_add(
            actor=actor, entity=entity, list_name=lst, valid_from=since, reason=reason
        )
        done["lists"] += 1
    for username, code, reason in CONFLICTS:
        user = User.objects.filter(username=username).first()
        entity = Entity.objects.filter(code=code).first()
        if (
            user is None
            or entity is None
            or InspectorConflict.objects.filter(inspector=user, entity=entity).exists()
        ):
            continue
        services.conflict_declare(
            actor=actor, inspector=user, entity=entity, reason=reason, declared_on=since
        )
        done["conflicts"] += 1
    department = Department.objects.filter(name=DEPARTMENT).first()
    if (
        department is not None
        and not InspectionItemList.objects.filter(department=department).exists()
    ):
        lst = services.item_list_new_version(
            actor=actor, department=department, effective_from=since, note="演示清单（事项待核）"
        )
        for code, name, basis, subject, content, method, kind in ITEMS:
            services.item_add(
                actor=actor,
                item_list=lst,
                code=code,
                name=name,
                basis=basis,
                subject=subject,
                content=content,
                method=method,
                kind=kind,
                note=UNVERIFIED,
            )
        services.item_list_publish(actor=actor, item_list=lst, on=since)
        done["item lists"] += 1
    done["tasks"] = _demo_tasks(today)
    return ", ".join(f"{v} {k}" for k, v in done.items())


DEMO_MARK = "演示："
# Entities and dates are chosen so that no demo task counts for the once-a-year rules of the
# entities tests rely on (惠民食品店 white list, 蒸水建材 key list, this year): the enterprise's own
# published result is from last year, this year's tasks are on 演武坪百货 and 李某某.
# entity code, origin, trigger, note, planned, items, inspectors, what happens next
TASKS: list[tuple[str, str, str, str, str, list[str], list[str], str]] = [
    (
        "92430421MA4L0C2D58",
        "triggered",
        "complaint",
        "演示：12315投诉（编号演示-0001），反映销售过期食品",
        "last_year",
        ["SCJG-02"],
        ["officer", "officer2"],
        "published",
    ),
    (
        "92430421MA4L0J5K0B",
        "triggered",
        "complaint",
        "演示：12345热线转办（编号演示-0002），反映计量器具未检定",
        "future",
        ["SCJG-06"],
        ["officer", "head"],
        "cancelled",
    ),
    (
        "92430421MA4L0J5K0B",
        "triggered",
        "complaint",
        "演示：12315投诉（编号演示-0003），反映销售临期食品未标示",
        "recent",
        ["SCJG-02"],
        ["officer", "head"],
        "order_correct",
    ),
    (
        "430421198503120021",
        "triggered",
        "referral",
        "演示：县农业农村局移送线索（演示移送函）",
        "future",
        ["SCJG-01"],
        ["officer", "head"],
        "planned",
    ),
]


def _planned(when: str, today: dt.date) -> dt.date:
    if when == "last_year":  # within the inspectors' demo certificates (400 days back)
        return dt.date(today.year - 1, 12, 10)
    if when == "recent":
        return max(today - dt.timedelta(days=12), dt.date(today.year, 1, 1))
    return today + dt.timedelta(days=7)


def _demo_tasks(today: dt.date) -> int:
    """A few inspection tasks in different states, made through the services: one published
    (the enterprise's own, no problem found), one with an order to correct awaiting publication,
    one planned, one cancelled. Skipped when the demo tasks exist."""
    from prudent.accounts.models import User
    from prudent.entities.models import Entity
    from prudent.inspections import results
    from prudent.inspections.models import Inspection, InspectionItem
    from prudent.inspections.tasks import inspection_open
    from prudent.organisations.models import Department

    if Inspection.objects.filter(trigger_note__startswith=DEMO_MARK).exists():
        return 0
    department = Department.objects.filter(name=DEPARTMENT).first()
    people = {
        u.username: u for u in User.objects.filter(username__in=["head", "officer", "officer2"])
    }
    if department is None or len(people) < 3:
        return 0
    head = people["head"]
    made = 0
    for code, origin, trigger, note, when, codes, names, fate in TASKS:
        entity = Entity.objects.filter(code=code).first()
        items = list(
            InspectionItem.objects.filter(
                code__in=codes, item_list__department=department, item_list__status="published"
            )
        )
        if entity is None or not items:
            continue
        planned = _planned(when, today)
        row = inspection_open(
            actor=head,
            entity=entity,
            department=department,
            items=items,
            inspectors=[people[n] for n in names],
            planned_on=planned,
            origin=origin,
            trigger=trigger,
            trigger_note=note,
        )
        done_on = min(planned + dt.timedelta(days=1), today)
        if fate == "cancelled":
            results.inspection_cancel(
                actor=head, inspection=row, reason="演示：投诉人撤回投诉，经核实无需现场检查"
            )
        elif fate == "published":
            results.inspection_result_record(
                actor=people["officer"],
                inspection=row,
                inspected_on=done_on,
                outcome="no_problem",
                outcome_note="演示：现场检查进货查验记录、贮存条件和在售食品的保质期，未发现问题。",
                on=done_on,
            )
            results.inspection_result_publish(
                actor=head,
                inspection=row,
                summary="检查事项：进货查验记录、食品贮存。",
                on=done_on + dt.timedelta(days=5),
            )
        elif fate == "order_correct":
            results.inspection_result_record(
                actor=people["officer"],
                inspection=row,
                inspected_on=done_on,
                outcome="order_correct",
                outcome_note="演示：两种预包装食品临近保质期未集中陈列并标示，责令改正。",
                correction_due=today + dt.timedelta(days=15),
            )
        made += 1
    return made
