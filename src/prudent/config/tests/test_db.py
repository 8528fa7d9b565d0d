"""The decision's two hot queries run as prepared statements on PostgreSQL (prudent.config.db;
issue #3, Performance), with the same results as Django's ordinary cursor, still counted and
logged as queries; on other databases, and with PRUDENT_DB_PREPARE off, nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from prudent.config.db import hot_cursor, prepares
from prudent.core import sessions
from prudent.rulebooks.selectors import _published_keys

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL only"
)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_only_postgresql_prepares() -> None:
    assert prepares(connection) is (connection.vendor == "postgresql")
    with override_settings(PRUDENT_DB_PREPARE=False):
        assert prepares(connection) is False


def test_the_results_are_those_of_the_ordinary_cursor(demo_user: Any) -> None:
    with override_settings(PRUDENT_DB_PREPARE=False):
        keys = _published_keys(None)
        user = sessions._user_by_pk(demo_user("officer").pk)
    assert keys  # the demo's published versions
    assert _published_keys(None) == keys
    again = sessions._user_by_pk(demo_user("officer").pk)
    assert again == user
    assert again.__dict__.keys() == user.__dict__.keys()
    for name in ("password", "last_login", "date_joined", "is_active", "department_id"):
        assert getattr(again, name) == getattr(user, name)


def test_the_queries_are_counted_as_any_other() -> None:
    with CaptureQueriesContext(connection) as queries:
        _published_keys(None)
    assert len(queries) == 1
    assert "rulebooks_storedversion" in queries[0]["sql"]


def test_an_error_is_djangos_database_error() -> None:
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), hot_cursor(connection) as cursor:
        cursor.execute("SELECT * FROM no_such_table_at_all WHERE id = %s", [1])


@on_postgresql
def test_postgresql_keeps_the_statements_prepared() -> None:
    _published_keys(None)
    assert any("rulebooks_storedversion" in s for s in _prepared_statements())


@on_postgresql
def test_not_prepared_when_switched_off() -> None:
    with override_settings(PRUDENT_DB_PREPARE=False), hot_cursor(connection) as cursor:
        cursor.execute("SELECT 1 + %s AS prudent_switched_off", [1])
    assert not any("prudent_switched_off" in s for s in _prepared_statements())
    with hot_cursor(connection) as cursor:
        cursor.execute("SELECT 1 + %s AS prudent_switched_on", [1])
    assert any("prudent_switched_on" in s for s in _prepared_statements())
