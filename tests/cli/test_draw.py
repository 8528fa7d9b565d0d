"""`prudent draw commit|run|verify` (issue #5 part 2, R-INSP-1): pure, no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from prudent import cli

SEED = "31415926535897932384"
POP = "id,stratum\nE1,A\nE2,A\nE3,B\nE4,B\nE5,A\nE6,B\nE7,A\nE8,B\n"
INS = "id,conflicts\nI1,E3\nI2,\nI3,\n"


@pytest.fixture(autouse=True)
def _no_django_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("prudent draw must not set up Django")

    monkeypatch.setattr(cli, "django_setup", refuse)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "i.csv").write_text(INS, encoding="utf-8")
    return {"p": str(tmp_path / "p.csv"), "i": str(tmp_path / "i.csv"), "dir": str(tmp_path)}


def common(files: dict[str, str]) -> list[str]:
    return ["--task", "T1", "--population", files["p"], "--inspectors", files["i"],
            "--quota", "A=0.5", "--quota", "B=0.25"]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_commit_prints_the_commitment_json_R_INSP_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    code, out, _ = run(capsys, "draw", "commit", *common(files))
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert data["protocol"] == "prudent-draw/1"
    assert data["quotas"] == {"A": "0.5", "B": "0.25"}
    assert data["per_entity"] == 2
    assert len(data["commitment"]) == 64


def test_run_then_verify_reproduces_and_a_tampered_result_exits_1_R_INSP_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    code, out, _ = run(capsys, "draw", "run", *common(files), "--seed", SEED)
    assert code == 0
    result = json.loads(out)
    assert [e["id"] for e in result["selected"]] == ["E2", "E5", "E3"]
    path = Path(files["dir"]) / "r.json"
    path.write_text(out, encoding="utf-8")
    verify = ["draw", "verify", str(path), "--population", files["p"], "--inspectors", files["i"]]
    code, out, _ = run(capsys, *verify)
    assert (code, out.strip()) == (0, "OK: result reproduced (3 selected)")
    result["selected"][1]["inspectors"] = ["I2", "I1"]
    path.write_text(json.dumps(result), encoding="utf-8")
    code, out, _ = run(capsys, *verify)
    assert code == 1
    assert "selected[1] (E5): inspectors" in out


def test_verify_names_a_different_population_file_R_INSP_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    _, out, _ = run(capsys, "draw", "run", *common(files), "--seed", SEED)
    path = Path(files["dir"]) / "r.json"
    path.write_text(out, encoding="utf-8")
    Path(files["p"]).write_text(POP + "E9,A\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "draw", "verify", str(path), "--population", files["p"], "--inspectors", files["i"]
    )
    assert code == 1
    assert "population: the result names digest" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seed", "123"], "at least 20 decimal digits"),
        (["--seed", SEED, "--quota", "C=1.5"], "'C': '1.5' is outside [0, 1]"),
        (["--seed", SEED, "--per-entity", "0"], "per_entity: 0"),
        (["--seed", SEED, "--quota", "A"], "expected STRATUM=RATIO"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message_R_INSP_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], extra: list[str], message: str
) -> None:
    code, out, err = run(capsys, "draw", "run", *common(files), *extra)
    assert code == 2
    assert out == ""
    assert message in err


def test_malformed_population_row_exits_2_naming_the_line_R_INSP_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    Path(files["p"]).write_text("id,stratum\nE1,A\nE2;A\n", encoding="utf-8")
    code, _, err = run(capsys, "draw", "commit", *common(files))
    assert code == 2
    assert "population: line 3: expected 2 fields" in err


def test_missing_file_and_stratum_without_quota_exit_2_R_INSP_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    code, _, err = run(capsys, "draw", "commit", "--task", "T", "--population", "/nonexistent.csv",
                       "--inspectors", files["i"], "--quota", "A=1")  # fmt: skip
    assert code == 2
    assert "population: cannot read /nonexistent.csv" in err
    code, _, err = run(capsys, "draw", "commit", "--task", "T", "--population", files["p"],
                       "--inspectors", files["i"], "--quota", "A=1")  # fmt: skip
    assert code == 2
    assert "stratum 'B' (4 entities) has no quota" in err
