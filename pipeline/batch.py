"""Read and extract a batch of article files: what the assets and the CLI run.

Bad input never stops a batch: an unreadable file, a file that is not an article or a copy
of another article becomes a `Reject` with a readable reason.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract.article import Article, ArticleError, read_article
from pipeline.extract.document import ArticleExtraction, extract_article
from pipeline.seeds import scan_seeds
from pipeline.stream import (
    ExtractManifest,
    RunPlan,
    extract_chunks,
    plan_run,
    read_chunks,
    run_folder_for,
)
from pipeline.stream import Progress as StreamProgress
from pipeline.tables import Reject, copy_reason
from pipeline.warehouse import MIGRATIONS_DIR, LoadReport, load_run

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ArticleBatch:
    """The articles of one run, the files rejected while reading, and the run's scope.

    `full` is True when the batch is the whole seeds folder (files gone from it are then
    removed from the warehouse); False when it is a list of files (a sensor's run).
    """

    articles: list[Article]
    rejects: list[Reject]
    full: bool


def read_batch(seeds_dir: Path, files: Sequence[str] = ()) -> ArticleBatch:
    """Read every entry of the folder, or only `files` (names inside the folder).

    Each entry becomes an article or one `read` reject: files in = articles + rejects."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    seen: dict[str, str] = {}
    for entry in scan_seeds(seeds_dir, files):
        if entry.reason is not None:
            rejects.append(Reject(entry.name, "read", entry.reason))
            continue
        try:
            article = read_article(entry.path, entry.name)
        except ArticleError as exc:
            rejects.append(Reject(entry.name, "read", str(exc)))
            continue
        if article.article_id in seen:
            original = seen[article.article_id]
            rejects.append(Reject(entry.name, "read", copy_reason(original), original))
            continue
        seen[article.article_id] = entry.name
        articles.append(article)
    return ArticleBatch(articles, rejects, full=not files)


def extract_batch(
    articles: Iterable[Article], total: int, progress: Progress | None = None
) -> list[ArticleExtraction]:
    """Extract every article; `progress(done, total)` is called along the way."""
    extractions: list[ArticleExtraction] = []
    step = max(1, total // 20)
    for done, article in enumerate(articles, start=1):
        extractions.append(extract_article(article))
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
    return extractions


@dataclass(frozen=True, slots=True)
class FolderRun:
    """What `run_folder` did: the plan, the chunks written and the load."""

    plan: RunPlan
    extracted: ExtractManifest
    report: LoadReport


def run_folder(
    db_path: Path,
    seeds_dir: Path,
    files: Sequence[str] = (),
    chunk: int | None = None,
    workers: int | None = None,
    progress: StreamProgress | None = None,
    migrations: Path = MIGRATIONS_DIR,
) -> FolderRun:
    """Plan, read, extract and load a folder (or `files` of it) without Dagster: what the
    three assets do one after the other. The run's chunk folder is deleted afterwards."""
    plan = plan_run(db_path, seeds_dir, files)
    run_dir = run_folder_for(db_path)
    try:
        read = read_chunks(plan, run_dir, chunk)
        extracted = extract_chunks(read, workers, progress)
        report = load_run(db_path, extracted, migrations)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return FolderRun(plan, extracted, report)
