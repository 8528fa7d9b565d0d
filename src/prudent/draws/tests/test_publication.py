"""The published draw: the staff pages, the public page and its downloads, verified by
`prudent draw verify` and by the independent reference script of docs/draw-protocol.md (issue #5
part 3; R-INSP-1)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from prudent.cli import main
from prudent.draws.models import Draw, DrawState
from prudent.entities.models import Entity
from prudent.inspections.models import Inspection, InspectionItem

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
REFERENCE = ROOT / "tests" / "lawcore" / "sampling" / "reference_draw.py"
PERSON = "430421198503120021"  # 李某某
SEED = "27182818284590452353602874"


def _plan_post(client: Any, **extra: Any) -> Any:
    item = InspectionItem.objects.get(code="SCJG-02", item_list__status="published")
    data = {
        "task": "衡县市监抽〔测试〕1号",
        "name": "食品销售者抽查",
        "items": [str(item.pk)],
        "quota_A": "1",
        "quota_B": "1",
        "quota_C": "0.5",
        "quota_D": "1",
        "per_entity": "2",
        "planned_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "exclude_observation": "on",
    }
    data.update(extra)
    return client.post("/draws/new/", data)


def _drawn(client_as: Any) -> Draw:
    head = client_as("head")
    response = _plan_post(head)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Draw.objects.get(task="衡县市监抽〔测试〕1号")
    assert head.post(f"/draws/{row.pk}/commit/").status_code == 302
    response = head.post(f"/draws/{row.pk}/seed/", {"seed": SEED, "seed_confirm": SEED})
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.state == DrawState.DRAWN
    return row


def test_the_head_plans_commits_and_draws_through_the_pages_R_INSP_1(client_as: Any) -> None:
    row = _drawn(client_as)
    page = client_as("officer").get(f"/draws/{row.pk}/").content.decode()
    assert "生成的检查任务" in page  # the officer sees the tasks the draw opened
    assert Inspection.objects.filter(draw_selection__draw=row).count() == row.selections.count()


def test_bad_plan_input_is_shown_beside_its_field_and_nothing_stored(client_as: Any) -> None:
    head = client_as("head")
    before = Draw.objects.count()
    response = _plan_post(head, quota_B="1.2", per_entity="1")
    assert response.status_code == 422
    page = response.content.decode()
    assert "超出范围" in page
    assert "第四十二条" in page
    assert Draw.objects.count() == before


def test_a_seed_typed_differently_twice_is_refused_before_the_draw(client_as: Any) -> None:
    head = client_as("head")
    _plan_post(head)
    row = Draw.objects.get(task="衡县市监抽〔测试〕1号")
    head.post(f"/draws/{row.pk}/commit/")
    response = head.post(f"/draws/{row.pk}/seed/", {"seed": SEED, "seed_confirm": SEED + "1"})
    assert response.status_code == 422
    assert "不一致" in response.content.decode()
    row.refresh_from_db()
    assert row.state == DrawState.COMMITTED


def test_the_public_page_shows_commitment_seed_selection_and_no_id_number_R_INSP_1(
    client: Any, client_as: Any
) -> None:
    row = _drawn(client_as)
    page = client.get(f"/public/draws/{row.pk}/").content.decode()
    assert row.commitment in page
    assert SEED in page
    assert "prudent draw verify result.json --population population.csv" in page
    assert PERSON not in page
    person = Entity.objects.get(code=PERSON)
    assert f"NP{person.pk:08d}" in page  # 李某某 drawn in B at 100 %
    assert "李某某" in page
    for name in ("population.csv", "inspectors.csv", "commitment.json", "result.json"):
        response = client.get(f"/public/draws/{row.pk}/{name}")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert PERSON not in response.content.decode()


def test_a_committed_draw_is_public_before_its_seed_and_a_planned_one_is_not(
    client: Any, client_as: Any
) -> None:
    head = client_as("head")
    _plan_post(head)
    row = Draw.objects.get(task="衡县市监抽〔测试〕1号")
    assert client.get(f"/public/draws/{row.pk}/").status_code == 404
    head.post(f"/draws/{row.pk}/commit/")
    page = client.get(f"/public/draws/{row.pk}/").content.decode()
    assert row.__class__.objects.get(pk=row.pk).commitment in page
    assert "尚未录入" in page
    assert client.get(f"/public/draws/{row.pk}/result.json").status_code == 404


def _download(client: Any, row: Draw, tmp_path: Path) -> dict[str, Path]:
    files = {}
    for name in ("population.csv", "inspectors.csv", "result.json"):
        path = tmp_path / name
        path.write_bytes(client.get(f"/public/draws/{row.pk}/{name}").content)
        files[name] = path
    return files


def test_prudent_draw_verify_reproduces_the_published_result_R_INSP_1(
    client: Any, client_as: Any, tmp_path: Path, capsys: Any
) -> None:
    row = _drawn(client_as)
    files = _download(client, row, tmp_path)
    args = ["--population", str(files["population.csv"])]
    args += ["--inspectors", str(files["inspectors.csv"])]
    assert main(["draw", "verify", str(files["result.json"]), *args]) == 0
    assert "OK" in capsys.readouterr().out
    # one changed inspector id in the result is caught
    result = json.loads(files["result.json"].read_text())
    first = result["selected"][0]
    first["inspectors"][0] = next(
        line.split(",")[0]
        for line in row.inspectors_text.splitlines()
        if line.split(",")[0] not in first["inspectors"]
    )
    files["result.json"].write_text(json.dumps(result, ensure_ascii=False))
    assert main(["draw", "verify", str(files["result.json"]), *args]) == 1


def test_the_independent_reference_script_reproduces_the_published_result_R_INSP_1(
    client: Any, client_as: Any, tmp_path: Path
) -> None:
    """docs/draw-protocol.md §9's script, run as a separate program on the downloads."""
    row = _drawn(client_as)
    files = _download(client, row, tmp_path)
    result = json.loads(files["result.json"].read_text())
    quotas = [f"{s}={q}" for s, q in result["quotas"].items()]
    out = subprocess.run(
        [
            sys.executable,
            str(REFERENCE),
            result["task"],
            str(files["population.csv"]),
            str(files["inspectors.csv"]),
            str(result["per_entity"]),
            result["seed"],
            *quotas,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == result


def test_the_demo_draw_is_published_and_verifies(client: Any, tmp_path: Path, capsys: Any) -> None:
    row = Draw.objects.get(task__endswith="演示1号")
    assert row.state == DrawState.DRAWN
    files = _download(client, row, tmp_path)
    args = ["--population", str(files["population.csv"])]
    args += ["--inspectors", str(files["inspectors.csv"])]
    assert main(["draw", "verify", str(files["result.json"]), *args]) == 0
    assert row.planned_on.year == timezone.localdate().year + 1


def test_cli_exports_a_published_draw_ready_for_verify_R_INSP_1(
    tmp_path: Path, capsys: Any
) -> None:
    row = Draw.objects.get(task__endswith="演示1号")
    assert main(["draws", "list"]) == 0
    assert row.commitment in capsys.readouterr().out
    assert main(["draws", "export", row.task, "--out", str(tmp_path)]) == 0
    assert main(["draws", "export", "没有这个任务", "--out", str(tmp_path)]) == 2
    args = ["--population", str(tmp_path / "population.csv")]
    args += ["--inspectors", str(tmp_path / "inspectors.csv")]
    assert main(["draw", "verify", str(tmp_path / "result.json"), *args]) == 0


def test_loading_the_demo_draw_twice_changes_nothing() -> None:
    from prudent.draws.demo import demo_load

    before = Draw.objects.count()
    assert demo_load("demo-loader") == "0 draws"
    assert Draw.objects.count() == before
