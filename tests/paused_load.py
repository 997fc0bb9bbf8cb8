"""A load that stops inside its transaction, for tests that read or kill during a load.

With `TIMELINE_TEST_PAUSE=<folder>` set, importing this module makes every load pause right
after it has deleted the batch's old rows (inside its transaction, the warehouse lock held):
it writes `<folder>/paused` and waits until `<folder>/resume` exists.

- As a Dagster code location: `dagster asset materialize -m tests.paused_load --select '*'`
  (Dagster's step process imports this module too, so the pause holds there).
- As a script: `python -m tests.paused_load DB SEEDS` loads the whole seeds folder.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import duckdb

import pipeline.warehouse as warehouse
from pipeline.batch import run_folder
from pipeline.definitions import defs

_delete_scope = warehouse._delete_scope


def _paused_delete_scope(conn: duckdb.DuckDBPyConnection) -> None:
    _delete_scope(conn)
    folder = Path(os.environ["TIMELINE_TEST_PAUSE"])
    (folder / "paused").write_text(str(os.getpid()), encoding="utf-8")
    while not (folder / "resume").exists():
        time.sleep(0.05)


if os.environ.get("TIMELINE_TEST_PAUSE"):
    warehouse._delete_scope = _paused_delete_scope


def load_folder(db: Path, seeds: Path) -> warehouse.LoadReport:
    return run_folder(db, seeds).report


__all__ = ["defs", "load_folder"]

if __name__ == "__main__":
    report = load_folder(Path(sys.argv[1]), Path(sys.argv[2]))
    sys.stdout.write(json.dumps(report.counts) + "\n")
