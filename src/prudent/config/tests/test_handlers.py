"""The API's request path (prudent.config.handlers; issue #3, Performance): ``/api/…`` runs the
site's middleware less WhiteNoise and messages, and keeps every security property — the
security headers and HTTPS redirect, the allowed hosts, the session and its sliding cookie,
Ninja's CSRF check of session-authenticated writes, 401 / 403, the audit's request id — and answers
exactly as the full middleware does. Requests go through the WSGI application itself
(``wsgi_client``), not Django's test client, whose handler always runs ``settings.MIDDLEWARE``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
from django.test import override_settings

from prudent.config import handlers
from prudent.config.handlers import (
    API_SKIPPED_MIDDLEWARE,
    ApiHandler,
    Dispatcher,
    api_middleware,
    build_application,
)
from prudent.config.tests.wsgi_client import Answer, WSGIClient
from prudent.discretion.tests.helpers import tax_request
from prudent.entities.tests.helpers import uscc

pytestmark = pytest.mark.django_db

DECISIONS = "/api/v1/decisions"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
MESSAGES = "django.contrib.messages.middleware.MessageMiddleware"
KEPT = [
    "django.middleware.security.SecurityMiddleware",
    "prudent.core.context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def _decision_body() -> bytes:
    return json.dumps(tax_request()).encode()


@pytest.fixture
def api() -> WSGIClient:
    return WSGIClient(build_application())


# ---------------------------------------------------------------- which handler, which middleware


def test_the_production_application_is_the_dispatcher() -> None:
    from prudent.config import wsgi

    assert isinstance(wsgi.application, Dispatcher)
    assert isinstance(wsgi.application.api, ApiHandler)
    assert type(wsgi.application.site) is WSGIHandler  # the site: settings.MIDDLEWARE, all of it


@pytest.mark.parametrize(
    ("path", "handler"),
    [
        ("/api/v1/decisions", "api"),
        ("/api/openapi.json", "api"),
        ("/api/", "api"),
        ("/api", "site"),
        ("/apiv1/decisions", "site"),
        ("/API/v1/decisions", "site"),
        ("//api/v1/decisions", "site"),
        ("/", "site"),
        ("/static/prudent.css", "site"),
        ("/accounts/login/", "site"),
        ("/discretion/", "site"),
    ],
)
def test_only_paths_under_api_go_to_the_api_handler(path: str, handler: str) -> None:
    seen: list[str] = []
    dispatcher = Dispatcher(
        lambda environ, start: seen.append("site") or [],
        lambda environ, start: seen.append("api") or [],
    )
    dispatcher({"PATH_INFO": path}, lambda *a: None)
    assert seen == [handler]


def test_the_server_process_environment_never_reaches_a_request() -> None:
    """granian copies its process environment into every WSGI environ (docs/security.md)."""
    seen: list[dict[str, Any]] = []
    environment = {
        "PRUDENT_SECRET_KEY": "s3cret",
        "DATABASE_URL": "postgres://prudent:pw@db/prudent",
        "PATH": "/usr/bin",
    }
    dispatcher = Dispatcher(
        lambda environ, start: seen.append(dict(environ)) or [],
        lambda environ, start: seen.append(dict(environ)) or [],
        environment=environment,
    )
    for path in ("/api/v1/decisions", "/accounts/login/"):
        request = {
            **environment,
            "PATH_INFO": path,
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": "2",
            "HTTP_HOST": "example.cn",
            "wsgi.url_scheme": "https",
        }
        dispatcher(request, lambda *a: None)
    for environ in seen:
        assert not set(environment) & set(environ)
        assert environ["HTTP_HOST"] == "example.cn"
        assert environ["CONTENT_LENGTH"] == "2"
        assert environ["wsgi.url_scheme"] == "https"


def test_the_api_skips_only_whitenoise_and_messages() -> None:
    assert frozenset({WHITENOISE, MESSAGES}) == API_SKIPPED_MIDDLEWARE
    production = [settings.MIDDLEWARE[0], WHITENOISE, *settings.MIDDLEWARE[1:]]  # as settings.prod
    with override_settings(MIDDLEWARE=production):
        assert api_middleware() == KEPT
    assert api_middleware() == KEPT
    with override_settings(MIDDLEWARE=[*KEPT, "example.NewMiddleware"]):
        assert api_middleware()[-1] == "example.NewMiddleware"  # a new one runs for the API too


def test_the_api_handler_builds_its_chain_from_that_list(monkeypatch: Any) -> None:
    built: list[str] = []

    def record(path: str) -> Any:
        from django.utils.module_loading import import_string

        built.append(path)
        return import_string(path)

    monkeypatch.setattr(handlers, "import_string", record)
    ApiHandler()
    assert built == list(reversed(KEPT))


# ---------------------------------------------------------------- the API's security properties


def test_a_signed_in_officer_decides_and_the_answer_carries_the_security_headers(
    api: WSGIClient, demo_user: Any
) -> None:
    token = api.sign_in(demo_user("officer"))
    answer = api.request("POST", DECISIONS, _decision_body(), csrf=token)
    assert answer.status == 200, answer.body
    assert answer.json()["tier"] == "no_penalty"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Content-Length"] == str(len(answer.body))
    assert answer.headers["Content-Language"] == "zh-hans"
    assert len(answer.headers["X-Request-ID"]) == 32
    # The session's cookie is sent on every answer: the sliding idle timeout (等保 2.0).
    assert any(c.startswith(f"{settings.SESSION_COOKIE_NAME}=") for c in answer.cookies)


def test_a_write_without_the_right_csrf_token_is_refused(api: WSGIClient, demo_user: Any) -> None:
    api.sign_in(demo_user("officer"))
    assert api.request("POST", DECISIONS, _decision_body()).status == 403
    other = _get_new_csrf_string()
    assert api.request("POST", DECISIONS, _decision_body(), csrf=other).status == 403


def test_not_signed_in_is_401_and_without_the_capability_403(
    api: WSGIClient, demo_user: Any
) -> None:
    token = api.csrf_token()
    assert api.request("POST", DECISIONS, _decision_body(), csrf=token).status == 401
    token = api.sign_in(demo_user("enterprise"))
    assert api.request("POST", DECISIONS, _decision_body(), csrf=token).status == 403


def test_a_deactivated_user_or_an_ended_session_is_refused(api: WSGIClient, demo_user: Any) -> None:
    officer = demo_user("officer")
    token = api.sign_in(officer)
    assert api.request("POST", DECISIONS, _decision_body(), csrf=token).status == 200
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert api.request("POST", DECISIONS, _decision_body(), csrf=token).status == 401
    officer.is_active = True
    officer.save(update_fields=["is_active"])
    token = api.sign_in(officer)
    assert api.request("POST", DECISIONS, _decision_body(), csrf=token).status == 200
    Session.objects.all().delete()
    assert api.request("POST", DECISIONS, _decision_body(), csrf=token).status == 401


def test_https_is_enforced_and_hsts_sent_on_the_api(demo_user: Any) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600):
        api = WSGIClient(build_application())
        token = api.sign_in(demo_user("officer"))
        plain = api.request("POST", DECISIONS, _decision_body(), csrf=token)
        assert plain.status == 301
        assert plain.headers["Location"] == f"https://testserver{DECISIONS}"
        secure = api.request(
            "POST",
            DECISIONS,
            _decision_body(),
            csrf=token,
            secure=True,
            headers={"Referer": "https://testserver/discretion/"},
        )
        assert secure.status == 200, secure.body
        assert secure.headers["Strict-Transport-Security"] == "max-age=3600"
        # Over HTTPS the CSRF check also wants the request to come from this site.
        elsewhere = api.request(
            "POST",
            DECISIONS,
            _decision_body(),
            csrf=token,
            secure=True,
            headers={"Referer": "https://elsewhere.example/"},
        )
        assert elsewhere.status == 403


def test_a_host_not_allowed_is_refused(api: WSGIClient, demo_user: Any) -> None:
    token = api.sign_in(demo_user("officer"))
    answer = api.request(
        "POST", DECISIONS, _decision_body(), csrf=token, headers={"Host": "evil.example"}
    )
    assert answer.status == 400


def test_an_api_write_is_audited_with_the_request_id_and_address(
    api: WSGIClient, demo_user: Any
) -> None:
    from prudent.core.models import AuditEvent

    token = api.sign_in(demo_user("head"))
    body = {"code": uscc(7), "name": "新企业", "kind": "enterprise", "division_code": "430421"}
    answer = api.request("POST", "/api/v1/entities", json.dumps(body).encode(), csrf=token)
    assert answer.status == 201, answer.body
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.request_id == answer.headers["X-Request-ID"]
    assert event.client_address == "127.0.0.1"


# ---------------------------------------------------------------- the same answers as the full path


def _comparable(answer: Answer) -> tuple[int, dict[str, str], list[str], bytes]:
    headers = {k: v for k, v in answer.headers.items() if k != "X-Request-ID"}
    cookie_names = sorted(c.split("=", 1)[0] for c in answer.cookies)
    return answer.status, headers, cookie_names, answer.body


@pytest.mark.parametrize(
    ("role", "method", "path", "body", "with_token"),
    [
        ("officer", "POST", DECISIONS, _decision_body(), True),
        ("officer", "POST", DECISIONS, _decision_body(), False),
        ("officer", "POST", DECISIONS, b"{not json", True),
        ("officer", "POST", DECISIONS, json.dumps({"item": "NO-SUCH"}).encode(), True),
        (None, "POST", DECISIONS, _decision_body(), True),
        ("enterprise", "POST", DECISIONS, _decision_body(), True),
        ("officer", "GET", "/api/v1/decisions/items?q=逾期", b"", False),
        ("officer", "GET", "/api/v1/me", b"", False),
        (None, "GET", "/api/v1/me", b"", False),
        ("officer", "GET", "/api/v1/no-such-route", b"", False),
        ("head", "POST", "/api/v1/entities", b'{"code": "x"}', True),
    ],
)
def test_the_api_answers_exactly_as_through_the_full_middleware(
    demo_user: Any, role: str | None, method: str, path: str, body: bytes, with_token: bool
) -> None:
    full = Dispatcher(WSGIHandler(), WSGIHandler())
    answers = []
    for app in (build_application(), full):
        client = WSGIClient(app)
        token = client.sign_in(demo_user(role)) if role else client.csrf_token()
        answers.append(client.request(method, path, body, csrf=token if with_token else None))
    lean, reference = answers
    assert _comparable(lean) == _comparable(reference)
