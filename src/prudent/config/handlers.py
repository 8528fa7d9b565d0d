"""The WSGI application: the site's requests through Django's full middleware, the JSON API's
(``/api/…``) through the same middleware less two that never act on it (issue #3, Performance).

Why: ``POST /api/v1/decisions`` is the platform's hot route, and every middleware costs each
request Python time. Two of ``settings.MIDDLEWARE`` do nothing for an API request but still run:

- WhiteNoise serves the collected static files, which live under ``STATIC_URL`` (``/static/``),
  never under ``/api/``; for any other path it only looks the path up and passes the request on;
- ``MessageMiddleware`` carries the UI's one-time notices ("已登记检查结果…") from one page to the
  next; the API answers in its JSON bodies and never adds or shows a message.

Every other middleware runs for the API exactly as for the site, in the same order:
``SecurityMiddleware`` (HTTPS redirect, HSTS, nosniff, Referrer-Policy, COOP), the request
context (request id and client address for the audit chain, ``X-Request-ID``), sessions (the
sliding idle timeout and its cookie), locale, ``CommonMiddleware`` (the ``ALLOWED_HOSTS`` check,
``Content-Length``), CSRF, authentication and ``X-Frame-Options``. The list is derived from
``settings.MIDDLEWARE`` by leaving out :data:`API_SKIPPED_MIDDLEWARE`, so a middleware added to the
settings later runs for the API too unless it is named here. The API's own checks are unchanged:
Ninja's session authentication checks the CSRF token of every session-authenticated write itself,
and answers 401 / 403 (tests: ``prudent/config/tests/test_handlers.py``).

Which handler serves a request is decided by ``PATH_INFO`` alone, before any other processing: a
path under ``/api/`` goes to the API handler, every other path to the site's. Both are Django
``WSGIHandler``s with the same settings, URLs, signals (database connections are closed or kept
as usual) and error handling.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.utils.module_loading import import_string

API_PREFIX = "/api/"

#: The middleware API requests skip (see the module's docstring for why each is safe to skip).
API_SKIPPED_MIDDLEWARE = frozenset(
    {
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    }
)


def api_middleware() -> list[str]:
    """``settings.MIDDLEWARE`` less :data:`API_SKIPPED_MIDDLEWARE`, in the same order."""
    return [path for path in settings.MIDDLEWARE if path not in API_SKIPPED_MIDDLEWARE]


class ApiHandler(WSGIHandler):
    """A ``WSGIHandler`` whose middleware chain is :func:`api_middleware`.

    ``load_middleware`` is Django's own (``BaseHandler.load_middleware``) for a synchronous
    handler, over that list instead of ``settings.MIDDLEWARE``."""

    def load_middleware(self, is_async: bool = False) -> None:
        if is_async:
            raise ImproperlyConfigured("the API handler is a WSGI (synchronous) handler")
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = convert_exception_to_response(self._get_response)
        for middleware_path in reversed(api_middleware()):
            middleware = import_string(middleware_path)
            if not getattr(middleware, "sync_capable", True):
                raise ImproperlyConfigured(f"{middleware_path} cannot serve WSGI requests")
            try:
                instance = middleware(handler)
            except MiddlewareNotUsed:
                continue
            if instance is None:
                raise ImproperlyConfigured(f"Middleware factory {middleware_path} returned None.")
            adapt = self.adapt_method_mode
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, adapt(False, instance.process_view))
            if hasattr(instance, "process_template_response"):
                hook = adapt(False, instance.process_template_response)
                self._template_response_middleware.append(hook)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(adapt(False, instance.process_exception))
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


#: The CGI variables a request may carry (PEP 3333, RFC 3875) besides ``HTTP_*`` and ``wsgi.*``.
REQUEST_VARIABLES = frozenset(
    {
        "REQUEST_METHOD",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "CONTENT_TYPE",
        "CONTENT_LENGTH",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "SERVER_SOFTWARE",
        "GATEWAY_INTERFACE",
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "REMOTE_PORT",
        "REMOTE_USER",
        "AUTH_TYPE",
        "HTTPS",
        "RAW_URI",
        "REQUEST_URI",
    }
)


def process_variables(environment: Mapping[str, str]) -> frozenset[str]:
    """The server process's environment variables that are not request variables.

    granian, like a CGI gateway, copies the process environment into every request's WSGI
    environ, so ``request.META`` would carry ``PRUDENT_SECRET_KEY`` and ``DATABASE_URL`` into
    anything that reads or reports it (error reports, logs). The dispatcher removes them. A
    process variable named ``HTTP_*`` cannot be told apart from a header and is left alone."""
    return frozenset(
        name
        for name in environment
        if name not in REQUEST_VARIABLES and not name.startswith(("HTTP_", "wsgi."))
    )


class Dispatcher:
    """The WSGI application: ``/api/…`` to ``api``, everything else to ``site``; the server
    process's own environment variables are taken out of each request first."""

    def __init__(
        self, site: WSGIApp, api: WSGIApp, environment: Mapping[str, str] | None = None
    ) -> None:
        self.site = site
        self.api = api
        self.strip = process_variables(os.environ if environment is None else environment)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        for name in self.strip:
            environ.pop(name, None)
        if environ.get("PATH_INFO", "").startswith(API_PREFIX):
            return self.api(environ, start_response)
        return self.site(environ, start_response)


def build_application() -> Dispatcher:
    """A new WSGI application over the current settings (``django.setup()`` must have run)."""
    return Dispatcher(WSGIHandler(), ApiHandler())
