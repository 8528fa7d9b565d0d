"""What a person does on Prudent's pages, as small helpers for the journeys: follow the menu, fill
the lead form, take a step on the case page (each step is a POST form with its data fields),
use the panels' forms. Every helper waits for the page that follows and fails with the page's own
error message when the platform refused."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import expect

Fields = dict[str, str | bool]


def iso(day: dt.date) -> str:
    return day.isoformat()


def click_and_wait(page: Any, target: Any) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded (after a
    POST, the page the redirect leads to; after a refusal, the re-rendered page)."""
    with page.expect_navigation():
        target.click()


def _fail_on_error(page: Any, what: str) -> None:
    errors = page.locator(".error-box, #step-error, #form-error, .errorlist")
    if errors.count():
        raise AssertionError(f"{what}: the page refused — {errors.first.inner_text()}")


def menu(page: Any, label: str) -> None:
    click_and_wait(page, page.locator("nav.menu").get_by_role("link", name=label, exact=True))


def state_badge(page: Any) -> Any:
    """The case page's state label (the first badge under the title)."""
    return page.locator("h1 + p .badge").first


def fill_form(form: Any, fields: Fields) -> None:
    """Fill a form as a person would: tick boxes, choose options, type text and dates."""
    for name, value in fields.items():
        control = form.locator(f"[name='{name}']")
        if control.count() > 1:  # radio buttons
            form.locator(f"[name='{name}'][value='{value}']").check()
            continue
        tag = control.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag == "input:checkbox":
            control.set_checked(bool(value))
        elif tag.startswith("select"):
            control.select_option(str(value))
        else:
            control.fill(str(value))


def create_lead(page: Any, **fields: Any) -> str:
    """登记线索 through the workbench link and the lead form; → the case number shown."""
    menu(page, "我的工作台")
    click_and_wait(page, page.get_by_role("link", name="登记线索"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登记案件线索")
    form = page.locator("form.stack")
    officers = fields.pop("officers", ())
    fill_form(form, fields)
    if officers:
        form.locator("#id_officers").select_option(label=list(officers))
    click_and_wait(page, form.get_by_role("button", name="登记"))
    _fail_on_error(page, "登记线索")
    expect(page.locator(".messages")).to_contain_text("已登记案件线索")
    expect(state_badge(page)).to_have_text("线索")
    number = page.get_by_role("heading", level=1).inner_text().split(" ", 1)[0]
    assert re.fullmatch(r"衡县市监立〔\d{4}〕\d+号", number), number
    return number


def take_step(page: Any, name: str, fields: Fields | None = None, *, expect_state: str) -> None:
    """Fill the step's form on the case page and submit it; the case must then be in
    `expect_state` (the label the person sees)."""
    form = page.locator(f"form#step-{name}")
    expect(form).to_be_visible()
    fill_form(form, fields or {})
    click_and_wait(page, form.locator("button[type=submit]"))
    _fail_on_error(page, f"step {name}")
    expect(page.locator(".messages")).to_contain_text("已完成")
    expect(state_badge(page)).to_have_text(expect_state)


def submit_panel_form(page: Any, scope: Any, button: str, fields: Fields | None = None) -> None:
    """Fill and submit a form of a case-page panel (`scope` holds the form), by its button."""
    form = scope.locator("form", has=page.get_by_role("button", name=button, exact=True))
    fill_form(form, fields or {})
    click_and_wait(page, form.get_by_role("button", name=button, exact=True))
    _fail_on_error(page, button)


def open_case(page: Any, number: str) -> None:
    """Find a case by its number in the list (search) and open it."""
    menu(page, "案件")
    page.fill("input[name=q]", number)
    click_and_wait(page, page.get_by_role("button", name=re.compile("检索|搜索|查询")))
    click_and_wait(page, page.get_by_role("link", name=number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def open_my_case(page: Any, number: str) -> None:
    """The enterprise: 我的案件 → the case."""
    menu(page, "我的案件")
    click_and_wait(page, page.locator("#my-cases").get_by_role("link", name=number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
