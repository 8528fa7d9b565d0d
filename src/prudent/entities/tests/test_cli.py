"""`prudent entity import` and `prudent entity show` (R-INSP-1): summary line, errors, exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from prudent.cli import main
from prudent.entities.models import Entity
from prudent.entities.tests.helpers import HEADER, row, uscc, write_csv

pytestmark = pytest.mark.django_db


def test_clean_file_exits_0_with_summary_line_R_INSP_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "ok.csv", [row(1), row(2)])
    assert main(["entity", "import", str(path)]) == 0
    assert "imported 2, updated 0, rejected 0 of 2 rows" in capsys.readouterr().out


def test_rejected_rows_exit_1_and_are_written_to_the_report_R_INSP_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "bad.csv", [row(1), row(2, registered_on="2020-02-30")])
    report = tmp_path / "errors.csv"
    assert main(["entity", "import", str(path), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert "imported 1, updated 0, rejected 1 of 2 rows" in out
    assert "line 3: registered_on: " in out
    with report.open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][:2] == ["3", "登记日期"]


def test_all_or_nothing_rejection_and_unusable_file_exit_2_R_INSP_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_csv(tmp_path / "bad.csv", [row(1), row(2, kind="?")])
    assert main(["entity", "import", str(bad), "--all-or-nothing"]) == 2
    assert not Entity.objects.filter(code=uscc(1)).exists()
    missing = write_csv(tmp_path / "missing.csv", [row(3)[1:]], header=HEADER[1:])
    assert main(["entity", "import", str(missing)]) == 2
    assert "统一社会信用代码/身份证号码" in capsys.readouterr().err


def test_show_prints_the_entity_or_exits_1_R_INSP_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entity", "show", "92430421ma4l0c2d58"]) == 0
    assert "衡阳县西渡镇惠民食品店" in capsys.readouterr().out
    assert main(["entity", "show", uscc(99)]) == 1
