from __future__ import annotations

from collections.abc import Iterator

import pytest

from prudent.calendars import services


@pytest.fixture
def recomputed_years() -> Iterator[list[int]]:
    """Registers a recompute hook for the test; yields the years it was called with."""
    calls: list[int] = []

    def hook(year: int) -> int:
        calls.append(year)
        return 7

    services.PROVISIONAL_RECOMPUTERS.append(hook)
    yield calls
    services.PROVISIONAL_RECOMPUTERS.remove(hook)


def schedule_2027(**overrides: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "year": 2027,
        "source": "国办发明电〔2026〕9号（测试）",
        "published_on": "2026-11-20",
        "holidays": ["2027-01-01..2027-01-03", "2027-02-06..2027-02-12"],
        "makeup_workdays": ["2027-02-14"],
    }
    doc.update(overrides)
    return doc
