"""The DuckDB warehouse: where it is, its DDL and views, and the idempotent load.

A load replaces, in one transaction, every row that came from the batch's source files, so
materialising twice gives the same rows and a changed file replaces its article's rows.
A full load (the whole seeds folder) also removes the rows of files that are gone.
Writers take a file lock beside the database, so concurrent runs wait instead of failing
on DuckDB's single-writer lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock

from pipeline.event_groups import assign_event_groups
from pipeline.tables import TABLES, TableFrames

REPO_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = REPO_ROOT / "warehouse"
DEFAULT_DB = "warehouse/timeline.duckdb"
DEFAULT_SEEDS = "seeds"
LOCK_TIMEOUT_SECONDS = 600


def database_path() -> Path:
    """`TIMELINE_DB`, default `warehouse/timeline.duckdb` (relative to the working folder)."""
    return Path(os.environ.get("TIMELINE_DB") or DEFAULT_DB)


def seeds_path() -> Path:
    """`TIMELINE_SEEDS`, default `seeds/` (relative to the working folder)."""
    return Path(os.environ.get("TIMELINE_SEEDS") or DEFAULT_SEEDS)


def sql_script(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


@contextmanager
def write_lock(db_path: Path | str) -> Iterator[None]:
    """Serialise writers of one database file across processes."""
    path = Path(db_path)
    if str(path) == ":memory:":
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
        yield


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(sql_script("schema.sql"))
    conn.execute(sql_script("views.sql"))


def _delete_batch(conn: duckdb.DuckDBPyConnection, frames: TableFrames, full: bool) -> None:
    if full:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")
        return
    files = frames.source_files
    new_ids = frames.articles["article_id"].tolist()
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE batch_articles AS "
        "SELECT article_id FROM articles WHERE source_file IN (SELECT unnest($files)) "
        "UNION SELECT unnest($ids::VARCHAR[]) AS article_id",
        {"files": files, "ids": new_ids},
    )
    for table in ("date_mentions", "money_mentions", "entity_mentions", "events", "articles"):
        conn.execute(
            f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_articles)"
        )
    conn.execute(
        "DELETE FROM rejects WHERE source_file IN (SELECT unnest($files))", {"files": files}
    )
    conn.execute("DROP TABLE batch_articles")


def load_tables(conn: duckdb.DuckDBPyConnection, frames: TableFrames, full: bool) -> None:
    """Replace the batch's rows in every table, in one transaction."""
    ensure_schema(conn)
    conn.execute("BEGIN TRANSACTION")
    try:
        _delete_batch(conn, frames, full)
        for table, frame in frames.by_name().items():
            if len(frame):
                conn.register("incoming", frame)
                conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
                conn.unregister("incoming")
        assign_event_groups(conn)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in TABLES:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts
