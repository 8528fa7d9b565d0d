"""Opening inspection tasks: the once-a-year rules, inspectors and items (issue #5 parts 3–5;
R-INSP-3, R-INSP-4, APL 42–43)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prudent.core.errors import Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.inspections.models import Inspection, InspectionItem, InspectionStatus
from prudent.inspections.tasks import inspection_open
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

WHITE = "92430421MA4L0C2D58"  # 惠民食品店: white-listed in the demo
KEY = "91430421MA4L0G4H1B"  # 蒸水建材: key-supervision list
CONFLICTED = "91430421MA4L0A1B7B"  # 蒸湘餐饮: officer2 declared a conflict
SCJG = "衡阳县市场监督管理局"


def ent(code: str) -> Entity:
    return Entity.objects.get(code=code)


def item(code: str) -> InspectionItem:
    return InspectionItem.objects.get(code=code, item_list__status="published")


def today() -> dt.date:
    return timezone.localdate()


def open_(demo_user: Any, code: str, items: list[str], **kw: Any) -> Inspection:
    args: dict[str, Any] = {
        "actor": demo_user("head"),
        "entity": ent(code),
        "department": Department.objects.get(name=SCJG),
        "items": [item(c) for c in items],
        "inspectors": [demo_user("officer"), demo_user("head")],
        "planned_on": today(),
        "origin": "triggered",
    }
    args.update(kw)
    return inspection_open(**args)


def test_an_opened_inspection_is_stored_with_its_parts_and_audited_R_INSP_1(
    demo_user: Any,
) -> None:
    before = AuditEvent.objects.count()
    row = open_(demo_user, KEY, ["SCJG-01"])
    assert row.status == InspectionStatus.PLANNED
    assert [d.name for d in row.departments.all()] == [SCJG]
    assert {u.username for u in row.inspectors.all()} == {"officer", "head"}
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-seq")[0].action == "inspection_open"


def test_white_listed_entity_is_inspected_at_most_once_a_year_R_INSP_4(demo_user: Any) -> None:
    open_(demo_user, WHITE, ["SCJG-01"])
    with pytest.raises(ValidationFailed) as exc:
        open_(demo_user, WHITE, ["SCJG-02"])
    assert "白名单" in " ".join(exc.value.errors["trigger"])
    this_year = Inspection.objects.filter(entity__code=WHITE, planned_on__year=today().year)
    assert this_year.count() == 1


def test_white_listed_entity_may_be_inspected_again_on_a_recorded_complaint_R_INSP_4(
    demo_user: Any,
) -> None:
    open_(demo_user, WHITE, ["SCJG-01"])
    row = open_(demo_user, WHITE, ["SCJG-02"], trigger="complaint", trigger_note="12315-0042")
    assert row.trigger == "complaint"
    assert row.trigger_note == "12315-0042"


def test_a_special_campaign_does_not_open_a_white_listed_entity_again_R_INSP_4(
    demo_user: Any,
) -> None:
    open_(demo_user, WHITE, ["SCJG-01"])
    with pytest.raises(ValidationFailed):
        open_(demo_user, WHITE, ["SCJG-02"], trigger="campaign", trigger_note="夏季食品专项")


def test_a_cancelled_inspection_does_not_count_for_the_year_R_INSP_4(demo_user: Any) -> None:
    first = open_(demo_user, WHITE, ["SCJG-01"])
    Inspection.objects.filter(pk=first.pk).update(status=InspectionStatus.CANCELLED)
    assert open_(demo_user, WHITE, ["SCJG-01"]).pk != first.pk


def test_same_type_again_in_the_year_is_refused_without_a_reason_R_INSP_3(
    demo_user: Any,
) -> None:
    open_(demo_user, KEY, ["SCJG-01", "SCJG-02"])
    with pytest.raises(ValidationFailed) as exc:
        open_(demo_user, KEY, ["SCJG-02"])
    assert "同一年度不得单独重复检查" in " ".join(exc.value.errors["trigger"])
    # a different type is another matter
    assert open_(demo_user, KEY, ["SCJG-03"]).pk


@pytest.mark.parametrize("trigger", ["complaint", "assigned", "referral", "campaign"])
def test_same_type_again_is_allowed_for_the_four_recorded_reasons_R_INSP_3(
    demo_user: Any, trigger: str
) -> None:
    open_(demo_user, KEY, ["SCJG-01"])
    row = open_(demo_user, KEY, ["SCJG-01"], trigger=trigger, trigger_note="文件/编号")
    assert row.trigger == trigger


def test_a_big_data_lead_is_not_a_reason_for_same_type_again_R_INSP_3(demo_user: Any) -> None:
    open_(demo_user, KEY, ["SCJG-01"])
    with pytest.raises(ValidationFailed):
        open_(demo_user, KEY, ["SCJG-01"], trigger="data_signal", trigger_note="监测预警")


def test_a_trigger_needs_its_reason_written_down_R_INSP_3(demo_user: Any) -> None:
    before = Inspection.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        open_(demo_user, KEY, ["SCJG-01"], trigger="complaint", trigger_note=" ")
    assert "trigger_note" in exc.value.errors
    assert Inspection.objects.count() == before


def test_last_years_inspection_does_not_count_R_INSP_4(demo_user: Any) -> None:
    open_(demo_user, WHITE, ["SCJG-01"])
    Inspection.objects.filter(entity__code=WHITE).update(planned_on=dt.date(today().year - 1, 6, 1))
    assert open_(demo_user, WHITE, ["SCJG-01"]).pk


def test_at_least_two_inspectors_APL_42(demo_user: Any) -> None:
    before = Inspection.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        open_(demo_user, KEY, ["SCJG-01"], inspectors=[demo_user("officer")])
    assert "不得少于2人" in exc.value.errors["inspectors"][0]
    assert Inspection.objects.count() == before


def test_an_inspector_with_a_declared_conflict_is_refused_APL_43(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        open_(
            demo_user,
            CONFLICTED,
            ["SCJG-01"],
            inspectors=[demo_user("officer"), demo_user("officer2")],
        )
    assert any("利益冲突" in m for m in exc.value.errors["inspectors"])


def test_an_inspector_without_a_valid_certificate_is_refused_R_CASE_13(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        open_(
            demo_user,
            KEY,
            ["SCJG-01"],
            inspectors=[demo_user("officer"), demo_user("officer2")],
            planned_on=today() + dt.timedelta(days=60),  # officer2's certificate has expired
        )
    assert any("刘洋" in m for m in exc.value.errors["inspectors"])


def test_an_inspector_of_another_department_is_refused_R_INSP_1(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        open_(
            demo_user,
            KEY,
            ["SCJG-01"],
            inspectors=[demo_user("officer"), demo_user("cg_officer")],
        )
    assert any("不属于参加检查的部门" in m for m in exc.value.errors["inspectors"])


def test_items_must_come_from_a_published_list_of_a_taking_part_department_R_INSP_1(
    demo_user: Any,
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        open_(demo_user, KEY, [])
    assert "items" in exc.value.errors
    cg = Department.objects.get(name="衡阳县城市管理和综合执法局")
    with pytest.raises(ValidationFailed) as exc:
        open_(
            demo_user,
            KEY,
            ["SCJG-01"],
            department=cg,
            actor="system",
            inspectors=[demo_user("cg_officer"), demo_user("xd_officer")],
        )
    assert "items" in exc.value.errors


def test_only_staff_of_a_taking_part_department_may_open_R_INSP_1(demo_user: Any) -> None:
    with pytest.raises(Forbidden):
        open_(demo_user, KEY, ["SCJG-01"], actor=demo_user("cg_officer"))
    with pytest.raises(Forbidden):
        open_(demo_user, KEY, ["SCJG-01"], actor=demo_user("supervisor"))
