"""Demo directories for 衡阳县 (issue #5 part 1; R-INSP-1/2/4/5, R-CRED-2).

Credit classes for the demo entities (惠民食品店 A and white-listed, 蒸水建材 D and on the
key-supervision list, 富农果蔬 C, the others B by default), one declared conflict (刘洋/officer2
with 蒸湘餐饮), and the first published 随机抽查事项清单 of 衡阳县市场监督管理局.

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
    return ", ".join(f"{v} {k}" for k, v in done.items())
