"""Regenerate `src/lawcore/calendar/schedules_cn.py` from the `chinesecalendar` package.

Development-time only: `chinesecalendar` is NOT a runtime dependency of lawcore or prudent. Run

    .venv/bin/pip install 'chinesecalendar==X.Y.Z'      # the release that covers the new year
    .venv/bin/python scripts/gen_calendar_data.py
    .venv/bin/ruff format src/lawcore/calendar/schedules_cn.py

and commit the regenerated module together with the bumped version in its header. Between releases
an administrator loads a newly published year through `prudent calendar load` (docs/calendar.md).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src" / "lawcore" / "calendar" / "schedules_cn.py"

HEADER = '''"""Chinese public holidays and make-up workdays (调休), {first}–{last}. GENERATED.

Source: the State Council General Office notices 国务院办公厅关于XXXX年部分节假日安排的通知 for each
year, as transcribed by the `chinesecalendar` package version {version}
(https://github.com/LKI/chinese-calendar), regenerated with `scripts/gen_calendar_data.py`.

`SCHEDULES[year]` is `(holidays, makeup_workdays)`: ISO dates, sorted, each within its calendar
year. Holidays are every day that is off under the notice, including weekend days inside a holiday
run; make-up working days are weekend days that are worked. A date that belongs to the next
year's notice but falls in this calendar year (e.g. 2011-12-31, a Saturday worked for New Year
2012) is listed under the year of the date.
"""

from __future__ import annotations

SOURCE = "国务院办公厅关于部分节假日安排的通知（逐年），经 chinesecalendar {version} 转录"
PACKAGE_VERSION = "{version}"

SCHEDULES: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {{
'''


def _tuple(values: list[date]) -> str:
    if not values:
        return "()"
    return "(" + ", ".join(f'"{d.isoformat()}"' for d in sorted(values)) + ",)"


def render() -> str:
    import chinese_calendar
    from chinese_calendar import constants

    holidays: dict[int, list[date]] = defaultdict(list)
    workdays: dict[int, list[date]] = defaultdict(list)
    for d in constants.holidays:
        holidays[d.year].append(d)
    for d in constants.workdays:
        if d.weekday() < 5:
            raise SystemExit(f"make-up workday {d} is not a weekend day")
        workdays[d.year].append(d)
    overlap = set(constants.holidays) & set(constants.workdays)
    if overlap:
        raise SystemExit(f"dates both holiday and workday: {sorted(overlap)}")
    years = sorted(set(holidays) | set(workdays))
    version = getattr(chinese_calendar, "__version__", "unknown")
    out = [HEADER.format(first=years[0], last=years[-1], version=version)]
    for year in years:
        out.append(f"    {year}: (\n        {_tuple(holidays[year])},\n")
        out.append(f"        {_tuple(workdays[year])},\n    ),\n")
    out.append("}\n")
    return "".join(out)


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
