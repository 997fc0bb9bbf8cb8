"""The code location loads, and its graph is what the README promises."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipeline.batch import run_folder
from pipeline.definitions import defs
from pipeline.defs.automation import new_seed_files
from tests.conftest import SEED_NAME


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


def evaluate(cursor: str | None) -> dg.SensorResult:
    result = new_seed_files(dg.build_sensor_context(cursor=cursor))
    assert isinstance(result, dg.SensorResult)
    return result


def files_of(result: dg.SensorResult) -> list[list[str]]:
    assert result.run_requests is not None
    return [r.run_config["ops"]["parsed_articles"]["config"]["files"] for r in result.run_requests]


def test_sensor_requests_a_run_for_new_files(timeline_env: tuple[Path, Path]) -> None:
    """The sensor compares the folder with the warehouse's `sources`: a first look asks for
    a run over the folder, and asks nothing more while that run has not loaded; after it,
    only a new file is asked for."""
    seeds, db = timeline_env
    first = evaluate(None)
    assert files_of(first) == [[]]
    waiting = evaluate(first.cursor)
    assert (waiting.run_requests, waiting.skip_reason) == (
        [],
        dg.SkipReason(f"no new change in {seeds} (waiting for run 1)"),
    )
    run_folder(db, seeds)
    loaded = evaluate(waiting.cursor)
    assert (loaded.run_requests, loaded.skip_reason) == (
        [],
        dg.SkipReason(f"no new change in {seeds}"),
    )
    (seeds / "new.txt").write_text(" date 2020-01-02 Днес е вторник.", encoding="utf-8")
    third = evaluate(loaded.cursor)
    assert files_of(third) == [["new.txt"]]
    assert third.cursor is not None and len(third.cursor) < 160  # no file list in it


def test_sensor_acts_on_a_removal_that_restores_an_earlier_folder(
    timeline_env: tuple[Path, Path],
) -> None:
    """Issue 16, point 5: add a file, then remove it: the removal gets its own run over the
    folder, under a run key Dagster has not seen (it drops a request whose key it has seen)."""
    seeds, db = timeline_env
    requests: list[dg.RunRequest] = []
    cursor = None
    for change in ("start", "add", "remove"):
        if change == "add":
            (seeds / "new.txt").write_text(" date 2020-01-02 Днес е вторник.", encoding="utf-8")
        if change == "remove":
            (seeds / "new.txt").unlink()
        result = evaluate(cursor)
        assert result.run_requests is not None and len(result.run_requests) == 1
        requests.extend(result.run_requests)
        cursor = result.cursor
        run_folder(db, seeds, files_of(result)[0])
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
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT source_file FROM sources").fetchall() == [(SEED_NAME,)]
