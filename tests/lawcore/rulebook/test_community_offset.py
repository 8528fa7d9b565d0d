"""公益抵罚 in the rulebook format (R-CASE-10, R-LIST-4): the optional item key
``community_service_offset``, strict like every other key, absent from the canonical JSON while
unused (existing digests unchanged), and checked down the hierarchy."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from lawcore.rulebook import errors as rules
from lawcore.rulebook.canonical import canonical_json
from lawcore.rulebook.loader import load_text, parse_text
from lawcore.rulebook.validation import check

from .helpers import PARENT, child

ROOT = Path(__file__).resolve().parents[3]
ANCHOR = "        violated: [{law: 食品安全法, article: 34, item: 10}]\n"


def _with_offset(text: str, offset: str) -> str:
    assert text.count(ANCHOR) == 1
    return text.replace(ANCHOR, ANCHOR + f"        community_service_offset: {offset}\n")


ALLOWED = "{allowed: true, basis: 某县公益抵罚办法, max_share: 0.2, yuan_per_hour: 200}"


def _rules(text: str) -> set[str]:
    _book, errs = parse_text(text, "x.yaml")
    return {e.rule for e in errs}


def test_an_allowed_offset_loads_with_basis_share_and_rate_R_CASE_10() -> None:
    item = load_text(_with_offset(PARENT, ALLOWED), "p.yaml").versions[0].item("P-124")
    assert item is not None
    assert item.community_offset is not None
    assert item.community_offset.allowed is True
    assert item.community_offset.basis == "某县公益抵罚办法"
    assert item.community_offset.max_share == Decimal("0.2")
    assert item.community_offset.yuan_per_hour == Decimal("200")


def test_offset_keys_are_strict_and_an_allowed_offset_needs_basis_and_share_R_CASE_10() -> None:
    assert rules.UNKNOWN_KEY in _rules(
        _with_offset(PARENT, "{allowed: true, basis: x, max_share: 0.2, hours: 3}")
    )
    assert rules.MISSING_KEY in _rules(_with_offset(PARENT, "{allowed: true, max_share: 0.2}"))
    assert rules.MISSING_KEY in _rules(_with_offset(PARENT, "{allowed: true, basis: x}"))
    assert rules.BAD_VALUE in _rules(
        _with_offset(PARENT, "{allowed: true, basis: x, max_share: 1.5}")
    )
    assert rules.BAD_VALUE in _rules(
        _with_offset(PARENT, "{allowed: true, basis: x, max_share: 0}")
    )
    assert rules.BAD_TYPE in _rules(
        _with_offset(PARENT, "{allowed: yes please, basis: x, max_share: 0.5}")
    )
    assert _rules(_with_offset(PARENT, "{allowed: false}")) == set()


def test_an_unused_offset_leaves_the_canonical_json_and_digest_unchanged_R_CASE_10() -> None:
    plain = load_text(PARENT, "p.yaml").versions[0]
    assert "community" not in canonical_json(plain)
    marked = load_text(_with_offset(PARENT, ALLOWED), "p.yaml").versions[0]
    assert "community_offset" in canonical_json(marked)
    assert marked.digest != plain.digest
    # cn-samr does not use the key: its digest is the one computed before the key existed
    text = (ROOT / "rulebooks" / "cn-samr" / "rulebook.yaml").read_text("utf-8")
    version = load_text(text, "cn-samr").versions[0]
    assert version.digest == "a5fe4fde69dc648714929326103067b6daed5241315821ee0ae61ab57b40e63d"


def _hierarchy(parent_offset: str | None, child_offset: str | None) -> set[str]:
    parent_text = PARENT if parent_offset is None else _with_offset(PARENT, parent_offset)
    child_text = child() if child_offset is None else _with_offset(child(), child_offset)
    parent = load_text(parent_text, "prov.yaml")
    book = load_text(child_text, "county.yaml")
    return {e.rule for e in check([parent, book]).errors}


def test_a_child_may_not_allow_an_offset_its_parent_forbids_R_LIST_4_R_CASE_10() -> None:
    assert rules.OFFSET_WIDER in _hierarchy("{allowed: false}", ALLOWED)
    assert _hierarchy(None, ALLOWED) == set()  # the parent is silent: a local measure
    assert _hierarchy("{allowed: false}", "{allowed: false}") == set()


def test_a_child_share_may_not_exceed_a_parent_that_allows_it_R_LIST_4_R_CASE_10() -> None:
    parent = "{allowed: true, basis: 省办法, max_share: 0.1}"
    assert rules.OFFSET_WIDER in _hierarchy(parent, ALLOWED)
    assert _hierarchy("{allowed: true, basis: 省办法, max_share: 0.3}", ALLOWED) == set()
