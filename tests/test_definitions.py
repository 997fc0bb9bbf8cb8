"""The code location loads, and its graph is what the README promises."""

from __future__ import annotations

import dagster as dg

from pipeline.definitions import defs


def test_definitions_load() -> None:
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert keys == {
        "parsed_articles",
        "extractions",
        "warehouse/articles",
        "warehouse/date_mentions",
        "warehouse/money_mentions",
        "warehouse/events",
        "warehouse/rejects",
    }


def test_every_warehouse_table_has_a_schema_check() -> None:
    graph = defs.get_repository_def().asset_graph
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert checks == {
        (f"warehouse/{table}", "matches_schema")
        for table in ("articles", "date_mentions", "money_mentions", "events", "rejects")
    }


def test_schedule_and_sensor() -> None:
    schedule = defs.get_schedule_def("daily_timeline")
    assert schedule.cron_schedule == "0 6 * * *"
    sensor = defs.get_sensor_def("new_seed_files")
    assert sensor.minimum_interval_seconds == 30
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
