from __future__ import annotations

from pathlib import Path

from pipeline.watch import folder_state, plan_seed_run


def test_first_look_is_a_full_load() -> None:
    plan = plan_seed_run(None, {"a.txt": "1"})
    assert plan is not None
    assert plan.files == ()
    assert plan.run_key.startswith("full-")


def test_no_change_requests_nothing() -> None:
    assert plan_seed_run({"a.txt": "1"}, {"a.txt": "1"}) is None


def test_new_and_changed_files_are_loaded_alone() -> None:
    plan = plan_seed_run({"a.txt": "1", "b.txt": "2"}, {"a.txt": "1", "b.txt": "3", "c.txt": "4"})
    assert plan is not None
    assert plan.files == ("b.txt", "c.txt")
    assert plan.reason == "2 new or changed: b.txt, c.txt"


def test_a_removed_file_needs_a_full_load() -> None:
    plan = plan_seed_run({"a.txt": "1", "b.txt": "2"}, {"a.txt": "1"})
    assert plan is not None
    assert plan.files == ()
    assert plan.reason == "1 removed: b.txt"


def test_run_keys_follow_the_folder_state() -> None:
    one = plan_seed_run({}, {"a.txt": "1"})
    two = plan_seed_run({}, {"a.txt": "1"})
    three = plan_seed_run({}, {"a.txt": "2"})
    assert one is not None and two is not None and three is not None
    assert one.run_key == two.run_key != three.run_key


def test_folder_state_lists_every_entry(tmp_path: Path) -> None:
    # a file that is not read still needs a run: it becomes a reject
    (tmp_path / "a.txt").write_text(" date 2020-01-01 Текст.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # no crash on a dangling link
    state = folder_state(tmp_path)
    assert list(state) == ["a.txt", "gone.txt", "notes.md"]
    assert folder_state(tmp_path / "missing") == {}
