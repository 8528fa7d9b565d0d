"""POST /api/v1/decisions and GET /api/v1/decisions/items (issue #3 part 6; R-DEC-1…6)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lawcore.decision import decide, parse_request
from lawcore.decision.request import _KEYS as REQUEST_KEYS
from prudent.core.models import AuditEvent
from prudent.discretion import catalogue
from prudent.discretion.api import DecisionOut, DecisionRequestIn
from prudent.discretion.tests.helpers import TAX_ITEM, tax_request

pytestmark = pytest.mark.django_db

URL = "/api/v1/decisions"


def post(client: Any, body: object) -> Any:
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, text, content_type="application/json")


def test_tax_first_violation_is_not_punished_with_reasons_and_follow_ups_R_DEC_3_R_DEC_4(
    client_as: Any,
) -> None:
    response = post(client_as("officer"), tax_request())
    assert response.status_code == 200, response.content.decode()
    data = response.json()
    assert data["tier"] == "no_penalty"
    assert data["fine"] is None
    assert data["rows"] == ["A-03"]
    assert any("系初次违法" in r for r in data["reasons"])
    assert any("首违不罚" in r for r in data["reasons"])
    kinds = [f["kind"] for f in data["follow_ups"]]
    assert {"education", "correction_order", "re_inspection", "return_visit"} <= set(kinds)
    assert data["procedure"]["legal_review_required"] is True
    assert data["versions"]
    assert all(len(v["digest"]) == 64 for v in data["versions"])


def test_api_answer_is_the_engines_decision_R_DEC_1(client_as: Any) -> None:
    body = tax_request()
    expected = decide(catalogue.rulebooks(), parse_request(body)).to_json()
    assert post(client_as("legal_reviewer"), body).json() == expected


def test_second_violation_inside_the_lookback_gets_a_fine_and_says_why_R_DEC_3(
    client_as: Any,
) -> None:
    body = tax_request(history=[{"item": TAX_ITEM, "date": "2023-05-01", "tier": "ordinary"}])
    response = post(client_as("officer"), body)
    assert response.status_code == 200, response.content.decode()
    data = response.json()
    assert data["tier"] != "no_penalty"
    assert data["fine"] is not None
    assert int(data["fine"]["proposed"]) > 0
    assert "fine" in data["penalty_kinds"]
    assert any("2023-05-01" in r and "不属于初次违法" in r for r in data["reasons"])


def test_repeat_after_a_no_penalty_decision_follows_the_stricter_standard_R_DEC_3(
    client_as: Any,
) -> None:
    body = tax_request(history=[{"item": TAX_ITEM, "date": "2023-05-01", "tier": "no_penalty"}])
    data = post(client_as("officer"), body).json()
    assert data["tier"] != "no_penalty"
    assert any("更严格的标准" in r for r in data["reasons"])


# ---------------------------------------------------------------- bad input → 422, nothing stored


def _bad(client: Any, body: object) -> dict[str, Any]:
    events = AuditEvent.objects.count()
    response = post(client, body)
    assert response.status_code == 422, response.content.decode()
    assert AuditEvent.objects.count() == events
    data: dict[str, Any] = response.json()
    assert isinstance(data["detail"], str)
    assert data["detail"]
    assert data["errors"]
    return data


def test_unknown_item_is_422_naming_the_item(client_as: Any) -> None:
    data = _bad(client_as("officer"), tax_request(item="CN-NOPE-99"))
    assert data["path"] == "item"
    assert "CN-NOPE-99" in data["errors"]["item"][0]
    assert "未知" in data["detail"]


def test_missing_fact_is_422_naming_the_fact_its_question_and_the_rows(client_as: Any) -> None:
    body = tax_request()
    del body["facts"]["harm"]
    data = _bad(client_as("officer"), body)
    assert data["facts"] == ["harm"]
    assert "A-03" in data["rows"]
    message = data["errors"]["facts.harm"][0]
    assert "危害后果" in message
    assert "A-03" in message
    assert "危害后果" in data["detail"]


def test_dates_out_of_order_are_422_on_the_violation_date(client_as: Any) -> None:
    data = _bad(
        client_as("officer"), tax_request(violation_date="2024-05-01", decision_date="2024-04-01")
    )
    assert list(data["errors"]) == ["violation_date"]
    assert "晚于" in data["errors"]["violation_date"][0]


def test_earlier_violation_after_this_one_is_422_on_its_date(client_as: Any) -> None:
    body = tax_request(history=[{"item": TAX_ITEM, "date": "2024-03-02", "tier": "ordinary"}])
    data = _bad(client_as("officer"), body)
    assert list(data["errors"]) == ["history[0].date"]


def test_negative_amount_is_422_naming_the_fact(client_as: Any) -> None:
    body = tax_request(item="CN-TAX-FWBF-04")
    body["facts"]["illegal_income_yuan"] = -5
    data = _bad(client_as("officer"), body)
    assert list(data["errors"]) == ["facts.illegal_income_yuan"]
    assert "负数" in data["errors"]["facts.illegal_income_yuan"][0]


@pytest.mark.parametrize("text", ["{", "", "not json", '{"item": "CN-TAX-FWBF-03",}'])
def test_malformed_json_is_422_not_400(client_as: Any, text: str) -> None:
    data = _bad(client_as("officer"), text)
    assert data["path"] == "$"
    assert "JSON" in data["errors"]["$"][0]


def test_a_list_or_unknown_key_is_422(client_as: Any) -> None:
    assert _bad(client_as("officer"), [tax_request()])["path"] == "$"
    assert _bad(client_as("officer"), tax_request(colour="red"))["path"] == "colour"


# ---------------------------------------------------------------- who may ask


def test_enterprise_is_denied_403_and_anonymous_401(client_as: Any) -> None:
    assert post(client_as("enterprise"), tax_request()).status_code == 403
    assert post(client_as(None), tax_request()).status_code == 401
    assert client_as("enterprise").get(f"{URL}/items").status_code == 403
    assert client_as(None).get(f"{URL}/items").status_code == 401


def test_denied_caller_learns_nothing_from_validation(client_as: Any) -> None:
    response = post(client_as("enterprise"), "{")
    assert response.status_code == 403
    assert "errors" not in response.json()


# ---------------------------------------------------------------- OpenAPI


def test_openapi_describes_the_decision_request_and_response(client_as: Any) -> None:
    schema = client_as(None).get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(request["properties"]) == set(REQUEST_KEYS)
    assert set(request["required"]) == {
        "item",
        "party_kind",
        "facts",
        "violation_date",
        "decision_date",
    }
    history = request["properties"]["history"]["anyOf"][0]["items"]
    assert set(history["properties"]) == {"item", "date", "tier"}
    components = schema["components"]["schemas"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/DecisionOut")
    assert "tier" in components["DecisionOut"]["properties"]
    bad = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    assert set(components[bad.rsplit("/", 1)[1]]["properties"]) >= {"detail", "errors"}
    assert "get" in schema["paths"][f"{URL}/items"]


def test_schemas_are_true_to_the_engine_json(client_as: Any) -> None:
    decision = decide(catalogue.rulebooks(), parse_request(tax_request())).to_json()
    assert set(DecisionOut.model_fields) == set(decision)
    DecisionOut.model_validate(decision)
    repeat = tax_request(history=[{"item": TAX_ITEM, "date": "2023-05-01", "tier": "ordinary"}])
    DecisionOut.model_validate(decide(catalogue.rulebooks(), parse_request(repeat)).to_json())
    assert set(DecisionRequestIn.model_fields) == set(REQUEST_KEYS)


# ---------------------------------------------------------------- items


def test_item_search_finds_by_name_and_lists_the_questions_R_DEC_1(client_as: Any) -> None:
    response = client_as("officer").get(f"{URL}/items", {"q": "纳税申报"})
    assert response.status_code == 200
    items = {i["code"]: i for i in response.json()}
    assert TAX_ITEM in items
    item = items[TAX_ITEM]
    assert item["rulebook"] == "cn-tax-fwbf"
    assert "不予处罚清单（首违不罚）" in item["lists"]
    facts = {f["name"]: f for f in item["facts"]}
    assert {"minor", "harm", "corrected_in_time", "serious"} <= set(facts)
    assert facts["harm"]["type"] == "enum"
    assert {"value": "slight", "label": "危害后果轻微"} in facts["harm"]["choices"]
    assert facts["harm"]["question"] == "危害后果"


def test_item_search_by_code_and_by_several_words(client_as: Any) -> None:
    client = client_as("officer")
    by_code = client.get(f"{URL}/items", {"q": TAX_ITEM}).json()
    assert by_code[0]["code"] == TAX_ITEM
    words = client.get(f"{URL}/items", {"q": "税务 发票 缴销"}).json()
    assert words
    assert all("发票" in i["name"] for i in words)
    assert client.get(f"{URL}/items", {"q": "没有这样的事项xyz"}).json() == []


def test_an_item_only_in_a_stored_draft_never_decides_R_LIST_8(client_as: Any) -> None:
    from prudent.rulebooks.models import StoredVersion

    draft = StoredVersion.objects.get(rulebook__book_id="hengyang-samr", status="draft")
    assert "HY-AD-57-1" in draft.source
    StoredVersion.objects.filter(pk=draft.pk).update(
        source=draft.source.replace("HY-AD-57-1", "HY-DRAFT-99")
    )
    assert "HY-DRAFT-99" in StoredVersion.objects.get(pk=draft.pk).source
    client = client_as("officer")
    body = tax_request(item="HY-DRAFT-99", history=None)
    data = _bad(client, body)
    assert data["path"] == "item"
    assert client.get(f"{URL}/items", {"q": "HY-DRAFT-99"}).json() == []
    assert client.get("/discretion/items/HY-DRAFT-99/").status_code == 404
