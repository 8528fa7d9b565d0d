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
