"""Cases: services, pages and API (issue #4; R-CASE-1…13, R-DEC-3, R-DEC-8)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from prudent.cases import selectors, services
from prudent.cases.demo import FIRST_VIOLATION_FACTS, ITEM, ORDINARY_FACTS
from prudent.cases.models import Case, CaseEvent, CaseNumberCounter, CaseTask
from prudent.core.errors import Conflict, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SHOP = "92430421MA4L0C2D58"  # the demo enterprise's own entity
BAIHUO = "92430421MA4L0J5K0B"  # has a decided demo penalty case
JIANCAI = "91430421MA4L0G4H1B"


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def users(demo_user: Any) -> dict[str, Any]:
    return {r: demo_user(r) for r in ("officer", "officer2", "head", "legal_reviewer")}


def _lead(users: dict[str, Any], party: str = JIANCAI, facts: Any = None, **kw: Any) -> Case:
    return services.case_create(
        actor=users["officer"],
        department=Department.objects.get(name="衡阳县市场监督管理局"),
        source="inspection",
        party=Entity.objects.get(code=party),
        item_code=ITEM,
        title="经营超过保质期的食品",
        facts=facts or {},
        lead_received_on=kw.pop("lead_received_on", ago(30)),
        violation_on=kw.pop("violation_on", ago(31)),
        **kw,
    )


def _step(case: Case, user: Any, name: str, on: dt.date | None = None, **data: Any) -> Case:
    return services.case_transition(
        actor=user, case=case, name=name, lock_version=case.lock_version, data=data, on=on or TODAY
    )


def _investigating(users: dict[str, Any], **kw: Any) -> Case:
    case = _lead(users, officers=[users["officer"], users["officer2"]], **kw)
    case = _step(case, users["officer"], "start_verification", ago(29))
    case = _step(
        case, users["head"], "open_case", ago(25), opening_approved=True, opened_on=ago(25)
    )
    return _step(case, users["officer"], "start_investigation", ago(24))


# ------------------------------------------------------------------------ the lifecycle


def test_lead_gets_a_department_year_number_without_leading_zeros_R_CASE_1(users: Any) -> None:
    dept = Department.objects.get(name="衡阳县市场监督管理局")
    last = CaseNumberCounter.objects.get(department=dept, year=ago(30).year).last
    case = _lead(users)
    assert case.number == f"衡县市监立〔{ago(30).year}〕{last + 1}号"
    assert case.state == "lead"
    assert [e.transition for e in case.events.all()] == ["create"]


def test_open_needs_two_certified_officers_then_investigate_and_propose_R_CASE_1_R_CASE_13(
    users: Any,
) -> None:
    case = _lead(users, facts=FIRST_VIOLATION_FACTS, officers=[users["officer"]])
    case = _step(case, users["officer"], "start_verification", ago(29))
    with pytest.raises(services.TransitionRefused) as refused:
        _step(case, users["head"], "open_case", ago(25), opening_approved=True, opened_on=ago(25))
    assert refused.value.status == 409
    assert any("两名以上持有效执法证件" in m and "现有1名" in m for m in refused.value.missing)
    case.refresh_from_db()
    assert case.state == "verification"
    case = services.case_assign(
        actor=users["head"],
        case=case,
        lock_version=case.lock_version,
        officers=[users["officer"], users["officer2"]],
    )
    case = _step(
        case, users["head"], "open_case", ago(25), opening_approved=True, opened_on=ago(25)
    )
    assert case.state == "opened"
    assert case.opened_on == ago(25)
    assert case.decision_due == ago(25) + dt.timedelta(days=90)
    case = _step(case, users["officer"], "start_investigation", ago(24))
    case = services.case_propose(
        actor=users["officer"], case=case, lock_version=case.lock_version, on=ago(10)
    )
    assert case.proposal is not None
    assert case.proposal["tier"] == "no_penalty"
    assert "Y-01" in case.proposal["rows"]
    case = _step(case, users["officer"], "record_proposal", ago(10))
    assert case.state == "proposed"
    assert case.snapshot["proposal"]["penalty"] is False
    case = services.case_decide(
        actor=users["head"],
        case=case,
        lock_version=case.lock_version,
        tier="no_penalty",
        decided_on=ago(9),
        data={"legal_review_passed": True},
        on=ago(9),
    )
    assert case.state == "decided"
    assert case.decision["tier"] == "no_penalty"
    assert case.departure is False
    transitions = list(case.events.order_by("seq").values_list("transition", flat=True))
    assert transitions == [
        "create",
        "start_verification",
        "assign_officers",
        "open_case",
        "start_investigation",
        "propose",
        "record_proposal",
        "decide_no_penalty",
    ]
    event = case.events.get(transition="decide_no_penalty")
    assert event.document_type == "no_penalty_decision"
    assert event.actor_name == "陈建国"
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).count() == 8


def test_expired_certificate_is_named_when_opening_is_refused_R_CASE_13(users: Any) -> None:
    from prudent.certificates.models import Certificate

    case = _lead(users, officers=[users["officer"], users["officer2"]])
    case = _step(case, users["officer"], "start_verification", ago(29))
    Certificate.objects.filter(holder=users["officer2"]).update(valid_to=ago(30))
    with pytest.raises(services.TransitionRefused) as refused:
        _step(case, users["head"], "open_case", ago(25), opening_approved=True, opened_on=ago(25))
    assert any("刘洋的执法证" in m and "已过期" in m for m in refused.value.missing)


def test_engine_uses_the_partys_platform_wide_history_R_DEC_3(users: Any) -> None:
    decided = Case.objects.filter(party__code=BAIHUO, decision__isnull=False)
    assert decided.exists(), "the demo has a decided case of 演武坪百货商店"
    case = _investigating(users, party=BAIHUO, facts=FIRST_VIOLATION_FACTS)
    facts = {**ORDINARY_FACTS, "goods_value_yuan": 200}
    case = services.case_update_facts(
        actor=users["officer"], case=case, lock_version=case.lock_version, facts=facts
    )
    case = services.case_propose(actor=users["officer"], case=case, lock_version=case.lock_version)
    request = case.events.get(transition="propose").data["request"]
    assert request["history"]
    assert request["history"][0]["item"] == ITEM
    assert case.proposal["tier"] != "no_penalty"  # not a first violation any more
    assert any("不属于初次违法" in r for r in case.proposal["reasons"])


def test_missing_facts_are_named_when_proposing_R_DEC_1(users: Any) -> None:
    case = _investigating(users, facts={})
    with pytest.raises(ValidationFailed) as failed:
        services.case_propose(actor=users["officer"], case=case, lock_version=case.lock_version)
    assert any(k.startswith("facts.") for k in failed.value.errors)
    case.refresh_from_db()
    assert case.proposal is None


# -------------------------------------------------------------------- deciding, departure


def _notified(users: Any) -> Case:
    case = _investigating(users, party=BAIHUO, facts=ORDINARY_FACTS)
    case = services.case_propose(
        actor=users["officer"], case=case, lock_version=case.lock_version, on=ago(20)
    )
    case = _step(case, users["officer"], "record_proposal", ago(20))
    return _step(case, users["officer"], "notify", ago(19), notice_served_on=ago(19))


def test_departure_without_a_reason_is_refused_and_with_one_is_flagged_R_DEC_1(
    users: Any,
) -> None:
    case = _notified(users)
    proposed = case.proposal["fine"]["proposed"]
    other = str(int(proposed) - 1000)
    extra = {"legal_review_passed": True, "collective_discussion_held_on": ago(2).isoformat()}
    with pytest.raises(ValidationFailed) as failed:
        services.case_decide(
            actor=users["head"],
            case=case,
            lock_version=case.lock_version,
            tier=case.proposal["tier"],
            fine_yuan=other,
            data=extra,
        )
    assert "data.departure_reason" in failed.value.errors
    case.refresh_from_db()
    assert case.state == "notified"
    assert case.decision is None
    case = services.case_decide(
        actor=users["head"],
        case=case,
        lock_version=case.lock_version,
        tier=case.proposal["tier"],
        fine_yuan=other,
        departure_reason="当事人积极配合，主动召回问题食品",
        data=extra,
    )
    assert case.state == "decided"
    assert case.departure is True
    assert case.departure_reason.startswith("当事人积极配合")
    assert case.decision["proposed_fine"] == proposed
    assert case.decision["fine_yuan"] == f"{other}.00"
    assert case.snapshot["decision_kind"] == "penalty"


# ---------------------------------------------------------------- refusal, locking, atomicity


def test_wrong_state_is_409_with_the_reason_in_the_api_R_CASE_1(users: Any, client_as: Any) -> None:
    case = _lead(users)
    response = client_as("head").post(
        f"/api/v1/cases/{case.pk}/transitions",
        data=json.dumps({"name": "open_case", "lock_version": case.lock_version, "data": {}}),
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert any("“线索”状态" in m and "立案" in m for m in body["missing"])
    case.refresh_from_db()
    assert case.state == "lead"


def test_bad_data_is_422_naming_the_field_in_the_api(users: Any, client_as: Any) -> None:
    case = _lead(users)
    response = client_as("officer").post(
        f"/api/v1/cases/{case.pk}/transitions",
        data=json.dumps(
            {"name": "start_verification", "lock_version": case.lock_version, "data": {"x": 1}}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "data.x" in response.json()["errors"]


def test_wrong_state_is_a_form_error_on_the_page_R_CASE_1(users: Any, client_as: Any) -> None:
    case = _lead(users)
    response = client_as("head").post(
        f"/cases/{case.pk}/step/",
        {"name": "open_case", "lock_version": case.lock_version, "opening_approved": "true"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="step-error"' in html
    assert "不能“立案”" in html
    assert "“线索”状态" in html


def test_page_step_moves_the_case_and_shows_it_on_the_timeline_R_CASE_7(
    users: Any, client_as: Any
) -> None:
    case = _lead(users)
    client = client_as("officer")
    response = client.post(
        f"/cases/{case.pk}/step/", {"name": "start_verification", "lock_version": case.lock_version}
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "开始核查" in page
    assert 'id="event-2"' in page


def test_second_save_with_the_same_lock_version_gets_409_and_the_first_is_kept(
    users: Any, client_as: Any
) -> None:
    case = _lead(users)
    seen = case.lock_version
    services.case_update_facts(
        actor=users["officer"], case=case, lock_version=seen, facts={"goods_value_yuan": 200}
    )
    with pytest.raises(Conflict) as conflict:
        services.case_update_facts(
            actor=users["officer2"], case=case, lock_version=seen, facts={"goods_value_yuan": 9}
        )
    assert conflict.value.message == "案件已被他人修改，请刷新后重试"
    case.refresh_from_db()
    assert case.facts == {"goods_value_yuan": 200}
    assert case.lock_version == seen + 1
    response = client_as("officer").post(
        f"/api/v1/cases/{case.pk}/transitions",
        data=json.dumps({"name": "start_verification", "lock_version": seen}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "案件已被他人修改，请刷新后重试"


def test_failure_half_way_leaves_case_events_tasks_and_audit_as_they_were(
    users: Any, monkeypatch: Any
) -> None:
    case = _lead(users, officers=[users["officer"], users["officer2"]])
    before = (
        Case.objects.values().get(pk=case.pk),
        list(CaseEvent.objects.filter(case=case).values_list("pk", flat=True)),
        list(CaseTask.objects.filter(case=case).values()),
        AuditEvent.objects.count(),
    )

    def boom(**kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_append", boom)
    with pytest.raises(RuntimeError):
        _step(case, users["officer"], "start_verification", ago(29))
    after = (
        Case.objects.values().get(pk=case.pk),
        list(CaseEvent.objects.filter(case=case).values_list("pk", flat=True)),
        list(CaseTask.objects.filter(case=case).values()),
        AuditEvent.objects.count(),
    )
    assert after == before
    cases, counters = Case.objects.count(), list(CaseNumberCounter.objects.values())
    with pytest.raises(RuntimeError):
        _lead(users)
    assert Case.objects.count() == cases
    assert list(CaseNumberCounter.objects.values()) == counters


def test_case_events_are_append_only_R_CASE_7(users: Any) -> None:
    from prudent.cases.models import AppendOnly

    event = _lead(users).events.get()
    event.note = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()


# ------------------------------------------------------------------- tasks and the workbench


def test_workbench_shows_due_and_overdue_tasks_R_CASE_3(users: Any, client_as: Any) -> None:
    case = _lead(users, facts=FIRST_VIOLATION_FACTS, officers=[users["officer"], users["officer2"]])
    case = _step(case, users["officer"], "start_verification", ago(29))
    case = _step(
        case,
        users["officer"],
        "start_flexible",
        ago(28),
        flexible_offered=True,
        flexible_accepted=True,
        flexible_initiated_by="authority",
    )
    case = _step(
        case,
        users["officer"],
        "sign_commitment",
        ago(27),
        commitment_channel="online",
        commitment_signed_on=ago(27),
        commitment_deadline=ago(3),
    )
    task = case.tasks.get(done_at__isnull=True)
    assert (task.kind, task.due, task.assignee) == ("reinspection", ago(3), users["officer"])
    board = selectors.workbench(user=users["officer"], today=TODAY)
    assert task in board.overdue
    demo_flexible = Case.objects.get(title__contains="货值200元）", state="commitment")
    assert any(t.case_id == demo_flexible.pk and t.due >= TODAY for t in board.due)
    html = client_as("officer").get("/cases/workbench/").content.decode()
    assert case.number in html
    assert demo_flexible.number in html
    assert "已逾期" in html
    case = _step(
        case,
        users["officer"],
        "reinspect",
        ago(2),
        reinspection_on=ago(2),
        reinspection_result="corrected",
    )
    task.refresh_from_db()
    assert task.done_at is not None


def test_workbench_and_lists_have_capped_query_counts(
    users: Any, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        _investigating(users)
    client = client_as("officer")
    with django_assert_max_num_queries(12):
        assert client.get("/cases/workbench/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/cases/", {"q": "保质期"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/cases").status_code == 200


# ---------------------------------------------------------------------------- scope


def test_enterprise_sees_only_its_own_cases(users: Any, client_as: Any) -> None:
    other = _lead(users, party=JIANCAI)
    client = client_as("enterprise")
    items = client.get("/api/v1/cases").json()["items"]
    assert items
    assert {i["party_code"] for i in items} == {SHOP}
    assert client.get(f"/api/v1/cases/{other.pk}").status_code == 404
    assert client.get(f"/cases/{other.pk}/").status_code == 404
    assert other.number not in client.get("/cases/").content.decode()


def test_supervisor_reads_every_case_but_cannot_act(users: Any, client_as: Any) -> None:
    case = _lead(users)
    client = client_as("supervisor")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions",
        data=json.dumps({"name": "start_verification", "lock_version": case.lock_version}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_other_department_cannot_see_the_case(users: Any, demo_user: Any) -> None:
    case = _lead(users)
    assert not selectors.case_list(user=demo_user("cg_officer")).filter(pk=case.pk).exists()


# ------------------------------------------------------------------- observation period


def test_observation_period_warns_before_penalty_steps_R_DEC_8(users: Any, client_as: Any) -> None:
    case = _investigating(users, party=BAIHUO, facts=ORDINARY_FACTS)
    Entity.objects.filter(code=BAIHUO).update(
        observation_until=TODAY + dt.timedelta(days=30), observation_reason="新开办企业"
    )
    html = client_as("officer").get(f"/cases/{case.pk}/").content.decode()
    assert 'id="observation-warning"' in html
    assert "新开办企业" in html
    # the flexible measures are offered first
    assert html.index('id="step-start_flexible"') < html.index('id="step-record_proposal"')


# ------------------------------------------------------------------- create: bad input


def test_bad_lead_names_each_field_and_writes_nothing(users: Any, client_as: Any) -> None:
    count = Case.objects.count()
    response = client_as("officer").post(
        "/api/v1/cases",
        data=json.dumps({"source": "x", "party": JIANCAI, "item_code": "NOPE", "title": ""}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {"source", "item_code", "title"} <= set(response.json()["errors"])
    assert Case.objects.count() == count


def test_lead_created_through_the_api_R_CASE_1(users: Any, client_as: Any) -> None:
    response = client_as("officer").post(
        "/api/v1/cases",
        data=json.dumps(
            {
                "source": "complaint_12345",
                "party": JIANCAI,
                "item_code": ITEM,
                "title": "举报过期食品",
                "officers": ["officer", "officer2"],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "lead"
    assert body["officers"] == ["officer", "officer2"]
    assert any(s["name"] == "start_verification" and s["ready"] for s in body["steps"])


# ------------------------------------------------------------------- calendar recompute


def test_loading_a_schedule_recomputes_provisional_deadlines(users: Any) -> None:
    from prudent.calendars.services import schedule_load

    case = _notified(users)
    far = dt.date(2031, 9, 30)
    case = services.case_record(
        actor=users["officer"],
        case=case,
        lock_version=case.lock_version,
        changes={"notice_served_on": far.isoformat()},
        summary="更正告知送达日期（测试）",
    )
    hearing = next(d for d in case.deadlines if d["kind"] == "hearing_request")
    assert hearing["provisional"]
    assert case.has_provisional
    provisional_due = hearing["due"]
    schedule_load(
        actor="test",
        year=2031,
        holidays=["2031-10-01..2031-10-07"],
        makeup_workdays=[],
        source="测试安排",
    )
    case.refresh_from_db()
    hearing = next(d for d in case.deadlines if d["kind"] == "hearing_request")
    assert not hearing["provisional"]
    # 5 working days after Tuesday 9-30, skipping 10-01..07: 10-08, 09, 10, 13, 14
    assert hearing["due"] == "2031-10-14" != provisional_due
