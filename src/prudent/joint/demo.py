"""Demo joint inspection of 衡阳县 (issue #5 part 4; R-INSP-3).

The 城市管理和综合执法局 gets a small published 随机抽查事项清单 (demo items, marked as such), then
the year's joint plan is drafted by 衡阳县市场监督管理局 (lead) with one task — 餐饮服务单位
"综合查一次" by 市场监管 and 城管 — and published; the task is carried out at 衡阳县蒸湘餐饮管理有限
公司 by 张伟 (officer) and 周强 (cg_officer): one visit, one joint check form, one shared test
result used by both departments. Next year's plan is left as a draft (待发布). Everything goes through the services, so it is audited.

The plan is published when the demo is loaded, so after 31 March it honestly shows as 逾期发布.
Loading twice changes nothing.
"""

from __future__ import annotations

from django.utils import timezone

LEAD = "衡阳县市场监督管理局"
URBAN = "衡阳县城市管理和综合执法局"
TARGET = "91430421MA4L0A1B7B"  # 衡阳县蒸湘餐饮管理有限公司 (餐饮服务)
DEMO_NOTE = "演示事项：依据条文未对照原文核对"

# code, name, basis, subject, content, method, kind
URBAN_ITEMS: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "CGZF-01",
        "门前责任区管理情况的检查",
        "《城市市容和环境卫生管理条例》（门前责任区条款）",
        "沿街商户",
        "门前市容、环境卫生、秩序责任的落实情况",
        "现场检查",
        "general",
    ),
    (
        "CGZF-02",
        "餐饮服务单位油烟排放的检查",
        "《中华人民共和国大气污染防治法》（餐饮油烟条款）",
        "排放油烟的餐饮服务经营者",
        "油烟净化设施的安装、使用和清洗维护情况",
        "现场检查",
        "general",
    ),
]


def _urban_items(actor: str, department: object) -> None:
    from prudent.inspections import services
    from prudent.inspections.models import InspectionItemList

    if InspectionItemList.objects.filter(department=department).exists():
        return
    today = timezone.localdate()
    lst = services.item_list_new_version(
        actor=actor, department=department, effective_from=today, note="演示清单（事项待核）"
    )
    for code, name, basis, subject, content, method, kind in URBAN_ITEMS:
        services.item_add(
            actor=actor,
            item_list=lst,
            code=code,
            name=name,
            basis=basis,
            subject=subject,
            content=content,
            method=method,
            kind=kind,
            note=DEMO_NOTE,
        )
    services.item_list_publish(actor=actor, item_list=lst, on=today)


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.entities.models import Entity
    from prudent.inspections.models import InspectionItem
    from prudent.joint import services
    from prudent.joint.models import JointPlan
    from prudent.organisations.models import Department

    lead = Department.objects.filter(name=LEAD).first()
    urban = Department.objects.filter(name=URBAN).first()
    entity = Entity.objects.filter(code=TARGET).first()
    officer = User.objects.filter(username="officer").first()
    cg_officer = User.objects.filter(username="cg_officer").first()
    if None in (lead, urban, entity, officer, cg_officer):
        return "0 joint plans"
    today = timezone.localdate()
    if JointPlan.objects.filter(government_id=lead.government_id, year=today.year).exists():
        return "0 joint plans"
    _urban_items(actor, urban)

    def item(department: Department, code: str) -> InspectionItem:
        return (
            InspectionItem.objects.filter(
                item_list__department=department, item_list__status="published", code=code
            )
            .order_by("-item_list__version")
            .first()
        )

    plan = services.plan_create(
        actor=actor,
        lead_department=lead,
        year=today.year,
        title=f"衡阳县{today.year}年度部门联合抽查计划",
        note="市场监管部门牵头，会同城市管理等部门，对餐饮服务单位实行“综合查一次”（演示）。",
    )
    task = services.task_add(
        actor=actor,
        plan=plan,
        title="餐饮服务单位“综合查一次”",
        lead_department=lead,
        departments=[lead, urban],
        items=[item(lead, "SCJG-03"), item(urban, "CGZF-01"), item(urban, "CGZF-02")],
        month=today.month,
        entities=[entity],
        filter_industry="餐饮",
        note="一次入企，检查食品安全、门前责任区和油烟排放",
    )
    services.plan_publish(actor=actor, plan=plan)
    joint = services.joint_open(
        actor=actor, task=task, entity=entity, inspectors=[officer, cg_officer], planned_on=today
    )
    result = services.result_record(
        actor=officer,
        joint=joint,
        department=lead,
        sample="凉拌黄瓜（样品编号HY-DEMO-001）",
        test="大肠菌群",
        value="<10 CFU/g",
        conclusion="qualified",
        lab="衡阳县食品检验检测中心（演示）",
        report_no="HYJC-DEMO-0153",
        tested_on=today,
        item=item(lead, "SCJG-03"),
    )
    rows = {r.item.code: r for r in joint.findings.select_related("item")}
    services.finding_record(
        actor=officer,
        finding=rows["SCJG-03"],
        result="compliant",
        note="许可证在有效期内，从业人员健康证齐全；抽检凉拌菜合格",
        test_result=result,
    )
    services.finding_record(actor=cg_officer, finding=rows["CGZF-01"], result="compliant")
    services.finding_record(
        actor=cg_officer,
        finding=rows["CGZF-02"],
        result="problem",
        note="油烟净化设施未按期清洗，已当场指导，商户承诺一周内清洗",
    )
    services.plan_create(
        actor=actor,
        lead_department=lead,
        year=today.year + 1,
        title=f"衡阳县{today.year + 1}年度部门联合抽查计划",
        note="草稿：3月31日前发布（演示）。",
    )
    return "2 joint plans (1 published, 1 draft), 1 joint inspection"
