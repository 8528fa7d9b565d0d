"""Trigram indexes for the case list's search on PostgreSQL (issue #4 performance).

The search (`prudent.cases.selectors.case_list`) matches `UPPER(number) LIKE '%q%'`,
`UPPER(title) LIKE '%q%'`, `UPPER(item_code) = UPPER(q)` or a party among the matching entities;
with these indexes PostgreSQL answers it from a BitmapOr instead of reading every case. pg_trgm is a
trusted extension (PostgreSQL 13+): the database's owner may create it. Where it cannot be created
the indexes are skipped and the search still works, reading the table. Nothing on other databases
(SQLite in development and tests)."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "case_number_trgm": "ON cases_case USING gin (UPPER(number::text) gin_trgm_ops)",
    "case_title_trgm": "ON cases_case USING gin (UPPER(title::text) gin_trgm_ops)",
    "case_item_code_upper": "ON cases_case (UPPER(item_code::text))",
}


def forwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cur.fetchone() is None:
            try:
                with transaction.atomic(using=connection.alias):
                    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                return  # not allowed here: the search reads the table instead
        for name, body in INDEXES.items():
            cur.execute(f"CREATE INDEX IF NOT EXISTS {name} {body}")


def backwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        for name in INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_list_and_workbench_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
