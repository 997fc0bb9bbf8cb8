"""What the seeds sensor decides, as a plain function: which run a folder change needs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.seeds import entry_fingerprint, scan_seeds


@dataclass(frozen=True, slots=True)
class SeedRunPlan:
    """A run to request: `files` empty means the whole folder (a full load)."""

    run_key: str
    files: tuple[str, ...]
    reason: str


def folder_state(seeds_dir: Path) -> dict[str, str]:
    """Entry name -> fingerprint for every entry of the folder (files that are not read too:
    each becomes a reject, so a new one needs a run as much as a new article)."""
    return {entry.name: entry_fingerprint(entry) for entry in scan_seeds(seeds_dir)}


def plan_seed_run(previous: dict[str, str] | None, current: dict[str, str]) -> SeedRunPlan | None:
    """Compare two folder states; None when nothing changed.

    First look (no previous state) or a removed file: a full load, which also deletes the
    rows of removed files. New or changed files only: a run for just those files.
    """
    key = hashlib.sha1(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]
    if previous is None:
        return SeedRunPlan(f"full-{key}", (), f"first look at the folder: {len(current)} files")
    removed = sorted(set(previous) - set(current))
    changed = sorted(name for name, fp in current.items() if previous.get(name) != fp)
    if removed:
        return SeedRunPlan(f"full-{key}", (), f"{len(removed)} removed: {', '.join(removed[:5])}")
    if changed:
        return SeedRunPlan(
            f"files-{key}",
            tuple(changed),
            f"{len(changed)} new or changed: {', '.join(changed[:5])}",
        )
    return None
