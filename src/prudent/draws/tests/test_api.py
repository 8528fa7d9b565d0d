"""The draws API: plan, commit, seed and read the result, with the same refusals as the pages
(issue #5 part 3; R-INSP-1)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from lawcore.sampling import verify
from prudent.draws import selectors
from prudent.draws.models import Draw

pytestmark = pytest.mark.django_db


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_api_plan_commit_seed_and_result_R_INSP_1(client_as: Any) -> None:
    head = client_as("head")
    planned = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    bad = _post(
        head,
        "/api/v1/draws",
        {
            "task": "API-1",
            "name": "接口抽查",
            "items": ["SCJG-03"],
            "planned_on": planned,
            "quotas": {"A": "2"},
        },
    )
    assert bad.status_code == 422
    assert "quota_A" in bad.json()["errors"]
    assert not Draw.objects.filter(task="API-1").exists()
    made = _post(
        head,
        "/api/v1/draws",
        {"task": "API-1", "name": "接口抽查", "items": ["SCJG-03"], "planned_on": planned},
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    early = _post(head, f"/api/v1/draws/{pk}/seed", {"seed": "1" * 20})
    assert early.status_code == 409
    committed = _post(head, f"/api/v1/draws/{pk}/commit", {})
    assert committed.status_code == 200
    assert committed.json()["public_url"] == f"/public/draws/{pk}/"
    short = _post(head, f"/api/v1/draws/{pk}/seed", {"seed": "123"})
    assert short.status_code == 422
    drawn = _post(head, f"/api/v1/draws/{pk}/seed", {"seed": "98765432109876543210"})
    assert drawn.status_code == 200, drawn.content
    assert drawn.json()["state"] == "drawn"
    result = client_as("officer").get(f"/api/v1/draws/{pk}/result").json()
    row = Draw.objects.get(pk=pk)
    assert verify(result, selectors.population_csv(row), selectors.inspectors_csv(row)).ok
    again = _post(head, f"/api/v1/draws/{pk}/seed", {"seed": "11111111111111111111"})
    assert again.status_code == 409


def test_api_officer_cannot_run_a_draw(client_as: Any) -> None:
    pk = Draw.objects.get(task__endswith="演示1号").pk
    assert _post(client_as("officer"), f"/api/v1/draws/{pk}/commit", {}).status_code == 403
    assert _post(client_as("officer"), "/api/v1/draws", {}).status_code == 403
