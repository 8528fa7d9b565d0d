"""Importing the entity directory (市场主体名录库, R-INSP-1) from CSV or xlsx.

A file has a header row and one entity per row. Headers may be Chinese or English (see `COLUMNS`);
an unknown header or a missing required column makes the whole file unusable (`ImportFileError`,
nothing stored). Every other problem belongs to a row: it is reported with the row's line number in
the file (the header is line 1), the field and a Chinese reason, and that row stores nothing.

Rules that a reader of the code might not guess:

- **One transaction per file.** Rows are validated one by one while the file streams and written in
  batches of `BATCH_SIZE` (`bulk_create`, and `bulk_update` for `update=True`), all inside one
  `transaction.atomic()`. A crash midway (database error, killed process) therefore leaves the
  directory and the audit chain exactly as they were: good rows land all together or not at all.
  On SQLite the database is write-locked for the length of the import (about a minute per million
  rows, see docs/performance.md); on PostgreSQL only the inserted codes' index entries are.
- **`all_or_nothing=True`**: once a bad row is seen nothing more is written, and at the end the
  transaction is rolled back if any row was bad: nothing lands and no audit event is written.
- **One audit event per import**, not per row: action `entity_import`, with the file's SHA-256 and
  the counts as its `after` state. A million per-row events would bloat the chain (each append reads
  and locks the chain head) without adding evidence: the file digest identifies exactly what was
  imported and the file can be kept beside the chain. An import that stores nothing writes no event.
- **Duplicates inside the file**: the first row with a code wins; a later row with the same code is
  rejected naming the earlier line (even when the earlier row was itself rejected for another field:
  the file holds two records of one entity and a person must say which is right).
- **Codes already in the directory**: an error "已登记" unless `update=True`, in which case the row
  replaces the entity's fields (counted as updated). Looked up per batch with `code__in`.
- **Memory**: the file is never read whole. Kept in memory: a dict of the codes seen so far with
  their line (for the duplicate message; ~150 bytes per row, ~150 MB for a million rows), the
  current batch, and the error list.
- Encoding of CSV: UTF-8 with or without BOM; when the first 64 KiB are not UTF-8, GB18030 (which
  covers GBK and GB2312, what Excel saves on Chinese Windows). A file whose later part does not
  decode is unusable as a whole.
- GB 11714 warnings on USCC codes (CONVENTIONS §1.3) do not reject a row; they are reported
  separately (the first `MAX_WARNINGS`, and their count).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from prudent.core.audit import audit_append
from prudent.core.errors import ValidationFailed
from prudent.entities.choices import EntityKind
from prudent.entities.models import Entity

BATCH_SIZE = 2000
MAX_WARNINGS = 1000
_SNIFF_BYTES = 64 * 1024
_DIGEST_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    max_length: int | None
    aliases: tuple[str, ...]


COLUMNS: tuple[Column, ...] = (
    Column("code", "统一社会信用代码/身份证号码", True, 18,
           ("统一社会信用代码", "身份证号码", "公民身份号码", "代码")),
    Column("name", "名称", True, 200, ("名称/姓名", "姓名")),
    Column("kind", "主体类型", True, None, ()),
    Column("division_code", "行政区划代码", True, 6, ()),
    Column("address", "住所", False, 300, ("住所/经营场所", "经营场所")),
    Column("industry", "行业", False, 100, ()),
    Column("registered_on", "登记日期", False, None, ()),
)  # fmt: skip
_COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
_HEADER_NAMES: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.key, _c.label, *_c.aliases):
        _HEADER_NAMES[_name.lower()] = _c.key

_KINDS: dict[str, str] = {}
for _value, _label in EntityKind.choices:
    _KINDS[str(_value)] = str(_value)
    _KINDS[str(_label)] = str(_value)
_KIND_LABELS = "、".join(str(label) for _v, label in EntityKind.choices)

_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


class ImportFileError(ValidationFailed):
    """The file as a whole cannot be imported (format, encoding, header). Nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message, errors={"file": [message]})


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"

    @property
    def field_label(self) -> str:
        column = _COLUMN_BY_KEY.get(self.field)
        return column.label if column else "整行"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: Lines with at least one error.
    rejected: int = 0
    warnings: list[RowError] = field(default_factory=list)
    warning_count: int = 0
    digest: str = ""
    #: False when `all_or_nothing` rolled the import back.
    stored: bool = True

    def summary_line(self) -> str:
        return (
            f"imported {self.created}, updated {self.updated}, "
            f"rejected {self.rejected} of {self.rows} rows"
        )


def entity_import(
    *,
    actor: Any,
    path_or_file: str | Path | IO[bytes],
    fmt: str | None = None,
    all_or_nothing: bool = False,
    update: bool = False,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import one CSV or xlsx file into the directory; see the module docstring for the rules.

    Raises `ImportFileError` when the file itself is unusable; row problems are in the report.
    """
    with _binary(path_or_file) as (stream, name):
        fmt = _format(fmt, name)
        digest = _digest(stream)
        rows = _csv_rows(stream) if fmt == "csv" else _xlsx_rows(stream)
        importer = _Importer(update=update, all_or_nothing=all_or_nothing, batch_size=batch_size)
        importer.report.digest = digest
        with closing(rows), transaction.atomic():
            importer.run(rows)
            report = importer.report
            if report.rejected and all_or_nothing:
                transaction.set_rollback(True)
                report.created = report.updated = 0
                report.stored = False
            elif report.created or report.updated:
                _audit(actor, report)
    report.errors.sort(key=lambda e: e.line)
    return report


def _audit(actor: Any, report: ImportReport) -> None:
    audit_append(
        actor=actor,
        action="entity_import",
        object_type="entities.entity",
        object_id="",
        after={
            "file_sha256": report.digest,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "rejected": report.rejected,
        },
        summary=(
            f"导入市场主体名录：新增{report.created}、更新{report.updated}、"
            f"拒绝{report.rejected}（共{report.rows}行）"
        ),
    )


def _write_batch(creates: list[Entity], updates: list[Entity]) -> None:
    """Write one batch (module-level so that a test can make it fail midway)."""
    if creates:
        Entity.objects.bulk_create(creates)
    if updates:
        Entity.objects.bulk_update(updates, _UPDATE_FIELDS)


_UPDATE_FIELDS = [
    "name",
    "kind",
    "division_code",
    "address",
    "industry",
    "registered_on",
    "updated_at",
]


# ---------------------------------------------------------------------------------------- sources


@contextmanager
def _binary(source: str | Path | IO[bytes]) -> Iterator[tuple[IO[bytes], str]]:
    if isinstance(source, str | Path):
        try:
            handle = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise ImportFileError(f"无法打开文件：{exc.strerror or exc}") from exc
        with handle:
            yield handle, str(source)
        return
    yield source, str(getattr(source, "name", "") or "")


def _format(fmt: str | None, name: str) -> str:
    if fmt is None:
        fmt = Path(name).suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise ImportFileError("只能导入 CSV（.csv）或 Excel（.xlsx）文件。")
    return fmt


def _digest(stream: IO[bytes]) -> str:
    sha = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(_DIGEST_CHUNK):
        sha.update(chunk)
    stream.seek(0)
    return sha.hexdigest()


def _csv_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _csv_rows(stream: IO[bytes]) -> Generator[tuple[int, list[Any]]]:
    """(line, cells) per record; line is the physical line the record starts on."""
    encoding = _csv_encoding(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        reader = csv.reader(text)
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"第{reader.line_num + 1}行附近的内容无法按 {encoding} 解码，文件编码不一致。"
                ) from exc
            except csv.Error as exc:
                raise ImportFileError(f"第{reader.line_num}行附近 CSV 格式错误：{exc}") from exc
            yield line, cells
            line = reader.line_num + 1
    finally:
        if not stream.closed:
            text.detach()  # leave the caller's file open


def _xlsx_rows(stream: IO[bytes]) -> Generator[tuple[int, list[Any]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportFileError("不是有效的 Excel（.xlsx）文件。") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------- rows


def _header(cells: list[Any]) -> list[str | None]:
    """Map each column to a field key; None for blank header cells (ignored)."""
    keys: list[str | None] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells, start=1):
        name = _text(cell).lstrip("\ufeff").strip()
        if not name:
            keys.append(None)
            continue
        key = _HEADER_NAMES.get(name.lower())
        if key is None:
            known = "、".join(c.label for c in COLUMNS)
            raise ImportFileError(f"第{index}列的列名“{name}”无法识别。可用列名：{known}。")
        if key in seen:
            raise ImportFileError(
                f"第{index}列“{name}”与第{seen[key]}列重复（都是“{_COLUMN_BY_KEY[key].label}”）。"
            )
        seen[key] = index
        keys.append(key)
    missing = [c.label for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise ImportFileError(f"缺少必需的列：{'、'.join(missing)}。文件未导入。")
    return keys


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"登记日期“{text}”格式有误，应为 YYYY-MM-DD 或 YYYY/MM/DD。")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"登记日期“{text}”不是有效日期。") from None


class _Importer:
    def __init__(self, *, update: bool, all_or_nothing: bool, batch_size: int) -> None:
        self.update = update
        self.all_or_nothing = all_or_nothing
        self.batch_size = batch_size
        self.report = ImportReport()
        self.seen: dict[str, int] = {}
        self.pending: list[tuple[int, dict[str, Any]]] = []
        self.now = timezone.now()
        self._bad_line = 0

    def run(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        try:
            _line, header = next(rows)
        except StopIteration:
            raise ImportFileError("文件为空：没有表头行。") from None
        columns = _header(header)
        for line, cells in rows:
            self.feed(line, columns, cells)
        self.flush()

    def reject(self, line: int, field_key: str, message: str) -> None:
        self.report.errors.append(RowError(line, field_key, message))
        if self._bad_line != line:
            self._bad_line = line
            self.report.rejected += 1

    def feed(self, line: int, columns: list[str | None], cells: list[Any]) -> None:
        values = {key: cell for key, cell in zip(columns, cells, strict=False) if key is not None}
        extra = any(_text(cell) for cell in cells[len(columns) :])
        if not extra and not any(_text(value) for value in values.values()):
            return  # blank line
        self.report.rows += 1
        if extra:
            self.reject(line, "row", "本行的列数多于表头。")
        clean = self.clean(line, values)
        if clean is None or extra:
            return
        self.pending.append((line, clean))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def clean(self, line: int, values: dict[str, Any]) -> dict[str, Any] | None:
        from lawcore.identifiers import uscc_warnings

        errors, fields = _row_fields(values)
        code = fields["code"]
        if code and "code" not in errors and "kind" not in errors:
            first = self.seen.setdefault(code, line)
            if first != line:
                errors["code"] = f"代码与第{first}行重复。"
        for key, message in errors.items():
            self.reject(line, key, message)
        if errors:
            return None
        if fields["kind"] != EntityKind.NATURAL_PERSON:
            self.warn(line, uscc_warnings(fields["code"]))
        return fields

    def warn(self, line: int, messages: list[str]) -> None:
        for message in messages:
            self.report.warning_count += 1
            if len(self.report.warnings) < MAX_WARNINGS:
                self.report.warnings.append(RowError(line, "code", message))

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        existing = dict(
            Entity.objects.filter(code__in=[clean["code"] for _l, clean in batch]).values_list(
                "code", "pk"
            )
        )
        creates: list[Entity] = []
        updates: list[Entity] = []
        for line, clean in batch:
            pk = existing.get(clean["code"])
            if pk is None:
                creates.append(Entity(**clean))
            elif self.update:
                updates.append(Entity(pk=pk, updated_at=self.now, **clean))
            else:
                self.reject(
                    line, "code", "该代码已在名录库中登记（如需更新已有主体，请选择更新模式）。"
                )
        if self.all_or_nothing and self.report.rejected:
            return  # the import will be rolled back: writing more is wasted work
        _write_batch(creates, updates)
        self.report.created += len(creates)
        self.report.updated += len(updates)


def _row_fields(values: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """Check one row's values; return (errors by field, normalised fields)."""
    from prudent.entities.services import entity_clean

    errors: dict[str, str] = {}
    text = {c.key: _text(values.get(c.key)) for c in COLUMNS if c.key != "registered_on"}
    text["code"] = text["code"].upper()
    for key, value in text.items():
        column = _COLUMN_BY_KEY[key]
        if column.required and not value:
            errors[key] = f"{column.label}为必填项，不能为空。"
        elif column.max_length and len(value) > column.max_length and key != "code":
            errors[key] = f"{column.label}不能超过{column.max_length}个字符（现为{len(value)}个）。"
    kind = _KINDS.get(text["kind"]) or _KINDS.get(text["kind"].lower())
    if text["kind"] and kind is None:
        errors["kind"] = f"主体类型“{text['kind']}”无法识别，应为：{_KIND_LABELS}。"
    registered_on = None
    try:
        registered_on = _date(values.get("registered_on"))
    except ValueError as exc:
        errors["registered_on"] = str(exc)
    fields: dict[str, Any] = {**text, "kind": kind or text["kind"], "registered_on": registered_on}
    try:
        fields = entity_clean(**fields)
    except ValidationFailed as exc:
        for key, messages in exc.errors.items():
            if key == "code" and "kind" in errors:
                continue  # which standard the code follows depends on the kind
            errors.setdefault(key, "；".join(messages))
    return errors, fields
