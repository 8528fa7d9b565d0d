"""Security baseline, 等保 2.0 level 3 (issue #2 part 9, CONVENTIONS.md §6.1)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from prudent.accounts.models import LoginThrottle
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    "password",
    ["Ab1!", "abcdefgh", "abcdefg1", "ABCDEFG1", "abcd!efg", "12345678"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Hengyang#2026", "xiangJiang2026", "9Lake-river"])
def test_passwords_of_eight_with_three_classes_are_accepted(password: str) -> None:
    validate_password(password)


def test_correct_login_signs_in_and_is_audited(demo_password: str) -> None:
    client = Client()
    before = AuditEvent.objects.count()
    response = _login(client, "officer", demo_password)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None
    assert event.action == "login"
    assert event.actor == "officer"
    assert event.client_address == "10.0.0.1"
    assert event.request_id


def test_failed_login_is_audited_with_address() -> None:
    _login(Client(), "officer", "wrong-password", "10.9.9.9")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "login_failed"
    assert event.client_address == "10.9.9.9"


def test_logout_is_audited(client_as: Any) -> None:
    client = client_as("officer")
    client.post("/accounts/logout/")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "logout"


def test_five_failures_lock_the_account_for_fifteen_minutes(demo_password: str) -> None:
    client = Client()
    for _ in range(4):
        response = _login(client, "officer", "bad-Pass1")
        assert response.status_code == 401
        assert "用户名或密码错误" in response.content.decode()
    response = _login(client, "officer", "bad-Pass1")
    assert "已锁定" in response.content.decode()
    # even the right password is refused while locked, from another address too
    response = _login(Client(), "officer", demo_password, address="10.0.0.2")
    assert response.status_code == 401
    assert "已锁定" in response.content.decode()
    lock = LoginThrottle.objects.get(kind="account", key="officer")
    assert lock.locked_until is not None
    remaining = lock.locked_until - timezone.now()
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)
    assert AuditEvent.objects.filter(action="login_refused_locked").exists()


def test_lock_ends_after_fifteen_minutes(demo_password: str) -> None:
    for _ in range(5):
        _login(Client(), "officer", "bad-Pass1")
    LoginThrottle.objects.filter(kind="account", key="officer").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    LoginThrottle.objects.filter(kind="address").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert _login(Client(), "officer", demo_password).status_code == 302


def test_five_failures_from_one_address_lock_that_address(demo_password: str) -> None:
    for name in ["nobody1", "nobody2", "nobody3", "nobody4", "nobody5"]:
        _login(Client(), name, "bad-Pass1", address="10.6.6.6")
    response = _login(Client(), "head", demo_password, address="10.6.6.6")
    assert response.status_code == 401
    assert "已锁定" in response.content.decode()
    assert _login(Client(), "head", demo_password, address="10.6.6.7").status_code == 302


def test_success_resets_the_failure_count(demo_password: str) -> None:
    for _ in range(4):
        _login(Client(), "officer", "bad-Pass1")
    assert _login(Client(), "officer", demo_password).status_code == 302
    for _ in range(4):
        _login(Client(), "officer", "bad-Pass1")
    assert _login(Client(), "officer", demo_password).status_code == 302


def test_idle_sessions_end_after_thirty_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_forms_require_csrf(demo_password: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "officer", "password": demo_password})
    assert response.status_code == 403
    page = client.get("/accounts/login/").content.decode()
    assert "csrfmiddlewaretoken" in page


def test_production_settings_pass_the_deploy_check(tmp_path: Any) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prudent.config.settings.prod",
        "PRUDENT_SECRET_KEY": "k" * 20 + "Zq8#vW2!rT5^yU7&iO9*pA1@sD3$fG6%hJ4",
        "PRUDENT_ALLOWED_HOSTS": "prudent.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_a_missing_secret_key(tmp_path: Any) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRUDENT_")}
    env["DJANGO_SETTINGS_MODULE"] = "prudent.config.settings.prod"
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "PRUDENT_SECRET_KEY" in result.stderr
