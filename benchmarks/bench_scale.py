"""Scale: corpora of 1k, 10k and 100k articles made on the fly, through the real commands.

The articles are copies of the shared corpus (`../shared/corpus/articles/` beside the
repository), made by `benchmarks.bench_pipeline.copies_of` (copy k published k days later),
and each copy's last sentence gets the copy's number (`Брой N.`), so every file has its own
content hash. Steps (`--steps`, all by default):

- `extract`: `timeline extract --jsonl` over 1,000 articles as a whole process (with its
  pool, and with `--workers 1`), and dateparser's `search_dates` over the sentences of the
  same 1,000 articles as a whole process (as `benchmarks.bench_dates` calls it);
- `dagster10k`: 10,000 articles through `dagster asset materialize --select '*'` into a new
  warehouse, then again (nothing changed), then with one new article; peak memory of the
  whole process tree (RSS sampled every 0.2 s from /proc); the staged copy's cost;
- `dagster100k`: 100,000 articles, the same first run (peak memory of all processes);
- `queries`: timeline queries (date range, actor, text) over a million synthetic events
  generated in DuckDB, median of 5 calls of `pipeline.selection.select_events` each.

Nothing here is a test: a person runs it and copies the figures into docs/performance.md.

Run:  .venv/bin/python -m benchmarks.bench_scale [--steps extract,dagster10k,queries]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.bench_pipeline import copies_of
from benchmarks.paths import ARTICLES, REPO
from pipeline.extract.article import decode_article_bytes

BIN = Path(sys.executable).parent
STEPS = ("extract", "dagster10k", "dagster100k", "queries")


def corpus_texts() -> list[tuple[str, str]]:
    return [(p.name, decode_article_bytes(p.read_bytes())) for p in sorted(ARTICLES.glob("*"))]


def write_corpus(folder: Path, n: int, first: int = 0) -> list[Path]:
    """Files `first` .. `n - 1` of the generated corpus into `folder`."""
    texts = corpus_texts()
    copies = -(-n // len(texts))
    written = []
    for i, (name, text) in enumerate(copies_of(texts, copies)[first:n], start=first):
        path = folder / f"{i:06d}-{name}"
        path.write_text(text.rstrip() + f" Брой {i}.\n", encoding="utf-8")
        written.append(path)
    return written


# --- memory of a process tree -----------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    tree = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo.extend(tree.get(pid, []))
    return total


class PeakMemory:
    """Samples the RSS of a process and all its descendants; `peak_mb` is the largest sum."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak_kb = pid, every, 0
        self.peak_at = ""
        self.by_minute: dict[str, int] = {}  # UTC minute -> largest sum in it (kB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            kb = tree_rss_kb(self.pid)
            now = time.strftime("%H:%M:%S", time.gmtime())
            self.by_minute[now[:5]] = max(self.by_minute.get(now[:5], 0), kb)
            if kb > self.peak_kb:
                self.peak_kb, self.peak_at = kb, now
            self._stop.wait(self.every)

    def profile(self) -> str:
        """When the peak was (UTC), and the largest sum of every minute, in MB."""
        minutes = ", ".join(f"{m} {kb / 1024:,.0f}" for m, kb in self.by_minute.items())
        return f"peak at {self.peak_at} UTC; MB by minute: {minutes}"

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


PROFILES: list[str] = []  # the memory profile of every timed command, in order


def timed(command: Sequence[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Wall seconds and peak MB (all processes) of one command; fails loudly if it fails."""
    started = time.perf_counter()
    with log.open("a") as out:
        proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        meter = PeakMemory(proc.pid)
        code = proc.wait()
        peak = meter.stop()
        PROFILES.append(meter.profile())
    seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed ({code}); see {log}")
    return seconds, peak


# --- steps --------------------------------------------------------------------------------


def search_dates_over(folder: Path) -> int:
    """What the `search_dates` process runs: every sentence of every article, as
    `benchmarks.bench_dates` calls it; returns how many dates it found."""
    from benchmarks.bench_dates import dateparser_finder, load_samples, one_pass

    return one_pass(dateparser_finder(), load_samples(folder))


def step_extract(work: Path) -> str:
    folder = work / "extract1k"
    folder.mkdir()
    files = [str(p) for p in write_corpus(folder, 1000)]
    chars = sum(len(Path(f).read_text(encoding="utf-8")) for f in files)
    env = dict(os.environ)
    log = work / "extract.log"
    ours_pool, peak_pool = timed([str(BIN / "timeline"), "extract", "--jsonl", *files], env, log)
    ours_one, _ = timed(
        [str(BIN / "timeline"), "extract", "--jsonl", "--workers", "1", *files], env, log
    )
    theirs, _ = timed(
        [sys.executable, "-m", "benchmarks.bench_scale", "--search-dates-over", str(folder)],
        env,
        log,
    )
    return "\n".join(
        [
            f"1,000 articles, {chars:,} characters; wall seconds of whole processes:",
            "",
            "| process | seconds | characters / second | search_dates / this |",
            "|---|---:|---:|---:|",
            f"| `timeline extract --jsonl` (pool of {os.cpu_count()}) | {ours_pool:.1f} | "
            f"{chars / ours_pool:,.0f} | {theirs / ours_pool:.1f}x |",
            f"| `timeline extract --jsonl --workers 1` | {ours_one:.1f} | "
            f"{chars / ours_one:,.0f} | {theirs / ours_one:.1f}x |",
            f"| `search_dates` over the same sentences | {theirs:.1f} | {chars / theirs:,.0f} | "
            "1.0x |",
            "",
            "Peak memory of `timeline extract` with its pool (all processes): "
            f"{peak_pool:,.0f} MB.",
        ]
    )


def dagster_env(work: Path, name: str, seeds: Path) -> dict[str, str]:
    home = work / f"{name}-dagster"
    home.mkdir()
    shutil.copy(REPO / "dagster-instance.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "TIMELINE_SEEDS": str(seeds),
        "TIMELINE_DB": str(work / f"{name}-warehouse" / "timeline.duckdb"),
    }


MATERIALIZE = [str(BIN / "dagster"), "asset", "materialize", "-m", "pipeline.definitions"]


def count_rows(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in ("articles", "events", "rejects", "sources")
        }


_STEP_DONE = re.compile(r'Finished execution of step "(\w+)" in ([^.]+(?:\.\d+)?\w*)\.')


def step_times(log: Path, skip: int = 0) -> str:
    """The Dagster steps' own durations, as the log gives them, in order (after the first
    `skip` steps: those of earlier runs into the same log)."""
    found = _STEP_DONE.findall(log.read_text(encoding="utf-8", errors="replace"))
    return ", ".join(f"{step} {took}" for step, took in found[skip:])


def steps_logged(log: Path) -> int:
    return len(_STEP_DONE.findall(log.read_text(encoding="utf-8", errors="replace")))


_STEP_END = re.compile(r'^\S+ (\d\d:\d\d:\d\d).*Finished execution of step "(\w+)"', re.M)


def step_ends(log: Path) -> str:
    found = _STEP_END.findall(log.read_text(encoding="utf-8", errors="replace"))
    return ", ".join(f"{step} {at}" for at, step in found)


def step_dagster(work: Path, n: int, incremental: bool) -> str:
    name = f"d{n}"
    seeds = work / f"{name}-seeds"
    seeds.mkdir()
    write_corpus(seeds, n)
    env = dagster_env(work, name, seeds)
    db = Path(env["TIMELINE_DB"])
    db.parent.mkdir(parents=True)
    log = work / f"{name}.log"
    select = [*MATERIALIZE, "--select", "*"]
    first, first_peak = timed(select, env, log)
    rows = count_rows(db)
    lines = [
        f"{n:,} articles (new warehouse): {first:.1f} s wall, {n / first:,.0f} articles/s, "
        f"peak memory of all processes {first_peak:,.0f} MB; rows: "
        + ", ".join(f"{t} {c:,}" for t, c in rows.items())
        + f"; warehouse file {db.stat().st_size / 2**20:,.0f} MB. Steps (Dagster's "
        f"durations): {step_times(log)}. Memory: {PROFILES[-1]}. Step ends (UTC): "
        f"{step_ends(log)}.",
    ]
    if incremental:
        before = steps_logged(log)
        again, again_peak = timed(select, env, log)
        again_steps = step_times(log, before)
        write_corpus(seeds, n + 1, first=n)
        before = steps_logged(log)
        one, one_peak = timed(select, env, log)
        one_steps = step_times(log, before)
        after = count_rows(db)
        started = time.perf_counter()
        shutil.copyfile(db, work / "copy.duckdb")
        copy_s = time.perf_counter() - started
        (work / "copy.duckdb").unlink()
        lines += [
            "",
            "| run | wall seconds | peak MB (all processes) |",
            "|---|---:|---:|",
            f"| first, {n:,} new files | {first:.1f} | {first_peak:,.0f} |",
            f"| again, nothing changed | {again:.1f} | {again_peak:,.0f} |",
            f"| one new article | {one:.1f} | {one_peak:,.0f} |",
            "",
            f"After the new article: articles {after['articles']:,} (was {rows['articles']:,}),"
            f" events {after['events']:,}. Copying the {db.stat().st_size / 2**20:,.0f} MB "
            f"warehouse (the staged copy every load makes): {copy_s:.2f} s. Dagster's steps "
            f"(the run time without the command's start-up): again, {again_steps}; one new "
            f"article, {one_steps}.",
        ]
    return "\n".join(lines)


def query_warehouse(db: Path, events: int = 1_000_000) -> None:
    """A warehouse with `events` synthetic events of `events // 10` articles, indexed as a
    load indexes them."""
    from pipeline.event_index import index_events
    from pipeline.warehouse import ensure_schema

    articles = events // 10
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
        conn.execute(
            f"""INSERT INTO articles SELECT printf('%016x', i), printf('%06d.txt', i),
            strftime(DATE '2015-01-01' + (i % 3650)::INTEGER, '%Y-%m-%d'),
            DATE '2015-01-01' + (i % 3650)::INTEGER, 'day', NULL, 'Текст ' || i, 10, now()
            FROM range({articles}) t(i)"""
        )
        conn.execute(
            f"""INSERT INTO events BY NAME SELECT
            printf('%016x-%04d', i // 10, i % 10) AS event_id,
            printf('%016x', i // 10) AS article_id, (i % 10)::INTEGER AS sentence_no,
            0 AS char_start, 40 AS char_end,
            'Министърът ' || (i % 997) || ' обяви решение номер ' || i AS text,
            'обяви' AS trigger, 11 AS trigger_start, 16 AS trigger_end,
            ['statement', 'meeting', 'aid', 'election'][1 + i % 4] AS event_type,
            NULL AS plover, 'occurred' AS modality,
            strftime(DATE '2015-01-01' + ((i // 10) % 3650)::INTEGER, '%Y-%m-%d') AS date_value,
            DATE '2015-01-01' + ((i // 10) % 3650)::INTEGER AS date_start,
            DATE '2015-01-01' + ((i // 10) % 3650)::INTEGER AS date_end,
            'day' AS date_precision, 'sentence' AS date_source, NULL AS date_text,
            ['Актьор ' || (i % 5000)] AS actors, []::VARCHAR[] AS targets,
            []::VARCHAR[] AS sources, ['Място ' || (i % 300)] AS places,
            NULL AS amount_eur, []::VARCHAR[] AS money_ids, true AS is_main,
            false AS is_related_headline, NULL AS event_group_id
            FROM range({events}) t(i)"""
        )
        conn.execute(
            """INSERT INTO entity_mentions SELECT printf('%016x', i), 0, 0, 10,
            'Актьор ' || (i % 5000), 'Актьор ' || (i % 5000), 'Actor ' || (i % 5000),
            'person', 1.0 FROM range(100000) t(i)"""
        )
        index_events(conn, None)
        conn.execute("CHECKPOINT")


def step_queries(work: Path, events: int = 1_000_000) -> str:
    """A warehouse with `events` synthetic events (and 100,000 articles), then the CLI's
    timeline query with a date range, an actor, a text."""
    from pipeline.selection import Selection, select_events

    db = work / "queries.duckdb"
    articles = events // 10
    query_warehouse(db, events)

    queries: dict[str, dict[str, Any]] = {
        "date range (one month)": {
            "date_from": dt.date(2020, 3, 1),
            "date_to": dt.date(2020, 3, 31),
        },
        "actor (Cyrillic part of a name)": {"actor": "Актьор 4242"},
        "actor (Latin name)": {"actor": "Actor 4242"},
        "text (a word)": {"text": "номер 123456"},
        "text (parts of words, 111 events)": {"text": "мер 1234"},
        "text (words of every event)": {"text": "ОБЯВИ решение"},
    }
    lines = [
        f"{events:,} events of {articles:,} articles (synthetic, generated in DuckDB); "
        "`select_events` (what `timeline query` runs), limit 1,000, median of 5 after one "
        "warm-up:",
        "",
        "| query | median ms | fastest ms | rows | load average (1 min) |",
        "|---|---:|---:|---:|---:|",
    ]
    with duckdb.connect(str(db), read_only=True) as conn:
        for label, args in queries.items():
            selection = Selection(limit=1000, **args)
            found = select_events(conn, selection)
            seconds = []
            for _ in range(5):
                started = time.perf_counter()
                found = select_events(conn, selection)
                seconds.append(time.perf_counter() - started)
            lines.append(
                f"| {label} | {statistics.median(seconds) * 1000:.0f} | "
                f"{min(seconds) * 1000:.0f} | {len(found):,} | {os.getloadavg()[0]:.1f} |"
            )
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        "at the start (other sessions were running on the machine)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--steps", default=",".join(s for s in STEPS if s != "dagster100k"))
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora (a temp)")
    parser.add_argument("--search-dates-over", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.search_dates_over:
        print(search_dates_over(args.search_dates_over))
        return 0
    steps = args.steps.split(",")
    print(f"Machine: {machine()}.\n", flush=True)
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        for step in steps:
            if step == "extract":
                section = step_extract(work)
            elif step == "dagster10k":
                section = step_dagster(work, 10_000, incremental=True)
            elif step == "dagster100k":
                section = step_dagster(work, 100_000, incremental=False)
            elif step == "queries":
                section = step_queries(work)
            else:
                raise SystemExit(f"unknown step {step!r}; steps: {', '.join(STEPS)}")
            print(f"### {step}\n\n{section}\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
