"""Benchmark of ``POST /api/v1/decisions`` under concurrent clients on PostgreSQL (issue #3, Performance).

    .venv/bin/python bench/api_decisions.py [--requests 4000] [--clients 20] [--warmup 400]
        [--server granian|gunicorn|waitress] [--workers CORES] [--threads 2] [--worker-class gthread]
        [--no-keep-alive] [--client-processes 4] [--time-limit 300] [--rate 0] [--seed 3]
        [--database-url URL] [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres]

What it does, in order (every step outside the timed region except the timed phase itself):

1. creates a fresh PostgreSQL database ``prudent_bench_<pid>`` (trust authentication), or uses
   ``--database-url`` (already migrated, demo loaded; kept);
2. runs ``prudent manage migrate``, ``prudent demo load`` and ``prudent manage collectstatic``
   with the production settings (``prudent.config.settings.prod``: DEBUG off, WhiteNoise, the
   等保 session settings) and ``PRUDENT_CONN_MAX_AGE=60``; ``PRUDENT_SSL_REDIRECT=0`` because
   the bench speaks plain HTTP to 127.0.0.1;
3. starts the production command — ``python -m prudent.config.serve`` (granian, ``--workers``
   processes of ``--threads`` threads) — or, to compare, gunicorn (``--server gunicorn``, the
   previous production server: ``--workers`` processes of ``--worker-class``, keep-alive 15 s) or
   one multi-threaded waitress process (``--server waitress``), on a free port of 127.0.0.1, as
   a separate process;
4. each client signs in as the demo officer through ``/accounts/login/`` (CSRF cookie first, the
   form's ``csrfmiddlewaretoken``), keeps its session and CSRF cookies, and sends
   ``POST /api/v1/decisions`` with ``X-CSRFToken`` over one keep-alive connection of its own
   (``--no-keep-alive``: a new connection per request);
5. checks every request template once (200 with a ``tier``), runs a warm-up (not counted), then
   the timed phase: ``--clients`` client threads, spread over ``--client-processes`` processes,
   share a bounded number of requests (``--requests``) and a time limit, each sending its next
   request as soon as it has the whole answer (closed loop) or, with ``--rate``, all together
   offering that many requests/s on steady schedules; bodies are
   varied, seeded, over shipped items — the tax 首违不罚 items (first violations and repeats
   inside the lookback), 食品安全法 第一百二十四条 (CN-SAMR-FSL-124-1-05) with goods values below
   10,000 yuan and from 10,000 up (both brackets of the statute) and 广东 ecology items
   (GD-ECO-06, GD-ECO-12);
6. prints count, errors, throughput and p50/p95/p99/max latency (ms, client side, from sending
   the request to reading the whole response), the tiers answered, the CPU time the server
   (all its processes), the client processes and PostgreSQL spent per request (``/proc``; less
   sensitive to other load on the machine than the latencies), how the server's workers share
   the clients' keep-alive connections (sampled from ``/proc``; each connection stays with the
   worker that accepted it, so an uneven split shows in the p99) and the load average;
7. always stops the server and drops the database it made (``try``/``finally``), even on errors.

Traffic goes only to 127.0.0.1. The client runs on the same machine, so it competes with the
server and PostgreSQL for the CPU: the figures are end-to-end and pessimistic. It writes each
request and reads each answer on a plain socket (HTTP/1.1, ``Content-Length``) rather than with
``http.client``, which parses every answer's headers with the ``email`` package: the client's
CPU per request is printed, 0.3–0.4 ms here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
USERNAME = "officer"
PASSWORD = "Prudent#2026"
URL = "/api/v1/decisions"
TODAY = dt.date.today()

# ---------------------------------------------------------------- request bodies

Body = dict[str, Any]


def _dates(rng: random.Random, start: dt.date, span_days: int) -> tuple[str, str]:
    violation = start + dt.timedelta(days=rng.randrange(span_days))
    decision = min(violation + dt.timedelta(days=rng.randrange(7, 60)), TODAY)
    return violation.isoformat(), decision.isoformat()


def tax_first_violation(rng: random.Random) -> Body:
    """CN-TAX-FWBF-03 逾期申报: a first violation corrected in time (首违不罚), or a repeat inside the
    lookback after an earlier decision (a fine, R-DEC-3)."""
    violation, decision = _dates(rng, dt.date(2024, 1, 10), 300)
    body: Body = {
        "item": "CN-TAX-FWBF-03",
        "party_kind": rng.choice(["organisation", "citizen"]),
        "violation_date": violation,
        "decision_date": decision,
        "facts": {
            "minor": rng.random() < 0.5,
            "harm": "slight",
            "corrected_in_time": rng.random() < 0.85,
            "no_fault_proven": False,
            "serious": False,
            "irrecoverable_tax_loss": False,
            "major_social_impact": False,
        },
        "history": [],
    }
    if rng.random() < 0.3:
        earlier = dt.date.fromisoformat(violation) - dt.timedelta(days=rng.randrange(30, 300))
        tier = rng.choice(["no_penalty", "ordinary"])
        body["history"] = [{"item": "CN-TAX-FWBF-03", "date": earlier.isoformat(), "tier": tier}]
    return body


def tax_invoice_data(rng: random.Random) -> Body:
    """CN-TAX-FWBF-04 税控装置未按期报送数据: 首违不罚 only without illegal income."""
    violation, decision = _dates(rng, dt.date(2022, 3, 1), 500)
    income = 0 if rng.random() < 0.6 else rng.randrange(100, 5000)
    return {
        "item": "CN-TAX-FWBF-04",
        "party_kind": "organisation",
        "violation_date": violation,
        "decision_date": decision,
        "facts": {
            "first_violation": rng.random() < 0.8,
            "harm": rng.choice(["none", "slight"]),
            "corrected_in_time": True,
            "irrecoverable_tax_loss": False,
            "major_social_impact": False,
            "illegal_income_yuan": income,
            "minor": False,
            "no_fault_proven": False,
        },
    }


def food_safety_124(rng: random.Random) -> Body:
    """食品安全法 第一百二十四条 (CN-SAMR-FSL-124-1-05): goods value under 10,000 yuan (50,000–100,000
    yuan) or from 10,000 up (10–20 times the goods value); a few first violations corrected in time."""
    violation, decision = _dates(rng, dt.date(2025, 3, 1), 120)
    below = rng.random() < 0.5
    goods = rng.randrange(100, 10_000) if below else rng.randrange(10_000, 200_000)
    first = rng.random() < 0.3
    return {
        "item": "CN-SAMR-FSL-124-1-05",
        "party_kind": rng.choice(["organisation", "citizen"]),
        "violation_date": violation,
        "decision_date": decision,
        "facts": {
            "first_violation": first,
            "harm": "slight" if rng.random() < 0.8 else "serious",
            "corrected_in_time": rng.random() < 0.7,
            "catering": rng.random() < 0.3,
            "truthful_source": rng.random() < 0.7,
            "food_safety_incident": rng.random() < 0.05,
            "goods_value_yuan": goods,
            "minor": False,
            "no_fault_proven": False,
            "repeat_count_2y": 1 if first else rng.randrange(2, 4),
            "reduced_harm": rng.random() < 0.15,
            "coerced": False,
            "confessed": rng.random() < 0.05,
            "meritorious": False,
        },
    }


def gd_eco_water(rng: random.Random) -> Body:
    """GD-ECO-06 (广东 ecology, 水污染物超标): exceedance below or at the 0.1 threshold."""
    violation, decision = _dates(rng, dt.date(2023, 4, 1), 300)
    return {
        "item": "GD-ECO-06",
        "party_kind": "organisation",
        "violation_date": violation,
        "decision_date": decision,
        "facts": {
            "first_violation": rng.random() < 0.8,
            "corrected_in_time": rng.random() < 0.8,
            "sensitive_area": rng.random() < 0.2,
            "exceedance_case": "single_b",
            "exceedance_multiple": round(rng.uniform(0.01, 0.2), 2),
            "ph_value": 7,
            "colour_multiple": 0,
            "minor": False,
            "harm": "slight",
            "no_fault_proven": False,
        },
    }


def gd_eco_label(rng: random.Random) -> Body:
    """GD-ECO-12 (广东 ecology, 未设置危险废物识别标志)."""
    violation, decision = _dates(rng, dt.date(2025, 1, 10), 100)
    return {
        "item": "GD-ECO-12",
        "party_kind": "organisation",
        "violation_date": violation,
        "decision_date": decision,
        "facts": {
            "first_violation": True,
            "corrected_in_time": rng.random() < 0.9,
            "harm": "none",
            "sensitive_area": False,
            "minor": False,
            "no_fault_proven": False,
        },
    }


TEMPLATES: tuple[tuple[float, Callable[[random.Random], Body]], ...] = (
    (0.3, tax_first_violation),
    (0.15, tax_invoice_data),
    (0.35, food_safety_124),
    (0.1, gd_eco_water),
    (0.1, gd_eco_label),
)


def bodies(seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    weights = [w for w, _ in TEMPLATES]
    makers = [m for _, m in TEMPLATES]
    while True:
        maker = rng.choices(makers, weights)[0]
        yield json.dumps(maker(rng), ensure_ascii=False).encode()


# ---------------------------------------------------------------- database and server


def run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"failed ({done.returncode}): {' '.join(args)}")


@contextmanager
def database(opts: argparse.Namespace) -> Iterator[str]:
    if opts.database_url:
        yield opts.database_url
        return
    name = f"prudent_bench_{os.getpid()}"
    admin = f"host={opts.pg_host} port={opts.pg_port} user={opts.pg_user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"database {name} created")
    try:
        yield f"postgres://{opts.pg_user}@{opts.pg_host}:{opts.pg_port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"database {name} dropped")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU time of a process (this one when ``pid`` is None)."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_command(opts: argparse.Namespace, port: int) -> tuple[list[str], dict[str, str]]:
    """The production command (``python -m prudent.config.serve``: granian) and the variables it
    reads, or, to compare, gunicorn (the previous production server, Python HTTP layer:
    ``gthread`` workers, keep-alive 15 s) or one waitress process."""
    if opts.server == "waitress":
        command = [
            str(VENV_BIN / "python"),
            "-m",
            "waitress",
            f"--listen={HOST}:{port}",
            f"--threads={opts.threads}",
            "--connection-limit=200",
            "prudent.config.wsgi:application",
        ]
        return command, {}
    if opts.server == "gunicorn":
        command = [
            str(VENV_BIN / "gunicorn"),
            f"--bind={HOST}:{port}",
            f"--workers={opts.workers}",
            f"--threads={opts.threads}",
            f"--worker-class={opts.worker_class}",
            "--keep-alive=15",
            "--error-logfile=-",
            "prudent.config.wsgi:application",
        ]
        return command, {}
    command = [str(VENV_BIN / "python"), "-m", "prudent.config.serve"]
    return command, {
        "PRUDENT_BIND": f"{HOST}:{port}",
        "PRUDENT_WEB_WORKERS": str(opts.workers),
        "PRUDENT_WEB_THREADS": str(opts.threads),
    }


def client_cpu() -> float:
    """This process's CPU time and that of its finished client processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def machine_cpu() -> tuple[float, float]:
    """(busy, idle) CPU seconds of the whole machine, all cores (``/proc/stat``)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields[:8]) - idle) / tick, idle / tick


def db_backends(url: str) -> list[int]:
    """The PostgreSQL backends connected to the bench's database (the server's connections)."""
    with psycopg.connect(url.split("?", 1)[0], autocommit=True) as conn:  # without OPTIONS
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(row[0]) for row in rows]


def db_cpu(pids: list[int]) -> float:
    """CPU time of those backends (the server keeps its connections: PRUDENT_CONN_MAX_AGE)."""
    total = 0.0
    for pid in pids:
        with suppress(OSError):
            total += cpu_seconds(pid)
    return total


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the server's workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int(Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def connections_per_worker(pid: int, port: int) -> list[int]:
    """How many established connections to ``port`` each process of the server holds (from
    /proc/net/tcp and each process's file descriptors), most first. A keep-alive connection
    stays with the worker that accepted it, so this split decides how the clients share the
    workers for the whole phase."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(inode)
    counts = []
    for each in process_tree(pid):
        held = 0
        with suppress(OSError):
            for fd in Path(f"/proc/{each}/fd").iterdir():
                with suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:[") and target[8:-1] in inodes:
                        held += 1
        if held:
            counts.append(held)
    return sorted(counts, reverse=True)


class SplitWatch(threading.Thread):
    """Samples :func:`connections_per_worker` every half second while a phase runs."""

    def __init__(self, pid: int, port: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.port = pid, port
        self.stop = threading.Event()
        self.seen: Counter[tuple[int, ...]] = Counter()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            split = tuple(connections_per_worker(self.pid, self.port))
            if split:
                self.seen[split] += 1

    def most_common(self) -> str:
        self.stop.set()
        self.join()
        if not self.seen:
            return "not seen"
        split, _ = self.seen.most_common(1)[0]
        return " / ".join(map(str, split))


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of the server and its live workers (a worker that exited is not counted)."""
    total = 0.0
    for each in process_tree(pid):
        with suppress(OSError):
            total += cpu_seconds(each)
    return total


@contextmanager
def server(opts: argparse.Namespace, env: dict[str, str], log: Path) -> Iterator[tuple[int, int]]:
    port = free_port()
    with log.open("wb") as out:
        command, variables = server_command(opts, port)
        proc = subprocess.Popen(
            command, env={**env, **variables}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_ready(port, proc, log)
        shape = f"{opts.threads} threads"
        if opts.server == "granian":
            shape = f"{opts.workers} workers x {opts.threads} threads"
        if opts.server == "gunicorn":
            shape = f"{opts.workers} {opts.worker_class} workers"
            if opts.worker_class == "gthread":
                shape += f" x {opts.threads} threads"
        print(f"{opts.server} on {HOST}:{port}, {shape} (pid {proc.pid})")
        yield port, proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        print("server stopped")


def wait_ready(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
            raise SystemExit("the server exited at start")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/accounts/login/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not answer within 60 s")


# ---------------------------------------------------------------- client


class Client:
    """One signed-in user agent: its cookies and one keep-alive connection."""

    def __init__(self, port: int, keep_alive: bool = True) -> None:
        self.port = port
        self.keep_alive = keep_alive
        self.connection_header = "" if keep_alive else "Connection: close\r\n"
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Any:
        headers = dict(headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            raise
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        return response.status, data

    def login(self) -> None:
        status, page = self._request("GET", "/accounts/login/", None, {})
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or match is None or "csrftoken" not in self.cookies:
            raise SystemExit(f"login page: HTTP {status}, no CSRF token")
        form = urllib.parse.urlencode(
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": match[1].decode()}
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = self._request("POST", "/accounts/login/", form, headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {USERNAME} failed: HTTP {status}")

    def disconnect(self) -> None:
        """Close this client's connections (the cookies stay): the parent process does not keep
        the sign-in connections open beside the ones the client processes use."""
        self.conn.close()
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def decide(self, body: bytes) -> tuple[int, bytes]:
        """One ``POST /api/v1/decisions`` over this client's keep-alive socket, written and read
        directly (HTTP/1.1, ``Content-Length`` framing) rather than through ``http.client``, which
        parses every answer's headers with the ``email`` package: on a 2-core machine the client's
        CPU is taken from the server. The whole answer is read before the request counts."""
        if self.sock is None:
            self.conn.close()  # the login's connection: from now on this client's own socket
            self.sock = socket.create_connection((HOST, self.port), timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = (
            f"POST {URL} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"X-CSRFToken: {self.cookies['csrftoken']}\r\nCookie: {cookie}\r\n"
            f"Content-Length: {len(body)}\r\n{self.connection_header}\r\n"
        )
        try:
            self.sock.sendall(head.encode() + body)
            answer = self._read_answer()
            if not self.keep_alive:
                self.sock.close()
                self.sock = None
            return answer
        except (OSError, ValueError) as exc:
            if self.sock is not None:
                self.sock.close()
            self.sock = None
            raise OSError(str(exc)) from exc

    def _read_answer(self) -> tuple[int, bytes]:
        assert self.sock is not None
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._fill()
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        self.buffer = self.buffer[end + 4 :]
        status = int(lines[0].split(" ", 2)[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                raise ValueError(f"unexpected Transfer-Encoding: {value.strip()}")
            elif name == "set-cookie":
                jar = SimpleCookie()
                jar.load(value.strip())
                for key, morsel in jar.items():
                    self.cookies[key] = morsel.value
        if length is None:
            raise ValueError("answer without Content-Length")
        while len(self.buffer) < length:
            self._fill()
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, data

    def _fill(self) -> None:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ValueError("the server closed the connection")
        self.buffer += chunk


TIER = re.compile(
    rb'^\{"item": ?"[^"]*", ?"item_name": ?"[^"]*", ?"rulebook": ?"[^"]*", ?"tier": ?"(\w+)"'
)


class Run:
    """One client process's share of a phase: the requests left (a counter shared by all the
    client processes), the deadline and what was measured."""

    def __init__(self, left: Any, deadline: float, seed: int) -> None:
        self.lock = threading.Lock()
        self.left = left  # multiprocessing.Value("q"): requests not yet taken, all processes
        self.deadline = deadline
        self.bodies = bodies(seed)
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.tiers: Counter[str] = Counter()
        self.first_error: bytes = b""

    def take(self) -> bytes | None:
        with self.left.get_lock():
            if self.left.value <= 0 or time.monotonic() > self.deadline:
                return None
            self.left.value -= 1
        with self.lock:
            return next(self.bodies)

    def record(self, latency_ms: float, status: int, data: bytes) -> None:
        # The answer's top-level tier (the engine's JSON starts item, item_name, rulebook, tier),
        # matched rather than parsed: json.loads of every answer was a third of the client's CPU.
        match = TIER.match(data) if status == 200 else None
        with self.lock:
            self.latencies.append(latency_ms)
            if match is None:
                self.errors[f"HTTP {status}"] += 1
                self.first_error = self.first_error or data[:600]
            else:
                self.tiers[match[1].decode()] += 1

    def fail(self, exc: BaseException) -> None:
        with self.lock:
            self.errors[type(exc).__name__] += 1

    def merge(self, other: dict[str, Any]) -> None:
        self.latencies.extend(other["latencies"])
        self.errors.update(other["errors"])
        self.tiers.update(other["tiers"])
        self.first_error = self.first_error or other["first_error"]

    def result(self) -> dict[str, Any]:
        return {
            "latencies": self.latencies,
            "errors": dict(self.errors),
            "tiers": dict(self.tiers),
            "first_error": self.first_error,
        }


def worker(client: Client, run: Run, start: threading.Barrier, interval: float) -> None:
    start.wait()
    due = time.monotonic() + random.random() * interval
    while (body := run.take()) is not None:
        if interval:
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            due += interval
        began = time.perf_counter()
        try:
            status, data = client.decide(body)
        except (http.client.HTTPException, OSError) as exc:
            run.fail(exc)
            continue
        run.record((time.perf_counter() - began) * 1000, status, data)


def client_process(
    clients: list[Client],
    left: Any,
    time_limit: float,
    seed: int,
    interval: float,
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    """One client process: a thread per client, started together when the parent says go."""
    start = threading.Barrier(len(clients) + 1)
    threads = []
    run = Run(left, 0.0, seed)
    for client in clients:
        threads.append(threading.Thread(target=worker, args=(client, run, start, interval)))
        threads[-1].start()
    ready.release()
    go.wait()
    run.deadline = time.monotonic() + time_limit
    start.wait()
    for thread in threads:
        thread.join()
    results.put(run.result())


def phase(
    clients: list[Client],
    total: int,
    time_limit: float,
    seed: int,
    rate: float = 0,
    processes: int = 1,
) -> tuple[Run, float]:
    """``rate`` 0: each client sends its next request as soon as it has the answer (closed loop);
    otherwise the clients together offer ``rate`` requests/s, each on its own steady schedule.

    The clients are spread over ``processes`` forked client processes (threads in each), so that
    the client's Python does not queue behind one GIL; they share one count of requests."""
    ctx = multiprocessing.get_context("fork")
    left = ctx.Value("q", total)
    ready, go, results = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    interval = len(clients) / rate if rate else 0.0
    groups = [clients[i::processes] for i in range(processes) if clients[i::processes]]
    procs = [
        ctx.Process(
            target=client_process,
            args=(group, left, time_limit, seed + 7919 * i, interval, ready, go, results),
        )
        for i, group in enumerate(groups)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.acquire()
    go.set()
    began = time.perf_counter()
    run = Run(left, 0.0, seed)
    for _ in procs:
        run.merge(results.get())
    elapsed = time.perf_counter() - began
    for proc in procs:
        proc.join()
    return run, elapsed


def check_templates(client: Client, seed: int) -> None:
    """Every template answers 200 with a tier before anything is timed."""
    rng = random.Random(seed)
    for _weight, maker in TEMPLATES:
        body = maker(rng)
        status, data = client.decide(json.dumps(body).encode())
        answer = json.loads(data) if data else {}
        if status != 200 or "tier" not in answer:
            raise SystemExit(f"{maker.__name__}: HTTP {status} {data[:500]!r}")
        print(f"  check {maker.__name__:20} {body['item']:22} HTTP 200 tier={answer['tier']}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def report(run: Run, elapsed: float, clients: int, rate: float) -> None:
    lat = run.latencies
    count = len(lat) + sum(v for k, v in run.errors.items() if not k.startswith("HTTP"))
    errors = sum(run.errors.values())
    print(f"clients              {clients}" + (f", offering {rate:g} requests/s" if rate else ""))
    print(f"requests             {count:,}")
    print(f"errors               {errors}" + (f" {dict(run.errors)}" if errors else ""))
    if run.first_error:
        print(f"first error body     {run.first_error.decode(errors='replace')}")
    print(f"elapsed              {elapsed:.2f} s")
    print(f"throughput           {count / elapsed:,.1f} requests/s")
    if lat:
        print(f"latency mean         {statistics.fmean(lat):.1f} ms")
        for p in (50, 95, 99):
            print(f"latency p{p:<3}         {percentile(lat, p):.1f} ms")
        print(f"latency max          {max(lat):.1f} ms")
    print(f"tiers                {dict(sorted(run.tiers.items()))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=4000, help="timed requests in all")
    parser.add_argument("--clients", type=int, default=20, help="concurrent client threads")
    parser.add_argument("--warmup", type=int, default=400, help="requests before timing")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for the timed phase")
    parser.add_argument(
        "--server",
        choices=["granian", "gunicorn", "waitress"],
        default="granian",
        help="granian: the production command (python -m prudent.config.serve); gunicorn (the"
        " previous one) or waitress (one process): to compare",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="one connection per client for all its requests (--no-keep-alive: one per request)",
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="threads per worker / waitress threads"
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=4,
        help="client processes the --clients threads are spread over",
    )
    parser.add_argument(
        "--database-url",
        help="use this migrated database with the demo loaded instead of a fresh one (kept)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="requests/s offered by all clients together (0: as fast as answers come)",
    )
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    opts = parser.parse_args()
    if opts.pg_host not in {"127.0.0.1", "localhost"}:
        parser.error("--pg-host: the bench talks to 127.0.0.1 only")

    workdir = Path(tempfile.mkdtemp(prefix="prudent_bench_"))
    try:
        with database(opts) as url:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "prudent.config.settings.prod",
                "PRUDENT_SECRET_KEY": secrets.token_urlsafe(64),
                "PRUDENT_ALLOWED_HOSTS": f"{HOST},localhost",
                "PRUDENT_SSL_REDIRECT": "0",
                "PRUDENT_CONN_MAX_AGE": "60",
                "PRUDENT_VAR_DIR": str(workdir / "var"),
                "PRUDENT_MEDIA_ROOT": str(workdir / "media"),
            }
            prudent = str(VENV_BIN / "prudent")
            started = time.perf_counter()
            if not opts.database_url:
                run([prudent, "manage", "migrate", "--noinput", "-v", "0"], env)
                run([prudent, "demo", "load"], env)
            run([prudent, "manage", "collectstatic", "--noinput", "-v", "0"], env)
            print(f"migrate + demo load + collectstatic: {time.perf_counter() - started:.1f} s")
            with server(opts, env, workdir / "server.log") as (port, pid):
                clients = [Client(port, opts.keep_alive) for _ in range(opts.clients)]
                for client in clients:
                    client.login()
                print(f"{len(clients)} clients signed in as {USERNAME}")
                check_templates(clients[0], opts.seed)
                for client in clients:  # each client process opens its own connections
                    client.disconnect()
                processes = max(1, min(opts.client_processes, opts.clients))
                load_before = os.getloadavg()
                if opts.warmup:
                    phase(clients, opts.warmup, opts.time_limit, opts.seed + 1, 0, processes)
                backends = db_backends(url)
                cpu_server, cpu_client = tree_cpu_seconds(pid), client_cpu()
                cpu_db = db_cpu(backends)
                busy, idle = machine_cpu()
                watch = SplitWatch(pid, port)
                watch.start()
                timed, elapsed = phase(
                    clients, opts.requests, opts.time_limit, opts.seed, opts.rate, processes
                )
                split = watch.most_common()
                cpu_server = tree_cpu_seconds(pid) - cpu_server
                cpu_client = client_cpu() - cpu_client
                cpu_db = db_cpu(backends) - cpu_db
                busy, idle = (a - b for a, b in zip(machine_cpu(), (busy, idle), strict=True))
                load_after = os.getloadavg()
                print()
                report(timed, elapsed, opts.clients, opts.rate)
                done = max(1, len(timed.latencies))
                print(f"client processes     {processes}")
                print(f"connections/worker   {split} (keep-alive: each stays with its worker)")
                print(f"server CPU           {cpu_server * 1000 / done:.2f} ms per request")
                print(f"client CPU           {cpu_client * 1000 / done:.2f} ms per request")
                print(
                    f"PostgreSQL CPU       {cpu_db * 1000 / done:.2f} ms per request (its connections)"
                )
                others = max(0.0, busy - cpu_server - cpu_client - cpu_db)
                print(
                    f"machine CPU          {busy / elapsed:.2f} of {os.cpu_count()} cores busy,"
                    f" {idle / elapsed:.2f} idle; work other than this server, client and"
                    f" PostgreSQL: {others / elapsed:.2f} cores"
                )
                print(
                    "load average         before "
                    + " ".join(f"{x:.2f}" for x in load_before)
                    + ", after "
                    + " ".join(f"{x:.2f}" for x in load_after)
                    + f" ({os.cpu_count()} CPUs)"
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
