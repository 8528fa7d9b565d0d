"""Creating and changing governments, departments and units; each write audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from prudent.core.audit import audit_append
from prudent.core.errors import ValidationFailed
from prudent.organisations.choices import DepartmentKind, EnforcementField
from prudent.organisations.models import Department, Government, Unit


def _division_errors(code: str, field: str, lengths: tuple[int, ...]) -> dict[str, list[str]]:
    from lawcore.identifiers import IdentifierError, validate_division_code

    if len(code) not in lengths or not code.isdigit():
        allowed = "或".join(str(n) for n in lengths)
        return {field: [f"行政区划代码应为{allowed}位数字。"]}
    try:
        validate_division_code(code[:6])
    except IdentifierError as exc:
        return {field: [str(exc)]}
    return {}


def government_create(*, actor: Any, name: str, division_code: str) -> Government:
    errors = _division_errors(division_code, "division_code", (6,))
    if not name.strip():
        errors["name"] = ["名称不能为空。"]
    if Government.objects.filter(division_code=division_code).exists():
        errors["division_code"] = ["该行政区划代码已登记。"]
    if errors:
        raise ValidationFailed("政府信息有误，未保存。", errors=errors)
    with transaction.atomic():
        gov = Government.objects.create(name=name.strip(), division_code=division_code)
        audit_append(
            actor=actor,
            action="government_create",
            object_type="organisations.government",
            object_id=gov.pk,
            after=model_to_dict(gov),
            summary=f"新增政府 {gov.name}",
        )
    return gov


def department_create(
    *,
    actor: Any,
    government: Government,
    name: str,
    short_name: str,
    kind: DepartmentKind | str,
    field: EnforcementField | str,
    jurisdiction: str,
    uscc: str = "",
) -> Department:
    errors = _division_errors(jurisdiction, "jurisdiction", (6, 9, 12))
    if not name.strip():
        errors["name"] = ["名称不能为空。"]
    if not short_name.strip():
        errors["short_name"] = ["文号简称不能为空。"]
    if kind not in DepartmentKind.values:
        errors["kind"] = [f"未知部门类型：{kind}"]
    if field not in EnforcementField.values:
        errors["field"] = [f"未知执法领域：{field}"]
    if Department.objects.filter(government=government, name=name.strip()).exists():
        errors["name"] = ["本级政府已有同名部门。"]
    if Department.objects.filter(government=government, short_name=short_name.strip()).exists():
        errors["short_name"] = ["本级政府已有相同文号简称的部门。"]
    if uscc:
        from lawcore.identifiers import IdentifierError, validate_uscc

        try:
            uscc = validate_uscc(uscc)
        except IdentifierError as exc:
            errors["uscc"] = [str(exc)]
    if errors:
        raise ValidationFailed("部门信息有误，未保存。", errors=errors)
    with transaction.atomic():
        dept = Department.objects.create(
            government=government,
            name=name.strip(),
            short_name=short_name.strip(),
            kind=kind,
            field=field,
            jurisdiction=jurisdiction,
            uscc=uscc,
        )
        audit_append(
            actor=actor,
            action="department_create",
            object_type="organisations.department",
            object_id=dept.pk,
            after=model_to_dict(dept),
            summary=f"新增部门 {dept.name}",
        )
    return dept


def unit_create(*, actor: Any, department: Department, name: str) -> Unit:
    if not name.strip():
        raise ValidationFailed.field("name", "名称不能为空。")
    if Unit.objects.filter(department=department, name=name.strip()).exists():
        raise ValidationFailed.field("name", "该部门已有同名内设机构。")
    with transaction.atomic():
        unit = Unit.objects.create(department=department, name=name.strip())
        audit_append(
            actor=actor,
            action="unit_create",
            object_type="organisations.unit",
            object_id=unit.pk,
            after=model_to_dict(unit),
            summary=f"新增内设机构 {department.name} {unit.name}",
        )
    return unit
