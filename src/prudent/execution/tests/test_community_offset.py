"""公益抵罚 where the rulebook item allows it (issue #4 part 7; R-CASE-10): the 衡阳县 demo item
HY-FSL-124-1-05 allows up to 20 % of the fine at 200 yuan an hour; an application is approved by
the head and, once completed, reduces the outstanding fine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from prudent.cases.models import Case
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.execution import services
from prudent.execution.models import CommunityServiceOffset
from prudent.execution.selectors import MSG_NO_OFFSET, execution_summary
from prudent.execution.tests.test_execution import served  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _apply(case: Case, user: Any, hours: int, **kw: Any) -> CommunityServiceOffset:
    case.refresh_from_db()
    return services.community_offset_record(
        actor=user,
        case=case,
        lock_version=case.lock_version,
        description="社区食品安全宣传志愿服务",
        hours=hours,
        **kw,
    )


def _approve(offset: CommunityServiceOffset, head: Any) -> CommunityServiceOffset:
    offset.case.refresh_from_db()
    return services.community_offset_approve(
        actor=head, offset=offset, lock_version=offset.case.lock_version
    )


def _complete(offset: CommunityServiceOffset, user: Any) -> CommunityServiceOffset:
    offset.case.refresh_from_db()
    return services.community_offset_complete(
        actor=user,
        offset=offset,
        lock_version=offset.case.lock_version,
        completed_on=TODAY.isoformat(),
        completion_record="社区居委会出具服务证明，执法人员核实",
    )


def test_an_approved_and_completed_offset_reduces_the_outstanding_fine_R_CASE_10(
    served: Any,  # noqa: F811
    demo_user: Any,
) -> None:
    case = served("1000.00")
    officer, head = demo_user("officer"), demo_user("head")
    offset = _apply(case, officer, 1)
    assert offset.offset_amount == Decimal("200.00")  # 1 hour × 200 yuan (the rulebook's rate)
    assert "常政办发〔2025〕5号" in offset.basis
    # applied and approved: not yet credited
    assert execution_summary(case, TODAY).outstanding_fine == Decimal("1000.00")
    with pytest.raises(Conflict):
        _complete(offset, officer)  # not approved yet
    with pytest.raises(Forbidden):
        _approve(offset, officer)
    offset = _approve(offset, head)
    assert execution_summary(case, TODAY).outstanding_fine == Decimal("1000.00")
    offset = _complete(offset, officer)
    summary = execution_summary(case, TODAY)
    assert offset.status == CommunityServiceOffset.Status.COMPLETED
    assert summary.outstanding_fine == Decimal("800.00")
    assert summary.offset_credit == Decimal("200.00")
    assert summary.to_json()["community_service_offset"]["allowed"] is True


def test_offsets_are_capped_at_the_rulebook_share_of_the_fine_R_CASE_10(
    served: Any,  # noqa: F811
    demo_user: Any,
) -> None:
    case = served("1000.00")  # 20 % → at most 200 yuan
    officer = demo_user("officer")
    with pytest.raises(ValidationFailed) as exc:
        _apply(case, officer, 2)  # 400 yuan
    assert "200" in exc.value.errors["offset_amount"][0]
    _apply(case, officer, 1)
    with pytest.raises(ValidationFailed):
        _apply(case, officer, 1)  # the pending application counts towards the cap
    assert CommunityServiceOffset.objects.filter(case=case).count() == 1


def test_an_item_without_the_provision_is_refused_and_nothing_is_written_R_CASE_10(
    served: Any,  # noqa: F811
    demo_user: Any,
) -> None:
    case = served("1000.00")
    Case.objects.filter(pk=case.pk).update(rulebook_id="cn-samr", item_code="CN-SAMR-FSL-124-1-05")
    case.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        _apply(case, demo_user("officer"), 1)
    assert exc.value.errors["community_service"] == [MSG_NO_OFFSET]
    assert not CommunityServiceOffset.objects.filter(case=case).exists()
    assert execution_summary(case, TODAY).to_json()["community_service_offset"]["allowed"] is False


def test_bad_input_names_the_fields_and_a_failing_audit_leaves_nothing_R_CASE_10(
    served: Any,  # noqa: F811
    demo_user: Any,
) -> None:
    case = served("1000.00")
    officer = demo_user("officer")
    case.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        services.community_offset_record(
            actor=officer,
            case=case,
            lock_version=case.lock_version,
            description="",
            hours="x",
            offset_amount="150",
        )
    assert set(exc.value.errors) >= {"description", "hours"}
    with pytest.raises(ValidationFailed) as exc:
        _apply(case, officer, 1, offset_amount="150")  # the rate fixes 200
    assert "offset_amount" in exc.value.errors
    events = case.events.count() if hasattr(case, "events") else None
    with (
        mock.patch.object(services, "audit_append", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        _apply(case, officer, 1)
    assert not CommunityServiceOffset.objects.filter(case=case).exists()
    if events is not None:
        assert case.events.count() == events
    case.refresh_from_db()
    assert execution_summary(case, TODAY + dt.timedelta(days=0)).offsets == []


def test_the_panel_forms_apply_approve_and_complete_R_CASE_10(
    served: Any,  # noqa: F811
    client_as: Any,
) -> None:
    case = served("1000.00")
    officer, head = client_as("officer"), client_as("head")
    case.refresh_from_db()
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "登记公益抵罚申请" in page
    r = officer.post(
        f"/execution/cases/{case.pk}/community-offsets/",
        {"lock_version": case.lock_version, "description": "社区宣传", "hours": "1"},
    )
    assert r.status_code == 302
    offset = CommunityServiceOffset.objects.get(case=case)
    case.refresh_from_db()
    url = f"/execution/community-offsets/{offset.pk}/approve/"
    assert officer.post(url, {"lock_version": case.lock_version}).status_code == 403
    assert head.post(url, {"lock_version": case.lock_version}).status_code == 302
    case.refresh_from_db()
    r = officer.post(
        f"/execution/community-offsets/{offset.pk}/complete/",
        {"lock_version": case.lock_version, "completed_on": "", "completion_record": ""},
    )
    assert r.status_code == 422
    assert "完成日期" in r.content.decode()
    r = officer.post(
        f"/execution/community-offsets/{offset.pk}/complete/",
        {
            "lock_version": case.lock_version,
            "completed_on": TODAY.isoformat(),
            "completion_record": "社区证明",
        },
    )
    assert r.status_code == 302
    assert execution_summary(case, TODAY).outstanding_fine == Decimal("800.00")
