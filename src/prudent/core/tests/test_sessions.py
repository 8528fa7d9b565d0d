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


# ------------------------------------------------ session_user: Django's get_user, one query


def _api_post(client: Any) -> Any:
    import json

    from prudent.discretion.tests.helpers import tax_request

    return client.post("/api/v1/decisions", json.dumps(tax_request()), "application/json")


def test_session_user_is_the_user_django_would_give(rf: Any, client_as: Any) -> None:
    from django.contrib.auth import get_user

    from prudent.accounts.models import User
    from prudent.core.sessions import session_user

    client = client_as("officer")
    request = rf.get("/")
    request.session = SessionStore(client.session.session_key)
    fast = session_user(request)
    request2 = rf.get("/")
    request2.session = SessionStore(client.session.session_key)
    slow = get_user(request2)
    assert fast.pk == slow.pk == User.objects.get(username="officer").pk
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(fast, f) for f in fields] == [getattr(slow, f) for f in fields]
    assert session_user(request) is fast  # settled once per request


def test_a_password_change_ends_the_api_session(client_as: Any) -> None:
    """The session's password hash is still checked (Django's SESSION_HASH): a changed password
    signs the old session out of the API as everywhere else."""
    from prudent.accounts.models import User

    client = client_as("officer")
    assert _api_post(client).status_code == 200
    user = User.objects.get(username="officer")
    user.set_password("Another#Pass2026")
    user.save()
    assert _api_post(client).status_code == 401


def test_a_deactivated_user_is_refused_by_the_api(client_as: Any) -> None:
    from prudent.accounts.models import User

    client = client_as("officer")
    assert _api_post(client).status_code == 200
    User.objects.filter(username="officer").update(is_active=False)
    assert _api_post(client).status_code == 401


def test_a_signed_out_session_is_refused_by_the_api(client_as: Any) -> None:
    client = client_as("officer")
    key = client.session.session_key
    assert _api_post(client).status_code == 200
    Session.objects.filter(session_key=key).delete()
    assert _api_post(client).status_code == 401


def _signed(values: dict[str, Any]) -> str:
    return SessionStore().encode(values)


def test_a_remembered_decoding_gives_each_caller_its_own_copy() -> None:
    # issue #3, Performance: decoding is remembered per stored text; one request changing its
    # session dict must not change what the next request of that session reads
    text = _signed({"_auth_user_id": "7", "flag": True})
    for _ in range(3):  # decoded, then remembered: each answer changed by its caller
        got = SessionStore().decode(text)
        assert got == {"_auth_user_id": "7", "flag": True}
        got["_auth_user_id"] = "8"
        got["extra"] = 1


def test_a_session_holding_a_list_is_decoded_afresh_every_time() -> None:
    text = _signed({"messages": ["saved"]})
    first = SessionStore().decode(text)
    first["messages"].append("changed in place")
    assert SessionStore().decode(text) == {"messages": ["saved"]}


def test_text_signed_with_a_retired_key_no_longer_decodes(settings: Any) -> None:
    # a remembered decoding must not outlive the key that signed it (key rotation, 等保 2.0:
    # CONVENTIONS.md §6.1)
    text = _signed({"_auth_user_id": "7"})
    assert SessionStore().decode(text) == {"_auth_user_id": "7"}
    settings.SECRET_KEY = "another-" + "k" * 60
    assert SessionStore().decode(text) == {}


def test_a_tampered_text_decodes_to_an_empty_session() -> None:
    text = _signed({"_auth_user_id": "7"})
    assert SessionStore().decode(text) == {"_auth_user_id": "7"}
    head, _, signature = text.rpartition(":")
    forged = head + ":" + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert SessionStore().decode(forged) == {}
