"""The partitioned mode: a code location of its own, monthly partitions by publication date.

`dagster dev -m pipeline.definitions -m pipeline.defs.partitioned` (`make dev-partitions`)
shows it beside the default assets. Two assets, both partitioned by month (`YYYY-MM`, from
`TIMELINE_PARTITIONS_START`, default 2008-01, to the current month):

- `monthly/parquet`: every file of the month (and the folder's entries without a month, as
  rejects) read and extracted, the month's tables written as Parquet under
  `<warehouse folder>/partitions/<YYYY-MM>/` (`pipeline.partitions.build_partition`);
- `monthly/warehouse`: those files loaded into DuckDB, replacing the month's rows
  (`pipeline.partitions.load_partition`: the writer lock, the staged copy, one transaction,
  the event groups), with a check that the loaded rows pass the pandera schemas.

Backfills (the UI's Materialize on either asset, a range of months) launch one run per month;
runs use the multiprocess executor (each step in its own process), so the months of a
backfill extract side by side and their loads wait for each other on the OS file lock
beside the warehouse (`pipeline.warehouse.write_lock`), never on DuckDB's own lock. The
default location (`pipeline.definitions`, `make run`) is not changed by this one.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.defs.resources import duckdb_resource
from pipeline.partitions import (
    PartitionFiles,
    build_partition,
    load_partition,
    month_counts,
    partition_folder,
    partitions_start,
)
from pipeline.stream import ProgressMeter
from pipeline.tables import TABLES
from pipeline.validation import check_warehouse
from pipeline.warehouse import seeds_path

GROUP = "monthly"
PARQUET_KEY = dg.AssetKey([GROUP, "parquet"])
WAREHOUSE_KEY = dg.AssetKey([GROUP, "warehouse"])


def monthly_partitions() -> dg.MonthlyPartitionsDefinition:
    """Months `YYYY-MM` from `TIMELINE_PARTITIONS_START` to the current month (included:
    `end_offset=1`, so this month's articles have a partition before the month ends)."""
    return dg.MonthlyPartitionsDefinition(start_date=partitions_start(), fmt="%Y-%m", end_offset=1)


MONTHLY = monthly_partitions()


@dg.asset(
    key=PARQUET_KEY,
    partitions_def=MONTHLY,
    group_name=GROUP,
    kinds={"python", "parquet"},
)
def monthly_parquet(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The month's articles (by the header's publication date) read and extracted, each
    table written as one Parquet file under `partitions/<YYYY-MM>/` beside the warehouse."""
    month = context.partition_key
    folder = seeds_path()

    def progress(meter: ProgressMeter) -> None:
        context.log.info(f"{month}: extracted {meter.line()}")

    built = build_partition(Path(duckdb.database), folder, month, progress=progress)
    context.log.info(
        f"{month}: {len(built.files)} files of the month, {len(built.undated)} entries of "
        f"{folder} without a month (rejects); wrote {built.folder}"
    )
    outside = _outside_partitions(built, context)
    if outside:
        context.log.warning(
            f"{sum(outside.values())} files of {folder} are of months without a partition "
            f"(before TIMELINE_PARTITIONS_START or in the future): {_months_text(outside)}"
        )
    return dg.MaterializeResult(
        metadata={
            "month": month,
            "folder": str(built.folder),
            "files": len(built.files),
            "undated_entries": len(built.undated),
            "articles": built.articles,
            **{f"rows_{table}": built.rows.get(table, 0) for table in TABLES},
            "files_without_a_partition": sum(outside.values()),
        }
    )


def _outside_partitions(built: PartitionFiles, context: dg.AssetExecutionContext) -> dict[str, int]:
    keys = set(MONTHLY.get_partition_keys(dynamic_partitions_store=context.instance))
    return {m: n for m, n in built.other_months.items() if m not in keys}


def _months_text(months: dict[str, int]) -> str:
    return ", ".join(f"{m} ({n})" for m, n in sorted(months.items()))


@dg.asset(
    key=WAREHOUSE_KEY,
    deps=[PARQUET_KEY],
    partitions_def=MONTHLY,
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=[
        dg.AssetCheckSpec(
            "matches_schema",
            asset=WAREHOUSE_KEY,
            description="The month's rows loaded by the run pass the pandera schemas (in "
            "batches); each whole table's unique columns and links hold (SQL).",
        )
    ],
)
def monthly_warehouse(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The month's Parquet files loaded into DuckDB: the rows of the month's files replaced
    in one transaction under the writer lock (loads of several months wait for each other)."""
    month = context.partition_key
    database = Path(duckdb.database)
    report = load_partition(database, month)
    # a new warehouse gets every migration: nothing loaded earlier to extract again
    if 1 not in report.migrations_applied:
        for note in report.reextract_notes():
            context.log.warning(f"{note}, or backfill every month")
    files = PartitionFiles.read(partition_folder(database, month))
    in_month = month_counts(database, month)
    context.log.info(
        f"{month}: loaded into {database}: {in_month}; whole warehouse {report.counts}"
    )
    checked = check_warehouse(database, TABLES, sorted([*files.files, *files.undated]))
    yield dg.MaterializeResult(
        metadata={
            "month": month,
            "database": str(database),
            **{f"rows_{table}": in_month[table] for table in TABLES},
            **{f"warehouse_{table}": report.counts[table] for table in TABLES},
        }
    )
    failures = [f"{table}: {f}" for table, c in checked.items() for f in c.failures]
    shown: dict[str, dg.RawMetadataValue] = {"rows": sum(c.rows_checked for c in checked.values())}
    if failures:
        shown["failures"] = dg.MetadataValue.md("\n".join(f"- {f}" for f in failures))
    yield dg.AssetCheckResult(
        asset_key=WAREHOUSE_KEY, check_name="matches_schema", passed=not failures, metadata=shown
    )


# A process per step, started from a forkserver that has imported the pipeline once: each
# step's process then starts in a fraction of a second instead of importing Dagster, pandas,
# pandera and DuckDB again (several seconds a step).
MULTIPROCESS = dg.multiprocess_executor.configured(
    {"start_method": {"forkserver": {"preload_modules": [__name__]}}}
)

monthly_timeline = dg.define_asset_job(
    "monthly_timeline",
    selection=[PARQUET_KEY, WAREHOUSE_KEY],
    executor_def=MULTIPROCESS,
    description="One month: its articles as Parquet, then loaded into the warehouse.",
)

defs = dg.Definitions(
    assets=[monthly_parquet, monthly_warehouse],
    jobs=[monthly_timeline],
    resources={"duckdb": duckdb_resource()},
    executor=MULTIPROCESS,
)


def monthly_timeline_job() -> dg.JobDefinition:
    """The job, for `dagster.reconstructable` (the multiprocess executor rebuilds it in each
    step's process)."""
    return defs.resolve_job_def("monthly_timeline")
