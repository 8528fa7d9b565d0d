"""Writes on stored rulebooks (issue #3 part 7; R-LIST-4, R-LIST-5, R-LIST-7, R-LIST-8, R-PUB-1).

Every service validates everything first (the strict lawcore loader, then the set-level checks of
`prudent rulebook check` against the stored ancestors), then writes in one transaction with its
audit event. Loader and checker messages are passed on as they are (English, naming the file, the
item, the row and the rule) under the field ``source``, after a Chinese summary.

Who may do what: list authors (and the head) of the owning department import, edit drafts, create
new versions, publish and submit for filing; the judicial bureau (supervisor) files or returns;
the admin may do everything; a string actor (CLI, demo loader) is the system.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from lawcore.rulebook import Level, Rulebook, RulebookVersion, Status, check
from lawcore.rulebook.errors import RulebookError
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.permissions import user_role
from prudent.core.roles import Role
from prudent.organisations.models import Department
from prudent.rulebooks import selectors, sources
from prudent.rulebooks.models import (
    Filing,
    ItemIndex,
    LawChangeFlag,
    StoredRulebook,
    StoredVersion,
)
from prudent.rulebooks.parsing import (
    item_citations,
    normalise_law,
    parse_cached,
    same_published,
)

COMMENTS_MAX = 2000
LAW_MAX = 200


def _is_system(actor: Any) -> bool:
    return isinstance(actor, str) or actor is None


def _actor_name(actor: Any) -> str:
    if _is_system(actor):
        return str(actor or "system")
    return str(getattr(actor, "username", "") or actor)


def _may_manage(actor: Any, department_id: int | None) -> bool:
    """List author or head of the owning department, or the admin (or the system)."""
    if _is_system(actor):
        return True
    role = user_role(actor)
    if role is Role.ADMIN:
        return True
    return (
        role in {Role.LIST_AUTHOR, Role.HEAD}
        and department_id is not None
        and department_id == actor.department_id
    )


def _require_manage(actor: Any, department_id: int | None, what: str) -> None:
    if not _may_manage(actor, department_id):
        raise Forbidden(
            f"您没有权限{what}：只有所属部门的清单编制人员、部门负责人或系统管理员可以操作。"
        )


def _require_supervisor(actor: Any) -> None:
    if _is_system(actor):
        return
    if user_role(actor) not in {Role.SUPERVISOR, Role.ADMIN}:
        raise Forbidden("只有司法局执法监督人员可以办理备案。")


def _refuse(summary: str, messages: Iterable[object]) -> ValidationFailed:
    return ValidationFailed(summary, errors={"source": [str(m) for m in messages]})


def _parse(text: str, source_name: str, summary: str) -> Rulebook:
    book, errors = parse_cached(text, source_name)
    if errors or book is None:
        raise _refuse(summary, errors or [f"{source_name}: unusable rulebook"])
    return book


def _ancestors(book: Rulebook, others: dict[str, Rulebook]) -> list[Rulebook]:
    out: list[Rulebook] = []
    seen = {book.id}
    parent = book.parent
    while parent is not None and parent not in seen and parent in others:
        seen.add(parent)
        out.append(others[parent])
        parent = others[parent].parent
    return out


def _hierarchy_problems(
    books: Sequence[Rulebook], *, findings_for: set[tuple[str, str]] | None = None
) -> list[str]:
    """Errors of `prudent rulebook check` for ``books`` together with their stored ancestors, and
    the overlap/gap/APL 33 findings for the (book id, version) pairs in ``findings_for``."""
    stored = {b.id: b for b in selectors.published_rulebook_set().rulebooks}
    given = {b.id: b for b in books}
    pool = {**stored, **given}
    chosen: dict[str, Rulebook] = dict(given)
    for book in books:
        for ancestor in _ancestors(book, pool):
            chosen.setdefault(ancestor.id, ancestor)
    report = check(list(chosen.values()))
    problems = [str(e) for e in report.errors if _error_book(e, given)]
    problems += [
        str(f) for f in report.findings if (f.rulebook, f.version) in (findings_for or set())
    ]
    return problems


def _error_book(error: RulebookError, given: dict[str, Rulebook]) -> bool:
    return any(error.source in {b.source, b.id} for b in given.values())


# --------------------------------------------------------------------------------- state, index


def version_state(v: StoredVersion) -> dict[str, object]:
    return {
        "rulebook": v.rulebook.book_id,
        "version": v.version,
        "status": v.status,
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "published_on": v.published_on,
        "digest": v.digest,
        "filing_status": v.filing_status,
        "lock_version": v.lock_version,
    }


def _index(stored: StoredVersion, version: RulebookVersion) -> None:
    ItemIndex.objects.filter(version=stored).delete()
    rows = []
    for item in version.items:
        cites = item_citations(item)
        rows.append(
            ItemIndex(
                version=stored,
                code=item.code,
                name=item.name,
                field=item.field,
                kinds=sorted({r.kind.value for r in item.rows}),
                laws=" ".join(sorted({str(c["law"]) for c in cites})),
                citations=cites,
            )
        )
    ItemIndex.objects.bulk_create(rows)


def _fill(stored: StoredVersion, version: RulebookVersion, text: str, name: str) -> None:
    stored.source = text
    stored.source_name = name[:300]
    stored.digest = version.digest
    stored.status = version.status.value
    stored.effective_from = version.effective_from
    stored.effective_to = version.effective_to
    stored.published_on = version.published_on
    stored.based_on = version.based_on or ""


# --------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportResult:
    rulebook: StoredRulebook
    created: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...]


def _department_for(book: Rulebook, department: Department | None) -> Department | None:
    if department is not None:
        return department
    if book.level in {Level.COUNTY, Level.CITY}:
        return Department.objects.filter(name=book.authority).first()
    return None


def _plan_book(book: Rulebook, problems: list[str]) -> dict[str, StoredVersion]:
    """Stored versions of ``book`` by id; a differing published one is a problem."""
    stored_rb = StoredRulebook.objects.filter(book_id=book.id).first()
    stored = {v.version: v for v in stored_rb.versions.all()} if stored_rb else {}
    for version in book.versions:
        old = stored.get(version.version)
        if old is None or old.is_draft:
            continue
        if not same_published(old.digest, old.source, old.source_name, version):
            problems.append(
                f"{book.source}: version {version.version} of {book.id} is already published "
                f"with digest {old.digest[:12]} and differs from this file; a published version "
                "cannot change — make a new version (R-LIST-7)"
            )
    return stored


def rulebooks_import(
    *, actor: Any, files: Sequence[tuple[str, str]], department: Department | None = None
) -> list[ImportResult]:
    """Import rulebook files (``(text, source name)`` pairs) in one transaction: creates or updates
    each book and its versions. Published versions already stored are immutable (a differing one is
    refused, naming it); stored drafts are replaced. Nothing is written if anything is wrong."""
    books = [_parse(text, name, "清单文件有误，未导入。") for text, name in files]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for book in books:
        if book.id in seen:
            problems.append(f"{book.source}: rulebook id {book.id!r} is also in {seen[book.id]}")
        seen.setdefault(book.id, book.source)
    plans = [_plan_book(book, problems) for book in books]
    owners = [_department_for(book, department) for book in books]
    for book, owner in zip(books, owners, strict=True):
        existing = StoredRulebook.objects.filter(book_id=book.id).first()
        owner_id = existing.department_id if existing and existing.department_id else None
        _require_manage(actor, owner_id or (owner.pk if owner else None), f"导入清单 {book.id}")
    live = {(b.id, v.version) for b in books for v in b.versions if v.status is not Status.DRAFT}
    problems += _hierarchy_problems(books, findings_for=live)
    if problems:
        raise _refuse("清单未通过校验，未导入。", problems)
    results = []
    with transaction.atomic():
        for (text, name), book, plan, owner in zip(files, books, plans, owners, strict=True):
            results.append(_write_book(actor, text, name, book, plan, owner))
    selectors.clear_cache()
    return results


def rulebook_import(
    *, actor: Any, text: str, source_name: str, department: Department | None = None
) -> ImportResult:
    return rulebooks_import(actor=actor, files=[(text, source_name)], department=department)[0]


def _write_book(
    actor: Any,
    text: str,
    name: str,
    book: Rulebook,
    plan: dict[str, StoredVersion],
    owner: Department | None,
) -> ImportResult:
    rb, _created = StoredRulebook.objects.get_or_create(
        book_id=book.id,
        defaults={"level": book.level.value, "division_code": book.division_code},
    )
    rb.name, rb.authority, rb.level = book.name[:200], book.authority[:200], book.level.value
    rb.division_code, rb.parent_id_text, rb.field = (
        book.division_code,
        book.parent or "",
        book.field,
    )
    if rb.department_id is None and owner is not None:
        rb.department = owner
    created, replaced, unchanged = [], [], []
    for version in book.versions:
        old = plan.get(version.version)
        if old is not None and not old.is_draft:
            unchanged.append(version.version)
            continue
        stored = old or StoredVersion(rulebook=rb, version=version.version)
        stored.rulebook = rb
        _fill(stored, version, text, name)
        stored.created_by = stored.created_by or _actor_name(actor)
        if old is not None:
            stored.lock_version += 1
            replaced.append(version.version)
        else:
            created.append(version.version)
        stored.save()
        _index(stored, version)
    rb.has_published = rb.versions.exclude(status=StoredVersion.Status.DRAFT).exists()
    rb.save()
    audit_append(
        actor=actor,
        action="rulebook_import",
        object_type="rulebooks.storedrulebook",
        object_id=rb.pk,
        after={"rulebook": book.id, "created": created, "replaced": replaced, "source": name},
        summary=f"导入清单 {book.id}：新增版本{len(created)}个，替换草稿{len(replaced)}个",
    )
    return ImportResult(rb, tuple(created), tuple(replaced), tuple(unchanged))


# --------------------------------------------------------------------------------- drafts


def _locked(version: StoredVersion) -> StoredVersion:
    return StoredVersion.objects.select_for_update().select_related("rulebook").get(pk=version.pk)


def version_draft_save(  # noqa: C901
    *, actor: Any, version: StoredVersion, source_text: str, expected_lock_version: int
) -> StoredVersion:
    """Replace a draft's YAML text. Only drafts; a stale ``expected_lock_version`` is a Conflict
    (someone else saved in between); the text must still hold this version as a draft and may not
    change any published version."""
    _require_manage(actor, version.rulebook.department_id, "修改草稿")
    if not version.is_draft:
        raise Conflict(f"版本 {version.version} 已发布，不能修改；如需修改请新建版本。")
    name = version.source_name or f"{version.rulebook.book_id}.yaml"
    book = _parse(source_text, name, "草稿有误，未保存。")
    parsed = book.version(version.version)
    problems: list[str] = []
    if book.id != version.rulebook.book_id:
        problems.append(
            f"{name}: the text is rulebook {book.id!r}, not {version.rulebook.book_id!r}"
        )
    if parsed is None or parsed.status is not Status.DRAFT:
        problems.append(f"{name}: the text must keep version {version.version} with status draft")
    stored = {v.version: v for v in version.rulebook.versions.exclude(pk=version.pk)}
    for other in book.versions:
        old = stored.get(other.version)
        if other.status is Status.DRAFT or other.version == version.version:
            continue
        if old is None or old.is_draft:
            problems.append(
                f"{name}: version {other.version} is {other.status} in the text but not "
                "published in the platform; a version is published only by publishing it"
            )
        elif not same_published(old.digest, old.source, old.source_name, other):
            problems.append(
                f"{name}: version {other.version} is published and cannot change (R-LIST-7)"
            )
    if not problems:
        problems += _hierarchy_problems([book])
    if problems:
        raise _refuse("草稿未通过校验，未保存。", problems)
    assert parsed is not None
    with transaction.atomic():
        current = _locked(version)
        if current.lock_version != expected_lock_version:
            raise Conflict("该草稿已被他人修改，请重新打开后再编辑（已被他人修改）。")
        if not current.is_draft:
            raise Conflict(f"版本 {version.version} 已发布，不能修改。")
        before = version_state(current)
        _fill(current, parsed, source_text, name)
        current.lock_version += 1
        current.save()
        _index(current, parsed)
        audit_append(
            actor=actor,
            action="rulebook_draft_save",
            object_type="rulebooks.storedversion",
            object_id=current.pk,
            before=before,
            after=version_state(current),
            summary=f"修改清单草稿 {current}",
        )
    return current


def _next_version_id(rb: StoredRulebook, start: dt.date) -> str:
    taken = set(rb.versions.values_list("version", flat=True))
    base = start.isoformat()
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def version_new_draft(
    *,
    actor: Any,
    book: StoredRulebook,
    based_on_version: StoredVersion,
    effective_from: dt.date | None = None,
    version_id: str | None = None,
) -> StoredVersion:
    """A new draft version of ``book`` based on a published one (a change of a published version is
    a new version, R-LIST-7)."""
    _require_manage(actor, book.department_id, "新建版本")
    if based_on_version.rulebook_id != book.pk:
        raise ValidationFailed.field("based_on", "基础版本不属于该清单。")
    if based_on_version.is_draft:
        raise ValidationFailed.field("based_on", "只能以已发布的版本为基础新建版本。")
    draft = book.versions.filter(status=StoredVersion.Status.DRAFT).first()
    if draft is not None:
        raise Conflict(f"清单已有草稿版本 {draft.version}，请先编辑或发布该草稿。")
    today = timezone.localdate()
    start = effective_from or max(today, based_on_version.effective_from + dt.timedelta(days=1))
    if start <= based_on_version.effective_from:
        raise ValidationFailed.field(
            "effective_from", "新版本的施行日期必须晚于基础版本的施行日期。"
        )
    new_id = (version_id or "").strip() or _next_version_id(book, start)
    if book.versions.filter(version=new_id).exists():
        raise ValidationFailed.field("version", f"版本号 {new_id} 已存在。")
    name = based_on_version.source_name or f"{book.book_id}.yaml"
    try:
        text = sources.append_version(
            based_on_version.source,
            {
                "version": sources.quote(new_id),
                "based_on": sources.quote(based_on_version.version),
                "effective_from": sources.quote(start.isoformat()),
                "status": "draft",
                "notes": sources.quote(f"基于 {based_on_version.version} 的修订草稿。"),
            },
        )
    except sources.SourceEditError as exc:
        raise _refuse("无法在原文中新增版本。", [exc]) from exc
    parsed_book = _parse(text, name, "新版本有误，未创建。")
    parsed = parsed_book.version(new_id)
    assert parsed is not None
    with transaction.atomic():
        stored = StoredVersion(rulebook=book, version=new_id, created_by=_actor_name(actor))
        _fill(stored, parsed, text, name)
        stored.save()
        _index(stored, parsed)
        audit_append(
            actor=actor,
            action="rulebook_new_draft",
            object_type="rulebooks.storedversion",
            object_id=stored.pk,
            after=version_state(stored),
            summary=f"新建清单草稿 {stored}（基于 {based_on_version.version}）",
        )
    return stored


# --------------------------------------------------------------------------------- publish


def _publish_text(
    version: StoredVersion, published_on: dt.date, name: str
) -> tuple[str, list[tuple[StoredVersion, dt.date]]]:
    """The draft's text with the version published and the periods it replaces closed, and the
    stored versions whose period ends (with the new end)."""
    draft = _parse(version.source, name, "草稿有误，不能发布。")
    parsed = draft.version(version.version)
    assert parsed is not None
    end = parsed.effective_from - dt.timedelta(days=1)
    fields: dict[str, str | None] = {
        "status": "published",
        "published_on": sources.quote(published_on.isoformat()),
    }
    text = sources.set_version_fields(version.source, version.version, fields)
    problems: list[str] = []
    for other in draft.versions:
        if other.version == version.version or other.status is Status.DRAFT:
            continue
        if other.overlaps(parsed):
            if other.effective_from >= parsed.effective_from:
                problems.append(
                    f"{name}: version {other.version} starts on {other.effective_from}, not "
                    f"before {version.version}; the periods would overlap"
                )
            else:
                text = sources.set_version_fields(
                    text, other.version, {"effective_to": sources.quote(end.isoformat())}
                )
    closing: list[tuple[StoredVersion, dt.date]] = []
    live = version.rulebook.versions.exclude(status=StoredVersion.Status.DRAFT)
    for other_stored in live.exclude(pk=version.pk):
        other_end = other_stored.effective_to or dt.date.max
        if other_stored.effective_from <= (parsed.effective_to or dt.date.max) and (
            parsed.effective_from <= other_end
        ):
            if other_stored.effective_from >= parsed.effective_from:
                problems.append(
                    f"{name}: published version {other_stored.version} starts on "
                    f"{other_stored.effective_from}, not before {version.version}"
                )
            else:
                closing.append((other_stored, end))
    if problems:
        raise _refuse("发布被拒绝。", problems)
    return text, closing


def _assembled(
    version: StoredVersion,
    published: RulebookVersion,
    book: Rulebook,
    closing: list[tuple[StoredVersion, dt.date]],
) -> Rulebook:
    """The book as it will be: its stored published versions (periods closed) and this one."""
    ends = {v.pk: end for v, end in closing}
    versions: list[RulebookVersion] = []
    for stored in version.rulebook.versions.exclude(status=StoredVersion.Status.DRAFT):
        parsed_book, _ = parse_cached(stored.source, stored.source_name)
        old = parsed_book.version(stored.version) if parsed_book else None
        if old is not None:
            end = ends.get(stored.pk, stored.effective_to)
            versions.append(dataclasses.replace(old, effective_to=end))
    versions.append(published)
    return dataclasses.replace(
        book, versions=tuple(sorted(versions, key=lambda v: v.effective_from))
    )


def version_publish(
    *, actor: Any, version: StoredVersion, published_on: dt.date | None = None
) -> StoredVersion:
    """Publish a draft after the full check with the stored ancestors (a county range outside its
    parent, R-LIST-4, or an excluded item on a lenient list, R-LIST-5, is refused with the
    messages); closes the period of the version it replaces. Published versions are immutable."""
    _require_manage(actor, version.rulebook.department_id, "发布清单")
    if not version.is_draft:
        raise Conflict(f"版本 {version.version} 不是草稿，不能发布。")
    published_on = published_on or timezone.localdate()
    name = version.source_name or f"{version.rulebook.book_id}.yaml"
    text, closing = _publish_text(version, published_on, name)
    book = _parse(text, name, "发布被拒绝：清单未通过校验。")
    published = book.version(version.version)
    assert published is not None
    whole = _assembled(version, published, book, closing)
    problems = _hierarchy_problems([whole], findings_for={(book.id, version.version)})
    if problems:
        raise _refuse("发布被拒绝：清单未通过校验。", problems)
    with transaction.atomic():
        current = _locked(version)
        if not current.is_draft or current.lock_version != version.lock_version:
            raise Conflict("该草稿已被他人修改或发布，请刷新后重试（已被他人修改）。")
        before = version_state(current)
        _fill(current, published, text, name)
        current.lock_version += 1
        current.save()
        _index(current, published)
        for other, end in closing:
            StoredVersion.objects.filter(pk=other.pk).update(effective_to=end)
        StoredRulebook.objects.filter(pk=current.rulebook_id).update(has_published=True)
        audit_append(
            actor=actor,
            action="rulebook_publish",
            object_type="rulebooks.storedversion",
            object_id=current.pk,
            before=before,
            after=version_state(current) | {"closed": [f"{v.version}→{e}" for v, e in closing]},
            summary=f"发布清单 {current}（摘要 {current.digest[:12]}）",
        )
    selectors.clear_cache()
    return current


# --------------------------------------------------------------------------------- filing


def _filing_step(
    actor: Any,
    version: StoredVersion,
    action: str,
    allowed_from: set[str],
    comments: str,
    summary: str,
) -> StoredVersion:
    with transaction.atomic():
        current = _locked(version)
        if current.is_draft:
            raise Conflict("草稿不能报送备案，请先发布。")
        if current.filing_status not in allowed_from:
            raise Conflict(
                f"版本 {current.version} 的备案状态为“{current.get_filing_status_display()}”，"
                "不能办理此操作。"
            )
        before = version_state(current)
        current.filing_status = action
        current.save(update_fields=["filing_status"])
        Filing.objects.create(
            version=current,
            action=action,
            by=None if _is_system(actor) else actor,
            by_name=_actor_name(actor),
            comments=comments,
        )
        audit_append(
            actor=actor,
            action=f"rulebook_filing_{action}",
            object_type="rulebooks.storedversion",
            object_id=current.pk,
            before=before,
            after=version_state(current) | {"comments": comments},
            summary=f"{summary} {current}",
        )
    return current


def version_submit_filing(*, actor: Any, version: StoredVersion) -> StoredVersion:
    """报送备案: the owning department submits a published version to the judicial bureau
    (R-LIST-8); a returned version may be submitted again after the department has answered."""
    _require_manage(actor, version.rulebook.department_id, "报送备案")
    allowed = {StoredVersion.Filing.NONE, StoredVersion.Filing.RETURNED}
    return _filing_step(actor, version, StoredVersion.Filing.SUBMITTED, allowed, "", "报送备案")


def _comments(comments: str, required: bool) -> str:
    comments = (comments or "").strip()
    if required and not comments:
        raise ValidationFailed.field("comments", "退回时必须填写退回意见。")
    if len(comments) > COMMENTS_MAX:
        raise ValidationFailed.field("comments", f"意见不能超过{COMMENTS_MAX}个字符。")
    return comments


def version_file(*, actor: Any, version: StoredVersion, comments: str = "") -> StoredVersion:
    """准予备案 (supervisor)."""
    _require_supervisor(actor)
    text = _comments(comments, required=False)
    allowed = {StoredVersion.Filing.SUBMITTED}
    return _filing_step(actor, version, StoredVersion.Filing.FILED, allowed, text, "准予备案")


def version_return(*, actor: Any, version: StoredVersion, comments: str) -> StoredVersion:
    """退回 with comments (supervisor; the comments are required)."""
    _require_supervisor(actor)
    text = _comments(comments, required=True)
    allowed = {StoredVersion.Filing.SUBMITTED}
    return _filing_step(actor, version, StoredVersion.Filing.RETURNED, allowed, text, "退回备案")


# --------------------------------------------------------------------------------- law changes


def _may_flag(actor: Any) -> bool:
    if _is_system(actor):
        return True
    return user_role(actor) in {Role.ADMIN, Role.SUPERVISOR, Role.LIST_AUTHOR, Role.HEAD}


def law_change_flag(
    *, actor: Any, law: str, article: int | None = None, reason: str
) -> list[LawChangeFlag]:
    """A cited law changed (立改废释): flag every item of every current stored version (drafts and
    published versions whose period has not ended) that cites the law — or that article of it
    (R-LIST-7). Returns the flags; an item already flagged for the same law and article and not yet
    resolved is not flagged twice."""
    if not _may_flag(actor):
        raise Forbidden("您没有权限登记法律变化。")
    errors: dict[str, list[str]] = {}
    name = normalise_law(law or "")
    if not name:
        errors["law"] = ["请填写法律名称。"]
    elif len(name) > LAW_MAX:
        errors["law"] = [f"法律名称不能超过{LAW_MAX}个字符。"]
    if article is not None and article <= 0:
        errors["article"] = ["条应为正整数。"]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["请说明法律的变化（立改废释）。"]
    if errors:
        raise ValidationFailed("法律变化信息有误，未保存。", errors=errors)
    today = timezone.localdate()
    candidates = (
        ItemIndex.objects.filter(laws__contains=name)
        .exclude(version__status=StoredVersion.Status.REPEALED)
        .exclude(version__effective_to__lt=today)
        .select_related("version__rulebook")
    )
    matches = [
        ix
        for ix in candidates
        if any(
            c.get("law") == name and (article is None or c.get("article") == article)
            for c in ix.citations
        )
    ]
    with transaction.atomic():
        flags = []
        for ix in matches:
            open_flag = LawChangeFlag.objects.filter(
                version=ix.version,
                item_code=ix.code,
                law=name,
                article=article,
                resolved_at__isnull=True,
            ).exists()
            if open_flag:
                continue
            flags.append(
                LawChangeFlag.objects.create(
                    rulebook=ix.version.rulebook,
                    version=ix.version,
                    item_code=ix.code,
                    item_name=ix.name[:300],
                    law=name,
                    article=article,
                    reason=reason,
                    raised_by=_actor_name(actor),
                )
            )
        if flags:
            where = f"《{name}》" + (f"第{article}条" if article else "")
            audit_append(
                actor=actor,
                action="rulebook_law_change_flag",
                object_type="rulebooks.lawchangeflag",
                object_id=",".join(str(f.pk) for f in flags)[:100],
                after={"law": name, "article": article, "reason": reason, "flags": len(flags)},
                summary=f"登记法律变化 {where}：标记{len(flags)}个引用事项",
            )
    return flags


def law_change_resolve(*, actor: Any, flag: LawChangeFlag, resolution: str) -> LawChangeFlag:
    """Close a flag with what was done (e.g. "已在 2026-01-01 版修订")."""
    _require_manage(actor, flag.rulebook.department_id, "处理法律变化标记")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationFailed.field("resolution", "请填写处理说明。")
    with transaction.atomic():
        current = LawChangeFlag.objects.select_for_update().get(pk=flag.pk)
        if current.resolved_at is not None:
            raise Conflict("该标记已处理。")
        current.resolved_at = timezone.now()
        current.resolved_by = _actor_name(actor)
        current.resolution = resolution
        current.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        audit_append(
            actor=actor,
            action="rulebook_law_change_resolve",
            object_type="rulebooks.lawchangeflag",
            object_id=current.pk,
            after={"resolution": resolution},
            summary=f"处理法律变化标记 {current}",
        )
    return current
