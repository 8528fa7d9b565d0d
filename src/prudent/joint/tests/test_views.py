"""Pages, docx and API of joint inspections (issue #5 part 4; R-INSP-3, CN 4)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from prudent.joint.models import JointInspection, JointPlan, TestResult
from prudent.joint.tests.conftest import BUILDING, ON
from prudent.joint.tests.test_services import open_joint

pytestmark = pytest.mark.django_db


def demo_joint() -> JointInspection:
    return JointInspection.objects.order_by("pk").first()  # type: ignore[return-value]


def test_plans_page_shows_the_deadline_state_of_each_year_R_INSP_3(client_as: Any) -> None:
    html = client_as("supervisor").get("/joint/").content.decode()
    year = timezone.localdate().year
    published = JointPlan.objects.get(year=year, status="published")
    assert f"/joint/plans/{published.pk}/" in html
    # the demo publishes when it is loaded: on time only if that was by 31 March
    expected = (
        "on_time" if timezone.localdate() <= timezone.datetime(year, 3, 31).date() else "late"
    )
    assert f'data-deadline="{expected}"' in html
    assert 'data-deadline="pending"' in html or 'data-deadline="overdue"' in html  # next year


def test_the_check_form_page_offers_each_department_only_its_own_rows_R_INSP_3(
    client_as: Any,
) -> None:
    joint = demo_joint()
    market = joint.findings.get(item__code="SCJG-03")
    urban = joint.findings.get(item__code="CGZF-02")
    html = client_as("cg_officer").get(f"/joint/inspections/{joint.pk}/").content.decode()
    assert f"/joint/findings/{urban.pk}/" in html
    assert f"/joint/findings/{market.pk}/" not in html
    assert "大肠菌群" in html  # the shared result is shown to 城管 too
    response = client_as("cg_officer").post(
        f"/joint/findings/{market.pk}/", {f"r{market.pk}-result": "compliant"}
    )
    assert response.status_code == 403


def test_a_refused_finding_is_shown_beside_its_field_with_422_R_INSP_3(client_as: Any) -> None:
    row = demo_joint().findings.get(item__code="CGZF-01")
    response = client_as("cg_officer").post(
        f"/joint/findings/{row.pk}/", {f"r{row.pk}-result": "problem", f"r{row.pk}-note": ""}
    )
    assert response.status_code == 422
    assert "发现问题的，请写明问题情况" in response.content.decode()


def test_a_second_test_result_is_refused_on_the_page_naming_the_first_R_INSP_3(
    client_as: Any,
) -> None:
    joint = demo_joint()
    before = TestResult.objects.count()
    response = client_as("cg_officer").post(
        f"/joint/inspections/{joint.pk}/results/",
        {
            "sample": "凉拌黄瓜（样品编号HY-DEMO-001）",
            "test": "大肠菌群",
            "conclusion": "qualified",
            "lab": "另一家机构",
            "report_no": "R-2",
            "tested_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 409
    assert "HYJC-DEMO-0153" in response.content.decode()
    assert TestResult.objects.count() == before


def test_the_check_form_docx_lists_every_departments_items_R_INSP_3(client_as: Any) -> None:
    joint = demo_joint()
    response = client_as("officer").get(f"/joint/inspections/{joint.pk}/form.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "部门联合检查单" in text
    assert joint.inspection.entity.name in text
    for code in ("SCJG-03", "CGZF-01", "CGZF-02"):
        assert code in cells
    assert "大肠菌群" in cells
    assert "油烟净化设施未按期清洗" in cells
    fonts = doc.paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    printable = client_as("officer").get(f"/joint/inspections/{joint.pk}/print/").content.decode()
    assert "检查结果及情况" in printable
    assert "CGZF-02" in printable


def test_opening_through_the_page_shows_inspection_open_refusals_R_INSP_3(
    client_as: Any, demo_user: Any, task: Any
) -> None:
    from prudent.entities.models import Entity

    response = client_as("officer").post(
        f"/joint/tasks/{task.pk}/open/",
        {
            "entity": Entity.objects.get(code=BUILDING).pk,
            "planned_on": ON.isoformat(),
            "inspectors": [demo_user("officer").pk],
        },
    )
    assert response.status_code == 422
    assert "不得少于2人" in response.content.decode()
    response = client_as("officer").post(
        f"/joint/tasks/{task.pk}/open/",
        {
            "entity": Entity.objects.get(code=BUILDING).pk,
            "planned_on": ON.isoformat(),
            "inspectors": [demo_user("officer").pk, demo_user("cg_officer").pk],
        },
    )
    assert response.status_code == 302
    joint = JointInspection.objects.get(task=task)
    assert response["Location"] == f"/joint/inspections/{joint.pk}/"


def test_published_plans_are_public_and_drafts_are_not_R_INSP_3(client_as: Any) -> None:
    anonymous = client_as(None)
    published = JointPlan.objects.filter(status="published").first()
    draft = JointPlan.objects.filter(status="draft").first()
    assert published is not None
    assert draft is not None
    html = anonymous.get("/public/joint-plans/").content.decode()
    assert published.title in html
    assert draft.title not in html
    assert anonymous.get(f"/public/joint-plans/{published.pk}/").status_code == 200
    assert anonymous.get(f"/public/joint-plans/{draft.pk}/").status_code == 404


def test_share_page_and_api_for_heads_and_the_supervisor_CN_4(
    client_as: Any, demo_user: Any, task: Any
) -> None:
    open_joint(demo_user, task)
    html = client_as("supervisor").get("/joint/share/", {"year": "2028"}).content.decode()
    assert "市场监管" in html
    assert "100.0%" in html
    data = client_as("head").get("/api/v1/joint/share?year=2028").json()
    assert data["year"] == 2028
    assert {r["key"]: (r["inspections"], r["joint"]) for r in data["fields"]} == {
        "market_regulation": (1, 1),
        "urban_management": (1, 1),
    }
    assert client_as("officer").get("/joint/share/").status_code == 403


def test_api_records_a_finding_and_shows_it_on_the_form_R_INSP_3(client_as: Any) -> None:
    joint = demo_joint()
    row = joint.findings.get(item__code="CGZF-01")
    client = client_as("cg_officer")
    response = client.post(
        f"/api/v1/joint/findings/{row.pk}",
        {"result": "not_applicable", "note": "无门前责任区"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "not_applicable"
    form = client.get(f"/api/v1/joint/inspections/{joint.pk}").json()
    assert any(f["id"] == row.pk and f["recorded_by"] == "cg_officer" for f in form["findings"])
