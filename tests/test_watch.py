from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipeline.watch import SensorCursor, folder_state, next_seed_run, plan_seed_run

NOW = dt.datetime(2026, 12, 3, 10, 0, 0, 123456, tzinfo=dt.UTC)


def test_first_look_is_a_full_load() -> None:
    plan = plan_seed_run(None, {"a.txt": "1"}, "g-1")
    assert plan is not None
    assert plan.files == ()
    assert plan.run_key == "full-g-1"


def test_no_change_requests_nothing() -> None:
    assert plan_seed_run({"a.txt": "1"}, {"a.txt": "1"}, "g-2") is None


def test_new_and_changed_files_are_loaded_alone() -> None:
    plan = plan_seed_run(
        {"a.txt": "1", "b.txt": "2"}, {"a.txt": "1", "b.txt": "3", "c.txt": "4"}, "g-2"
    )
    assert plan is not None
    assert plan.files == ("b.txt", "c.txt")
    assert plan.reason == "2 new or changed: b.txt, c.txt"
    assert plan.run_key == "files-g-2"


def test_a_removed_file_needs_a_full_load() -> None:
    plan = plan_seed_run({"a.txt": "1", "b.txt": "2"}, {"a.txt": "1"}, "g-3")
    assert plan is not None
    assert plan.files == ()
    assert plan.reason == "1 removed: b.txt"


def test_a_removal_back_to_an_earlier_state_gets_a_new_run_key() -> None:
    """Issue 16, point 5: the folder returns to a state loaded before (b.txt added, then
    removed); the removal still gets a run of its own, with a key not used before."""
    cursor = SensorCursor.loads(None, NOW)
    states = [{"a.txt": "1"}, {"a.txt": "1", "b.txt": "2"}, {"a.txt": "1"}]
    plans = []
    for state in states:
        plan, cursor = next_seed_run(cursor, state)
        assert plan is not None
        plans.append(plan)
        cursor = SensorCursor.loads(cursor.dumps(), NOW)
    assert [(p.run_key, p.files, p.reason) for p in plans] == [
        ("full-20261203T100000123456Z-1", (), "first look at the folder: 1 files"),
        ("files-20261203T100000123456Z-2", ("b.txt",), "1 new or changed: b.txt"),
        ("full-20261203T100000123456Z-3", (), "1 removed: b.txt"),
    ]
    unchanged, same = next_seed_run(cursor, {"a.txt": "1"})
    assert unchanged is None and same == cursor
    # an evaluation Dagster retries (same cursor, same folder) makes the same key: one run
    retried = [next_seed_run(cursor, {"a.txt": "1", "c.txt": "3"})[0] for _ in range(2)]
    assert [p.run_key for p in retried if p] == ["files-20261203T100000123456Z-4"] * 2


def test_a_reset_cursor_starts_a_new_generation_of_keys() -> None:
    first, _ = next_seed_run(SensorCursor.loads(None, NOW), {"a.txt": "1"})
    later = NOW + dt.timedelta(seconds=30)
    again, _ = next_seed_run(SensorCursor.loads(None, later), {"a.txt": "1"})
    assert first is not None and again is not None
    assert (first.run_key, again.run_key) == (
        "full-20261203T100000123456Z-1",
        "full-20261203T100030123456Z-1",
    )


def test_a_cursor_of_the_earlier_format_keeps_its_folder_state() -> None:
    old = json.dumps({"a.txt": "1"})
    cursor = SensorCursor.loads(old, NOW)
    assert cursor == SensorCursor("20261203T100000123456Z", 0, {"a.txt": "1"})
    plan, _ = next_seed_run(cursor, {"a.txt": "1", "b.txt": "2"})
    assert plan is not None and plan.files == ("b.txt",)


def test_folder_state_lists_every_entry(tmp_path: Path) -> None:
    # a file that is not read still needs a run: it becomes a reject
    (tmp_path / "a.txt").write_text(" date 2020-01-01 Текст.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # no crash on a dangling link
    state = folder_state(tmp_path)
    assert list(state) == ["a.txt", "gone.txt", "notes.md"]
    assert folder_state(tmp_path / "missing") == {}
