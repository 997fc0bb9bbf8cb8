"""Reading the example tables of `tests/data/` (tab-separated, first row the header)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_tsv(name: str) -> list[dict[str, str]]:
    """The rows of `tests/data/<name>` as dicts; empty cells as "", lines opening with `#`
    (notes above the header) left out."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "") for k, v in row.items()} for row in rows]
