"""Small builders for import files in tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from lawcore.identifiers import citizen_id_check_char, uscc_check_char

HEADER = [
    "统一社会信用代码/身份证号码",
    "名称",
    "主体类型",
    "行政区划代码",
    "住所",
    "行业",
    "登记日期",
]


def uscc(n: int, prefix: str = "91430421MA4T") -> str:
    body = f"{prefix}{n:05d}"
    return body + uscc_check_char(body)


def citizen_id(n: int) -> str:
    body = f"43042119900101{n:03d}"
    return body + citizen_id_check_char(body)


def row(n: int, **over: Any) -> list[Any]:
    values = {
        "code": uscc(n),
        "name": f"测试企业{n}",
        "kind": "企业",
        "division_code": "430421",
        "address": f"衡阳县西渡镇{n}号",
        "industry": "零售",
        "registered_on": "2020-01-02",
    }
    values.update(over)
    return list(values.values())


def write_csv(
    path: Path, rows: list[list[Any]], header: list[str] | None = None, encoding: str = "utf-8-sig"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER if header is None else header)
    for r in rows:
        sheet.append(r)
    workbook.save(path)
    return path
