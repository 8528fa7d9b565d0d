"""Demo rulebooks: the shipped `rulebooks/` YAML imported into the platform (issue #3 part 7).

The national and provincial books are published as shipped; the 衡阳县 market-regulation book
(hengyang-samr) belongs to 衡阳县市场监督管理局, its published version has been submitted for filing
and filed by the judicial bureau, and a DRAFT new version waits for the list author ``author``.
The `rulebooks/` directory sits at the project root (settings.BASE_DIR); an installation without
it skips this step with a note. Loading twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

COUNTY_BOOK = "hengyang-samr"
COUNTY_DEPARTMENT = "衡阳县市场监督管理局"


def rulebooks_dir() -> Path:
    return Path(settings.BASE_DIR) / "rulebooks"


def demo_load(actor: str) -> str:
    from prudent.organisations.models import Department
    from prudent.rulebooks import services
    from prudent.rulebooks.files import rulebook_files
    from prudent.rulebooks.models import StoredRulebook, StoredVersion

    root = rulebooks_dir()
    if not root.is_dir():
        return f"rulebooks skipped ({root} not found)"
    if StoredRulebook.objects.filter(book_id=COUNTY_BOOK).exists():
        return "rulebooks already loaded"
    files = [
        (p.read_text(encoding="utf-8"), p.relative_to(root).as_posix())
        for p in rulebook_files(root)
    ]
    results = services.rulebooks_import(actor=actor, files=_parents_first(files))
    county = StoredRulebook.objects.filter(book_id=COUNTY_BOOK).first()
    department = Department.objects.filter(name=COUNTY_DEPARTMENT).first()
    if county is not None:
        if county.department_id is None and department is not None:
            county.department = department
            county.save(update_fields=["department"])
        published = county.versions.exclude(status=StoredVersion.Status.DRAFT).last()
        if published is not None:
            services.version_submit_filing(actor=actor, version=published)
            services.version_file(actor=actor, version=published, comments="经审查，准予备案。")
            services.version_new_draft(actor=actor, book=county, based_on_version=published)
    return f"{len(results)} rulebooks"


def _parents_first(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Order does not matter for the import (one set), but keep national → county for the log."""
    order = {"national": 0, "province": 1, "city": 2, "county": 3}

    def rank(entry: tuple[str, str]) -> int:
        for line in entry[0].splitlines():
            if line.startswith("level:"):
                return order.get(line.partition(":")[2].strip(), 9)
        return 9

    return sorted(files, key=rank)
