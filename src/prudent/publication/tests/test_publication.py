"""Publication of penalty decisions (issue #4 part 9; R-CASE-12, R-PUB-2).

The demo's decided case “（演示）经营超过保质期的食品（货值5000元）” (a 个体工商户, fine + the
item's other kinds) is published by the demo step; tests that publish again first remove that demo
publication (inside the test transaction), and change the party or the decision of the row to make
a natural person, a minor or a warning-only decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from lawcore.identifiers import citizen_id_check_char
from prudent.calendars.services import current_calendar
from prudent.cases.models import Case, CaseEvent
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.publication import selectors
from prudent.publication.models import Publication
from prudent.publication.services import (
    publication_decision_changed,
    publication_expire,
    publication_publish,
    publication_withdraw,
)

pytestmark = pytest.mark.django_db


def _citizen_id(first17: str) -> str:
    return first17 + citizen_id_check_char(first17)


ADULT_ID = _citizen_id("43042119770815031")
MINOR_ID = _citizen_id("43042120120601093")
THIRD_ID = _citizen_id("43042119900101074")


@pytest.fixture
def case() -> Case:
    """The demo decided case, unpublished."""
    c = Case.objects.get(title__startswith="（演示）", title__contains="货值5000元")
    Publication.objects.filter(case=c).delete()
    return c


def _person(code: str, name: str = "张小明") -> Entity:
    return Entity.objects.create(
        code=code,
        name=name,
        kind="natural_person",
        division_code="430421",
        address="衡阳县西渡镇幸福路1号",
    )


def _with_party(case: Case, party: Entity) -> Case:
    Case.objects.filter(pk=case.pk).update(party=party)
    return Case.objects.get(pk=case.pk)


def test_business_is_published_by_name_within_20_working_days_R_CASE_12(
    case: Case, demo_user: Any
) -> None:
    on = case.decided_on + dt.timedelta(days=1)
    pub = publication_publish(actor=demo_user("head"), case=case, on=on)
    assert pub.party_name == case.party.name  # a 个体工商户 by its name
    assert pub.party_code == case.party.code
    assert pub.authority == "衡阳县市场监督管理局"
    assert "罚款人民币" in pub.penalty_content
    expected = current_calendar().add_working_days(case.decided_on, 20)
    assert pub.due_by == expected.date
    assert current_calendar().working_days_between(case.decided_on, pub.due_by).days == 20
    case.refresh_from_db()
    assert case.snapshot["published_on"] == on.isoformat()
    assert case.events.filter(transition="record", note__contains="公示").exists()
    assert AuditEvent.objects.filter(action="publication_publish", object_id=str(pub.pk)).exists()


def test_natural_person_shown_as_mou_mou_and_text_masked_R_CASE_12(
    case: Case, demo_user: Any
) -> None:
    case = _with_party(case, _person(ADULT_ID))
    text = (
        f"当事人张小明，身份证号码{ADULT_ID}，住址：衡阳县西渡镇幸福路1号，联系电话13812341234，"
        f"开户账号6222021234567890123。证人李四（身份证号码{THIRD_ID}，电话0734-6812345）证实。"
        "张小明在蒸阳北路经营。"
    )
    pub = publication_publish(
        actor=demo_user("head"), case=case, on=case.decided_on, text=text, third_parties="李四"
    )
    assert pub.party_name == "张某某"
    assert ADULT_ID not in pub.party_code
    for raw in (
        "张小明",
        "小明",
        ADULT_ID,
        THIRD_ID,
        "幸福路",
        "13812341234",
        "6222021234567890123",
        "李四",
        "6812345",
    ):
        assert raw not in pub.text, raw
    assert "张某某" in pub.text
    assert "李某某" in pub.text
    assert "138****1234" in pub.text


def test_composed_text_of_a_natural_person_is_masked_too_R_CASE_12(
    case: Case, demo_user: Any
) -> None:
    case = _with_party(case, _person(ADULT_ID, "欧阳娜娜"))
    pub = publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    assert pub.party_name == "欧阳某某"
    assert "娜娜" not in pub.text
    assert ADULT_ID not in pub.text
    assert "幸福路" not in pub.text
    assert "行政处罚内容" in pub.text


def test_minor_is_never_published_nor_on_the_portal_R_CASE_12(
    case: Case, demo_user: Any, client_as: Any
) -> None:
    case = _with_party(case, _person(MINOR_ID, "王小红"))
    with pytest.raises(Conflict) as exc:
        publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    assert "未成年人" in exc.value.message
    assert not Publication.objects.filter(case=case).exists()
    page = client_as(None).get(reverse("portal:decisions"), {"q": "王"})
    assert "王某某" not in page.content.decode()
    # the panel says why, and offers no publish form
    html = client_as("head").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "不予公示" in html
    assert reverse("publication:publish", args=[case.pk]) not in html


def test_warning_only_decision_is_not_published_R_CASE_12(case: Case, demo_user: Any) -> None:
    decision = {**case.decision, "penalty_kinds": ["warning"], "fine_yuan": None}
    Case.objects.filter(pk=case.pk).update(decision=decision)
    case.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    assert "仅受到警告" in exc.value.message
    assert not Publication.objects.filter(case=case).exists()


def test_undecided_case_is_not_published_R_CASE_12(demo_user: Any) -> None:
    lead = Case.objects.get(title__startswith="（演示）群众举报")
    with pytest.raises(Conflict):
        publication_publish(actor=demo_user("head"), case=lead)
    assert not Publication.objects.filter(case=lead).exists()


def test_only_heads_publish_R_CASE_12(case: Case, demo_user: Any) -> None:
    with pytest.raises(Forbidden):
        publication_publish(actor=demo_user("officer"), case=case, on=case.decided_on)
    with pytest.raises(Conflict):  # published once only
        publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
        publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)


def test_publication_before_the_decision_is_refused_and_nothing_written(
    case: Case, demo_user: Any
) -> None:
    events = case.events.count()
    with pytest.raises(ValidationFailed) as exc:
        publication_publish(
            actor=demo_user("head"), case=case, on=case.decided_on - dt.timedelta(days=1)
        )
    assert "on" in exc.value.errors
    assert case.events.count() == events
    assert not Publication.objects.filter(case=case).exists()


def test_failure_half_way_leaves_nothing_R_CASE_12(
    case: Case, demo_user: Any, monkeypatch: Any
) -> None:
    def boom(**_kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr("prudent.publication.services.audit_append", boom)
    before = (case.lock_version, case.events.count(), case.snapshot.get("published_on"))
    with pytest.raises(RuntimeError):
        publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    case.refresh_from_db()
    assert not Publication.objects.filter(case=case).exists()
    assert (case.lock_version, case.events.count(), case.snapshot.get("published_on")) == before


def test_withdrawn_after_correction_within_3_working_days_R_CASE_12(
    case: Case, demo_user: Any, client_as: Any
) -> None:
    pub = publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    detail = reverse("portal:decision", args=[pub.pk])
    assert client_as(None).get(detail).status_code == 200
    changed = case.decided_on + dt.timedelta(days=5)
    out = publication_decision_changed(
        actor=demo_user("head"), case=case, changed_on=changed, reason="决定已被撤销", on=changed
    )
    assert out is not None
    pub.refresh_from_db()
    assert pub.withdrawn_on == changed
    assert pub.withdraw_kind == "decision_changed"
    assert pub.withdrawal_due == current_calendar().add_working_days(changed, 3).date
    case.refresh_from_db()
    assert case.snapshot["decision_changed_on"] == changed.isoformat()
    assert case.snapshot["publication_withdrawn_on"] == changed.isoformat()
    assert client_as(None).get(detail).status_code == 404
    assert pub.number not in client_as(None).get(reverse("portal:decisions")).content.decode()
    # nothing published any more: a second change withdraws nothing
    assert (
        publication_decision_changed(actor=None, case=case, changed_on=changed, reason="再次变更")
        is None
    )


def test_withdraw_needs_a_reason_and_a_head(case: Case, demo_user: Any) -> None:
    pub = publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    with pytest.raises(ValidationFailed) as exc:
        publication_withdraw(actor=demo_user("head"), publication=pub, reason=" ")
    assert "reason" in exc.value.errors
    with pytest.raises(Forbidden):
        publication_withdraw(actor=demo_user("officer"), publication=pub, reason="错误")
    pub.refresh_from_db()
    assert pub.withdrawn_on is None


def test_expires_after_the_end_of_its_period_R_CASE_12(case: Case, demo_user: Any) -> None:
    pub = publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    last = pub.withdraw_on
    assert last > pub.published_on
    assert selectors.public_decision(pk=pub.pk, today=last).pk == pub.pk  # shown on its last day
    assert publication_expire(on=last) == []
    done = publication_expire(on=last + dt.timedelta(days=1))
    assert [p.pk for p in done] == [pub.pk]
    pub.refresh_from_db()
    assert pub.withdraw_kind == "expired"
    assert pub.withdrawn_on == last + dt.timedelta(days=1)
    assert pub.pk not in [p.pk for p in selectors.public_decisions(today=last)]


def test_cli_expire_withdraws_ended_periods(case: Case, demo_user: Any, capsys: Any) -> None:
    from prudent.cli import main

    pub = publication_publish(actor=demo_user("head"), case=case, on=case.decided_on)
    after = pub.withdraw_on + dt.timedelta(days=1)
    assert main(["publication", "expire", "--on", after.isoformat()]) == 0
    assert "1 publication(s) withdrawn" in capsys.readouterr().out
    pub.refresh_from_db()
    assert pub.withdrawn_on == after
    assert main(["publication", "expire", "--on", "2026-02-30"]) == 2


def test_public_page_shows_only_what_it_must_R_PUB_2(
    case: Case, demo_user: Any, client_as: Any
) -> None:
    case = _with_party(case, _person(ADULT_ID))
    pub = publication_publish(
        actor=demo_user("head"),
        case=case,
        on=case.decided_on,
        text=f"当事人张小明（{ADULT_ID}），电话13812341234。",
    )
    html = client_as(None).get(reverse("portal:decision", args=[pub.pk])).content.decode()
    summary, _, body = html.partition("行政处罚决定书</h2>")
    for label in (
        "行政处罚信息摘要",
        "决定书文号",
        "违法行为类型",
        "行政处罚内容",
        "作出决定的机关",
    ):
        assert label in summary
    assert pub.number in summary
    assert "张某某" in summary
    assert "138****1234" in body
    for raw in ("张小明", ADULT_ID, "13812341234", "幸福路", str(case.party.pk) + "/"):
        assert raw not in html, raw
    listing = client_as(None).get(reverse("portal:decisions"), {"q": "张某某"}).content.decode()
    assert pub.number in listing
    assert "张小明" not in listing


def test_portal_lists_and_searches_published_decisions_R_PUB_2(client_as: Any) -> None:
    demo = Publication.objects.get(case__title__contains="货值5000元")
    page = client_as(None).get(reverse("portal:decisions"))
    assert page.status_code == 200
    assert demo.number in page.content.decode()
    miss = client_as(None).get(reverse("portal:decisions"), {"q": "不存在的关键词"})
    assert demo.number not in miss.content.decode()


def test_panel_forms_publish_and_withdraw_for_heads(case: Case, client_as: Any) -> None:
    head = client_as("head")
    page = head.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "应公示期限" in page
    r = head.post(
        reverse("publication:publish", args=[case.pk]), {"on": case.decided_on.isoformat()}
    )
    assert r.status_code == 302
    pub = Publication.objects.get(case=case, withdrawn_on__isnull=True)
    r = head.post(reverse("publication:withdraw", args=[pub.pk]), {"reason": ""})
    assert r.status_code == 422
    assert "撤回理由" in r.content.decode()
    r = head.post(
        reverse("publication:withdraw", args=[pub.pk]),
        {"reason": "决定已变更", "kind": "decision_changed"},
    )
    assert r.status_code == 302
    pub.refresh_from_db()
    assert pub.withdrawn_on is not None
    officer = client_as("officer")
    assert officer.post(reverse("publication:publish", args=[case.pk])).status_code == 403
    assert CaseEvent.objects.filter(case=case, note__contains="撤回").exists()
