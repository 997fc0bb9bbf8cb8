"""Soak: 10,000 article files, 5% of them corrupted, loaded by Dagster twice, the first run
killed in the middle of its load; then the ledger: files in = articles loaded + files
rejected, exactly.

The files are copies of the shared corpus (`../shared/corpus/articles/` beside the
repository), copy k published k days later so that every file is its own article. Every
20th file is corrupted, the four kinds in turn: truncated at a random byte, header line
stripped, replaced by random binary bytes, or re-encoded as KOI8-R. Then, with a fresh
`DAGSTER_HOME` and warehouse, as `make run` does:

1. `dagster asset materialize --select '*'` is started and killed (`SIGKILL` to its process
   group) the moment its warehouse step has created the staging copy, i.e. inside the load;
2. the same command is run to the end; then once more, to show the rows do not change.

After each step the warehouse is checked: no rows at all after the kill (the first load never
finished), then every file name is exactly once either an article (`articles.source_file`) or
a `read` reject (`rejects.source_file`, stage `read`), and nothing else. The figures go to
docs/reliability.md between the `soak` markers.

Run:  .venv/bin/python -m benchmarks.soak                 (10,000 files, writes the figures)
      .venv/bin/python -m benchmarks.soak --files 1000 --no-write
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import duckdb

from benchmarks.bench_pipeline import copies_of
from benchmarks.paths import ARTICLES, DOCS, REPO
from pipeline.extract.article import decode_article_bytes
from pipeline.warehouse import staging_path

REPORT = DOCS / "reliability.md"
START, END = "<!-- soak:start -->", "<!-- soak:end -->"
KINDS = ("truncated", "header stripped", "binary", "KOI8-R")
CORRUPT_EVERY = 20  # 5%
HANG_GUARD_SECONDS = 3600
STEPS = (("1: killed inside its load", True), ("2: to the end", False), ("3: again", False))
DAGSTER = str(Path(sys.executable).parent / "dagster")


def corrupt(kind: str, text: str, rng: random.Random) -> bytes:
    data = text.encode("utf-8")
    if kind == "truncated":
        return data[: rng.randrange(len(data))]
    if kind == "header stripped":
        return text.split("\n", 1)[1].encode("utf-8")
    if kind == "binary":
        return b"\x00" + rng.randbytes(2047)
    return text.encode("koi8_r", errors="replace")


def make_folder(folder: Path, n_files: int) -> dict[str, str]:
    """Write the files; return file name -> kind ("good" or a corruption)."""
    texts = [(p.name, decode_article_bytes(p.read_bytes())) for p in sorted(ARTICLES.glob("*"))]
    copies = -(-n_files // len(texts))
    corpus = copies_of(texts, copies)[:n_files]
    rng = random.Random(16)
    kinds: dict[str, str] = {}
    for i, (name, text) in enumerate(corpus):
        kind = "good"
        if i % CORRUPT_EVERY == CORRUPT_EVERY - 1:
            kind = KINDS[(i // CORRUPT_EVERY) % len(KINDS)]
        data = text.encode("utf-8") if kind == "good" else corrupt(kind, text, rng)
        (folder / name).write_bytes(data)
        kinds[name] = kind
    return kinds


def ledger(db: Path) -> tuple[set[str], set[str], str]:
    """Files loaded as articles, files rejected at reading, and a digest of each table's
    rows (without the load times) to compare runs."""
    if not db.exists():
        return set(), set(), ""
    with duckdb.connect(str(db), read_only=True) as conn:
        loaded = {r[0] for r in conn.execute("SELECT source_file FROM articles").fetchall()}
        rejected = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT source_file FROM rejects WHERE stage = 'read'"
            ).fetchall()
        }
        digests = []
        for table, skip in (
            ("articles", "loaded_at"),
            ("date_mentions", None),
            ("money_mentions", None),
            ("entity_mentions", None),
            ("events", None),
            ("rejects", "rejected_at"),
        ):
            digest = hashlib.sha256()
            columns = "*" + (f" EXCLUDE ({skip})" if skip else "")
            for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall():
                digest.update(repr(row).encode())
            digests.append(f"{table}:{digest.hexdigest()[:8]}")
    return loaded, rejected, " ".join(digests)


def run(env: dict[str, str], log: Path, kill_at: Path | None = None) -> tuple[float, bool]:
    """One `dagster asset materialize` run; with `kill_at`, killed when that path appears.
    Returns the seconds it ran and whether it was killed."""
    command = [DAGSTER, "asset", "materialize", "-m", "pipeline.definitions", "--select", "*"]
    started = time.monotonic()
    with log.open("a") as out:
        proc = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        while kill_at is not None and proc.poll() is None:
            if kill_at.exists():
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return time.monotonic() - started, True
            if time.monotonic() - started > HANG_GUARD_SECONDS:
                break
            time.sleep(0.01)
        code = proc.wait(timeout=HANG_GUARD_SECONDS)
    if code != 0:
        raise SystemExit(f"run failed ({code}); see {log}")
    return time.monotonic() - started, False


def render(
    n_files: int,
    kinds: dict[str, str],
    steps: list[dict[str, object]],
    outcome: Counter[tuple[str, str]],
) -> str:
    corrupted = sum(1 for k in kinds.values() if k != "good")
    lines = [
        START,
        "### Soak",
        "",
        f"Generated by `.venv/bin/python -m benchmarks.soak` on {dt.date.today().isoformat()} "
        "(needs the shared corpus at `../shared`); see the module's docstring for what is run.",
        "",
        f"{n_files:,} files ({corrupted:,} corrupted, every {CORRUPT_EVERY}th: "
        + ", ".join(f"{sum(1 for k in kinds.values() if k == kind)} {kind}" for kind in KINDS)
        + "), each run a `dagster asset materialize --select '*'` (one new `DAGSTER_HOME` "
        "for the three), on one machine with 2 shared cores.",
        "",
        "| step | seconds | articles | files rejected | files in = articles + rejected |",
        "|---|---:|---:|---:|---|",
    ]
    for step in steps:
        lines.append(
            f"| {step['step']} | {step['seconds']:.1f} | {step['articles']:,} | "
            f"{step['rejected']:,} | {step['balance']} |"
        )
    lines += [
        "",
        "What became of the corrupted files (after the last run):",
        "",
        "| kind | loaded as an article | rejected |",
        "|---|---:|---:|",
    ]
    for kind in KINDS:
        lines.append(f"| {kind} | {outcome[kind, 'loaded']} | {outcome[kind, 'rejected']} |")
    lines += [
        "",
        "A truncated file whose cut leaves its header is still an article (shorter); a KOI8-R "
        "file is read as KOI8-R (the encoding is chosen by how Bulgarian the text reads) and "
        "loads as the real article; either way every file is counted exactly once.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=10_000, help="article files (10,000)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    args = parser.parse_args(argv)
    if not ARTICLES.is_dir():
        print(f"No shared corpus at {ARTICLES}: nothing to soak.")
        return 0
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        root = Path(tmp)
        seeds, home = root / "seeds", root / "dagster_home"
        seeds.mkdir()
        home.mkdir()
        shutil.copy(REPO / "dagster-instance.yaml", home / "dagster.yaml")
        db = root / "warehouse" / "timeline.duckdb"
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "TIMELINE_SEEDS": str(seeds),
            "TIMELINE_DB": str(db),
        }
        kinds = make_folder(seeds, args.files)
        names = set(kinds)
        print(f"{len(names)} files in {seeds}", flush=True)
        log = root / "runs.log"
        steps: list[dict[str, object]] = []
        digests: list[str] = []
        for step, kill in STEPS:
            seconds, killed = run(env, log, staging_path(db) if kill else None)
            if kill and not killed:
                raise SystemExit("the first run ended before the kill: use more files")
            loaded, rejected, digest = ledger(db)
            if killed:
                balance = "no rows (the load never finished)" if not loaded | rejected else "?"
                if not staging_path(db).exists():
                    raise SystemExit("killed, but no staging copy: not inside the load")
            else:
                exact = loaded | rejected == names and not loaded & rejected
                balance = f"{len(names):,} = {len(loaded):,} + {len(rejected):,}: " + (
                    "exact" if exact else "BROKEN"
                )
                digests.append(digest)
            steps.append(
                {
                    "step": step,
                    "seconds": seconds,
                    "articles": len(loaded),
                    "rejected": len(rejected),
                    "balance": balance,
                }
            )
            print(steps[-1], flush=True)
        if len(set(digests)) != 1:
            raise SystemExit(f"the rows changed between runs 2 and 3: {digests}")
        steps[-1]["balance"] = f"{steps[-1]['balance']}; same rows as run 2"
        outcome: Counter[tuple[str, str]] = Counter(
            (kinds[name], "loaded" if name in loaded else "rejected") for name in names
        )
    report = render(args.files, kinds, steps, outcome)
    print(report)
    if not args.no_write:
        text = REPORT.read_text(encoding="utf-8")
        if START in text:
            text = text[: text.index(START)] + report + text[text.index(END) + len(END) + 1 :]
        else:
            text = text.rstrip("\n") + "\n\n" + report
        REPORT.write_text(text, encoding="utf-8")
        print(f"Wrote {REPORT.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
