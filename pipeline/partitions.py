"""Monthly partitions by publication date: a month's articles as Parquet, loaded into DuckDB.

The partitioned mode (`pipeline/defs/partitioned.py`) works month by month instead of over
the whole folder. Plain functions, testable without Dagster:

- `month_of_file`: the month (`YYYY-MM`) of an article file, from its header alone (the first
  bytes: ` date YYYY-MM` or ` date YYYY-MM-DD`; a month-only date belongs to that month).
  A header the reader would refuse (no header, an impossible date, a year outside 1800-2200)
  gives no month.
- `scan_months`: every entry of the seeds folder by month; entries without a month (no
  header, not a `.txt` file, a sub-folder ...) are `undated`.
- `build_partition`: read and extract every file of one month, and the folder's undated
  entries (they become `rejects` rows, as in every run: bad input never vanishes), in chunks
  and a process pool (`pipeline.stream`), then write the month's tables as one Parquet file
  each under `<warehouse folder>/partitions/<YYYY-MM>/` (`articles.parquet`,
  `events.parquet` ... `sources.parquet`, and `manifest.json` last), each written to a
  temporary name and renamed over the old one.
- `load_partition`: load a month's Parquet files into the warehouse with the same load as
  every run (`pipeline.warehouse.load_run`: the writer lock, the staged copy, one
  transaction, the event groups), replacing the rows of the month's files. The articles of
  the month whose file is no longer in the month (removed, or its header now says another
  month) lose their rows, and so do the rejects of files gone from the folder; this is
  decided under the writer lock, so partitions loaded one after another in any order agree.

A partition is always built whole (every file of the month is read and extracted again):
its Parquet files are the month's tables, not a difference. Re-materialising a partition
gives the same rows. Unlike the unpartitioned run, a partition does not skip unchanged files,
but it records their `sources` rows, so a later unpartitioned run reads none of them again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.extract import rates
from pipeline.extract.article import ArticleError, parse_reference
from pipeline.extract.version import EXTRACTOR_VERSION
from pipeline.seeds import SeedEntry, scan_seeds
from pipeline.stream import (
    Candidate,
    ExtractedChunk,
    ExtractManifest,
    Progress,
    ReadManifest,
    RunPlan,
    extract_chunks,
    read_chunks,
    run_folder_for,
)
from pipeline.tables import TABLES
from pipeline.warehouse import LoadReport, RemovedFiles, connect_read_only, load_run

PARTITIONS_FOLDER = "partitions"
MANIFEST = "manifest.json"
SOURCES_FILE = "sources.parquet"
# The first monthly partition: the corpus's oldest article is of 2008-02. An archive with
# older articles sets `TIMELINE_PARTITIONS_START` (YYYY-MM).
DEFAULT_START = "2008-01"
# The header is on the first line; these bytes hold it with room for leading spaces.
HEADER_BYTES = 256

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# The reader's header (pipeline/extract/article.py), matched on the first bytes decoded as
# ASCII-compatible text: the header is ASCII in every encoding the reader accepts.
_HEADER = re.compile(
    r"\A[ \t\ufeff]*date[ \t]+(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?=\s|\Z)"
)


def partitions_start() -> str:
    """`TIMELINE_PARTITIONS_START`: the first monthly partition, `YYYY-MM` (default 2008-01)."""
    raw = os.environ.get("TIMELINE_PARTITIONS_START", "").strip() or DEFAULT_START
    if not _MONTH.fullmatch(raw):
        raise ValueError(f"TIMELINE_PARTITIONS_START must be a month as YYYY-MM, not {raw!r}")
    return raw


def check_month(month: str) -> str:
    """A partition key (`YYYY-MM`), or ValueError."""
    if not _MONTH.fullmatch(month):
        raise ValueError(f"a monthly partition is named YYYY-MM, not {month!r}")
    return month


def month_of_header(text: str) -> str | None:
    """The month of an article whose text starts with `text`, or None if the reader would not
    take its header (none, an impossible date, a year out of range)."""
    header = _HEADER.match(text.replace("\r\n", "\n").replace("\r", "\n"))
    if header is None:
        return None
    try:
        reference = parse_reference(header["year"], header["month"], header["day"])
    except ArticleError:
        return None
    return reference.day.strftime("%Y-%m")


def month_of_file(path: Path) -> str | None:
    """The publication month of an article file from its first bytes (see `month_of_header`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_BYTES)
    except OSError:
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    return month_of_header(text)


@dataclass(frozen=True, slots=True)
class FolderMonths:
    """The entries of the seeds folder by publication month, and those without one."""

    by_month: dict[str, list[SeedEntry]]
    undated: list[SeedEntry]

    def counts(self) -> dict[str, int]:
        return {month: len(entries) for month, entries in sorted(self.by_month.items())}


def scan_months(seeds_dir: Path) -> FolderMonths:
    """Every entry of the folder, by the month of its header (`undated`: no month)."""
    by_month: dict[str, list[SeedEntry]] = {}
    undated: list[SeedEntry] = []
    for entry in scan_seeds(seeds_dir):
        month = month_of_file(entry.path) if entry.reason is None else None
        if month is None:
            undated.append(entry)
        else:
            by_month.setdefault(month, []).append(entry)
    return FolderMonths(by_month, undated)


def partition_folder(db_path: Path, month: str) -> Path:
    """Where a month's Parquet files are: `<warehouse folder>/partitions/<YYYY-MM>/`."""
    return Path(db_path).parent / PARTITIONS_FOLDER / check_month(month)


def _size_and_time(entry: SeedEntry) -> tuple[int, int]:
    """What `sources` records of an entry (of a link's target when it is an article)."""
    try:
        info = entry.path.stat() if entry.reason is None else entry.path.lstat()
    except OSError:
        return 0, 0
    return info.st_size, info.st_mtime_ns


def plan_partition(seeds_dir: Path, month: str, folder: FolderMonths | None = None) -> RunPlan:
    """Read every file of the month and every undated entry, whatever `sources` says."""
    folder = folder or scan_months(seeds_dir)
    entries = sorted(
        [*folder.by_month.get(check_month(month), []), *folder.undated], key=lambda e: e.name
    )
    candidates = [Candidate(entry, *_size_and_time(entry), None) for entry in entries]
    return RunPlan(
        candidates=candidates,
        removed=[],
        unchanged=0,
        full=False,
        extractor_version=EXTRACTOR_VERSION,
        rates_version=rates.history().source,
        seeds_dir=seeds_dir,
    )


# --- writing a partition ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartitionFiles:
    """What a partition's folder holds (its `manifest.json`)."""

    month: str
    folder: Path
    seeds_dir: Path
    files: list[str]  # the month's files
    undated: list[str]  # the folder's entries without a month (rejects)
    rows: dict[str, int]  # table -> rows in its Parquet file
    articles: int
    sentences: int
    problems: int
    extractor_version: str
    rates_version: str
    written_at: str
    other_months: dict[str, int] = field(default_factory=dict)

    def table_path(self, table: str) -> Path:
        return self.folder / f"{table}.parquet"

    def to_json(self) -> str:
        data = {
            "month": self.month,
            "seeds_dir": str(self.seeds_dir),
            "files": self.files,
            "undated": self.undated,
            "rows": self.rows,
            "articles": self.articles,
            "sentences": self.sentences,
            "problems": self.problems,
            "extractor_version": self.extractor_version,
            "rates_version": self.rates_version,
            "written_at": self.written_at,
            "other_months": self.other_months,
        }
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def read(cls, folder: Path) -> PartitionFiles:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return cls(
            month=data["month"],
            folder=folder,
            seeds_dir=Path(data["seeds_dir"]),
            files=list(data["files"]),
            undated=list(data["undated"]),
            rows={str(k): int(v) for k, v in data["rows"].items()},
            articles=int(data["articles"]),
            sentences=int(data["sentences"]),
            problems=int(data["problems"]),
            extractor_version=data["extractor_version"],
            rates_version=data["rates_version"],
            written_at=data["written_at"],
            other_months={str(k): int(v) for k, v in data.get("other_months", {}).items()},
        )


def _sql_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write through `write(temporary path)`, then rename over `target`."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def merge_parquet(sources: Sequence[Path], target: Path) -> None:
    """One Parquet file of the rows of `sources`, in their order (DuckDB streams them)."""

    def write(temporary: Path) -> None:
        with duckdb.connect() as conn:
            conn.execute(
                f"COPY (SELECT * FROM read_parquet({_sql_list(sources)}, union_by_name = true)) "
                f"TO {_sql_list([temporary])[1:-1]} (FORMAT parquet)"
            )

    _replace_atomically(target, write)


def write_partition(
    extracted: ExtractManifest,
    month: str,
    folder: Path,
    files: list[str],
    undated: list[str],
    other_months: dict[str, int] | None = None,
) -> PartitionFiles:
    """The month's tables as one Parquet file each in `folder`, then `manifest.json` (each
    renamed into place); a table without rows has no file (an old one is deleted)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = extracted.rows()
    for table in TABLES:
        target = folder / f"{table}.parquet"
        paths = extracted.paths(table)
        if paths and rows[table]:
            merge_parquet(paths, target)
        else:
            target.unlink(missing_ok=True)
            rows[table] = 0
    merge_parquet(extracted.read.sources, folder / SOURCES_FILE)
    read = extracted.read
    written = PartitionFiles(
        month=month,
        folder=folder,
        seeds_dir=read.seeds_dir,
        files=files,
        undated=undated,
        rows=rows,
        articles=read.articles,
        sentences=sum(c.sentences for c in extracted.chunks),
        problems=sum(c.problems for c in extracted.chunks),
        extractor_version=read.extractor_version,
        rates_version=read.rates_version,
        written_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        other_months=dict(other_months or {}),
    )

    def write(temporary: Path) -> None:
        temporary.write_text(written.to_json(), encoding="utf-8")

    _replace_atomically(folder / MANIFEST, write)
    return written


def build_partition(
    db_path: Path,
    seeds_dir: Path,
    month: str,
    chunk: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PartitionFiles:
    """Read, extract and write one month's Parquet files (chunks and the pool of
    `pipeline.stream`; the chunks' temporary folder is deleted afterwards)."""
    folder = scan_months(seeds_dir)
    plan = plan_partition(seeds_dir, month, folder)
    run_dir = run_folder_for(Path(db_path))
    try:
        read = read_chunks(plan, run_dir, chunk)
        extracted = extract_chunks(read, workers, progress)
        written = write_partition(
            extracted,
            month,
            partition_folder(db_path, month),
            [e.name for e in folder.by_month.get(month, [])],
            [e.name for e in folder.undated],
            {m: n for m, n in folder.counts().items() if m != month},
        )
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return written


# --- loading a partition ------------------------------------------------------------------


def manifest_for_load(files: PartitionFiles) -> ExtractManifest:
    """The partition's Parquet files as the manifest `load_run` loads."""
    paths = {t: files.table_path(t) for t in TABLES if files.rows.get(t, 0)}
    read = ReadManifest(
        run_dir=files.folder,
        full=False,
        seeds_dir=files.seeds_dir,
        chunks=[],
        rejects=[],  # the read rejects are in rejects.parquet with the others
        sources=[files.folder / SOURCES_FILE],
        removed=[],
        articles=files.articles,
        read_rejects=0,
        touched=0,
        unchanged=0,
        extractor_version=files.extractor_version,
        rates_version=files.rates_version,
    )
    chunk = ExtractedChunk(paths, dict(files.rows), files.articles, files.sentences, files.problems)
    return ExtractManifest(read, [chunk])


def left_the_month(month: str, files: Sequence[str], seeds_dir: Path) -> RemovedFiles:
    """What a load of the month removes besides its files (run on the staged copy, under the
    writer lock): the month's articles whose file is not among the month's files now, and the
    rows of files gone from the folder that are no article (rejects: they have no month)."""

    def removed(conn: duckdb.DuckDBPyConnection) -> list[str]:
        left = conn.execute(
            "SELECT source_file FROM articles WHERE strftime(published_date, '%Y-%m') = $m "
            "AND source_file NOT IN (SELECT unnest($files::VARCHAR[]))",
            {"m": month, "files": list(files)},
        ).fetchall()
        present = {e.name for e in os.scandir(seeds_dir)} if seeds_dir.is_dir() else set()
        gone = conn.execute(
            "SELECT source_file FROM rejects UNION SELECT source_file FROM sources "
            "EXCEPT SELECT source_file FROM articles"
        ).fetchall()
        return sorted({str(n) for (n,) in left} | ({str(n) for (n,) in gone} - present))

    return removed


class StalePartitionError(RuntimeError):
    """A partition's Parquet files are older than some of its files; the message says which."""


def stale_files(files: PartitionFiles) -> list[str]:
    """The files of the partition changed, moved or removed since its Parquet files were
    written (their size or change time is not what `sources.parquet` recorded)."""
    with duckdb.connect() as conn:
        recorded = conn.execute(
            "SELECT source_file, size, mtime_ns FROM "
            f"read_parquet({_sql_list([files.folder / SOURCES_FILE])})"
        ).fetchall()
    known = {str(name): (int(size), int(mtime)) for name, size, mtime in recorded}
    entries = scan_seeds(files.seeds_dir, sorted(known)) if known else []
    return [e.name for e in entries if _size_and_time(e) != known[e.name]]


def load_partition(db_path: Path, month: str) -> LoadReport:
    """Load the month's Parquet files (written by `build_partition`) into the warehouse.

    Files that changed since they were written would bring old rows back over newer ones
    (a file moved to another month and loaded there, say): the load is then refused with
    `StalePartitionError`, and the partition is built again first."""
    files = PartitionFiles.read(partition_folder(db_path, month))
    stale = stale_files(files)
    if stale:
        shown = ", ".join(stale[:10]) + (f" and {len(stale) - 10} more" if len(stale) > 10 else "")
        raise StalePartitionError(
            f"the Parquet files of {month} are older than {len(stale)} of its files ({shown}): "
            f"materialise the partition's Parquet again before loading it"
        )
    return load_run(
        Path(db_path),
        manifest_for_load(files),
        also_removed=left_the_month(files.month, files.files, files.seeds_dir),
    )


def month_counts(db_path: Path, month: str) -> dict[str, int]:
    """Rows of the month's articles in the warehouse, table by table (rejects: of the
    month's files and the undated entries recorded in its manifest)."""
    files = PartitionFiles.read(partition_folder(db_path, month))
    counts: dict[str, int] = {}
    with connect_read_only(Path(db_path)) as conn:
        for table in TABLES:
            if table == "rejects":
                sql = (
                    "SELECT count(*) FROM rejects "
                    "WHERE source_file IN (SELECT unnest($files::VARCHAR[]))"
                )
                params: dict[str, object] = {"files": [*files.files, *files.undated]}
            else:
                join = "" if table == "articles" else " JOIN articles AS a USING (article_id)"
                column = "published_date" if table == "articles" else "a.published_date"
                sql = f"SELECT count(*) FROM {table}{join} WHERE strftime({column}, '%Y-%m') = $m"
                params = {"m": month}
            row = conn.execute(sql, params).fetchone()
            counts[table] = int(row[0]) if row else 0
    return counts
