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
from filelock import FileLock

from pipeline.event_groups import add_event_groups, assign_event_groups
from pipeline.event_index import index_events
from pipeline.stream import ExtractManifest, ReadManifest, names_in_warehouse
from pipeline.tables import TABLES, Reject, TableFrames, copy_reason, reject_rows

# the tables whose rows come from an article, children before the article itself
# (`event_actors` and `event_words` are the query index of pipeline/event_index.py)
EXTRACTED_TABLES = (
    "date_mentions",
    "money_mentions",
    "entity_mentions",
    "event_actors",
    "event_words",
    "events",
    "articles",
)

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
# DuckDB's memory for a load (its default is 80% of the machine's); beyond it sorts, joins
# and windows (the event groups) spill to `<staged file>.tmp/` (docs/performance.md)
LOAD_MEMORY_LIMIT = "1GB"

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


def _sql_paths(paths: Sequence[Path]) -> str:
    """A DuckDB list literal of file paths (quotes doubled)."""
    quoted = ("'" + str(path).replace("'", "''") + "'" for path in paths)
    return "[" + ", ".join(quoted) + "]"


def _parquet(paths: Sequence[Path]) -> str:
    return f"read_parquet({_sql_paths(paths)}, union_by_name = true)"


def _delete_scope(conn: duckdb.DuckDBPyConnection) -> None:
    """Delete every row of the files in `run_scope` (the files this run loads or removes)."""
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE scope_articles AS SELECT article_id FROM articles "
        "WHERE source_file IN (SELECT source_file FROM run_scope)"
    )
    for table in EXTRACTED_TABLES:
        conn.execute(
            f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM scope_articles)"
        )
    for table in ("rejects", "sources"):
        conn.execute(
            f"DELETE FROM {table} WHERE source_file IN (SELECT source_file FROM run_scope)"
        )
    conn.execute("DROP TABLE scope_articles")


def _settle_copies(
    conn: duckdb.DuckDBPyConnection, incoming: dict[str, str]
) -> tuple[set[str], list[Reject]]:
    """An incoming article that is already in the warehouse under a file outside the run is
    a copy. As within a run, the file first in name order keeps the article and the other
    becomes a `read` reject naming it (`duplicate_of`); when the newcomer takes the article
    over, the other copies' rejects name the newcomer. Returns the incoming article ids not
    to load, and the new rejects."""
    if not incoming:
        return set(), []
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
    return dropped, new_rejects


def _record_sources(conn: duckdb.DuckDBPyConnection, run: ReadManifest, now: dt.datetime) -> None:
    """The `sources` rows of the files this run read; touched files get their new size and
    time; each row's outcome (article or reject) and rates version follow the tables."""
    conn.execute(
        "INSERT INTO sources SELECT source_file, content_hash, size, mtime_ns, $version, NULL, "
        "'reject', $now FROM run_sources WHERE action = 'load' AND tracked",
        {"version": run.extractor_version, "now": now},
    )
    conn.execute(
        "UPDATE sources SET size = t.size, mtime_ns = t.mtime_ns FROM run_sources AS t "
        "WHERE t.action = 'touch' AND sources.source_file = t.source_file"
    )
    conn.execute(
        "UPDATE sources SET outcome = CASE WHEN source_file IN "
        "(SELECT source_file FROM articles) THEN 'article' ELSE 'reject' END "
        "WHERE outcome <> CASE WHEN source_file IN "
        "(SELECT source_file FROM articles) THEN 'article' ELSE 'reject' END"
    )
    conn.execute(
        "UPDATE sources SET rates_version = $rates WHERE source_file IN "
        "(SELECT source_file FROM run_scope) AND source_file IN (SELECT a.source_file "
        "FROM articles AS a JOIN money_mentions AS m USING (article_id) "
        "WHERE m.currency NOT IN ('EUR', 'BGN'))",
        {"rates": run.rates_version},
    )


def load_tables(conn: duckdb.DuckDBPyConnection, frames: TableFrames) -> list[int]:
    """Replace every table with in-memory frames, in one transaction: a whole batch into a
    scratch database (the benchmarks use it; runs load chunks with `load_chunks`)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        applied = ensure_schema(conn)
        for table in (*TABLES, "sources"):
            conn.execute(f"DELETE FROM {table}")
        for table, frame in frames.by_name().items():
            if len(frame):
                conn.register("incoming", frame)
                conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
                conn.unregister("incoming")
        assign_event_groups(conn)
        index_events(conn, None)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return applied


def _count_rows(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _removed(conn: duckdb.DuckDBPyConnection, read: ReadManifest) -> list[str]:
    """The files whose rows a run removes. A run over the whole folder looks at the folder
    again here, under the writer lock: another run may have loaded files since this run's
    plan, and those that are gone from the folder now are removed too."""
    if not read.full:
        return list(read.removed)
    present = (
        {entry.name for entry in os.scandir(read.seeds_dir)} if read.seeds_dir.is_dir() else set()
    )
    return sorted(set(read.removed) | (names_in_warehouse(conn) - present))


# files whose rows a load also removes, decided on the staged copy under the writer lock
# (pipeline/partitions.py: the rows of a month's files that left the month or the folder)
RemovedFiles = Callable[[duckdb.DuckDBPyConnection], list[str]]


def load_chunks(
    conn: duckdb.DuckDBPyConnection,
    run: ExtractManifest,
    migrations: Path = MIGRATIONS_DIR,
    also_removed: RemovedFiles | None = None,
) -> list[int]:
    """Migrate the schema and replace the rows of the run's files with its chunks, in one
    transaction; files removed from the folder (and `also_removed(conn)`) lose their rows.
    Returns the migrations applied."""
    read = run.read
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    conn.execute("BEGIN TRANSACTION")
    try:
        applied = ensure_schema(conn, migrations)
        conn.execute(
            f"CREATE OR REPLACE TEMP TABLE run_sources AS SELECT * FROM {_parquet(read.sources)}"
        )
        conn.execute(
            "CREATE OR REPLACE TEMP TABLE run_scope AS SELECT source_file FROM run_sources "
            "WHERE action = 'load' UNION SELECT unnest($removed::VARCHAR[])",
            {"removed": _removed(conn, read) + (also_removed(conn) if also_removed else [])},
        )
        events_before = _count_rows(conn, "events")
        _delete_scope(conn)
        article_paths = run.paths("articles")
        incoming: dict[str, str] = {}
        if article_paths:
            incoming = dict(
                conn.execute(
                    f"SELECT article_id, source_file FROM {_parquet(article_paths)}"
                ).fetchall()
            )
        dropped, copy_rejects = _settle_copies(conn, incoming)
        dropped_files = sorted(incoming[i] for i in dropped)
        # no event removed (only new articles): the groups are extended, not recomputed
        only_added = _count_rows(conn, "events") == events_before
        for table in TABLES:
            paths = run.paths(table)
            if not paths:
                continue
            keep = (
                "source_file NOT IN (SELECT unnest($files::VARCHAR[])) OR stage = 'read'"
                if table == "rejects"
                else "article_id NOT IN (SELECT unnest($ids::VARCHAR[]))"
            )
            conn.execute(
                f"INSERT INTO {table} BY NAME SELECT * FROM {_parquet(paths)} WHERE {keep}",
                {"files": dropped_files} if table == "rejects" else {"ids": sorted(dropped)},
            )
        if copy_rejects:
            conn.register("incoming", reject_rows(copy_rejects, now))
            conn.execute("INSERT INTO rejects BY NAME SELECT * FROM incoming")
            conn.unregister("incoming")
        _record_sources(conn, read, now)
        conn.execute("DROP TABLE run_scope")
        conn.execute("DROP TABLE run_sources")
        loaded = sorted(set(incoming) - dropped)
        if only_added:
            add_event_groups(conn, loaded)
        else:
            assign_event_groups(conn)
        index_events(conn, loaded)
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
    full: bool = True

    def reextract_notes(self) -> list[str]:
        """What a partial load after a migration leaves to a full run, as log lines."""
        if self.full:
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


def load_run(
    db_path: Path,
    run: ExtractManifest,
    migrations: Path = MIGRATIONS_DIR,
    also_removed: RemovedFiles | None = None,
) -> LoadReport:
    """Load a run's chunks into the warehouse file: lock, copy, migrate and load, swap (see
    above). One staged copy per run, whatever the number of chunks."""
    db_path = Path(db_path)
    with write_lock(db_path):
        staging = staging_path(db_path)
        _copy_live(db_path, staging)
        with duckdb.connect(str(staging), config={"memory_limit": LOAD_MEMORY_LIMIT}) as conn:
            applied = load_chunks(conn, run, migrations, also_removed)
            conn.execute("CHECKPOINT")
            counts = table_counts(conn)
        _fsync(staging)
        os.replace(staging, db_path)
        _wal(db_path).unlink(missing_ok=True)
        _fsync(db_path.parent)
    return LoadReport(counts, applied, run.read.full)


def table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in TABLES:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts
