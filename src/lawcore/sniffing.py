"""What a file really is, from its first bytes (magic numbers), never from its name (R-CASE-7).

Pure: `sniff(head)` looks at bytes the caller has already read; no I/O. Some containers keep the
part that tells their flavour away from the start — a ZIP's central directory at the end, an OLE2
compound file's directory in a sector named by its header. For those `more_range(head, size)` names
the byte range the caller may read and pass back as `sniff(head, extra=...)`; without it the
sniffer answers from the head alone.

`SniffResult.kind` is the evidence kind (`photo`, `audio`, `video`, `document`) or None for a type
that is recognised but not accepted as evidence (executables, archives, unknown binary data). A
plain-text answer only says that the head is valid UTF-8; the caller that sees the whole file
checks the rest (`Utf8Checker`).
"""

from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from typing import Final

#: How many leading bytes the sniffer wants (more is ignored, less is fine for small files).
SNIFF_BYTES: Final = 64 * 1024
#: Upper bound of the extra range `more_range` asks for.
MORE_BYTES: Final = 64 * 1024

PHOTO: Final = "photo"
AUDIO: Final = "audio"
VIDEO: Final = "video"
DOCUMENT: Final = "document"
KINDS: Final = (PHOTO, AUDIO, VIDEO, DOCUMENT)
KIND_LABELS: Final = {PHOTO: "照片", AUDIO: "录音", VIDEO: "视频", DOCUMENT: "文件"}


@dataclass(frozen=True)
class SniffResult:
    mime: str
    #: Chinese name of the type, for messages ("检测为 PNG 图片").
    label: str
    #: Evidence kind, or None when this type is not accepted as evidence.
    kind: str | None
    #: Conventional extension without the dot ("" when none).
    extension: str

    @property
    def accepted(self) -> bool:
        return self.kind is not None


def _r(mime: str, label: str, kind: str | None, ext: str) -> SniffResult:
    return SniffResult(mime=mime, label=label, kind=kind, extension=ext)


JPEG: Final = _r("image/jpeg", "JPEG 图片", PHOTO, "jpg")
PNG: Final = _r("image/png", "PNG 图片", PHOTO, "png")
GIF: Final = _r("image/gif", "GIF 图片", PHOTO, "gif")
WEBP: Final = _r("image/webp", "WebP 图片", PHOTO, "webp")
HEIC: Final = _r("image/heic", "HEIC 图片", PHOTO, "heic")
HEIF: Final = _r("image/heif", "HEIF 图片", PHOTO, "heif")
AVIF: Final = _r("image/avif", "AVIF 图片", PHOTO, "avif")
MP4: Final = _r("video/mp4", "MP4 视频", VIDEO, "mp4")
MOV: Final = _r("video/quicktime", "QuickTime 视频（MOV）", VIDEO, "mov")
THREE_GP: Final = _r("video/3gpp", "3GP 视频", VIDEO, "3gp")
AVI: Final = _r("video/x-msvideo", "AVI 视频", VIDEO, "avi")
WAV: Final = _r("audio/wav", "WAV 录音", AUDIO, "wav")
MP3: Final = _r("audio/mpeg", "MP3 录音", AUDIO, "mp3")
M4A: Final = _r("audio/mp4", "M4A 录音", AUDIO, "m4a")
AAC: Final = _r("audio/aac", "AAC 录音", AUDIO, "aac")
AMR: Final = _r("audio/amr", "AMR 录音", AUDIO, "amr")
AMR_WB: Final = _r("audio/amr-wb", "AMR-WB 录音", AUDIO, "awb")
PDF: Final = _r("application/pdf", "PDF 文件", DOCUMENT, "pdf")
DOCX: Final = _r(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word 文档（DOCX）",
    DOCUMENT,
    "docx",
)
XLSX: Final = _r(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel 表格（XLSX）",
    DOCUMENT,
    "xlsx",
)
PPTX: Final = _r(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint 演示文稿（PPTX）",
    DOCUMENT,
    "pptx",
)
OFD: Final = _r("application/ofd", "OFD 版式文件", DOCUMENT, "ofd")
DOC: Final = _r("application/msword", "Word 97-2003 文档（DOC）", DOCUMENT, "doc")
XLS: Final = _r("application/vnd.ms-excel", "Excel 97-2003 表格（XLS）", DOCUMENT, "xls")
PPT: Final = _r(
    "application/vnd.ms-powerpoint", "PowerPoint 97-2003 演示文稿（PPT）", DOCUMENT, "ppt"
)
TEXT: Final = _r("text/plain", "UTF-8 文本", DOCUMENT, "txt")
# recognised, refused
ELF: Final = _r("application/x-executable", "ELF 可执行文件", None, "")
EXE: Final = _r(
    "application/vnd.microsoft.portable-executable", "Windows 可执行文件（EXE/DLL）", None, "exe"
)
MACHO: Final = _r("application/x-mach-binary", "Mach-O 可执行文件", None, "")
JAVA_CLASS: Final = _r("application/java-vm", "Java 类文件", None, "class")
SCRIPT: Final = _r("text/x-script", "脚本文件", None, "")
ZIP: Final = _r("application/zip", "ZIP 压缩包", None, "zip")
RAR: Final = _r("application/vnd.rar", "RAR 压缩包", None, "rar")
SEVEN_Z: Final = _r("application/x-7z-compressed", "7z 压缩包", None, "7z")
GZIP: Final = _r("application/gzip", "gzip 压缩文件", None, "gz")
OLE2: Final = _r("application/x-ole-storage", "OLE2 复合文件（非 Word/Excel/PowerPoint）", None, "")
EMPTY: Final = _r("application/x-empty", "空文件", None, "")
UNKNOWN: Final = _r(
    "application/octet-stream", "无法识别的内容（非 UTF-8 文本或未知的二进制格式）", None, ""
)

_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_LOCAL: Final = b"PK\x03\x04"
_ZIP_CENTRAL: Final = b"PK\x01\x02"

# ISO base media (ftyp) brands
_HEIC_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
)
_HEIF_BRANDS: Final = frozenset({b"mif1", b"msf1", b"heif"})
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})
_M4A_BRANDS: Final = frozenset({b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "})
_MOV_BRANDS: Final = frozenset({b"qt  "})
_3GP_PREFIXES: Final = (b"3gp", b"3g2", b"3ge", b"3gg")
_QT_ATOMS: Final = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})


def sniff(head: bytes, *, extra: bytes = b"", complete: bool = False) -> SniffResult:
    """The type of a file whose first bytes are `head` (at least `SNIFF_BYTES` of them, or the whole
    file). `extra` is the range `more_range` asked for, when the caller read it. `complete` says
    that `head` is the whole file (a text file's last character may then not be cut)."""
    head = head[:SNIFF_BYTES]
    if not head:
        return EMPTY
    for check in (_images, _riff, _iso_media, _audio, _documents, _executables_and_archives):
        found = check(head, extra)
        if found is not None:
            return found
    if _is_utf8_text(head, complete=complete):
        return TEXT
    return UNKNOWN


def more_range(head: bytes, size: int) -> tuple[int, int] | None:
    """(offset, length) of the bytes that would settle a container's flavour when `head` alone
    does not: the OLE2 directory sector, or a ZIP's tail with its central directory. None when the
    head is enough."""
    if head.startswith(_OLE2_MAGIC) and len(head) >= 512:
        if _ole2_flavour(head) is not None:
            return None
        shift = struct.unpack_from("<H", head, 30)[0]
        first_dir = struct.unpack_from("<I", head, 48)[0]
        if not 7 <= shift <= 16 or first_dir >= 0xFFFFFFFA:
            return None
        sector = 1 << shift
        offset = (first_dir + 1) * sector
        if offset >= size:
            return None
        return offset, min(MORE_BYTES, max(sector, 4096), size - offset)
    if head.startswith(_ZIP_LOCAL):
        if _zip_flavour(_zip_names(head)) is not None or size <= len(head):
            return None
        length = min(MORE_BYTES, size)
        return size - length, length
    return None


# ------------------------------------------------------------------------------------ images


def _images(head: bytes, extra: bytes) -> SniffResult | None:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    return None


def _riff(head: bytes, extra: bytes) -> SniffResult | None:
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX"):
        return None
    form = head[8:12]
    if form == b"WEBP":
        return WEBP
    if form == b"WAVE":
        return WAV
    if form == b"AVI ":
        return AVI
    return None


def _iso_media(head: bytes, extra: bytes) -> SniffResult | None:
    """ISO base media files (MP4, MOV, M4A, 3GP, HEIC/HEIF/AVIF): a `ftyp` box first, whose major
    and compatible brands name the flavour; old QuickTime files start with another atom."""
    if len(head) < 12:
        return None
    box = head[4:8]
    if box == b"ftyp":
        box_size = struct.unpack_from(">I", head, 0)[0]
        end = min(len(head), box_size if 16 <= box_size <= 4096 else 16)
        major = head[8:12]
        brands = [major] + [head[i : i + 4] for i in range(16, end - 3, 4)]
        for wanted, result in (
            (_HEIC_BRANDS, HEIC),
            (_AVIF_BRANDS, AVIF),
            (_HEIF_BRANDS, HEIF),
            (_M4A_BRANDS, M4A),
            (_MOV_BRANDS, MOV),
        ):
            if major in wanted:
                return result
        if major.startswith(_3GP_PREFIXES):
            return THREE_GP
        for wanted, result in ((_HEIC_BRANDS, HEIC), (_AVIF_BRANDS, AVIF)):
            if any(b in wanted for b in brands):
                return result
        return MP4
    if box in _QT_ATOMS and head[0] == 0:  # old QuickTime: an atom below 16 MB (text never has NUL)
        size = struct.unpack_from(">I", head, 0)[0]
        if size in (0, 1) or size >= 8:
            return MOV
    return None


# ------------------------------------------------------------------------------------ audio


def _audio(head: bytes, extra: bytes) -> SniffResult | None:
    if head.startswith(b"#!AMR-WB\n"):
        return AMR_WB
    if head.startswith(b"#!AMR\n"):
        return AMR
    if head.startswith(b"ID3") and len(head) >= 10:
        return MP3
    if len(head) >= 4 and head[0] == 0xFF:
        b1, b2 = head[1], head[2]
        if b1 & 0xF6 == 0xF0 and (b2 >> 2) & 0x0F < 13:  # ADTS: sync, layer 00, valid rate
            return AAC
        version = (b1 >> 3) & 0x03
        layer = (b1 >> 1) & 0x03
        bitrate = b2 >> 4
        rate = (b2 >> 2) & 0x03
        if (
            b1 & 0xE0 == 0xE0
            and version != 1
            and layer != 0
            and bitrate not in (0, 15)
            and rate != 3
        ):
            return MP3
    return None


# ------------------------------------------------------------------------------------ documents


def _documents(head: bytes, extra: bytes) -> SniffResult | None:
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(_ZIP_LOCAL):
        return _zip_flavour(_zip_names(head) | _zip_central_names(extra)) or ZIP
    if head.startswith(_OLE2_MAGIC):
        return _ole2_flavour(head) or _ole2_flavour(extra) or OLE2
    return None


def _zip_names(data: bytes) -> set[str]:
    """Member names from the local file headers found in `data` (the sizes of a member may be
    unknown in a streamed ZIP, so every header signature is tried)."""
    names: set[str] = set()
    at = data.find(_ZIP_LOCAL)
    while at != -1 and at + 30 <= len(data):
        name_len = struct.unpack_from("<H", data, at + 26)[0]
        raw = data[at + 30 : at + 30 + name_len]
        if len(raw) == name_len and name_len:
            names.add(raw.decode("utf-8", errors="replace"))
        at = data.find(_ZIP_LOCAL, at + 4)
    return names


def _zip_central_names(data: bytes) -> set[str]:
    names: set[str] = set()
    at = data.find(_ZIP_CENTRAL)
    while at != -1 and at + 46 <= len(data):
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        raw = data[at + 46 : at + 46 + name_len]
        if len(raw) == name_len and name_len:
            names.add(raw.decode("utf-8", errors="replace"))
        at = data.find(_ZIP_CENTRAL, at + 4)
    return names


def _zip_flavour(names: set[str]) -> SniffResult | None:
    if "OFD.xml" in names:
        return OFD
    if "[Content_Types].xml" not in names:
        return None
    for prefix, result in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
        if any(n.startswith(prefix) for n in names):
            return result
    return None


def _ole2_flavour(data: bytes) -> SniffResult | None:
    """Word, Excel or PowerPoint by the stream names of the compound file's directory (UTF-16LE)."""
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return XLS
    if "PowerPoint Document".encode("utf-16-le") in data:
        return PPT
    return None


# ------------------------------------------------------------------------------------ refused


def _executables_and_archives(head: bytes, extra: bytes) -> SniffResult | None:
    if head.startswith(b"\x7fELF"):
        return ELF
    if head.startswith(b"MZ") and b"\x00" in head[:64]:  # DOS header; text starting "MZ" has no NUL
        return EXE
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ):
        return MACHO
    if head.startswith(b"\xca\xfe\xba\xbe"):
        return JAVA_CLASS  # also a Mach-O universal binary; refused either way
    if head.startswith(b"#!"):
        return SCRIPT
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        return ZIP
    if head.startswith(b"Rar!\x1a\x07"):
        return RAR
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return SEVEN_Z
    if head.startswith(b"\x1f\x8b"):
        return GZIP
    return None


def _is_utf8_text(head: bytes, *, complete: bool) -> bool:
    checker = Utf8Checker()
    checker.feed(head)
    return checker.finish() if complete else checker.ok


class Utf8Checker:
    """Streaming check that a file is UTF-8 text: valid UTF-8 and no NUL byte. Feed every chunk,
    then `finish()` (a character cut at the end of the file is invalid)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.ok = True

    def feed(self, chunk: bytes) -> None:
        if not self.ok:
            return
        if b"\x00" in chunk:
            self.ok = False
            return
        try:
            self._decoder.decode(chunk, final=False)
        except UnicodeDecodeError:
            self.ok = False

    def finish(self) -> bool:
        if self.ok:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.ok = False
        return self.ok
