"""Check what a load left in the warehouse without reading whole tables into memory.

Each table gets two kinds of check:
- SQL over the whole table: the columns its pandera schema marks unique are unique, every
  row of a child table belongs to an article, every file in `sources` is an article or a
  `read` reject (files in = articles + rejects);
- its pandera schema over the rows the run loaded, read back from DuckDB in batches of at
  most `batch_rows` rows (pandera's own column checks, types and value rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pandera.errors

from schemas import TABLE_SCHEMAS

BATCH_ROWS = 50_000
# DuckDB hands rows over in vectors of 2,048
_VECTOR = 2048


@dataclass(slots=True)
class TableCheck:
    """The outcome of one table's check: rows validated by pandera, readable failures."""

    table: str
    rows_checked: int = 0
    failures: list[str] = field(default_factory=list)
    failure_cases: pd.DataFrame | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def unique_columns(table: str) -> list[str]:
    """The columns the table's pandera schema marks unique."""
    columns = TABLE_SCHEMAS[table].to_schema().columns
    return [name for name, column in columns.items() if column.unique]


def _count(conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> int:
    row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def _sql_checks(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    failures = []
    for column in unique_columns(table):
        repeated = _count(
            conn,
            f"SELECT count(*) FROM (SELECT {column} FROM {table} GROUP BY 1 HAVING count(*) > 1)",
            {},
        )
        if repeated:
            failures.append(f"{column}: {repeated:,} values appear more than once")
    if table not in ("articles", "rejects"):
        orphans = _count(
            conn,
            f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
            "(SELECT article_id FROM articles)",
            {},
        )
        if orphans:
            failures.append(f"{orphans:,} rows whose article_id is not in articles")
    if table == "articles":
        lost = _count(
            conn,
            "SELECT count(*) FROM sources WHERE source_file NOT IN "
            "(SELECT source_file FROM articles UNION "
            "SELECT source_file FROM rejects WHERE stage = 'read')",
            {},
        )
        if lost:
            failures.append(f"{lost:,} files in sources are neither an article nor a reject")
    return failures


def _rows_sql(table: str, scope: Sequence[str] | None) -> str:
    if scope is None:
        return f"SELECT * FROM {table}"
    if table in ("articles", "rejects"):
        return f"SELECT * FROM {table} WHERE source_file IN (SELECT unnest($scope::VARCHAR[]))"
    return (
        f"SELECT * FROM {table} WHERE article_id IN (SELECT article_id FROM articles "
        "WHERE source_file IN (SELECT unnest($scope::VARCHAR[])))"
    )


def check_table(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    scope: Sequence[str] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> TableCheck:
    """SQL checks over the whole table, pandera over the rows of the files in `scope` (all
    rows when None), at most `batch_rows` rows in memory at a time."""
    result = TableCheck(table, failures=_sql_checks(conn, table))
    schema = TABLE_SCHEMAS[table]
    cursor = conn.execute(_rows_sql(table, scope), {} if scope is None else {"scope": scope})
    vectors = max(1, batch_rows // _VECTOR)
    while True:
        batch = cursor.fetch_df_chunk(vectors)
        if batch.empty:
            break
        result.rows_checked += len(batch)
        try:
            schema.validate(batch, lazy=True)
        except pandera.errors.SchemaErrors as errors:
            cases = errors.failure_cases
            result.failures.append(f"{len(cases):,} pandera failures in a batch of {len(batch):,}")
            if result.failure_cases is None:
                result.failure_cases = cases.head(20)
    return result


def check_warehouse(
    db_path: Path, tables: Sequence[str], scope: Sequence[str] | None = None
) -> dict[str, TableCheck]:
    """Every table's check, on one read-only connection (the snapshot the load left)."""
    from pipeline.warehouse import connect_read_only

    with connect_read_only(db_path) as conn:
        return {table: check_table(conn, table, scope) for table in tables}
