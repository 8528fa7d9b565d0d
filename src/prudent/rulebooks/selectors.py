"""Reads of stored rulebooks (issue #3 part 7; R-LIST-7, R-LIST-8, R-PUB-1).

:func:`published_rulebook_set` builds the lawcore :class:`RulebookSet` the decision engine uses from
the stored published (and repealed) versions only — drafts never. The parsed set is cached, keyed by
the stored versions' digests and period ends, so repeated calls (one per API request) cost one query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from lawcore.rulebook import Rulebook, RulebookSet, RulebookVersion
from prudent.config.db import hot_cursor
from prudent.core.errors import NotFound
from prudent.core.permissions import Action
from prudent.rulebooks.models import (
    ItemIndex,
    LawChangeFlag,
    StoredRulebook,
    StoredVersion,
)
from prudent.rulebooks.parsing import parse_cached

FILING_DEADLINE_DAYS = 30
"""备案 within 30 days of publication (the usual term for normative documents; a county may set a
date instead, e.g. 蒸政办发〔2023〕21号 三(五))."""

_SET_CACHE: dict[frozenset[tuple[object, ...]], RulebookSet] = {}


def clear_cache() -> None:
    _SET_CACHE.clear()


def parsed_version(stored: StoredVersion) -> tuple[Rulebook, RulebookVersion]:
    """The lawcore book and version a stored version's text yields (period end as stored)."""
    book, errors = parse_cached(stored.source, stored.source_name or stored.rulebook.book_id)
    version = book.version(stored.version) if book is not None else None
    if book is None or version is None:
        raise NotFound(f"版本 {stored} 的原文无法解析：{'; '.join(str(e) for e in errors)}")
    if version.effective_to != stored.effective_to:
        version = dataclasses.replace(version, effective_to=stored.effective_to)
    return book, version


def _published_keys(on: dt.date | None) -> frozenset[tuple[object, ...]]:
    """What identifies the published set: (pk, book, version, digest, period end, status) of every
    non-draft version. Plain SQL, because it runs on every decision (one per API request) and the
    ORM's compiling of the query cost more than the query itself (issue #3, Performance)."""
    version = StoredVersion._meta.db_table
    book = StoredRulebook._meta.db_table
    sql = (
        f"SELECT v.id, b.book_id, v.version, v.digest, v.effective_to, v.status"  # noqa: S608
        f" FROM {version} v JOIN {book} b ON b.id = v.rulebook_id WHERE v.status <> %s"
    )
    params: list[object] = [StoredVersion.Status.DRAFT.value]
    if on is not None:
        sql += " AND v.published_on <= %s"
        params.append(on)
    with hot_cursor(connection) as cursor:  # a prepared statement on PostgreSQL
        cursor.execute(sql, params)
        return frozenset(tuple(row) for row in cursor.fetchall())


def published_rulebook_set(on: dt.date | None = None) -> RulebookSet:
    """Every stored published or repealed version (published on or before ``on`` when given), as
    lawcore rulebooks; book settings and facts come from the latest of those versions' texts."""
    key = _published_keys(on)
    cached = _SET_CACHE.get(key)
    if cached is not None:
        return cached
    rows = StoredVersion.objects.exclude(status=StoredVersion.Status.DRAFT)
    if on is not None:
        rows = rows.filter(published_on__lte=on)
    by_book: dict[str, list[StoredVersion]] = {}
    for stored in rows.select_related("rulebook").order_by("effective_from"):
        by_book.setdefault(stored.rulebook.book_id, []).append(stored)
    books = []
    for stored_versions in by_book.values():
        parsed = [parsed_version(s) for s in stored_versions]
        latest_book = parsed[-1][0]
        books.append(dataclasses.replace(latest_book, versions=tuple(v for _b, v in parsed)))
    result = RulebookSet(tuple(sorted(books, key=lambda b: (b.level.rank, b.id))))
    if len(_SET_CACHE) > 16:
        _SET_CACHE.clear()
    _SET_CACHE[key] = result
    return result


# --------------------------------------------------------------------------------- management


def rulebook_list(user: Any) -> QuerySet[StoredRulebook]:
    versions = StoredVersion.objects.restrict(user, Action.VIEW).order_by("effective_from")
    return (
        StoredRulebook.objects.restrict(user, Action.VIEW)
        .select_related("department")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("level", "book_id")
    )


def version_detail(user: Any, pk: int) -> StoredVersion:
    found = (
        StoredVersion.objects.restrict(user, Action.VIEW)
        .select_related("rulebook", "rulebook__department")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("清单版本不存在或不在您的查看范围内。")
    return found


def version_by_ids(user: Any, book_id: str, version: str) -> StoredVersion:
    found = (
        StoredVersion.objects.restrict(user, Action.VIEW)
        .select_related("rulebook")
        .filter(rulebook__book_id=book_id, version=version)
        .first()
    )
    if found is None:
        raise NotFound("清单版本不存在或不在您的查看范围内。")
    return found


def may_change(user: Any, version: StoredVersion) -> bool:
    return StoredVersion.objects.restrict(user, Action.CHANGE).filter(pk=version.pk).exists()


def filing_deadline(version: StoredVersion) -> dt.date | None:
    if version.published_on is None:
        return None
    return version.published_on + dt.timedelta(days=FILING_DEADLINE_DAYS)


def filing_queue(user: Any) -> QuerySet[StoredVersion]:
    return (
        StoredVersion.objects.restrict(user, Action.VIEW)
        .filter(filing_status=StoredVersion.Filing.SUBMITTED)
        .select_related("rulebook", "rulebook__department")
        .order_by("published_on", "pk")
    )


def flags(user: Any, *, open_only: bool = False) -> QuerySet[LawChangeFlag]:
    qs = LawChangeFlag.objects.restrict(user, Action.VIEW).select_related("rulebook", "version")
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return qs


def open_flag_counts(user: Any) -> dict[int, int]:
    counts: dict[int, int] = {}
    for rb_id in flags(user, open_only=True).values_list("rulebook_id", flat=True):
        counts[rb_id] = counts.get(rb_id, 0) + 1
    return counts


# --------------------------------------------------------------------------------- public


PUBLIC_PAGE_SIZE = 20


def public_versions() -> QuerySet[StoredVersion]:
    """Published versions only (never drafts; repealed ones are history, not the public list)."""
    return StoredVersion.objects.filter(status=StoredVersion.Status.PUBLISHED).select_related(
        "rulebook", "rulebook__department"
    )


def public_books() -> QuerySet[StoredRulebook]:
    return (
        StoredRulebook.objects.filter(versions__status=StoredVersion.Status.PUBLISHED)
        .distinct()
        .select_related("department")
        .prefetch_related(
            Prefetch("versions", queryset=public_versions().order_by("effective_from"))
        )
        .order_by("level", "book_id")
    )


@dataclass(frozen=True)
class PublicFilter:
    q: str = ""
    field: str = ""
    kind: str = ""


def public_items(q: str = "", field: str = "", kind: str = "", page: int | str = 1) -> Page[Any]:
    """Items of published versions matching the words of ``q`` (item name, code or cited law),
    the field and the list kind, newest version first."""
    items = ItemIndex.objects.filter(version__status=StoredVersion.Status.PUBLISHED)
    for word in (q or "").split()[:5]:
        items = items.filter(
            Q(name__icontains=word)
            | Q(code__icontains=word)
            | Q(laws__icontains=word)
            | Q(version__rulebook__name__icontains=word)
            | Q(version__rulebook__authority__icontains=word)
        )
    if field:
        items = items.filter(Q(field=field) | Q(version__rulebook__field=field))
    if kind:
        items = items.filter(kinds__icontains=f'"{kind}"')
    items = items.select_related("version", "version__rulebook").order_by(
        "version__rulebook__level", "version__rulebook__book_id", "-version__effective_from", "pk"
    )
    return Paginator(items, PUBLIC_PAGE_SIZE).get_page(page)


def public_version(book_id: str, version: str) -> StoredVersion:
    found = public_versions().filter(rulebook__book_id=book_id, version=version).first()
    if found is None:
        raise NotFound("未找到该已发布版本。")
    return found
