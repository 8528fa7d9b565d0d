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

``session_user(request)`` is ``django.contrib.auth.get_user`` for the hot API route
(``POST /api/v1/decisions``): the same checks — the session's user id and backend, the user
active (``user_can_authenticate``), the session's password hash compared in constant time — but
the user's row is read with one pre-compiled ``SELECT`` instead of the ORM building the query on
every request (about 0.8 ms of the route's ~3 ms of CPU). Every case it does not settle itself
(another backend, a hash that does not match, a missing user) goes to Django's own ``get_user``,
which then rotates or flushes the session exactly as it always does.

Decoding a session's stored text (signature check, inflate, JSON) took about 36 µs of every
signed-in request; the store remembers what each text decoded to (``SessionStore.decode``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from prudent.config.db import hot_cursor

DEFAULT_REFRESH_SECONDS = 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class StoredSession(NamedTuple):
    session_data: str
    expire_date: dt.datetime


#: stored session text → what it decoded to, for sessions holding only plain values. Decoding
#: checks the text's signature (HMAC-SHA256), inflates and parses it on every request, and the
#: same text always decodes to the same values under the same keys; a changed session is a new
#: text. Emptied when the signing keys change and when full.
_DECODED: dict[str, dict[str, Any]] = {}
_DECODED_MAX = 20_000
_PLAIN = frozenset({str, int, float, bool, type(None)})


@receiver(setting_changed)
def _signing_keys_changed(*, setting: str, **_: Any) -> None:
    if setting in {"SECRET_KEY", "SECRET_KEY_FALLBACKS"}:
        _DECODED.clear()


class SessionStore(DatabaseSessionStore):
    _stored_expiry: dt.datetime | None = None
    #: The row ``session_user`` already read together with the user's (a 1-tuple: the row or
    #: None), used by the next load instead of a query of its own.
    _prefetched: tuple[tuple[Any, Any] | None] | None = None

    def _session_sql(self) -> str:
        return (
            f"SELECT session_data, expire_date FROM {self.model._meta.db_table}"  # noqa: S608
            " WHERE session_key = %s AND expire_date > %s"
        )

    def _get_session_from_db(self) -> Any:
        """Django's query (the unexpired row of this key) in plain SQL: it runs on every signed-in
        request, and the ORM's compiling of it cost more than the query."""
        if self._prefetched is not None:
            (row,), self._prefetched = self._prefetched, None
        else:
            connection = connections[router.db_for_read(self.model)]
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with hot_cursor(connection) as cursor:
                cursor.execute(self._session_sql(), [self.session_key, now])
                row = cursor.fetchone()
        if row is None:
            self._session_key = None
            self._stored_expiry = None
            return None
        expiry = row[1]
        if timezone.is_naive(expiry):  # SQLite keeps UTC without its zone
            expiry = timezone.make_aware(expiry, dt.UTC)
        self._stored_expiry = expiry
        # What Django's load() reads of the row (``session_data``), without building a model
        # instance and sending its two signals on every request.
        return StoredSession(row[0], expiry)

    def decode(self, session_data: str) -> dict[str, Any]:
        """Django's decoding, remembered per stored text (see ``_DECODED``). Each caller gets its
        own dict; only sessions whose values are all plain (immutable) are remembered, so no
        caller can change what another one reads."""
        found = _DECODED.get(session_data)
        if found is not None:
            return dict(found)
        decoded: dict[str, Any] = super().decode(session_data)
        if decoded and all(v.__class__ in _PLAIN for v in decoded.values()):
            if len(_DECODED) >= _DECODED_MAX:
                _DECODED.clear()
            _DECODED[session_data] = dict(decoded)
        return decoded

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


# ---------------------------------------------------------------- the signed-in user


_USER_SQL: dict[tuple[str, str], tuple[str, list[str], dict[int, Any]]] = {}


def _user_query(alias: str) -> tuple[str, list[str], dict[int, Any]]:
    """The SQL of ``User._default_manager.get(pk=…)`` (what ``ModelBackend.get_user`` runs),
    compiled once per database and vendor; its field names; its value converters."""
    model = auth.get_user_model()
    connection = connections[alias]
    key = (alias, connection.vendor)
    found = _USER_SQL.get(key)
    if found is None:
        query = model._default_manager.db_manager(alias).filter(pk=0).order_by().query
        compiler = query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if list(params) != [0]:
            raise RuntimeError(f"unexpected parameters of the user query: {params!r}")
        names = [col.target.attname for col, _alias, _ in compiler.select]
        converters = compiler.get_converters([col for col, _alias, _ in compiler.select])
        found = _USER_SQL[key] = (sql, names, converters)
    return found


def _user_by_pk(pk: Any) -> Any | None:
    model = auth.get_user_model()
    alias = router.db_for_read(model)
    sql, names, converters = _user_query(alias)
    connection = connections[alias]
    with hot_cursor(connection) as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, (functions, expression) in converters.items():
        for function in functions:
            values[index] = function(values[index], expression, connection)
    return model.from_db(alias, names, values)


#: session key → the user id its data held when this process last read it. Only a hint of which
#: user row to read in the same query as the session's: the id is taken from the session's data
#: again and checked every time.
_SESSION_USERS: dict[str, Any] = {}
_SESSION_USERS_MAX = 20_000


def _session_and_user(session: SessionStore, user_pk: Any) -> Any | None:
    """One query for the session's row and the row of the user it held last time; the session
    row is handed to the session store (its next load uses it), the user is returned (or None)."""
    model = auth.get_user_model()
    alias = router.db_for_read(model)
    if alias != router.db_for_read(session.model):
        return None
    user_sql, names, converters = _user_query(alias)
    columns = user_sql[len("SELECT ") : user_sql.index(" FROM ")]
    connection = connections[alias]
    qn = connection.ops.quote_name
    user_table, pk_column = qn(model._meta.db_table), qn(model._meta.pk.column)
    sql = (
        f"SELECT s.session_data, s.expire_date, {columns}"  # noqa: S608
        f" FROM {qn(session.model._meta.db_table)} s LEFT JOIN {user_table}"
        f" ON {user_table}.{pk_column} = %s"
        " WHERE s.session_key = %s AND s.expire_date > %s"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with hot_cursor(connection) as cursor:
        cursor.execute(sql, [user_pk, session.session_key, now])
        row = cursor.fetchone()
    if row is None:
        session._prefetched = (None,)
        return None
    session._prefetched = ((row[0], row[1]),)
    if row[2] is None:  # the user's primary key: no such user any more
        return None
    values = list(row[2:])
    for index, (functions, expression) in converters.items():
        for function in functions:
            values[index] = function(values[index], expression, connection)
    return model.from_db(alias, names, values)


def _fast_user(request: HttpRequest) -> Any | None:
    """The signed-in user when every check of Django's ``get_user`` passes; None when any of them
    needs Django's own handling."""
    session = request.session
    model = auth.get_user_model()
    user = None
    key = session.session_key
    hint = _SESSION_USERS.get(key) if key else None
    if hint is not None and isinstance(session, SessionStore) and not session.accessed:
        user = _session_and_user(session, hint)
    try:
        user_id = model._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except KeyError:
        return None
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    if user is None or user.pk != user_id:
        user = _user_by_pk(user_id)
    if user is None or not auth.load_backend(backend_path).user_can_authenticate(user):
        return None
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None
    if key and session.session_key == key:
        if len(_SESSION_USERS) >= _SESSION_USERS_MAX:
            _SESSION_USERS.clear()
        _SESSION_USERS[key] = user_id
    return user


def session_user(request: HttpRequest) -> Any:
    """``request.user``, settled as ``django.contrib.auth.get_user`` would (see the module's
    docstring); ``AuthenticationMiddleware``'s lazy ``request.user`` then returns the same."""
    cached = getattr(request, "_cached_user", None)
    if cached is not None:
        return cached
    user = _fast_user(request)
    if user is None:
        user = auth.get_user(request)
    request._cached_user = user  # type: ignore[attr-defined]
    return user
