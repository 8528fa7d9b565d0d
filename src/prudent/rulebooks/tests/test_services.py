"""Stored rulebooks: import, immutability, publication checks, filing, flags, public pages
(issue #3 part 7; R-LIST-4, R-LIST-5, R-LIST-7, R-LIST-8, R-PUB-1). The demo data holds the shipped
books: hengyang-samr 2025-03-01 published and filed, plus a draft new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lawcore.rulebook.loader import parse_text
from prudent.core.errors import Conflict, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.rulebooks import selectors, services
from prudent.rulebooks.demo import rulebooks_dir
from prudent.rulebooks.models import LawChangeFlag, StoredRulebook, StoredVersion

pytestmark = pytest.mark.django_db


def _county_text() -> str:
    return (rulebooks_dir() / "hengyang-samr" / "rulebook.yaml").read_text(encoding="utf-8")


def _store_draft(text: str, book_id: str = "test-county") -> StoredVersion:
    """A draft stored as it was saved earlier (e.g. before the parent narrowed a range): the
    publication check must still catch it."""
    text = text.replace("id: hengyang-samr", f"id: {book_id}", 1)
    text = text.replace("    status: published\n", "    status: draft\n", 1)
    text = text.replace('    published_on: "2025-02-20"\n', "", 1)
    book, errors = parse_text(text, "test.yaml")
    assert book is not None, errors
    version = book.versions[0]
    rb = StoredRulebook.objects.create(
        book_id=book_id,
        name=book.name,
        authority=book.authority,
        level="county",
        division_code="430421",
        parent_id_text="cn-samr",
        department=StoredRulebook.objects.get(book_id="hengyang-samr").department,
    )
    return StoredVersion.objects.create(
        rulebook=rb,
        version=version.version,
        effective_from=version.effective_from,
        status="draft",
        source=text,
        source_name="test.yaml",
        digest=version.digest,
    )


def _draft() -> StoredVersion:
    return StoredVersion.objects.get(rulebook__book_id="hengyang-samr", status="draft")


def test_demo_import_stores_published_books_and_the_county_draft_R_LIST_8() -> None:
    books = set(StoredRulebook.objects.values_list("book_id", flat=True))
    assert {"cn-tax-fwbf", "cn-samr", "gd-eco", "jm-eco", "hengyang-samr"} <= books
    county = StoredRulebook.objects.get(book_id="hengyang-samr")
    assert county.department is not None
    assert county.department.name == "衡阳县市场监督管理局"
    published = county.versions.get(version="2025-03-01")
    assert published.status == "published"
    assert published.filing_status == "filed"
    assert published.index.filter(code="HY-FSL-124-1-05").exists()


def test_published_version_is_immutable_nothing_written_no_audit_R_LIST_7() -> None:
    text = _county_text().replace("max: 60000", "max: 55000", 1)
    before = AuditEvent.objects.count()
    stored = StoredVersion.objects.get(rulebook__book_id="hengyang-samr", version="2025-03-01")
    with pytest.raises(ValidationFailed) as exc:
        services.rulebook_import(actor="test", text=text, source_name="hy.yaml")
    assert "version 2025-03-01 of hengyang-samr is already published" in str(exc.value.errors)
    assert AuditEvent.objects.count() == before
    stored.refresh_from_db()
    assert "max: 60000" in stored.source


def test_reimporting_the_same_file_changes_nothing() -> None:
    result = services.rulebook_import(actor="test", text=_county_text(), source_name="hy.yaml")
    assert result.unchanged == ("2025-03-01",)
    assert not result.created


def test_publish_refuses_a_county_range_outside_its_parent_R_LIST_4(demo_user: Any) -> None:
    draft = _store_draft(_county_text().replace("max: 60000", "max: 80000", 1))
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.version_publish(actor=demo_user("list_author"), version=draft)
    messages = " ".join(exc.value.errors["source"])
    assert "range-outside-parent" in messages
    assert "HY-FSL-124-1-05" in messages
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert AuditEvent.objects.count() == before


def test_publish_refuses_an_excluded_item_on_a_lenient_list_R_LIST_5(demo_user: Any) -> None:
    text = _county_text().replace(
        "        field: food\n", "        field: food\n        tags: [emergency_price]\n", 1
    )
    draft = _store_draft(text)
    with pytest.raises(ValidationFailed) as exc:
        services.version_publish(actor=demo_user("list_author"), version=draft)
    assert "excluded-item-on-list" in " ".join(exc.value.errors["source"])
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_saving_a_draft_with_a_range_outside_the_parent_is_refused_R_LIST_4(
    demo_user: Any,
) -> None:
    draft = _draft()
    bad = draft.source.replace("max: 60000", "max: 80000", 1)
    with pytest.raises(ValidationFailed):
        services.version_draft_save(
            actor=demo_user("list_author"),
            version=draft,
            source_text=bad,
            expected_lock_version=draft.lock_version,
        )


def test_optimistic_locking_conflict_R_LIST_7(demo_user: Any) -> None:
    draft = _draft()
    stale = draft.lock_version
    text = draft.source.replace("的修订草稿。", "的修订草稿（甲稿）。")
    services.version_draft_save(
        actor=demo_user("list_author"), version=draft, source_text=text, expected_lock_version=stale
    )
    with pytest.raises(Conflict) as exc:
        services.version_draft_save(
            actor=demo_user("list_author"),
            version=_draft(),
            source_text=text.replace("甲稿", "乙稿"),
            expected_lock_version=stale,
        )
    assert "已被他人修改" in exc.value.message
    assert "甲稿" in _draft().source


def test_journey_publish_submit_file_then_public_R_LIST_8_R_PUB_1(
    demo_user: Any, client_as: Any
) -> None:
    draft = _draft()
    anonymous = client_as(None)
    assert f"/public/hengyang-samr/{draft.version}/" not in anonymous.get("/public/").text
    assert anonymous.get(f"/public/hengyang-samr/{draft.version}/").status_code == 404
    published = services.version_publish(
        actor=demo_user("list_author"), version=draft, published_on=dt.date(2026, 11, 20)
    )
    assert published.status == "published"
    old = StoredVersion.objects.get(rulebook__book_id="hengyang-samr", version="2025-03-01")
    assert old.effective_to == published.effective_from - dt.timedelta(days=1)
    with pytest.raises(Conflict):
        services.version_draft_save(
            actor=demo_user("list_author"),
            version=published,
            source_text=published.source,
            expected_lock_version=published.lock_version,
        )
    services.version_submit_filing(actor=demo_user("list_author"), version=published)
    assert published in selectors.filing_queue(demo_user("supervisor"))
    with pytest.raises(ValidationFailed):
        services.version_return(actor=demo_user("supervisor"), version=published, comments="")
    filed = services.version_file(actor=demo_user("supervisor"), version=published)
    assert filed.filing_status == "filed"
    page = anonymous.get(f"/public/hengyang-samr/{published.version}/")
    assert page.status_code == 200
    assert published.digest in page.text
    assert "经营超过保质期的食品" in page.text


def test_returned_version_shows_the_comments_and_is_not_filed_R_LIST_8(
    demo_user: Any, client_as: Any
) -> None:
    published = services.version_publish(actor=demo_user("head"), version=_draft())
    services.version_submit_filing(actor=demo_user("head"), version=published)
    returned = services.version_return(
        actor=demo_user("supervisor"), version=published, comments="设定依据缺少第三十四条第十项。"
    )
    assert returned.filing_status == "returned"
    page = client_as("list_author").get(f"/rulebooks/versions/{published.pk}/")
    assert "设定依据缺少第三十四条第十项。" in page.text
    assert "已退回" in page.text


def test_only_the_owning_department_may_publish(demo_user: Any) -> None:
    from prudent.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.version_publish(actor=demo_user("cg_officer"), version=_draft())
    with pytest.raises(Forbidden):
        services.version_publish(actor=demo_user("supervisor"), version=_draft())


def test_drafts_never_on_public_pages_or_search_R_PUB_1(client_as: Any) -> None:
    draft = _draft()
    anonymous = client_as(None)
    assert anonymous.get(f"/public/hengyang-samr/{draft.version}/").status_code == 404
    found = anonymous.get("/api/v1/public/items", {"q": "HY-FSL"}).json()
    assert {i["version"] for i in found["items"]} == {"2025-03-01"}


def test_other_departments_do_not_see_a_draft(demo_user: Any) -> None:
    draft = _draft()
    assert not StoredVersion.objects.restrict(demo_user("cg_officer")).filter(pk=draft.pk)
    assert StoredVersion.objects.restrict(demo_user("officer")).filter(pk=draft.pk)


def test_public_search_by_name_code_and_law_R_PUB_1(client_as: Any) -> None:
    by_name = selectors.public_items(q="保质期")
    assert {ix.code for ix in by_name} >= {"HY-FSL-124-1-05"}
    by_law = selectors.public_items(q="广告法")
    assert "HY-AD-57-1" in {ix.code for ix in by_law}
    assert selectors.public_items(q="没有这个事项").paginator.count == 0
    page = client_as(None).get("/public/", {"q": "保质期"})
    assert page.status_code == 200
    assert "HY-FSL-124-1-05" in page.text


def test_published_rulebook_set_holds_only_published_versions() -> None:
    rb_set = selectors.published_rulebook_set()
    county = rb_set.get("hengyang-samr")
    assert county is not None
    assert [v.version for v in county.versions] == ["2025-03-01"]
    assert all(v.status.value != "draft" for b in rb_set.rulebooks for v in b.versions)
    assert selectors.published_rulebook_set() is rb_set  # cached while nothing changes


def test_law_change_flags_every_citing_item_R_LIST_7(demo_user: Any) -> None:
    flags = services.law_change_flag(
        actor=demo_user("supervisor"), law="《广告法》", article=57, reason="2025年修正"
    )
    codes = {(f.rulebook.book_id, f.item_code) for f in flags}
    assert ("hengyang-samr", "HY-AD-57-1") not in codes  # it cites articles 9 and 10, not 57
    assert any(code.startswith("CN-SAMR-AD-57") for _b, code in codes)
    flags_all = services.law_change_flag(
        actor=demo_user("supervisor"), law="广告法", reason="2025年修正"
    )
    assert ("hengyang-samr", "HY-AD-57-1") in {(f.rulebook.book_id, f.item_code) for f in flags_all}
    mine = selectors.flags(demo_user("list_author"), open_only=True)
    assert mine.filter(item_code="HY-AD-57-1").exists()
    flag = mine.get(item_code="HY-AD-57-1", version__status="published")
    services.law_change_resolve(actor=demo_user("list_author"), flag=flag, resolution="已核对")
    assert LawChangeFlag.objects.get(pk=flag.pk).resolved_at is not None
