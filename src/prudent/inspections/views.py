"""Pages of the inspection directories (issue #5 part 1; R-INSP-1/2/4/5, R-CRED-2).

Staff read; heads and admin write (forms post to services). The credit class is internal
(CONVENTIONS §8 不公开): no page here is open to the enterprise, and the portal shows item lists only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from prudent.core.errors import Conflict, ServiceError
from prudent.core.permissions import Action, has_capability, require_capability
from prudent.core.roles import Capability
from prudent.inspections import forms as f
from prudent.inspections import selectors, services
from prudent.inspections.models import (
    CreditClass,
    InspectionItem,
    InspectionItemList,
    InspectorConflict,
    ListMembership,
    SupervisionList,
)
from prudent.organisations.models import Department


def _errors(form: forms.Form, exc: ServiceError, aliases: dict[str, str] | None = None) -> None:
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errs in exc.errors.items():
        target = (aliases or {}).get(name, name)
        for message in errs:
            form.add_error(target if target in form.fields else None, message)


def _can_manage(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_INSPECTIONS)


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    cls = request.GET.get("class", "").strip()
    lst = request.GET.get("list", "").strip()
    q = request.GET.get("q", "").strip()[:100]
    cls = cls if cls in CreditClass.values else ""
    lst = lst if lst in SupervisionList.values else ""
    rows = selectors.supervision_directory(
        user=request.user, on=timezone.localdate(), credit_class=cls, list_name=lst, q=q
    )
    return render(
        request,
        "inspections/directory.html",
        {
            "rows": rows,
            "cls": cls,
            "lst": lst,
            "q": q,
            "classes": CreditClass.choices,
            "lists": SupervisionList.choices,
            "can_manage": _can_manage(request.user),
        },
    )


def _entity_page(request: HttpRequest, pk: int, **forms_: Any) -> HttpResponse:
    page = selectors.entity_supervision(user=request.user, pk=pk, on=timezone.localdate())
    if page is None:
        raise Http404("没有该市场主体。")
    ctx: dict[str, Any] = {
        "page": page,
        "class_label": dict(CreditClass.choices)[page.credit_class],
        "current_labels": [dict(SupervisionList.choices)[x] for x in page.current_lists],
        "can_manage": _can_manage(request.user),
        "class_form": f.CreditClassForm(
            initial={"credit_class": page.credit_class, "since": timezone.localdate()}
        ),
        "membership_form": f.MembershipForm(initial={"valid_from": timezone.localdate()}),
        "end_form": f.EndMembershipForm(initial={"valid_to": timezone.localdate()}),
    }
    ctx.update(forms_)
    status = 422 if forms_ else 200
    return render(request, "inspections/entity.html", ctx, status=status)


@login_required
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    return _entity_page(request, pk)


def _managed_entity(request: HttpRequest, pk: int) -> Any:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    page = selectors.entity_supervision(user=request.user, pk=pk, on=timezone.localdate())
    if page is None:
        raise Http404("没有该市场主体。")
    return page.entity


@login_required
@require_POST
def set_class(request: HttpRequest, pk: int) -> HttpResponse:
    entity_ = _managed_entity(request, pk)
    form = f.CreditClassForm(request.POST)
    if form.is_valid():
        try:
            services.credit_class_set(actor=request.user, entity=entity_, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已更新信用风险分类（内部使用，不公开）。")
            return redirect("inspections:entity", pk=pk)
    return _entity_page(request, pk, class_form=form)


@login_required
@require_POST
def add_membership(request: HttpRequest, pk: int) -> HttpResponse:
    entity_ = _managed_entity(request, pk)
    form = f.MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(actor=request.user, entity=entity_, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已登记名单记录。")
            return redirect("inspections:entity", pk=pk)
    return _entity_page(request, pk, membership_form=form)


@login_required
@require_POST
def end_membership(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    m = ListMembership.objects.restrict(request.user, Action.CHANGE).filter(pk=pk).first()
    if m is None:
        raise Http404("没有该名单记录。")
    form = f.EndMembershipForm(request.POST)
    if form.is_valid():
        try:
            services.membership_end(
                actor=request.user,
                membership=m,
                valid_to=form.cleaned_data["valid_to"],
                reason=form.cleaned_data["end_reason"],
            )
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已移出名单。")
            return redirect("inspections:entity", pk=m.entity_id)
    return _entity_page(request, m.entity_id, end_form=form)


def _department_filter(request: HttpRequest) -> Department | None:
    raw = request.GET.get("department", "")
    if raw.isdigit():
        return Department.objects.filter(pk=int(raw)).first()
    return None


@login_required
def inspectors(
    request: HttpRequest, conflict_form: Any = None, status: int | None = None
) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    today = timezone.localdate()
    department = _department_filter(request)
    return render(
        request,
        "inspections/inspectors.html",
        {
            "rows": selectors.inspector_directory(
                user=request.user, on=today, department=department
            ),
            "conflicts": selectors.conflict_list(user=request.user)[:200],
            "departments": Department.objects.filter(kind__in=["enforcement", "township"]).order_by(
                "name"
            ),
            "department": department,
            "form": conflict_form
            or f.ConflictForm(
                inspectors=f.inspector_choices(request.user),  # type: ignore[arg-type]
                initial={"declared_on": today, "inspector": request.user.pk},
            ),
            "withdraw_form": f.WithdrawForm(initial={"on": today}),
            "can_declare": has_capability(request.user, Capability.HANDLE_CASES)
            or _can_manage(request.user),
            "user_pk": request.user.pk,
        },
        status=status or (422 if conflict_form is not None else 200),
    )


@login_required
@require_POST
def declare_conflict(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    if not (has_capability(request.user, Capability.HANDLE_CASES) or _can_manage(request.user)):
        require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    form = f.ConflictForm(request.POST, inspectors=f.inspector_choices(request.user))  # type: ignore[arg-type]
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user,
                inspector=form.cleaned_data["inspector"],
                entity=form.cleaned_data["entity_code"],
                reason=form.cleaned_data["reason"],
                declared_on=form.cleaned_data["declared_on"],
            )
        except ServiceError as exc:
            _errors(form, exc, {"entity": "entity_code"})
        else:
            messages.success(request, "已登记利益冲突申报；随机分派时将回避该主体。")
            return redirect("inspections:inspectors")
    return inspectors(request, conflict_form=form)


@login_required
@require_POST
def withdraw_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    c = (
        InspectorConflict.objects.restrict(request.user, Action.VIEW)
        .select_related("inspector")
        .filter(pk=pk)
        .first()
    )
    if c is None:
        raise Http404("没有该申报。")
    if not services.conflict_may_change(request.user, c.inspector):
        raise PermissionDenied("只能撤回本人的申报；部门负责人可撤回本部门人员的申报。")
    form = f.WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_withdraw(actor=request.user, conflict=c, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已撤回利益冲突申报。")
            return redirect("inspections:inspectors")
    messages.error(
        request, "撤回信息有误，未保存：" + "；".join(e for es in form.errors.values() for e in es)
    )
    return inspectors(request, status=422)


@login_required
def item_lists(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    return render(
        request,
        "inspections/item_lists.html",
        {
            "lists": selectors.item_lists(user=request.user),
            "can_manage": _can_manage(request.user),
            "form": f.NewVersionForm(
                user=request.user,
                initial={
                    "effective_from": timezone.localdate(),
                    "department": request.user.department_id,
                },
            ),
        },
    )


@login_required
@require_POST
def new_version(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    form = f.NewVersionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            lst = services.item_list_new_version(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"已新建第{lst.version}版草稿。")
            return redirect("inspections:item_list", pk=lst.pk)
    return render(
        request,
        "inspections/item_lists.html",
        {"lists": selectors.item_lists(user=request.user), "can_manage": True, "form": form},
        status=422,
    )


def _list_page(
    request: HttpRequest,
    lst: InspectionItemList,
    item_form: Any = None,
    publish_form: Any = None,
    status: int | None = None,
) -> HttpResponse:
    can_edit = (
        not lst.is_published
        and _can_manage(request.user)
        and InspectionItemList.objects.restrict(request.user, Action.CHANGE)
        .filter(pk=lst.pk)
        .exists()
    )
    return render(
        request,
        "inspections/item_list.html",
        {
            "lst": lst,
            "items": selectors.items_of(lst),
            "can_edit": can_edit,
            "item_form": item_form or f.ItemForm(),
            "publish_form": publish_form or f.PublishForm(initial={"on": timezone.localdate()}),
        },
        status=status or (422 if item_form is not None or publish_form is not None else 200),
    )


@login_required
def item_list(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_INSPECTIONS)
    lst = selectors.item_list_get(user=request.user, pk=pk)
    if lst is None:
        raise Http404("没有该清单。")
    return _list_page(request, lst)


def _changeable(request: HttpRequest, pk: int) -> InspectionItemList:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    lst = InspectionItemList.objects.restrict(request.user, Action.CHANGE).filter(pk=pk).first()
    if lst is None:
        raise Http404("没有该清单。")
    return lst


@login_required
@require_POST
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    lst = _changeable(request, pk)
    form = f.ItemForm(request.POST)
    if form.is_valid():
        try:
            services.item_add(actor=request.user, item_list=lst, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已增加抽查事项。")
            return redirect("inspections:item_list", pk=pk)
    return _list_page(request, lst, item_form=form)


@login_required
@require_POST
def remove_item(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    item = InspectionItem.objects.filter(pk=pk).select_related("item_list").first()
    if item is None:
        raise Http404("没有该事项。")
    lst = _changeable(request, item.item_list_id)
    try:
        services.item_remove(actor=request.user, item=item)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _list_page(request, lst, status=409)
    else:
        messages.success(request, f"已删除事项 {item.code}。")
    return redirect("inspections:item_list", pk=lst.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    lst = _changeable(request, pk)
    form = f.PublishForm(request.POST)
    if form.is_valid():
        try:
            services.item_list_publish(
                actor=request.user, item_list=lst, on=form.cleaned_data["on"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return _list_page(request, lst, status=409 if isinstance(exc, Conflict) else 422)
        messages.success(request, f"已发布第{lst.version}版；发布后不可修改，并在公开清单中公示。")
        return redirect("inspections:item_list", pk=pk)
    return _list_page(request, lst, publish_form=form)


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_population(request: HttpRequest) -> HttpResponse:
    """`id,stratum` in the canonical text of prudent-draw/1 (heads and admin: it holds codes and
    the internal credit class)."""
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    text = selectors.population_csv(on=timezone.localdate(), department=_department_filter(request))
    return _csv(text, "population.csv")


@login_required
def export_inspectors(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_INSPECTIONS)
    text = selectors.inspectors_csv(on=timezone.localdate(), department=_department_filter(request))
    return _csv(text, "inspectors.csv")
