"""Where the benchmarks find the repository and the shared material beside it."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SHARED = REPO.parent / "shared"
ARTICLES = SHARED / "corpus" / "articles"
SUITES = SHARED / "peer-suites"
