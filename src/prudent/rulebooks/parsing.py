"""Parsing stored rulebook text with lawcore, cached (the text of a stored version never changes
once published, and the cache is keyed by the text itself)."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from lawcore.rulebook.canonical import digest
from lawcore.rulebook.errors import RulebookError
from lawcore.rulebook.loader import parse_text
from lawcore.rulebook.model import PenaltyItem, Rulebook, RulebookVersion


@lru_cache(maxsize=512)
def parse_cached(text: str, source_name: str) -> tuple[Rulebook | None, tuple[RulebookError, ...]]:
    return parse_text(text, source_name)


def same_published(stored_digest: str, stored_source: str, name: str, new: RulebookVersion) -> bool:
    """True when ``new`` is the stored published version: the same digest, or the same once the end
    of its period (which the platform manages when a successor is published) is set aside."""
    if new.digest == stored_digest:
        return True
    book, _errors = parse_cached(stored_source, name)
    old = book.version(new.version) if book is not None else None
    if old is None:
        return False
    return digest(dataclasses.replace(new, effective_to=old.effective_to)) == stored_digest


_LAW = re.compile(r"《([^》]+)》")


def normalise_law(name: str) -> str:
    name = name.strip().strip("《》").strip()
    return name.removeprefix("中华人民共和国")


def item_citations(item: PenaltyItem) -> list[dict[str, object]]:
    """Every law the item cites: its provisions (with article) and the laws named in its rows'
    bases (article unknown)."""
    out: list[dict[str, object]] = []
    provisions = [*item.violated_provisions]
    if item.penalty_provision is not None:
        provisions.append(item.penalty_provision)
    for p in provisions:
        entry = {"law": normalise_law(p.law), "article": p.article, "cite": p.cite()}
        if entry not in out:
            out.append(entry)
    for row in item.rows:
        for basis in row.basis:
            for law in _LAW.findall(basis):
                entry = {"law": normalise_law(law), "article": None, "cite": basis}
                if not any(e["law"] == entry["law"] for e in out):
                    out.append(entry)
    return out
