"""The menu each role sees. Later apps add entries here; the home page lists the same entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from prudent.core.permissions import has_capability, user_role
from prudent.core.roles import Capability, Role


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    capability: Capability | None
    description: str
    #: Roles that reach this page another way and should not see the entry (the enterprise has
    #: its own 我的案件 pages instead of the staff case list).
    hidden_for: frozenset[Role] = frozenset()

    @property
    def url(self) -> str:
        return reverse(self.url_name)


#: The enterprise's own pages: admin holds every capability but has no entity of its own.
ENTERPRISE_ONLY = frozenset({Role.ADMIN})

MENU: list[MenuEntry] = [
    MenuEntry("工作台", "core:home", None, "本角色可以办理的事项"),
    MenuEntry(
        "我的工作台",
        "cases:workbench",
        Capability.HANDLE_CASES,
        "我承办的案件、到期和逾期的待办任务、办案期限（R-CASE-1…6）",
    ),
    MenuEntry(
        "案件",
        "cases:list",
        Capability.VIEW_CASES,
        "案件检索、登记线索、办案流程与时间轴（R-CASE-7）",
        frozenset({Role.ENTERPRISE}),
    ),
    MenuEntry(
        "没收物品",
        "execution:confiscated",
        Capability.VIEW_CASES,
        "没收物品登记簿：存放地点与处置情况（R-CASE-9）",
        frozenset({Role.ENTERPRISE}),
    ),
    MenuEntry(
        "部门与机构",
        "organisations:list",
        Capability.VIEW_DEPARTMENT,
        "本级政府的执法部门、内设机构与乡镇综合执法办公室",
    ),
    MenuEntry("人员", "accounts:people", Capability.VIEW_PEOPLE, "执法人员及其角色、所属部门"),
    MenuEntry(
        "执法证",
        "certificates:register",
        Capability.VIEW_CERTIFICATES,
        "执法证登记簿与到期预警（R-CASE-13、R-SUP-8）",
    ),
    MenuEntry(
        "市场主体", "entities:list", Capability.VIEW_ENTITIES, "市场主体名录库，支持CSV/Excel导入"
    ),
    MenuEntry(
        "我的案件",
        "enterprise:cases",
        Capability.ENTERPRISE_CASES,
        "本单位的案件进展、送达的文书、承诺与期限；签署承诺书、陈述申辩、申请听证、评价回访（R-PUB-4）",
        ENTERPRISE_ONLY,
    ),
    MenuEntry(
        "我的信用",
        "credit:mine",
        Capability.ENTERPRISE_CASES,
        "本单位的信用记录与公示期限；申请信用修复、提出异议（R-PUB-4、R-CRED-4）",
        ENTERPRISE_ONLY,
    ),
    MenuEntry(
        "本单位信息",
        "entities:mine",
        Capability.VIEW_OWN_ENTITY,
        "本企业在平台登记的信息",
        ENTERPRISE_ONLY,
    ),
    MenuEntry(
        "信用记录",
        "credit:records",
        Capability.VIEW_DEPARTMENT,
        "行政处罚产生的信用记录、信用修复与异议待办（R-CRED-1…5）",
    ),
    MenuEntry(
        "检查任务",
        "inspections:tasks",
        Capability.VIEW_INSPECTIONS,
        "我的和本部门的检查任务、登记触发式检查、检查结果登记与公示、重点名单覆盖（R-INSP-1、R-INSP-4、R-INSP-5）",
    ),
    MenuEntry(
        "我的检查",
        "inspections:mine",
        Capability.ENTERPRISE_CASES,
        "本单位接受的监督检查及其结果（R-INSP-1）",
        ENTERPRISE_ONLY,
    ),
    MenuEntry(
        "双随机名录库",
        "inspections:directory",
        Capability.VIEW_INSPECTIONS,
        "检查对象（信用风险分类、白名单、重点监管、严重失信）与检查人员名录库、随机抽查事项清单（R-INSP-1、R-CRED-2）",
    ),
    MenuEntry(
        "双随机抽取",
        "draws:list",
        Capability.VIEW_INSPECTIONS,
        "抽查方案、公布承诺值、录入公开摇号的随机种子、抽取并生成检查任务，结果可复核（R-INSP-1、R-INSP-2）",
    ),
    MenuEntry(
        "联合检查",
        "joint:plans",
        Capability.VIEW_INSPECTIONS,
        "年度部门联合抽查计划（3月31日前）、联合检查单、共用的检验检测结果、联合检查占比（R-INSP-3）",
    ),
    MenuEntry(
        "公务入企",
        "visits:list",
        Capability.VIEW_INSPECTIONS,
        "入企登记、审批、入企码与企业评价（R-INSP-6）",
    ),
    MenuEntry(
        "入企预警",
        "visits:alerts",
        Capability.VIEW_INSPECTIONS,
        "30日内或年度入企次数超过提示线的主体、未按时补批的紧急入企（R-INSP-6）",
        frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.LIST_AUTHOR}),
    ),
    MenuEntry(
        "入企检查登记",
        "visits:mine",
        Capability.ENTERPRISE_CASES,
        "到本单位的入企检查：核对登记信息，确认并评价（R-INSP-6）",
        frozenset({Role.ADMIN}),
    ),
    MenuEntry(
        "工作日历",
        "calendars:list",
        Capability.VIEW_DEPARTMENT,
        "法定节假日与调休安排；法定期限按工作日计算",
    ),
    MenuEntry(
        "裁量辅助",
        "discretion:search",
        Capability.USE_DISCRETION,
        "按事项与事实得出裁量阶次、罚款幅度、程序与理由（R-DEC-1…6）",
    ),
    MenuEntry(
        "清单与裁量基准",
        "rulebooks:list",
        Capability.VIEW_RULEBOOKS,
        "四张清单与裁量基准：草稿、发布、备案与法律变化标记（R-LIST-7、R-LIST-8）",
    ),
    MenuEntry(
        "审计链", "core:audit_head", Capability.VIEW_AUDIT, "不可篡改的操作日志及当前链头哈希"
    ),
]


def menu_for(user: Any) -> list[MenuEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    entries = []
    role = user_role(user)
    for entry in MENU:
        if entry.capability is not None and not has_capability(user, entry.capability):
            continue
        if role in entry.hidden_for:
            continue
        try:
            entry.url  # noqa: B018 - skip entries whose app is not installed
        except Exception:  # noqa: S112
            continue
        entries.append(entry)
    return entries
