"""What the seeds sensor decides, as plain functions: which run a folder change needs.

The state of what was loaded lives in the warehouse (`sources`: every file's size, change
time, content hash and extractor version), not in the sensor's cursor: the sensor compares
the folder with it (`folder_changes`, the same comparison a run makes) and asks for a run
when a file is new, changed, stale or removed. Its cursor stays small: a run counter and a
marker of the change it last asked a run for, so that it does not ask again every 30 s while
that run is queued or loading (it asks again when the change is still there after
`RETRY_AFTER`, say because the run failed).

Every requested run gets a run key never used before. Dagster drops a run request whose
key it has seen, so a key made from the folder's state alone would drop the run of a change
that returns the folder to an earlier state (a file added, then removed again): the removed
article's rows would stay. The key is `<kind>-<generation>-<number>`: `number` counts the
runs this sensor requested, `generation` is the time the cursor was started (so a reset
cursor, which counts from 1 again, still makes new keys). Both live in the cursor, so an
evaluation that Dagster retries makes the same key and is not run twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.stream import plan_run

# a run over named files lists at most this many; a larger change is a run over the folder
MAX_FILES_IN_RUN = 1000
# the same change still there this long after its run was requested: request it again
RETRY_AFTER = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class FolderChanges:
    """How the folder differs from what the warehouse loaded."""

    changed: tuple[str, ...]  # new, changed or stale entries
    removed: tuple[str, ...]
    first_look: bool  # no warehouse yet
    marker: str  # a digest of the change (names, sizes and times)

    @property
    def any(self) -> bool:
        return self.first_look or bool(self.changed or self.removed)


def folder_changes(db_path: Path, seeds_dir: Path) -> FolderChanges:
    """Compare the folder with the warehouse's `sources` (sizes and change times only: no
    file is read here)."""
    plan = plan_run(db_path, seeds_dir)
    digest = hashlib.sha1()
    for candidate in plan.candidates:
        digest.update(f"{candidate.entry.name}:{candidate.size}:{candidate.mtime_ns}\n".encode())
    for name in plan.removed:
        digest.update(f"-{name}\n".encode())
    return FolderChanges(
        changed=tuple(c.entry.name for c in plan.candidates),
        removed=tuple(plan.removed),
        first_look=not db_path.exists(),
        marker=digest.hexdigest()[:16],
    )


@dataclass(frozen=True, slots=True)
class SeedRunPlan:
    """A run to request: `files` empty means the whole folder."""

    run_key: str
    files: tuple[str, ...]
    reason: str


def _timestamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True, slots=True)
class SensorCursor:
    """What the sensor remembers: how many runs it requested, and the change it last
    requested one for (`pending`, at `pending_at`)."""

    generation: str
    runs: int = 0
    pending: str | None = None
    pending_at: str | None = None

    def dumps(self) -> str:
        return json.dumps(
            {
                "generation": self.generation,
                "runs": self.runs,
                "pending": self.pending,
                "pending_at": self.pending_at,
            },
            sort_keys=True,
        )

    @classmethod
    def loads(cls, text: str | None, now: dt.datetime) -> SensorCursor:
        """The cursor of a previous evaluation; a new one when there is none. A cursor of an
        earlier format (which held every file's fingerprint) keeps its generation and count;
        the folder state is the warehouse's now."""
        if not text:
            return cls(_timestamp(now))
        data = json.loads(text)
        if "generation" not in data:
            return cls(_timestamp(now))
        return cls(
            str(data["generation"]),
            int(data["runs"]),
            data.get("pending"),
            data.get("pending_at"),
        )


def plan_seed_run(changes: FolderChanges, run_key: str) -> SeedRunPlan | None:
    """The run a change needs; None when the folder is as loaded.

    A first look, a removed file or a large change: a run over the whole folder (which reads
    only what changed and deletes the rows of removed files). A few new or changed files: a
    run for just those files."""
    if changes.first_look:
        return SeedRunPlan(
            f"full-{run_key}", (), f"first look at the folder: {len(changes.changed)} files"
        )
    if changes.removed:
        removed = changes.removed
        return SeedRunPlan(
            f"full-{run_key}", (), f"{len(removed)} removed: {', '.join(removed[:5])}"
        )
    changed = changes.changed
    if len(changed) > MAX_FILES_IN_RUN:
        return SeedRunPlan(
            f"full-{run_key}", (), f"{len(changed)} new or changed: {', '.join(changed[:5])}"
        )
    if changed:
        return SeedRunPlan(
            f"files-{run_key}", changed, f"{len(changed)} new or changed: {', '.join(changed[:5])}"
        )
    return None


def next_seed_run(
    cursor: SensorCursor, changes: FolderChanges, now: dt.datetime
) -> tuple[SeedRunPlan | None, SensorCursor]:
    """The run the folder's changes need after `cursor`, and the cursor to keep. A change
    already requested (the same marker) is not requested again before `RETRY_AFTER`."""
    if not changes.any:
        return None, replace(cursor, pending=None, pending_at=None)
    if cursor.pending == changes.marker and cursor.pending_at is not None:
        asked = dt.datetime.strptime(cursor.pending_at, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        if now - asked < RETRY_AFTER:
            return None, cursor
    number = cursor.runs + 1
    plan = plan_seed_run(changes, f"{cursor.generation}-{number}")
    if plan is None:  # pragma: no cover - changes.any guarantees a plan
        return None, cursor
    return plan, replace(cursor, runs=number, pending=changes.marker, pending_at=_timestamp(now))
