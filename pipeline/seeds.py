"""The seeds folder: which files are articles, and a cheap fingerprint of each."""

from __future__ import annotations

import hashlib
from pathlib import Path

ARTICLE_SUFFIXES = (".txt",)


def list_article_files(seeds_dir: Path) -> list[Path]:
    """Article files in the seeds folder, in a stable order."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        p for p in seeds_dir.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
    )


def file_fingerprint(path: Path) -> str:
    """What the sensor compares to notice a new or changed file: size and change time."""
    stat = path.stat()
    return hashlib.sha1(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
