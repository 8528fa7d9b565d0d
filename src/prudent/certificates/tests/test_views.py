"""The register and issue pages, and the certificates API (R-CASE-13, R-SUP-8)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from prudent.certificates.models import Certificate
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def form_data(holder: Any, **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "holder": holder.pk,
        "number": "湘衡TEST0100",
        "issuer": "衡阳县人民政府",
        "valid_from": "2026-01-01",
        "valid_to": "2029-12-31",
        "fields": ["market_regulation"],
    }
    data.update(kw)
    return data


def test_register_page_shows_badges_and_the_expiry_box_R_SUP_8(client_as: Any) -> None:
    html = client_as("officer").get(reverse("certificates:register")).content.decode()
    assert "执法证登记簿" in html
    assert "30天内到期的执法证" in html
    assert "刘洋" in html
    assert "还有 20 天到期" in html
    assert '<span class="badge ok">有效</span>' in html
    assert '<span class="badge warn">30天内到期</span>' in html
    assert "周强" not in html  # 城管 is another department
    assert "登记新执法证" not in html  # officers cannot issue


def test_supervisor_sees_every_department_but_cannot_issue_R_SUP_8(client_as: Any) -> None:
    client = client_as("supervisor")
    html = client.get(reverse("certificates:register")).content.decode()
    for name in ("周强", "黄磊", "刘洋"):  # 城管, 西渡镇 and 市监
        assert name in html
    assert "登记新执法证" not in html
    assert client.get(reverse("certificates:issue")).status_code == 403
    count = Certificate.objects.count()
    response = client.post(
        reverse("certificates:issue"), form_data(Certificate.objects.first().holder)
    )
    assert response.status_code == 403
    assert Certificate.objects.count() == count


def test_head_issues_a_certificate_through_the_form_R_SUP_8(client_as: Any, demo_user: Any) -> None:
    client = client_as("head")
    assert "持证人" in client.get(reverse("certificates:issue")).content.decode()
    events = AuditEvent.objects.count()
    response = client.post(reverse("certificates:issue"), form_data(demo_user("list_author")))
    assert response.status_code == 302
    cert = Certificate.objects.get(number="湘衡TEST0100")
    assert cert.holder == demo_user("list_author")
    assert AuditEvent.objects.count() == events + 1


def test_issue_form_errors_are_chinese_by_field_and_nothing_is_written_R_SUP_8(
    client_as: Any, demo_user: Any
) -> None:
    client = client_as("head")
    count, events = Certificate.objects.count(), AuditEvent.objects.count()
    data = form_data(
        demo_user("list_author"),
        number="湘衡4304210001",
        valid_from="2026-05-01",
        valid_to="2026-04-30",
    )
    response = client.post(reverse("certificates:issue"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["number"] == ["执法证号湘衡4304210001已登记。"]
    assert form.errors["valid_to"] == ["有效期至不能早于有效期起。"]
    response = client.post(reverse("certificates:issue"), {"valid_from": "明天"})
    form = response.context["form"]
    assert form.errors["holder"] == ["此项为必填项。"]
    assert form.errors["valid_from"] == ["请输入有效日期，如2026-11-23。"]
    assert form.errors["fields"] == ["至少选择一个执法领域。"]
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_head_cannot_pick_a_holder_of_another_department_R_SUP_8(
    client_as: Any, demo_user: Any
) -> None:
    client = client_as("head")
    html = client.get(reverse("certificates:issue")).content.decode()
    assert "周强" not in html
    response = client.post(reverse("certificates:issue"), form_data(demo_user("cg_officer")))
    assert response.status_code == 200
    assert response.context["form"].errors["holder"] == ["请从列表中选择持证人。"]
    assert not Certificate.objects.filter(number="湘衡TEST0100").exists()


def api_post(client: Any, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/certificates", json.dumps(body), content_type="application/json")


def test_api_lists_the_scoped_register_R_SUP_8(client_as: Any) -> None:
    rows = client_as("officer").get("/api/v1/certificates").json()
    assert {r["holder"] for r in rows} == {"officer", "officer2", "reviewer", "head"}
    officer2 = next(r for r in rows if r["holder"] == "officer2")
    assert (officer2["state"], officer2["state_label"]) == ("expiring", "30天内到期")
    assert len(client_as("supervisor").get("/api/v1/certificates").json()) >= 6
    assert client_as("enterprise").get("/api/v1/certificates").status_code == 403


def test_api_issue_returns_422_with_field_errors_and_writes_nothing_R_SUP_8(
    client_as: Any,
) -> None:
    client = client_as("head")
    count, events = Certificate.objects.count(), AuditEvent.objects.count()
    response = api_post(
        client,
        {
            "holder": "cg_officer",
            "number": "",
            "issuer": "x",
            "valid_from": "2026-13-01",
            "valid_to": "2026-01-01",
            "fields": ["astrology"],
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"holder", "number", "valid_from", "fields"}
    assert errors["holder"] == ["持证人不存在或不在您的管理范围内。"]
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_api_issue_creates_and_supervisor_is_refused_R_SUP_8(client_as: Any) -> None:
    body = {
        "holder": "author",
        "number": "湘衡TEST0200",
        "issuer": "衡阳县人民政府",
        "valid_from": "2026-01-01",
        "valid_to": "2027-12-31",
        "fields": ["market_regulation"],
    }
    assert api_post(client_as("supervisor"), body).status_code == 403
    assert not Certificate.objects.filter(number="湘衡TEST0200").exists()
    response = api_post(client_as("head"), body)
    assert response.status_code == 201, response.content
    assert response.json()["holder"] == "author"
    assert Certificate.objects.filter(number="湘衡TEST0200", holder__username="author").exists()


def test_api_check_answers_ok_or_the_refusal_R_CASE_13(client_as: Any) -> None:
    client = client_as("supervisor")
    ok = client.get(
        "/api/v1/certificates/check", {"officer": "officer", "field": "market_regulation"}
    ).json()
    assert ok["ok"] is True
    assert ok["certificate"]["number"] == "湘衡4304210001"
    out = client.get(
        "/api/v1/certificates/check", {"officer": "officer", "field": "ecology"}
    ).json()
    assert (out["ok"], out["reason"]) == (False, "out_of_field")
    assert out["message"] == "张伟的执法证不涵盖“生态环境”领域，不能实施该领域的执法行为。"
    later = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    expired = client.get(
        "/api/v1/certificates/check",
        {"officer": "officer2", "field": "market_regulation", "on": later},
    ).json()
    assert (expired["ok"], expired["reason"]) == (False, "expired")
    assert expired["certificate"]["number"] == "湘衡4304210002"
    missing = client.get(
        "/api/v1/certificates/check", {"officer": "author", "field": "market_regulation"}
    ).json()
    assert (missing["ok"], missing["reason"], missing["certificate"]) == (False, "missing", None)


def test_api_check_hides_other_departments_and_validates_input_R_CASE_13(
    client_as: Any,
) -> None:
    client = client_as("officer")
    response = client.get(
        "/api/v1/certificates/check", {"officer": "cg_officer", "field": "urban_management"}
    )
    assert response.status_code == 404
    response = client.get("/api/v1/certificates/check", {"on": "昨天"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"officer", "field", "on"}
