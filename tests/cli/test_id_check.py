"""`prudent id check VALUE`: JSON out, exit 0 valid / 1 invalid, no database needed."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from prudent import cli

KEYS = {
    "value",
    "kind",
    "valid",
    "normalised",
    "error",
    "position",
    "expected",
    "warnings",
    "details",
}


@pytest.fixture(autouse=True)
def _no_django_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("prudent id check must not set up Django")

    monkeypatch.setattr(cli, "django_setup", refuse)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = cli.main(["id", "check", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_valid_uscc_exits_0_with_details(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run(capsys, "91440300708461136t")
    assert code == 0
    assert set(data) == KEYS
    assert data["kind"] == "uscc"
    assert data["valid"] is True
    assert data["normalised"] == "91440300708461136T"
    assert data["details"]["registration_authority"] == "工商（市场监管）"


def test_invalid_uscc_exits_1_naming_position_and_expected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, data = run(capsys, "91350100M000100Y4Z")
    assert code == 1
    assert data["valid"] is False
    assert (data["position"], data["expected"]) == (18, "3")
    assert data["error"] == "第18位校验码错误：应为“3”，实际为“Z”"


def test_citizen_id_future_birth_date_uses_today_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, data = run(capsys, "110105202506020016", "--today", "2025-06-01")
    assert code == 1
    assert data["kind"] == "citizen_id"
    assert "晚于今天" in data["error"]


def test_old_citizen_id_is_upgraded(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run(capsys, "110105491231002", "--today", "2025-06-01")
    assert code == 0
    assert data["normalised"] == "11010519491231002X"
    assert data["details"]["sex"] == "女"


def test_division_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run(capsys, "430421")
    assert code == 0
    assert data["details"]["prefecture"] == "430400"
    code, data = run(capsys, "43x421")
    assert code == 1
    assert data["position"] == 3


def test_subprocess_prints_chinese_unescaped_json() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "prudent.cli", "id", "check", "9111000060003IOZSV"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "第14位字符“I”不在统一社会信用代码字符集中" in proc.stdout
    assert json.loads(proc.stdout)["position"] == 14
