"""lawcore.sniffing: the type of a file from its content, never its name (R-CASE-7)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore import sniffing as s

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x08free"


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            z.writestr(name, "<x/>" * 50)
    return buf.getvalue()


def _ole2(stream: str, *, directory_at_sector: int = 1, pad_sectors: int = 2) -> bytes:
    """A compound-file header whose directory sector (named at offset 48) holds `stream`."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 30, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 48, directory_at_sector)
    body = bytearray(512 * (directory_at_sector + pad_sectors))
    at = 512 * directory_at_sector
    name = stream.encode("utf-16-le")
    body[at : at + len(name)] = name
    return bytes(header) + bytes(body)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PNG_HEAD, s.PNG),
        (JPEG_HEAD, s.JPEG),
        (b"GIF89a" + b"\x01\x00" * 10, s.GIF),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16, s.WEBP),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16, s.WAV),
        (b"RIFF\x24\x00\x00\x00AVI LIST" + b"\x00" * 16, s.AVI),
        (_ftyp(b"heic", b"mif1", b"heic"), s.HEIC),
        (_ftyp(b"mif1", b"mif1", b"miaf"), s.HEIF),
        (_ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41"), s.MP4),
        (_ftyp(b"qt  ", b"qt  "), s.MOV),
        (_ftyp(b"M4A ", b"M4A ", b"mp42", b"isom"), s.M4A),
        (_ftyp(b"3gp4", b"3gp4", b"isom"), s.THREE_GP),
        (b"\x00\x00\x00\x08wide\x00\x10\x00\x00mdat", s.MOV),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 10, s.MP3),
        (b"\xff\xfb\x90\x64" + b"\x00" * 20, s.MP3),
        (b"\xff\xf1\x50\x80" + b"\x00" * 20, s.AAC),
        (b"#!AMR\n\x3c" + b"\x00" * 20, s.AMR),
        (b"#!AMR-WB\n" + b"\x00" * 20, s.AMR_WB),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", s.PDF),
        (_zip("[Content_Types].xml", "_rels/.rels", "word/document.xml"), s.DOCX),
        (_zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), s.XLSX),
        (_zip("[Content_Types].xml", "ppt/presentation.xml"), s.PPTX),
        (_zip("OFD.xml", "Doc_0/Document.xml"), s.OFD),
        (_ole2("WordDocument"), s.DOC),
        (_ole2("Workbook"), s.XLS),
        ("现场检查笔录：货架上有过期饮料。\n".encode(), s.TEXT),
    ],
    ids=lambda v: v.label if isinstance(v, s.SniffResult) else None,
)
def test_each_accepted_type_is_recognised_by_its_magic_R_CASE_7(
    data: bytes, expected: s.SniffResult
) -> None:
    result = s.sniff(data, complete=True)
    if result != expected:  # containers may need the range they ask for
        wanted = s.more_range(data, len(data))
        assert wanted is not None, result
        result = s.sniff(data, extra=data[wanted[0] : wanted[0] + wanted[1]], complete=True)
    assert result == expected
    assert result.accepted
    assert result.kind in s.KINDS


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, s.ELF),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60 + b"PE\x00\x00", s.EXE),
        (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", s.MACHO),
        (b"#!/bin/sh\nrm -rf /\n", s.SCRIPT),
        (_zip("readme.txt", "payload.exe"), s.ZIP),
        (_zip("[Content_Types].xml", "other/thing.xml"), s.ZIP),  # no word/, xl/ or ppt/
        (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 8, s.RAR),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", s.SEVEN_Z),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 8, s.GZIP),
        (_ole2("SummaryInformation"), s.OLE2),  # e.g. an .msi installer
        ("现场检查笔录".encode("gbk"), s.UNKNOWN),  # not UTF-8
        (b"text with a \x00 NUL", s.UNKNOWN),
        (b"", s.EMPTY),
    ],
    ids=lambda v: v.label if isinstance(v, s.SniffResult) else None,
)
def test_executables_archives_and_unknown_data_are_refused_R_CASE_7(
    data: bytes, expected: s.SniffResult
) -> None:
    wanted = s.more_range(data, len(data))
    extra = data[wanted[0] : wanted[0] + wanted[1]] if wanted else b""
    result = s.sniff(data, extra=extra, complete=True)
    assert result == expected
    assert not result.accepted


def test_text_starting_with_mz_or_a_quicktime_word_stays_text_R_CASE_7() -> None:
    assert s.sniff(b"MZ Trading Co. receipt, paid in full\n", complete=True) == s.TEXT
    assert s.sniff(b"Tax-free goods list\n", complete=True) == s.TEXT


def test_ole2_directory_beyond_the_head_is_found_through_more_range_R_CASE_7() -> None:
    data = _ole2("WordDocument", directory_at_sector=300, pad_sectors=2)
    head = data[: s.SNIFF_BYTES]
    assert s.sniff(head) == s.OLE2  # the head alone does not say
    offset, length = s.more_range(head, len(data)) or (0, 0)
    assert offset == 512 * 301
    assert s.sniff(head, extra=data[offset : offset + length]) == s.DOC


def test_docx_whose_members_are_beyond_the_head_is_found_in_the_central_directory_R_CASE_7() -> (
    None
):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/big.bin", bytes(range(256)) * 400)  # 100 KB pushes the rest out
        z.writestr("word/document.xml", "<w:document/>")
    data = buf.getvalue()
    head = data[: s.SNIFF_BYTES]
    assert s.sniff(head) == s.ZIP
    offset, length = s.more_range(head, len(data)) or (0, 0)
    assert s.sniff(head, extra=data[offset : offset + length]) == s.DOCX


def test_a_character_cut_at_the_head_end_is_still_text_but_not_at_the_file_end_R_CASE_7() -> None:
    data = "证据".encode()[:-1]  # the last character cut
    assert s.sniff(data, complete=False) == s.TEXT
    assert s.sniff(data, complete=True) == s.UNKNOWN


@given(st.binary(max_size=2048), st.binary(max_size=64))
def test_sniff_never_fails_and_ignores_bytes_after_the_head_R_CASE_7(
    data: bytes, tail: bytes
) -> None:
    head = (data + b"\x00" * s.SNIFF_BYTES)[: s.SNIFF_BYTES]
    result = s.sniff(head)
    assert s.sniff(head + tail) == result
    assert isinstance(result.label, str)
    assert result.label
    assert s.sniff(data).label
    rng = s.more_range(data, len(data) + 10_000)
    if rng is not None:
        assert rng[0] >= 0
        assert 0 < rng[1] <= s.MORE_BYTES


@given(st.text(min_size=1, max_size=300).filter(lambda t: "\x00" not in t))
def test_utf8_text_without_nul_is_never_unknown_data_R_CASE_7(text: str) -> None:
    result = s.sniff(text.encode("utf-8"), complete=True)
    assert result not in (s.UNKNOWN, s.EMPTY)
