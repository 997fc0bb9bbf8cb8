"""The Dagster code location: `dagster dev -m pipeline.definitions` (or `dg dev`)."""

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
)
