"""Thin Dagster assets: seeds folder -> parsed articles -> extractions -> warehouse tables.

All the work is in plain functions of `pipeline`; these only wire them, log progress and
attach metadata. The five warehouse tables are written by one step in one transaction
(DuckDB allows one writer) and their pandera checks run right after, on what was loaded.
Writers are serialised by `pipeline.warehouse.write_lock`, an OS file lock that a killed run
releases with its process; no Dagster concurrency pool is used, because a pool slot held
by a run killed with `kill -9` stays taken and blocks every later run.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pandas as pd
import pandera.errors
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.batch import ArticleBatch, extract_batch, read_batch
from pipeline.defs import checks, metadata
from pipeline.extract.document import ArticleExtraction
from pipeline.tables import TABLES, build_tables
from pipeline.warehouse import (
    connect_read_only,
    copies_of,
    load_warehouse,
    seeds_path,
)
from schemas import TABLE_SCHEMAS


class SeedFilesConfig(dg.Config):
    """Which files to read: empty means every article file in the seeds folder."""

    files: list[str] = Field(
        default_factory=list, description="File names inside the seeds folder; empty: all."
    )


@dataclass(frozen=True, slots=True)
class ExtractedBatch:
    extractions: list[ArticleExtraction]
    batch: ArticleBatch


@dg.asset(group_name="ingest", kinds={"python"})
def parsed_articles(
    context: dg.AssetExecutionContext, config: SeedFilesConfig, duckdb: DuckDBResource
) -> dg.Output:
    """Article files of the seeds folder (`TIMELINE_SEEDS`), parsed: header, body, title.

    A run for some files also reads the files rejected as copies of their articles (the
    warehouse's `rejects.duplicate_of`): a changed original may have freed them."""
    folder = seeds_path()
    files = list(config.files)
    copies = copies_of(Path(duckdb.database), files)
    if copies:
        context.log.info(f"reading again the copies of these files: {', '.join(copies)}")
        files = sorted({*files, *copies})
    batch = read_batch(folder, files)
    context.log.info(
        f"read {len(batch.articles)} articles from {folder}, rejected {len(batch.rejects)}"
    )
    for reject in batch.rejects:
        context.log.warning(f"rejected {reject.source_file}: {reject.reason}")
    preview = pd.DataFrame(
        [
            {"source_file": a.source_file, "published": a.published, "title": a.title}
            for a in batch.articles
        ]
    )
    return dg.Output(
        batch,
        metadata={
            "seeds_folder": str(folder),
            "scope": "whole folder" if batch.full else ", ".join(files),
            "articles": len(batch.articles),
            "rejects": len(batch.rejects),
            "preview": metadata.preview_table(
                preview, {"source_file": "VARCHAR", "published": "VARCHAR", "title": "VARCHAR"}
            ),
        },
    )


@dg.asset(group_name="extract", kinds={"python"})
def extractions(context: dg.AssetExecutionContext, parsed_articles: ArticleBatch) -> dg.Output:
    """Sentences, date, money and entity mentions and the events of every article."""
    total = len(parsed_articles.articles)

    def progress(done: int, total: int) -> None:
        context.log.info(f"extracted {done}/{total} articles")

    extracted = extract_batch(parsed_articles.articles, total, progress)
    problems = sum(len(e.problems) for e in extracted)
    return dg.Output(
        ExtractedBatch(extracted, parsed_articles),
        metadata={
            "articles": total,
            "sentences": sum(len(e.sentences) for e in extracted),
            "date_mentions": sum(len(e.dates) for e in extracted),
            "money_mentions": sum(len(e.amounts) for e in extracted),
            "entity_mentions": sum(len(e.entities) for e in extracted),
            "events": sum(len(e.events) for e in extracted),
            "problems": problems,
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
            "matches_schema", asset=key, description=f"The loaded {table} pass the pandera schema."
        )
        for table, key in WAREHOUSE_KEYS.items()
    ]
    + [checks.rejects_check_spec(WAREHOUSE_KEYS["rejects"])],
)
def warehouse_tables(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, extractions: ExtractedBatch
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Validate the batch's tables, load them into DuckDB and check what was loaded."""
    batch = extractions.batch
    frames = build_tables(extractions.extractions, batch.rejects)
    database = Path(duckdb.database)
    report = load_warehouse(database, frames, full=batch.full)
    counts = report.counts
    if report.migrations_applied:
        context.log.info(f"schema migrations applied: {report.migrations_applied}")
    for note in report.reextract_notes(batch.full):
        context.log.warning(note)
    with connect_read_only(database) as conn:
        loaded = {table: conn.execute(f"SELECT * FROM {table}").df() for table in TABLES}
        events_extra = metadata.events_metadata(conn)
    context.log.info(f"warehouse {duckdb.database}: {counts}")
    for table, key in WAREHOUSE_KEYS.items():
        frame = frames.by_name()[table]
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "dagster/row_count": counts[table],
                "rows_in_batch": len(frame),
                "rejects_in_batch": len(frames.rejects),
                "database": duckdb.database,
                "preview": metadata.table_preview(frame, table),
                **(events_extra if table == "events" else {}),
            },
        )
    for table, key in WAREHOUSE_KEYS.items():
        yield _schema_check(key, table, loaded[table])
    yield checks.rejects_check(WAREHOUSE_KEYS["rejects"], frames.rejects)


def _schema_check(key: dg.AssetKey, table: str, frame: pd.DataFrame) -> dg.AssetCheckResult:
    try:
        TABLE_SCHEMAS[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return dg.AssetCheckResult(
            asset_key=key,
            check_name="matches_schema",
            passed=False,
            metadata={
                "failures": len(cases),
                "failure_cases": dg.MetadataValue.md(cases.head(20).to_markdown(index=False)),
            },
        )
    return dg.AssetCheckResult(
        asset_key=key, check_name="matches_schema", passed=True, metadata={"rows": len(frame)}
    )
