"""`prudent decide` (issue #3 part 6): JSON in, JSON out, exit 2 on bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from prudent.cli import main
from tests.lawcore.decision.fixtures import FOOD, TAX
from tests.lawcore.decision.test_engine import food, tax


@pytest.fixture
def books(tmp_path: Path) -> Path:
    root = tmp_path / "books"
    (root / "tests").mkdir(parents=True)
    (root / "tax.yaml").write_text(TAX, encoding="utf-8")
    (root / "food.yaml").write_text(FOOD, encoding="utf-8")
    (root / "tests" / "scenario.yaml").write_text("not: a rulebook", encoding="utf-8")
    return root


def _write(tmp_path: Path, obj: Any) -> str:
    path = tmp_path / "req.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_decide_one_request_prints_the_decision(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["decide", "--rulebooks", str(books), "--input", _write(tmp_path, tax())])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["tier"] == "no_penalty"
    assert out["rows"] == ["A-01"]
    assert any(f["kind"] == "education" for f in out["follow_ups"])


def test_decide_stdin_and_list(
    books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(json.dumps([food(9999), {**tax(), "item": "NOPE"}]))
    )
    code = main(["decide", "--rulebooks", str(books), "--input", "-"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert out[0]["fine"] == {
        "min": "65000",
        "max": "85000",
        "proposed": "75000",
        "rule": out[0]["fine"]["rule"],
    }
    assert out[1]["error"]["path"] == "item"


def test_decide_jsonl(books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reqs.jsonl"
    path.write_text(json.dumps(tax()) + "\n\n" + json.dumps(food(20000)) + "\n", encoding="utf-8")
    code = main(["decide", "--rulebooks", str(books), "--input", str(path), "--jsonl"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [x["tier"] for x in lines] == ["no_penalty", "ordinary"]


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({**tax(), "violation_date": "2024-05-01"}), "violation_date"),
        (json.dumps(food(400, truthful_source=True) | {"facts": {"minor": False}}), "missing fact"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: str, needle: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(payload, encoding="utf-8")
    code = main(["decide", "--rulebooks", str(books), "--input", str(path)])
    captured = capsys.readouterr()
    assert code == 2
    assert needle in captured.err
    assert captured.out == ""


def test_broken_rulebooks_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "broken"
    root.mkdir()
    (root / "x.yaml").write_text("id: x\nbogus: 1\n", encoding="utf-8")
    code = main(["decide", "--rulebooks", str(root), "--input", _write(tmp_path, tax())])
    assert code == 2
    assert "do not load" in capsys.readouterr().err
