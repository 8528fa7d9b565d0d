from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prudent.core import audit
from prudent.core.navigation import menu_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    entries = [e for e in menu_for(request.user) if e.url_name != "core:home"]
    return render(request, "core/home.html", {"entries": entries})


def audit_head(request: HttpRequest) -> HttpResponse:
    """The current head of the audit chain, public so that it can be published and compared."""
    head = audit.audit_head()
    return render(request, "core/audit_head.html", {"head": head})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
