"""Imported by the forkserver of an extraction pool (`pipeline.workers.pool_context`) before
it forks the workers: it builds the extractors' lexicons, patterns and the ECB history once
(`document.warm_up`), so that every worker starts with them instead of building its own
(about half a second of CPU each). A failure here only leaves the workers to build them."""

from __future__ import annotations

import contextlib

from pipeline.extract.document import warm_up

with contextlib.suppress(Exception):  # the workers then build what they need themselves
    warm_up()
