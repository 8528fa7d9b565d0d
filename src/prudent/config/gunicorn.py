"""Production serving: gunicorn settings (``docs/performance.md``, "Decisions API").

    DJANGO_SETTINGS_MODULE=prudent.config.settings.prod \\
        gunicorn -c python:prudent.config.gunicorn prudent.config.wsgi:application

Why several processes: one CPython process runs one request's Python at a time (the GIL), and a
request costs a millisecond or more of CPU, so one process tops out at a few hundred requests/s
on one core however many threads it has. Worker processes use every core; each keeps its own
caches (the published rulebook set is re-checked against the database on every decision, so a
publication is seen by every worker at once).

Every value can be overridden from the environment (defaults in brackets):

- ``PRUDENT_BIND`` [127.0.0.1:8000] — behind a TLS-terminating reverse proxy (the production
  settings expect ``X-Forwarded-Proto: https`` from it);
- ``PRUDENT_WEB_WORKERS`` [one per core] — worker processes; more than the cores only adds
  switching between them (measured: docs/performance.md);
- ``PRUDENT_WEB_THREADS`` [2] — threads per worker (``gthread``: keep-alive connections are
  kept without a process each, and a worker overlaps one request's database round trip with
  another request's Python; four threads did worse than two under the GIL);
- ``PRUDENT_WEB_TIMEOUT`` [30] — seconds before a stuck worker is restarted;
- ``PRUDENT_WEB_KEEPALIVE`` [15] — seconds an idle keep-alive connection is kept.

gunicorn's command-line options still win over these (e.g. ``--bind``, ``--workers``).
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


bind = [os.environ.get("PRUDENT_BIND", "127.0.0.1:8000")]
workers = _int("PRUDENT_WEB_WORKERS", os.cpu_count() or 1)
worker_class = "gthread"
threads = _int("PRUDENT_WEB_THREADS", 2)
timeout = _int("PRUDENT_WEB_TIMEOUT", 30)
keepalive = _int("PRUDENT_WEB_KEEPALIVE", 15)
worker_connections = 1000
# Request size limits: decisions and forms are small; uploads go through Django's own limits.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("PRUDENT_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("PRUDENT_LOG_LEVEL", "info")
