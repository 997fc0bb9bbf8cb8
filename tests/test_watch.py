from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipeline.batch import run_folder
from pipeline.watch import (
    RETRY_AFTER,
    FolderChanges,
    SensorCursor,
    folder_changes,
    next_seed_run,
    plan_seed_run,
)

NOW = dt.datetime(2026, 12, 3, 10, 0, 0, 123456, tzinfo=dt.UTC)
GEN = "20261203T100000123456Z"


def changes(
    changed: tuple[str, ...] = (), removed: tuple[str, ...] = (), first: bool = False
) -> FolderChanges:
    return FolderChanges(changed, removed, first, "|".join(changed) + "-" + "|".join(removed))


def test_first_look_is_a_full_load() -> None:
    plan = plan_seed_run(changes(("a.txt",), first=True), "g-1")
    assert plan is not None
    assert (plan.files, plan.run_key, plan.reason) == (
        (),
        "full-g-1",
        "first look at the folder: 1 files",
    )


def test_no_change_requests_nothing() -> None:
    assert plan_seed_run(changes(), "g-2") is None


def test_new_and_changed_files_are_loaded_alone() -> None:
    plan = plan_seed_run(changes(("b.txt", "c.txt")), "g-2")
    assert plan is not None
    assert plan.files == ("b.txt", "c.txt")
    assert plan.reason == "2 new or changed: b.txt, c.txt"
    assert plan.run_key == "files-g-2"


def test_a_removed_file_needs_a_run_over_the_folder() -> None:
    plan = plan_seed_run(changes(removed=("b.txt",)), "g-3")
    assert plan is not None
    assert (plan.files, plan.reason) == ((), "1 removed: b.txt")


def test_a_large_change_is_a_run_over_the_folder() -> None:
    names = tuple(f"{i:05d}.txt" for i in range(1001))
    plan = plan_seed_run(changes(names), "g-4")
    assert plan is not None
    assert (plan.files, plan.run_key) == ((), "full-g-4")
    assert plan.reason.startswith("1001 new or changed: 00000.txt, 00001.txt")


def test_a_removal_back_to_an_earlier_state_gets_a_new_run_key() -> None:
    """Issue 16, point 5: the folder returns to a state loaded before (b.txt added, then
    removed); the removal still gets a run of its own, with a key not used before."""
    cursor = SensorCursor.loads(None, NOW)
    steps = [changes(("a.txt",), first=True), changes(("b.txt",)), changes(removed=("b.txt",))]
    plans = []
    for step in steps:
        plan, cursor = next_seed_run(cursor, step, NOW)
        assert plan is not None
        plans.append(plan)
        cursor = SensorCursor.loads(cursor.dumps(), NOW)
    assert [(p.run_key, p.files, p.reason) for p in plans] == [
        (f"full-{GEN}-1", (), "first look at the folder: 1 files"),
        (f"files-{GEN}-2", ("b.txt",), "1 new or changed: b.txt"),
        (f"full-{GEN}-3", (), "1 removed: b.txt"),
    ]
    unchanged, cleared = next_seed_run(cursor, changes(), NOW)
    assert unchanged is None and cleared == SensorCursor(GEN, 3, None, None)
    # an evaluation Dagster retries (same cursor, same change) makes the same key: one run
    retried = [next_seed_run(cleared, changes(("c.txt",)), NOW)[0] for _ in range(2)]
    assert [p.run_key for p in retried if p] == [f"files-{GEN}-4"] * 2


def test_a_change_already_requested_waits_for_its_run_then_is_asked_again() -> None:
    """While the run for a change is queued or loading, the folder still differs from the
    warehouse: the sensor does not ask again every 30 s, only after `RETRY_AFTER`."""
    change = changes(("b.txt",))
    first, cursor = next_seed_run(SensorCursor(GEN, 1), change, NOW)
    assert first is not None and first.run_key == f"files-{GEN}-2"
    waiting, same = next_seed_run(cursor, change, NOW + dt.timedelta(seconds=30))
    assert waiting is None and same == cursor
    other, _ = next_seed_run(cursor, changes(("b.txt", "c.txt")), NOW)
    assert other is not None and other.run_key == f"files-{GEN}-3"
    again, _ = next_seed_run(cursor, change, NOW + RETRY_AFTER)
    assert again is not None and again.run_key == f"files-{GEN}-3"


def test_a_reset_cursor_starts_a_new_generation_of_keys() -> None:
    first, _ = next_seed_run(SensorCursor.loads(None, NOW), changes(("a.txt",), first=True), NOW)
    later = NOW + dt.timedelta(seconds=30)
    again, _ = next_seed_run(
        SensorCursor.loads(None, later), changes(("a.txt",), first=True), later
    )
    assert first is not None and again is not None
    assert (first.run_key, again.run_key) == (f"full-{GEN}-1", "full-20261203T100030123456Z-1")


def test_a_cursor_of_an_earlier_format_keeps_only_its_count() -> None:
    """The earlier cursor held every file's fingerprint; now the warehouse holds the state."""
    old = json.dumps({"generation": "g", "runs": 7, "files": {"a.txt": "1"}})
    assert SensorCursor.loads(old, NOW) == SensorCursor("g", 7, None, None)
    assert SensorCursor.loads(json.dumps({"a.txt": "1"}), NOW) == SensorCursor(GEN, 0)
    assert len(SensorCursor("g", 7, "0123456789abcdef", GEN).dumps()) < 160


def test_folder_changes_against_the_warehouse(tmp_path: Path) -> None:
    # a file that is not read still needs a run: it becomes a reject
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(" date 2020-01-01 Текст.", encoding="utf-8")
    (seeds / "notes.md").write_text("not an article", encoding="utf-8")
    (seeds / "gone.txt").symlink_to(seeds / "nowhere.txt")  # no crash on a dangling link
    db = tmp_path / "timeline.duckdb"
    first = folder_changes(db, seeds)
    assert (first.changed, first.removed, first.first_look) == (
        ("a.txt", "gone.txt", "notes.md"),
        (),
        True,
    )
    run_folder(db, seeds)
    assert not folder_changes(db, seeds).any
    (seeds / "b.txt").write_text(" date 2020-01-02 Друг текст.", encoding="utf-8")
    (seeds / "notes.md").unlink()
    later = folder_changes(db, seeds)
    assert (later.changed, later.removed, later.first_look) == (("b.txt",), ("notes.md",), False)
    assert folder_changes(db, tmp_path / "missing").changed == ()
