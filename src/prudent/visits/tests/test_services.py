"""Services of 公务入企登记 (R-INSP-6): bad input stores nothing, approval before the visit,
the frequency thresholds, and the enterprise's once-only confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from prudent.accounts.models import User
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.visits import selectors, services
from prudent.visits.models import EnterpriseVisit, ResponseChannel, VisitStatus

pytestmark = pytest.mark.django_db

OWN = "92430421MA4L0C2D58"  # 惠民食品店, the demo enterprise account's entity
BUSY = "91430421MA4L0A1B7B"  # 蒸湘餐饮: three demo visits in 30 days
QUIET = "91430421MA4L0G4H1B"  # 蒸水建材: no demo visit
PERSON = "430421198503120021"  # 李某某, a natural person
BASIS = "《中华人民共和国食品安全法》第一百一十条"


def u(name: str) -> User:
    return User.objects.get(username=name)


def ent(code: str) -> Entity:
    return Entity.objects.get(code=code)


def soon(days: float = 2, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def register(**kw: Any) -> EnterpriseVisit:
    start = kw.pop("planned_start", soon())
    args: dict[str, Any] = {
        "actor": u("officer"),
        "entity": ent(QUIET),
        "officers": [u("officer"), u("reviewer")],
        "planned_start": start,
        "planned_end": start + dt.timedelta(hours=2) if isinstance(start, dt.datetime) else soon(),
        "purpose_kind": "random_inspection",
        "purpose": "建材产品质量双随机抽查",
        "legal_basis": "《中华人民共和国产品质量法》第十八条",
    }
    args.update(kw)
    return services.visit_register(**args)


def counts() -> tuple[int, int]:
    return EnterpriseVisit.objects.count(), AuditEvent.objects.count()


# --- register ------------------------------------------------------------------------------------


def test_registered_visit_has_officers_certificates_and_an_unguessable_code_R_INSP_6() -> None:
    before = AuditEvent.objects.count()
    v = register()
    assert v.status == VisitStatus.PENDING
    assert v.department.name == "衡阳县市场监督管理局"
    rows = list(v.officer_rows.order_by("officer__username"))
    assert [(r.officer.username, r.certificate.number) for r in rows] == [
        ("officer", "湘衡4304210001"),
        ("reviewer", "湘衡4304210003"),
    ]
    assert len(v.code) >= 22
    assert register(planned_start=soon(3)).code != v.code
    event = AuditEvent.objects.filter(seq__gt=0).order_by("-seq")[1]
    assert AuditEvent.objects.count() == before + 2
    assert event.action == "visit_register"
    assert v.code not in event.summary


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"officers": ["officer"]}, "officers", "不得少于两人"),
        ({"entity": PERSON}, "entity", "不能是自然人"),
        ({"purpose": "  "}, "purpose", "请填写入企目的"),
        ({"legal_basis": ""}, "legal_basis", "请填写法律依据"),
        ({"purpose_kind": "fun"}, "purpose_kind", "请选择入企事由"),
        ({"planned_start": "明天上午"}, "planned_start", "格式不正确"),
        ({"planned_end": "past"}, "planned_end", "格式不正确"),
        ({"officers": ["officer", "cg_officer"]}, "officers", "不是衡阳县市场监督管理局的人员"),
        ({"emergency": True}, "emergency_reason", "请填写紧急事由"),
    ],
)
def test_bad_registration_is_refused_in_chinese_and_stores_nothing_R_INSP_6(
    change: dict[str, Any], field: str, words: str
) -> None:
    if "officers" in change:
        change["officers"] = [u(n) for n in change["officers"]]
    if "entity" in change:
        change["entity"] = ent(change["entity"])
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        register(**change)
    assert words in " ".join(exc.value.errors[field]), exc.value.errors
    assert counts() == before


def test_end_before_start_and_ordinary_visit_in_the_past_are_refused_R_INSP_6() -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        register(planned_end=soon() - dt.timedelta(hours=1))
    assert "晚于开始时间" in exc.value.errors["planned_end"][0]
    with pytest.raises(ValidationFailed) as exc:
        register(planned_start=timezone.now() - dt.timedelta(hours=1))
    assert "入企前登记并经批准" in exc.value.errors["planned_start"][0]
    assert counts() == before


def test_officer_whose_certificate_has_expired_on_the_day_cannot_go_R_INSP_6() -> None:
    before = counts()
    # 刘洋's certificate ends in 20 days (prudent.certificates.demo)
    with pytest.raises(ValidationFailed) as exc:
        register(officers=[u("officer"), u("officer2")], planned_start=soon(30))
    assert any("刘洋" in m and "已过期" in m for m in exc.value.errors["officers"])
    assert counts() == before
    assert register(officers=[u("officer"), u("officer2")], planned_start=soon(5)).pk


def test_only_department_staff_register_and_only_for_their_department_R_INSP_6() -> None:
    with pytest.raises(Forbidden):
        register(actor=u("enterprise"))
    with pytest.raises(Forbidden):
        register(actor=u("supervisor"))
    cg = User.objects.get(username="cg_officer").department
    with pytest.raises(Forbidden):
        register(department=cg)
    with pytest.raises(ValidationFailed) as exc:  # admin must name the department
        register(actor=u("admin"))
    assert "department" in exc.value.errors


# --- thresholds ----------------------------------------------------------------------------------


def test_fourth_visit_in_thirty_days_needs_the_warning_acknowledged_R_INSP_6() -> None:
    # 蒸湘餐饮 had demo visits 25, 12 and 4 days ago: one more soon makes 3+ in a 30-day window
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        register(entity=ent(BUSY), planned_start=soon(2))
    warning = exc.value.errors["acknowledge_warnings"][0]
    assert "30日内将有" in warning
    assert "超过2次" in warning
    assert counts() == before
    v = register(entity=ent(BUSY), planned_start=soon(2), acknowledge_warnings=True)
    assert v.warnings == [warning]


def test_cancelled_visits_do_not_count_R_INSP_6() -> None:
    first = register(planned_start=soon(2))
    second = register(planned_start=soon(3))
    with pytest.raises(ValidationFailed):
        register(planned_start=soon(4))
    services.visit_cancel(actor=u("officer"), visit=second, reason="企业停业")
    assert register(planned_start=soon(4)).pk
    assert first.pk


@override_settings(PRUDENT_VISIT_LIMITS={"window_max": 5})
def test_thresholds_come_from_settings_R_INSP_6() -> None:
    assert services.limits().window_max == 5
    assert register(entity=ent(BUSY), planned_start=soon(2)).warnings == []


def test_visit_beyond_the_yearly_cap_requires_a_recorded_reason_R_INSP_6() -> None:
    year = timezone.localdate().year + 1
    for month in (1, 3, 5, 7):  # four visits, more than 30 days apart
        start = timezone.make_aware(dt.datetime(year, month, 10, 9))
        register(planned_start=start)
    fifth = timezone.make_aware(dt.datetime(year, 9, 10, 9))
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        register(planned_start=fifth)
    assert "超过年度上限4次" in exc.value.errors["acknowledge_warnings"][0]
    with pytest.raises(ValidationFailed) as exc:
        register(planned_start=fifth, acknowledge_warnings=True)
    assert "须填写超过上限的理由" in exc.value.errors["over_cap_reason"][0]
    assert counts() == before
    v = register(
        planned_start=fifth, acknowledge_warnings=True, over_cap_reason="上级交办的专项整治"
    )
    assert v.over_cap_reason == "上级交办的专项整治"
    load = selectors.entity_load(ent(QUIET), year)
    assert (load.total, load.over_cap, load.over_cap_reasons) == (5, True, ["上级交办的专项整治"])


# --- approval and carrying out -------------------------------------------------------------------


def test_only_a_head_of_the_department_not_on_the_visit_approves_R_INSP_6() -> None:
    v = register()
    for who in ("officer", "reviewer", "supervisor", "admin", "enterprise"):
        with pytest.raises(Forbidden):
            services.visit_approve(actor=u(who), visit=v, opinion="同意")
    own = register(planned_start=soon(3), officers=[u("officer"), u("head")])
    with pytest.raises(Forbidden, match="不能是本次入企的执法人员"):
        services.visit_approve(actor=u("head"), visit=own, opinion="同意")
    with pytest.raises(ValidationFailed) as exc:
        services.visit_approve(actor=u("head"), visit=v, opinion=" ")
    assert "请填写审批意见" in exc.value.errors["opinion"][0]
    done = services.visit_approve(actor=u("head"), visit=v, opinion="同意")
    assert (done.status, done.approved_by, done.approval_opinion) == ("approved", u("head"), "同意")
    with pytest.raises(Conflict):
        services.visit_approve(actor=u("head"), visit=v, opinion="同意")


def test_visit_must_be_approved_before_it_happens_R_INSP_6() -> None:
    v = register(planned_start=soon(1))
    start = v.planned_start
    with pytest.raises(Conflict, match="未经批准"):
        services.visit_record(
            actor=u("officer"), visit=v, actual_start=start, now=start + dt.timedelta(hours=1)
        )
    # approval after the planned start is not "before": refused
    with pytest.raises(Conflict, match="计划开始时间已过"):
        services.visit_approve(
            actor=u("head"), visit=v, opinion="同意", now=start + dt.timedelta(minutes=5)
        )
    approved_at = start - dt.timedelta(hours=3)
    services.visit_approve(actor=u("head"), visit=v, opinion="同意", now=approved_at)
    with pytest.raises(ValidationFailed) as exc:
        services.visit_record(
            actor=u("officer"),
            visit=v,
            actual_start=approved_at - dt.timedelta(hours=1),
            now=start + dt.timedelta(hours=2),
        )
    assert "入企须在批准之后" in exc.value.errors["actual_start"][0]
    with pytest.raises(Forbidden):
        services.visit_record(
            actor=u("author"), visit=v, actual_start=start, now=start + dt.timedelta(hours=2)
        )
    row = services.visit_record(
        actor=u("officer"),
        visit=v,
        actual_start=start,
        actual_end=start + dt.timedelta(hours=1),
        now=start + dt.timedelta(hours=2),
    )
    assert row.state_label == "已完成"
    with pytest.raises(Conflict):
        services.visit_cancel(actor=u("officer"), visit=row, reason="误登记")


def test_emergency_visit_is_approved_afterwards_within_24_hours_R_INSP_6() -> None:
    now = timezone.now()
    began = now - dt.timedelta(hours=2)
    v = register(
        planned_start=began,
        emergency=True,
        emergency_reason="举报称正在销售过期食品",
        now=now,
    )
    services.visit_record(actor=u("officer"), visit=v, actual_start=began, now=now)
    ok = services.visit_approve(
        actor=u("head"), visit=v, opinion="同意补批", now=began + dt.timedelta(hours=23)
    )
    assert ok.status == "approved"

    late = register(
        planned_start=began - dt.timedelta(minutes=30),
        emergency=True,
        emergency_reason="现场发生燃气泄漏",
        now=now,
    )
    with pytest.raises(Conflict, match="24小时内补办审批"):
        services.visit_approve(
            actor=u("head"), visit=late, opinion="补批", now=began + dt.timedelta(hours=25)
        )
    assert EnterpriseVisit.objects.get(pk=late.pk).status == "pending"
    alerts = selectors.visit_alerts(u("supervisor"), year=now.year, now=now + dt.timedelta(days=2))
    assert late.pk in {x.pk for x in alerts.overdue_emergency}
    assert v.pk not in {x.pk for x in alerts.overdue_emergency}


# --- the enterprise's confirmation ---------------------------------------------------------------


def demo_done() -> EnterpriseVisit:
    return EnterpriseVisit.objects.get(entity__code=OWN, actual_start__isnull=False)


def test_enterprise_confirms_and_rates_once_R_INSP_6() -> None:
    v = demo_done()
    row = services.visit_confirm(
        actor=u("enterprise"),
        visit=v,
        via=ResponseChannel.ACCOUNT,
        accurate=False,
        discrepancy="实际只来了一名执法人员",
        score=2,
        comment="未出示执法证",
    )
    assert (row.accurate, row.score, row.responded_via) == (False, 2, "account")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "visit_confirm"
    assert event.actor == "enterprise"
    before = counts()
    with pytest.raises(Conflict, match="不能重复提交"):
        services.visit_confirm(
            actor=None, visit=v, via=ResponseChannel.CODE, accurate=True, score=5
        )
    assert counts() == before
    fresh = EnterpriseVisit.objects.get(pk=v.pk)
    assert (fresh.accurate, fresh.score, fresh.discrepancy) == (False, 2, "实际只来了一名执法人员")


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"accurate": None, "score": 4}, "accurate"),
        ({"accurate": "no", "score": 4}, "discrepancy"),
        ({"accurate": "yes", "score": 6}, "score"),
        ({"accurate": "yes", "score": "五"}, "score"),
        ({"accurate": "yes", "score": 0}, "score"),
        ({"accurate": "yes", "score": 3, "comment": "长" * 501}, "comment"),
    ],
)
def test_bad_confirmation_is_refused_and_stores_nothing_R_INSP_6(
    answer: dict[str, Any], field: str
) -> None:
    v = demo_done()
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.visit_confirm(actor=None, visit=v, via=ResponseChannel.CODE, **answer)
    assert field in exc.value.errors
    assert counts() == before
    assert not EnterpriseVisit.objects.get(pk=v.pk).responded


def test_code_holder_confirms_without_login_but_officers_cannot_R_INSP_6() -> None:
    v = demo_done()
    for who in ("officer", "head", "supervisor"):
        with pytest.raises(Forbidden):
            services.visit_confirm(
                actor=u(who), visit=v, via=ResponseChannel.CODE, accurate=True, score=5
            )
    row = services.visit_confirm(
        actor=None, visit=v, via=ResponseChannel.CODE, accurate="yes", score="4"
    )
    assert (row.accurate, row.score, row.responded_via) == (True, 4, "code")
    assert AuditEvent.objects.order_by("-seq").first().actor == services.CODE_ACTOR  # type: ignore[union-attr]


def test_other_enterprise_and_future_or_unapproved_visits_cannot_be_confirmed_R_INSP_6() -> None:
    other = User.objects.create(
        username="other_ent", role="enterprise", entity=ent(BUSY), full_name="蒸湘餐饮"
    )
    with pytest.raises(Forbidden):
        services.visit_confirm(
            actor=other, visit=demo_done(), via=ResponseChannel.ACCOUNT, accurate=True, score=5
        )
    pending = EnterpriseVisit.objects.get(entity__code=OWN, status="pending")
    with pytest.raises(Conflict, match="开始后才能确认"):
        services.visit_confirm(
            actor=u("enterprise"),
            visit=pending,
            via=ResponseChannel.ACCOUNT,
            accurate=True,
            score=5,
        )
    # officers came although the visit was never approved: the enterprise reports it
    row = services.visit_confirm(
        actor=u("enterprise"),
        visit=pending,
        via=ResponseChannel.ACCOUNT,
        accurate="no",
        discrepancy="执法人员称未经审批即来检查",
        score=1,
        now=pending.planned_end,
    )
    assert (row.status, row.accurate) == ("pending", False)


# --- alerts --------------------------------------------------------------------------------------


def test_alert_list_shows_entities_over_the_window_for_heads_and_bureau_R_INSP_6() -> None:
    year = timezone.localdate().year
    for who in ("head", "supervisor", "admin"):
        alerts = selectors.visit_alerts(u(who), year=year)
        codes = {a.entity.code for a in alerts.entities}
        if timezone.localdate().timetuple().tm_yday > 26:  # the demo cluster is in this year
            assert BUSY in codes, who
        assert OWN not in codes
    for who in ("officer", "reviewer", "author", "enterprise"):
        with pytest.raises(Forbidden):
            selectors.visit_alerts(u(who), year=year)
    # a head of a department that visited none of them sees none
    cg_head = User.objects.create(
        username="cg_head",
        role="head",
        department=u("cg_officer").department,
        full_name="城管负责人",
    )
    assert selectors.visit_alerts(cg_head, year=year).entities == []


def test_staff_see_only_their_departments_visits_enterprise_only_its_own_R_INSP_6() -> None:
    assert {v.entity.code for v in selectors.visits_for(u("enterprise"))} == {OWN}
    assert selectors.visits_for(u("cg_officer")) == []
    assert len(selectors.visits_for(u("supervisor"))) == EnterpriseVisit.objects.count()
    assert len(selectors.visits_for(u("officer"))) == EnterpriseVisit.objects.count()
