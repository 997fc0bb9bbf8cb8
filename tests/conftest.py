from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "000_258619d2f2043b2c.txt"


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A seeds folder holding the founding article."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(REPO / "seeds" / SEED_NAME, folder / SEED_NAME)
    return folder


@pytest.fixture
def timeline_env(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """TIMELINE_SEEDS and TIMELINE_DB pointing into a temporary folder."""
    db = tmp_path / "warehouse" / "timeline.duckdb"
    monkeypatch.setenv("TIMELINE_SEEDS", str(seeds_dir))
    monkeypatch.setenv("TIMELINE_DB", str(db))
    return seeds_dir, db
