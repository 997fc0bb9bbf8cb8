"""Thin Dagster assets: seeds folder -> parsed articles -> extractions -> warehouse tables.

All the work is in plain functions of `pipeline` (`pipeline.stream`, `pipeline.warehouse`,
`pipeline.validation`); these only wire them, log progress and attach metadata. A run is
incremental and streams: `parsed_articles` plans what is new, changed or removed (the
warehouse's `sources` table) and reads it in chunks written as Parquet; `extractions`
extracts the chunks in a pool of processes; the warehouse step loads every chunk in one
transaction (DuckDB allows one writer) and checks what was loaded. Between the assets only a
manifest of Parquet paths and counts is passed.
Writers are serialised by `pipeline.warehouse.write_lock`, an OS file lock that a killed run
releases with its process; no Dagster concurrency pool is used, because a pool slot held
by a run killed with `kill -9` stays taken and blocks every later run.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.defs import checks, metadata
from pipeline.stream import (
    ExtractManifest,
    ProgressMeter,
    ReadManifest,
    extract_chunks,
    plan_run,
    read_chunks,
    run_folder_for,
    worker_count,
)
from pipeline.tables import TABLES
from pipeline.validation import TableCheck, check_warehouse
from pipeline.warehouse import connect_read_only, load_run, seeds_path


class SeedFilesConfig(dg.Config):
    """Which files to read: empty means every article file in the seeds folder."""

    files: list[str] = Field(
        default_factory=list, description="File names inside the seeds folder; empty: all."
    )


PARSED_COLUMNS = {"source_file": "VARCHAR", "published": "VARCHAR", "title": "VARCHAR"}


def _parsed_preview(read: ReadManifest) -> dg.MetadataValue:
    """The first rows of the first parsed chunk (only that chunk is read)."""
    if not read.chunks:
        return metadata.preview_table(pd.DataFrame(columns=list(PARSED_COLUMNS)), PARSED_COLUMNS)
    frame = pd.read_parquet(read.chunks[0].path, columns=list(PARSED_COLUMNS))
    return metadata.preview_table(frame, PARSED_COLUMNS)


def _table_preview(run: ExtractManifest, table: str) -> dg.MetadataValue:
    """The first rows of the table's first chunk of this run (`metadata.table_preview`)."""
    paths = run.paths(table)
    frame = pd.read_parquet(paths[0]).head(metadata.PREVIEW_ROWS) if paths else pd.DataFrame()
    return metadata.table_preview(frame, table)


def _run_rejects(run: ExtractManifest) -> pd.DataFrame:
    """The rejects of this run (files and rows), for the rejects check."""
    columns = list(checks.REJECT_COLUMNS)
    paths = run.paths("rejects")
    if not paths:
        return pd.DataFrame(columns=columns)
    return pd.concat([pd.read_parquet(p, columns=columns) for p in paths], ignore_index=True)


@dg.asset(group_name="ingest", kinds={"python"})
def parsed_articles(
    context: dg.AssetExecutionContext, config: SeedFilesConfig, duckdb: DuckDBResource
) -> dg.Output:
    """Article files of the seeds folder (`TIMELINE_SEEDS`) that are new, changed or stale
    (against the warehouse's `sources`), parsed in chunks written as Parquet.

    A run for some files also reads the files rejected as copies of their articles (the
    warehouse's `rejects.duplicate_of`): a changed original may have freed them."""
    folder = seeds_path()
    database = Path(duckdb.database)
    plan = plan_run(database, folder, list(config.files))
    context.log.info(f"{folder}: {plan.summary()}")

    def progress(meter: ProgressMeter) -> None:
        context.log.info(f"read {meter.line()}")

    read = read_chunks(plan, run_folder_for(database), progress=progress)
    context.log.info(
        f"read {read.articles} articles from {folder}, rejected {read.read_rejects}, "
        f"{read.touched} unchanged in content, {read.unchanged} unchanged"
    )
    for reject in read.reject_samples:
        context.log.warning(f"rejected {reject.source_file}: {reject.reason}")
    return dg.Output(
        read,
        metadata={
            "seeds_folder": str(folder),
            "scope": "whole folder" if read.full else ", ".join(config.files),
            "articles": read.articles,
            "rejects": read.read_rejects,
            "unchanged": read.unchanged + read.touched,
            "removed": len(read.removed),
            "chunks": len(read.chunks),
            "extractor_version": read.extractor_version,
            "preview": _parsed_preview(read),
        },
    )


@dg.asset(group_name="extract", kinds={"python"})
def extractions(context: dg.AssetExecutionContext, parsed_articles: ReadManifest) -> dg.Output:
    """Sentences, date, money and entity mentions and the events of every article, chunk by
    chunk in a pool of processes (`TIMELINE_WORKERS`), each chunk's tables as Parquet."""
    workers = worker_count()

    def progress(meter: ProgressMeter) -> None:
        context.log.info(f"extracted {meter.line()}")

    run = extract_chunks(parsed_articles, workers, progress)
    rows = run.rows()
    return dg.Output(
        run,
        metadata={
            "articles": parsed_articles.articles,
            "sentences": sum(c.sentences for c in run.chunks),
            "date_mentions": rows["date_mentions"],
            "money_mentions": rows["money_mentions"],
            "entity_mentions": rows["entity_mentions"],
            "events": rows["events"],
            "problems": sum(c.problems for c in run.chunks),
            "chunks": len(run.chunks),
            "workers": workers,
        },
    )


WAREHOUSE_KEYS = {table: dg.AssetKey(["warehouse", table]) for table in TABLES}
TABLE_DESCRIPTIONS = {
    "articles": "One row per article: source file, publication date, title, body.",
    "date_mentions": "Every date expression, resolved against the publication date.",
    "money_mentions": "Every money amount: value, ISO currency, qualifier, euros.",
    "entity_mentions": "Every actor and place named: canonical and Latin name, type.",
    "events": "Typed, dated events with their actors, places, modality and amounts.",
    "rejects": "Every input or row that could not be used, with the reason.",
}


@dg.multi_asset(
    name="warehouse_tables",
    group_name="warehouse",
    ins={"extractions": dg.AssetIn()},
    specs=[
        dg.AssetSpec(
            key,
            description=TABLE_DESCRIPTIONS[table],
            kinds={"duckdb"},
            deps=[dg.AssetKey("extractions")],
            metadata={"dagster/column_schema": metadata.column_schema(table)},
        )
        for table, key in WAREHOUSE_KEYS.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "matches_schema",
            asset=key,
            description=f"The {table} loaded by the run pass the pandera schema (in batches); "
            "the whole table's unique columns and links hold (SQL).",
        )
        for table, key in WAREHOUSE_KEYS.items()
    ]
    + [checks.rejects_check_spec(WAREHOUSE_KEYS["rejects"])],
)
def warehouse_tables(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, extractions: ExtractManifest
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Load the run's chunks into DuckDB (one writer, one transaction) and check what was
    loaded: SQL over each whole table, pandera over the rows of this run in batches."""
    read = extractions.read
    database = Path(duckdb.database)
    report = load_run(database, extractions)
    counts = report.counts
    if report.migrations_applied:
        context.log.info(f"schema migrations applied: {report.migrations_applied}")
    for note in report.reextract_notes():
        context.log.warning(note)
    with connect_read_only(database) as conn:
        events_extra = metadata.events_metadata(conn)
    context.log.info(f"warehouse {duckdb.database}: {counts}")
    scope = run_scope(read)
    table_checks = check_warehouse(database, TABLES, scope)
    rows = extractions.rows()
    for table, key in WAREHOUSE_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "dagster/row_count": counts[table],
                "rows_in_batch": rows[table],
                "rejects_in_batch": rows["rejects"],
                "database": duckdb.database,
                "preview": _table_preview(extractions, table),
                **(events_extra if table == "events" else {}),
            },
        )
    for table, key in WAREHOUSE_KEYS.items():
        yield _schema_check(key, table_checks[table])
    yield checks.rejects_check(WAREHOUSE_KEYS["rejects"], _run_rejects(extractions))
    shutil.rmtree(read.run_dir, ignore_errors=True)


def run_scope(read: ReadManifest) -> list[str]:
    """The files whose rows this run loaded (the checks validate their rows with pandera)."""
    if not read.sources:
        return []
    frame = pd.concat([pd.read_parquet(p, columns=["source_file", "action"]) for p in read.sources])
    return sorted(frame.loc[frame["action"] == "load", "source_file"])


def _schema_check(key: dg.AssetKey, check: TableCheck) -> dg.AssetCheckResult:
    shown: dict[str, dg.RawMetadataValue] = {"rows": check.rows_checked}
    if not check.passed:
        shown["failures"] = dg.MetadataValue.md("\n".join(f"- {f}" for f in check.failures))
        if check.failure_cases is not None:
            shown["failure_cases"] = dg.MetadataValue.md(
                check.failure_cases.to_markdown(index=False)
            )
    return dg.AssetCheckResult(
        asset_key=key, check_name="matches_schema", passed=check.passed, metadata=shown
    )
