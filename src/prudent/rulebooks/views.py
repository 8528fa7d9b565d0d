"""Rulebook management pages (issue #3 part 7; R-LIST-7, R-LIST-8): the list of books and versions,
a version's four lists and benchmarks, the actions (new draft, publish, submit for filing, file,
return), the judicial bureau's filing queue and the law-change flags."""

from __future__ import annotations

from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from prudent.core.errors import NotFound, ServiceError
from prudent.core.permissions import has_capability, require_capability, user_role
from prudent.core.roles import Capability, Role
from prudent.rulebooks import forms, presentation, selectors, services
from prudent.rulebooks.models import LawChangeFlag, StoredVersion
from prudent.rulebooks.tables import rulebooks_for_stored, table_context, tables_for_stored


def _version_or_404(request: HttpRequest, pk: int) -> StoredVersion:
    try:
        return selectors.version_detail(request.user, pk)
    except NotFound as exc:
        from django.http import Http404

        raise Http404(exc.message) from exc


@login_required
def book_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_RULEBOOKS)
    return render(
        request,
        "rulebooks/list.html",
        {
            "books": selectors.rulebook_list(request.user),
            "flag_counts": selectors.open_flag_counts(request.user),
            "can_file": has_capability(request.user, Capability.FILE_RULEBOOKS),
        },
    )


def _detail_context(request: HttpRequest, version: StoredVersion, **extra: Any) -> dict[str, Any]:
    book, parsed, tables = tables_for_stored(version)
    can_change = selectors.may_change(request.user, version) and has_capability(
        request.user, Capability.MANAGE_RULEBOOKS
    )
    role = user_role(request.user)
    return {
        "version": version,
        "book": book,
        "parsed": parsed,
        "tables": table_context(tables),
        "benchmarks": presentation.benchmark_tables(book, parsed, rulebooks_for_stored(version)),
        "filings": version.filings.all(),
        "deadline": selectors.filing_deadline(version),
        "can_change": can_change,
        "can_download": not version.is_draft or can_change,
        "can_file": role in {Role.SUPERVISOR, Role.ADMIN},
        "publish_form": extra.get("publish_form") or forms.PublishForm(),
        "draft_form": extra.get("draft_form") or forms.NewDraftForm(),
        "file_form": extra.get("file_form") or forms.CommentsForm(),
        "return_form": extra.get("return_form") or forms.ReturnForm(),
        "errors": extra.get("errors", []),
    }


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_RULEBOOKS)
    version = _version_or_404(request, pk)
    return render(request, "rulebooks/detail.html", _detail_context(request, version))


def _act(
    request: HttpRequest,
    pk: int,
    form: djforms.Form,
    form_key: str,
    run: Any,
    done: str,
) -> HttpResponse:
    version = _version_or_404(request, pk)
    errors: list[str] = []
    if form.is_valid():
        try:
            result = run(version, form.cleaned_data)
        except ServiceError as exc:
            errors = [exc.message, *[m for ms in exc.errors.values() for m in ms]]
        else:
            messages.success(request, done)
            target = result if isinstance(result, StoredVersion) else version
            return redirect("rulebooks:version", pk=target.pk)
    status = 409 if errors and "修改" in errors[0] and "他人" in errors[0] else 422
    context = _detail_context(request, version, errors=errors, **{form_key: form})
    return render(request, "rulebooks/detail.html", context, status=status)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_RULEBOOKS)
    return _act(
        request,
        pk,
        forms.PublishForm(request.POST),
        "publish_form",
        lambda v, d: services.version_publish(
            actor=request.user, version=v, published_on=d.get("published_on")
        ),
        "已发布。请在规定期限内报送司法局备案。",
    )


@login_required
@require_POST
def new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_RULEBOOKS)
    return _act(
        request,
        pk,
        forms.NewDraftForm(request.POST),
        "draft_form",
        lambda v, d: services.version_new_draft(
            actor=request.user,
            book=v.rulebook,
            based_on_version=v,
            effective_from=d.get("effective_from"),
        ),
        "已新建草稿版本。",
    )


@login_required
@require_POST
def submit_filing(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_RULEBOOKS)
    return _act(
        request,
        pk,
        forms.CommentsForm(request.POST),
        "file_form",
        lambda v, d: services.version_submit_filing(actor=request.user, version=v),
        "已报送司法局备案。",
    )


@login_required
@require_POST
def file(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.FILE_RULEBOOKS)
    return _act(
        request,
        pk,
        forms.CommentsForm(request.POST),
        "file_form",
        lambda v, d: services.version_file(actor=request.user, version=v, comments=d["comments"]),
        "已准予备案。",
    )


@login_required
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.FILE_RULEBOOKS)
    return _act(
        request,
        pk,
        forms.ReturnForm(request.POST),
        "return_form",
        lambda v, d: services.version_return(actor=request.user, version=v, comments=d["comments"]),
        "已退回，并附退回意见。",
    )


@login_required
def filing_queue(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.FILE_RULEBOOKS)
    queue = [(v, selectors.filing_deadline(v)) for v in selectors.filing_queue(request.user)]
    return render(request, "rulebooks/filing_queue.html", {"queue": queue})


@login_required
def flag_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_RULEBOOKS)
    can_raise = user_role(request.user) in {
        Role.ADMIN,
        Role.SUPERVISOR,
        Role.LIST_AUTHOR,
        Role.HEAD,
    }
    form = forms.FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_raise:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("您没有权限登记法律变化。")
        if form.is_valid():
            try:
                flags = services.law_change_flag(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                for name, errs in exc.errors.items():
                    for e in errs:
                        form.add_error(name if name in form.fields else None, e)
                status = 422
            else:
                messages.success(request, f"已标记{len(flags)}个引用该法律的事项。")
                return redirect("rulebooks:flags")
        else:
            status = 422
    return render(
        request,
        "rulebooks/flags.html",
        {
            "flags": selectors.flags(request.user),
            "form": form,
            "can_raise": can_raise,
            "resolve_form": forms.ResolveForm(),
        },
        status=status,
    )


@login_required
@require_POST
def flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_RULEBOOKS)
    flag = get_object_or_404(selectors.flags(request.user), pk=pk)
    assert isinstance(flag, LawChangeFlag)
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.law_change_resolve(
                actor=request.user, flag=flag, resolution=form.cleaned_data["resolution"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已处理该标记。")
    else:
        messages.error(request, "请填写处理说明。")
    return redirect("rulebooks:flags")
