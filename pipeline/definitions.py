"""The Dagster code location: `dagster dev -m pipeline.definitions` (or `dg dev`).

Runs use the in-process executor: the three steps form a line (nothing runs beside another),
and the extraction step has its own pool of processes (`TIMELINE_WORKERS`), so a process per
step (the multiprocess executor) would only add its start-up, about 5 to 10 s per step, to
every run, a run of one new file included (docs/performance.md)."""

from __future__ import annotations

import dagster as dg

from pipeline.defs.assets import extractions, parsed_articles, warehouse_tables
from pipeline.defs.automation import daily_timeline, new_seed_files
from pipeline.defs.rates import ecb_rates_update, weekly_ecb_rates
from pipeline.defs.resources import duckdb_resource

defs = dg.Definitions(
    assets=[parsed_articles, extractions, warehouse_tables],
    jobs=[ecb_rates_update],
    schedules=[daily_timeline, weekly_ecb_rates],
    sensors=[new_seed_files],
    resources={"duckdb": duckdb_resource()},
    executor=dg.in_process_executor,
)
