"""Importing the entity directory from CSV and xlsx (R-INSP-1 名录库, issue #2 part 7)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from prudent.core.audit import audit_head, audit_verify, state_digest
from prudent.core.models import AuditEvent
from prudent.entities import importing
from prudent.entities.importing import ImportFileError, entity_import
from prudent.entities.models import Entity
from prudent.entities.tests.helpers import HEADER, citizen_id, row, uscc, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

ACTOR = "test-importer"


def _run(path: Path, **kwargs: Any) -> importing.ImportReport:
    return entity_import(actor=ACTOR, path_or_file=path, **kwargs)


def _head_seq() -> int:
    head = audit_head()
    return head.seq if head else 0


def test_csv_rows_land_with_chinese_and_english_kinds_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "ok.csv",
        [
            row(1),
            row(2, kind="individual_business", registered_on="2021/3/4"),
            row(3, code=citizen_id(5), name="王某", kind="自然人", address="", industry="",
                registered_on=""),
        ],
    )  # fmt: skip
    report = _run(path)
    assert (report.rows, report.created, report.updated, report.rejected) == (3, 3, 0, 0)
    assert report.errors == []
    first = Entity.objects.get(code=uscc(1))
    assert (first.name, first.kind, first.division_code) == ("测试企业1", "enterprise", "430421")
    assert first.registered_on == dt.date(2020, 1, 2)
    assert Entity.objects.get(code=uscc(2)).registered_on == dt.date(2021, 3, 4)
    person = Entity.objects.get(code=citizen_id(5))
    assert (person.kind, person.registered_on) == ("natural_person", None)


def test_one_audit_event_per_import_with_digest_and_counts_R_CASE_7(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ok.csv", [row(1), row(2), row(3, kind="火星公司")])
    before = _head_seq()
    report = _run(path)
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert [e.action for e in events] == ["entity_import"]
    expected_after = {
        "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rows": 3,
        "created": 2,
        "updated": 0,
        "rejected": 1,
    }
    assert report.digest == expected_after["file_sha256"]
    assert events[0].after_digest == state_digest(expected_after)
    assert "新增2" in events[0].summary
    assert audit_verify().ok


def test_xlsx_happy_path_with_date_cells_and_numeric_division_R_INSP_1(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "ok.xlsx",
        [
            row(1, registered_on=dt.datetime(2019, 4, 12), division_code=430421),
            row(2, kind="cooperative", registered_on="2018/07/09"),
            [None] * 7,
            row(3, registered_on=None),
        ],
    )
    report = _run(path)
    assert (report.rows, report.created, report.rejected) == (3, 3, 0)
    assert Entity.objects.get(code=uscc(1)).registered_on == dt.date(2019, 4, 12)
    assert Entity.objects.get(code=uscc(2)).kind == "cooperative"


def test_xlsx_bad_row_is_reported_by_its_sheet_row_number_R_INSP_1(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [row(1), [None] * 7, row(2, kind="外星")])
    report = _run(path)
    assert [(e.line, e.field) for e in report.errors] == [(4, "kind")]
    assert not Entity.objects.filter(code=uscc(2)).exists()


def test_bad_rows_are_reported_by_line_and_field_and_not_stored_R_INSP_1(tmp_path: Path) -> None:
    wrong_check = uscc(2)[:17] + ("0" if uscc(2)[17] != "0" else "1")
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            row(1),  # line 2
            row(2, code=wrong_check),  # line 3
            row(3, registered_on="2020-13-01"),  # line 4
            row(4, kind="外资公司"),  # line 5
            row(5, name=""),  # line 6
            row(6, registered_on="12/01/2020"),  # line 7
            row(7),  # line 8
        ],
    )
    report = _run(path)
    by_line = {e.line: e for e in report.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7]
    assert by_line[3].field == "code"
    assert f"应为“{uscc(2)[17]}”" in by_line[3].message
    assert "第18位" in by_line[3].message
    assert by_line[4].field == "registered_on"
    assert "不是有效日期" in by_line[4].message
    assert by_line[5].field == "kind"
    assert "外资公司" in by_line[5].message
    assert by_line[6].field == "name"
    assert "必填" in by_line[6].message
    assert by_line[7].field == "registered_on"
    assert "YYYY-MM-DD" in by_line[7].message
    assert (report.rows, report.created, report.rejected) == (7, 2, 5)
    stored = set(Entity.objects.filter(name__startswith="测试企业").values_list("code", flat=True))
    assert stored == {uscc(1), uscc(7)}


def test_line_numbers_count_blank_lines_and_multiline_fields_R_INSP_1(tmp_path: Path) -> None:
    text = (
        ",".join(HEADER) + "\n"
        + ",".join(str(v) for v in row(1)) + "\n"
        + "\n"
        + f'{uscc(2)},"两行\n的名称",企业,430421,,,2020-01-02\n'
        + ",".join(str(v) for v in row(3, kind="?")) + "\n"
    )  # fmt: skip
    path = tmp_path / "lines.csv"
    path.write_text(text, encoding="utf-8")
    report = _run(path)
    assert [(e.line, e.field) for e in report.errors] == [(6, "kind")]
    assert Entity.objects.get(code=uscc(2)).name == "两行\n的名称"
    assert report.rows == 3


def test_all_or_nothing_stores_nothing_and_writes_no_audit_event_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "aon.csv", [row(1), row(2), row(3, division_code="43042")])
    count, seq = Entity.objects.count(), _head_seq()
    report = _run(path, all_or_nothing=True, batch_size=1)
    assert not report.stored
    assert (report.created, report.rejected) == (0, 1)
    assert [(e.line, e.field) for e in report.errors] == [(4, "division_code")]
    assert Entity.objects.count() == count
    assert _head_seq() == seq


def test_all_or_nothing_with_only_good_rows_stores_them_R_INSP_1(tmp_path: Path) -> None:
    report = _run(write_csv(tmp_path / "ok.csv", [row(1), row(2)]), all_or_nothing=True)
    assert report.stored
    assert report.created == 2


def test_duplicate_code_in_file_names_the_earlier_line_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dup.csv",
        [row(1), row(2), row(1, name="另一个名称", code=uscc(1).lower())],
    )
    report = _run(path)
    assert [(e.line, e.field) for e in report.errors] == [(4, "code")]
    assert "第2行" in report.errors[0].message
    assert Entity.objects.get(code=uscc(1)).name == "测试企业1"
    assert report.created == 2


def test_code_already_registered_is_an_error_without_update_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "exists.csv", [row(1, code="92430421MA4L0C2D58", kind="个体工商户"), row(2)]
    )
    report = _run(path)
    assert [(e.line, e.field) for e in report.errors] == [(2, "code")]
    assert "已在名录库中登记" in report.errors[0].message
    assert Entity.objects.get(code="92430421MA4L0C2D58").name == "衡阳县西渡镇惠民食品店"
    assert report.created == 1


def test_update_mode_replaces_fields_and_is_counted_in_the_audit_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "upd.csv",
        [row(1, code="92430421MA4L0C2D58", kind="个体工商户", name="惠民食品店（更名）"), row(2)],
    )
    before = _head_seq()
    report = _run(path, update=True)
    assert (report.created, report.updated, report.rejected) == (1, 1, 0)
    entity = Entity.objects.get(code="92430421MA4L0C2D58")
    assert entity.name == "惠民食品店（更名）"
    event = AuditEvent.objects.get(seq=before + 1)
    assert event.action == "entity_import"
    assert "更新1" in event.summary


def test_gb18030_csv_is_decoded_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", [row(1), row(2, kind="个体工商户")], encoding="gb18030")
    assert path.read_bytes()[:2] != b"\xef\xbb"  # no BOM: detection is by content
    report = _run(path)
    assert (report.created, report.rejected) == (2, 0)
    assert Entity.objects.get(code=uscc(2)).name == "测试企业2"


def test_english_headers_and_utf8_without_bom_R_INSP_1(tmp_path: Path) -> None:
    header = ["code", "name", "kind", "division_code", "address", "industry", "registered_on"]
    report = _run(write_csv(tmp_path / "en.csv", [row(1)], header=header, encoding="utf-8"))
    assert report.created == 1


def test_unknown_header_is_named_and_nothing_is_stored_R_INSP_1(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hdr.csv", [[*row(1), "x"]], header=[*HEADER, "法定代表人"])
    count, seq = Entity.objects.count(), _head_seq()
    with pytest.raises(ImportFileError, match="法定代表人"):
        _run(path)
    assert (Entity.objects.count(), _head_seq()) == (count, seq)


def test_missing_required_column_is_an_error_and_nothing_is_stored_R_INSP_1(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "miss.csv", [row(1)[:2] + row(1)[3:]], header=HEADER[:2] + HEADER[3:]
    )
    count = Entity.objects.count()
    with pytest.raises(ImportFileError, match="主体类型"):
        _run(path)
    assert Entity.objects.count() == count


def test_file_that_is_neither_csv_nor_xlsx_is_refused_R_INSP_1(tmp_path: Path) -> None:
    txt = tmp_path / "list.txt"
    txt.write_text("x", encoding="utf-8")
    with pytest.raises(ImportFileError, match="CSV"):
        _run(txt)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="xlsx"):
        _run(fake)


def test_crash_midway_leaves_directory_and_audit_chain_as_they_were_R_CASE_7(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "crash.csv", [row(n) for n in range(1, 6)])
    real_write = importing._write_batch
    calls: list[int] = []

    def write_then_crash(creates: list[Entity], updates: list[Entity]) -> None:
        calls.append(len(creates))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real_write(creates, updates)

    monkeypatch.setattr(importing, "_write_batch", write_then_crash)
    count, head = Entity.objects.count(), audit_head()
    with pytest.raises(RuntimeError, match="disk full"):
        _run(path, batch_size=2)
    assert calls == [2, 2]  # the first batch had been written before the crash
    assert Entity.objects.count() == count
    assert audit_head() == head
    assert audit_verify().ok
