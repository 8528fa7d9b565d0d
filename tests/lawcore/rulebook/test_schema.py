"""docs/rulebook-format.schema.json stays in step with the strict loader's keys."""

from __future__ import annotations

import json
from pathlib import Path

from lawcore.rulebook import loader

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[3] / "docs" / "rulebook-format.schema.json").read_text(
        "utf-8"
    )
)


def test_schema_keys_match_the_loader() -> None:
    top = SCHEMA["properties"]
    version = top["versions"]["items"]["properties"]
    item = version["items"]["items"]["properties"]
    row = item["rows"]["items"]["properties"]
    assert set(top) == set(loader._TOP_KEYS)
    assert set(version) == set(loader._VERSION_KEYS)
    assert set(item) == set(loader._ITEM_KEYS)
    assert set(row) == set(loader._ROW_KEYS)
