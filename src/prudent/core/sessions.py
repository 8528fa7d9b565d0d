"""Database sessions whose sliding expiry is written at most once a minute.

The idle timeout (等保 2.0 §8.1.4.1, CONVENTIONS.md §6.1) is ``SESSION_COOKIE_AGE`` = 30 minutes
with ``SESSION_SAVE_EVERY_REQUEST``: every request pushes the session's expiry 30 minutes ahead.
Django's database store does that with an ``UPDATE`` and a ``COMMIT`` — a write and a disk flush
— on every request, even when nothing in the session changed, which was the largest single cost
of ``POST /api/v1/decisions`` (issue #3, Performance; docs/performance.md).

This store skips that write when the session's data did not change and its stored expiry is
less than ``PRUDENT_SESSION_REFRESH_SECONDS`` (60 s) behind the new one. A session therefore ends
after at most 30 minutes without a request — never later; at worst up to a minute earlier. A
changed session (login, logout, a message, ``set_expiry``) is always written at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

DEFAULT_REFRESH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    _stored_expiry: dt.datetime | None = None

    def _get_session_from_db(self) -> Any:
        """Django's query (the unexpired row of this key) in plain SQL: it runs on every signed-in
        request, and the ORM's compiling of it cost more than the query."""
        sql = (
            f"SELECT session_data, expire_date FROM {self.model._meta.db_table}"  # noqa: S608
            " WHERE session_key = %s AND expire_date > %s"
        )
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            self._stored_expiry = None
            return None
        expiry = row[1]
        if timezone.is_naive(expiry):  # SQLite keeps UTC without its zone
            expiry = timezone.make_aware(expiry, dt.UTC)
        found = self.model(session_key=self.session_key, session_data=row[0], expire_date=expiry)
        self._stored_expiry = found.expire_date
        return found

    def _refreshed_recently(self) -> bool:
        stored = self._stored_expiry
        if stored is None or stored <= timezone.now():
            return False
        seconds = getattr(settings, "PRUDENT_SESSION_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS)
        return bool(self.get_expiry_date() - stored < dt.timedelta(seconds=seconds))

    def save(self, must_create: bool = False) -> None:
        if not must_create and self.session_key is not None:
            self._get_session()  # loads the stored row (and its expiry) if not loaded yet
            if not self.modified and self._refreshed_recently():
                return
        super().save(must_create=must_create)
        self._stored_expiry = None
