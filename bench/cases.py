"""Benchmark of the case pages with a million cases in PostgreSQL (issue #4, Performance).

    .venv/bin/python bench/cases.py [--cases 1000000] [--entities 100000] [--requests 300]
        [--warmup 30] [--seed 4] [--slow-sql] [--pg-host 127.0.0.1] [--pg-port 5432]
        [--pg-user postgres]

Target (issue #4): with 1,000,000 cases the officer's workbench and a case page answer in < 200 ms
at p95; the list views' query counts are capped in the tests (src/prudent/cases/tests).

What it does, in order:

1. creates a fresh PostgreSQL database ``prudent_bench_cases_<pid>`` (trust authentication);
2. runs ``prudent manage migrate``, ``prudent demo load`` and ``prudent manage collectstatic``
   with the production settings (``prudent.config.settings.prod``, DEBUG off, cached templates,
   the manifest static storage);
3. bulk-loads, with ``COPY`` through psycopg (``cursor.copy``), **bypassing the services** (no
   audit events, no per-case transaction: this is for loading only — every page then reads the
   rows through the ordinary selectors): ``--entities`` parties with valid USCC codes (check
   character from ``lawcore.identifiers.uscc_check_char``), 19 more officers per department, and
   ``--cases`` cases spread over the ten case-handling departments of the demo, over three
   years, over every workflow state (about 85 % finished, 15 % open), each with two officers
   (主办 and 协办), the events of a real demo case of its kind (capped at 6; about 4 per case)
   and tasks (open cases: one or two open tasks, due dates from 30 days overdue to 60 days
   ahead; finished cases: one done task). Snapshots, proposals, decisions and deadlines are
   copied from the demo cases that the services made, so that every page renders as for a real
   case. Case numbers continue the demo's counters, which are then moved to the last number;
4. ``ANALYZE``s, then measures in this process with Django's test client (the whole request
   through the middleware, the views and the templates; no network): the demo officer 张伟's
   workbench, the case list (first page), the case list searched (case number, party name,
   party code, in turn), a case page of a random case of his department, and — as the
   supervisor who reads every department — the case list's first page over all cases. Each
   after ``--warmup`` requests, ``--requests`` times; prints p50/p95/p99/max in ms and the number
   of SQL queries per request (counted on separate requests, so that counting does not slow the
   timed ones); with ``--slow-sql`` also each page's three slowest statements;
5. always drops the database (``try``/``finally``), even on errors.

The machine has 2 cores shared with other work: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CHUNK = 20_000
OFFICERS_PER_DEPARTMENT = 20

# --------------------------------------------------------------------------- database


def run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"failed ({done.returncode}): {' '.join(args)}")


@contextmanager
def database(opts: argparse.Namespace) -> Iterator[str]:
    name = f"prudent_bench_cases_{os.getpid()}"
    admin = f"host={opts.pg_host} port={opts.pg_port} user={opts.pg_user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"database {name} created")
    try:
        yield f"postgres://{opts.pg_user}@{opts.pg_host}:{opts.pg_port}/{name}"
    finally:
        if opts.keep:
            print(f'database {name} KEPT (--keep): drop it with DROP DATABASE "{name}"')
        else:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:
                pass
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"database {name} dropped")


def esc(value: object) -> str:
    r"""One field in COPY's text format (\N for NULL)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def jtext(value: object) -> str:
    return esc(json.dumps(value, ensure_ascii=False, default=str))


def copy(cur: psycopg.Cursor[Any], table: str, columns: list[str], lines: list[str]) -> None:
    if not lines:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    with cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as out:
        for start in range(0, len(lines), 5000):
            out.write("".join(lines[start : start + 5000]))


# --------------------------------------------------------------------------- loading

PLACES = [
    "西渡",
    "金兰",
    "演陂",
    "杉桥",
    "井头",
    "台源",
    "曲兰",
    "溪江",
    "洪市",
    "库宗",
    "界牌",
    "渣江",
]
TRADES = [
    ("食品", "食品零售"),
    ("餐饮", "餐饮服务"),
    ("建材", "建材批发"),
    ("百货", "百货零售"),
    ("药房", "药品零售"),
    ("农资", "农资销售"),
    ("物流", "道路货物运输"),
    ("化工", "化学原料制造"),
    ("网吧", "互联网上网服务"),
    ("养殖", "畜禽养殖"),
]
SUFFIXES = [
    ("有限公司", "enterprise", "91"),
    ("商行", "individual_business", "92"),
    ("经营部", "individual_business", "92"),
    ("专业合作社", "cooperative", "93"),
]
TITLES = [
    "经营超过保质期的食品",
    "未按规定公示营业执照",
    "销售不合格建材产品",
    "占道经营",
    "超限运输",
    "未取得许可从事经营活动",
    "未按规定建立进货查验记录",
    "水污染物超标排放",
    "未设置危险废物识别标志",
    "违规使用农药",
    "未按规定开展安全生产培训",
    "无证经营网吧",
    "价格标示不规范",
    "虚假宣传",
    "生产不符合安全标准的食品",
]
# (state, weight); about 15 % open
STATES = [
    ("archived", 46),
    ("closed", 30),
    ("not_opened", 6),
    ("transferred", 3),
    ("lead", 2),
    ("verification", 2),
    ("opened", 1),
    ("investigation", 3),
    ("proposed", 1),
    ("notified", 1),
    ("hearing", 0.3),
    ("legal_review", 0.5),
    ("collective_discussion", 0.2),
    ("decided", 0.5),
    ("served", 1),
    ("executing", 1),
    ("flexible", 0.5),
    ("commitment", 0.7),
    ("reinspection", 0.3),
]
FINISHED = {"not_opened", "closed", "archived", "transferred"}
# which demo case a state's rows copy (snapshot, proposal, decision, events)
TEMPLATE_OF = {
    "lead": "lead",
    "verification": "lead",
    "not_opened": "lead",
    "opened": "investigation",
    "investigation": "investigation",
    "proposed": "investigation",
    "notified": "investigation",
    "hearing": "investigation",
    "legal_review": "investigation",
    "collective_discussion": "investigation",
    "transferred": "investigation",
    "flexible": "commitment",
    "commitment": "commitment",
    "reinspection": "commitment",
    "decided": "served",
    "served": "served",
    "executing": "served",
    "closed": "served",
    "archived": "served",
}
TASK_KINDS = [
    ("verification", "verification", "完成核查"),
    ("reinspection", "correction_deadline", "复查整改情况"),
    ("return_visit", "return_visit", "回访当事人"),
    ("service", "service", "送达决定书"),
    ("payment", "payment", "督促缴纳罚款"),
    ("legal_review", "legal_review", "提交法制审核"),
]


@dataclasses.dataclass
class Template:
    state: str
    snapshot: dict[str, Any]
    facts: str
    item_code: str
    rulebook_id: str
    proposal: str
    decision: str
    deadlines: str
    events: list[dict[str, Any]]


def templates() -> tuple[dict[str, Template], dict[str, str]]:
    """The demo's cases, one per kind, each with its events — made through the services."""
    from lawcore.workflow import CaseSnapshot, State
    from prudent.cases.models import Case

    out: dict[str, Template] = {}
    for case in Case.objects.filter(title__startswith="（演示）").order_by("pk"):
        kind = {
            State.LEAD: "lead",
            State.INVESTIGATION: "investigation",
            State.COMMITMENT: "commitment",
            State.SERVED: "served",
        }.get(case.state_enum)
        if kind is None or kind in out:
            continue
        events = list(
            case.events.order_by("seq").values(
                "transition", "label", "from_state", "to_state", "document_type", "note", "data"
            )
        )
        out[kind] = Template(
            state=case.state,
            snapshot=case.snapshot,
            facts=jtext(case.facts),
            item_code=case.item_code,
            rulebook_id=case.rulebook_id,
            proposal=jtext(case.proposal) if case.proposal is not None else "\\N",
            decision=jtext(case.decision) if case.decision is not None else "\\N",
            deadlines=jtext(case.deadlines),
            events=events[:6],
        )
    missing = {"lead", "investigation", "commitment", "served"} - set(out)
    if missing:
        raise SystemExit(f"the demo has no case of kind {sorted(missing)}")
    # a snapshot per state (COPY text): the template's, with that state
    snapshots: dict[str, str] = {}
    for state, kind in TEMPLATE_OF.items():
        snap = CaseSnapshot.from_json(out[kind].snapshot)
        snapshots[state] = jtext(dataclasses.replace(snap, state=State(state)).to_json())
    return out, snapshots


def load(url: str, opts: argparse.Namespace) -> dict[str, Any]:  # noqa: C901 - one pass over the rows
    from django.contrib.auth.hashers import make_password

    from lawcore.identifiers import uscc_check_char
    from lawcore.workflow import LeadSource
    from prudent.accounts.models import User
    from prudent.cases.models import Case, CaseNumberCounter
    from prudent.organisations.models import Department

    rng = random.Random(opts.seed)
    tpl, snapshots = templates()
    now = dt.datetime.now(dt.UTC)
    today = dt.date.today()

    departments = list(
        Department.objects.exclude(kind="judicial_bureau").order_by("pk").values("pk", "short_name")
    )
    # officers: the demo's, and more up to OFFICERS_PER_DEPARTMENT in each department
    password = make_password(secrets.token_urlsafe(16))
    extra = []
    for d in departments:
        have = User.objects.filter(department_id=d["pk"], role__in=["officer", "head"]).count()
        for k in range(max(0, OFFICERS_PER_DEPARTMENT - have)):
            extra.append(
                User(
                    username=f"bench_{d['pk']}_{k}",
                    full_name=f"执法员{d['pk']}-{k}",
                    role="officer",
                    department_id=d["pk"],
                    password=password,
                )
            )
    User.objects.bulk_create(extra, batch_size=1000)
    officers: dict[int, list[tuple[int, str]]] = {}
    for u in User.objects.filter(role__in=["officer", "head"], department__isnull=False).order_by(
        "pk"
    ):
        officers.setdefault(u.department_id, []).append((u.pk, u.full_name or u.username))
    departments = [d for d in departments if officers.get(d["pk"])]
    # the market-regulation department (the demo officer's) and urban management get more cases
    weights = [
        25 if i == 0 else 20 if i == 1 else 55 / max(1, len(departments) - 2)
        for i in range(len(departments))
    ]

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=False) as conn, conn.cursor() as cur:
        # the rows are made consistent here: skip the per-row foreign-key triggers while loading
        cur.execute("SET session_replication_role = replica")
        # ------------------------------------------------------------ entities
        ent_cols = [
            "code",
            "name",
            "kind",
            "division_code",
            "address",
            "industry",
            "registered_on",
            "observation_reason",
            "created_at",
            "updated_at",
        ]
        lines = []
        names = []
        for n in range(opts.entities):
            name_suffix, kind, prefix = SUFFIXES[n % len(SUFFIXES)]
            trade, industry = TRADES[(n // 4) % len(TRADES)]
            place = PLACES[(n // 40) % len(PLACES)]
            body = f"{prefix}430421MB{n:07d}"
            code = body + uscc_check_char(body)
            name = f"衡阳县{place}{'鑫盛华利兴隆泰和'[n % 8]}{trade}{name_suffix}{n}"
            names.append((code, name))
            reg = dt.date(2005, 1, 1) + dt.timedelta(days=n % 7000)
            lines.append(
                "\t".join(
                    [
                        code,
                        name,
                        kind,
                        "430421",
                        f"衡阳县{place}镇{n % 300}号",
                        industry,
                        reg.isoformat(),
                        "",
                        now.isoformat(),
                        now.isoformat(),
                    ]
                )
                + "\n"
            )
        copy(cur, "entities_entity", ent_cols, lines)
        conn.commit()
        cur.execute("SELECT min(id), max(id) FROM entities_entity WHERE code ~ '^9[123]430421MB'")
        ent_lo, ent_hi = cur.fetchone()  # type: ignore[misc]
        print(f"  {opts.entities:,} entities in {time.perf_counter() - started:.1f} s")

        # ------------------------------------------------------------ cases and children
        counters = {(c.department_id, c.year): c.last for c in CaseNumberCounter.objects.all()}
        cur.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        next_id = cur.fetchone()[0] + 1  # type: ignore[index]
        case_cols = [
            "id",
            "department_id",
            "number",
            "year",
            "source",
            "title",
            "party_id",
            "item_code",
            "rulebook_id",
            "facts",
            "violation_on",
            "state",
            "snapshot",
            "lead_received_on",
            "opened_on",
            "decided_on",
            "decision_due",
            "next_due",
            "deadlines",
            "has_provisional",
            "proposal",
            "proposed_on",
            "decision",
            "departure",
            "departure_reason",
            "lock_version",
            "created_by_id",
            "created_at",
            "updated_at",
        ]
        off_cols = ["case_id", "officer_id", "role", "assigned_at"]
        ev_cols = [
            "case_id",
            "seq",
            "transition",
            "label",
            "from_state",
            "to_state",
            "actor_id",
            "actor_name",
            "actor_role",
            "on",
            "at",
            "note",
            "document_type",
            "data",
        ]
        task_cols = [
            "case_id",
            "kind",
            "key",
            "title",
            "due",
            "provisional",
            "basis",
            "done_at",
            "assignee_id",
            "created_at",
        ]
        state_names = [s for s, _ in STATES]
        state_weights = [w for _, w in STATES]
        sources = [s.value for s in LeadSource]
        event_data = {id(e): jtext(e["data"]) for t in tpl.values() for e in t.events}
        done = 0
        counts = {"events": 0, "tasks": 0, "officers": 0}
        while done < opts.cases:
            n = min(CHUNK, opts.cases - done)
            cases, offs, evs, tasks = [], [], [], []
            dept_pick = rng.choices(departments, weights, k=n)
            state_pick = rng.choices(state_names, state_weights, k=n)
            for i in range(n):
                cid = next_id + done + i
                d = dept_pick[i]
                state = state_pick[i]
                t = tpl[TEMPLATE_OF[state]]
                snap = snapshots[state]
                is_open = state not in FINISHED
                age = rng.randrange(0, 90) if is_open else rng.randrange(30, 1095)
                created = now - dt.timedelta(days=age, seconds=rng.randrange(86400))
                received = created.date()
                key = (d["pk"], received.year)
                counters[key] = counters.get(key, 0) + 1
                number = f"{d['short_name']}立〔{received.year}〕{counters[key]}号"
                staff = officers[d["pk"]]
                lead = staff[rng.randrange(len(staff))]
                assist = staff[rng.randrange(len(staff))]
                if assist == lead:
                    assist = staff[(staff.index(lead) + 1) % len(staff)]
                party_id = rng.randint(ent_lo, ent_hi)
                decided = t is tpl["served"]
                opened = t is not tpl["lead"] and state != "not_opened"
                next_due = (today + dt.timedelta(days=rng.randrange(-30, 60))) if is_open else None
                cases.append(
                    "\t".join(
                        [
                            str(cid),
                            str(d["pk"]),
                            number,
                            str(received.year),
                            sources[cid % len(sources)],
                            TITLES[cid % len(TITLES)],
                            str(party_id),
                            t.item_code,
                            esc(t.rulebook_id),
                            t.facts,
                            (received - dt.timedelta(days=3)).isoformat(),
                            state,
                            snap,
                            received.isoformat(),
                            (received + dt.timedelta(days=5)).isoformat() if opened else "\\N",
                            (received + dt.timedelta(days=40)).isoformat() if decided else "\\N",
                            (received + dt.timedelta(days=95)).isoformat() if opened else "\\N",
                            next_due.isoformat() if next_due else "\\N",
                            t.deadlines if is_open else "[]",
                            "f",
                            t.proposal,
                            (received + dt.timedelta(days=20)).isoformat()
                            if t.proposal != "\\N"
                            else "\\N",
                            t.decision,
                            "f",
                            "",
                            "1",
                            str(lead[0]),
                            created.isoformat(),
                            created.isoformat(),
                        ]
                    )
                    + "\n"
                )
                at = created.isoformat()
                offs.append(f"{cid}\t{lead[0]}\tlead\t{at}\n{cid}\t{assist[0]}\tassist\t{at}\n")
                for seq, e in enumerate(t.events, start=1):
                    on = received + dt.timedelta(days=seq * 3)
                    evs.append(
                        "\t".join(
                            [
                                str(cid),
                                str(seq),
                                e["transition"],
                                esc(e["label"]),
                                e["from_state"],
                                e["to_state"],
                                str(lead[0]),
                                esc(lead[1]),
                                "officer",
                                on.isoformat(),
                                f"{on.isoformat()}T09:00:00+08:00",
                                esc(e["note"]),
                                esc(e["document_type"]),
                                event_data[id(e)],
                            ]
                        )
                        + "\n"
                    )
                counts["events"] += len(t.events)
                if is_open:
                    for _ in range(1 + (cid % 2)):
                        kind, key_, title = TASK_KINDS[rng.randrange(len(TASK_KINDS))]
                        due = today + dt.timedelta(days=rng.randrange(-30, 60))
                        tasks.append(
                            f"{cid}\t{kind}\t{key_}\t{title}\t{due.isoformat()}\tf\t\t"
                            f"\\N\t{lead[0]}\t{at}\n"
                        )
                        counts["tasks"] += 1
                else:
                    kind, key_, title = TASK_KINDS[cid % len(TASK_KINDS)]
                    due = received + dt.timedelta(days=30)
                    tasks.append(
                        f"{cid}\t{kind}\t{key_}\t{title}\t{due.isoformat()}\tf\t\t"
                        f"{due.isoformat()}T10:00:00+08:00\t{lead[0]}\t{at}\n"
                    )
                    counts["tasks"] += 1
            copy(cur, "cases_case", case_cols, cases)
            copy(cur, "cases_caseofficer", off_cols, offs)
            copy(cur, "cases_caseevent", ev_cols, evs)
            copy(cur, "cases_casetask", task_cols, tasks)
            conn.commit()
            counts["officers"] += 2 * n
            done += n
            if done % 200_000 == 0 or done == opts.cases:
                print(f"  {done:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
        for (dept_id, year), last in counters.items():
            cur.execute(
                "INSERT INTO cases_casenumbercounter (department_id, year, last) "
                "VALUES (%s, %s, %s) ON CONFLICT (department_id, year) "
                "DO UPDATE SET last = EXCLUDED.last",
                (dept_id, year, last),
            )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), max(id)) FROM cases_case"
        )
        conn.commit()
    loaded = time.perf_counter() - started
    print(
        f"loaded {opts.cases:,} cases, {counts['officers']:,} assignments, "
        f"{counts['events']:,} events, {counts['tasks']:,} tasks in {loaded:.1f} s"
    )
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE {time.perf_counter() - started:.1f} s")
    return {"names": names, "case_count": Case.objects.count()}


# --------------------------------------------------------------------------- measuring


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def measure(
    label: str,
    client: Any,
    paths: Callable[[], str],
    opts: argparse.Namespace,
) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(opts.warmup):
        response = client.get(paths())
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code}")
    latencies = []
    for _ in range(opts.requests):
        path = paths()
        began = time.perf_counter()
        response = client.get(path)
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{label} {path}: HTTP {response.status_code}")
    queries = []
    slow: list[tuple[float, str]] = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(paths()).status_code == 200
        queries.append(len(ctx.captured_queries))
        slow.extend((float(q["time"]), q["sql"]) for q in ctx.captured_queries)
    row = {
        "label": label,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies),
        "mean": statistics.fmean(latencies),
        "queries": (min(queries), max(queries)),
    }
    print(
        f"{label:34} p50 {row['p50']:7.1f}  p95 {row['p95']:7.1f}  p99 {row['p99']:7.1f}  "
        f"max {row['max']:7.1f} ms   queries {row['queries'][0]}–{row['queries'][1]}",
        flush=True,
    )
    if opts.slow_sql:
        # one request's statements in order, then the plan of the slowest statement seen
        for q in ctx.captured_queries:
            print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}")
        seconds, sql = max(slow)
        print(f"    slowest ({seconds * 1000:.1f} ms): EXPLAIN ANALYZE")
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            for (line,) in cur.fetchall():
                print(f"      {line}")
    return row


def bench(opts: argparse.Namespace, data: dict[str, Any]) -> None:
    from django.test import Client

    from prudent.accounts.models import User
    from prudent.cases.models import Case

    rng = random.Random(opts.seed + 1)
    officer = User.objects.get(username="officer")
    supervisor = User.objects.get(username="supervisor")
    ids = list(
        Case.objects.filter(department_id=officer.department_id)
        .order_by("?")
        .values_list("pk", "number", "party__code")[:2000]
    )
    names = data["names"]

    def search() -> str:
        k = rng.randrange(3)
        if k == 0:
            return f"/cases/?q={rng.choice(ids)[1]}"
        if k == 1:
            name = rng.choice(names)[1]
            return f"/cases/?q={name[3:9]}"
        return f"/cases/?q={rng.choice(ids)[2]}"

    officer_client = Client()
    officer_client.force_login(officer)
    supervisor_client = Client()
    supervisor_client.force_login(supervisor)
    load1 = os.getloadavg()
    print(
        f"\n{data['case_count']:,} cases; {opts.requests} requests per page after "
        f"{opts.warmup} warm-up; load average {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}"
    )
    measure("workbench (officer)", officer_client, lambda: "/cases/workbench/", opts)
    measure(
        "case page (officer, random case)",
        officer_client,
        lambda: f"/cases/{rng.choice(ids)[0]}/",
        opts,
    )
    measure("case list page 1 (officer)", officer_client, lambda: "/cases/", opts)
    measure("case list search (officer)", officer_client, search, opts)
    measure("case list page 1 (supervisor, all)", supervisor_client, lambda: "/cases/", opts)
    measure(
        "case page (supervisor)", supervisor_client, lambda: f"/cases/{rng.choice(ids)[0]}/", opts
    )
    load2 = os.getloadavg()
    print(f"load average after: {load2[0]:.2f} {load2[1]:.2f} {load2[2]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=30, help="requests per page before timing")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--slow-sql",
        action="store_true",
        help="print each page's statements and the plan of its slowest",
    )
    parser.add_argument(
        "--keep", action="store_true", help="diagnosis only: keep the database (drop it yourself)"
    )
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    opts = parser.parse_args()
    if opts.pg_host not in {"127.0.0.1", "localhost"}:
        parser.error("--pg-host: the bench talks to 127.0.0.1 only")
    if opts.entities < 1 or opts.cases < 1:
        parser.error("--cases and --entities must be positive")

    workdir = Path(tempfile.mkdtemp(prefix="prudent_bench_cases_"))
    with database(opts) as url:
        env = {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "prudent.config.settings.prod",
            "PRUDENT_SECRET_KEY": secrets.token_urlsafe(64),
            "PRUDENT_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "PRUDENT_SSL_REDIRECT": "0",
            "PRUDENT_CONN_MAX_AGE": "60",
            "PRUDENT_VAR_DIR": str(workdir / "var"),
            "PRUDENT_MEDIA_ROOT": str(workdir / "media"),
        }
        os.environ.update(env)
        prudent = str(VENV_BIN / "prudent")
        started = time.perf_counter()
        run([prudent, "manage", "migrate", "--noinput", "-v", "0"], dict(os.environ))
        run([prudent, "demo", "load"], dict(os.environ))
        run([prudent, "manage", "collectstatic", "--noinput", "-v", "0"], dict(os.environ))
        print(f"migrate + demo load + collectstatic: {time.perf_counter() - started:.1f} s")
        import django

        django.setup()
        data = load(url, opts)
        bench(opts, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
