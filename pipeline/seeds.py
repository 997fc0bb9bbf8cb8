"""The seeds folder: the one place that decides which of its entries are read as articles.

Every entry of the folder is accounted for: an article file to read, or a reason why it is
not read, which the batch turns into a `rejects` row (so files in = articles loaded + files
rejected). A link is followed only to a file inside the folder; a link to anything outside
is never opened, so nothing of an outside file reaches the warehouse or the log.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = (".txt",)

NOT_A_NAME = "not the name of a file in the seeds folder"
GONE = "the file is no longer in the seeds folder"
DANGLING_LINK = "a link whose target does not exist"
OUTSIDE_LINK = "a link to a file outside the seeds folder: links are followed only inside it"
FOLDER = "a folder: sub-folders are not read"
FOLDER_LINK = "a link to a folder: sub-folders are not read"
NOT_REGULAR = "not a regular file (a pipe, socket or device)"
NOT_TXT = "not a .txt file: only *.txt files are read as articles"


@dataclass(frozen=True, slots=True)
class SeedEntry:
    """One entry of the seeds folder.

    `path` is what to read (the target, for a link inside the folder); `reason` is None for
    an article file and otherwise says, for a person, why the entry is not read."""

    name: str
    path: Path
    reason: str | None = None


def _inside(target: Path, root: Path) -> bool:
    return target != root and target.is_relative_to(root)


def _classify(root: Path, name: str) -> SeedEntry:
    path = root / name
    if not name or name in (".", "..") or "/" in name or os.sep in name:
        return SeedEntry(name, path, NOT_A_NAME)
    try:
        info = path.lstat()
    except OSError:
        return SeedEntry(name, path, GONE)
    target = path
    if stat_mode.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        if not target.exists():
            return SeedEntry(name, path, DANGLING_LINK)
        if not _inside(target, root.resolve()):
            return SeedEntry(name, path, OUTSIDE_LINK)
        if target.is_dir():
            return SeedEntry(name, path, FOLDER_LINK)
        info = target.stat()
    if stat_mode.S_ISDIR(info.st_mode):
        return SeedEntry(name, path, FOLDER)
    if not stat_mode.S_ISREG(info.st_mode):
        return SeedEntry(name, path, NOT_REGULAR)
    if Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
        return SeedEntry(name, path, NOT_TXT)
    return SeedEntry(name, target)


def scan_seeds(seeds_dir: Path, names: Sequence[str] = ()) -> list[SeedEntry]:
    """Every entry of the folder (or only `names`, names inside it), sorted by name."""
    if names:
        chosen = sorted(set(names))
    elif seeds_dir.is_dir():
        chosen = sorted(entry.name for entry in os.scandir(seeds_dir))
    else:
        return []
    return [_classify(seeds_dir, name) for name in chosen]


def list_article_files(seeds_dir: Path) -> list[Path]:
    """The article files of the folder (what `scan_seeds` finds readable), in a stable order."""
    return [entry.path for entry in scan_seeds(seeds_dir) if entry.reason is None]


def entry_fingerprint(entry: SeedEntry) -> str:
    """What the sensor compares to notice a new or changed entry: its kind, size and change
    time (of the target, for a link inside the folder; of the link itself otherwise)."""
    try:
        info = entry.path.stat() if entry.reason is None else entry.path.lstat()
    except OSError:
        return "gone"
    text = f"{entry.reason or 'article'}:{info.st_size}:{info.st_mtime_ns}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def file_fingerprint(path: Path) -> str:
    """What the sensor compares to notice a new or changed file: size and change time."""
    stat = path.stat()
    return hashlib.sha1(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
