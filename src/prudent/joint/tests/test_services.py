"""Services of joint inspections (issue #5 part 4; R-INSP-3, CJ 四(五), CN 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.inspections.models import Inspection
from prudent.inspections.tasks import inspection_open
from prudent.joint import selectors, services
from prudent.joint.forms import FindingForm
from prudent.joint.models import (
    JointFinding,
    JointInspection,
    JointPlan,
    JointTask,
    JointTaskItem,
    TestResult,
)
from prudent.joint.tests.conftest import (
    BUILDING,
    CATERING,
    LEAD,
    ON,
    URBAN,
    YEAR,
    add_task,
    dept,
    ent,
    item,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        JointPlan.objects.count(),
        JointTask.objects.count(),
        JointTaskItem.objects.count(),
        JointInspection.objects.count(),
        JointFinding.objects.count(),
        TestResult.objects.count(),
        Inspection.objects.count(),
        AuditEvent.objects.count(),
    )


def open_joint(demo_user: Any, task: JointTask, **kw: Any) -> JointInspection:
    args: dict[str, Any] = {
        "actor": demo_user("officer"),
        "task": task,
        "entity": ent(BUILDING),
        "inspectors": [demo_user("officer"), demo_user("cg_officer")],
        "planned_on": ON,
    }
    args.update(kw)
    return services.joint_open(**args)


# --- the plan ------------------------------------------------------------------------------------


def test_bad_plan_input_is_refused_in_chinese_and_nothing_is_stored_R_INSP_3(
    demo_user: Any,
) -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(actor=demo_user("head"), lead_department=None, year=1999, title=" ")
    assert set(exc.value.errors) == {"lead_department", "year", "title"}
    assert "年度应为2000至2100之间的年份" in exc.value.errors["year"][0]
    assert counts() == before


def test_one_plan_per_government_and_year_R_INSP_3(demo_user: Any, draft: JointPlan) -> None:
    with pytest.raises(Conflict) as exc:
        services.plan_create(
            actor=demo_user("head"), lead_department=dept(LEAD), year=YEAR, title="又一个"
        )
    assert "已经存在" in exc.value.message


def test_only_a_head_of_the_lead_department_drafts_the_plan_R_INSP_3(demo_user: Any) -> None:
    for role in ("officer", "supervisor"):
        with pytest.raises(Forbidden):
            services.plan_create(
                actor=demo_user(role), lead_department=dept(LEAD), year=YEAR, title="计划"
            )


def test_bad_task_input_is_refused_and_nothing_is_stored_R_INSP_3(
    demo_user: Any, draft: JointPlan
) -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        add_task(
            demo_user("head"),
            draft,
            departments=[dept(LEAD)],
            items=[item("SCJG-01")],
            month=13,
            entities=[],
        )
    errors = exc.value.errors
    assert "至少需要两个部门" in errors["departments"][0]
    assert "计划月份应为1至12" in errors["month"][0]
    assert "请选择检查对象" in errors["entities"][0]
    with pytest.raises(ValidationFailed) as exc:
        add_task(demo_user("head"), draft, items=[item("SCJG-01")])  # 城管 has no item
    assert (
        "以下参加部门没有选择检查事项：衡阳县城市管理和综合执法局" in exc.value.errors["items"][0]
    )
    with pytest.raises(ValidationFailed) as exc:
        add_task(demo_user("head"), draft, entities=[ent("430421198503120021")])
    assert "不含自然人" in exc.value.errors["entities"][0]
    assert counts() == before


def test_a_published_plan_is_immutable_and_a_change_is_a_new_version_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    plan = task.plan
    with pytest.raises(Conflict) as exc:
        add_task(demo_user("head"), plan)
    assert "新建版本" in exc.value.message
    with pytest.raises(Conflict):
        services.task_remove(actor=demo_user("head"), task=task)
    task.title = "改名"
    with pytest.raises(Conflict):
        task.save()  # not even through the ORM
    v2 = services.plan_new_version(actor=demo_user("head"), plan=plan)
    assert (v2.version, v2.status, v2.based_on_id) == (2, "draft", plan.pk)
    copied = v2.tasks.get()
    assert sorted(copied.task_items.values_list("item__code", flat=True)) == ["CGZF-01", "SCJG-01"]
    add_task(demo_user("head"), v2, title="第二项任务")
    assert plan.tasks.count() == 1
    assert v2.tasks.count() == 2
    services.plan_publish(
        actor=demo_user("head"), plan=v2, now=dt.datetime(YEAR, 5, 1, tzinfo=dt.UTC)
    )
    with pytest.raises(ValidationFailed) as exc:  # v1 is superseded once v2 is published
        open_joint(demo_user, task)
    assert "第2版" in exc.value.errors["task"][0]


def test_plan_published_on_31_march_shanghai_time_is_on_time_R_INSP_3(
    demo_user: Any, draft: JointPlan
) -> None:
    add_task(demo_user("head"), draft)
    # 2028-03-31 15:59 UTC is 23:59 in Asia/Shanghai
    services.plan_publish(
        actor=demo_user("head"), plan=draft, now=dt.datetime(YEAR, 3, 31, 15, 59, tzinfo=dt.UTC)
    )
    state = selectors.plan_deadline(draft, today=dt.date(YEAR, 12, 1))
    assert state.code == "on_time"


def test_plan_published_after_31_march_shanghai_time_is_late_R_INSP_3(
    demo_user: Any, draft: JointPlan
) -> None:
    add_task(demo_user("head"), draft)
    # 2028-03-31 16:30 UTC is already 1 April 00:30 in Asia/Shanghai
    services.plan_publish(
        actor=demo_user("head"), plan=draft, now=dt.datetime(YEAR, 3, 31, 16, 30, tzinfo=dt.UTC)
    )
    state = selectors.plan_deadline(draft, today=dt.date(YEAR, 12, 1))
    assert state.code == "late"
    assert "逾期1日" in state.label


def test_an_unpublished_plan_is_overdue_after_march_in_the_supervisors_view_R_INSP_3(
    demo_user: Any, draft: JointPlan
) -> None:
    rows = selectors.deadline_overview(user=demo_user("supervisor"), today=dt.date(YEAR, 4, 1))
    row = next(r for r in rows if r.year == YEAR)
    assert (row.current, row.draft, row.deadline.code) == (None, draft, "overdue")
    rows = selectors.deadline_overview(user=demo_user("supervisor"), today=dt.date(YEAR, 3, 1))
    assert next(r for r in rows if r.year == YEAR).deadline.code == "pending"


def test_a_later_version_keeps_the_first_publication_date_for_the_deadline_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    v2 = services.plan_new_version(actor=demo_user("head"), plan=task.plan)
    services.plan_publish(
        actor=demo_user("head"), plan=v2, now=dt.datetime(YEAR, 7, 1, tzinfo=dt.UTC)
    )
    assert selectors.plan_deadline(v2, today=dt.date(YEAR, 8, 1)).code == "on_time"


# --- carrying out --------------------------------------------------------------------------------


def test_one_joint_visit_is_one_inspection_with_merged_items_and_one_row_per_item_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    joint = open_joint(demo_user, task)
    insp = joint.inspection
    assert insp.origin == "joint"
    assert insp.department == dept(LEAD)
    assert {d.name for d in insp.departments.all()} == {LEAD, URBAN}
    assert sorted(insp.items.values_list("code", flat=True)) == ["CGZF-01", "SCJG-01"]
    rows = sorted((f.department.name, f.item.code, f.result) for f in joint.findings.all())
    assert rows == [(URBAN, "CGZF-01", ""), (LEAD, "SCJG-01", "")]
    assert AuditEvent.objects.filter(action="joint_open", object_id=str(joint.pk)).exists()


def test_inspection_open_refusals_are_passed_on_and_nothing_is_stored_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        open_joint(demo_user, task, inspectors=[demo_user("officer")])
    assert "不得少于2人" in exc.value.errors["inspectors"][0]
    with pytest.raises(ValidationFailed) as exc:
        open_joint(demo_user, task, entity=ent(CATERING))
    assert "不是本联合抽查任务的检查对象" in exc.value.errors["entity"][0]
    assert counts() == before


def test_no_separate_same_type_inspection_after_the_joint_one_in_the_year_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    open_joint(demo_user, task)
    with pytest.raises(ValidationFailed) as exc:
        inspection_open(
            actor=demo_user("head"),
            entity=ent(BUILDING),
            department=dept(LEAD),
            items=[item("SCJG-01")],
            inspectors=[demo_user("officer"), demo_user("head")],
            planned_on=ON + dt.timedelta(days=30),
            origin="triggered",
        )
    assert "同一年度不得单独重复检查" in exc.value.errors["trigger"][0]
    with pytest.raises(Conflict):
        open_joint(demo_user, task)


def test_only_the_lead_departments_officers_carry_out_a_task_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    for role in ("cg_officer", "legal_reviewer", "supervisor"):
        with pytest.raises(Forbidden):
            open_joint(demo_user, task, actor=demo_user(role))


# --- the joint check form ------------------------------------------------------------------------


def test_each_department_fills_only_its_own_rows_recorded_and_audited_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    joint = open_joint(demo_user, task)
    market = joint.findings.get(item__code="SCJG-01")
    urban = joint.findings.get(item__code="CGZF-01")
    with pytest.raises(Forbidden):
        services.finding_record(actor=demo_user("cg_officer"), finding=market, result="compliant")
    with pytest.raises(ValidationFailed) as exc:
        services.finding_record(actor=demo_user("cg_officer"), finding=urban, result="problem")
    assert "请写明问题情况" in exc.value.errors["note"][0]
    urban.refresh_from_db()
    assert urban.result == ""
    assert urban.recorded_by == ""
    services.finding_record(
        actor=demo_user("cg_officer"), finding=urban, result="problem", note="门前堆放杂物"
    )
    urban.refresh_from_db()
    assert (urban.result, urban.recorded_by) == ("problem", "cg_officer")
    assert urban.recorded_at is not None
    event = AuditEvent.objects.filter(action="joint_finding_record").order_by("-seq").first()
    assert event is not None
    assert event.object_id == str(urban.pk)
    assert event.actor == "cg_officer"


# --- shared test results -------------------------------------------------------------------------


def record(demo_user: Any, joint: JointInspection, role: str = "officer", **kw: Any) -> TestResult:
    args: dict[str, Any] = {
        "actor": demo_user(role),
        "joint": joint,
        "department": demo_user(role).department,
        "sample": "瓷砖（样品编号 JC-01）",
        "test": "放射性核素限量",
        "conclusion": "qualified",
        "lab": "衡阳市产品质量检验所",
        "report_no": "CZ-2028-001",
        "tested_on": dt.date(2026, 1, 5),
    }
    args.update(kw)
    return services.result_record(**args)


def test_a_test_result_is_visible_to_every_taking_part_department_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    joint = open_joint(demo_user, task)
    result = record(demo_user, joint)
    for role in ("officer", "cg_officer", "supervisor"):
        seen = selectors.joint_get(user=demo_user(role), pk=joint.pk)
        assert seen is not None
        assert selectors.results_of(seen) == [result]
        assert selectors.result_get(user=demo_user(role), pk=result.pk) == result
    # offered when 城管 records its finding, and accepted there
    urban = joint.findings.get(item__code="CGZF-01")
    form = FindingForm(results=joint.results.all(), prefix="x")
    assert list(form.fields["test_result"].queryset) == [result]
    services.finding_record(
        actor=demo_user("cg_officer"), finding=urban, result="compliant", test_result=result
    )
    assert JointFinding.objects.get(pk=urban.pk).test_result == result
    # a department not taking part sees nothing
    assert selectors.result_get(user=demo_user("xd_officer"), pk=result.pk) is None


def test_the_same_sample_and_test_is_refused_a_second_time_pointing_at_the_first_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    joint = open_joint(demo_user, task)
    first = record(demo_user, joint)
    before = counts()
    with pytest.raises(Conflict) as exc:
        record(
            demo_user, joint, role="cg_officer", sample="瓷砖（样品编号JC－01）", report_no="X-9"
        )
    message = exc.value.message
    assert "衡阳县市场监督管理局" in message
    assert "CZ-2028-001" in message
    assert f"编号{first.pk}" in message
    assert "不得重复检测" in message
    assert counts() == before


def test_bad_test_result_input_is_refused_and_nothing_is_stored_R_INSP_3(
    demo_user: Any, task: JointTask
) -> None:
    joint = open_joint(demo_user, task)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        record(demo_user, joint, sample="", conclusion="maybe", tested_on="2028-01-01")
    assert set(exc.value.errors) >= {"sample", "conclusion", "tested_on"}
    with pytest.raises(ValidationFailed) as exc:
        record(demo_user, joint, department=dept(URBAN))  # officer is 市场监管
    assert "只能以本部门名义" in exc.value.errors["department"][0]
    with pytest.raises(Forbidden):
        record(demo_user, joint, role="xd_officer")
    assert counts() == before


# --- the share -----------------------------------------------------------------------------------


def test_joint_share_counts_the_joint_visit_in_both_fields_R_INSP_3_CN_4(
    demo_user: Any, task: JointTask
) -> None:
    open_joint(demo_user, task)
    inspection_open(  # a separate market inspection of another entity, another type
        actor=demo_user("head"),
        entity=ent(CATERING),
        department=dept(LEAD),
        items=[item("SCJG-03")],
        inspectors=[demo_user("officer"), demo_user("head")],
        planned_on=ON,
        origin="triggered",
    )
    share = selectors.joint_share(year=YEAR)
    fields = {r.key: (r.inspections, r.joint) for r in share.fields}
    assert fields == {"market_regulation": (2, 1), "urban_management": (1, 1)}
    sectors = {r.key: (r.inspections, r.joint, r.meets_target) for r in share.sectors}
    assert sectors["catering"] == (1, 0, False)  # SCJG-03 餐饮服务, not joint
    assert sectors["food"] == (1, 0, False)
    # the head sees the inspections its department took part in; 城管's officer no share
    head = selectors.joint_share(year=YEAR, inspections=selectors.share_scope(demo_user("head")))
    assert {r.key: r.inspections for r in head.fields}["market_regulation"] == 2
