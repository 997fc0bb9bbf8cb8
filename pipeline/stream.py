"""Incremental, streaming runs: plan what to read, read and extract in bounded chunks, load.

A run goes through three plain steps, each of which the Dagster assets call (and
`run_folder` calls in a row, for tests, benchmarks and scripts):

1. `plan_run`: compare the seeds folder with the warehouse's `sources` table. A file whose
   size and change time, or else whose content hash, match its row, under the current
   extractor version (and, for an article with foreign-currency amounts, the current ECB
   rate history), is not read again. Files gone from the folder (in a run over the whole
   folder) are removed; the rejected copies of a changed or removed article are read again.
2. `read_chunks`: read the files to load, `chunk_size` at a time, and write each chunk of
   parsed articles as Parquet under the run's folder (`<warehouse>/chunks/<run>/`), with
   the chunk's read rejects and `sources` rows. Only ids and names stay in memory.
3. `extract_chunks`: extract and validate (pandera) each chunk in a pool of processes (one
   chunk per task), writing each table of a chunk as Parquet; `pipeline.warehouse.load_run`
   then loads every chunk in one transaction (one writer).

Nothing large passes between the steps: a manifest of Parquet paths and counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.extract import rates
from pipeline.extract.article import (
    Article,
    ArticleError,
    article_from_body,
    max_file_bytes,
    parse_reference,
    read_article,
)
from pipeline.extract.document import extract_article
from pipeline.extract.version import EXTRACTOR_VERSION
from pipeline.seeds import GONE, NOT_A_NAME, SeedEntry, entry_fingerprint, scan_seeds
from pipeline.tables import TABLES, Reject, build_tables, copy_reason, reject_rows
from pipeline.workers import ProgressMeter, pool_context, worker_count

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 500
CHUNKS_FOLDER = "chunks"
# a run folder left by a killed run is deleted by a later run after this long
STALE_RUN_HOURS = 24

# entries that are not in the folder get a reject but no `sources` row (nothing to track)
UNTRACKED = (GONE, NOT_A_NAME)


def chunk_size() -> int:
    """`TIMELINE_CHUNK`: articles per chunk (default 500)."""
    raw = os.environ.get("TIMELINE_CHUNK", "").strip()
    value = int(raw) if raw else DEFAULT_CHUNK
    if value < 1:
        raise ValueError(f"TIMELINE_CHUNK must be a whole number above 0, not {raw!r}")
    return value


Progress = Callable[[ProgressMeter], None]


# --- planning -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Known:
    """A file's row in `sources`."""

    content_hash: str
    size: int
    mtime_ns: int
    extractor_version: str
    rates_version: str | None
    outcome: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry to look at in this run: read it unless its content hash is `known_hash`."""

    entry: SeedEntry
    size: int
    mtime_ns: int
    known_hash: str | None  # None: read it whatever its hash (new, stale or a freed copy)
    known_outcome: str | None = None


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What a run reads and removes; `full` when it covers the whole folder."""

    candidates: list[Candidate]
    removed: list[str]
    unchanged: int
    full: bool
    extractor_version: str
    rates_version: str
    seeds_dir: Path

    def summary(self) -> str:
        return (
            f"{len(self.candidates):,} new, changed or stale entries to look at, "
            f"{self.unchanged:,} unchanged, {len(self.removed):,} removed"
        )


def _table_exists(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = $t", {"t": name}
    ).fetchone()
    return bool(row and row[0])


def _known_sources(
    conn: duckdb.DuckDBPyConnection, names: Sequence[str] | None
) -> dict[str, Known]:
    if not _table_exists(conn, "sources"):
        return {}
    sql = (
        "SELECT source_file, content_hash, size, mtime_ns, extractor_version, rates_version, "
        "outcome FROM sources"
    )
    params: dict[str, object] = {}
    if names is not None:
        sql += " WHERE source_file IN (SELECT unnest($names::VARCHAR[]))"
        params["names"] = list(names)
    return {
        str(row[0]): Known(str(row[1]), int(row[2]), int(row[3]), str(row[4]), row[5], row[6])
        for row in conn.execute(sql, params).fetchall()
    }


def names_in_warehouse(conn: duckdb.DuckDBPyConnection) -> set[str]:
    """Every file the warehouse has rows of: its sources, articles and rejects."""
    parts = ["SELECT source_file FROM articles", "SELECT source_file FROM rejects"]
    if _table_exists(conn, "sources"):
        parts.append("SELECT source_file FROM sources")
    return {str(r[0]) for r in conn.execute(" UNION ".join(parts)).fetchall()}


def _copies_of(conn: duckdb.DuckDBPyConnection, files: Sequence[str]) -> list[str]:
    columns = {
        name
        for (name,) in conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'rejects'"
        ).fetchall()
    }
    if not files or "duplicate_of" not in columns:
        return []
    found = conn.execute(
        "SELECT DISTINCT source_file FROM rejects "
        "WHERE duplicate_of IN (SELECT unnest($f::VARCHAR[])) ORDER BY 1",
        {"f": list(files)},
    ).fetchall()
    return [str(name) for (name,) in found]


def _stat(entry: SeedEntry) -> tuple[int, int]:
    try:
        info = entry.path.stat() if entry.reason is None else entry.path.lstat()
    except OSError:
        return 0, 0
    return info.st_size, info.st_mtime_ns


def _is_current(known: Known, extractor_version: str, rates_version: str) -> bool:
    return known.extractor_version == extractor_version and (
        known.rates_version is None or known.rates_version == rates_version
    )


def plan_run(
    db_path: Path,
    seeds_dir: Path,
    files: Sequence[str] = (),
    extractor_version: str | None = None,
) -> RunPlan:
    """Which entries of the folder (or of `files`) this run reads, and which files it removes."""
    version = extractor_version or EXTRACTOR_VERSION
    rates_version = rates.history().source
    full = not files
    conn: duckdb.DuckDBPyConnection | None = None
    if db_path.exists():
        from pipeline.warehouse import WarehouseBusyError, connect_read_only

        try:
            conn = connect_read_only(db_path)
        except WarehouseBusyError as busy:
            raise WarehouseBusyError(f"cannot load: {busy}") from busy
    try:
        has_tables = conn is not None and _table_exists(conn, "articles")
        entries = scan_seeds(seeds_dir, files)
        names = [e.name for e in entries]
        known = _known_sources(conn, None if full else names) if conn and has_tables else {}
        candidates: dict[str, Candidate] = {}
        unchanged = 0
        for entry in entries:
            size, mtime_ns = _stat(entry)
            row = known.get(entry.name)
            current = row is not None and _is_current(row, version, rates_version)
            if row is not None and current and (row.size, row.mtime_ns) == (size, mtime_ns):
                unchanged += 1
                continue
            candidates[entry.name] = Candidate(
                entry,
                size,
                mtime_ns,
                row.content_hash if row is not None and current else None,
                row.outcome if row is not None else None,
            )
        removed: list[str] = []
        if full and conn is not None and has_tables:
            removed = sorted(names_in_warehouse(conn) - set(names))
        if conn is not None and has_tables:
            freed = [
                n for n in _copies_of(conn, sorted({*candidates, *removed})) if n not in candidates
            ]
            for entry in scan_seeds(seeds_dir, freed) if freed else []:
                if entry.reason is None:
                    size, mtime_ns = _stat(entry)
                    candidates[entry.name] = Candidate(entry, size, mtime_ns, None)
                    unchanged -= 1 if entry.name in known else 0
    finally:
        if conn is not None:
            conn.close()
    ordered = [candidates[name] for name in sorted(candidates)]
    return RunPlan(ordered, removed, max(unchanged, 0), full, version, rates_version, seeds_dir)


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedChunk:
    """One chunk of parsed articles on disk, and how many articles it holds."""

    path: Path
    articles: int


@dataclass(frozen=True, slots=True)
class ReadManifest:
    """What `read_chunks` wrote: parsed chunks, read rejects, `sources` rows, removals."""

    run_dir: Path
    full: bool
    seeds_dir: Path
    chunks: list[ParsedChunk]
    rejects: list[Path]
    sources: list[Path]
    removed: list[str]
    articles: int
    read_rejects: int
    touched: int
    unchanged: int
    extractor_version: str
    rates_version: str
    reject_samples: list[Reject] = field(default_factory=list)


def run_folder_for(db_path: Path) -> Path:
    """A new folder for one run's chunks, beside the warehouse; stale ones are deleted."""
    root = db_path.parent / CHUNKS_FOLDER
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STALE_RUN_HOURS * 3600
    for old in root.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    run_dir = root / f"{stamp}-{uuid.uuid4().hex[:8]}"
    run_dir.mkdir()
    return run_dir


def content_hash(path: Path, size: int, mtime_ns: int, limit: int) -> str:
    """SHA-256 of the file's bytes; a file over the size limit is not read (size and time)."""
    if size > limit:
        return f"over-limit:{size}:{mtime_ns}"
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        return f"unreadable:{exc.errno}:{size}:{mtime_ns}"
    return digest.hexdigest()


SOURCE_COLUMNS = ("source_file", "content_hash", "size", "mtime_ns", "action", "tracked")
PARSED_COLUMNS = ("source_file", "published", "title", "body")


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_parquet(path, index=False)
    return path


def read_chunks(
    plan: RunPlan,
    run_dir: Path,
    size: int | None = None,
    progress: Progress | None = None,
    samples: int = 50,
) -> ReadManifest:
    """Read the plan's candidates, `size` articles per chunk, writing each chunk as Parquet.

    A candidate whose content hash is the one in `sources` is only `touched` (its size and
    time are updated, nothing is read again). In the run, the file first in name order keeps
    an article and a later copy is a `read` reject naming it."""
    size = size or chunk_size()
    limit = max_file_bytes()
    seen: dict[str, str] = {}
    chunks: list[ParsedChunk] = []
    reject_paths: list[Path] = []
    source_paths: list[Path] = []
    parsed: list[dict[str, object]] = []
    rejects: list[Reject] = []
    sources: list[dict[str, object]] = []
    counts = {"articles": 0, "rejects": 0, "touched": 0}
    reject_samples: list[Reject] = []
    meter = ProgressMeter(len(plan.candidates), "files read")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def flush(last: bool = False) -> None:
        number = len(source_paths)
        if parsed:
            path = run_dir / f"parsed-{len(chunks):05d}.parquet"
            _write(pd.DataFrame(parsed, columns=list(PARSED_COLUMNS)), path)
            chunks.append(ParsedChunk(path, len(parsed)))
            parsed.clear()
        if rejects:
            reject_paths.append(
                _write(reject_rows(rejects, now), run_dir / f"read-rejects-{number:05d}.parquet")
            )
            rejects.clear()
        if sources or (last and not source_paths):
            frame = pd.DataFrame(sources, columns=list(SOURCE_COLUMNS)).astype(
                {"size": "int64", "mtime_ns": "int64", "tracked": "bool"}
            )
            source_paths.append(_write(frame, run_dir / f"sources-{number:05d}.parquet"))
            sources.clear()

    def reject(name: str, reason: str, duplicate_of: str | None = None) -> None:
        found = Reject(name, "read", reason, duplicate_of)
        rejects.append(found)
        counts["rejects"] += 1
        if len(reject_samples) < samples:
            reject_samples.append(found)

    for candidate in plan.candidates:
        entry = candidate.entry
        meter.add(1)
        if entry.reason is not None:
            digest = "entry:" + entry_fingerprint(entry)
            tracked = entry.reason not in UNTRACKED
            if tracked and digest == candidate.known_hash:
                counts["touched"] += 1
                sources.append(_source(entry.name, digest, candidate, "touch", True))
            else:
                reject(entry.name, entry.reason)
                sources.append(_source(entry.name, digest, candidate, "load", tracked))
        else:
            digest = content_hash(entry.path, candidate.size, candidate.mtime_ns, limit)
            if digest == candidate.known_hash:
                counts["touched"] += 1
                sources.append(_source(entry.name, digest, candidate, "touch", True))
            else:
                sources.append(_source(entry.name, digest, candidate, "load", True))
                try:
                    article = read_article(entry.path, entry.name, max_bytes=limit)
                except ArticleError as exc:
                    reject(entry.name, str(exc))
                else:
                    original = seen.get(article.article_id)
                    if original is not None:
                        reject(entry.name, copy_reason(original), original)
                    else:
                        seen[article.article_id] = entry.name
                        parsed.append(
                            {
                                "source_file": entry.name,
                                "published": article.published,
                                "title": article.title,
                                "body": article.body,
                            }
                        )
                        counts["articles"] += 1
        if len(parsed) >= size or len(sources) >= size:
            flush()
            if progress is not None:
                progress(meter)
    flush(last=True)
    if progress is not None and plan.candidates:
        progress(meter)
    return ReadManifest(
        run_dir=run_dir,
        full=plan.full,
        seeds_dir=plan.seeds_dir,
        chunks=chunks,
        rejects=reject_paths,
        sources=source_paths,
        removed=list(plan.removed),
        articles=counts["articles"],
        read_rejects=counts["rejects"],
        touched=counts["touched"],
        unchanged=plan.unchanged,
        extractor_version=plan.extractor_version,
        rates_version=plan.rates_version,
        reject_samples=reject_samples,
    )


def _source(
    name: str, digest: str, candidate: Candidate, action: str, tracked: bool
) -> dict[str, object]:
    return {
        "source_file": name,
        "content_hash": digest,
        "size": candidate.size,
        "mtime_ns": candidate.mtime_ns,
        "action": action,
        "tracked": tracked,
    }


def article_of(source_file: str, published: str, body: str) -> Article:
    """The article a parsed chunk row stands for (the same as `read_article` gave)."""
    year, month, *day = published.split("-")
    reference = parse_reference(year, month, day[0] if day else None)
    return article_from_body(source_file, reference, body)


# --- extraction ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtractedChunk:
    """The tables of one chunk on disk (table -> Parquet path) and their row counts."""

    paths: dict[str, Path]
    rows: dict[str, int]
    articles: int
    sentences: int
    problems: int


@dataclass(frozen=True, slots=True)
class ExtractManifest:
    """What `extract_chunks` wrote, with what `read_chunks` wrote."""

    read: ReadManifest
    chunks: list[ExtractedChunk]

    def rows(self) -> dict[str, int]:
        total = {table: 0 for table in TABLES}
        for chunk in self.chunks:
            for table, n in chunk.rows.items():
                total[table] += n
        total["rejects"] += self.read.read_rejects
        return total

    def paths(self, table: str) -> list[Path]:
        found = [c.paths[table] for c in self.chunks if table in c.paths]
        return found + (list(self.read.rejects) if table == "rejects" else [])


def extract_chunk(parsed: Path, out_dir: Path, now: dt.datetime) -> ExtractedChunk:
    """Extract one parsed chunk and write its validated tables (what a worker process runs)."""
    frame = pd.read_parquet(parsed, columns=["source_file", "published", "body"])
    extractions = [
        extract_article(article_of(str(f), str(p), str(b)))
        for f, p, b in frame.itertuples(index=False)
    ]
    del frame
    tables = build_tables(extractions, (), now)
    stem = parsed.stem.removeprefix("parsed-")
    paths: dict[str, Path] = {}
    rows: dict[str, int] = {}
    for table, data in tables.by_name().items():
        rows[table] = len(data)
        if len(data):
            paths[table] = _write(data, out_dir / f"{table}-{stem}.parquet")
    return ExtractedChunk(
        paths,
        rows,
        len(extractions),
        sum(len(e.sentences) for e in extractions),
        sum(len(e.problems) for e in extractions),
    )


def extract_chunks(
    read: ReadManifest,
    workers: int | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> ExtractManifest:
    """Extract every chunk, in a pool of `workers` processes when there is more than one
    chunk; results (paths and counts) come back in chunk order. The pool starts its
    processes with forkserver or spawn, which import the caller's main module again: a
    script that calls this (or `run_folder`) needs an `if __name__ == "__main__":` guard."""
    workers = workers or worker_count()
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    meter = ProgressMeter(read.articles)
    done: dict[int, ExtractedChunk] = {}
    paths = [chunk.path for chunk in read.chunks]
    if workers <= 1 or len(paths) <= 1:
        for i, path in enumerate(paths):
            done[i] = extract_chunk(path, read.run_dir, now)
            meter.add(done[i].articles)
            if progress is not None:
                progress(meter)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            futures = {
                pool.submit(extract_chunk, path, read.run_dir, now): i
                for i, path in enumerate(paths)
            }
            for future in as_completed(futures):
                i = futures[future]
                done[i] = future.result()
                meter.add(done[i].articles)
                if progress is not None:
                    progress(meter)
    return ExtractManifest(read, [done[i] for i in range(len(paths))])
