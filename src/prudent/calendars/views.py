from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from prudent.calendars import selectors, services
from prudent.calendars.forms import DeadlineForm, LoadForm
from prudent.core.errors import ValidationFailed
from prudent.core.permissions import has_capability, require_capability
from prudent.core.roles import Capability

#: JSON fields of the file format → labels shown with their errors.
FIELD_LABELS = {
    "file": "文件",
    "year": "年份",
    "holidays": "放假日期",
    "makeup_workdays": "调休上班日期",
    "source": "依据",
    "published_on": "发布日期",
}


@login_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_DEPARTMENT)
    today = timezone.localdate()
    form = DeadlineForm(request.GET if "start" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        calendar = services.current_calendar()
        result = calendar.add_working_days(
            form.cleaned_data["start"], form.cleaned_data["working_days"]
        )
    context = {
        "years": selectors.year_rows(today=today),
        "form": form,
        "result": result,
        "can_load": has_capability(request.user, Capability.MANAGE_CALENDAR),
    }
    return render(request, "calendars/list.html", context)


@login_required
def calendar_load(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_CALENDAR)
    errors: list[tuple[str, list[str]]] = []
    if request.method == "POST":
        form = LoadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                loaded = services.schedule_load_document(actor=request.user, text=form.document())
            except ValidationError as exc:
                form.add_error("file", exc)
            except ValidationFailed as exc:
                errors = [(FIELD_LABELS.get(k, k), v) for k, v in exc.errors.items()]
                form.add_error(None, exc.message)
            else:
                year = loaded.schedule.year
                messages.success(
                    request,
                    f"已载入{year}年节假日安排；重新计算暂定期限{loaded.recomputed}项。",
                )
                return redirect("calendars:list")
    else:
        form = LoadForm()
    return render(request, "calendars/load.html", {"form": form, "field_errors": errors})
