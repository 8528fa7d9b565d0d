"""Adding evidence to a case, and re-hashing the stored files (R-CASE-7, issue #4 part 2).

`evidence_add` streams the upload in chunks into a temporary file under
`MEDIA_ROOT/evidence/.incoming/`, computing its SHA-256 and size as it goes (the file is never held
in memory) and stopping at `PRUDENT_EVIDENCE_MAX_BYTES`. The type comes from the content
(`lawcore.sniffing`); the uploaded name is kept for display only. Then ONE transaction locks the
case, writes the `EvidenceItem`, a `CaseEvent` (`evidence_add`) on the timeline and the audit event,
and — as its last statement — moves the file into place (`evidence/<case id>/<sha256>`, read-only).
Any failure removes the temporary file, and the moved file if the move had happened, so a refused
or failed upload leaves neither a row nor a file.

The event is written here rather than through `cases.services.case_record`: adding evidence sets no
snapshot field, and `case_record` bumps the case's `lock_version`, which would make every open
case page stale for a mere upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from lawcore.sniffing import (
    SNIFF_BYTES,
    TEXT,
    UNKNOWN,
    SniffResult,
    Utf8Checker,
    more_range,
    sniff,
)
from prudent.accounts.models import User
from prudent.cases.models import Case, CaseEvent
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.evidence.models import EvidenceItem, evidence_name

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
TITLE_MAX = 200
PLACE_MAX = 200
INCOMING = "evidence/.incoming"
EVENT = "evidence_add"
EVENT_LABEL = "添加证据"
ADDERS = frozenset({Role.OFFICER, Role.HEAD})


def max_bytes() -> int:
    return int(getattr(settings, "PRUDENT_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def human_size(n: int) -> str:
    """200 MB, 1.5 MB, 12 KB, 10 字节 (binary units, as the limit is configured)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            value = n / factor
            text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
            return f"{text} {unit}"
    return f"{n} 字节"


def _root() -> Path:
    return Path(default_storage.path(""))


def file_path(item: EvidenceItem) -> Path:
    return Path(default_storage.path(item.file.name))


# ------------------------------------------------------------------------------------ receive


@dataclass
class Received:
    path: Path
    sha256: str
    size: int
    head: bytes
    utf8: bool
    too_large: bool = False
    result: SniffResult | None = field(default=None)


def _chunks(upload: Any) -> Iterator[bytes]:
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK_BYTES)
        return
    while True:  # a plain binary file object
        chunk = upload.read(CHUNK_BYTES)
        if not chunk:
            return
        yield chunk


def _receive(upload: Any, limit: int) -> Received:
    """Stream `upload` into a temporary file, hashing it; stop as soon as it passes `limit`."""
    incoming = _root() / INCOMING
    incoming.mkdir(parents=True, exist_ok=True)
    tmp = incoming / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    utf8 = Utf8Checker()
    too_large = False
    try:
        with open(tmp, "xb") as out:
            for chunk in _chunks(upload):
                size += len(chunk)
                if size > limit:
                    too_large = True
                    break
                digest.update(chunk)
                utf8.feed(chunk)
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    received = Received(
        path=tmp,
        sha256=digest.hexdigest(),
        size=size,
        head=bytes(head),
        utf8=utf8.finish(),
        too_large=too_large,
    )
    if not too_large:
        received.result = _sniff_file(received)
    return received


def _sniff_file(received: Received) -> SniffResult:
    complete = received.size <= len(received.head)
    result = sniff(received.head, complete=complete)
    wanted = more_range(received.head, received.size)
    if wanted is not None:
        offset, length = wanted
        with open(received.path, "rb") as f:
            f.seek(offset)
            extra = f.read(length)
        result = sniff(received.head, extra=extra, complete=complete)
    if result == TEXT and not received.utf8:  # the head was text, the rest of the file is not
        return UNKNOWN
    return result


# ------------------------------------------------------------------------------------ add


def _check_actor(actor: Any, case: Case) -> None:
    role = user_role(actor)
    visible = Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists()
    if not visible:
        raise NotFound("案件不存在或不在您的办理范围内。")
    if role not in ADDERS or getattr(actor, "department_id", None) != case.department_id:
        raise Forbidden("只有本部门的执法人员和部门负责人可以添加证据。")


def _parse_collected_at(value: object, errors: dict[str, list[str]]) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            errors["collected_at"] = ["取证时间不是有效时间（应为YYYY-MM-DD HH:MM）"]
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + dt.timedelta(minutes=5):
        errors["collected_at"] = ["取证时间不能晚于现在"]
        return None
    return moment


def display_name(upload: Any) -> str:
    """The uploaded file's own name without any directory part (display only)."""
    raw = str(getattr(upload, "name", "") or "").replace("\\", "/")
    return PurePosixPath(raw).name[:255]


def evidence_add(  # noqa: C901 - every field checked, all errors reported at once
    *,
    actor: Any,
    case: Case,
    upload: Any,
    title: str,
    collected_at: object = None,
    collected_place: str = "",
    description: str = "",
) -> EvidenceItem:
    """Add one file to the case file. Only officers and heads of the case's department, on an open
    case. Refused (422, key `file`) when it is larger than `PRUDENT_EVIDENCE_MAX_BYTES`, of a type
    that is not evidence (sniffed from the content), empty, or already in this case file."""
    _check_actor(actor, case)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = ["请填写证据名称"]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"证据名称不能超过{TITLE_MAX}个字"]
    collected_place = (collected_place or "").strip()
    if len(collected_place) > PLACE_MAX:
        errors["collected_place"] = [f"取证地点不能超过{PLACE_MAX}个字"]
    moment = _parse_collected_at(collected_at, errors)
    if not case.state_enum.is_open:
        raise Conflict(
            f"案件已{case.state_label}，不能再添加证据。",
            errors={"case": [f"案件已{case.state_label}，不能再添加证据。"]},
        )
    if upload is None:
        errors["file"] = ["请选择要上传的文件"]
        raise ValidationFailed(
            "证据有误：" + "；".join(m for ms in errors.values() for m in ms), errors=errors
        )
    limit = max_bytes()
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        errors["file"] = [f"文件过大：上限为 {human_size(limit)}"]
        raise ValidationFailed(errors["file"][0], errors=errors)

    received = _receive(upload, limit)
    final: Path | None = None
    try:
        result = received.result
        if received.too_large:
            errors["file"] = [f"文件过大：上限为 {human_size(limit)}"]
        elif received.size == 0:
            errors["file"] = ["文件为空"]
        elif result is None or not result.accepted:
            label = result.label if result is not None else "未知类型"
            errors["file"] = [f"文件类型不支持：检测为 {label}"]
        if errors:
            raise ValidationFailed(
                "证据有误：" + "；".join(m for ms in errors.values() for m in ms), errors=errors
            )
        assert result is not None
        assert result.kind is not None
        with transaction.atomic():
            row = Case.objects.select_for_update().get(pk=case.pk)
            if not row.state_enum.is_open:  # closed meanwhile
                raise Conflict(f"案件已{row.state_label}，不能再添加证据。")
            same = EvidenceItem.objects.filter(case=row, sha256=received.sha256).first()
            if same is not None:
                msg = f"该文件已作为证据{same.seq}（{same.title}）保存在本案卷中"
                raise ValidationFailed(msg, errors={"file": [msg]})
            last = (
                EvidenceItem.objects.filter(case=row)
                .order_by("-seq")
                .values_list("seq", flat=True)
                .first()
            )
            now = timezone.now()
            item = EvidenceItem(
                case=row,
                seq=(last or 0) + 1,
                kind=result.kind,
                title=title,
                description=(description or "").strip(),
                original_name=display_name(upload),
                sha256=received.sha256,
                size=received.size,
                content_type=result.mime,
                type_label=result.label,
                uploaded_by=actor,
                uploader_name=actor.display_name if isinstance(actor, User) else str(actor),
                uploaded_at=now,
                collected_at=moment,
                collected_place=collected_place,
            )
            item.file.name = evidence_name(row.pk, received.sha256)
            item.save()
            _event(row, actor, item, now)
            audit_append(
                actor=actor,
                action=EVENT,
                object_type="evidence.evidenceitem",
                object_id=item.pk,
                before=None,
                after=_state(item),
                summary=f"{row.number} 证据{item.seq} {item.title}（{result.label}，"
                f"{human_size(item.size)}，SHA-256 {item.sha256}）",
            )
            # last statement of the transaction: anything that fails above leaves no file
            final = file_path(item)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(received.path, final)
            _seal(final)
    except BaseException:
        received.path.unlink(missing_ok=True)
        if final is not None:
            final.unlink(missing_ok=True)
        raise
    return item


def _seal(path: Path) -> None:
    """Stored evidence is read-only on disk (defence in depth; `verify` is the real check)."""
    os.chmod(path, 0o444)


def _event(case: Case, actor: Any, item: EvidenceItem, now: dt.datetime) -> CaseEvent:
    last = case.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    role = user_role(actor)
    return CaseEvent.objects.create(
        case=case,
        seq=last + 1,
        transition=EVENT,
        label=EVENT_LABEL,
        from_state=case.state,
        to_state=case.state,
        actor=actor if isinstance(actor, User) else None,
        actor_name=item.uploader_name,
        actor_role=role.value if role else "",
        on=timezone.localdate(now),
        at=now,
        note=f"证据{item.seq}：{item.title}（{item.type_label}，{human_size(item.size)}）",
        data={
            "evidence_id": item.pk,
            "seq": item.seq,
            "title": item.title,
            "sha256": item.sha256,
            "size": item.size,
            "content_type": item.content_type,
        },
    )


def _state(item: EvidenceItem) -> dict[str, object]:
    return {
        "case": item.case_id,
        "seq": item.seq,
        "kind": item.kind,
        "title": item.title,
        "file": item.file.name,
        "original_name": item.original_name,
        "sha256": item.sha256,
        "size": item.size,
        "content_type": item.content_type,
        "uploaded_by": item.uploaded_by_id,
        "uploaded_at": item.uploaded_at,
        "collected_at": item.collected_at,
        "collected_place": item.collected_place,
    }


# ------------------------------------------------------------------------------------ verify


@dataclass(frozen=True)
class Problem:
    item: EvidenceItem
    kind: str  # "missing" | "changed"
    detail: str

    def line(self) -> str:
        case = self.item.case
        return (
            f"{self.kind.upper()} case {case.number} (id {case.pk}) item {self.item.pk} "
            f"(证据{self.item.seq} {self.item.title}) {self.item.file.name}: {self.detail}"
        )


@dataclass
class VerifyReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def rehash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def evidence_verify(*, case_id: int | None = None) -> VerifyReport:
    """Re-hash every stored file (of one case, or all) against its recorded SHA-256 and size."""
    qs = EvidenceItem.objects.select_related("case").order_by("case_id", "seq")
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    report = VerifyReport()
    for item in qs.iterator(chunk_size=500):
        report.checked += 1
        path = file_path(item)
        try:
            sha, size = rehash(path)
        except FileNotFoundError:
            report.problems.append(Problem(item, "missing", "file not found"))
            continue
        except OSError as exc:
            report.problems.append(Problem(item, "missing", f"unreadable: {exc.strerror}"))
            continue
        if sha != item.sha256 or size != item.size:
            report.problems.append(
                Problem(
                    item,
                    "changed",
                    f"sha256 {sha} size {size}, recorded sha256 {item.sha256} size {item.size}",
                )
            )
    return report
