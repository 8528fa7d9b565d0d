"""Requests through a WSGI application as the production server sends them: a WSGI environ (built
by Django's ``RequestFactory``) handed to the application, the answer read and closed. Unlike
Django's test ``Client``, whose handler always runs ``settings.MIDDLEWARE``, this goes through
``prudent.config.handlers.Dispatcher`` — the API's own request path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
from django.test import Client, RequestFactory


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


@dataclass
class WSGIClient:
    app: Callable[..., Iterable[bytes]]
    cookies: dict[str, str] = field(default_factory=dict)

    def sign_in(self, user: Any) -> str:
        """Signs ``user`` in (a real session row) and returns the CSRF token the client holds."""
        client = Client()
        client.force_login(user)
        from django.conf import settings

        self.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
            settings.SESSION_COOKIE_NAME
        ].value
        return self.csrf_token()

    def csrf_token(self) -> str:
        from django.conf import settings

        return self.cookies.setdefault(settings.CSRF_COOKIE_NAME, _get_new_csrf_string())

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        csrf: str | None = None,
        secure: bool = False,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Answer:
        factory = RequestFactory()
        for name, value in self.cookies.items():
            factory.cookies[name] = value
        extra = dict(headers or {})
        if csrf is not None:
            extra["X-CSRFToken"] = csrf
        environ = factory.generic(
            method, path, body, content_type=content_type, secure=secure, headers=extra
        ).environ
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
            started.append((status, response_headers))

        # As Django's test client does: the test's transaction keeps its connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.app(environ, start_response)
            try:
                data = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        status, response_headers = started[0]
        cookies = [v.strip() for k, v in response_headers if k.lower() == "set-cookie"]
        return Answer(
            status=int(status.split(" ", 1)[0]),
            headers={k: v for k, v in response_headers if k.lower() != "set-cookie"},
            cookies=cookies,
            body=data,
        )
