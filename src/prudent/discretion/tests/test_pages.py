"""裁量辅助 pages (issue #3 part 6; R-DEC-1…6): search, questions from the fact specs, the decision
with reasons and follow-ups, errors beside their fields, nothing stored."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from django.urls import reverse

from lawcore.rulebook.model import Status
from prudent.core.models import AuditEvent
from prudent.discretion import catalogue
from prudent.discretion.tests.helpers import FIRST_VIOLATION_FORM, TAX_ITEM

pytestmark = pytest.mark.django_db


def item_url(code: str = TAX_ITEM) -> str:
    return reverse("discretion:item", args=[code])


def field_block(html: str, name: str) -> str:
    """The HTML of one field's block (``id="field-<name>"`` up to the next field)."""
    match = re.search(rf'id="field-{re.escape(name)}".*?(?=id="field-|</form>)', html, re.S)
    assert match, name
    return match.group(0)


def test_search_finds_the_item_with_its_rulebook_and_lists_R_DEC_1(client_as: Any) -> None:
    response = client_as("officer").get(reverse("discretion:search"), {"q": "纳税申报"})
    html = response.content.decode()
    assert response.status_code == 200
    assert TAX_ITEM in html
    assert "税务行政处罚“首违不罚”事项清单" in html
    assert "国家税务总局" in html
    assert "不予处罚清单（首违不罚）" in html
    assert item_url() in html


def test_search_without_a_match_says_so(client_as: Any) -> None:
    html = client_as("officer").get(reverse("discretion:search"), {"q": "xyz无此事项"}).content
    assert "没有找到" in html.decode()


def test_item_page_asks_the_fact_specs_as_plain_questions_R_DEC_1(client_as: Any) -> None:
    html = client_as("officer").get(item_url("CN-TAX-FWBF-04")).content.decode()
    books = catalogue.rulebooks()
    entry = catalogue.find_item("CN-TAX-FWBF-04", dt_today())
    assert entry is not None
    specs = books.fact_specs(entry.book, entry.item)
    for name in catalogue.needed_facts(books, entry.book, entry.item):
        question = catalogue.question_for(specs[name]).question
        assert question in html, name
    # a boolean as 是/否 radios, an enumeration as a select with Chinese labels, a number with unit
    minor = field_block(html, "f_minor")
    assert 'type="radio"' in minor
    assert "是" in minor
    assert "否" in minor
    harm = field_block(html, "f_harm")
    assert "<select" in harm
    assert "危害后果轻微" in harm
    assert "没有造成危害后果" in harm
    income = field_block(html, "f_illegal_income_yuan")
    assert 'type="number"' in income
    assert "元" in income
    # party kind, dates defaulting to today, birth date, earlier violations
    assert "法人或者其他组织" in html
    assert "公民" in html
    assert f'value="{dt_today().isoformat()}"' in field_block(html, "decision_date")
    assert 'name="birth_date"' in html
    assert 'name="h0_date"' in html
    assert 'name="h0_tier"' in html
    assert "打印" not in html  # no result yet


def dt_today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def test_ui_first_violation_is_no_penalty_with_reasons_and_follow_ups_R_DEC_4_R_DEC_5(
    client_as: Any,
) -> None:
    events = AuditEvent.objects.count()
    response = client_as("officer").post(item_url(), FIRST_VIOLATION_FORM)
    html = response.content.decode()
    assert response.status_code == 200, html[-3000:]
    result = html.split('class="result"', 1)[1]
    assert "不予处罚" in result
    assert "系初次违法" in result
    assert "首违不罚" in result
    for follow_up in ("教育", "责令改正", "复查", "回访", "配套监管措施"):
        assert follow_up in result, follow_up
    assert "法制审核" in result
    assert "《中华人民共和国行政处罚法》第三十三条第一款" in result
    assert "打印" in result
    assert "discretion/print.css" in html
    assert "建议罚款金额" not in result
    assert AuditEvent.objects.count() == events


def test_ui_second_violation_gets_a_fine_and_says_why_R_DEC_3(client_as: Any) -> None:
    data = {**FIRST_VIOLATION_FORM, "h0_date": "2023-05-01", "h0_tier": "ordinary"}
    html = client_as("officer").post(item_url(), data).content.decode()
    result = html.split('class="result"', 1)[1]
    assert '<p class="tier">不予处罚' not in result
    assert "建议罚款金额" in result
    assert " 元" in result
    assert "不属于初次违法" in result
    assert "2023-05-01" in result


def test_ui_dates_out_of_order_show_the_message_beside_the_field(client_as: Any) -> None:
    data = {**FIRST_VIOLATION_FORM, "violation_date": "2024-05-01"}
    response = client_as("officer").post(item_url(), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="result"' not in html
    assert "晚于处罚决定日期" in field_block(html, "violation_date")


def test_ui_missing_fact_is_asked_for_beside_its_question(client_as: Any) -> None:
    data = {k: v for k, v in FIRST_VIOLATION_FORM.items() if k != "f_harm"}
    response = client_as("officer").post(item_url(), data)
    assert response.status_code == 422
    harm = field_block(response.content.decode(), "f_harm")
    assert "请回答" in harm
    assert "A-03" in harm


def test_ui_negative_amount_is_refused_beside_the_field(client_as: Any) -> None:
    data = {**FIRST_VIOLATION_FORM, "f_illegal_income_yuan": "-3"}
    response = client_as("officer").post(item_url("CN-TAX-FWBF-04"), data)
    assert response.status_code == 422
    assert "负数" in field_block(response.content.decode(), "f_illegal_income_yuan")


def test_unknown_item_page_is_404(client_as: Any) -> None:
    assert client_as("officer").get(item_url("CN-NOPE-99")).status_code == 404


def test_menu_shows_discretion_to_staff_only(client_as: Any) -> None:
    assert "裁量辅助" in client_as("officer").get("/").content.decode()
    assert "裁量辅助" not in client_as("enterprise").get("/").content.decode()
    assert client_as("enterprise").get(reverse("discretion:search")).status_code == 403


def test_drafts_never_decide() -> None:
    book = next(b for b in catalogue.rulebooks().rulebooks if b.id == "cn-tax-fwbf")
    drafts = tuple(dataclasses.replace(v, status=Status.DRAFT) for v in book.versions)
    mixed = (dataclasses.replace(drafts[0], status=Status.PUBLISHED), *drafts[1:])
    assert catalogue._published_only((dataclasses.replace(book, versions=drafts),)).rulebooks == ()
    only = catalogue._published_only((dataclasses.replace(book, versions=mixed),)).rulebooks
    assert [v.status for v in only[0].versions] == [Status.PUBLISHED]
    for b in catalogue.rulebooks().rulebooks:
        assert all(v.status is not Status.DRAFT for v in b.versions)


def test_decisions_use_the_stored_published_versions_as_shipped() -> None:
    stored = {
        (b.id, v.version, v.digest) for b in catalogue.rulebooks().rulebooks for v in b.versions
    }
    files = {
        (b.id, v.version, v.digest) for b in catalogue._from_files().rulebooks for v in b.versions
    }
    assert stored == files
    assert catalogue.rulebooks() is catalogue.rulebooks()  # the selector's cached set
