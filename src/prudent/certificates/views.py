"""The certificate register with expiry warnings, and issuing a certificate (R-CASE-13, R-SUP-8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from prudent.certificates import selectors, services
from prudent.certificates.forms import CertificateForm
from prudent.core.errors import ServiceError
from prudent.core.permissions import has_capability, require_capability
from prudent.core.roles import Capability


@login_required
def register(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_CERTIFICATES)
    data = selectors.certificate_register(user=request.user, on=timezone.localdate())
    return render(
        request,
        "certificates/register.html",
        {
            "register": data,
            "can_issue": has_capability(request.user, Capability.MANAGE_CERTIFICATES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_CERTIFICATES)
    form = CertificateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cert = services.certificate_issue(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, f"已登记执法证 {cert.number}（{cert.holder.display_name}）。")
            return redirect("certificates:register")
    return render(request, "certificates/issue.html", {"form": form})


def _add_service_errors(form: CertificateForm, exc: ServiceError) -> None:
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errors in exc.errors.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)
