"""Inspection task pages, the public results page, the credit file and the API (issue #5 parts 5
and 7; R-INSP-1, R-INSP-3, R-INSP-4, R-INSP-5)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prudent.entities.models import Entity
from prudent.inspections import results
from prudent.inspections.models import Inspection, InspectionItem
from prudent.inspections.tasks import inspection_open
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

WHITE = "92430421MA4L0C2D58"  # the enterprise's own entity, white-listed
KEY = "91430421MA4L0G4H1B"
SCJG = "衡阳县市场监督管理局"


def today() -> dt.date:
    return timezone.localdate()


def open_(demo_user: Any, code: str = KEY, item: str = "SCJG-05", **kw: Any) -> Inspection:
    args: dict[str, Any] = {
        "actor": demo_user("head"),
        "entity": Entity.objects.get(code=code),
        "department": Department.objects.get(name=SCJG),
        "items": [InspectionItem.objects.get(code=item, item_list__status="published")],
        "inspectors": [demo_user("officer"), demo_user("head")],
        "planned_on": today(),
        "origin": "triggered",
        "trigger": "complaint",
        "trigger_note": "测试投诉",
    }
    args.update(kw)
    return inspection_open(**args)


def demo_published() -> Inspection:
    row = Inspection.objects.filter(entity__code=WHITE, result_published_on__isnull=False).first()
    assert row is not None
    return row


# ------------------------------------------------------------------------------- list + page


def test_an_officer_sees_own_tasks_and_a_head_the_departments_R_INSP_1(client_as: Any) -> None:
    mine = client_as("officer").get("/inspections/tasks/")
    assert mine.status_code == 200
    html = mine.content.decode()
    assert "我参加检查的任务" in html
    assert "衡阳县西渡镇惠民食品店" in html  # officer inspected it (demo, published)
    dept = client_as("head").get("/inspections/tasks/", {"status": "cancelled"}).content.decode()
    assert "演武坪百货" in dept
    assert "惠民食品店" not in dept
    # another department sees nothing of the market department's tasks
    other = client_as("cg_officer").get("/inspections/tasks/", {"scope": "department"})
    assert "演武坪百货" not in other.content.decode()


def test_the_list_filters_by_origin_year_and_overdue_R_INSP_1(client_as: Any) -> None:
    page = client_as("head").get(
        "/inspections/tasks/", {"scope": "department", "year": str(today().year - 1)}
    )
    assert "惠民食品店" in page.content.decode()
    page = client_as("head").get(
        "/inspections/tasks/", {"scope": "department", "origin": "key_supervision"}
    )
    assert "没有符合条件的检查任务" in page.content.decode()
    page = client_as("head").get("/inspections/tasks/", {"scope": "department", "overdue": "1"})
    assert "没有符合条件的检查任务" in page.content.decode()


def test_the_task_list_uses_a_bounded_number_of_queries(demo_user: Any, client_as: Any) -> None:
    client = client_as("head")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/inspections/tasks/", {"scope": "department"}).status_code == 200
    for item in ("SCJG-01", "SCJG-02", "SCJG-03", "SCJG-04", "SCJG-05", "SCJG-06"):
        open_(demo_user, item=item, trigger="complaint")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/inspections/tasks/", {"scope": "department"}).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 15


def test_the_task_page_shows_entity_departments_items_inspectors_trigger_and_result(
    client_as: Any,
) -> None:
    row = demo_published()
    html = client_as("reviewer").get(f"/inspections/tasks/{row.pk}/").content.decode()
    for text in (
        "惠民食品店",
        SCJG,
        "SCJG-02",
        "张伟",
        "刘洋",
        "投诉举报",
        "未发现问题",
        "已记入信用档案",
    ):
        assert text in html
    assert "保存检查结果" not in html  # done: no result form


# ------------------------------------------------------------------------------- open


def test_the_white_list_refusal_is_a_clear_form_error_and_nothing_is_stored_R_INSP_4(
    demo_user: Any, client_as: Any
) -> None:
    open_(demo_user, code=WHITE, item="SCJG-01", trigger="", trigger_note="")
    count = Inspection.objects.count()
    data = {
        "entity_code": WHITE,
        "origin": "triggered",
        "trigger": "campaign",
        "trigger_note": "夏季专项",
        "planned_on": today().isoformat(),
        "items": [InspectionItem.objects.get(code="SCJG-03", item_list__status="published").pk],
        "inspectors": [demo_user("officer").pk, demo_user("head").pk],
    }
    response = client_as("officer").post("/inspections/tasks/new/", data)
    assert response.status_code == 422
    assert "白名单内，一年内至多检查一次" in response.content.decode()
    assert Inspection.objects.count() == count
    data["trigger"] = "complaint"
    response = client_as("officer").post("/inspections/tasks/new/", data)
    assert response.status_code == 302
    assert Inspection.objects.count() == count + 1
    assert Inspection.objects.latest("pk").trigger_note == "夏季专项"


def test_same_type_refusal_is_shown_on_the_form_R_INSP_3(demo_user: Any, client_as: Any) -> None:
    open_(demo_user, item="SCJG-05", trigger="", trigger_note="")
    response = client_as("head").post(
        "/inspections/tasks/new/",
        {
            "entity_code": KEY,
            "origin": "key_supervision",
            "planned_on": today().isoformat(),
            "items": [InspectionItem.objects.get(code="SCJG-05", item_list__status="published").pk],
            "inspectors": [demo_user("officer").pk, demo_user("head").pk],
        },
    )
    assert response.status_code == 422
    assert "同一年度不得单独重复检查" in response.content.decode()


def test_an_unknown_entity_code_is_a_field_error(client_as: Any) -> None:
    response = client_as("officer").post(
        "/inspections/tasks/new/", {"entity_code": "XXX", "origin": "triggered"}
    )
    assert response.status_code == 422
    assert "名录库中没有代码为XXX的市场主体" in response.content.decode()


# ------------------------------------------------------------------------------- result forms


def test_recording_a_result_through_the_page_R_INSP_1(demo_user: Any, client_as: Any) -> None:
    row = open_(demo_user)
    bad = client_as("officer").post(
        f"/inspections/tasks/{row.pk}/result/",
        {
            "inspected_on": (today() + dt.timedelta(days=2)).isoformat(),
            "outcome": "no_problem",
            "outcome_note": "x",
        },
    )
    assert bad.status_code == 422
    assert "检查完成日期不能晚于今天" in bad.content.decode()
    assert Inspection.objects.get(pk=row.pk).status == "planned"
    ok = client_as("officer").post(
        f"/inspections/tasks/{row.pk}/result/",
        {"inspected_on": today().isoformat(), "outcome": "no_problem", "outcome_note": "无问题"},
    )
    assert ok.status_code == 302
    row.refresh_from_db()
    assert row.status == "done"
    assert row.result_due is not None
    # officer2 is not an inspector of the task
    assert (
        client_as("officer2").post(f"/inspections/tasks/{row.pk}/publish/", {}).status_code == 403
    )
    assert client_as("head").post(f"/inspections/tasks/{row.pk}/publish/", {}).status_code == 302
    assert Inspection.objects.get(pk=row.pk).result_published_on == today()


def test_cancelling_needs_a_reason_and_a_head(demo_user: Any, client_as: Any) -> None:
    row = open_(demo_user)
    assert (
        client_as("officer")
        .post(f"/inspections/tasks/{row.pk}/cancel/", {"reason": "x"})
        .status_code
        == 403
    )
    response = client_as("head").post(f"/inspections/tasks/{row.pk}/cancel/", {"reason": ""})
    assert response.status_code == 422
    assert Inspection.objects.get(pk=row.pk).status == "planned"
    response = client_as("head").post(f"/inspections/tasks/{row.pk}/cancel/", {"reason": "改期"})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=row.pk).status == "cancelled"


# ------------------------------------------------------------------------------- oversight


def test_coverage_page_lists_uncovered_key_list_entities_for_heads_and_supervisor_R_INSP_5(
    client_as: Any,
) -> None:
    for role in ("head", "supervisor"):
        html = client_as(role).get("/inspections/coverage/").content.decode()
        assert "蒸水建材" in html
        assert "重点监管清单" in html
    assert client_as("officer").get("/inspections/coverage/").status_code == 403


def test_overdue_page_lists_results_past_due_R_INSP_1(demo_user: Any, client_as: Any) -> None:
    row = open_(demo_user, planned_on=today() - dt.timedelta(days=3))
    results.inspection_result_record(
        actor=demo_user("officer"),
        inspection=row,
        inspected_on=row.planned_on,
        outcome="no_problem",
        outcome_note="无",
    )
    Inspection.objects.filter(pk=row.pk).update(result_due=today() - dt.timedelta(days=2))
    for role in ("head", "supervisor"):
        html = client_as(role).get("/inspections/overdue/").content.decode()
        assert "蒸水建材" in html
    assert client_as("officer").get("/inspections/overdue/").status_code == 403
    listed = client_as("head").get("/inspections/tasks/", {"scope": "department", "overdue": "1"})
    assert "蒸水建材" in listed.content.decode()


# ------------------------------------------------------------------------------- enterprise


def test_the_enterprise_sees_its_inspections_and_results_and_its_credit_file_R_INSP_1(
    demo_user: Any, client_as: Any
) -> None:
    open_(demo_user, code=WHITE, item="SCJG-01", trigger="", trigger_note="")  # planned
    client = client_as("enterprise")
    html = client.get("/inspections/mine/").content.decode()
    assert "未发现问题" in html
    assert "进货查验记录" in html
    assert "SCJG-01" not in html  # a planned inspection is not announced
    credit = client.get("/credit/mine/").content.decode()
    assert "抽查检查信息" in credit
    assert "未发现问题" in credit
    data = client.get("/api/v1/credit/mine").json()
    assert [e["outcome"] for e in data["inspections"]] == ["no_problem"]
    assert data["inspections"][0]["problem_found"] is False
    assert client.get(f"/inspections/tasks/{demo_published().pk}/").status_code == 403


def test_staff_credit_file_shows_inspection_results_R_INSP_1(client_as: Any) -> None:
    entity = Entity.objects.get(code=WHITE)
    html = client_as("supervisor").get(f"/credit/entities/{entity.pk}/").content.decode()
    assert "抽查检查信息" in html
    assert "未发现问题" in html
    data = client_as("officer").get(f"/api/v1/credit/entities/{entity.pk}").json()
    assert data["entity_code"] == WHITE
    assert len(data["inspections"]) == 1


# ------------------------------------------------------------------------------- public


def test_public_results_are_searchable_paginated_and_masked_R_INSP_1(
    demo_user: Any, client_as: Any
) -> None:
    person = Entity.objects.create(
        code="430421199001011234",
        name="王小明",
        kind="natural_person",
        division_code="430421",
        address="衡阳县某村",
    )
    row = open_(demo_user, code=person.code)
    results.inspection_result_record(
        actor=demo_user("officer"),
        inspection=row,
        inspected_on=today(),
        outcome="no_problem",
        outcome_note="王小明本人在场，电话13912345678",
    )
    results.inspection_result_publish(
        actor=demo_user("head"), inspection=row, summary="王小明配合检查。"
    )
    anon = client_as("anonymous")
    html = anon.get("/public/inspection-results/").content.decode()
    assert "王某某" in html
    assert "王小明" not in html
    assert "430421199001011234" not in html
    assert "13912345678" not in html
    assert "衡阳县西渡镇惠民食品店" in html
    found = anon.get("/public/inspection-results/", {"q": "惠民"}).content.decode()
    assert "惠民食品店" in found
    assert "王某某" not in found
    detail = anon.get(f"/public/inspection-results/{row.pk}/").content.decode()
    assert "王某某" in detail
    assert "王小明" not in detail
    assert "13912345678" not in detail
    # unpublished results are not public
    planned = open_(demo_user, item="SCJG-01")
    assert anon.get(f"/public/inspection-results/{planned.pk}/").status_code == 404


def test_public_results_paginate(demo_user: Any, client_as: Any) -> None:
    from prudent.inspections.task_selectors import PUBLIC_PAGE_SIZE

    first = Inspection.objects.filter(result_published_on__isnull=False).first()
    assert first is not None
    clones = []
    for _ in range(PUBLIC_PAGE_SIZE):
        row = open_(demo_user, item="SCJG-06")
        clones.append(row.pk)
    Inspection.objects.filter(pk__in=clones).update(
        status="done",
        inspected_on=today(),
        outcome="no_problem",
        result_published_on=today(),
        result_summary="经检查，未发现问题。",
        public_party_name="分页测试",
    )
    anon = client_as("anonymous")
    page1 = anon.get("/public/inspection-results/").content.decode()
    assert "第 1/2 页" in page1
    assert "下一页" in page1
    page2 = anon.get("/public/inspection-results/", {"page": "2"}).content.decode()
    assert "上一页" in page2


# ------------------------------------------------------------------------------- API


def test_the_api_opens_records_and_publishes_with_chinese_errors_R_INSP_1(
    client_as: Any,
) -> None:
    head = client_as("head")
    bad = head.post(
        "/api/v1/inspections/tasks",
        json.dumps({"entity": "NOPE", "origin": "draw", "planned_on": "x"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert set(errors) >= {"entity", "origin", "planned_on"}
    count = Inspection.objects.count()
    ok = head.post(
        "/api/v1/inspections/tasks",
        json.dumps(
            {
                "entity": KEY,
                "origin": "key_supervision",
                "planned_on": today().isoformat(),
                "items": ["SCJG-04"],
                "inspectors": ["officer", "head"],
            }
        ),
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    pk = ok.json()["id"]
    assert Inspection.objects.count() == count + 1
    res = client_as("officer").post(
        f"/api/v1/inspections/tasks/{pk}/result",
        json.dumps(
            {
                "inspected_on": today().isoformat(),
                "outcome": "order_correct",
                "outcome_note": "记录不全",
            }
        ),
        content_type="application/json",
    )
    assert res.status_code == 422
    assert "correction_due" in res.json()["errors"]
    res = client_as("officer").post(
        f"/api/v1/inspections/tasks/{pk}/result",
        json.dumps(
            {
                "inspected_on": today().isoformat(),
                "outcome": "order_correct",
                "outcome_note": "记录不全",
                "correction_due": (today() + dt.timedelta(days=10)).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert res.status_code == 200
    assert res.json()["status"] == "done"
    pub = head.post(
        f"/api/v1/inspections/tasks/{pk}/publish", "{}", content_type="application/json"
    )
    assert pub.status_code == 200
    assert "责令限期整改" in pub.json()["result_summary"]
    listed = head.get("/api/v1/inspections/tasks", {"status": "done", "year": today().year})
    assert pk in [t["id"] for t in listed.json()]


# ------------------------------------------------------------------------------ linked visits


def test_a_task_page_lists_the_visits_registered_for_it_and_offers_to_register_one_R_INSP_6(
    client_as: Any, demo_user: Any
) -> None:
    from prudent.visits.models import EnterpriseVisit

    task = open_(demo_user)
    other = open_(demo_user, item="SCJG-01")
    officer = client_as("officer")
    page = officer.get(f"/inspections/tasks/{task.pk}/").content.decode()
    assert "入企登记" in page
    assert f"/visits/register/?inspection={task.pk}" in page

    start = officer.get(f"/visits/register/?inspection={task.pk}").content.decode()
    assert f'value="{KEY}"' in start
    assert f'value="{task.pk}"' in start

    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    people = [demo_user("officer").pk, demo_user("reviewer").pk]
    posted = officer.post(
        "/visits/register/",
        {
            "entity_code": KEY,
            "officers": people,
            "planned_start": f"{day}T09:00",
            "planned_end": f"{day}T11:00",
            "purpose_kind": "complaint",
            "purpose": "核查投诉反映的标签问题",
            "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
            "inspection_id": task.pk,
            "acknowledge_warnings": "on",
        },
    )
    assert posted.status_code == 302, posted.content.decode()
    visit = EnterpriseVisit.objects.get(purpose="核查投诉反映的标签问题")
    assert visit.inspection_id == task.pk

    assert (
        "核查投诉反映的标签问题" in officer.get(f"/inspections/tasks/{task.pk}/").content.decode()
    )
    assert "核查投诉反映的标签问题" not in (
        officer.get(f"/inspections/tasks/{other.pk}/").content.decode()
    )


def test_a_task_someone_cannot_see_does_not_prefill_the_visit_form_R_INSP_6(
    client_as: Any, demo_user: Any
) -> None:
    task = open_(demo_user)
    html = client_as("cg_officer").get(f"/visits/register/?inspection={task.pk}").content.decode()
    assert KEY not in html


# ------------------------------------------------------------------------ re-inspection 复查


def _ordered(demo_user: Any) -> Inspection:
    planned = today() - dt.timedelta(days=30)
    row = open_(demo_user, planned_on=planned)
    return results.inspection_result_record(
        actor=demo_user("officer"),
        inspection=row,
        inspected_on=planned,
        outcome="order_correct",
        outcome_note="标签不全",
        correction_due=planned + dt.timedelta(days=10),
    )


def test_a_reinspection_due_is_shown_recorded_on_the_page_and_published_R_CASE_5(
    client_as: Any, demo_user: Any
) -> None:
    row = _ordered(demo_user)
    head = client_as("head")

    def due_table() -> str:
        html = head.get("/inspections/overdue/").content.decode()
        return html.split("<h2>整改到期待复查</h2>", 1)[1]

    assert f"/inspections/tasks/{row.pk}/" in due_table()
    listed = head.get("/inspections/tasks/", {"scope": "department", "reinspection": "due"})
    assert row.entity.name in listed.content.decode()
    officer = client_as("officer")
    page = officer.get(f"/inspections/tasks/{row.pk}/").content.decode()
    assert "已到期待复查" in page
    assert "登记复查结果" in page
    refused = officer.post(f"/inspections/tasks/{row.pk}/reinspect/", {"corrected": "yes"})
    assert refused.status_code == 422
    assert Inspection.objects.get(pk=row.pk).reinspected_on is None
    done = officer.post(
        f"/inspections/tasks/{row.pk}/reinspect/",
        {"reinspected_on": today().isoformat(), "corrected": "yes", "note": "已补全标签"},
    )
    assert done.status_code == 302
    page = officer.get(f"/inspections/tasks/{row.pk}/").content.decode()
    assert "已整改" in page
    assert "<summary>登记复查结果</summary>" not in page
    assert f"/inspections/tasks/{row.pk}/" not in due_table()
    again = officer.post(
        f"/inspections/tasks/{row.pk}/reinspect/",
        {"reinspected_on": today().isoformat(), "corrected": "yes", "note": "再次"},
    )
    assert again.status_code == 409
    results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    public = client_as("anonymous").get(f"/public/inspection-results/{row.pk}/").content.decode()
    assert "复查，已完成整改" in public
    assert "已补全标签" not in public  # the note is internal


def test_the_api_records_a_reinspection_with_chinese_errors_R_CASE_5(
    client_as: Any, demo_user: Any
) -> None:
    row = _ordered(demo_user)
    officer = client_as("officer")
    url = f"/api/v1/inspections/tasks/{row.pk}/reinspect"
    bad = officer.post(url, json.dumps({"corrected": False}), content_type="application/json")
    assert bad.status_code == 422
    assert {"reinspected_on", "note", "case_item_code", "case_title"} <= set(bad.json()["errors"])
    ok = officer.post(
        url,
        json.dumps(
            {
                "reinspected_on": today().isoformat(),
                "corrected": False,
                "note": "逾期未整改",
                "case_item_code": "HY-FSL-124-1-05",
                "case_title": "逾期未整改",
            }
        ),
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["reinspection_corrected"] is False
    assert body["reinspection_case"]
    assert client_as("cg_officer").post(url, "{}", content_type="application/json").status_code in (
        403,
        404,
    )


def test_a_natural_persons_task_offers_no_visit_and_never_prefills_the_citizen_id_R_INSP_6(
    client_as: Any,
) -> None:
    """A registered visit is to a business (the visit service refuses a natural person), and the
    registration form would otherwise hold the full citizen ID (CONVENTIONS §6.2)."""
    task = Inspection.objects.filter(entity__code="430421198503120021").first()
    assert task is not None
    officer = client_as("officer")
    page = officer.get(f"/inspections/tasks/{task.pk}/").content.decode()
    assert "为本任务登记入企" not in page
    for url in (
        f"/visits/register/?inspection={task.pk}",
        f"/visits/register/?entity={task.entity_id}",
    ):
        html = officer.get(url).content.decode()
        assert "430421198503120021" not in html, url
