"""Pages, API and CLI of 公务入企登记 (R-INSP-6)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.utils import timezone

from prudent.accounts.models import User
from prudent.cli import main
from prudent.entities.models import Entity
from prudent.visits.models import EnterpriseVisit

pytestmark = pytest.mark.django_db

OWN = "92430421MA4L0C2D58"
BUSY = "91430421MA4L0A1B7B"
QUIET = "91430421MA4L0G4H1B"
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dA-Za-z])")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def done() -> EnterpriseVisit:
    return EnterpriseVisit.objects.get(entity__code=OWN, actual_start__isnull=False)


def local(days: int, hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def form(entity: str, days: int = 2, **extra: Any) -> dict[str, Any]:
    officer, reviewer = User.objects.filter(username__in=["officer", "reviewer"]).order_by("pk")
    return {
        "entity_code": entity,
        "officers": [officer.pk, reviewer.pk],
        "planned_start": local(days, 9),
        "planned_end": local(days, 11),
        "purpose_kind": "random_inspection",
        "purpose": "餐饮服务食品安全检查",
        "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
        **extra,
    }


def test_code_page_shows_the_visit_but_no_personal_data_R_INSP_6(client_as: Any) -> None:
    v = done()
    entity = v.entity
    officer = User.objects.get(username="officer")
    officer.email = "zhangwei@example.cn"
    officer.save()
    entity.address = "衡阳县西渡镇演武坪社区蒸阳北路18号 13912345678"
    entity.save()
    html = client_as("anonymous").get(f"/v/{v.code}/").content.decode()
    assert entity.name in html
    assert "张伟" in html
    assert "湘衡4304210001" in html
    assert v.purpose in html
    assert v.legal_basis in html
    for secret in (entity.code, "蒸阳北路", "zhangwei@example.cn", "officer2", "陈建国"):
        assert secret not in html, secret
    assert not ID_NUMBER.search(html)
    assert not PHONE.search(html)
    response = client_as("anonymous").get(f"/v/{v.code}/")
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    other = v.code[:-1] + ("y" if v.code.endswith("x") else "x")
    assert client_as("anonymous").get(f"/v/{other}/").status_code == 404


def test_code_page_confirms_once_without_login_R_INSP_6(client_as: Any) -> None:
    v = done()
    client = client_as("anonymous")
    bad = client.post(f"/v/{v.code}/", {"accurate": "no", "score": "3"})
    assert bad.status_code == 422
    assert "请填写不一致情况" in bad.content.decode()
    assert not EnterpriseVisit.objects.get(pk=v.pk).responded
    ok = client.post(f"/v/{v.code}/", {"accurate": "yes", "score": "5", "comment": "文明执法"})
    assert ok.status_code == 302
    row = EnterpriseVisit.objects.get(pk=v.pk)
    assert (row.accurate, row.score, row.comment, row.responded_via) == (
        True,
        5,
        "文明执法",
        "code",
    )
    again = client.post(f"/v/{v.code}/", {"accurate": "no", "discrepancy": "x", "score": "1"})
    assert again.status_code == 409
    assert "不能重复提交" in again.content.decode()
    assert EnterpriseVisit.objects.get(pk=v.pk).score == 5
    assert "已于" in client.get(f"/v/{v.code}/").content.decode()


def test_registration_shows_the_warning_before_saving_R_INSP_6(client_as: Any) -> None:
    client = client_as("officer")
    before = EnterpriseVisit.objects.count()
    first = client.post("/visits/register/", form(BUSY))
    html = first.content.decode()
    assert first.status_code == 422
    assert "入企频次提示（尚未保存）" in html
    assert "超过2次的提示线" in html
    assert EnterpriseVisit.objects.count() == before
    second = client.post("/visits/register/", form(BUSY, acknowledge_warnings="on"))
    assert second.status_code == 302
    v = EnterpriseVisit.objects.latest("pk")
    assert second["Location"] == f"/visits/{v.pk}/"
    assert v.warnings
    assert v.entity.code == BUSY


def test_registration_form_errors_are_in_chinese_and_store_nothing_R_INSP_6(
    client_as: Any,
) -> None:
    before = EnterpriseVisit.objects.count()
    client = client_as("officer")
    response = client.post("/visits/register/", form(QUIET, officers=[]))
    assert response.status_code == 422
    assert "执法人员不得少于两人" in response.content.decode()
    response = client.post("/visits/register/", form(QUIET, legal_basis="", entity_code="X"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "名录库中没有代码为X的市场主体" in html
    assert "必填" in html
    assert EnterpriseVisit.objects.count() == before


def test_head_approves_from_the_visit_page_R_INSP_6(client_as: Any) -> None:
    pending = EnterpriseVisit.objects.get(entity__code=OWN, status="pending")
    page = client_as("head").get(f"/visits/{pending.pk}/").content.decode()
    assert "批准" in page
    assert f"/visits/{pending.pk}/qr.svg" in page
    response = client_as("head").post(f"/visits/{pending.pk}/approve/", {"opinion": "同意入企"})
    assert response.status_code == 302
    assert EnterpriseVisit.objects.get(pk=pending.pk).status == "approved"
    again = client_as("head").post(f"/visits/{pending.pk}/approve/", {"opinion": "同意"})
    assert again.status_code == 409


def test_qr_code_is_an_svg_of_the_public_page_R_INSP_6(client_as: Any) -> None:
    response = client_as("officer").get(f"/visits/{done().pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content
    assert body.lstrip().startswith(b"<svg")
    assert b"<path" in body
    import io

    import segno  # the same QR code as the public page's address encodes, byte for byte

    expected = io.BytesIO()
    segno.make(f"http://testserver/v/{done().code}/", error="m").save(
        expected, kind="svg", scale=6, border=2, title="入企码", xmldecl=False
    )
    assert body == expected.getvalue()
    assert client_as("cg_officer").get(f"/visits/{done().pk}/qr.svg").status_code == 404


def test_enterprise_page_lists_own_visits_and_confirms_R_INSP_6(client_as: Any) -> None:
    client = client_as("enterprise")
    html = client.get("/visits/mine/").content.decode()
    assert "入企检查登记" in html
    assert "确认并评价" in html
    assert "蒸湘" not in html
    v = done()
    response = client.post(
        f"/visits/mine/{v.pk}/confirm/",
        {"accurate": "no", "discrepancy": "来了三个人", "score": "2"},
    )
    assert response.status_code == 302
    assert EnterpriseVisit.objects.get(pk=v.pk).discrepancy == "来了三个人"
    other = EnterpriseVisit.objects.filter(entity__code=BUSY).first()
    assert other is not None
    assert client.post(f"/visits/mine/{other.pk}/confirm/", {}).status_code == 404


def test_alerts_page_shows_busy_entity_and_overdue_emergency_R_INSP_6(client_as: Any) -> None:
    html = client_as("supervisor").get("/visits/alerts/").content.decode()
    if timezone.localdate().timetuple().tm_yday > 26:
        assert "衡阳县蒸湘餐饮管理有限公司" in html
    assert "衡阳县金兰镇富农果蔬专业合作社" in html  # emergency visit never approved
    assert client_as("officer").get("/visits/alerts/").status_code == 403


def test_entity_page_counts_every_departments_visits_R_INSP_6(client_as: Any) -> None:
    pk = Entity.objects.get(code=BUSY).pk
    html = client_as("supervisor").get(f"/visits/entities/{pk}/").content.decode()
    if timezone.localdate().timetuple().tm_yday > 26:
        assert "衡阳县市场监督管理局：3 次" in html


def test_menu_has_the_visit_pages_R_INSP_6(client_as: Any) -> None:
    assert "/visits/mine/" in client_as("enterprise").get("/").content.decode()
    head = client_as("head").get("/").content.decode()
    assert "/visits/" in head
    assert "/visits/alerts/" in head
    officer = client_as("officer").get("/").content.decode()
    assert "/visits/alerts/" not in officer


# --- API -----------------------------------------------------------------------------------------


def api_post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_api_register_warn_acknowledge_approve_confirm_R_INSP_6(client_as: Any) -> None:
    body = {
        "entity": BUSY,
        "officers": ["officer", "reviewer"],
        "planned_start": local(2, 9),
        "planned_end": local(2, 10),
        "purpose_kind": "complaint",
        "purpose": "投诉核查",
        "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
    }
    officer = client_as("officer")
    warned = api_post(officer, "/api/v1/visits", body)
    assert warned.status_code == 422
    assert "acknowledge_warnings" in warned.json()["errors"]
    made = api_post(officer, "/api/v1/visits", {**body, "acknowledge_warnings": True})
    assert made.status_code == 201, made.json()
    out = made.json()
    assert out["status"] == "pending"
    assert len(out["code"]) >= 22
    assert [o["certificate"] for o in out["officers"]] == ["湘衡4304210001", "湘衡4304210003"]
    approved = api_post(
        client_as("head"), f"/api/v1/visits/{out['id']}/approval", {"opinion": "同意"}
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    listed = client_as("supervisor").get("/api/v1/visits").json()
    assert out["id"] in {v["id"] for v in listed}
    assert all(v["code"] is None for v in listed)  # the bureau reads, it does not hold codes
    unknown = api_post(officer, "/api/v1/visits", {**body, "officers": ["officer", "nobody"]})
    assert unknown.status_code == 422
    assert "nobody" in unknown.json()["detail"]


def test_api_confirmation_once_R_INSP_6(client_as: Any) -> None:
    client = client_as("enterprise")
    path = f"/api/v1/visits/{done().pk}/confirmation"
    assert api_post(client, path, {"accurate": True}).status_code == 422
    first = api_post(client, path, {"accurate": True, "score": 4, "comment": "好"})
    assert first.status_code == 200
    assert first.json()["score"] == 4
    second = api_post(client, path, {"accurate": False, "discrepancy": "x", "score": 1})
    assert second.status_code == 409
    assert EnterpriseVisit.objects.get(pk=done().pk).score == 4


def test_cli_visit_alerts_lists_entities_over_threshold_R_INSP_6(capsys: Any) -> None:
    code = main(["visit", "alerts"])
    out = capsys.readouterr().out
    assert code == 1
    assert "emergency-not-approved\t93430421MA4L0E3F35" in out
    if timezone.localdate().timetuple().tm_yday > 26:
        assert BUSY in out
        assert "window" in out
    assert main(["visit", "alerts", "--year", "1999"]) == 2
    assert main(["visit", "alerts", "--year", "2001"]) == 0
