"""Throughput of the whole pipeline, stage by stage, on copies of the shared corpus.

The 50 corpus articles (`../shared/corpus/articles/` beside the repository) are copied
`--copies` times, each copy published a day later than the one before (so every copy is a new
article with its own id, as a newsroom's archive would be), and run through the same plain
functions the Dagster assets call, one stage after the other:

- read: `parse_article` of the decoded file text (files are read once, before timing);
- extract: `extract_article` (sentences, dates, money with euro values, entities, events),
  and inside it each extractor alone over the same sentences (`find_dates`, `find_money`,
  `find_entities`) so that their shares show;
- tables: `build_tables` (frames and pandera validation of every table);
- load: `load_tables` into a new DuckDB file (one transaction, as the warehouse asset does).

Every stage is timed `--repeat` times (the median is reported) in one process on one core,
in CPU seconds of the process (what a core spends: other processes on a shared machine
inflate wall time, not this) and in wall seconds; the load average is noted. The report
gives articles per CPU second per stage, each stage's share of the whole, and what a million
articles would take at that rate: the figure the archive-scale work starts from. DuckDB's
load runs threads, whose CPU time counts too.

Run:  .venv/bin/python -m benchmarks.bench_pipeline             (print and write the report)
      .venv/bin/python -m benchmarks.bench_pipeline --copies 5  (a quicker, smaller run)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.paths import ARTICLES, DOCS
from pipeline.extract.article import Article, decode_article_bytes, parse_article
from pipeline.extract.dates import find_dates
from pipeline.extract.document import ArticleExtraction, extract_article
from pipeline.extract.entities import find_entities
from pipeline.extract.money import find_money
from pipeline.extract.sentences import split_sentences
from pipeline.tables import TableFrames, build_tables
from pipeline.warehouse import load_tables

REPORT = DOCS / "pipeline-speed.md"
REGENERATE = ".venv/bin/python -m benchmarks.bench_pipeline"
_HEADER = re.compile(r"\A date (\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    seconds: list[tuple[float, float]]  # (CPU, wall) of each run
    part_of: str | None = None  # a stage measured inside another one

    @property
    def median(self) -> float:
        """Median CPU seconds."""
        return statistics.median(cpu for cpu, _ in self.seconds)

    @property
    def median_wall(self) -> float:
        return statistics.median(wall for _, wall in self.seconds)


def copies_of(texts: Sequence[tuple[str, str]], copies: int) -> list[tuple[str, str]]:
    """`copies` versions of every (file name, text), copy k published k days later."""
    out = []
    for k in range(copies):
        for name, text in texts:
            day = _HEADER.match(text)
            if day is None:
                continue
            shifted = dt.date.fromisoformat(day[1]) + dt.timedelta(days=k)
            out.append((f"{k:03d}-{name}", f" date {shifted.isoformat()}" + text[day.end() :]))
    return out


def _timed(run: Callable[[], Any], repeat: int) -> tuple[list[tuple[float, float]], Any]:
    seconds, result = [], None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        result = run()
        seconds.append((time.process_time() - cpu, time.perf_counter() - wall))
    return seconds, result


def _load(frames: TableFrames) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        duckdb.connect(str(Path(folder) / "bench.duckdb")) as conn,
    ):
        load_tables(conn, frames)


EXTRACT_TARGET = 1_000_000  # characters per second per core, for the whole extraction


def measure(texts: Sequence[tuple[str, str]], repeat: int) -> tuple[list[Stage], int, int]:
    read_s, articles = _timed(lambda: [parse_article(t, n) for n, t in texts], repeat)
    articles_: list[Article] = articles
    extract_s, extractions = _timed(lambda: [extract_article(a) for a in articles_], repeat)
    extractions_: list[ArticleExtraction] = extractions
    sentences = [
        (s.text, a.reference) for a in articles_ for s in split_sentences(a.body, a.paragraphs)
    ]
    dates_s, _ = _timed(lambda: [find_dates(t, r) for t, r in sentences], repeat)
    money_s, _ = _timed(lambda: [find_money(t) for t, _ in sentences], repeat)
    entities_s, _ = _timed(lambda: [find_entities(t) for t, _ in sentences], repeat)
    tables_s, frames = _timed(lambda: build_tables(extractions_, []), repeat)
    load_s, _ = _timed(lambda: _load(frames), repeat)
    stages = [
        Stage("read", read_s),
        Stage("extract", extract_s),
        Stage("find_dates", dates_s, "extract"),
        Stage("find_money", money_s, "extract"),
        Stage("find_entities", entities_s, "extract"),
        Stage("tables (pandera)", tables_s),
        Stage("load (DuckDB)", load_s),
    ]
    chars = sum(len(a.body) for a in articles_)
    return stages, len(articles_), chars


def render(
    stages: Sequence[Stage], n_articles: int, chars: int, repeat: int, load: str = ""
) -> str:
    total = sum(s.median for s in stages if s.part_of is None)
    total_wall = sum(s.median_wall for s in stages if s.part_of is None)
    per_million_h = total / n_articles * 1_000_000 / 3600
    lines = [
        "# Pipeline throughput, stage by stage",
        "",
        f"Generated by `{REGENERATE}` on {dt.date.today().isoformat()} (needs the shared corpus "
        "at `../shared` beside the repository); see the module's docstring for what is run.",
        "",
        f"{n_articles} articles ({chars:,} characters: the 50 corpus articles, each copy "
        f"published a day later), one process, one core, median of {repeat} runs per stage; "
        f"rates per CPU second of the process{load}.",
        "",
        "| stage | median CPU seconds | median wall seconds | articles / second "
        "| characters / second | share of the whole |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in stages:
        name = f"… {s.name} (inside {s.part_of})" if s.part_of else s.name
        share = s.median / total
        lines.append(
            f"| {name} | {s.median:.3f} | {s.median_wall:.3f} | {n_articles / s.median:,.0f} "
            f"| {chars / s.median:,.0f} | {share:.0%} |"
        )
    extract = next(s for s in stages if s.name == "extract")
    rate = chars / extract.median
    verdict = "meets" if rate >= EXTRACT_TARGET else "misses"
    lines += [
        f"| **all stages** | {total:.3f} | {total_wall:.3f} | {n_articles / total:,.0f} "
        f"| {chars / total:,.0f} | 100% |",
        "",
        f"The whole extraction (sentences, dates, money, entities and events) runs at "
        f"**{rate:,.0f} characters per CPU second** on one core: it {verdict} the target of "
        f"{EXTRACT_TARGET:,} per second per core.",
        "",
        f"At this rate a million articles take about **{per_million_h:.1f} hours** on one "
        "core, before any parallelism: the starting point for partitioned, two-core and "
        "incremental runs.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=20, help="copies of the corpus (20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (3)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    args = parser.parse_args(argv)
    if not ARTICLES.is_dir():
        print(f"No shared corpus at {ARTICLES}: nothing to benchmark ({REGENERATE} needs it).")
        return 0
    files = sorted(ARTICLES.glob("*.txt"))
    texts = [(p.name, decode_article_bytes(p.read_bytes())) for p in files]
    corpus = copies_of(texts, max(1, args.copies))
    extract_article(parse_article(corpus[0][1], corpus[0][0]))  # warm up: imports, lexicons
    print(f"{len(corpus)} articles, {args.repeat} runs per stage …", flush=True)
    before = os.getloadavg()[0]
    stages, n_articles, chars = measure(corpus, max(1, args.repeat))
    after = os.getloadavg()[0]
    load = f" (load average {before:.1f} before, {after:.1f} after, on {os.cpu_count()} cores)"
    report = render(stages, n_articles, chars, max(1, args.repeat), load)
    print(report)
    if not args.no_write:
        REPORT.write_text(report, encoding="utf-8")
        print(f"Wrote {REPORT.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
