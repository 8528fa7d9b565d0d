"""Sessions: the sliding 30-minute idle timeout (等保 2.0 §8.1.4.1, CONVENTIONS.md §6.1) written at
most once a minute (prudent.core.sessions; issue #3, Performance)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from prudent.core.sessions import SessionStore

pytestmark = pytest.mark.django_db

AGE = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def _stored_expiry(client: Any) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_platform_uses_the_throttled_store() -> None:
    assert settings.SESSION_ENGINE == "prudent.core.sessions"
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_an_unchanged_session_is_not_rewritten_within_a_minute(client_as: Any) -> None:
    client = client_as("officer")
    before = _stored_expiry(client)
    assert client.get("/").status_code == 200
    assert _stored_expiry(client) == before


def test_a_session_last_written_over_a_minute_ago_slides_to_thirty_minutes(
    client_as: Any,
) -> None:
    client = client_as("officer")
    key = client.session.session_key
    old = timezone.now() + AGE - dt.timedelta(seconds=120)
    Session.objects.filter(session_key=key).update(expire_date=old)
    started = timezone.now()
    assert client.get("/").status_code == 200
    refreshed = _stored_expiry(client)
    assert refreshed >= started + AGE
    assert refreshed <= timezone.now() + AGE  # never longer than the idle timeout


def test_changed_data_is_written_at_once() -> None:
    store = SessionStore()
    store["step"] = 1
    store.save(must_create=True)
    key = store.session_key
    again = SessionStore(key)
    again["step"] = 2
    again.save()
    assert SessionStore(key)["step"] == 2


def test_an_unchanged_store_within_the_window_skips_the_write(
    django_assert_num_queries: Any,
) -> None:
    store = SessionStore()
    store["step"] = 1
    store.save(must_create=True)
    again = SessionStore(store.session_key)
    with django_assert_num_queries(1):  # the load only, no UPDATE
        again.save()


def test_an_expired_session_is_not_revived(client_as: Any) -> None:
    client = client_as("officer")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()
