"""Entity directory pages and API: scope, masking, import page (R-INSP-1, R-CASE-12, R-SUP-8)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prudent.entities import services
from prudent.entities.models import Entity
from prudent.entities.tests.helpers import HEADER, row, uscc

pytestmark = pytest.mark.django_db

OWN = "92430421MA4L0C2D58"
PERSON = "430421198503120021"
PERSON_MASKED = "430421********0021"


def test_list_page_query_count_is_capped_R_SUP_8(
    client_as: Any, demo_user: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(60):
        services.entity_create(
            actor="t", code=uscc(n), name=f"测试企业{n}", kind="enterprise", division_code="430421"
        )
    client = client_as("officer")
    with django_assert_max_num_queries(8):
        response = client.get("/entities/", {"page": "2"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == response.context["page"].paginator.count - 50


def test_list_searches_by_name_and_code_and_filters_by_kind_R_INSP_1(client_as: Any) -> None:
    client = client_as("officer")
    names = {e.name for e, _code in client.get("/entities/", {"q": "惠民"}).context["rows"]}
    assert names == {"衡阳县西渡镇惠民食品店"}
    codes = [c for _e, c in client.get("/entities/", {"q": "92430421MA4L0C"}).context["rows"]]
    assert codes == [OWN]
    kinds = {e.kind for e, _c in client.get("/entities/", {"kind": "cooperative"}).context["rows"]}
    assert kinds == {"cooperative"}


def test_citizen_id_is_masked_for_staff_and_full_for_admin_R_CASE_12(client_as: Any) -> None:
    person = Entity.objects.get(code=PERSON)
    for role in ("officer", "head", "supervisor"):
        page = client_as(role).get(f"/entities/{person.pk}/").content.decode()
        assert PERSON_MASKED in page
        assert PERSON not in page
        listing = client_as(role).get("/entities/", {"kind": "natural_person"}).content.decode()
        assert PERSON_MASKED in listing
        assert PERSON not in listing
    assert PERSON in client_as("admin").get(f"/entities/{person.pk}/").content.decode()


def test_enterprise_user_gets_404_on_another_entity_R_SUP_8(client_as: Any) -> None:
    other = Entity.objects.get(code="91430421MA4L0A1B7B")
    client = client_as("enterprise")
    assert client.get(f"/entities/{other.pk}/").status_code == 404
    assert client.get("/api/v1/entities/91430421MA4L0A1B7B").status_code == 404
    own = client.get("/entities/mine/")
    assert own.status_code == 200
    assert "衡阳县西渡镇惠民食品店" in own.content.decode()


def _upload(rows: list[list[Any]], name: str = "list.csv") -> SimpleUploadedFile:
    lines = [",".join(HEADER)] + [",".join(str(v) for v in r) for r in rows]
    return SimpleUploadedFile(name, "\n".join(lines).encode("utf-8-sig"), "text/csv")


def test_import_page_shows_counts_and_row_errors_R_INSP_1(client_as: Any) -> None:
    response = client_as("head").post(
        "/entities/import/", {"file": _upload([row(1), row(2, kind="火星")])}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "新增 1" in page
    assert "拒绝 1" in page
    assert "<td>3</td><td>主体类型</td>" in page
    assert Entity.objects.filter(code=uscc(1)).exists()
    assert not Entity.objects.filter(code=uscc(2)).exists()


def test_import_page_bad_file_shows_chinese_message_and_stores_nothing_R_INSP_1(
    client_as: Any,
) -> None:
    count = Entity.objects.count()
    bad = SimpleUploadedFile("list.csv", "名称,颜色\n甲,红\n".encode(), "text/csv")
    response = client_as("admin").post("/entities/import/", {"file": bad})
    assert response.status_code == 422
    assert "颜色" in response.content.decode()
    assert "未保存任何数据" in response.content.decode()
    assert Entity.objects.count() == count


def test_api_list_is_paginated_and_masks_citizen_ids_R_CASE_12(client_as: Any) -> None:
    body = client_as("officer").get("/api/v1/entities", {"kind": "natural_person"}).json()
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["items"][0]["code"] == PERSON_MASKED
    admin = client_as("admin").get("/api/v1/entities", {"kind": "natural_person"}).json()
    assert admin["items"][0]["code"] == PERSON


def test_api_create_returns_201_or_422_with_field_errors_R_INSP_1(client_as: Any) -> None:
    client = client_as("head")
    good = {"code": uscc(9), "name": "新企业", "kind": "enterprise", "division_code": "430421"}
    response = client.post("/api/v1/entities", json.dumps(good), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Entity.objects.filter(code=uscc(9)).exists()
    bad = {**good, "code": uscc(9)[:17] + "Z", "division_code": "43042"}
    response = client.post("/api/v1/entities", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"code", "division_code"}
    denied = client_as("officer").post(
        "/api/v1/entities", json.dumps(good), content_type="application/json"
    )
    assert denied.status_code == 403
