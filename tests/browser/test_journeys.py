"""Browser journeys of issue #4 (tests): real user flows in Debian's chromium against the live
server — signing in through the login form, following links, filling and submitting the forms of
the case page (its steps), of the follow-ups and execution panels and of the enterprise's pages,
and checking after each step what the person sees: the state, the deadlines, the tasks, and the
enterprise's view as the case moves.

(a) 首违不罚 through a paper commitment and the re-inspection on its deadline, to closure;
(b) the ordinary procedure with a hearing, legal review, the decision and payment by instalments,
    to closure;
(c) the enterprise choosing flexible enforcement and signing the commitment online.

Dates: a step defaults to today. Where the procedure needs time to pass (a commitment period, the
seven working days before a hearing) the officer enters the earlier dates of what happened, as
one entering a file after the fact would.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prudent.cases.demo import FIRST_VIOLATION_FACTS, ITEM, ORDINARY_FACTS
from tests.browser.pages import (
    click_and_wait,
    create_lead,
    iso,
    menu,
    open_case,
    open_my_case,
    state_badge,
    submit_panel_form,
    take_step,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOP = "92430421MA4L0C2D58"  # 衡阳县西渡镇惠民食品店, the demo enterprise account's entity


def _today() -> dt.date:
    return timezone.localdate()


def _deadline_row(page: Any, table: str, label: str) -> Any:
    return page.locator(f"{table} tr", has_text=label)


def test_enterprise_signs_a_commitment_online_R_CASE_3_R_CASE_4_R_PUB_4(
    open_as: Any, screenshot: Any
) -> None:
    """(c) The officer offers flexible enforcement; the enterprise chooses it and signs the
    commitment online in its portal; the officer sees the commitment, its deadline and the
    re-inspection task for that day on the case page and the workbench."""
    today = _today()
    deadline = today + dt.timedelta(days=14)

    officer = open_as("officer")
    number = create_lead(
        officer,
        source="inspection",
        party_code=SHOP,
        title="货架上有超过保质期的饮料（货值150元）",
        item_code=ITEM,
        violation_on=iso(today - dt.timedelta(days=1)),
        facts=json.dumps(dict(FIRST_VIOLATION_FACTS, goods_value_yuan=150)),
        officers=["张伟", "刘洋"],
    )
    take_step(officer, "start_verification", expect_state="核查")
    choice_card = officer.locator("#followups-choice")
    submit_panel_form(officer, choice_card, "告知当事人可选择柔性执法")
    expect(choice_card).to_contain_text("告知当事人可自主选择")

    # the enterprise sees the case and the offer, and accepts online
    shop = open_as("enterprise")
    menu(shop, "我的案件")
    expect(shop.locator("#my-cases tr", has_text=number)).to_contain_text("核查")
    open_my_case(shop, number)
    expect(shop.locator("#case-state")).to_have_text("核查")
    choice = shop.locator("#form-choice")
    choice.get_by_label("接受柔性执法").check()
    click_and_wait(shop, choice.get_by_role("button", name="提交选择"))
    expect(shop.locator("#form-choice")).to_have_count(0)
    expect(shop.locator("#form-commitment")).to_have_count(0)  # not before the officer starts

    # the officer sees the online choice and starts the flexible path
    officer.reload()
    expect(choice_card).to_contain_text("当事人在线选择")
    take_step(
        officer, "start_flexible", {"flexible_initiated_by": "authority"}, expect_state="柔性执法"
    )

    # the enterprise signs the commitment online
    shop.reload()
    expect(shop.locator("#case-state")).to_have_text("柔性执法")
    form = shop.locator("#form-commitment")
    expect(form.locator("#c-text")).not_to_be_empty()  # the suggested text
    form.locator("#c-deadline").fill(iso(deadline))
    form.locator("#c-name").fill("王店主")
    form.get_by_label("本单位已阅读并自愿作出上述承诺").check()
    click_and_wait(shop, form.get_by_role("button", name="签署承诺书"))
    expect(shop.locator("#form-error")).to_have_count(0)
    expect(shop.locator("#case-state")).to_have_text("承诺")
    expect(_deadline_row(shop, "#party-deadlines", "按承诺书改正完毕")).to_contain_text(
        iso(deadline)
    )
    expect(shop.locator("#form-commitment")).to_have_count(0)  # signed once
    expect(shop.get_by_text("企业端在线签署 · 王店主于")).to_be_visible()
    screenshot(shop, "c-enterprise-after-signing")

    # the officer: the commitment, the re-inspection deadline and its task
    officer.reload()
    expect(state_badge(officer)).to_have_text("承诺")
    expect(officer.locator("#followups-commitments")).to_contain_text("企业端在线签署")
    expect(officer.locator("#followups-commitments")).to_contain_text(iso(deadline))
    expect(officer.locator("tr", has_text="承诺期满复查").first).to_contain_text(iso(deadline))
    task = officer.locator("tr", has_text="复查").filter(has_text="待办")
    expect(task.first).to_contain_text(iso(deadline))
    menu(officer, "我的工作台")
    due = officer.locator("table", has=officer.locator("th")).locator("tr", has_text=number)
    expect(due.filter(has_text=iso(deadline)).first).to_be_visible()
    screenshot(officer, "c-officer-workbench")


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_first_violation_no_penalty_through_commitment_and_reinspection_R_CASE_2_R_CASE_3_R_CASE_5_R_CASE_6(
    open_as: Any, screenshot: Any
) -> None:
    """(a) 首违不罚: lead, verification, the party told it may choose and accepting, the flexible
    path, the engine proposing no penalty (首违不罚), a 行政提示, the commitment signed on paper and
    uploaded, the re-inspection on the deadline (corrected), the head's no-penalty decision,
    service, education, the return visit, closing — with the enterprise's view following."""
    today = _today()
    signed = today - dt.timedelta(days=12)
    deadline = today - dt.timedelta(days=2)

    officer = open_as("officer")
    number = create_lead(
        officer,
        source="inspection",
        party_code=SHOP,
        title="货架上有超过保质期的饮料（货值200元）",
        item_code=ITEM,
        lead_received_on=iso(today - dt.timedelta(days=20)),
        violation_on=iso(today - dt.timedelta(days=21)),
        facts=json.dumps(FIRST_VIOLATION_FACTS),
        officers=["张伟", "刘洋"],
    )
    take_step(officer, "start_verification", expect_state="核查")
    expect(officer.locator("tr", has_text="核查并决定是否立案").first).to_be_visible()

    choice_card = officer.locator("#followups-choice")
    submit_panel_form(
        officer,
        choice_card,
        "告知当事人可选择柔性执法",
        {"offered_on": iso(today - dt.timedelta(days=19))},
    )
    submit_panel_form(officer, choice_card, "记录当事人的选择（当面或书面）", {"chosen": "yes"})
    expect(choice_card).to_contain_text("张伟记录")
    take_step(
        officer, "start_flexible", {"flexible_initiated_by": "authority"}, expect_state="柔性执法"
    )

    # the engine on the facts and the party's platform-wide history: 首违不罚
    click_and_wait(officer, officer.get_by_role("button", name="运行裁量引擎，生成拟处理意见"))
    expect(officer.locator(".messages")).to_contain_text("不予行政处罚")
    expect(officer.locator(".card", has_text="裁量引擎").first).to_contain_text("首违不罚")
    expect(officer.locator(".card", has_text="裁量引擎").first).to_contain_text("初次违法")

    take_step(officer, "measure_reminder", expect_state="柔性执法")

    # the commitment signed on paper, uploaded with its scan
    commitments = officer.locator("#followups-commitments")
    commitments.locator("#fu-p-scan").set_input_files(
        {"name": "承诺书.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    submit_panel_form(
        officer,
        commitments,
        "上传纸质承诺书",
        {
            "text": "本店承诺下架并销毁过期饮料，建立进货查验和临期食品检查制度。",
            "signed_on": iso(signed),
            "deadline": iso(deadline),
            "signer_name": "王店主",
        },
    )
    expect(state_badge(officer)).to_have_text("承诺")
    expect(commitments).to_contain_text("纸质签署后上传")
    expect(commitments.get_by_role("link", name="承诺书.pdf")).to_be_visible()
    expect(officer.locator("tr", has_text="承诺期满复查").first).to_contain_text(iso(deadline))
    # the re-inspection day has come: the task is overdue on the case page and the workbench
    task = officer.locator("tr", has_text="复查").filter(has_text=iso(deadline))
    expect(task.filter(has_text="已逾期").first).to_be_visible()
    menu(officer, "我的工作台")
    overdue = officer.locator("tr.overdue", has_text=number)
    expect(overdue.first).to_contain_text(iso(deadline))

    # the enterprise sees its commitment and the deadline
    shop = open_as("enterprise")
    open_my_case(shop, number)
    expect(shop.locator("#case-state")).to_have_text("承诺")
    expect(_deadline_row(shop, "#party-deadlines", "按承诺书改正完毕")).to_contain_text(
        iso(deadline)
    )
    expect(shop.get_by_text("纸质签署后上传 · 王店主于")).to_be_visible()

    # the re-inspection on the deadline: corrected
    click_and_wait(officer, overdue.first.get_by_role("link", name=number))
    take_step(
        officer,
        "reinspect",
        {"reinspection_on": iso(deadline), "reinspection_result": "corrected"},
        expect_state="复查",
    )
    expect(
        officer.locator("tr", has_text="复查").filter(has_text=iso(deadline)).first
    ).to_contain_text("已完成")

    # the head decides: no penalty (the list-based decision passed legal review)
    head = open_as("head")
    open_case(head, number)
    take_step(
        head,
        "decide_no_penalty",
        {"decided_on": iso(today), "tier": "no_penalty", "legal_review_passed": True},
        expect_state="决定",
    )
    expect(head.locator(".card", has_text="决定：")).to_contain_text("不予行政处罚")

    officer.reload()
    take_step(
        officer,
        "serve",
        {"service_method": "direct", "served_on": iso(today), "service_proof": "送达回证第1号"},
        expect_state="送达",
    )
    education = officer.locator("#followups-education")
    expect(education.locator(".warn-box")).to_be_visible()  # 免罚不免责: education still due
    submit_panel_form(
        officer,
        education,
        "登记教育记录",
        {"content": "讲解食品安全法关于保质期的规定，督促建立临期食品检查制度。"},
    )
    expect(education.locator(".warn-box")).to_have_count(0)
    submit_panel_form(
        officer,
        officer.locator("#followups-visits"),
        "记录回访",
        {
            "correction_account": "过期饮料已销毁，已建立每周临期检查记录。",
            "opinion": "执法人员讲解清楚，给予改正机会。",
            "score": "5",
        },
    )
    expect(officer.locator("#followups-visits")).to_contain_text("评分 5/5")

    shop.reload()
    expect(shop.locator("#case-state")).to_have_text("送达")

    head.reload()
    take_step(head, "close", expect_state="结案")
    expect(head.locator("#event-1")).to_be_visible()
    screenshot(head, "a-case-closed")

    shop.reload()
    expect(shop.locator("#case-state")).to_have_text("结案")
    screenshot(shop, "a-enterprise-closed")


def test_ordinary_procedure_hearing_review_decision_instalments_to_closure_R_CASE_1_R_CASE_9_R_CASE_10(
    open_as: Any, screenshot: Any
) -> None:
    """(b) The ordinary procedure: lead, opening approved by the head, investigation, the engine's
    proposal (a fine with a hearing right), the notice, the party's hearing request, the hearing
    and legal review, the head's decision, service, payment by two instalments approved by the head
    and paid from the bank's receipts, the return visit and closing — with the legal reviewer's
    and the enterprise's views on the way."""
    today = _today()

    def ago(days: int) -> str:
        return iso(today - dt.timedelta(days=days))

    officer = open_as("officer")
    number = create_lead(
        officer,
        source="complaint_12345",
        party_code=SHOP,
        title="经营超过保质期的食品（货值5000元）",
        item_code=ITEM,
        lead_received_on=ago(50),
        violation_on=ago(55),
        facts=json.dumps(ORDINARY_FACTS),
        officers=["张伟", "刘洋"],
    )
    take_step(officer, "start_verification", expect_state="核查")

    head = open_as("head")
    open_case(head, number)
    take_step(
        head, "open_case", {"opening_approved": True, "opened_on": ago(48)}, expect_state="立案"
    )
    expect(head.locator("tr", has_text="作出处理决定").first).to_be_visible()

    officer.reload()
    take_step(officer, "start_investigation", expect_state="调查取证")
    click_and_wait(officer, officer.get_by_role("button", name="运行裁量引擎，生成拟处理意见"))
    proposal = officer.locator(".card", has_text="裁量引擎").first
    expect(proposal).to_contain_text("一般行政处罚")
    fine = proposal.inner_text().split("建议 ", 1)[1].split(" 元", 1)[0]
    assert fine.replace(".", "").isdigit(), fine
    take_step(officer, "record_proposal", expect_state="拟处理意见")
    take_step(officer, "notify", {"notice_served_on": ago(40)}, expect_state="告知")

    shop = open_as("enterprise")
    open_my_case(shop, number)
    expect(shop.locator("#case-state")).to_have_text("告知")

    # the party asked for a hearing in writing the next day; the hearing was held after notice
    take_step(officer, "request_hearing", {"hearing_requested_on": ago(39)}, expect_state="听证")
    take_step(
        officer,
        "submit_legal_review",
        {
            "legal_review_submitted_on": ago(10),
            "hearing_notice_sent_on": ago(38),
            "hearing_held_on": ago(14),
        },
        expect_state="法制审核",
    )
    shop.reload()
    expect(shop.locator("#case-state")).to_have_text("法制审核")

    reviewer = open_as("reviewer")
    open_case(reviewer, number)
    expect(state_badge(reviewer)).to_have_text("法制审核")
    expect(reviewer.locator("tr", has_text="完成法制审核").first).to_be_visible()
    expect(reviewer.locator("form#step-return_from_legal_review")).to_be_visible()

    head.reload()
    take_step(
        head,
        "decide_penalty",
        {
            "decided_on": ago(7),
            "tier": "ordinary",
            "fine_yuan": fine,
            "legal_review_passed": True,
        },
        expect_state="决定",
    )
    expect(head.locator(".card", has_text="决定：")).to_contain_text(f"罚款 {fine}")

    officer.reload()
    take_step(
        officer,
        "serve",
        {"service_method": "direct", "served_on": ago(6), "service_proof": "送达回证第2号"},
        expect_state="送达",
    )
    execution = officer.locator("#panel-execution")
    original_due = iso(today - dt.timedelta(days=6) + dt.timedelta(days=15))
    expect(execution).to_contain_text(original_due)

    # the party applies for instalments (确有经济困难); the officer records, the head approves
    half = f"{int(float(fine)) // 2}"
    rest = f"{int(float(fine)) - int(half)}"
    first_due = iso(today + dt.timedelta(days=9))
    last_due = iso(today + dt.timedelta(days=40))
    execution.locator("summary", has_text="登记暂缓或分期缴纳申请").click()
    submit_panel_form(
        officer,
        execution,
        "登记申请",
        {
            "kind": "instalments",
            "applied_on": ago(5),
            "reason": "受门店装修影响，近两月营业额下降，一次缴纳确有困难。",
            "schedule": f"{first_due} {half}\n{last_due} {rest}",
        },
    )
    expect(execution).to_contain_text("待审批")

    head.reload()
    head_execution = head.locator("#panel-execution")
    submit_panel_form(head, head_execution, "批准", {"note": "同意分两期缴纳"})
    expect(head_execution).to_contain_text("已批准")
    expect(head_execution).to_contain_text(f"经批准分期至 {last_due}")
    expect(head_execution.locator("#court-date")).to_contain_text(last_due)

    shop.reload()
    expect(shop.locator("#case-state")).to_have_text("送达")
    expect(shop.locator("#party-deadlines")).to_contain_text(last_due)
    screenshot(shop, "b-enterprise-instalments")

    # payments from the bank's receipts (罚缴分离)
    officer.reload()
    for amount, receipt in ((half, "NB-2026-000187"), (rest, "NB-2026-000245")):
        execution.locator("summary", has_text="登记缴款").click()
        submit_panel_form(
            officer,
            execution,
            "登记缴款",
            {
                "kind": "fine",
                "amount": amount,
                "paid_on": iso(today),
                "bank": "中国农业银行衡阳县支行",
                "receipt_number": receipt,
            },
        )
        expect(execution).to_contain_text(receipt)
    expect(state_badge(officer)).to_have_text("执行")
    expect(execution.locator("#outstanding")).to_contain_text("0.00 元")

    submit_panel_form(
        officer,
        officer.locator("#followups-visits"),
        "记录回访",
        {
            "correction_account": "过期食品已全部下架销毁，罚款已分期缴清。",
            "opinion": "对处罚无异议。",
            "score": "4",
        },
    )

    head.reload()
    take_step(head, "close", expect_state="结案")
    screenshot(head, "b-case-closed")

    shop.reload()
    expect(shop.locator("#case-state")).to_have_text("结案")
