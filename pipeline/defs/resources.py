"""The DuckDB resource: one key, `duckdb`, whose file comes from `TIMELINE_DB`."""

from __future__ import annotations

from dagster_duckdb import DuckDBResource

from pipeline.warehouse import database_path


def duckdb_resource() -> DuckDBResource:
    return DuckDBResource(database=str(database_path()))
