"""Processes and progress for runs over many articles: how many workers, how they start, and
the progress line. Light on purpose (no pandas, no DuckDB): `timeline extract` starts with
these alone, and so does each of its worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field


def worker_count() -> int:
    """`TIMELINE_WORKERS`: extraction processes (default: the machine's cores)."""
    raw = os.environ.get("TIMELINE_WORKERS", "").strip()
    value = int(raw) if raw else (os.cpu_count() or 1)
    if value < 1:
        raise ValueError(f"TIMELINE_WORKERS must be a whole number above 0, not {raw!r}")
    return value


# what the forkserver imports before it forks a worker: the caller's main module (the
# default) and the extractors, warmed up (`pipeline.extract.warm`)
FORKSERVER_PRELOAD = ("__main__", "pipeline.extract.warm")


def pool_context() -> multiprocessing.context.BaseContext:
    """forkserver where the platform has it (Linux), else spawn: never a bare fork of a
    process that runs threads (Dagster's). The forkserver, started by the first pool of the
    process, imports and warms up the extractors once; every worker is forked from it warm."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(FORKSERVER_PRELOAD))
    return context


@dataclass(slots=True)
class ProgressMeter:
    """Articles done, the rate and the time left, as one line (`line()`)."""

    total: int
    what: str = "articles"
    done: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, n: int) -> None:
        self.done += n

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        rate = self.rate()
        left = (self.total - self.done) / rate if rate > 0 else None
        eta = f", about {left:,.0f} s left" if left is not None and self.done < self.total else ""
        return f"{self.done:,}/{self.total:,} {self.what} ({rate:,.1f}/s{eta})"
