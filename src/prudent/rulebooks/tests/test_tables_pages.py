"""List-table pages: view, download, edit a draft in the table layout (save, conflict, cell errors)
and .xlsx upload (R-LIST-3, R-LIST-9, issue #3 part 7)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from prudent.rulebooks.models import StoredVersion


def _draft() -> StoredVersion:
    v = (
        StoredVersion.objects.filter(rulebook__book_id="hengyang-samr", status="draft")
        .order_by("pk")
        .last()
    )
    assert v is not None
    return v


def _form(client: Any, v: StoredVersion) -> dict[str, str]:
    page = client.get(f"/rulebooks/tables/versions/{v.pk}/edit/")
    assert page.status_code == 200
    return {"lock_version": str(v.lock_version), "Y-02__remarks": ""}


def test_edit_page_saves_a_cell_through_the_draft_service_R_LIST_9(client_as: Any) -> None:
    client, v = client_as("list_author"), _draft()
    data = _form(client, v) | {"Y-02__remarks": "县局补充：首违从轻"}
    response = client.post(f"/rulebooks/tables/versions/{v.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    v.refresh_from_db()
    assert 'remarks: "县局补充：首违从轻"' in v.source
    page = client.get(f"/rulebooks/tables/versions/{v.pk}/")
    assert "县局补充：首违从轻" in page.content.decode()


def test_stale_lock_version_is_a_conflict_and_keeps_the_typed_text_R_LIST_9(
    client_as: Any,
) -> None:
    client, v = client_as("list_author"), _draft()
    data = _form(client, v) | {"Y-02__remarks": "我的修改", "lock_version": str(v.lock_version - 1)}
    before = v.source
    response = client.post(f"/rulebooks/tables/versions/{v.pk}/edit/", data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "已被他人修改，请刷新后重试" in body
    assert "我的修改" in body
    v.refresh_from_db()
    assert v.source == before


def test_bad_cell_is_shown_at_its_cell_and_nothing_saved_R_LIST_9(client_as: Any) -> None:
    client, v = client_as("list_author"), _draft()
    data = _form(client, v) | {"Y-02__range": "五万元左右"}
    before = v.source
    response = client.post(f"/rulebooks/tables/versions/{v.pk}/edit/", data)
    body = response.content.decode()
    assert response.status_code == 422
    assert 'id="err-Y-02__range"' in body
    assert "无法识别的裁量幅度" in body
    v.refresh_from_db()
    assert v.source == before


def test_uploaded_xlsx_applies_to_the_draft_R_LIST_9(client_as: Any) -> None:
    client, v = client_as("list_author"), _draft()
    exported = client.get(f"/rulebooks/tables/versions/{v.pk}/export.xlsx")
    assert exported.status_code == 200
    wb = load_workbook(io.BytesIO(exported.content))
    row = next(r for r in wb["从轻处罚事项清单"].iter_rows() if r[-1].value == "Y-02")
    row[6].value = "处50000元以上52000元以下罚款"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "lists.xlsx"
    response = client.post(
        f"/rulebooks/tables/versions/{v.pk}/import/",
        {"file": out, "lock_version": str(v.lock_version)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    v.refresh_from_db()
    assert "range: {min: 50000, max: 52000}" in v.source


def test_officer_reads_tables_but_cannot_edit_R_LIST_9(client_as: Any) -> None:
    v = _draft()
    published = StoredVersion.objects.filter(
        rulebook__book_id="hengyang-samr", status="published"
    ).first()
    assert published is not None
    officer = client_as("officer")
    page = officer.get(f"/rulebooks/tables/versions/{published.pk}/")
    assert page.status_code == 200
    assert "衡阳县市场监督管理局从轻行政处罚事项清单" in page.content.decode()
    assert officer.get(f"/rulebooks/tables/versions/{v.pk}/edit/").status_code == 403


def test_version_page_shows_the_official_tables_and_links_the_table_view_and_downloads_R_LIST_3(
    client_as: Any,
) -> None:
    published = StoredVersion.objects.get(rulebook__book_id="hengyang-samr", version="2025-03-01")
    page = client_as("officer").get(f"/rulebooks/versions/{published.pk}/").content.decode()
    assert "衡阳县市场监督管理局从轻行政处罚事项清单" in page
    assert "处50000元以上55000元以下罚款" in page
    assert "违法依据：《食品安全法》第三十四条第（十）项<br>处罚依据：" in page
    for target in ("", "export.xlsx", "export.docx"):
        assert f'href="/rulebooks/tables/versions/{published.pk}/{target}"' in page
    draft = _draft()
    officer_view = client_as("officer").get(f"/rulebooks/versions/{draft.pk}/").content.decode()
    assert f'href="/rulebooks/tables/versions/{draft.pk}/"' in officer_view
    assert "export.xlsx" not in officer_view  # a draft is downloaded only by its editors
    author_view = client_as("list_author").get(f"/rulebooks/versions/{draft.pk}/").content.decode()
    assert f'href="/rulebooks/tables/versions/{draft.pk}/export.docx"' in author_view
