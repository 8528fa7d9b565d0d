"""`prudent rulebook check` and `diff` through prudent.cli.main (issue #3 part 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prudent.cli import main

from .helpers import PARENT, child

ROOT = Path(__file__).resolve().parents[3] / "rulebooks"


def test_check_of_the_shipped_rulebooks_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rulebook", "check", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "5 rulebook(s)" in out
    assert "0 error(s), 0 finding(s)" in out


def test_check_rejects_a_county_range_outside_its_parent_R_LIST_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "prov.yaml").write_text(PARENT, encoding="utf-8")
    (tmp_path / "county.yaml").write_text(child(50000, 80000), encoding="utf-8")
    assert main(["rulebook", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "county.yaml: item C-124" in out
    assert "range-outside-parent, R-LIST-4" in out


def test_check_exits_2_on_unreadable_input(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: [unclosed", encoding="utf-8")
    assert main(["rulebook", "check", str(tmp_path)]) == 2
    assert main(["rulebook", "check", str(tmp_path / "missing")]) == 2


def test_diff_of_the_two_tax_batches(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "cn-tax" / "rulebook.yaml"
    assert main(["rulebook", "diff", f"{path}@2021-04-01", f"{path}@2022-01-01"]) == 1
    out = capsys.readouterr().out
    assert "+ item CN-TAX-FWBF-11" in out
    assert "+ item CN-TAX-FWBF-14" in out
    assert main(["rulebook", "diff", f"{path}@nope", str(path)]) == 2
