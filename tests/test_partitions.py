"""Monthly partitions (issue 15): the month of an article, the files of a partition, its
Parquet files, an idempotent load of one month, and months materialised side by side by
Dagster's multiprocess executor."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from pipeline.batch import run_folder
from pipeline.extract.article import read_article
from pipeline.partitions import (
    MANIFEST,
    PartitionFiles,
    StalePartitionError,
    build_partition,
    load_partition,
    month_counts,
    month_of_file,
    month_of_header,
    partition_folder,
    partitions_start,
    scan_months,
)
from pipeline.stream import plan_run
from tests.conftest import REPO, SEED_NAME

TABLES = ("articles", "date_mentions", "money_mentions", "entity_mentions", "events", "rejects")

# a small archive of three months, a file without a header and one that is not an article
ARTICLES = {
    "jan_budget.txt": " date 2024-01-15\n\nБюджетът е приет\n\n"
    "Министър Иван Петров обяви на 20 януари, че държавата ще отпусне 5 млн. лева за пътища.",
    "jan_brussels.txt": " date 2024-01-30\n\nСреща в Брюксел\n\n"
    "Премиерът се срещна с председателя на Европейската комисия в Брюксел на 29 януари.",
    "feb_elections.txt": " date 2024-02\n\nИзбори\n\nПарламентът насрочи изборите за 9 юни 2024 г.",
    "feb_empty.txt": " date 2024-02-10\n\n",
    "mar_aid.txt": " date 2024-03-05\n\nПомощ за Украйна\n\n"
    "Европейският съюз отпусна 50 млрд. евро помощ на Украйна през март.",
    "no_header.txt": "Просто текст без дата.",
    "notes.md": "not an article",
}
# the rows of the small archive of these tests, whichever way it is loaded
ARCHIVE_COUNTS = {
    "articles": 4,
    "date_mentions": 4,
    "money_mentions": 2,
    "entity_mentions": 7,
    "events": 9,
    "rejects": 3,
    "sources": 7,
}
MONTHS = ("2024-01", "2024-02", "2024-03")


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in (*TABLES, "sources")}


def contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in a stable order, without the times of the load."""
    times = {"articles": "loaded_at", "sources": "loaded_at", "rejects": "rejected_at"}
    found: dict[str, list[tuple[Any, ...]]] = {}
    for table in (*TABLES, "sources"):
        columns = f"* EXCLUDE ({times[table]})" if table in times else "*"
        found[table] = rows(db, f"SELECT {columns} FROM {table} ORDER BY ALL")
    return found


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load_months(db: Path, folder: Path, months: tuple[str, ...] = MONTHS) -> None:
    for month in months:
        build_partition(db, folder, month, workers=1)
        load_partition(db, month)


# --- the month of an article --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [
        (" date 2024-11-13 Текст", "2024-11"),
        (" date 2024-11\n\nТекст", "2024-11"),  # a month-only date belongs to that month
        ("date 2008-02-29\nТекст", "2008-02"),
        ("\ufeff date 2020-12-31\r\nТекст", "2020-12"),
        ("\t date 2019-01\r\rТекст", "2019-01"),
        ("Текст без заглавие", None),
        (" date 2024-13-01\nТекст", None),  # no month 13
        (" date 2023-02-29\nТекст", None),  # not a leap year
        (" date 1700-05\nТекст", None),  # outside the years the reader accepts
        (" date 2024-11-133 Текст", None),
        (" дата 2024-11-13 Текст", None),
    ],
)
def test_month_of_header(text: str, month: str | None) -> None:
    assert month_of_header(text) == month


@pytest.mark.parametrize(
    ("data", "month"),
    [
        (" date 2024-05-02\n\nЗаседание".encode(), "2024-05"),
        ("\ufeff date 2024-05\n\nЗаседание".encode(), "2024-05"),  # UTF-8 with a BOM
        (" date 2024-06-01\n\nЗаседание".encode("utf-16"), "2024-06"),  # with its BOM
        (" date 2024-07-01\n\nЗаседание".encode("cp1251"), "2024-07"),
        (" date 2024-08-01\n\nЗаседание".encode("koi8-r"), "2024-08"),
        ("Заседание".encode(), None),
        (b"", None),
    ],
)
def test_month_of_file(tmp_path: Path, data: bytes, month: str | None) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert month_of_file(path) == month


def test_the_month_is_the_month_the_reader_reads(archive: Path) -> None:
    shutil.copy(REPO / "seeds" / SEED_NAME, archive / SEED_NAME)
    for path in sorted(archive.glob("*.txt")):
        if path.name in ("no_header.txt", "feb_empty.txt"):
            continue
        assert month_of_file(path) == read_article(path).published[:7], path.name


def test_partitions_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIMELINE_PARTITIONS_START", raising=False)
    assert partitions_start() == "2008-01"
    monkeypatch.setenv("TIMELINE_PARTITIONS_START", "1995-03")
    assert partitions_start() == "1995-03"
    monkeypatch.setenv("TIMELINE_PARTITIONS_START", "1995-3")
    with pytest.raises(ValueError, match="YYYY-MM"):
        partitions_start()


# --- the files of a partition -------------------------------------------------------------


def test_the_files_of_each_month(archive: Path) -> None:
    found = scan_months(archive)
    assert {m: [e.name for e in entries] for m, entries in found.by_month.items()} == {
        "2024-01": ["jan_brussels.txt", "jan_budget.txt"],
        "2024-02": ["feb_elections.txt", "feb_empty.txt"],
        "2024-03": ["mar_aid.txt"],
    }
    assert [e.name for e in found.undated] == ["no_header.txt", "notes.md"]


def test_a_partition_is_written_as_parquet(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "warehouse" / "timeline.duckdb"
    built = build_partition(db, archive, "2024-02", workers=1)
    folder = tmp_path / "warehouse" / "partitions" / "2024-02"
    assert built.folder == folder == partition_folder(db, "2024-02")
    # the month's two files; its empty article and the two undated entries are rejects
    assert (built.files, built.undated) == (
        ["feb_elections.txt", "feb_empty.txt"],
        ["no_header.txt", "notes.md"],
    )
    assert built.rows == {
        "articles": 1,
        "date_mentions": 1,
        "money_mentions": 0,
        "entity_mentions": 0,
        "events": 2,
        "rejects": 3,
    }
    # a table without rows in the month has no file (no entity was named in February)
    assert sorted(p.name for p in folder.iterdir()) == [
        "articles.parquet",
        "date_mentions.parquet",
        "events.parquet",
        MANIFEST,
        "rejects.parquet",
        "sources.parquet",
    ]
    assert PartitionFiles.read(folder).rows == built.rows
    assert built.other_months == {"2024-01": 2, "2024-03": 1}
    assert not db.exists()  # nothing loaded yet: the warehouse is the next step
    with duckdb.connect() as conn:
        found = conn.execute(
            f"SELECT source_file, stage FROM read_parquet('{folder / 'rejects.parquet'}') "
            "ORDER BY 1"
        ).fetchall()
    assert found == [("feb_empty.txt", "read"), ("no_header.txt", "read"), ("notes.md", "read")]
    assert not list((tmp_path / "warehouse" / "chunks").iterdir())  # the chunks are gone


# --- loading a partition ------------------------------------------------------------------


def test_loading_a_month_twice_gives_the_same_rows(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    load_months(db, archive, ("2024-01",))
    first = contents(db)
    assert counts(db) == {
        "articles": 2,
        "date_mentions": 2,
        "money_mentions": 1,
        "entity_mentions": 4,
        "events": 5,
        "rejects": 2,
        "sources": 4,
    }
    assert month_counts(db, "2024-01") == {
        "articles": 2,
        "date_mentions": 2,
        "money_mentions": 1,
        "entity_mentions": 4,
        "events": 5,
        "rejects": 2,
    }
    load_months(db, archive, ("2024-01",))
    assert contents(db) == first
    # the load alone, from the same Parquet files, again
    load_partition(db, "2024-01")
    assert contents(db) == first


def test_every_month_loaded_is_what_one_run_of_the_folder_loads(
    archive: Path, tmp_path: Path
) -> None:
    partitioned = tmp_path / "partitioned.duckdb"
    load_months(partitioned, archive, ("2024-03", "2024-01", "2024-02"))
    whole = tmp_path / "whole.duckdb"
    run_folder(whole, archive, workers=1)
    assert contents(partitioned) == contents(whole)
    assert counts(partitioned) == ARCHIVE_COUNTS
    # the sources rows are the same too: an unpartitioned run afterwards reads nothing again
    plan = plan_run(partitioned, archive)
    assert (len(plan.candidates), plan.unchanged, plan.removed) == (0, 7, [])


def test_a_file_that_leaves_its_month_leaves_its_rows(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    load_months(db, archive)
    moved = archive / "jan_budget.txt"
    moved.write_text(ARTICLES["jan_budget.txt"].replace("2024-01-15", "2024-03-15"), "utf-8")
    (archive / "mar_aid.txt").unlink()
    (archive / "no_header.txt").unlink()

    def published() -> list[tuple[Any, ...]]:
        return rows(db, "SELECT source_file, published FROM articles ORDER BY 1")

    # March first: the moved article is replaced by its new month, the removed one goes
    build_partition(db, archive, "2024-03", workers=1)
    load_partition(db, "2024-03")
    assert published() == [
        ("feb_elections.txt", "2024-02"),
        ("jan_brussels.txt", "2024-01-30"),
        ("jan_budget.txt", "2024-03-15"),
    ]
    # January's Parquet files were written before the move: loading them again would bring
    # the old version back over the new one, so the load is refused and nothing changes
    with pytest.raises(
        StalePartitionError,
        match=r"of 2024-01 are older than 2 of its files \(jan_budget.txt, no_header.txt\)",
    ):
        load_partition(db, "2024-01")
    assert month_counts(db, "2024-01")["articles"] == 1
    build_partition(db, archive, "2024-01", workers=1)
    load_partition(db, "2024-01")
    assert published() == [
        ("feb_elections.txt", "2024-02"),
        ("jan_brussels.txt", "2024-01-30"),
        ("jan_budget.txt", "2024-03-15"),
    ]
    assert rows(db, "SELECT source_file FROM rejects ORDER BY 1") == [
        ("feb_empty.txt",),
        ("notes.md",),
    ]
    whole = tmp_path / "whole.duckdb"
    run_folder(whole, archive, workers=1)
    assert contents(db) == contents(whole)


@pytest.mark.parametrize("order", [("2024-01", "2024-03"), ("2024-03", "2024-01")])
def test_a_moved_file_is_in_its_new_month_whichever_month_loads_first(
    archive: Path, tmp_path: Path, order: tuple[str, str]
) -> None:
    db = tmp_path / "timeline.duckdb"
    load_months(db, archive)
    moved = archive / "jan_budget.txt"
    moved.write_text(ARTICLES["jan_budget.txt"].replace("2024-01-15", "2024-03-15"), "utf-8")
    for month in order:
        build_partition(db, archive, month, workers=1)
    for month in order:
        load_partition(db, month)
    assert rows(db, "SELECT published FROM articles WHERE source_file = 'jan_budget.txt'") == [
        ("2024-03-15",)
    ]
    whole = tmp_path / "whole.duckdb"
    run_folder(whole, archive, workers=1)
    assert contents(db) == contents(whole)


def test_a_removed_file_leaves_with_its_month(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    load_months(db, archive)
    (archive / "jan_brussels.txt").unlink()
    build_partition(db, archive, "2024-01", workers=1)
    load_partition(db, "2024-01")
    assert rows(db, "SELECT source_file FROM articles ORDER BY 1") == [
        ("feb_elections.txt",),
        ("jan_budget.txt",),
        ("mar_aid.txt",),
    ]
    assert rows(db, "SELECT count(*) FROM sources WHERE source_file = 'jan_brussels.txt'") == [(0,)]


# --- Dagster: months side by side under the multiprocess executor -------------------------


def test_the_partitioned_location() -> None:
    import datetime as dt

    from pipeline.definitions import defs as default_defs
    from pipeline.defs.partitioned import MONTHLY, defs, monthly_timeline_job

    graph = defs.get_repository_def().asset_graph
    assert {k.to_user_string() for k in graph.get_all_asset_keys()} == {
        "monthly/parquet",
        "monthly/warehouse",
    }
    assert {graph.get(k).partitions_def for k in graph.get_all_asset_keys()} == {MONTHLY}
    keys = MONTHLY.get_partition_keys()
    assert keys[:2] == ["2008-01", "2008-02"]
    assert keys[-1] == dt.datetime.now(dt.UTC).strftime("%Y-%m")  # this month has one
    job = monthly_timeline_job()
    assert (job.name, job.executor_def.name, job.partitions_def) == (
        "monthly_timeline",
        "multiprocess",
        MONTHLY,
    )
    # the default location (`make run`, `make dev`) has none of them
    default_keys = default_defs.get_repository_def().asset_graph.get_all_asset_keys()
    assert not {k.to_user_string() for k in default_keys} & {"monthly/parquet", "monthly/warehouse"}


def test_months_materialised_side_by_side_with_the_multiprocess_executor(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three months launched at once, as a backfill launches them (a run per month), each run
    on the multiprocess executor (a process per step): the three loads meet at the writer
    lock. Runs are separate processes (`dagster job execute`), as the UI's run launcher
    starts them; Dagster's execution is not meant for threads of one process."""
    from pipeline.defs.partitioned import MONTHLY, PARQUET_KEY, WAREHOUSE_KEY

    (archive / "old.txt").write_text(" date 1999-05-01\n\nСтара статия за срещата.", "utf-8")
    db = tmp_path / "warehouse" / "timeline.duckdb"
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = {
        **os.environ,
        "TIMELINE_SEEDS": str(archive),
        "TIMELINE_DB": str(db),
        "TIMELINE_WORKERS": "1",
        "DAGSTER_HOME": str(home),
    }
    assert MONTHLY.get_partition_keys()[0] == "2008-01"
    # the instance's storage is made once, before the runs (as `dagster dev` does)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    dg.DagsterInstance.get().dispose()
    dagster = Path(sys.executable).with_name("dagster")
    runs = []
    for month in MONTHS:
        log = (tmp_path / f"{month}.log").open("w")
        command = [str(dagster), "job", "execute", "-m", "pipeline.defs.partitioned"]
        command += ["-j", "monthly_timeline", "--tags", json.dumps({"dagster/partition": month})]
        runs.append((month, log, subprocess.Popen(command, env=env, stdout=log, stderr=log)))
    for month, log, process in runs:
        assert process.wait() == 0, (tmp_path / f"{month}.log").read_text()
        log.close()
    with dg.DagsterInstance.get() as instance:
        records = instance.get_run_records()
        assert sorted(r.dagster_run.tags["dagster/partition"] for r in records) == list(MONTHS)
        assert {r.dagster_run.status for r in records} == {dg.DagsterRunStatus.SUCCESS}
        for key in (PARQUET_KEY, WAREHOUSE_KEY):
            assert instance.get_materialized_partitions(key) == set(MONTHS)
        events = [
            record.event_log_entry.dagster_event
            for run in records
            for record in instance.get_records_for_run(run.dagster_run.run_id).records
            if record.event_log_entry.dagster_event is not None
        ]
    assert sum(e.event_type == dg.DagsterEventType.RUN_SUCCESS for e in events) == 3
    # each step ran in a process of its own: two steps a month, six processes
    starts = [e for e in events if e.event_type == dg.DagsterEventType.STEP_START]
    assert len({e.pid for e in starts}) == len(starts) == 6
    checks = [
        (e.event_specific_data.check_name, e.event_specific_data.passed)
        for e in events
        if isinstance(e.event_specific_data, dg.AssetCheckEvaluation)
    ]
    assert checks == [("matches_schema", True)] * 3
    assert counts(db) == ARCHIVE_COUNTS
    assert sorted(p.name for p in (tmp_path / "warehouse" / "partitions").iterdir()) == list(MONTHS)
    # the 1999 article has no partition: it is named in the log, not loaded
    assert rows(db, "SELECT count(*) FROM articles WHERE source_file = 'old.txt'") == [(0,)]
    assert "1 files of" in (tmp_path / "2024-02.log").read_text()
