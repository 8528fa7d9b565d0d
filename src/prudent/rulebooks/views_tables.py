"""The four lists of a stored version in the official table layouts (R-LIST-3, R-LIST-9):
view, download .xlsx / .docx, edit a draft in the table layout and apply an uploaded .xlsx.

Who: every staff role that can see the version reads it and downloads a published one; a draft is
downloaded, edited and imported only by those who may change it (list author or head of the owning
department, or the admin — ``selectors.may_change``). Saving goes through
``services.version_draft_save`` with the regenerated YAML and the lock version: a concurrent save
gives "已被他人修改，请刷新后重试" and the posted cells are shown again, nothing lost.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lawcore.rulebook.errors import RulebookErrors
from lawcore.rulebook.tables import (
    EDITABLE,
    TableEditError,
    apply_and_check,
    cell_changes,
)
from prudent.core.errors import Conflict, NotFound, ServiceError
from prudent.core.permissions import has_capability, require_capability
from prudent.core.roles import Capability
from prudent.rulebooks import selectors, services
from prudent.rulebooks.exporting import CONTENT_TYPES, export
from prudent.rulebooks.models import StoredVersion
from prudent.rulebooks.tables import rulebooks_for_stored, table_context, tables_for_stored
from prudent.rulebooks.xlsx_import import import_xlsx

CONFLICT_MESSAGE = "已被他人修改，请刷新后重试"
UPLOAD_MAX_BYTES = 5 * 1024 * 1024


def _version(request: HttpRequest, pk: int) -> StoredVersion:
    require_capability(request.user, Capability.VIEW_RULEBOOKS)
    try:
        return selectors.version_detail(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _may_edit(request: HttpRequest, version: StoredVersion) -> bool:
    return has_capability(request.user, Capability.MANAGE_RULEBOOKS) and selectors.may_change(
        request.user, version
    )


def tables_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    version = _version(request, pk)
    _book, _parsed, tables = tables_for_stored(version)
    may_edit = _may_edit(request, version)
    return render(
        request,
        "rulebooks/tables/view.html",
        {
            "version": version,
            "tables": table_context(tables),
            "digest": tables.digest,
            "can_download": not version.is_draft or may_edit,
            "can_edit": version.is_draft and may_edit,
        },
    )


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    version = _version(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("未知的格式")
    if version.is_draft and not _may_edit(request, version):
        raise PermissionDenied("草稿只有所属部门的清单编制人员或部门负责人可以下载。")
    _book, _parsed, tables = tables_for_stored(version)
    response = HttpResponse(export(tables, fmt), content_type=CONTENT_TYPES[fmt])
    name = f"{tables.rulebook_id}-{tables.version}-lists.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _editable_version(request: HttpRequest, pk: int) -> StoredVersion:
    version = _version(request, pk)
    if not _may_edit(request, version):
        raise PermissionDenied("只有所属部门的清单编制人员或部门负责人可以修改草稿。")
    if not version.is_draft:
        raise PermissionDenied("已发布的版本不能修改；如需修改请新建版本。")
    return version


def _save(
    request: HttpRequest, version: StoredVersion, changes: dict[str, dict[str, object]], lock: int
) -> list[str]:
    """Write the changes through the draft service; the problems in Chinese (empty = saved)."""
    name = version.source_name or f"{version.rulebook.book_id}.yaml"
    try:
        text, _book = apply_and_check(version.source, name, version.version, changes)
    except TableEditError as exc:
        return [str(exc)]
    except RulebookErrors as exc:
        return [f"修改后规则库校验未通过：{e}" for e in exc.errors]
    try:
        services.version_draft_save(
            actor=request.user, version=version, source_text=text, expected_lock_version=lock
        )
    except Conflict as exc:
        if "已发布" in exc.message:
            return [exc.message]
        return [CONFLICT_MESSAGE]
    except ServiceError as exc:
        return [exc.message] + [m for msgs in exc.errors.values() for m in msgs]
    return []


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:  # noqa: C901
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    version = _editable_version(request, pk)
    _book, _parsed, tables = tables_for_stored(version)
    context_tables = table_context(tables)
    errors: list[str] = []
    cell_errors: dict[str, str] = {}
    lock = version.lock_version
    if request.method == "POST":
        try:
            lock = int(request.POST.get("lock_version", ""))
        except ValueError:
            lock = -1
        changes: dict[str, dict[str, object]] = {}
        for row in tables.rows():
            posted = {
                key: request.POST[f"{row.row_id}__{key}"]
                for key in EDITABLE
                if f"{row.row_id}__{key}" in request.POST
            }
            row_changes, problems = cell_changes(row, posted)
            for p in problems:
                cell_errors[f"{row.row_id}__{p.column}"] = p.message
            if row_changes:
                changes[row.row_id] = row_changes
        if cell_errors:
            errors.append("表格中有错误（见标红的单元格），未保存任何修改。")
        elif not changes:
            errors.append("没有修改。")
        else:
            errors = _save(request, version, changes, lock)
            if not errors:
                return redirect("rulebook_tables:view", pk=version.pk)
        for t in context_tables:
            for s in t["sections"]:
                for r in s["rows"]:
                    for c in r["cells"]:
                        name = f"{r['row'].row_id}__{c['key']}"
                        if name in request.POST:
                            c["value"] = request.POST[name]
                        c["error"] = cell_errors.get(name, "")
    status = 422 if errors and request.method == "POST" else 200
    return render(
        request,
        "rulebooks/tables/edit.html",
        {
            "version": version,
            "tables": context_tables,
            "lock_version": lock,
            "errors": errors,
            "conflict": CONFLICT_MESSAGE in errors,
        },
        status=status,
    )


@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    version = _editable_version(request, pk)
    upload_file = request.FILES.get("file")
    errors: list[str] = []
    if upload_file is None:
        errors.append("请选择要导入的 .xlsx 文件。")
    elif upload_file.size is not None and upload_file.size > UPLOAD_MAX_BYTES:
        errors.append("文件过大（上限 5 MB）。")
    else:
        name = version.source_name or f"{version.rulebook.book_id}.yaml"
        result = import_xlsx(
            upload_file.read(),
            source=version.source,
            source_name=name,
            version_id=version.version,
            rulebooks=rulebooks_for_stored(version),
        )
        errors = [str(p) for p in result.problems]
        if not errors and not result.changes:
            errors.append("表格与当前草稿一致，没有修改。")
        elif not errors:
            try:
                lock = int(request.POST.get("lock_version", version.lock_version))
            except ValueError:
                lock = -1
            errors = _save(request, version, result.changes, lock)
            if not errors:
                return redirect("rulebook_tables:view", pk=version.pk)
    return render(
        request,
        "rulebooks/tables/import_result.html",
        {"version": version, "errors": errors},
        status=422,
    )
