"""Who is acting, from where, under which request id.

The audit chain must name the request and client address of every change (R-CASE-7) without every
service having to pass them along; a context variable carries them for the length of one request or
one CLI command.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_address: str


_current: ContextVar[RequestContext | None] = ContextVar("prudent_request_context", default=None)


def current() -> RequestContext:
    ctx = _current.get()
    if ctx is None:
        return RequestContext(request_id="system", client_address="")
    return ctx


@contextlib.contextmanager
def acting(request_id: str, client_address: str = "") -> Iterator[RequestContext]:
    ctx = RequestContext(request_id=request_id, client_address=client_address)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def client_address(request: HttpRequest) -> str:
    """The peer address. X-Forwarded-For is trusted only when a proxy is configured to set it."""
    from django.conf import settings

    if getattr(settings, "PRUDENT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.META.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex
        request_id = str(request_id)[:64]
        with acting(request_id, client_address(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu of the base layout: only what the signed-in role may open."""
    from prudent.core.navigation import menu_for

    user = getattr(request, "user", None)
    return {"nav_menu": menu_for(user) if user is not None else []}
