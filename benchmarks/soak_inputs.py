"""Soak of the input side: many files, some damaged, none lost (files in = loaded + rejected).

A temporary seeds folder gets `--files` article files (10,000 by default) made of the shared
corpus (`../shared/corpus/articles/` beside the repository), each published a day after the
one before so that every file is its own article. One file in twenty is damaged, in turn:

- truncated: cut at half its bytes (still an article: it is loaded);
- no header: the ` date` line removed (rejected);
- binary: random bytes with NULs (rejected);
- KOI8-R, CP866, ISO-8859-5 or MacCyrillic instead of UTF-8 (loaded, and its body must be
  exactly the UTF-8 original's);
- noise: random bytes 0x80-0xFF (rejected: reads as no language).

Beside them: a `.md` file, a sub-folder, a dangling link and a link to a file outside the
folder (each a reject). The folder goes through what the assets call (`run_folder`: plan,
read and extract in chunks, load) into a new DuckDB file, twice; the check is that every
entry is an article or a `read` reject, that the second run leaves the same rows (it reads
nothing again: every file is unchanged), and that every re-encoded file's body is its
original.

Run:  .venv/bin/python -m benchmarks.soak_inputs    (print; update docs/reliability.md)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import duckdb

from benchmarks.bench_large_file import update_section
from benchmarks.paths import ARTICLES
from pipeline.batch import run_folder
from pipeline.tables import TABLES

BEGIN = "<!-- soak_inputs: begin -->"
END = "<!-- soak_inputs: end -->"
_HEADER = re.compile(r"\A date (\d{4}-\d{2}(?:-\d{2})?)")
DAMAGES = ("truncated", "no header", "binary", "re-encoded", "noise")
CODE_PAGES = ("koi8_r", "cp866", "iso8859_5", "mac_cyrillic")
LOADED = frozenset({"clean", "truncated", "re-encoded"})


def corpus() -> list[str]:
    texts = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        if _HEADER.match(text):
            texts.append(text)
    return texts


def article_text(texts: Sequence[str], i: int) -> str:
    """The corpus article `i % 50`, published `i` days after 1 January 2000."""
    text = texts[i % len(texts)]
    header = _HEADER.match(text)
    assert header is not None
    day = dt.date(2000, 1, 1) + dt.timedelta(days=i)
    return f" date {day.isoformat()}" + text[header.end() :]


def write_folder(folder: Path, outside: Path, n: int) -> tuple[Counter[str], dict[str, str]]:
    """The seeds folder; (how many files of each kind, re-encoded file -> its UTF-8 text)."""
    texts = corpus()
    generator = random.Random(16)
    kinds: Counter[str] = Counter()
    originals: dict[str, str] = {}
    for i in range(n):
        name = f"{i:05d}.txt"
        text = article_text(texts, i)
        data = text.encode("utf-8")
        kind = "clean"
        if i % 20 == 19:
            kind = DAMAGES[(i // 20) % len(DAMAGES)]
        if kind == "truncated":
            data = data[: len(data) // 2]
        elif kind == "no header":
            data = text.split("\n", 1)[1].encode("utf-8")
        elif kind == "binary":
            data = bytes(generator.randrange(0, 256) for _ in range(300)) + b"\x00"
        elif kind == "re-encoded":
            data = text.encode(CODE_PAGES[(i // 100) % len(CODE_PAGES)], errors="replace")
            originals[name] = data.decode(CODE_PAGES[(i // 100) % len(CODE_PAGES)])
        elif kind == "noise":
            data = bytes(generator.randrange(0x80, 0x100) for _ in range(2000))
        (folder / name).write_bytes(data)
        kinds[kind] += 1
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    (folder / "archive").mkdir()
    (folder / "dangling.txt").symlink_to(folder / "deleted.txt")
    outside.mkdir(exist_ok=True)
    (outside / "private.txt").write_text(article_text(texts, n + 1), encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "private.txt")
    kinds.update(["not .txt", "sub-folder", "dangling link", "link outside"])
    return kinds, originals


def _count(conn: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


def load_once(folder: Path, db: Path) -> tuple[dict[str, int], float]:
    started = time.perf_counter()
    run_folder(db, folder)
    with duckdb.connect(str(db), read_only=True) as conn:
        counts = {t: _count(conn, f"SELECT count(*) FROM {t}") for t in TABLES}
        counts["rejected files"] = _count(
            conn, "SELECT count(DISTINCT source_file) FROM rejects WHERE stage = 'read'"
        )
    return counts, time.perf_counter() - started


def run(n: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seeds"
        folder.mkdir()
        kinds, originals = write_folder(folder, Path(tmp) / "outside", n)
        entries = len(os.listdir(folder))
        db = Path(tmp) / "timeline.duckdb"
        first, first_s = load_once(folder, db)
        second, second_s = load_once(folder, db)
        with duckdb.connect(str(db), read_only=True) as conn:
            bodies = dict(
                conn.execute(
                    "SELECT source_file, body FROM articles WHERE source_file IN "
                    "(SELECT unnest($names))",
                    {"names": sorted(originals)},
                ).fetchall()
            )
            reasons = conn.execute(
                "SELECT regexp_extract(reason, '^[^(:,;]*'), count(*) FROM rejects "
                "WHERE stage = 'read' GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()
    same_body = sum(
        1 for name, text in originals.items() if bodies.get(name) == text.split("\n", 1)[1].strip()
    )
    expected_loaded = sum(kinds[k] for k in LOADED)
    lines = [
        f"{entries:,} entries in the folder: "
        + ", ".join(f"{kinds[k]:,} {k}" for k in ("clean", *DAMAGES))
        + ", and one each: a `.md` file, a sub-folder, a dangling link, a link outside.",
        "",
        "| | first load | second load |",
        "|---|---:|---:|",
        f"| articles loaded | {first['articles']:,} | {second['articles']:,} |",
        f"| files rejected | {first['rejected files']:,} | {second['rejected files']:,} |",
        f"| articles + files rejected | {first['articles'] + first['rejected files']:,} | "
        f"{second['articles'] + second['rejected files']:,} |",
        f"| date mentions | {first['date_mentions']:,} | {second['date_mentions']:,} |",
        f"| money mentions | {first['money_mentions']:,} | {second['money_mentions']:,} |",
        f"| events | {first['events']:,} | {second['events']:,} |",
        f"| seconds (read, extract, validate, load) | {first_s:.0f} | {second_s:.0f} |",
        "",
        f"Files in = articles loaded + files rejected: {entries:,} = "
        f"{first['articles']:,} + {first['rejected files']:,} "
        f"({'holds' if entries == first['articles'] + first['rejected files'] else 'FAILS'}); "
        f"articles expected (clean, truncated, re-encoded): {expected_loaded:,}. "
        f"Re-encoded files whose body is exactly the original: {same_body:,} of "
        f"{len(originals):,}.",
        "",
        "| reject reason (its start) | files |",
        "|---|---:|",
        *(f"| {reason.strip()} | {count:,} |" for reason, count in reasons),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=10_000, help="article files (10,000)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    section = run(args.files)
    print(section)
    if not args.no_write and args.files == 10_000 and update_section(BEGIN, END, section):
        print("Updated docs/reliability.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
