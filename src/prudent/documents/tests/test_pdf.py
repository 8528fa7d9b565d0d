import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from prudent.documents.fonts import FontNotFound, resolve_all
from prudent.documents.model import DocumentKind
from prudent.documents.pdf import render_pdf
from prudent.documents.samples import samples

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
pytestmark = pytest.mark.skipif(not NOTO.exists(), reason="fonts-noto-cjk is not installed")


def _to_unicode(font: object) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data().decode()  # type: ignore[index]
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    return out


def _text(reader: PdfReader) -> str:
    """Decode the text with each font's ToUnicode map (two-byte codes, as fpdf2 writes them).

    pypdf's own extract_text misreads fpdf2's embedded /Encoding CMap of CFF CID fonts."""
    out: list[str] = []
    for page in reader.pages:
        fonts = {
            name: _to_unicode(f.get_object()) for name, f in page["/Resources"]["/Font"].items()
        }
        cmap: dict[int, str] = {}
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                cmap = fonts[operands[0]]
            elif op in (b"Tj", b"TJ"):
                items = operands[0] if op == b"TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, str | bytes):
                        raw = getattr(item, "original_bytes", item)
                        out.extend(
                            cmap.get(int.from_bytes(raw[i : i + 2]), "?")
                            for i in range(0, len(raw), 2)
                        )
    return "".join(out)


@pytest.fixture(scope="module")
def rendered() -> dict[DocumentKind, PdfReader]:
    specs = samples()
    kinds = (DocumentKind.PENALTY_DECISION, DocumentKind.SERVICE_RECEIPT)
    return {k: PdfReader(io.BytesIO(render_pdf(specs[k]))) for k in kinds}


def test_pdf_is_a4_with_embedded_noto_sc_and_extractable_chinese_R_CASE_8(
    rendered: dict[DocumentKind, PdfReader],
) -> None:
    specs = samples()
    for kind, reader in rendered.items():
        page = reader.pages[0]
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.1)
        fonts = {
            str(f.get_object()["/BaseFont"])
            for p in reader.pages
            for f in p["/Resources"]["/Font"].values()
        }
        assert any(f.endswith("NotoSerifCJKSC") for f in fonts), fonts
        text = re.sub(r"\s+", "", _text(reader))
        spec = specs[kind]
        assert spec.title in text
        assert spec.party is not None
        assert spec.party.name in text
        assert "— 1 —".replace(" ", "") in text
        meta = reader.metadata
        assert meta is not None
        assert "仿宋_GB2312" in str(meta.get("/Keywords"))
        assert "NotoSerifCJK-Regular.ttc#2" in str(meta.get("/Keywords"))
    decision = re.sub(r"\s+", "", _text(rendered[DocumentKind.PENALTY_DECISION]))
    assert "衡县市监处罚〔2026〕12号" in decision
    assert "壹万元整" in decision
    assert "六个月内" in decision


def test_sc_face_is_selected_in_the_collection_R_CASE_8() -> None:
    fonts = resolve_all()
    assert fonts["body"].family == "Noto Serif CJK SC"
    assert fonts["body"].index == 2  # JP, KR, SC, TC, HK — checked with fc-scan
    assert fonts["title"].path.name in ("NotoSerifCJK-Black.ttc", "NotoSerifCJK-Bold.ttc")
    assert fonts["heiti"].family == "Noto Sans CJK SC"


def test_missing_cjk_font_names_the_debian_package_R_CASE_8(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound) as exc:
        resolve_all([tmp_path])
    assert "fonts-noto-cjk" in str(exc.value)


def test_proprietary_face_is_preferred_when_present_R_CASE_8(tmp_path: Path) -> None:
    fake = tmp_path / "simfang.ttf"
    fake.write_bytes(b"")  # the resolver goes by name; only fpdf would read it
    fonts = resolve_all([tmp_path, NOTO.parent])
    assert fonts["body"].family == "仿宋"
    assert fonts["body"].path == fake
    assert fonts["title"].family == "Noto Serif CJK SC"
