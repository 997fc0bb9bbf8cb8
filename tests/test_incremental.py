"""Incremental and streaming runs (issue 15): a file already loaded under the current
extractor version is not read or extracted again, in any kind of run; removed files lose
their rows; chunks extracted in a pool of processes give the rows one process gives."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

import pipeline.stream as stream
from pipeline.batch import run_folder
from pipeline.defs.assets import extractions, parsed_articles, warehouse_tables
from pipeline.event_groups import assign_event_groups
from pipeline.extract import rates
from pipeline.stream import ProgressMeter, plan_run
from pipeline.validation import check_warehouse
from tests.conftest import SEED_NAME

EXTRA = " date 2020-03-05\n\nЗаглавие\n\nСрещата е на 10 март."
TABLES = ("articles", "date_mentions", "money_mentions", "entity_mentions", "events", "rejects")


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in (*TABLES, "sources")}


def loaded_at(db: Path) -> dict[str, Any]:
    return dict(rows(db, "SELECT source_file, loaded_at FROM articles"))


@pytest.fixture
def folder(seeds_dir: Path) -> Path:
    (seeds_dir / "extra.txt").write_text(EXTRA, encoding="utf-8")
    (seeds_dir / "no_header.txt").write_text("Просто текст без дата.", encoding="utf-8")
    (seeds_dir / "notes.md").write_text("not an article", encoding="utf-8")
    return seeds_dir


def test_an_unchanged_file_is_not_read_again(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    first = run_folder(db, folder)
    assert (len(first.plan.candidates), first.plan.unchanged) == (4, 0)
    assert (first.extracted.read.articles, first.extracted.read.read_rejects) == (2, 2)
    assert counts(db) == {
        "articles": 2,
        "date_mentions": 7,
        "money_mentions": 2,
        "entity_mentions": 33,
        "events": 17,
        "rejects": 2,
        "sources": 4,
    }
    before = loaded_at(db)

    again = run_folder(db, folder)
    assert (len(again.plan.candidates), again.plan.unchanged) == (0, 4)
    assert (again.extracted.read.articles, len(again.extracted.chunks)) == (0, 0)
    assert counts(db)["events"] == 17
    assert loaded_at(db) == before  # nothing was loaded again

    # the same bytes with a new change time: hashed, found the same, only its time recorded
    later = time.time_ns() + 10**9
    os.utime(folder / "extra.txt", ns=(later, later))
    touched = run_folder(db, folder)
    assert (len(touched.plan.candidates), touched.extracted.read.touched) == (1, 1)
    assert touched.extracted.read.articles == 0
    assert rows(db, "SELECT mtime_ns FROM sources WHERE source_file = 'extra.txt'") == [(later,)]
    assert loaded_at(db) == before

    # changed bytes: only that file is read and its rows replaced
    (folder / "extra.txt").write_text(EXTRA.replace("10 март", "12 март"), encoding="utf-8")
    changed = run_folder(db, folder)
    assert changed.extracted.read.articles == 1
    assert rows(
        db,
        "SELECT d.text FROM date_mentions d JOIN articles a USING (article_id) "
        "WHERE a.source_file = 'extra.txt'",
    ) == [("12 март",)]
    assert loaded_at(db)[SEED_NAME] == before[SEED_NAME]

    # a removed file loses its rows and its sources row
    (folder / "no_header.txt").unlink()
    removed = run_folder(db, folder)
    assert (removed.plan.removed, len(removed.plan.candidates)) == (["no_header.txt"], 0)
    assert rows(db, "SELECT source_file, outcome FROM sources ORDER BY 1") == [
        (SEED_NAME, "article"),
        ("extra.txt", "article"),
        ("notes.md", "reject"),
    ]
    assert rows(db, "SELECT source_file FROM rejects") == [("notes.md",)]


def test_a_new_extractor_version_extracts_everything_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, folder)
    before = loaded_at(db)
    monkeypatch.setattr(stream, "EXTRACTOR_VERSION", "test-2")
    again = run_folder(db, folder)
    assert (len(again.plan.candidates), again.plan.unchanged) == (4, 0)
    assert (again.extracted.read.articles, again.extracted.read.read_rejects) == (2, 2)
    assert rows(db, "SELECT DISTINCT extractor_version FROM sources") == [("test-2",)]
    assert all(loaded_at(db)[name] > before[name] for name in before)
    assert counts(db)["events"] == 17
    assert len(run_folder(db, folder).plan.candidates) == 0


def test_new_exchange_rates_extract_only_the_articles_with_foreign_amounts(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed converts USD amounts (its rows carry the rate history); extra.txt has no
    amount, so a new ECB history does not make it stale."""
    db = tmp_path / "timeline.duckdb"
    run_folder(db, folder)
    assert rows(db, "SELECT source_file, rates_version FROM sources ORDER BY 1") == [
        (SEED_NAME, rates.history().source),
        ("extra.txt", None),
        ("no_header.txt", None),
        ("notes.md", None),
    ]
    fetched = SimpleNamespace(source="ecb-fetched:2026-12-01")
    monkeypatch.setattr(rates, "history", lambda: fetched)
    plan = plan_run(db, folder)
    assert [c.entry.name for c in plan.candidates] == [SEED_NAME]


def test_a_removed_original_frees_its_copy(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    (seeds_dir / "zz_copy.txt").write_bytes((seeds_dir / SEED_NAME).read_bytes())
    run_folder(db, seeds_dir)
    assert rows(db, "SELECT source_file, duplicate_of FROM rejects") == [("zz_copy.txt", SEED_NAME)]
    (seeds_dir / SEED_NAME).unlink()
    freed = run_folder(db, seeds_dir)
    assert freed.plan.removed == [SEED_NAME]
    assert [c.entry.name for c in freed.plan.candidates] == ["zz_copy.txt"]
    assert rows(db, "SELECT source_file FROM articles") == [("zz_copy.txt",)]
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
    assert rows(db, "SELECT count(*) FROM events") == [(16,)]
    assert rows(db, "SELECT source_file, outcome FROM sources") == [("zz_copy.txt", "article")]


def table_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    skip = {"articles": " EXCLUDE (loaded_at)", "rejects": " EXCLUDE (rejected_at)"}
    return {t: rows(db, f"SELECT *{skip.get(t, '')} FROM {t} ORDER BY ALL") for t in TABLES}


def test_chunks_in_a_pool_of_processes_give_the_rows_of_one_process(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "copy.txt").write_bytes((folder / SEED_NAME).read_bytes())
    (folder / "third.txt").write_text(
        " date 2021-06-01\n\nДруго\n\nИзборите са на 4 юли.", encoding="utf-8"
    )
    one, pool = tmp_path / "one.duckdb", tmp_path / "pool.duckdb"
    single = run_folder(one, folder, chunk=500, workers=1)
    assert len(single.extracted.chunks) == 1
    pooled = run_folder(pool, folder, chunk=1, workers=2)
    assert len(pooled.extracted.chunks) == 3
    assert [c.articles for c in pooled.extracted.chunks] == [1, 1, 1]
    assert table_rows(pool) == table_rows(one)
    assert rows(pool, "SELECT source_file, duplicate_of FROM rejects WHERE stage = 'read' "
                "AND duplicate_of IS NOT NULL") == [("copy.txt", SEED_NAME)]  # fmt: skip
    assert not list((tmp_path / "chunks").iterdir())  # each run deletes its chunks


ASSETS = [parsed_articles, extractions, warehouse_tables]


def materialize(db: Path, files: list[str] | None = None) -> dg.ExecuteInProcessResult:
    config = {"ops": {"parsed_articles": {"config": {"files": files or []}}}}
    result = dg.materialize(
        ASSETS, resources={"duckdb": DuckDBResource(database=str(db))}, run_config=config
    )
    assert result.success
    return result


def read_metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    (event,) = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey("parsed_articles")
    ]
    materialization = event.step_materialization_data.materialization
    return {key: value.value for key, value in materialization.metadata.items()}


@pytest.mark.e2e
def test_dagster_runs_of_every_kind_skip_unchanged_files(timeline_env: tuple[Path, Path]) -> None:
    """A run over the folder (`make run`, the daily schedule) and a run over named files
    (the sensor's) both leave an unchanged file alone; the checks pass on every run."""
    seeds, db = timeline_env
    first = read_metadata(materialize(db))
    assert (first["articles"], first["unchanged"], first["chunks"]) == (1, 0, 1)
    full = materialize(db)
    assert (read_metadata(full)["articles"], read_metadata(full)["unchanged"]) == (0, 1)
    assert all(check.passed for check in full.get_asset_check_evaluations())
    named = read_metadata(materialize(db, [SEED_NAME]))
    assert (named["articles"], named["unchanged"]) == (0, 1)
    (seeds / "extra.txt").write_text(EXTRA, encoding="utf-8")
    new = materialize(db, ["extra.txt"])
    assert (read_metadata(new)["articles"], read_metadata(new)["unchanged"]) == (1, 0)
    assert counts(db)["events"] == 17


def test_the_checks_find_what_breaks_a_table(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    checks = check_warehouse(db, TABLES)
    assert {t: (c.passed, c.rows_checked) for t, c in checks.items()} == {
        "articles": (True, 1),
        "date_mentions": (True, 6),
        "money_mentions": (True, 2),
        "entity_mentions": (True, 33),
        "events": (True, 16),
        "rejects": (True, 0),
    }
    assert check_warehouse(db, ["events"], scope=["other.txt"])["events"].rows_checked == 0
    with duckdb.connect(str(db)) as conn:
        conn.execute("INSERT INTO events SELECT * FROM events LIMIT 1")
        conn.execute("UPDATE date_mentions SET kind = 'nonsense' WHERE text = '13 ноември'")
        conn.execute("UPDATE money_mentions SET article_id = 'ffffffffffffffff'")
        conn.execute("INSERT INTO sources SELECT * REPLACE ('lost.txt' AS source_file) "
                     "FROM sources")  # fmt: skip
    broken = check_warehouse(db, TABLES)
    assert {t: c.failures for t, c in broken.items()} == {
        "articles": ["1 files in sources are neither an article nor a reject"],
        "date_mentions": ["1 pandera failures in a batch of 6"],  # kind is not a known kind
        "money_mentions": ["2 rows whose article_id is not in articles"],
        "entity_mentions": [],
        "events": [
            "event_id: 1 values appear more than once",  # the whole table, in SQL
            "2 pandera failures in a batch of 17",  # and within the batch, by pandera
        ],
        "rejects": [],
    }
    assert broken["date_mentions"].failure_cases is not None


def test_progress_says_done_rate_and_time_left() -> None:
    meter = ProgressMeter(total=1000, started=time.monotonic() - 10)
    meter.add(250)
    line = meter.line()
    assert line.startswith("250/1,000 articles (25.0/s, about 30 s left)") or line.startswith(
        "250/1,000 articles (24.9/s, about 30 s left)"
    )
    meter.add(750)
    assert meter.line().endswith("/s)")


SHARED_GROUPS = 7  # each of the seed's 7 groups gets its next-day telling


def groups(db: Path) -> list[tuple[Any, ...]]:
    return rows(db, "SELECT event_id, event_group_id FROM events ORDER BY 1")


def test_new_articles_extend_the_event_groups_as_a_full_recompute_would(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """A run that only adds articles extends the groups (`add_event_groups`) instead of
    recomputing them over the whole table; the groups are the same as a recompute's. The
    seed told again a day later is the same events: they join the seed's groups."""
    text = (seeds_dir / SEED_NAME).read_text(encoding="utf-8")
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    seed_groups = groups(db)
    assert len({g for _, g in seed_groups if g is not None}) == SHARED_GROUPS
    (seeds_dir / "next_day.txt").write_text(
        text.replace(" date 2024-11", " date 2024-11-14", 1), encoding="utf-8"
    )
    (seeds_dir / "unrelated.txt").write_text(EXTRA, encoding="utf-8")
    run_folder(db, seeds_dir)
    extended = groups(db)
    assert len(extended) == 16 + 16 + 1
    with duckdb.connect(str(db)) as conn:
        assign_event_groups(conn)
    assert groups(db) == extended
    shared = rows(
        db,
        "SELECT event_group_id FROM events WHERE event_group_id IS NOT NULL "
        "GROUP BY 1 HAVING count(DISTINCT article_id) > 1",
    )
    assert len(shared) == SHARED_GROUPS
