"""Evidence: storing, sniffing, limits, atomicity, verify, scope, pages and API (issue #4 part 2;
R-CASE-7)."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from prudent.cases.models import Case, CaseEvent
from prudent.cli import main as cli_main
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.evidence import services
from prudent.evidence.models import AppendOnly, EvidenceItem

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(40)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(120)
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(60) + b"PE\x00\x00" + bytes(60)


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


def _case(fragment: str = "群众举报") -> Case:
    case = Case.objects.filter(title__startswith="（演示）", title__contains=fragment).first()
    assert case is not None
    return case


def _add(actor: Any, data: bytes, name: str = "x.bin", case: Case | None = None, **kw: Any) -> Any:
    return services.evidence_add(
        actor=actor,
        case=case or _case(),
        upload=SimpleUploadedFile(name, data),
        title=kw.pop("title", "现场照片"),
        **kw,
    )


def _stored_files() -> list[Path]:
    root = Path(default_storage.path("evidence"))
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(autouse=True)
def _clean_media() -> Any:
    """Files are not rolled back with the database: each test starts and ends with no evidence."""

    def clean() -> None:
        for p in _stored_files():
            os.chmod(p, 0o644)
            p.unlink()

    clean()
    yield
    clean()


def test_upload_is_stored_under_its_hash_with_size_and_sniffed_type_R_CASE_7(
    demo_user: Any,
) -> None:
    officer = demo_user("officer")
    case = _case()
    lock = case.lock_version
    item = _add(officer, PNG, name="../../etc/现场.pdf", collected_place="建材店门口")
    sha = hashlib.sha256(PNG).hexdigest()
    assert (item.sha256, item.size) == (sha, len(PNG))
    assert (item.kind, item.content_type) == ("photo", "image/png")  # a PNG named .pdf
    assert item.original_name == "现场.pdf"  # display only, no directory part
    assert item.file.name == f"evidence/{case.pk}/{sha}"
    path = services.file_path(item)
    assert path.read_bytes() == PNG
    assert not os.access(path, os.W_OK) or os.geteuid() == 0
    assert (path.stat().st_mode & 0o222) == 0  # stored read-only
    assert _stored_files() == [path]  # nothing left in .incoming
    event = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert event.transition == "evidence_add"
    assert event.data["sha256"] == sha
    assert event.from_state == event.to_state == case.state
    audit = AuditEvent.objects.order_by("-seq").first()
    assert audit is not None
    assert audit.action == "evidence_add"
    assert sha in audit.summary
    case.refresh_from_db()
    assert case.lock_version == lock  # an upload does not make open case pages stale


def test_large_upload_is_hashed_in_chunks_never_read_whole_R_CASE_7(demo_user: Any) -> None:
    class Chunked:
        name = "video.mp4"
        size = None

        def __init__(self, parts: list[bytes]) -> None:
            self.parts = parts

        def chunks(self, chunk_size: int | None = None) -> Any:
            yield from self.parts

        def read(self, *args: Any) -> bytes:
            raise AssertionError("the whole file was read into memory")

    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    parts = [head] + [bytes([i]) * 70_000 for i in range(5)]
    item = services.evidence_add(
        actor=demo_user("officer"), case=_case(), upload=Chunked(parts), title="执法记录仪视频"
    )
    data = b"".join(parts)
    assert (item.sha256, item.size, item.kind) == (
        hashlib.sha256(data).hexdigest(),
        len(data),
        "video",
    )


@pytest.mark.parametrize(
    ("data", "name", "label"),
    [
        (ELF, "photo.jpg", "ELF 可执行文件"),
        (EXE, "scan.jpg", "Windows 可执行文件"),
        (_zip("readme.txt", "run.exe"), "report.docx", "ZIP 压缩包"),
        (b"#!/bin/sh\necho hi\n", "note.txt", "脚本文件"),
        ("笔录".encode("gbk") * 10, "note.txt", "非 UTF-8"),
        (b"a" * 70_000 + "笔录".encode("gbk"), "long.txt", "非 UTF-8"),  # beyond the head
    ],
)
def test_type_is_sniffed_from_content_and_refused_whatever_the_name_R_CASE_7(
    demo_user: Any, data: bytes, name: str, label: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _add(demo_user("officer"), data, name=name)
    (message,) = exc.value.errors["file"]
    assert message.startswith("文件类型不支持：检测为 ")
    assert label in message
    assert not EvidenceItem.objects.exists()
    assert _stored_files() == []


def test_office_documents_and_utf8_text_are_accepted_by_content_R_CASE_7(demo_user: Any) -> None:
    import docx
    import openpyxl

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("询问笔录")
    d.save(buf)
    xbuf = io.BytesIO()
    openpyxl.Workbook().save(xbuf)
    officer = demo_user("officer")
    assert _add(officer, buf.getvalue(), name="a.bin", title="询问笔录").type_label.startswith(
        "Word"
    )
    assert _add(officer, xbuf.getvalue(), name="b.bin", title="台账").type_label.startswith("Excel")
    text = _add(officer, "现场检查笔录\n".encode(), name="c.jpg", title="笔录")
    assert (text.content_type, text.kind) == ("text/plain", "document")


@override_settings(PRUDENT_EVIDENCE_MAX_BYTES=10)
def test_size_limit_is_configurable_and_named_in_the_refusal_R_CASE_7(demo_user: Any) -> None:
    officer = demo_user("officer")
    with pytest.raises(ValidationFailed) as exc:
        _add(officer, PNG)  # declared size over the limit
    assert exc.value.errors["file"] == ["文件过大：上限为 10 字节"]
    with pytest.raises(ValidationFailed) as exc:  # no declared size: stopped while streaming
        services.evidence_add(actor=officer, case=_case(), upload=io.BytesIO(PNG), title="现场照片")
    assert exc.value.errors["file"] == ["文件过大：上限为 10 字节"]
    assert not EvidenceItem.objects.exists()
    assert _stored_files() == []
    assert services.human_size(200 * 1024 * 1024) == "200 MB"


def test_bad_fields_are_all_named_and_nothing_is_written_R_CASE_7(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _add(demo_user("officer"), ELF, title=" ", collected_at="昨天")
    assert set(exc.value.errors) == {"title", "collected_at", "file"}
    assert _stored_files() == []


def test_same_content_twice_in_a_case_is_refused_naming_the_first_R_CASE_7(
    demo_user: Any,
) -> None:
    officer = demo_user("officer")
    _add(officer, PNG, title="第一张")
    with pytest.raises(ValidationFailed) as exc:
        _add(officer, PNG, name="copy.png", title="第二张")
    assert "证据1（第一张）" in exc.value.errors["file"][0]
    assert EvidenceItem.objects.count() == 1
    assert len(_stored_files()) == 1


def test_failing_audit_leaves_no_row_no_event_and_no_file_R_CASE_7(
    demo_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(**kwargs: Any) -> None:
        raise RuntimeError("audit down")

    case = _case()
    events = CaseEvent.objects.filter(case=case).count()
    monkeypatch.setattr(services, "audit_append", boom)
    with pytest.raises(RuntimeError):
        _add(demo_user("officer"), PNG, case=case)
    assert not EvidenceItem.objects.exists()
    assert CaseEvent.objects.filter(case=case).count() == events
    assert _stored_files() == []


def test_failure_after_the_file_is_moved_removes_it_R_CASE_7(
    demo_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: Path) -> None:
        assert path.exists()  # moved into place, then the transaction fails
        raise OSError("disk error")

    monkeypatch.setattr(services, "_seal", boom)
    with pytest.raises(OSError):
        _add(demo_user("officer"), PNG)
    assert not EvidenceItem.objects.exists()
    assert _stored_files() == []


def test_only_officers_and_heads_of_the_department_on_an_open_case_add_R_CASE_7(
    demo_user: Any,
) -> None:
    case = _case()
    with pytest.raises(NotFound):
        _add(demo_user("cg_officer"), PNG, case=case)  # another department
    with pytest.raises(Forbidden):
        _add(demo_user("legal_reviewer"), PNG, case=case)
    with pytest.raises(Forbidden):
        _add(demo_user("supervisor"), PNG, case=case)
    assert _add(demo_user("head"), PNG, case=case).seq == 1
    Case.objects.filter(pk=case.pk).update(state="closed")
    case.refresh_from_db()
    with pytest.raises(Conflict):
        _add(demo_user("officer"), PNG + b"1", case=case)
    assert EvidenceItem.objects.count() == 1


def test_items_are_append_only_R_CASE_7(demo_user: Any) -> None:
    item = _add(demo_user("officer"), PNG)
    item.title = "改名"
    with pytest.raises(AppendOnly):
        item.save()
    with pytest.raises(AppendOnly):
        item.delete()


def test_verify_names_changed_and_missing_files_R_CASE_7(
    demo_user: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    officer = demo_user("officer")
    case = _case()
    a = _add(officer, PNG, title="甲")
    b = _add(officer, PNG + b"\x01", title="乙")
    c = _add(officer, PNG + b"\x02", title="丙")
    assert cli_main(["evidence", "verify", "--case", str(case.pk)]) == 0
    assert capsys.readouterr().out.strip() == "OK 3 files"
    path_a = services.file_path(a)
    os.chmod(path_a, 0o644)
    path_a.write_bytes(PNG[:-1] + b"\xff")  # same size, different content
    os.chmod(services.file_path(b), 0o644)
    services.file_path(b).unlink()
    assert cli_main(["evidence", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"CHANGED case {case.number} (id {case.pk}) item {a.pk}" in out
    assert f"MISSING case {case.number} (id {case.pk}) item {b.pk}" in out
    assert f"item {c.pk}" not in out
    assert "FAILED 2 of 3 files" in out
    assert cli_main(["evidence", "verify", "--case", "999999"]) == 2


# ------------------------------------------------------------------------------------ pages/API


def test_panel_on_the_case_page_lists_hash_and_offers_the_form_R_CASE_7(
    demo_user: Any, client_as: Any
) -> None:
    item = _add(demo_user("officer"), PNG, title="货架照片")
    page = client_as("officer").get(f"/cases/{item.case_id}/").content.decode()
    assert "证据（案卷）" in page
    assert item.sha256 in page
    assert "货架照片" in page
    assert 'enctype="multipart/form-data"' in page
    assert "PNG 图片" in page
    supervisor = client_as("supervisor").get(f"/cases/{item.case_id}/").content.decode()
    assert item.sha256 in supervisor
    assert 'enctype="multipart/form-data"' not in supervisor


def test_enterprise_sees_no_evidence_even_on_its_own_case_R_CASE_7(
    demo_user: Any, client_as: Any
) -> None:
    own = _case("货值200元")  # the demo enterprise is the party
    item = _add(demo_user("officer"), PNG, case=own)
    client = client_as("enterprise")
    page = client.get(f"/cases/{own.pk}/")
    assert page.status_code == 200
    assert item.sha256 not in page.content.decode()
    assert client.get(f"/evidence/{item.pk}/download/").status_code == 404
    assert client.get(f"/evidence/case/{own.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{own.pk}/evidence").status_code == 403


def test_download_is_scoped_and_carries_the_hash_R_CASE_7(demo_user: Any, client_as: Any) -> None:
    item = _add(demo_user("officer"), PNG, name="shelf.pdf")
    response = client_as("supervisor").get(f"/evidence/{item.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert "shelf.png" in response["Content-Disposition"]  # the sniffed extension
    assert response["Repr-Digest"].startswith("sha-256=:")
    assert client_as("cg_officer").get(f"/evidence/{item.pk}/download/").status_code == 404
    assert client_as("cg_officer").get(f"/evidence/case/{item.case_id}/").status_code == 404


def test_case_file_page_lists_every_item_for_printing_R_CASE_7(
    demo_user: Any, client_as: Any
) -> None:
    officer = demo_user("officer")
    a = _add(officer, PNG, title="甲")
    b = _add(officer, "笔录".encode(), title="乙")
    page = client_as("head").get(f"/evidence/case/{a.case_id}/").content.decode()
    assert "案卷证据目录" in page
    assert a.sha256 in page
    assert b.sha256 in page
    assert "2 件" in page


def test_upload_page_refuses_a_disguised_executable_with_422_R_CASE_7(client_as: Any) -> None:
    case = _case()
    client = client_as("officer")
    bad = client.post(
        f"/evidence/case/{case.pk}/upload/",
        {"title": "照片", "file": SimpleUploadedFile("photo.jpg", ELF)},
    )
    assert bad.status_code == 422
    assert "文件类型不支持：检测为 ELF 可执行文件" in bad.content.decode()
    ok = client.post(
        f"/evidence/case/{case.pk}/upload/",
        {"title": "照片", "file": SimpleUploadedFile("photo.jpg", PNG)},
    )
    assert ok.status_code == 302
    assert ok["Location"].endswith("#panel-evidence")
    assert EvidenceItem.objects.filter(case=case).count() == 1


def test_api_lists_and_adds_with_422_on_wrong_type_or_size_R_CASE_7(client_as: Any) -> None:
    case = _case()
    client = client_as("officer")
    url = f"/api/v1/cases/{case.pk}/evidence"
    created = client.post(url, {"title": "照片", "file": SimpleUploadedFile("a.pdf", PNG)})
    assert created.status_code == 201, created.content
    assert created.json()["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert created.json()["content_type"] == "image/png"
    bad = client.post(url, {"title": "照片", "file": SimpleUploadedFile("a.jpg", EXE)})
    assert bad.status_code == 422
    assert "file" in bad.json()["errors"]
    with override_settings(PRUDENT_EVIDENCE_MAX_BYTES=16):
        big = client.post(url, {"title": "照片", "file": SimpleUploadedFile("b.png", PNG + b"2")})
    assert big.status_code == 422
    assert big.json()["errors"]["file"] == ["文件过大：上限为 16 字节"]
    listed = client.get(url).json()
    assert [i["seq"] for i in listed] == [1]
    assert client_as("cg_officer").get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "page_status", "api_status"),
    [
        ("officer", 302, 201),
        ("head", 302, 201),
        ("legal_reviewer", 403, 403),
        ("list_author", 403, 403),
        ("supervisor", 403, 403),
        ("enterprise", 403, 403),
        ("admin", 403, 403),
        ("anonymous", 302, 401),
    ],
)
def test_small_file_upload_is_allowed_only_to_officers_and_heads_R_CASE_7(
    client_as: Any, role: str, page_status: int, api_status: int
) -> None:
    case = _case()
    client = client_as(role)
    page = client.post(
        f"/evidence/case/{case.pk}/upload/",
        {"title": "照片", "file": SimpleUploadedFile("p.png", PNG)},
    )
    assert page.status_code == page_status
    if role == "anonymous":
        assert "/accounts/login/" in page["Location"]
    api = client.post(
        f"/api/v1/cases/{case.pk}/evidence",
        {"title": "照片", "file": SimpleUploadedFile("q.png", PNG + b"q")},
    )
    assert api.status_code == api_status
    assert EvidenceItem.objects.filter(case=case).count() == (2 if api_status == 201 else 0)
