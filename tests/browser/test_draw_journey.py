"""Browser journey of issue #5 part 3 (R-INSP-1, 双随机、一公开): the head of 衡阳县市场监督管理局
plans a draw, freezes the directories and publishes the commitment, the public page shows it
before any seed exists, the head enters the ceremony's seed and draws; anyone then downloads
population.csv, inspectors.csv and result.json from the public page through the browser and
reproduces the result with `prudent draw verify` (the installed CLI, as a separate process) and
with the independent reference script of docs/draw-protocol.md; an officer of the department
finds the inspection task the draw opened.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.pages import click_and_wait, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PRUDENT = ROOT / ".venv" / "bin" / "prudent"
REFERENCE = ROOT / "tests" / "lawcore" / "sampling" / "reference_draw.py"
PERSON_ID = "430421198503120021"  # 李某某, a natural person in the demo: never published
TASK = "衡县市监抽〔旅程〕1号"
SEED = "14142135623730950488016887"


def _fail_on_error(page: Any, what: str) -> None:
    errors = page.locator(".error-box, .errorlist")
    if errors.count():
        raise AssertionError(f"{what}: the page refused — {errors.first.inner_text()}")


def _anonymous(browser: Any, live: str) -> Any:
    context = browser.new_context(base_url=live, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def _download(page: Any, name: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.locator("ul.downloads").get_by_role("link", name=name, exact=True).click()
    target = folder / name
    info.value.save_as(str(target))
    return target


def test_head_draws_publishes_and_anyone_verifies_the_downloads_R_INSP_1(
    open_as: Any, browser: Any, live: str, tmp_path: Path, screenshot: Any
) -> None:
    planned = timezone.localdate() + dt.timedelta(days=3)

    # --- plan, as the head signed in through the login form -------------------------------------
    head = open_as("head")
    menu(head, "双随机抽取")
    click_and_wait(head, head.get_by_role("link", name="制定抽查方案"))
    expect(head.get_by_role("heading", level=1)).to_have_text("制定抽查方案")
    form = head.locator("form.stack")
    form.locator("[name='task']").fill(TASK)
    form.locator("[name='name']").fill("食品销售者双随机抽查")
    form.locator("label", has_text="SCJG-02 食品销售者").locator("input").check()
    form.locator("[name='planned_on']").fill(planned.isoformat())
    # default quotas A 3 %, B 5 %, C 10 %, D 20 %; the lists at 100 %
    expect(form.locator("[name='quota_A']")).to_have_value("0.03")
    expect(form.locator("[name='quota_D']")).to_have_value("0.2")
    click_and_wait(head, form.get_by_role("button", name="保存方案"))
    _fail_on_error(head, "制定抽查方案")
    expect(head.locator(".messages")).to_contain_text("已制定抽查方案")
    expect(head.locator("#draw-state")).to_have_text("已制定方案")

    # --- freeze and commit: the commitment is published at once ---------------------------------
    click_and_wait(head, head.get_by_role("button", name="冻结名录并公布承诺值"))
    _fail_on_error(head, "公布承诺值")
    expect(head.locator("#draw-state")).to_have_text("已公布承诺值")
    commitment = head.locator("#commitment").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", commitment), commitment

    public_context = _anonymous(browser, live)
    try:
        public = public_context.new_page()
        public.goto("/public/draws/")
        click_and_wait(public, public.get_by_role("link", name=TASK))
        expect(public.locator("#commitment")).to_have_text(commitment)
        expect(public.locator("#seed-pending")).to_contain_text("尚未录入")

        # --- the seed from the public ceremony, then the draw -----------------------------------
        seed_form = head.locator("#seed-form")
        seed_form.locator("[name='seed']").fill(SEED)
        seed_form.locator("[name='seed_confirm']").fill(SEED)
        click_and_wait(head, seed_form.get_by_role("button", name="抽取"))
        _fail_on_error(head, "抽取")
        expect(head.locator("#draw-state")).to_have_text("已抽取")
        expect(head.locator(".messages")).to_contain_text("已生成检查任务")
        selected = head.locator("table.selection tbody tr").count()
        assert selected >= 1
        screenshot(head, "draw-head-drawn")

        # --- the public page: seed, result, exclusions, downloads -------------------------------
        public.reload()
        expect(public.locator("#draw-state")).to_have_text("已抽取")
        expect(public.locator("#seed")).to_have_text(SEED)
        expect(public.locator("table.selection tbody tr")).to_have_count(selected)
        expect(public.locator("#verify-command")).to_contain_text("prudent draw verify result.json")
        assert PERSON_ID not in public.content()
        files = {
            name: _download(public, name, tmp_path)
            for name in ("population.csv", "inspectors.csv", "result.json")
        }
        screenshot(public, "draw-public-page")
    finally:
        public_context.close()
    for path in files.values():
        assert PERSON_ID not in path.read_text(encoding="utf-8")
    result = json.loads(files["result.json"].read_text(encoding="utf-8"))
    assert result["commitment"] == commitment
    assert result["seed"] == SEED
    assert len(result["selected"]) == selected

    # --- anyone reproduces it: the installed CLI … ----------------------------------------------
    verify = subprocess.run(  # the project's own CLI on the downloaded files
        [
            str(PRUDENT),
            "draw",
            "verify",
            str(files["result.json"]),
            "--population",
            str(files["population.csv"]),
            "--inspectors",
            str(files["inspectors.csv"]),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "OK: result reproduced" in verify.stdout

    # … and a program written from docs/draw-protocol.md alone
    reference = subprocess.run(
        [
            sys.executable,
            str(REFERENCE),
            result["task"],
            str(files["population.csv"]),
            str(files["inspectors.csv"]),
            str(result["per_entity"]),
            result["seed"],
            *[f"{s}={q}" for s, q in result["quotas"].items()],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(reference.stdout) == result

    # --- an officer of the department finds the task the draw opened ----------------------------
    officer = open_as("officer")
    menu(officer, "双随机抽取")
    click_and_wait(officer, officer.get_by_role("link", name=TASK))
    tasks = officer.locator("table.tasks tbody tr")
    expect(tasks).to_have_count(selected)
    expect(tasks.first).to_contain_text(planned.isoformat())
    expect(tasks.first).to_contain_text("待检查")
    screenshot(officer, "draw-officer-tasks")
