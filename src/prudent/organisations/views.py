from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.organisations import selectors


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_DEPARTMENT)
    departments = selectors.department_list(user=request.user)
    return render(request, "organisations/list.html", {"departments": departments})
