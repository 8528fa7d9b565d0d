"""Services of the inspection directories (issue #5 part 1; R-INSP-1/2/4/5, R-CRED-2)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest

from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.inspections import services
from prudent.inspections.models import (
    EntitySupervision,
    InspectionItem,
    InspectionItemList,
    InspectorConflict,
    ListMembership,
)
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

D = dt.date
PLAIN = "91430421MA4L0A1B7B"  # 蒸湘餐饮: class B, on no list in the demo


def ent(code: str = PLAIN) -> Entity:
    return Entity.objects.get(code=code)


def test_demo_has_classes_lists_conflict_and_a_published_item_list_R_INSP_1() -> None:
    assert EntitySupervision.objects.get(entity__code="92430421MA4L0C2D58").credit_class == "A"
    assert ListMembership.objects.filter(
        list="white_list", entity__code="92430421MA4L0C2D58"
    ).exists()
    assert ListMembership.objects.filter(list="key_supervision").exists()
    assert InspectorConflict.objects.filter(inspector__username="officer2").exists()
    lst = InspectionItemList.objects.get(department__name="衡阳县市场监督管理局")
    assert lst.is_published
    assert lst.items.count() >= 5
    assert all("UNVERIFIED" in i.note for i in lst.items.all())


def test_credit_class_set_is_audited_and_refuses_unknown_class_R_CRED_2(demo_user: Any) -> None:
    head = demo_user("head")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.credit_class_set(
            actor=head, entity=ent(), credit_class="E", since=D(2026, 1, 1), reason="x"
        )
    assert "credit_class" in exc.value.errors
    assert AuditEvent.objects.count() == before
    services.credit_class_set(
        actor=head, entity=ent(), credit_class="C", since=D(2026, 1, 1), reason="投诉"
    )
    assert EntitySupervision.objects.get(entity=ent()).credit_class == "C"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "credit_class_set"


def test_officer_may_not_set_the_class_R_CRED_2(demo_user: Any) -> None:
    with pytest.raises(Forbidden):
        services.credit_class_set(
            actor=demo_user("officer"),
            entity=ent(),
            credit_class="A",
            since=D(2026, 1, 1),
            reason="x",
        )


def test_membership_dates_must_be_in_order_R_INSP_4(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.membership_add(
            actor=demo_user("head"),
            entity=ent(),
            list_name="white_list",
            valid_from=D(2026, 5, 1),
            valid_to=D(2026, 4, 1),
            reason="示范",
        )
    assert exc.value.errors["valid_to"] == ["移出日期不能早于列入日期。"]
    assert not ListMembership.objects.filter(entity=ent()).exists()


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (D(2026, 3, 1), D(2026, 3, 31), True),  # inside
        (D(2025, 12, 1), D(2026, 1, 1), True),  # touches the first day
        (D(2026, 6, 30), None, True),  # starts on the last day
        (D(2025, 1, 1), D(2025, 12, 31), False),  # before
        (D(2026, 7, 1), None, False),  # after
    ],
)
def test_no_overlapping_membership_of_one_list_R_INSP_5(
    demo_user: Any, start: dt.date, end: dt.date | None, overlaps: bool
) -> None:
    head = demo_user("head")
    services.membership_add(
        actor=head,
        entity=ent(),
        list_name="key_supervision",
        valid_from=D(2026, 1, 1),
        valid_to=D(2026, 6, 30),
        reason="投诉集中",
    )
    add = lambda: services.membership_add(  # noqa: E731
        actor=head,
        entity=ent(),
        list_name="key_supervision",
        valid_from=start,
        valid_to=end,
        reason="再次",
    )
    if overlaps:
        with pytest.raises(ValidationFailed) as exc:
            add()
        assert "不能重叠" in exc.value.errors["valid_from"][0]
        assert ListMembership.objects.filter(entity=ent()).count() == 1
    else:
        add()
        assert ListMembership.objects.filter(entity=ent()).count() == 2
    # another list is independent
    services.membership_add(
        actor=head, entity=ent(), list_name="white_list", valid_from=D(2026, 2, 1), reason="示范"
    )


def test_end_membership_once_and_not_before_start_R_INSP_4(demo_user: Any) -> None:
    head = demo_user("head")
    m = services.membership_add(
        actor=head, entity=ent(), list_name="white_list", valid_from=D(2026, 2, 1), reason="示范"
    )
    with pytest.raises(ValidationFailed):
        services.membership_end(actor=head, membership=m, valid_to=D(2026, 1, 1), reason="撤销")
    services.membership_end(actor=head, membership=m, valid_to=D(2026, 8, 1), reason="发生违法行为")
    assert m.valid_to == D(2026, 8, 1)
    with pytest.raises(Conflict):
        services.membership_end(actor=head, membership=m, valid_to=D(2026, 9, 1), reason="再次")


def test_membership_is_atomic_with_its_audit_R_INSP_5(demo_user: Any) -> None:
    with (
        mock.patch("prudent.inspections.services.audit_append", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.membership_add(
            actor=demo_user("head"),
            entity=ent(),
            list_name="white_list",
            valid_from=D(2026, 2, 1),
            reason="示范",
        )
    assert not ListMembership.objects.filter(entity=ent()).exists()


def test_conflict_declare_by_self_and_withdraw_R_INSP_1(demo_user: Any) -> None:
    officer = demo_user("officer")
    c = services.conflict_declare(
        actor=officer,
        inspector=officer,
        entity=ent(),
        reason="曾在该公司任职",
        declared_on=D(2026, 3, 1),
    )
    with pytest.raises(ValidationFailed):  # a second open declaration of the same pair
        services.conflict_declare(
            actor=officer, inspector=officer, entity=ent(), reason="重复", declared_on=D(2026, 3, 2)
        )
    with pytest.raises(Forbidden):  # an officer declares only its own conflicts
        services.conflict_declare(
            actor=officer,
            inspector=demo_user("legal_reviewer"),
            entity=ent(),
            reason="代报",
            declared_on=D(2026, 3, 1),
        )
    services.conflict_withdraw(actor=officer, conflict=c, on=D(2026, 4, 1), reason="已离职满三年")
    assert c.withdrawn_on == D(2026, 4, 1)
    assert AuditEvent.objects.filter(
        action="inspector_conflict_withdraw", object_id=str(c.pk)
    ).exists()


def _market() -> Department:
    return Department.objects.get(name="衡阳县市场监督管理局")


def test_new_version_is_a_copy_and_published_versions_are_immutable_R_INSP_1(
    demo_user: Any,
) -> None:
    head = demo_user("head")
    v1 = InspectionItemList.objects.get(department=_market(), version=1)
    with pytest.raises(Conflict):
        services.item_add(
            actor=head,
            item_list=v1,
            code="X-1",
            name="n",
            basis="b",
            subject="s",
            content="c",
            method="m",
        )
    item = v1.items.first()
    assert item is not None
    item.name = "改名"
    with pytest.raises(Conflict):
        item.save()
    with pytest.raises(Conflict):
        services.item_remove(actor=head, item=item)
    v2 = services.item_list_new_version(
        actor=head, department=_market(), effective_from=D(2027, 1, 1)
    )
    assert v2.version == 2
    assert v2.based_on_id == v1.pk
    assert not v2.is_published
    assert sorted(v2.items.values_list("code", flat=True)) == sorted(
        v1.items.values_list("code", flat=True)
    )
    with pytest.raises(Conflict):  # one draft at a time
        services.item_list_new_version(
            actor=head, department=_market(), effective_from=D(2027, 2, 1)
        )
    services.item_add(
        actor=head,
        item_list=v2,
        code="SCJG-99",
        name="新增事项",
        basis="依据",
        subject="对象",
        content="内容",
        method="现场检查",
        kind="key",
    )
    services.item_remove(actor=head, item=v2.items.get(code="SCJG-01"))
    services.item_list_publish(actor=head, item_list=v2, on=D(2026, 12, 20))
    assert v2.is_published
    assert v1.items.filter(code="SCJG-01").exists()  # the old version is untouched
    assert not v1.items.filter(code="SCJG-99").exists()


def test_item_fields_are_required_and_name_the_field_R_INSP_1(demo_user: Any) -> None:
    head = demo_user("head")
    v2 = services.item_list_new_version(
        actor=head, department=_market(), effective_from=D(2027, 1, 1)
    )
    with pytest.raises(ValidationFailed) as exc:
        services.item_add(
            actor=head,
            item_list=v2,
            code="A",
            name="",
            basis="",
            subject="s",
            content="c",
            method="m",
            kind="odd",
        )
    assert set(exc.value.errors) == {"name", "basis", "kind"}
    assert InspectionItem.objects.filter(item_list=v2).count() == 6


def test_head_may_not_edit_another_departments_list_R_INSP_1(demo_user: Any) -> None:
    other = Department.objects.get(name="衡阳县城市管理和综合执法局")
    before = InspectionItemList.objects.filter(department=other).count()
    with pytest.raises(Forbidden):
        services.item_list_new_version(
            actor=demo_user("head"), department=other, effective_from=D(2027, 1, 1)
        )
    assert InspectionItemList.objects.filter(department=other).count() == before


def test_empty_list_cannot_be_published_R_INSP_1(demo_user: Any) -> None:
    # a department without any list yet (a new version of an existing list starts as a copy)
    other = Department.objects.filter(inspection_item_lists__isnull=True).order_by("pk").first()
    assert other is not None
    lst = services.item_list_new_version(
        actor="cli", department=other, effective_from=D(2027, 1, 1)
    )
    with pytest.raises(ValidationFailed):
        services.item_list_publish(actor="cli", item_list=lst, on=D(2027, 1, 1))
    lst.refresh_from_db()
    assert not lst.is_published
