"""Benchmark: import a large generated CSV into a fresh SQLite database (issue #2 part 7, R-INSP-1).

    .venv/bin/python bench/entities_import.py [--rows 1000000] [--bad-every 1000] [--batch 2000]

Generates a CSV of `--rows` entities with valid USCC codes (check characters computed with
`lawcore.identifiers.uscc_check_char`), one bad row every `--bad-every` rows (a wrong check
character), in a temporary directory; migrates a fresh SQLite database there (DATABASE_URL) and runs
`entity_import` once. Prints rows/s, elapsed time and the process's peak RSS. Never run by the test
suite.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

KINDS = ["企业", "个体工商户", "农民专业合作社", "enterprise", "individual_business"]
HEADER = ["统一社会信用代码", "名称", "主体类型", "行政区划代码", "住所", "行业", "登记日期"]


def generate(path: Path, rows: int, bad_every: int) -> int:
    from lawcore.identifiers import uscc_check_char

    bad = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            body = f"91430421MA{n:07d}"
            check = uscc_check_char(body)
            if bad_every and n % bad_every == bad_every - 1:
                check = "0" if check != "0" else "1"
                bad += 1
            writer.writerow(
                [
                    body + check,
                    f"衡阳县测试商贸有限公司{n}",
                    KINDS[n % len(KINDS)],
                    "430421",
                    f"衡阳县西渡镇蒸阳北路{n % 500}号",
                    "批发和零售业",
                    f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                ]
            )
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--bad-every", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="prudent-bench-entities-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "prudent.config.settings.test"  # DEBUG off
    import django

    django.setup()
    from django.core.management import call_command

    from prudent.entities.importing import entity_import
    from prudent.entities.models import Entity

    call_command("migrate", verbosity=0)
    csv_path = workdir / "entities.csv"
    start = time.perf_counter()
    bad = generate(csv_path, args.rows, args.bad_every)
    generated = time.perf_counter() - start
    size_mb = csv_path.stat().st_size / 1e6
    print(f"generated {args.rows} rows ({bad} bad), {size_mb:.1f} MB in {generated:.1f} s")

    start = time.perf_counter()
    report = entity_import(actor="bench", path_or_file=csv_path, batch_size=args.batch)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(report.summary_line())
    assert report.created == args.rows - bad, report.summary_line()
    assert report.rejected == bad
    assert Entity.objects.count() == report.created
    print(f"python {sys.version.split()[0]}, sqlite, batch {args.batch}")
    print(
        f"elapsed {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s, peak RSS {peak_mb:,.0f} MiB"
    )
    db_mb = (workdir / "bench.sqlite3").stat().st_size / 1e6
    print(f"database {db_mb:.0f} MB; work dir {workdir} (delete it when done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
