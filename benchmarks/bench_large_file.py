"""Time and memory of one large article of 1, 2, 4 and 8 MB: does the work grow linearly?

The texts are made of the shared corpus (`../shared/corpus/articles/` beside the repository):
its 50 article bodies joined, repeated up to the size, in two shapes:

- paragraphs: as written (sentences of up to a few hundred characters);
- one line: the same with every sentence end turned into a comma and every line break into a
  space (no sentence end at all: the splitter cuts it at spaces every 2,000 characters).

Each text is parsed (`parse_article`) and extracted (`extract_article`: sentences, dates,
money with euro values, entities, events) in a fresh process, which reports the CPU seconds
of each step (process time: other programs on the machine do not count) and its peak memory
(maximum resident set). The sizes are above the 5 MB file
limit on purpose: the limit (`TIMELINE_MAX_FILE_MB`) applies when a file is read, the
extractors are measured here on their own.

Run:  .venv/bin/python -m benchmarks.bench_large_file    (print; update docs/reliability.md)
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.paths import ARTICLES, DOCS
from pipeline.extract.article import decode_article_bytes, parse_article
from pipeline.extract.document import extract_article

REPORT = DOCS / "reliability.md"
BEGIN = "<!-- bench_large_file: begin -->"
END = "<!-- bench_large_file: end -->"
SIZES_MB = (1, 2, 4, 8)
SHAPES = ("paragraphs", "one line")
HEADER = " date 2024-11-05\n\n"


def corpus_text(shape: str) -> str:
    bodies = []
    for path in sorted(ARTICLES.glob("*.txt")):
        bodies.append(parse_article(decode_article_bytes(path.read_bytes()), path.name).body)
    text = "\n\n".join(bodies)
    if shape == "one line":
        text = re.sub(r"[.!?…]+(?=\s)", ",", text.replace("\n", " "))
    return text


def make_text(shape: str, megabytes: int) -> str:
    unit = corpus_text(shape)
    target = megabytes * 1024 * 1024
    joiner = "\n\n" if shape == "paragraphs" else " "
    parts: list[str] = []
    size = 0
    while size < target:
        parts.append(unit)
        size += len(unit.encode()) + len(joiner)
    text = joiner.join(parts)
    data = text.encode()[:target]
    return data.decode(errors="ignore").rsplit(" ", 1)[0]  # whole words, about the size


def measure_one(shape: str, megabytes: int) -> dict[str, float | int | str]:
    text = HEADER + make_text(shape, megabytes)
    started = time.process_time()
    article = parse_article(text, "large.txt")
    parsed = time.process_time()
    extraction = extract_article(article)
    done = time.process_time()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "shape": shape,
        "mb": megabytes,
        "bytes": len(text.encode()),
        "parse_s": parsed - started,
        "extract_s": done - parsed,
        "sentences": len(extraction.sentences),
        "dates": len(extraction.dates),
        "amounts": len(extraction.amounts),
        "events": len(extraction.events),
        "peak_mb": peak_kb / 1024,
    }


def measure(shape: str, megabytes: int) -> dict[str, float | int | str]:
    """One measurement in a fresh process (clean memory, cold caches as in a real run)."""
    command = [sys.executable, "-m", "benchmarks.bench_large_file", "--one", shape]
    command.append(str(megabytes))
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, float | int | str] = json.loads(out)
    return result


def table(rows: list[dict[str, float | int | str]]) -> str:
    lines = [
        "| shape | size | sentences | dates | amounts | parse CPU s | extract CPU s | "
        "extract ×, size ×2 | peak memory MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous: dict[str, float] = {}
    for row in rows:
        shape = str(row["shape"])
        extract = float(row["extract_s"])
        growth = f"{extract / previous[shape]:.2f}" if shape in previous else ""
        previous[shape] = extract
        lines.append(
            f"| {shape} | {row['mb']} MB | {row['sentences']:,} | {row['dates']:,} | "
            f"{row['amounts']:,} | {float(row['parse_s']):.2f} | {extract:.2f} | {growth} | "
            f"{float(row['peak_mb']):.0f} |"
        )
    return "\n".join(lines)


def update_section(begin: str, end: str, section: str) -> bool:
    """Replace what lies between the `begin` and `end` markers of docs/reliability.md."""
    if not REPORT.exists():
        return False
    text = REPORT.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        return False
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    REPORT.write_text(f"{head}{begin}\n{section}\n{end}{tail}", encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "MB"), help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return 0
    rows = [measure(shape, mb) for shape in SHAPES for mb in SIZES_MB]
    section = table(rows)
    print(section)
    if not args.no_write and update_section(BEGIN, END, section):
        print(f"Updated {REPORT.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
