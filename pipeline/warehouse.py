"""The DuckDB warehouse: where it is, its migrations and views, and the idempotent load.

A load replaces, in one transaction, every row that came from the batch's source files, so
materialising twice gives the same rows and a changed file replaces its article's rows.
A full load (the whole seeds folder) also removes the rows of files that are gone.

How a load meets readers and other writers (docs/reliability.md):
- Writers take a file lock beside the database (`timeline.duckdb.lock`), so concurrent runs
  wait instead of failing on DuckDB's single-writer lock. It is an OS lock (`flock`): a
  writer killed with `kill -9` releases it with its process, so it never blocks a later run.
- The load never writes the live file. It copies it to `timeline.duckdb.loading`, applies
  the schema migrations and the batch there in one transaction, checkpoints, and renames the
  copy over the live file (an atomic replace). A reader holding a read-only connection keeps
  the snapshot it opened; the next connection sees the new load. A load that is killed
  leaves only the staging copy, which the next load deletes.
- The schema is versioned: `warehouse/migrations/NNN_name.sql`, applied in order inside the
  load's transaction and recorded in `schema_migrations`; an old warehouse is upgraded in
  place, never deleted.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from filelock import FileLock

from pipeline.event_groups import assign_event_groups
from pipeline.tables import TABLES, Reject, TableFrames, copy_reason, reject_rows

# the tables whose rows come from an article, children before the article itself
EXTRACTED_TABLES = ("date_mentions", "money_mentions", "entity_mentions", "events", "articles")

REPO_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = REPO_ROOT / "warehouse"
MIGRATIONS_DIR = SQL_DIR / "migrations"
DEFAULT_DB = "warehouse/timeline.duckdb"
DEFAULT_SEEDS = "seeds"
LOCK_TIMEOUT_SECONDS = 600
# A reader (or a load's consistency check) retries this often, this far apart, while another
# process holds the file open for writing; then it gives up with a one-line message.
BUSY_ATTEMPTS = 5
BUSY_PAUSE_SECONDS = 0.5

_MIGRATION_FILE = re.compile(r"(?P<version>\d{3})_(?P<name>[a-z0-9_]+)\.sql")
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse file open for writing; the message says which."""


class WarehouseSchemaError(RuntimeError):
    """The warehouse's schema version is one this code does not know."""


def database_path() -> Path:
    """`TIMELINE_DB`, default `warehouse/timeline.duckdb` (relative to the working folder)."""
    return Path(os.environ.get("TIMELINE_DB") or DEFAULT_DB)


def seeds_path() -> Path:
    """`TIMELINE_SEEDS`, default `seeds/` (relative to the working folder)."""
    return Path(os.environ.get("TIMELINE_SEEDS") or DEFAULT_SEEDS)


def sql_script(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def staging_path(db_path: Path) -> Path:
    """Where a load builds the next version of the warehouse before it replaces the live one."""
    return db_path.with_name(f"{db_path.name}.loading")


def _wal(path: Path) -> Path:
    return path.with_name(f"{path.name}.wal")


# --- migrations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def read_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files `NNN_name.sql` of the folder, by version: 1, 2, ... without gaps."""
    found: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_FILE.fullmatch(path.name)
        if match is None:
            raise WarehouseSchemaError(
                f"{path.name}: a migration file is named NNN_lowercase_name.sql"
            )
        version = int(match["version"])
        found.append(Migration(version, match["name"], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise WarehouseSchemaError(
            f"migration versions in {folder.name}/ must run 1, 2, 3 ... without gaps: {versions}"
        )
    return found


def applied_versions(conn: duckdb.DuckDBPyConnection) -> list[int]:
    """The versions recorded in `schema_migrations` (empty for a warehouse without it)."""
    exists = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return []
    rows = conn.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
    return [int(v) for (v,) in rows]


def migrate(conn: duckdb.DuckDBPyConnection, folder: Path = MIGRATIONS_DIR) -> list[int]:
    """Apply the migrations the warehouse lacks, in order; return their versions.

    Runs in the caller's transaction, so a failing migration leaves nothing behind. A
    warehouse made before versioned migrations (tables, no `schema_migrations`) adopts
    001, whose statements are `CREATE TABLE IF NOT EXISTS`, and gets the later ones.
    """
    migrations = read_migrations(folder)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = set(applied_versions(conn))
    unknown = sorted(done - {m.version for m in migrations})
    if unknown:
        raise WarehouseSchemaError(
            f"the warehouse has schema version {max(done)}, newer than this code knows "
            f"({len(migrations)}); update the code before loading into it"
        )
    applied: list[int] = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for migration in migrations:
        if migration.version in done:
            continue
        conn.execute(migration.sql)
        conn.execute(
            "INSERT INTO schema_migrations VALUES ($v, $n, $t)",
            {"v": migration.version, "n": migration.name, "t": now},
        )
        applied.append(migration.version)
    return applied


# --- readers ------------------------------------------------------------------------------


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def busy_message(db_path: Path, error: duckdb.Error) -> str:
    holder = _LOCK_HOLDER.search(str(error))
    who = f"process {holder[1]}" if holder else "another process"
    return (
        f"the warehouse {db_path} is open for writing by {who}; "
        "try again in a moment (open it with read_only=True to read alongside loads)"
    )


def connect_read_only(
    db_path: Path,
    attempts: int = BUSY_ATTEMPTS,
    pause: float = BUSY_PAUSE_SECONDS,
    on_busy: Callable[[int], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A read-only connection; retried while another process holds the file for writing.

    Loads never hold the live file for writing (they replace it), so this waits only for a
    foreign writer: a user's read-write session or an older version of this pipeline.
    `on_busy(attempt)` is called before each retry (tests use it); then it sleeps `pause`.
    """
    for attempt in range(1, attempts + 1):
        try:
            return duckdb.connect(str(db_path), read_only=True)
        except duckdb.Error as error:
            if not _is_lock_conflict(error):
                raise
            if attempt == attempts:
                raise WarehouseBusyError(busy_message(db_path, error)) from error
        if on_busy is not None:
            on_busy(attempt)
        time.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover


# --- the load -----------------------------------------------------------------------------


@contextmanager
def write_lock(db_path: Path | str) -> Iterator[None]:
    """Serialise writers of one database file across processes (an OS lock: a dead writer's
    lock is released with its process)."""
    path = Path(db_path)
    if str(path) == ":memory:":
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
        yield


def ensure_schema(conn: duckdb.DuckDBPyConnection, folder: Path = MIGRATIONS_DIR) -> list[int]:
    """Migrations, then the views (recreated every time, so a change lands with the next run)."""
    applied = migrate(conn, folder)
    conn.execute(sql_script("views.sql"))
    return applied


def _delete_batch(conn: duckdb.DuckDBPyConnection, frames: TableFrames, full: bool) -> None:
    if full:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")
        return
    files = frames.source_files
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE batch_articles AS "
        "SELECT article_id FROM articles WHERE source_file IN (SELECT unnest($files))",
        {"files": files},
    )
    for table in EXTRACTED_TABLES:
        conn.execute(
            f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_articles)"
        )
    conn.execute(
        "DELETE FROM rejects WHERE source_file IN (SELECT unnest($files))", {"files": files}
    )
    conn.execute("DROP TABLE batch_articles")


def _settle_copies(conn: duckdb.DuckDBPyConnection, frames: TableFrames) -> TableFrames:
    """In a partial load, an incoming article that is already in the warehouse under a file
    outside the batch is a copy. As in a full load, the file first in name order keeps the
    article and the other becomes a `read` reject naming it (`duplicate_of`); when the
    newcomer takes the article over, the other copies' rejects name the newcomer."""
    incoming = dict(zip(frames.articles["article_id"], frames.articles["source_file"], strict=True))
    if not incoming:
        return frames
    owners = conn.execute(
        "SELECT article_id, source_file FROM articles "
        "WHERE article_id IN (SELECT unnest($ids::VARCHAR[]))",
        {"ids": list(incoming)},
    ).fetchall()
    dropped: set[str] = set()
    new_rejects: list[Reject] = []
    for article_id, owner in owners:
        newcomer = incoming[article_id]
        if owner < newcomer:
            dropped.add(article_id)
            new_rejects.append(Reject(newcomer, "read", copy_reason(owner), duplicate_of=owner))
        else:
            for table in EXTRACTED_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE article_id = $id", {"id": article_id})
            conn.execute("DELETE FROM rejects WHERE source_file = $f", {"f": owner})
            conn.execute(
                "UPDATE rejects SET duplicate_of = $new, reason = $reason "
                "WHERE duplicate_of = $old",
                {"new": newcomer, "reason": copy_reason(newcomer), "old": owner},
            )
            new_rejects.append(Reject(owner, "read", copy_reason(newcomer), duplicate_of=newcomer))
    if not new_rejects:
        return frames
    keep = {
        name: frame[~frame["article_id"].isin(dropped)].reset_index(drop=True)
        for name, frame in frames.by_name().items()
        if name != "rejects"
    }
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    added = reject_rows(new_rejects, now).astype(frames.rejects.dtypes.to_dict())
    return TableFrames(
        **keep,
        rejects=pd.concat([frames.rejects, added], ignore_index=True),
        source_files=frames.source_files,
    )


def load_tables(
    conn: duckdb.DuckDBPyConnection,
    frames: TableFrames,
    full: bool,
    migrations: Path = MIGRATIONS_DIR,
) -> list[int]:
    """Migrate the schema and replace the batch's rows in every table, in one transaction.

    Returns the migration versions applied."""
    conn.execute("BEGIN TRANSACTION")
    try:
        applied = ensure_schema(conn, migrations)
        _delete_batch(conn, frames, full)
        if not full:
            frames = _settle_copies(conn, frames)
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
    return applied


# migrations after which rows already loaded must be extracted again (by a full run)
REEXTRACT_AFTER = {3: "events are typed now: the events of earlier loads were removed"}


@dataclass(frozen=True, slots=True)
class LoadReport:
    counts: dict[str, int]
    migrations_applied: list[int]

    def reextract_notes(self, full: bool) -> list[str]:
        """What a partial load after a migration leaves to a full run, as log lines."""
        if full:
            return []
        return [
            f"migration {version}: {why}; run a full materialisation (`make run`) to extract "
            "every article again"
            for version, why in REEXTRACT_AFTER.items()
            if version in self.migrations_applied
        ]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_live(db_path: Path, staging: Path) -> None:
    """Copy the live warehouse (and a WAL an older writer left) to the staging path, holding
    a read-only connection so that no foreign writer changes it while it is copied."""
    for leftover in (staging, _wal(staging)):
        leftover.unlink(missing_ok=True)
    if not db_path.exists():
        return
    try:
        guard = connect_read_only(db_path)
    except WarehouseBusyError as busy:
        raise WarehouseBusyError(f"cannot load: {busy}") from busy
    with guard:
        shutil.copyfile(db_path, staging)
        if _wal(db_path).exists():
            shutil.copyfile(_wal(db_path), _wal(staging))


def load_warehouse(
    db_path: Path,
    frames: TableFrames,
    full: bool,
    migrations: Path = MIGRATIONS_DIR,
) -> LoadReport:
    """Load a batch into the warehouse file: lock, copy, migrate and load, swap (see above)."""
    db_path = Path(db_path)
    with write_lock(db_path):
        staging = staging_path(db_path)
        _copy_live(db_path, staging)
        with duckdb.connect(str(staging)) as conn:
            applied = load_tables(conn, frames, full, migrations)
            conn.execute("CHECKPOINT")
            counts = table_counts(conn)
        _fsync(staging)
        os.replace(staging, db_path)
        _wal(db_path).unlink(missing_ok=True)
        _fsync(db_path.parent)
    return LoadReport(counts, applied)


def table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in TABLES:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def copies_of(db_path: Path, files: Sequence[str]) -> list[str]:
    """Files the warehouse holds as rejected copies of the articles of `files`.

    A partial run over `files` reads these again: when an original changes, its copy may
    be an article of its own now."""
    if not files or not db_path.exists():
        return []
    with connect_read_only(db_path) as conn:
        columns = {
            name
            for (name,) in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'rejects'"
            ).fetchall()
        }
        if "duplicate_of" not in columns:
            return []
        found = conn.execute(
            "SELECT DISTINCT source_file FROM rejects "
            "WHERE duplicate_of IN (SELECT unnest($f::VARCHAR[])) ORDER BY 1",
            {"f": list(files)},
        ).fetchall()
    return [name for (name,) in found if name not in files]
