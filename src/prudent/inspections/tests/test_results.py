"""Results, cancellation, publication, credit entries and list coverage (issue #5 parts 5 and 7;
R-INSP-1, R-INSP-4, R-INSP-5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prudent.calendars.services import schedule_load
from prudent.cases.models import Case
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.credit.models import CreditRecord, InspectionResultEntry
from prudent.entities.models import Entity
from prudent.inspections import results
from prudent.inspections import task_selectors as ts
from prudent.inspections.models import Inspection, InspectionItem, InspectionStatus
from prudent.inspections.services import membership_add
from prudent.inspections.tasks import inspection_open
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

WHITE = "92430421MA4L0C2D58"  # 惠民食品店: white-listed in the demo
KEY = "91430421MA4L0G4H1B"  # 蒸水建材: key-supervision list, no inspection this year in the demo
COOP = "93430421MA4L0E3F35"
SCJG = "衡阳县市场监督管理局"
CASE_ITEM = "HY-FSL-124-1-05"  # the cases demo's 行政处罚事项


def today() -> dt.date:
    return timezone.localdate()


def ent(code: str) -> Entity:
    return Entity.objects.get(code=code)


def open_(demo_user: Any, code: str = KEY, items: tuple[str, ...] = ("SCJG-05",), **kw: Any) -> Any:
    args: dict[str, Any] = {
        "actor": demo_user("head"),
        "entity": ent(code),
        "department": Department.objects.get(name=SCJG),
        "items": [InspectionItem.objects.get(code=c, item_list__status="published") for c in items],
        "inspectors": [demo_user("officer"), demo_user("head")],
        "planned_on": today(),
        "origin": "triggered",
        "trigger": "complaint",
        "trigger_note": "12315-测试",
    }
    args.update(kw)
    return inspection_open(**args)


def record(demo_user: Any, row: Any, who: str = "officer", **kw: Any) -> Any:
    args: dict[str, Any] = {
        "actor": demo_user(who),
        "inspection": row,
        "inspected_on": row.planned_on,
        "outcome": "no_problem",
        "outcome_note": "现场检查未发现问题。",
    }
    args.update(kw)
    return results.inspection_result_record(**args)


def snapshot(row: Any) -> tuple[Any, ...]:
    row = Inspection.objects.get(pk=row.pk)
    return (row.status, row.outcome, row.inspected_on, row.result_due, row.case_id)


# ------------------------------------------------------------------------------- due date


def test_result_is_due_20_working_days_after_the_inspection_over_a_holiday_R_INSP_1(
    demo_user: Any,
) -> None:
    # 2026-09-24 (Thu); 09-25…27 and 10-01…07 are holidays, 10-10 (Sat) is worked
    row = open_(demo_user, planned_on=dt.date(2026, 9, 24))
    row = record(demo_user, row, inspected_on="2026-09-24", on=dt.date(2026, 10, 9))
    assert row.result_due == dt.date(2026, 10, 29)  # weekends only would give 10-22
    assert row.result_due_provisional is False
    assert row.status == InspectionStatus.DONE


def test_a_due_date_over_a_year_without_schedule_is_provisional_and_recomputed_R_INSP_1(
    demo_user: Any,
) -> None:
    row = open_(demo_user, planned_on=dt.date(2026, 12, 18))
    row = record(demo_user, row, inspected_on="2026-12-18", on=dt.date(2026, 12, 21))
    assert row.result_due_provisional is True
    assert row.result_due == dt.date(2027, 1, 15)  # weekends only: 2027 is not loaded
    schedule_load(
        actor="test",
        year=2027,
        holidays=["2027-01-01"],
        makeup_workdays=[],
        source="测试用2027年节假日安排",
    )
    row.refresh_from_db()
    assert (row.result_due, row.result_due_provisional) == (dt.date(2027, 1, 18), False)


# ------------------------------------------------------------------------------- bad input


def test_an_inspection_day_in_the_future_is_refused_and_nothing_stored_R_INSP_1(
    demo_user: Any,
) -> None:
    row = open_(demo_user)
    before = (snapshot(row), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        record(demo_user, row, inspected_on=today() + dt.timedelta(days=1))
    assert exc.value.errors["inspected_on"] == ["检查完成日期不能晚于今天。"]
    assert (snapshot(row), AuditEvent.objects.count()) == before


def test_an_inspection_day_long_before_the_plan_is_refused_R_INSP_1(demo_user: Any) -> None:
    row = open_(demo_user)
    early = row.planned_on - dt.timedelta(days=results.EARLY_MARGIN_DAYS + 1)
    with pytest.raises(ValidationFailed) as exc:
        record(demo_user, row, inspected_on=early)
    assert "不能早于计划检查日期" in exc.value.errors["inspected_on"][0]
    ok = record(demo_user, row, inspected_on=early + dt.timedelta(days=1))
    assert ok.status == InspectionStatus.DONE


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome_note": "  "}, "outcome_note"),
        ({"inspected_on": "2026-13-01"}, "inspected_on"),
        ({"outcome": "order_correct"}, "correction_due"),
        ({"outcome": "no_problem", "correction_due": "2030-01-01"}, "correction_due"),
        ({"outcome": "case"}, "case_item_code"),
        (
            {"outcome": "case", "case_item_code": "NO-SUCH-ITEM", "case_title": "x"},
            "case_item_code",
        ),
    ],
)
def test_bad_result_input_is_refused_in_chinese_and_nothing_stored_R_INSP_1(
    demo_user: Any, kw: dict[str, Any], field: str
) -> None:
    row = open_(demo_user)
    before = (snapshot(row), Case.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        record(demo_user, row, **kw)
    assert field in exc.value.errors
    assert all("\u4e00" <= ch <= "\u9fff" for ch in exc.value.errors[field][0][:1])
    assert (snapshot(row), Case.objects.count(), AuditEvent.objects.count()) == before


def test_a_correction_deadline_must_follow_the_inspection_R_INSP_1(demo_user: Any) -> None:
    row = open_(demo_user)
    with pytest.raises(ValidationFailed) as exc:
        record(demo_user, row, outcome="order_correct", correction_due=row.planned_on)
    assert exc.value.errors["correction_due"] == ["整改期限应晚于检查完成日期。"]
    due = row.planned_on + dt.timedelta(days=15)
    done = record(demo_user, row, outcome="order_correct", correction_due=due)
    assert done.correction_due == due


# ------------------------------------------------------------------------------- case


def test_a_problem_found_opens_a_case_for_the_entity_and_links_it_R_INSP_1(demo_user: Any) -> None:
    row = open_(demo_user)
    done = record(
        demo_user,
        row,
        outcome="case",
        case_item_code=CASE_ITEM,
        case_title="销售不符合食品安全标准的食品",
        outcome_note="发现过期食品12袋。",
    )
    case = done.case
    assert case is not None
    assert case.party_id == row.entity_id
    assert case.source == "inspection"
    assert case.department.name == SCJG
    assert case.lead_received_on == row.planned_on
    assert set(case.officers.values_list("username", flat=True)) >= {"officer"}
    assert Inspection.objects.get(pk=row.pk).case_id == case.pk


def test_only_the_tasks_inspectors_or_a_head_record_the_result_R_INSP_1(demo_user: Any) -> None:
    row = open_(demo_user)
    for who in ("officer2", "cg_officer", "supervisor", "enterprise"):
        with pytest.raises(Forbidden):
            record(demo_user, row, who=who)
    assert snapshot(row)[0] == InspectionStatus.PLANNED
    assert record(demo_user, row, who="head").result_by == "head"


def test_a_result_is_recorded_once_R_INSP_1(demo_user: Any) -> None:
    row = record(demo_user, open_(demo_user))
    with pytest.raises(Conflict):
        record(demo_user, row)


# ------------------------------------------------------------------------------- cancel


def test_a_head_cancels_a_planned_inspection_with_a_reason_audited(demo_user: Any) -> None:
    row = open_(demo_user)
    with pytest.raises(Forbidden):
        results.inspection_cancel(actor=demo_user("officer"), inspection=row, reason="不需要")
    with pytest.raises(ValidationFailed) as exc:
        results.inspection_cancel(actor=demo_user("head"), inspection=row, reason=" ")
    assert exc.value.errors["reason"] == ["请填写取消原因。"]
    assert snapshot(row)[0] == InspectionStatus.PLANNED
    before = AuditEvent.objects.count()
    done = results.inspection_cancel(actor=demo_user("head"), inspection=row, reason="投诉已撤回")
    assert (done.status, done.cancel_reason, done.cancelled_by) == (
        "cancelled",
        "投诉已撤回",
        "head",
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-seq")[0].action == "inspection_cancel"
    with pytest.raises(Conflict):
        results.inspection_cancel(actor=demo_user("head"), inspection=row, reason="再次")


def test_a_done_inspection_cannot_be_cancelled(demo_user: Any) -> None:
    row = record(demo_user, open_(demo_user))
    with pytest.raises(Conflict):
        results.inspection_cancel(actor=demo_user("head"), inspection=row, reason="误登记")


# ------------------------------------------------------------------------------- publish


def natural_person() -> Entity:
    return Entity.objects.create(
        code="430421199001011234",
        name="张三丰",
        kind="natural_person",
        division_code="430421",
        address="衡阳县西渡镇幸福村3组",
    )


def test_publishing_masks_a_natural_persons_name_id_phone_and_address_R_INSP_1(
    demo_user: Any,
) -> None:
    person = natural_person()
    row = record(demo_user, open_(demo_user, code=person.code))
    published = results.inspection_result_publish(
        actor=demo_user("head"),
        inspection=row,
        summary="当事人张三丰，身份证430421199001011234，电话13812345678，住址：衡阳县西渡镇幸福村3组。",
    )
    text = published.result_summary
    for raw in ("张三丰", "430421199001011234", "13812345678", "幸福村3组"):
        assert raw not in text
    assert "张某某" in text
    assert "138****5678" in text
    assert published.public_party_name == "张某某"
    assert published.public_party_code == "430421********1234"


def test_a_business_keeps_its_name_and_code_when_published_R_INSP_1(demo_user: Any) -> None:
    row = record(demo_user, open_(demo_user))
    published = results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    assert published.public_party_name == ent(KEY).name
    assert published.public_party_code == KEY
    assert published.result_summary == "经检查，未发现问题。"


def test_a_no_problem_result_enters_the_credit_file_as_not_negative_R_INSP_1(
    demo_user: Any,
) -> None:
    records = CreditRecord.objects.count()
    row = record(demo_user, open_(demo_user))
    results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    entry = InspectionResultEntry.objects.get(inspection=row)
    assert (entry.entity_id, entry.problem_found, entry.outcome) == (
        row.entity_id,
        False,
        "no_problem",
    )
    assert CreditRecord.objects.count() == records  # not a penalty record


def test_a_problem_result_is_recorded_as_such_but_not_as_a_penalty_record_R_INSP_1(
    demo_user: Any,
) -> None:
    records = CreditRecord.objects.count()
    row = record(
        demo_user,
        open_(demo_user),
        outcome="order_correct",
        correction_due=today() + dt.timedelta(days=10),
    )
    results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    entry = InspectionResultEntry.objects.get(inspection=row)
    assert entry.problem_found is True
    assert entry.outcome_label == "发现问题，责令整改"
    assert "责令限期整改" in entry.summary
    assert CreditRecord.objects.count() == records


def test_only_a_head_publishes_a_recorded_result_once_R_INSP_1(demo_user: Any) -> None:
    row = open_(demo_user)
    with pytest.raises(Conflict):  # no result yet
        results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    row = record(demo_user, row)
    for who in ("officer", "supervisor", "cg_officer"):
        with pytest.raises(Forbidden):
            results.inspection_result_publish(actor=demo_user(who), inspection=row)
    assert not InspectionResultEntry.objects.filter(inspection=row).exists()
    results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    with pytest.raises(Conflict):
        results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    assert InspectionResultEntry.objects.filter(inspection=row).count() == 1


def test_a_too_long_public_text_is_refused_and_nothing_published_R_INSP_1(demo_user: Any) -> None:
    row = record(demo_user, open_(demo_user))
    with pytest.raises(ValidationFailed) as exc:
        results.inspection_result_publish(
            actor=demo_user("head"), inspection=row, summary="长" * 1001
        )
    assert "summary" in exc.value.errors
    assert Inspection.objects.get(pk=row.pk).result_published_on is None
    assert not InspectionResultEntry.objects.filter(inspection=row).exists()


# ------------------------------------------------------------------------------- overdue


def test_an_unpublished_result_past_its_due_date_is_overdue_R_INSP_1(demo_user: Any) -> None:
    row = open_(demo_user, planned_on=today() - dt.timedelta(days=25))
    record(demo_user, row, inspected_on=row.planned_on)
    Inspection.objects.filter(pk=row.pk).update(result_due=today() - dt.timedelta(days=1))
    overdue = list(ts.overdue_results(user=demo_user("head"), today=today()))
    assert row.pk in [r.pk for r in overdue]
    assert row.pk in [r.pk for r in ts.overdue_results(user=demo_user("supervisor"), today=today())]
    results.inspection_result_publish(actor=demo_user("head"), inspection=row)
    assert row.pk not in [r.pk for r in ts.overdue_results(user=demo_user("head"), today=today())]


# ------------------------------------------------------------------------------- coverage


def test_key_list_entities_without_an_inspection_this_year_are_uncovered_R_INSP_5(
    demo_user: Any,
) -> None:
    year = today().year
    assert KEY in [g.entity.code for g in ts.coverage_gaps(year=year)]
    row = open_(demo_user)
    assert KEY not in [g.entity.code for g in ts.coverage_gaps(year=year)]
    results.inspection_cancel(actor=demo_user("head"), inspection=row, reason="改期")
    gaps = {g.entity.code: g for g in ts.coverage_gaps(year=year)}
    assert gaps[KEY].list_labels == ["重点监管清单"]


def test_serious_dishonesty_entities_must_be_covered_too_R_INSP_5(demo_user: Any) -> None:
    year = today().year
    membership_add(
        actor=demo_user("head"),
        entity=ent(COOP),
        list_name="serious_dishonesty",
        valid_from=dt.date(year, 1, 1),
        reason="测试：列入严重违法失信名单",
    )
    gaps = {g.entity.code: g for g in ts.coverage_gaps(year=year)}
    assert gaps[COOP].list_labels == ["严重违法失信名单"]
    assert WHITE not in gaps  # the white list is not a full-coverage list
    open_(demo_user, code=COOP)
    assert COOP not in {g.entity.code for g in ts.coverage_gaps(year=year)}


def test_white_listed_entities_inspected_twice_are_reported_with_their_triggers_R_INSP_4(
    demo_user: Any,
) -> None:
    year = today().year
    assert WHITE not in [r.entity.code for r in ts.white_list_repeats(year=year)]
    open_(demo_user, code=WHITE, items=("SCJG-01",), trigger="", trigger_note="")
    assert WHITE not in [r.entity.code for r in ts.white_list_repeats(year=year)]
    open_(demo_user, code=WHITE, items=("SCJG-02",), trigger="data_signal", trigger_note="监测")
    (rep,) = [r for r in ts.white_list_repeats(year=year) if r.entity.code == WHITE]
    assert [(i.trigger, i.trigger_note) for i in rep.inspections] == [
        ("", ""),
        ("data_signal", "监测"),
    ]


# ------------------------------------------------------------------------ re-inspection 复查


def ordered(demo_user: Any, days_ago: int = 30, due_in: int = 10) -> Any:
    """An inspection done `days_ago` days ago with an order to correct due `due_in` days later."""
    planned = today() - dt.timedelta(days=days_ago)
    row = open_(demo_user, planned_on=planned)
    return record(
        demo_user,
        row,
        outcome="order_correct",
        correction_due=planned + dt.timedelta(days=due_in),
        outcome_note="标签不全，责令整改。",
    )


def reinspect(demo_user: Any, row: Any, who: str = "officer", **kw: Any) -> Any:
    args: dict[str, Any] = {
        "actor": demo_user(who),
        "inspection": row,
        "reinspected_on": today(),
        "corrected": True,
        "note": "已按要求补全标签。",
    }
    args.update(kw)
    return results.inspection_reinspect(**args)


def test_an_order_to_correct_past_its_deadline_is_due_for_reinspection_R_CASE_5(
    demo_user: Any,
) -> None:
    late = ordered(demo_user)
    early = ordered(demo_user, days_ago=5, due_in=10)
    due = list(ts.reinspections_due(user=demo_user("head"), today=today()))
    assert late in due
    assert early not in due
    assert results.reinspection_due(late, today())
    assert not results.reinspection_due(early, today())
    assert late not in ts.reinspections_due(user=demo_user("cg_officer"), today=today())


def test_a_corrected_reinspection_is_recorded_once_audited_and_no_longer_due_R_CASE_5(
    demo_user: Any,
) -> None:
    row = ordered(demo_user)
    done = reinspect(demo_user, row)
    assert (done.reinspected_on, done.reinspection_corrected, done.reinspection_by) == (
        today(),
        True,
        "officer",
    )
    assert done.reinspection_case_id is None
    assert row not in ts.reinspections_due(user=demo_user("head"), today=today())
    event = AuditEvent.objects.filter(action="inspection_reinspect", object_id=str(row.pk)).get()
    assert "已整改" in event.summary
    with pytest.raises(Conflict):
        reinspect(demo_user, row, who="head")


def test_not_corrected_at_reinspection_opens_a_case_and_links_it_R_CASE_5(demo_user: Any) -> None:
    row = ordered(demo_user)
    done = reinspect(
        demo_user,
        row,
        corrected=False,
        note="逾期仍未整改。",
        case_item_code=CASE_ITEM,
        case_title="逾期未按要求整改",
    )
    case = done.reinspection_case
    assert case is not None
    assert (case.party_id, case.source, case.lead_received_on) == (
        row.entity_id,
        "inspection",
        today(),
    )
    assert done.case_id is None
    assert done.reinspection_corrected is False


def test_bad_reinspection_input_is_refused_in_chinese_and_nothing_stored_R_CASE_5(
    demo_user: Any,
) -> None:
    row = ordered(demo_user)
    cases = Case.objects.count()
    bad: list[dict[str, Any]] = [
        {"note": ""},
        {"reinspected_on": today() + dt.timedelta(days=1)},
        {"reinspected_on": row.inspected_on - dt.timedelta(days=1)},
        {"reinspected_on": "2026-13-40"},
        {"corrected": "maybe"},
        {"corrected": False},  # not corrected needs the case's item and title
        {"corrected": False, "case_item_code": "NO-SUCH-ITEM", "case_title": "逾期未整改"},
        {"corrected": True, "case_title": "不应立案"},
    ]
    for kw in bad:
        with pytest.raises(ValidationFailed) as exc:
            reinspect(demo_user, row, **kw)
        assert exc.value.errors, kw
        assert all(
            any("\u4e00" <= ch <= "\u9fff" for ch in m)
            for v in exc.value.errors.values()
            for m in v
        )
    fresh = Inspection.objects.get(pk=row.pk)
    assert (fresh.reinspected_on, fresh.reinspection_corrected, fresh.reinspection_case_id) == (
        None,
        None,
        None,
    )
    assert Case.objects.count() == cases
    assert not AuditEvent.objects.filter(action="inspection_reinspect").exists()


def test_only_an_order_to_correct_is_reinspected_and_only_by_its_inspectors_or_a_head_R_CASE_5(
    demo_user: Any,
) -> None:
    row = ordered(demo_user)
    for who in ("officer2", "cg_officer", "supervisor", "enterprise"):
        with pytest.raises(Forbidden):
            reinspect(demo_user, row, who=who)
    fine = record(demo_user, open_(demo_user, code=COOP))
    with pytest.raises(Conflict):
        reinspect(demo_user, fine)
    planned = open_(demo_user, code=WHITE, trigger="complaint")
    with pytest.raises(Conflict):
        reinspect(demo_user, planned)
