"""Faults around the warehouse (issue 16, points 1 and 2): a run killed mid-load, readers
during a load, a notebook holding a connection, a foreign process holding the file.

Other processes are real processes: a load paused inside its transaction
(`tests/paused_load.py`), Dagster's own CLI, and small DuckDB "holders". Timeouts here are
hang guards only (a hung run fails the test instead of hanging it); nothing asserts a time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.warehouse import LoadReport, WarehouseBusyError, connect_read_only, staging_path
from tests.conftest import REPO, SEED_NAME
from tests.paused_load import load_folder

HANG_GUARD_SECONDS = 600
DAGSTER = str(Path(sys.executable).parent / "dagster")
EXTRA = " date 2020-03-05\n\nЗаглавие\n\nСрещата е на 10 март."
# the seed's events in timeline order, then with extra.txt loaded
SEED_EVENTS = ["2024-11"] * 10 + ["2024-11-13", "2025", "2025-02-23"] + ["FUTURE_REF"] * 3
WITH_EXTRA = ["2020-03-10", *SEED_EVENTS]

# A process that holds a DuckDB connection (read-only `ro` or read-write `rw`), like a
# notebook, and answers `count`, `reconnect` and `quit` on standard input.
HOLDER = """
import sys, duckdb
path, mode = sys.argv[1], sys.argv[2]
conn = duckdb.connect(path, read_only=mode == "ro")
count = lambda: print(conn.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
count()
for line in sys.stdin:
    if line.strip() == "count":
        count()
    elif line.strip() == "reconnect":
        conn.close()
        conn = duckdb.connect(path, read_only=True)
        count()
    else:
        break
conn.close()
"""


def sources(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        found = conn.execute("SELECT source_file FROM articles ORDER BY 1").fetchall()
    return [name for (name,) in found]


def wait_for(path: Path, proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Until `path` exists; fails when the process ends first or the hang guard runs out."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not path.exists():
        assert proc.poll() is None, f"the process ended ({proc.returncode}) before {path.name}"
        assert time.monotonic() < deadline, f"hang guard: no {path.name}"
        time.sleep(0.1)


class Holder:
    def __init__(self, db: Path, mode: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.first = self.read()

    def read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def ask(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.read()

    def quit(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            assert self.proc.wait(timeout=HANG_GUARD_SECONDS) == 0


@pytest.fixture
def holders() -> Iterator[list[Holder]]:
    started: list[Holder] = []
    yield started
    for holder in started:
        if holder.proc.poll() is None:
            holder.proc.kill()
            holder.proc.wait()


def query_dates(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["query", "--db", str(db), "--format", "jsonl"]) == 0
    return [json.loads(line)["date_value"] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.e2e
def test_a_run_killed_mid_load_leaves_the_warehouse_and_blocks_no_later_run(
    timeline_env: tuple[Path, Path], tmp_path: Path
) -> None:
    """Point 1: `kill -9` of a `dagster asset materialize` run (its whole process group,
    as a closed terminal or a power loss does) inside the load's transaction. The warehouse
    keeps its last committed rows, and the next run starts and completes: nothing of the
    killed run (a Dagster pool slot, a lock) is left to wait for."""
    seeds, db = timeline_env
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster-instance.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(REPO)}
    command = [DAGSTER, "asset", "materialize", "--select", "*", "-m"]
    log = tmp_path / "runs.log"

    def run_to_the_end() -> None:
        with log.open("a") as out:
            done = subprocess.run(
                [*command, "pipeline.definitions"],
                env=env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=HANG_GUARD_SECONDS,
                check=False,
            )
        assert done.returncode == 0, log.read_text()[-3000:]

    run_to_the_end()
    assert sources(db) == [SEED_NAME]

    (seeds / "extra.txt").write_text(EXTRA, encoding="utf-8")
    pause = tmp_path / "pause"
    pause.mkdir()
    with log.open("a") as out:
        killed = subprocess.Popen(
            [*command, "tests.paused_load"],
            env={**env, "TIMELINE_TEST_PAUSE": str(pause)},
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_for(pause / "paused", killed)
    os.killpg(killed.pid, signal.SIGKILL)
    assert killed.wait(timeout=HANG_GUARD_SECONDS) == -signal.SIGKILL

    assert sources(db) == [SEED_NAME]
    assert staging_path(db).exists()

    run_to_the_end()
    assert sources(db) == [SEED_NAME, "extra.txt"]
    assert not staging_path(db).exists()


def test_query_during_a_load_answers_with_the_last_committed_rows(
    timeline_env: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Point 2: `timeline query` while a load (another process) is inside its transaction
    gets its answer, from the warehouse as the last load left it; after the load, the new
    rows."""
    seeds, db = timeline_env
    load_folder(db, seeds)
    assert query_dates(db, capsys) == SEED_EVENTS

    (seeds / "extra.txt").write_text(EXTRA, encoding="utf-8")
    pause = tmp_path / "pause"
    pause.mkdir()
    load = subprocess.Popen(
        [sys.executable, "-m", "tests.paused_load", str(db), str(seeds)],
        env={**os.environ, "TIMELINE_TEST_PAUSE": str(pause), "PYTHONPATH": str(REPO)},
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    wait_for(pause / "paused", load)
    assert query_dates(db, capsys) == SEED_EVENTS
    assert capsys.readouterr().err == ""

    (pause / "resume").touch()
    out, _ = load.communicate(timeout=HANG_GUARD_SECONDS)
    assert load.returncode == 0
    assert json.loads(out) == {
        "articles": 2,
        "date_mentions": 7,
        "money_mentions": 2,
        "entity_mentions": 33,
        "events": 17,
        "rejects": 0,
    }
    assert query_dates(db, capsys) == WITH_EXTRA


def test_two_loads_at_once_run_one_after_the_other(
    timeline_env: tuple[Path, Path], tmp_path: Path
) -> None:
    """A second load that starts while another is inside its transaction waits for the
    writer lock, then loads; both commit, in the order they took the lock."""
    seeds, db = timeline_env
    load_folder(db, seeds)
    only_seed = tmp_path / "only_seed"
    only_seed.mkdir()
    shutil.copy(seeds / SEED_NAME, only_seed / SEED_NAME)
    (seeds / "extra.txt").write_text(EXTRA, encoding="utf-8")
    pause = tmp_path / "pause"
    pause.mkdir()
    first = subprocess.Popen(
        [sys.executable, "-m", "tests.paused_load", str(db), str(seeds)],
        env={**os.environ, "TIMELINE_TEST_PAUSE": str(pause), "PYTHONPATH": str(REPO)},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    wait_for(pause / "paused", first)
    reports: list[LoadReport] = []
    second = threading.Thread(target=lambda: reports.append(load_folder(db, only_seed)))
    second.start()
    second.join(timeout=1)
    assert second.is_alive() and reports == []  # waiting for the first load's lock

    (pause / "resume").touch()
    assert first.wait(timeout=HANG_GUARD_SECONDS) == 0
    second.join(timeout=HANG_GUARD_SECONDS)
    assert [r.counts["articles"] for r in reports] == [1]
    assert sources(db) == [SEED_NAME]
    assert not staging_path(db).exists()


def test_a_load_commits_while_a_notebook_holds_a_read_only_connection(
    timeline_env: tuple[Path, Path], holders: list[Holder]
) -> None:
    """Point 2: a notebook (another process) holds `read_only=True` through a load. The load
    commits; the notebook keeps the snapshot it opened until it connects again."""
    seeds, db = timeline_env
    load_folder(db, seeds)
    notebook = Holder(db, "ro")
    holders.append(notebook)
    assert notebook.first == "1"

    (seeds / "extra.txt").write_text(EXTRA, encoding="utf-8")
    report = load_folder(db, seeds)
    assert report.counts["articles"] == 2
    assert sources(db) == [SEED_NAME, "extra.txt"]
    assert notebook.ask("count") == "1"
    assert notebook.ask("reconnect") == "2"
    notebook.quit()


def test_a_process_holding_the_file_for_writing_gets_one_line_not_a_traceback(
    timeline_env: tuple[Path, Path], holders: list[Holder], capsys: pytest.CaptureFixture[str]
) -> None:
    """Point 2: a foreign process opened the warehouse read-write (which loads never do).
    `timeline query` retries a few times, then prints one line and exits with 3; a load
    refuses with the same reason rather than copying a file that is being written; a reader
    retrying while the holder lets go gets its answer."""
    seeds, db = timeline_env
    load_folder(db, seeds)
    writer = Holder(db, "rw")
    holders.append(writer)
    assert writer.first == "1"
    held = (
        f"the warehouse {db} is open for writing by process {writer.proc.pid}; "
        "try again in a moment (open it with read_only=True to read alongside loads)"
    )

    assert main(["query", "--db", str(db)]) == 3
    assert capsys.readouterr() == ("", f"timeline: {held}\n")

    (seeds / "extra.txt").write_text(EXTRA, encoding="utf-8")
    with pytest.raises(WarehouseBusyError) as refused:
        load_folder(db, seeds)
    assert str(refused.value) == f"cannot load: {held}"

    retries: list[int] = []

    def let_go(attempt: int) -> None:
        retries.append(attempt)
        writer.quit()

    with connect_read_only(db, on_busy=let_go) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchall() == [(1,)]
    assert retries == [1]


def test_a_damaged_warehouse_file_is_one_line_too(
    timeline_env: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, db = timeline_env
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database" * 1000)
    assert main(["query", "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"timeline: cannot read the warehouse {db}: IOException: ")
    assert err.count("\n") == 1
