from __future__ import annotations

import shutil
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def no_fetched_rates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test converts with the bundled ECB history unless it sets `TIMELINE_RATES` itself:
    a file fetched by `timeline rates update` in the working folder must not change results."""
    absent = tmp_path_factory.mktemp("rates") / "eurofxref-hist.zip"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMELINE_RATES", str(absent))
        yield
