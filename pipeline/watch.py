"""What the seeds sensor decides, as plain functions: which run a folder change needs.

Every requested run gets a run key never used before. Dagster drops a run request whose
key it has seen, so a key made from the folder's state alone would drop the run of a change
that returns the folder to an earlier state (a file added, then removed again): the removed
article's rows would stay. The key is `<kind>-<generation>-<number>`: `number` counts the
runs this sensor requested, `generation` is the time the cursor was started (so a reset
cursor, which counts from 1 again, still makes new keys). Both live in the sensor's cursor,
so an evaluation that Dagster retries makes the same key and is not run twice.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.seeds import entry_fingerprint, scan_seeds


@dataclass(frozen=True, slots=True)
class SeedRunPlan:
    """A run to request: `files` empty means the whole folder (a full load)."""

    run_key: str
    files: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class SensorCursor:
    """What the sensor remembers: the folder's state and how many runs it requested."""

    generation: str
    runs: int = 0
    files: dict[str, str] | None = field(default=None)

    def dumps(self) -> str:
        return json.dumps(
            {"generation": self.generation, "runs": self.runs, "files": self.files},
            sort_keys=True,
        )

    @classmethod
    def loads(cls, text: str | None, now: dt.datetime) -> SensorCursor:
        """The cursor of a previous evaluation; a new one (no folder seen yet) when there is
        none. A cursor of the earlier format (the folder state alone) keeps its state."""
        if not text:
            return cls(now.strftime("%Y%m%dT%H%M%S%fZ"))
        data = json.loads(text)
        if "generation" not in data:
            return cls(now.strftime("%Y%m%dT%H%M%S%fZ"), 0, data)
        return cls(str(data["generation"]), int(data["runs"]), data["files"])


def folder_state(seeds_dir: Path) -> dict[str, str]:
    """Entry name -> fingerprint for every entry of the folder (files that are not read too:
    each becomes a reject, so a new one needs a run as much as a new article)."""
    return {entry.name: entry_fingerprint(entry) for entry in scan_seeds(seeds_dir)}


def plan_seed_run(
    previous: dict[str, str] | None, current: dict[str, str], run_key: str
) -> SeedRunPlan | None:
    """Compare two folder states; None when nothing changed.

    First look (no previous state) or a removed file: a full load, which also deletes the
    rows of removed files. New or changed files only: a run for just those files.
    """
    if previous is None:
        return SeedRunPlan(f"full-{run_key}", (), f"first look at the folder: {len(current)} files")
    removed = sorted(set(previous) - set(current))
    changed = sorted(name for name, fp in current.items() if previous.get(name) != fp)
    if removed:
        return SeedRunPlan(
            f"full-{run_key}", (), f"{len(removed)} removed: {', '.join(removed[:5])}"
        )
    if changed:
        return SeedRunPlan(
            f"files-{run_key}",
            tuple(changed),
            f"{len(changed)} new or changed: {', '.join(changed[:5])}",
        )
    return None


def next_seed_run(
    cursor: SensorCursor, current: dict[str, str]
) -> tuple[SeedRunPlan | None, SensorCursor]:
    """The run a folder state needs after `cursor`, and the cursor to keep."""
    number = cursor.runs + 1
    plan = plan_seed_run(cursor.files, current, f"{cursor.generation}-{number}")
    if plan is None:
        return None, cursor
    return plan, replace(cursor, runs=number, files=current)
