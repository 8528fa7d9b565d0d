from __future__ import annotations

from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from prudent.accounts import selectors, services
from prudent.accounts.forms import LoginForm
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability


def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        outcome = services.login_attempt(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if outcome.user is not None:
            auth.login(request, outcome.user)
            target = request.POST.get("next") or request.GET.get("next") or "/"
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = "/"
            return redirect(target)
        error = outcome.message
    status = 200 if not error else 401
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(user=request.user)
    auth.logout(request)
    return redirect("accounts:login")


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_PEOPLE)
    return render(
        request, "accounts/people.html", {"people": selectors.people_list(user=request.user)}
    )
