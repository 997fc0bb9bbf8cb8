"""Check what a load left in the warehouse without reading whole tables into memory.

Each table gets two kinds of check:
- SQL over the whole table: the columns its pandera schema marks unique are unique, every
  row of a child table belongs to an article, every file in `sources` is an article or a
  `read` reject (files in = articles + rejects);
- its pandera schema over the rows the run loaded, read back from DuckDB in batches of at
  most `batch_rows` rows and `batch_chars` characters of text (pandera's own column checks,
  types and value rules).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pandera.errors

from schemas import TABLE_SCHEMAS

BATCH_ROWS = 50_000
# a batch also ends before its text (the VARCHAR columns) passes this many characters: rows
# of 3,000-character articles are not rows of events, and pandas and pandera hold several
# copies of a batch (50,000 articles took 1.5 GB; docs/performance.md)
BATCH_CHARS = 10_000_000


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


def _text_chars(frame: pd.DataFrame, columns: Sequence[str]) -> int:
    return int(sum(frame[column].str.len().sum() for column in columns))


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def batches(
    cursor: duckdb.DuckDBPyConnection, batch_rows: int, batch_chars: int
) -> Iterator[pd.DataFrame]:
    """The rows of the cursor's query as frames of at most `batch_rows` rows and
    `batch_chars` characters in its VARCHAR columns (or one DuckDB vector of 2,048 rows when
    that alone is more), fetched a vector at a time."""
    text = [d[0] for d in cursor.description or [] if str(d[1]) == "VARCHAR"]
    parts: list[pd.DataFrame] = []
    rows = chars = 0
    while True:
        part = cursor.fetch_df_chunk(1)
        if part.empty:
            break
        size = _text_chars(part, text)
        if parts and (rows + len(part) > batch_rows or chars + size > batch_chars):
            yield _concat(parts)
            parts, rows, chars = [], 0, 0
        parts.append(part)
        rows, chars = rows + len(part), chars + size
    if parts:
        yield _concat(parts)


def check_table(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    scope: Sequence[str] | None = None,
    batch_rows: int = BATCH_ROWS,
    batch_chars: int = BATCH_CHARS,
) -> TableCheck:
    """SQL checks over the whole table, pandera over the rows of the files in `scope` (all
    rows when None), a bounded batch at a time (`batches`)."""
    result = TableCheck(table, failures=_sql_checks(conn, table))
    schema = TABLE_SCHEMAS[table]
    cursor = conn.execute(_rows_sql(table, scope), {} if scope is None else {"scope": scope})
    for batch in batches(cursor, batch_rows, batch_chars):
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
