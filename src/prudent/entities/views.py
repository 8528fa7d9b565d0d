"""Pages of the entity directory: list, detail, the enterprise user's own page, import (R-INSP-1)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lawcore.masking import mask_citizen_id
from prudent.core.errors import ValidationFailed
from prudent.core.permissions import has_capability, require_capability
from prudent.core.roles import Capability
from prudent.entities import selectors, services
from prudent.entities.choices import EntityKind
from prudent.entities.importing import ImportFileError, entity_import
from prudent.entities.models import Entity

PAGE_SIZE = 50
#: Rows of the per-row error report shown on the page (the counts are always complete).
SHOWN_ERRORS = 500


@login_required
def entity_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_ENTITIES)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in EntityKind.values:
        kind = ""
    entities = selectors.entity_list(user=request.user, q=q, kind=kind)
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(e, selectors.entity_code_for(user=request.user, entity=e)) for e in page]
    return render(
        request,
        "entities/list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "kind": kind,
            "kinds": EntityKind.choices,
            "can_import": _can_import(request.user),
        },
    )


def _can_import(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_ENTITIES)


def _detail(request: HttpRequest, entity: Entity) -> HttpResponse:
    return render(
        request,
        "entities/detail.html",
        {
            "entity": entity,
            "code": selectors.entity_code_for(user=request.user, entity=entity),
            "staff": _is_staff(request.user),
        },
    )


def _is_staff(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ENTITIES)


@login_required
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = selectors.entity_get(user=request.user, pk=pk)
    if entity is None:
        raise Http404("没有这个市场主体，或您无权查看。")
    return _detail(request, entity)


class IdentityForm(forms.Form):
    purpose = forms.CharField(
        label="用途（将记入审计日志）",
        max_length=services.PURPOSE_MAX,
        help_text="例如：制作行政处罚决定书核对当事人身份。",
    )


@login_required
def entity_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """A natural person's full citizen ID, shown once per stated purpose and audited."""
    require_capability(request.user, Capability.VIEW_ENTITIES)
    entity = selectors.entity_get(user=request.user, pk=pk)
    if entity is None or entity.kind != EntityKind.NATURAL_PERSON:
        raise Http404("没有这个自然人，或您无权查看。")
    form = IdentityForm(request.POST or None)
    full = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                full = services.entity_identity_reveal(
                    actor=request.user, entity=entity, purpose=form.cleaned_data["purpose"]
                )
            except ValidationFailed as exc:
                for field, msgs in exc.errors.items():
                    form.add_error(field if field in form.fields else None, msgs)
                status = 422
        else:
            status = 422
    response = render(
        request,
        "entities/identity.html",
        {
            "entity": entity,
            "masked": mask_citizen_id(entity.code),
            "form": form,
            "full": full,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def entity_mine(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_OWN_ENTITY)
    entity_id = getattr(request.user, "entity_id", None)
    entity = selectors.entity_get(user=request.user, pk=entity_id) if entity_id else None
    if entity is None:
        raise Http404("您的账户没有关联市场主体。")
    return _detail(request, entity)


class ImportForm(forms.Form):
    file = forms.FileField(label="名录文件（CSV 或 Excel .xlsx）")
    update = forms.BooleanField(
        label="已登记的代码按文件内容更新（否则作为错误行拒绝）", required=False
    )
    all_or_nothing = forms.BooleanField(
        label="全部或全不：任何一行有误则整个文件都不导入", required=False
    )


@login_required
def entity_import_view(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_ENTITIES)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "shown_errors": SHOWN_ERRORS}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = entity_import(
                actor=request.user,
                path_or_file=upload,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
                update=form.cleaned_data["update"],
            )
        except ImportFileError as exc:
            context["file_error"] = exc.message
            status = 422
        else:
            context["report"] = report
            context["errors"] = report.errors[:SHOWN_ERRORS]
            context["warnings"] = report.warnings[:SHOWN_ERRORS]
    elif request.method == "POST":
        status = 422
    return render(request, "entities/import.html", context, status=status)
