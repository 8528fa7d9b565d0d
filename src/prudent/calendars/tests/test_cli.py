"""`prudent calendar load | show | add` (issue #2 part 10)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from prudent.calendars.models import HolidaySchedule
from prudent.calendars.tests.conftest import schedule_2027
from prudent.cli import main as cli_main
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_load_file_then_2027_is_no_longer_provisional(
    tmp_path: Path, recomputed_years: list[int]
) -> None:
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(schedule_2027(), ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run("calendar", "add", "2026-12-31", "1")
    assert json.loads(out) == {
        "date": "2027-01-01",
        "provisional": True,
        "years_provisional": [2027],
    }

    code, out, _ = _run("calendar", "load", str(path))
    assert code == 0
    assert "loaded 2027: 10 holidays, 1 make-up workdays; 7 provisional deadlines recomputed" in out
    assert recomputed_years == [2027]

    code, out, _ = _run("calendar", "add", "2026-12-31", "1")
    assert json.loads(out) == {"date": "2027-01-04", "provisional": False, "years_provisional": []}


def test_bad_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(schedule_2027(makeup_workdays=["2027-02-15"])), encoding="utf-8")
    events = AuditEvent.objects.count()
    code, _, err = _run("calendar", "load", str(path))
    assert code == 2
    assert "makeup_workdays" in err
    assert "nothing written" in err
    assert not HolidaySchedule.objects.exists()
    assert AuditEvent.objects.count() == events


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = _run("calendar", "load", str(tmp_path / "absent.json"))
    assert code == 2
    assert "cannot read" in err


def test_show_lists_2024_makeup_days_and_2027_as_provisional() -> None:
    code, out, _ = _run("calendar", "show", "2024")
    assert code == 0
    assert "built-in" in out
    assert "2024-09-29 Sun" in out
    assert "2024-10-07 Mon" in out
    code, out, _ = _run("calendar", "show", "2027")
    assert "PROVISIONAL" in out


def test_add_counts_from_the_day_after_the_start_APL_85() -> None:
    code, out, _ = _run("calendar", "add", "2024-09-30", "1")
    assert code == 0
    assert json.loads(out)["date"] == "2024-10-08"


@pytest.mark.parametrize("argv", [("2024-13-01", "1"), ("2024-09-30", "-1")])
def test_add_refuses_bad_input(argv: tuple[str, str]) -> None:
    code, _, err = _run("calendar", "add", *argv)
    assert code == 2
    assert "error" in err
