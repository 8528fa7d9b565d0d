"""Public pages need no login and never show drafts (R-PUB-1)."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.rulebooks.models import StoredVersion

pytestmark = pytest.mark.django_db


def test_public_index_lists_published_books_without_login_and_no_draft_R_PUB_1(
    client_as: Any,
) -> None:
    draft = StoredVersion.objects.get(rulebook__book_id="hengyang-samr", status="draft")
    page = client_as(None).get("/public/")
    assert page.status_code == 200
    assert "/public/hengyang-samr/2025-03-01/" in page.text
    assert f"/public/hengyang-samr/{draft.version}/" not in page.text


def test_public_item_page_shows_rows_benchmark_and_digest_R_PUB_1(client_as: Any) -> None:
    v = StoredVersion.objects.get(rulebook__book_id="hengyang-samr", version="2025-03-01")
    page = client_as(None).get("/public/hengyang-samr/2025-03-01/items/HY-FSL-124-1-05/")
    assert page.status_code == 200
    assert v.digest in page.text
    assert "裁量基准" in page.text
    assert "配套监管措施" in page.text


def _cells_html(stored: StoredVersion) -> set[str]:
    """Every cell of the official tables (lawcore.rulebook.tables, as exported) as a page shows it."""
    from django.template.defaultfilters import linebreaksbr

    from lawcore.rulebook.tables import columns
    from prudent.rulebooks.tables import tables_for_stored

    _book, _version, tables = tables_for_stored(stored)
    return {
        str(linebreaksbr(r.cell(k), autoescape=True))
        for r in tables.rows()
        for k, _header in columns(r.kind)
    }


def test_public_version_page_shows_the_export_tables_cell_for_cell_R_LIST_3_R_PUB_1(
    client_as: Any,
) -> None:
    for book in ("hengyang-samr", "cn-samr"):
        v = StoredVersion.objects.filter(rulebook__book_id=book, status="published").first()
        assert v is not None
        page = client_as(None).get(f"/public/{book}/{v.version}/").content.decode()
        missing = [c for c in _cells_html(v) if c and f"<td>{c}</td>" not in page]
        assert missing == []
    assert (
        "处50000元以上55000元以下罚款"
        in client_as(None).get("/public/hengyang-samr/2025-03-01/").content.decode()
    )
    assert "未经核实" in page


def test_public_item_page_shows_only_that_items_rows_R_PUB_1(client_as: Any) -> None:
    page = client_as(None).get("/public/hengyang-samr/2025-03-01/items/HY-FSL-124-1-05/")
    text = page.content.decode()
    assert "衡阳县市场监督管理局从轻行政处罚事项清单" in text
    assert "处罚依据：《食品安全法》第一百二十四条第一款第（五）项" in text
    assert "HY-AD-57-1" not in text
