"""Demo 公务入企 in 衡阳县 (R-INSP-6), registered through the services "as of" past days.

- 惠民食品店 (the demo enterprise account's own entity): a visit carried out five days ago,
  approved and recorded but not yet confirmed (the enterprise can confirm and rate it), and a
  visit in three days waiting for the head's approval.
- 蒸湘餐饮: three visits in 30 days by the market regulator — the third was registered with the
  frequency warning acknowledged, so the alert list shows the entity; one was confirmed and rated
  by scanning its code.
- 富农果蔬合作社: an emergency visit three days ago never approved — overdue on the alert list.

Loading twice changes nothing (skipped when any visit exists).
"""

from __future__ import annotations

import datetime as dt

OWN = "92430421MA4L0C2D58"
BUSY = "91430421MA4L0A1B7B"
COOP = "93430421MA4L0E3F35"
BASIS = "《中华人民共和国食品安全法》第一百一十条"


def demo_load(actor: str) -> str:
    from django.utils import timezone

    from prudent.accounts.models import User
    from prudent.entities.models import Entity
    from prudent.visits import services as s
    from prudent.visits.models import EnterpriseVisit, ResponseChannel

    if EnterpriseVisit.objects.exists():
        return ""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["officer", "officer2", "reviewer", "head"])
    }
    if len(users) < 4 or Entity.objects.filter(code__in=[OWN, BUSY, COOP]).count() != 3:
        return ""
    today = timezone.localdate()

    def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, minute))
        )

    def entity(code: str) -> Entity:
        return Entity.objects.get(code=code)

    def visit(
        code: str, days: int, officers: list[str], purpose: str, *, ack: bool = False
    ) -> EnterpriseVisit:
        v = s.visit_register(
            actor=users["officer"],
            entity=entity(code),
            officers=[users[n] for n in officers],
            planned_start=at(days, 9, 30),
            planned_end=at(days, 11),
            purpose_kind="random_inspection",
            purpose=purpose,
            legal_basis=BASIS,
            acknowledge_warnings=ack,
            now=at(days - 3, 10),
        )
        s.visit_approve(actor=users["head"], visit=v, opinion="同意", now=at(days - 2, 16))
        return v

    done = visit(OWN, -5, ["officer", "officer2"], "食品经营许可事项与进货查验记录检查")
    s.visit_record(
        actor=users["officer"],
        visit=done,
        actual_start=at(-5, 9, 40),
        actual_end=at(-5, 10, 50),
        now=at(-5, 11),
    )
    s.visit_register(
        actor=users["officer"],
        entity=entity(OWN),
        officers=[users["officer"], users["reviewer"]],
        planned_start=at(3, 14),
        planned_end=at(3, 15, 30),
        purpose_kind="return_visit",
        purpose="食品安全整改情况回访",
        legal_basis=BASIS,
    )
    busy = [
        visit(BUSY, -25, ["officer", "officer2"], "餐饮服务食品安全双随机抽查"),
        visit(BUSY, -12, ["officer", "reviewer"], "投诉举报核查：后厨卫生"),
        visit(BUSY, -4, ["officer2", "reviewer"], "餐具消毒专项检查", ack=True),
    ]
    for v in busy:
        s.visit_record(
            actor=users["officer"],
            visit=v,
            actual_start=v.planned_start,
            actual_end=v.planned_end,
            now=v.planned_end,
        )
    s.visit_confirm(
        actor=None,
        visit=busy[1],
        via=ResponseChannel.CODE,
        accurate=True,
        score=5,
        comment="检查人员出示证件，说明清楚。",
        now=busy[1].planned_end + dt.timedelta(hours=1),
    )
    s.visit_register(
        actor=users["officer"],
        entity=entity(COOP),
        officers=[users["officer"], users["officer2"]],
        planned_start=at(-3, 15),
        planned_end=at(-3, 16),
        purpose_kind="complaint",
        purpose="群众举报销售过期农产品，现场核查",
        legal_basis="《中华人民共和国农产品质量安全法》第五十五条",
        emergency=True,
        emergency_reason="举报称正在销售，需立即到场防止危害扩大",
        now=at(-3, 15, 5),
    )
    return f"{EnterpriseVisit.objects.count()} enterprise visits"
