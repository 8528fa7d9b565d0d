"""Prepared statements for the few queries every API decision runs (issue #3, Performance).

``POST /api/v1/decisions`` reads the session with its user and the published rulebook versions'
keys on every request. PostgreSQL parsed and planned those two statements anew each time: 0.12
and 0.11 ms of its CPU a request, against 0.04 ms each when executed as prepared statements
(measured on the bench's database). Django runs every query with client-side parameter binding
and without prepared statements (so that transaction-pooling connection poolers keep working);
:func:`hot_cursor` gives those few queries a cursor that binds on the server and prepares its
statements, on the same connection and through Django's own cursor wrapper (errors, query
logging and counting as for any query).

psycopg keeps the prepared statements of each connection and drops them itself when they may
be stale (after a rollback, ``DISCARD ALL``, ``DROP`` or ``ALTER``). Behind a connection pooler in
transaction mode, where one session's prepared statements are not there in the next transaction,
set ``PRUDENT_DB_PREPARE=0``: :func:`hot_cursor` is then Django's ordinary cursor. On any other
database it always is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

#: psycopg prepares a statement of a server-binding cursor after this many executions unless told
#: to at once; set on a connection that has no threshold (Django's default: none), it only
#: concerns the cursors of :func:`hot_cursor` — Django's own cursors bind on the client and never
#: prepare.
_THRESHOLD = 1 << 30

_cursor_class: Any = None


def _prepared_cursor_class() -> Any:
    global _cursor_class
    if _cursor_class is None:
        import psycopg

        class PreparedCursor(psycopg.Cursor[Any]):
            """A server-binding cursor that prepares every statement it executes."""

            def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
                kwargs["prepare"] = True
                result = super().execute(query, params, **kwargs)
                # psycopg leaves no query text after a prepared execution; Django's query log
                # (DEBUG, CaptureQueriesContext) reads it from ``_query.query``.
                self._query = _LoggedQuery(self, query, params)  # type: ignore[assignment]
                return result

        _cursor_class = PreparedCursor
    return _cursor_class


class _LoggedQuery:
    """The executed statement with its parameters merged in, built only when read."""

    __slots__ = ("_cursor", "_params", "_sql")

    def __init__(self, cursor: Any, sql: Any, params: Any) -> None:
        self._cursor, self._sql, self._params = cursor, sql, params

    @property
    def query(self) -> bytes:
        import psycopg

        text = psycopg.ClientCursor(self._cursor.connection).mogrify(self._sql, self._params)
        return text.encode()


def prepares(connection: BaseDatabaseWrapper) -> bool:
    """Whether :func:`hot_cursor` prepares its statements on this connection."""
    return connection.vendor == "postgresql" and bool(getattr(settings, "PRUDENT_DB_PREPARE", True))


def hot_cursor(connection: BaseDatabaseWrapper) -> Any:
    """A cursor for a statement run on every API request: on PostgreSQL one that prepares it (see
    the module's docstring), otherwise ``connection.cursor()``."""
    if not prepares(connection):
        return connection.cursor()
    # What BaseDatabaseWrapper._cursor does, with psycopg's server-binding cursor.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = _THRESHOLD
        cursor = _prepared_cursor_class()(raw)
        _register_timezone(connection, cursor)
        return connection._prepare_cursor(cursor)  # type: ignore[attr-defined]


def _register_timezone(connection: Any, cursor: Any) -> None:
    """As Django's ``create_cursor``: the cursor's timestamps in the connection's time zone."""
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID  # type: ignore[attr-defined]
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, cursor)
