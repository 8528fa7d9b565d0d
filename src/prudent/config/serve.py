"""Production serving: granian, a web server whose HTTP layer is native code (Rust), running the
WSGI application ``prudent.config.wsgi:application`` in worker processes.

    DJANGO_SETTINGS_MODULE=prudent.config.settings.prod … python -m prudent.config.serve

Why granian (issue #3, Performance; ``bench/api_decisions.py``, 20 clients, 4 pairs of runs
alternating with gunicorn ``gthread`` 2 x 2 on the same tree, 2026-11-23 15:05–15:08, other work
0.00–0.02 cores; figures in docs/performance.md): granian parses HTTP, keeps the keep-alive
connections and queues requests in native code, outside the GIL; gunicorn does all of that in
Python. Server CPU per ``POST /api/v1/decisions``: granian 1.61–2.00 ms, gunicorn 1.71–2.23 ms;
p99 36–60 ms against 46–67 ms; 790–980 against 700–940 requests/s.

Why several processes: one CPython process runs one request's Python at a time (the GIL), so one
process uses one core at most. Each worker keeps its own caches (the published rulebook set is
re-checked against the database on every decision, so a publication is seen by every worker at
once).

Every value comes from the environment (defaults in brackets):

- ``PRUDENT_BIND`` [127.0.0.1:8000] — ``host:port``, behind a TLS-terminating reverse proxy (the
  production settings expect ``X-Forwarded-Proto: https`` from it);
- ``PRUDENT_WEB_WORKERS`` [one per core] — worker processes; more than the cores only adds
  switching between them;
- ``PRUDENT_WEB_THREADS`` [2] — Python threads per worker that run requests (one request's
  database round trip overlaps another request's Python);
- ``PRUDENT_WEB_BACKLOG`` [1024] — connections waiting to be accepted;
- ``PRUDENT_WEB_HEADER_TIMEOUT`` [30, at most 60] — seconds a connection may take to send a
  request's headers;
- ``PRUDENT_ACCESS_LOG`` [off] — any non-empty value logs every request;
- ``PRUDENT_LOG_LEVEL`` [info].

A worker that dies is started again. The same server from granian's own command line::

    granian --interface wsgi --http 1 --no-ws --workers 2 --blocking-threads 2 \\
        --respawn-failed-workers --host 127.0.0.1 --port 8000 prudent.config.wsgi:application
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

TARGET = "prudent.config.wsgi:application"


def _int(
    environ: Mapping[str, str], name: str, default: int, minimum: int = 1, maximum: int = 1 << 30
) -> int:
    raw = environ.get(name, "").strip()
    value = int(raw) if raw else default
    if not minimum <= value <= maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum}, not {value}")
    return value


def _bind(value: str) -> tuple[str, int]:
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"PRUDENT_BIND must be host:port, not {value!r}")
    return host.strip("[]"), int(port)


def server_options(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """granian's options from the ``PRUDENT_*`` variables of ``environ`` (default: the process's)."""
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    env = os.environ if environ is None else environ
    address, port = _bind(env.get("PRUDENT_BIND", "127.0.0.1:8000"))
    return {
        "target": TARGET,
        "address": address,
        "port": port,
        "interface": Interfaces.WSGI,
        "http": HTTPModes.http1,
        "websockets": False,
        "workers": _int(env, "PRUDENT_WEB_WORKERS", os.cpu_count() or 1),
        "blocking_threads": _int(env, "PRUDENT_WEB_THREADS", 2),
        "backlog": _int(env, "PRUDENT_WEB_BACKLOG", 1024, minimum=128),
        "http1_settings": HTTP1Settings(
            header_read_timeout=_int(env, "PRUDENT_WEB_HEADER_TIMEOUT", 30, maximum=60) * 1000
        ),
        "respawn_failed_workers": True,
        "log_access": bool(env.get("PRUDENT_ACCESS_LOG")),
        "log_level": LogLevels(env.get("PRUDENT_LOG_LEVEL", "info").lower()),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prudent.config.settings.prod")
    from granian import Granian

    Granian(**server_options()).serve()


if __name__ == "__main__":
    main()
