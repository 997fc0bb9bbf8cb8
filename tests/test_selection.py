"""`select_events` over the query index of migration 005 (`event_actors`, `actor_names`)
gives the rows the lists give, and the loads keep the index in step with `events`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pipeline.batch import run_folder
from pipeline.event_index import index_events
from pipeline.selection import Selection, _has_actor_index, latest_events, select_events
from tests.conftest import SEED_NAME

SELECTIONS = [
    Selection(actor="Blinken"),
    Selection(actor="блинкен"),
    Selection(actor="Blinken", place="Брюксел"),
    Selection(actor="Рюте", event_type="meeting"),
    Selection(actor="'; DROP TABLE events; --"),
    Selection(date_from=dt.date(2024, 11, 13), date_to=dt.date(2024, 11, 13), limit=3),
    Selection(text="ИЗБОРИ"),
    Selection(),
]


def index_rows(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT event_id, actor FROM event_actors ORDER BY ALL").fetchall()


def list_rows(db: Path) -> list[tuple[str, str]]:
    """What the index must hold: one row per event and distinct actor of `events`."""
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(
            "SELECT DISTINCT event_id, unnest(actors) FROM events ORDER BY ALL"
        ).fetchall()


def test_the_index_gives_the_rows_of_the_lists(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert _has_actor_index(conn)
        indexed = [select_events(conn, s) for s in SELECTIONS]
    assert [[r["event_id"] for r in rows] for rows in indexed[:2]] == [
        [
            "f05f0e3e15feaae8-0002-0",
            "f05f0e3e15feaae8-0003-1",
            "f05f0e3e15feaae8-0006-0",
            "f05f0e3e15feaae8-0007-0",
            "f05f0e3e15feaae8-0010-0",
            "f05f0e3e15feaae8-0014-0",
            "f05f0e3e15feaae8-0000-1",
            "f05f0e3e15feaae8-0013-0",
        ]
    ] * 2
    assert [len(rows) for rows in indexed] == [8, 8, 2, 1, 0, 3, 1, 16]
    # the same warehouse without the index (as before migration 005): the same rows
    with duckdb.connect(str(db)) as conn:
        conn.execute("DROP TABLE event_actors")
        conn.execute("DROP TABLE actor_names")
        assert not _has_actor_index(conn)
        assert [select_events(conn, s) for s in SELECTIONS] == indexed


def test_loads_keep_the_index_in_step_with_the_events(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    seed = seeds_dir / SEED_NAME
    run_folder(db, seeds_dir)
    assert index_rows(db) == list_rows(db) != []
    # a second article added, then the first changed: its old events leave the index
    (seeds_dir / "next_day.txt").write_text(
        seed.read_text(encoding="utf-8").replace(" date 2024-11", " date 2024-11-14", 1),
        encoding="utf-8",
    )
    run_folder(db, seeds_dir)
    seed.write_text(seed.read_text(encoding="utf-8") + "\nБлинкен се срещна с Рюте.\n")
    run_folder(db, seeds_dir)
    assert index_rows(db) == list_rows(db)
    seed.unlink()
    run_folder(db, seeds_dir)
    assert index_rows(db) == list_rows(db)
    with duckdb.connect(str(db)) as conn:
        before = conn.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall()
        index_events(conn, None)
        assert conn.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall() == before
        assert ("антъни блинкен", "antony blinken") in {(r[1], r[2]) for r in before}


def test_offset_skips_rows_of_the_ordered_timeline(seeds_dir: Path, tmp_path: Path) -> None:
    """What the events asset's chart reads: the latest dated events, not the whole timeline."""
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db), read_only=True) as conn:
        every = select_events(conn, Selection())
        assert select_events(conn, Selection(limit=3, offset=2)) == every[2:5]
        assert select_events(conn, Selection(offset=14)) == every[14:] != []


def test_latest_events_are_the_end_of_the_dated_timeline(seeds_dir: Path, tmp_path: Path) -> None:
    """What the events asset's chart reads: the last dated events in timeline order, read
    without an offset; the vague dates (`FUTURE_REF`) after them are not among them."""
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db), read_only=True) as conn:
        every = select_events(conn, Selection())
        latest = latest_events(conn, 3)
        assert [r["event_id"].removeprefix("f05f0e3e15feaae8-") for r in latest] == [
            "0000-1",
            "0003-0",
            "0005-0",
        ]
        assert [r["date_value"] for r in latest] == ["2024-11-13", "2025", "2025-02-23"]
        assert latest == every[10:13]
        assert latest_events(conn, 100) == every[:13]
        assert latest_events(conn, 0) == []
