"""The code location loads, and its graph is what the README promises."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.definitions import defs
from pipeline.defs.automation import new_seed_files


def test_definitions_load() -> None:
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert keys == {
        "parsed_articles",
        "extractions",
        "warehouse/articles",
        "warehouse/date_mentions",
        "warehouse/money_mentions",
        "warehouse/entity_mentions",
        "warehouse/events",
        "warehouse/rejects",
    }


def test_every_warehouse_table_has_a_schema_check() -> None:
    graph = defs.get_repository_def().asset_graph
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert checks == {
        (f"warehouse/{table}", "matches_schema")
        for table in (
            "articles",
            "date_mentions",
            "money_mentions",
            "entity_mentions",
            "events",
            "rejects",
        )
    } | {("warehouse/rejects", "no_rejects_in_run")}


def test_asset_groups() -> None:
    graph = defs.get_repository_def().asset_graph
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {
        "parsed_articles": "ingest",
        "extractions": "extract",
        "warehouse/articles": "warehouse",
        "warehouse/date_mentions": "warehouse",
        "warehouse/money_mentions": "warehouse",
        "warehouse/entity_mentions": "warehouse",
        "warehouse/events": "warehouse",
        "warehouse/rejects": "warehouse",
    }


def test_schedule_and_sensor() -> None:
    schedule = defs.resolve_schedule_def("daily_timeline")
    assert schedule.cron_schedule == "0 6 * * *"
    sensor = defs.resolve_sensor_def("new_seed_files")
    assert sensor.minimum_interval_seconds == 30
    # nothing starts by itself: `make run` has just loaded the folder (README, the Dagster UI)
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED


def test_sensor_requests_a_run_for_new_files(
    timeline_env: tuple[Path, Path],
) -> None:
    seeds, _ = timeline_env
    first = new_seed_files(dg.build_sensor_context(cursor=None))
    assert isinstance(first, dg.SensorResult)
    assert first.run_requests is not None
    assert [r.run_config for r in first.run_requests] == [
        {"ops": {"parsed_articles": {"config": {"files": []}}}}
    ]
    again = new_seed_files(dg.build_sensor_context(cursor=first.cursor))
    assert isinstance(again, dg.SkipReason)
    (seeds / "new.txt").write_text(" date 2020-01-02 Днес е вторник.", encoding="utf-8")
    third = new_seed_files(dg.build_sensor_context(cursor=first.cursor))
    assert isinstance(third, dg.SensorResult)
    assert third.run_requests is not None
    assert [r.run_config for r in third.run_requests] == [
        {"ops": {"parsed_articles": {"config": {"files": ["new.txt"]}}}}
    ]


def test_sensor_acts_on_a_removal_that_restores_an_earlier_folder(
    timeline_env: tuple[Path, Path],
) -> None:
    """Issue 16, point 5: add a file, then remove it: the removal gets its own full run,
    under a run key Dagster has not seen (it drops a request whose key it has seen)."""
    seeds, _ = timeline_env
    requests: list[dg.RunRequest] = []
    cursor = None
    for change in ("start", "add", "remove"):
        if change == "add":
            (seeds / "new.txt").write_text(" date 2020-01-02 Днес е вторник.", encoding="utf-8")
        if change == "remove":
            (seeds / "new.txt").unlink()
        result = new_seed_files(dg.build_sensor_context(cursor=cursor))
        assert isinstance(result, dg.SensorResult) and result.run_requests is not None
        requests.extend(result.run_requests)
        cursor = result.cursor
    assert [r.run_config["ops"]["parsed_articles"]["config"]["files"] for r in requests] == [
        [],
        ["new.txt"],
        [],
    ]
    assert [r.tags["reason"] for r in requests] == [
        "first look at the folder: 1 files",
        "1 new or changed: new.txt",
        "1 removed: new.txt",
    ]
    keys = [str(r.run_key) for r in requests]
    assert [key.split("-")[0] for key in keys] == ["full", "files", "full"]
    assert [key.rsplit("-", 1)[1] for key in keys] == ["1", "2", "3"]
    assert len(set(keys)) == 3
