"""Run peer-suite cases through the `timeline extract --jsonl` command, as users would.

Each case becomes an article file in a temporary folder; one subprocess extracts them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def timeline_command() -> Path:
    """The `timeline` console script of the running environment."""
    return Path(sys.executable).with_name("timeline")


def extract_articles(articles: Sequence[str], prefix: str = "peer-") -> list[dict[str, Any]]:
    """The `timeline extract --jsonl` object of each article text, in the same order."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        paths = []
        for number, text in enumerate(articles):
            path = Path(folder) / f"case_{number:04d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        completed = subprocess.run(
            [str(timeline_command()), "extract", "--jsonl", *map(str, paths)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    by_file = {}
    for line in completed.stdout.splitlines():
        if line.strip():
            result = json.loads(line)
            by_file[Path(result["file"]).name] = result
    if articles and not by_file:
        raise RuntimeError(f"timeline extract printed nothing: {completed.stderr.strip()}")
    missing = {"error": "no output for this file"}
    return [by_file.get(path.name, missing) for path in paths]
