"""The roles of REQUIREMENTS.md 'Users' and what each may do.

One account holds one role (等保 2.0 §8.1.4.2: no shared accounts, separated administration).
Capabilities are coarse verbs checked by views; *which rows* a role sees is the job of `restrict`.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    LEGAL_REVIEWER = "legal_reviewer"
    HEAD = "head"
    LIST_AUTHOR = "list_author"
    SUPERVISOR = "supervisor"
    ENTERPRISE = "enterprise"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: "执法人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.HEAD: "部门负责人",
    Role.LIST_AUTHOR: "清单编制人员",
    Role.SUPERVISOR: "执法监督人员（司法局）",
    Role.ENTERPRISE: "企业用户",
    Role.ADMIN: "系统管理员",
}

#: Roles that belong to one enforcement department and act within its scope.
DEPARTMENT_ROLES = frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD, Role.LIST_AUTHOR})


class Capability(StrEnum):
    VIEW_DEPARTMENT = "view_department"
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_CERTIFICATES = "view_certificates"
    MANAGE_CERTIFICATES = "manage_certificates"
    VIEW_ENTITIES = "view_entities"
    MANAGE_ENTITIES = "manage_entities"
    VIEW_AUDIT = "view_audit"
    MANAGE_CALENDAR = "manage_calendar"
    VIEW_OWN_ENTITY = "view_own_entity"
    VIEW_RULEBOOKS = "view_rulebooks"
    MANAGE_RULEBOOKS = "manage_rulebooks"
    FILE_RULEBOOKS = "file_rulebooks"
    USE_DISCRETION = "use_discretion"  # 裁量辅助 (R-DEC-1…6)
    VIEW_CASES = "view_cases"  # 案件 (R-CASE-1…13); rows scoped by Case.scope_q
    HANDLE_CASES = "handle_cases"  # 办理案件、我的工作台 (issue #4)
    ENTERPRISE_CASES = "enterprise_cases"  # 我的案件：企业端 (R-PUB-4, issue #4 part 10)
    VIEW_INSPECTIONS = "view_inspections"  # 双随机名录库、抽查事项清单 (R-INSP-1, issue #5)
    MANAGE_INSPECTIONS = "manage_inspections"  # 信用分类、名单、事项清单维护 (R-CRED-2, issue #5)


_STAFF = {
    Capability.VIEW_DEPARTMENT,
    Capability.VIEW_PEOPLE,
    Capability.VIEW_CERTIFICATES,
    Capability.VIEW_ENTITIES,
    Capability.USE_DISCRETION,
    Capability.VIEW_RULEBOOKS,
    Capability.VIEW_CASES,
    Capability.VIEW_INSPECTIONS,
}
#: Department roles that handle cases (the list author and the judicial bureau only read them).
_HANDLERS = {Capability.HANDLE_CASES}

CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.OFFICER: frozenset(_STAFF | _HANDLERS),
    Role.LEGAL_REVIEWER: frozenset(_STAFF | _HANDLERS),
    Role.LIST_AUTHOR: frozenset(_STAFF | {Capability.MANAGE_RULEBOOKS}),
    Role.HEAD: frozenset(
        _STAFF
        | _HANDLERS
        | {Capability.MANAGE_ENTITIES, Capability.MANAGE_CERTIFICATES, Capability.MANAGE_RULEBOOKS}
        | {Capability.MANAGE_INSPECTIONS}
    ),
    Role.SUPERVISOR: frozenset(_STAFF | {Capability.VIEW_AUDIT, Capability.FILE_RULEBOOKS}),
    Role.ENTERPRISE: frozenset(
        {Capability.VIEW_OWN_ENTITY, Capability.VIEW_CASES, Capability.ENTERPRISE_CASES}
    ),
    Role.ADMIN: frozenset(Capability),
}


def role_can(role: Role | str | None, capability: Capability) -> bool:
    if not role:
        return False
    try:
        return capability in CAPABILITIES[Role(role)]
    except ValueError:
        return False
