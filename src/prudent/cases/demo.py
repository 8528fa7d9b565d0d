"""Demo cases of 衡阳县市场监督管理局 (issue #4): a lead, an opened case under investigation by
张伟 and 刘洋, a 首违不罚 case on the flexible path with a commitment due, and a decided case — so
that the workbench is not empty. Made through the services, dated back from the day the demo is
loaded; skipped when the demo cases exist."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

TITLE_PREFIX = "（演示）"
DEPARTMENT = "衡阳县市场监督管理局"
ITEM = "HY-FSL-124-1-05"
FIRST_VIOLATION_FACTS = {
    "harm": "slight",
    "corrected_in_time": True,
    "catering": False,
    "truthful_source": True,
    "food_safety_incident": False,
    "goods_value_yuan": 200,
    "reduced_harm": False,
}
ORDINARY_FACTS = {
    "harm": "slight",
    "corrected_in_time": True,
    "minor": False,
    "no_fault_proven": False,
    "catering": False,
    "truthful_source": True,
    "food_safety_incident": False,
    "goods_value_yuan": 5000,
    "repeat_count_2y": 1,
    "reduced_harm": False,
    "coerced": False,
    "confessed": False,
    "meritorious": False,
}


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.cases.models import Case
    from prudent.cases.services import case_create, case_decide, case_propose, case_transition
    from prudent.entities.models import Entity
    from prudent.organisations.models import Department

    if Case.objects.filter(title__startswith=TITLE_PREFIX).exists():
        return "0 cases"
    dept = Department.objects.filter(name=DEPARTMENT).first()
    officer = User.objects.filter(username="officer").first()
    officer2 = User.objects.filter(username="officer2").first()
    head = User.objects.filter(username="head").first()
    if dept is None or officer is None or officer2 is None or head is None:
        return "0 cases"
    today = timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def step(case, user, name, on, **data):  # type: ignore[no-untyped-def]
        return case_transition(
            actor=user, case=case, name=name, lock_version=case.lock_version, data=data, on=on
        )

    shop = Entity.objects.get(code="92430421MA4L0C2D58")  # 惠民食品店 (the demo enterprise)
    baihuo = Entity.objects.get(code="92430421MA4L0J5K0B")
    canyin = Entity.objects.get(code="91430421MA4L0A1B7B")
    jiancai = Entity.objects.get(code="91430421MA4L0G4H1B")

    # 1. a lead from a 12345 complaint
    case_create(
        actor=officer,
        department=dept,
        source="complaint_12345",
        party=jiancai,
        item_code=ITEM,
        title=f"{TITLE_PREFIX}群众举报销售过期食品",
        lead_received_on=ago(2),
        officers=[officer],
        on=ago(2),
    )

    # 2. opened, under investigation by 张伟 and 刘洋
    c = case_create(
        actor=officer,
        department=dept,
        source="inspection",
        party=canyin,
        item_code=ITEM,
        title=f"{TITLE_PREFIX}经营超过保质期的食品",
        lead_received_on=ago(20),
        violation_on=ago(25),
        officers=[officer, officer2],
        on=ago(20),
    )
    c = step(c, officer, "start_verification", ago(19))
    c = step(c, head, "open_case", ago(15), opening_approved=True, opened_on=ago(15).isoformat())
    c = step(c, officer, "start_investigation", ago(14))

    # 3. 首违不罚 on the flexible path: commitment signed, re-inspection due in 10 days
    c = case_create(
        actor=officer,
        department=dept,
        source="inspection",
        party=shop,
        item_code=ITEM,
        title=f"{TITLE_PREFIX}货架上有超过保质期的饮料（货值200元）",
        lead_received_on=ago(6),
        violation_on=ago(7),
        facts=FIRST_VIOLATION_FACTS,
        officers=[officer, officer2],
        on=ago(6),
    )
    c = step(c, officer, "start_verification", ago(6))
    c = step(
        c,
        officer,
        "start_flexible",
        ago(5),
        flexible_offered=True,
        flexible_accepted=True,
        flexible_initiated_by="authority",
    )
    c = step(c, officer, "measure_reminder", ago(5))
    c = step(
        c,
        officer,
        "sign_commitment",
        ago(4),
        commitment_channel="paper",
        commitment_signed_on=ago(4).isoformat(),
        commitment_deadline=(today + dt.timedelta(days=10)).isoformat(),
    )

    # 4. decided and served: a penalty under the ordinary procedure, return visit due
    c = case_create(
        actor=officer,
        department=dept,
        source="inspection",
        party=baihuo,
        item_code=ITEM,
        title=f"{TITLE_PREFIX}经营超过保质期的食品（货值5000元）",
        lead_received_on=ago(60),
        violation_on=ago(62),
        facts=ORDINARY_FACTS,
        officers=[officer, officer2],
        on=ago(60),
    )
    c = step(c, officer, "start_verification", ago(60))
    c = step(c, head, "open_case", ago(58), opening_approved=True, opened_on=ago(58).isoformat())
    c = step(c, officer, "start_investigation", ago(57))
    c = case_propose(actor=officer, case=c, lock_version=c.lock_version, on=ago(40))
    c = step(c, officer, "record_proposal", ago(40))
    c = step(c, officer, "notify", ago(38), notice_served_on=ago(38).isoformat())
    c = step(
        c, officer, "submit_legal_review", ago(28), legal_review_submitted_on=ago(28).isoformat()
    )
    fine = (c.proposal or {}).get("fine") or {}
    c = case_decide(
        actor=head,
        case=c,
        lock_version=c.lock_version,
        tier=str((c.proposal or {}).get("tier")),
        fine_yuan=fine.get("proposed"),
        decided_on=ago(20),
        data={"legal_review_passed": True},
        on=ago(20),
    )
    c = step(
        c,
        officer,
        "serve",
        ago(18),
        service_method="direct",
        served_on=ago(18).isoformat(),
        service_proof="送达回证（演示）",
    )
    return "4 cases"
