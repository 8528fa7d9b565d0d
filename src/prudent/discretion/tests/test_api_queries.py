"""POST /api/v1/decisions reads the database as little as it can (issue #3, Performance; R-DEC-1):
the session with its user in one query (prudent.core.sessions.session_user), and the published
versions' keys — the parsed rulebooks come from the cache and the unchanged session is not
rewritten. Nothing here is timed (the figures: bench/api_decisions.py,
docs/performance.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from prudent.discretion.tests.helpers import tax_request

pytestmark = pytest.mark.django_db

URL = "/api/v1/decisions"
MAX_QUERIES = 2


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_a_decision_costs_at_most_two_queries_R_DEC_1(
    client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as("officer")
    assert _post(client, tax_request()).status_code == 200  # fills the rulebook cache
    body = tax_request(history=[{"item": "CN-TAX-FWBF-03", "date": "2023-05-01"}])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = _post(client, body)
    assert response.status_code == 200, response.content.decode()
    assert response.json()["tier"] != "no_penalty"


def test_the_answer_is_the_engines_json_as_declared_R_DEC_1(client_as: Any) -> None:
    from prudent.discretion.api import DecisionOut

    response = _post(client_as("officer"), tax_request())
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert DecisionOut.model_validate(data).model_dump(mode="json") == data
