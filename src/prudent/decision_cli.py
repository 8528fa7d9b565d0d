"""`prudent decide --rulebooks DIR --input FILE` (issue #3 part 6; R-DEC-1…5). Pure: no database.

Input: one request object (docs/decide.md), or a JSON list of them; ``-`` reads stdin; ``--jsonl``
reads one request per line and writes one result per line. Output: the decision as JSON (a bad
request in a list or in JSON Lines gives ``{"error": {...}}`` in its place). Exit 0 when every
request was decided, 2 on bad input (unreadable rulebooks, malformed JSON, a bad request) with the
reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from lawcore.decision import DecisionInputError, decide, parse_request
from lawcore.rulebook.model import RulebookSet
from prudent.rulebooks.files import load_dir


def register(sub: Any) -> None:
    p = sub.add_parser("decide", help="decide cases with the rulebooks (JSON in, JSON out)")
    p.add_argument("--rulebooks", required=True, metavar="DIR", help="rulebook directory or file")
    p.add_argument("--input", required=True, metavar="FILE", help="request JSON file, - for stdin")
    p.add_argument("--jsonl", action="store_true", help="one request per line, one result per line")
    p.set_defaults(func=_decide)


def _fail(message: str) -> int:
    print(f"prudent decide: {message}", file=sys.stderr)
    return 2


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def _one(books: RulebookSet, obj: object) -> dict[str, object]:
    try:
        return decide(books, parse_request(obj)).to_json()
    except DecisionInputError as exc:
        return exc.to_json()


def _decide(args: argparse.Namespace) -> int:
    loaded = load_dir(Path(args.rulebooks))
    if loaded.errors:
        for error in loaded.errors:
            print(f"ERROR {error}", file=sys.stderr)
        return _fail(
            f"the rulebooks under {args.rulebooks} do not load ({len(loaded.errors)} error(s))"
        )
    books = RulebookSet(loaded.rulebooks)
    try:
        text = _read(args.input)
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {args.input}: {exc}")
    if args.jsonl:
        return _jsonl(books, text)
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return _fail(f"{args.input} is not valid JSON: {exc}")
    if isinstance(data, list):
        results = [_one(books, obj) for obj in data]
        print(json.dumps(results, ensure_ascii=False, indent=2))
        bad = [i for i, r in enumerate(results) if "error" in r]
        if bad:
            return _fail(f"{len(bad)} bad request(s), at index {', '.join(map(str, bad))}")
        return 0
    try:
        decision = decide(books, parse_request(data))
    except DecisionInputError as exc:
        return _fail(f"bad request: {exc.path}: {exc.en} ({exc.zh})")
    print(json.dumps(decision.to_json(), ensure_ascii=False, indent=2))
    return 0


def _jsonl(books: RulebookSet, text: str) -> int:
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            result: dict[str, object] = {
                "error": {
                    "path": "$",
                    "message": f"line {number}: not valid JSON: {exc}",
                    "message_zh": f"第{number}行不是有效的 JSON",
                }
            }
        else:
            result = _one(books, obj)
        if "error" in result:
            bad.append(number)
        print(json.dumps(result, ensure_ascii=False))
    if bad:
        return _fail(f"{len(bad)} bad request(s), on line(s) {', '.join(map(str, bad))}")
    return 0
