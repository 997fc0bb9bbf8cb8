"""Every extractor's output over the corpus, the example tables and the peer suites, as JSON lines.

A refactoring that must not change any output is checked by running this before and after
and comparing the two files (`cmp`, or `diff` to see where they differ):

    .venv/bin/python -m benchmarks.snapshot_outputs /tmp/before.jsonl
    ... change the code ...
    .venv/bin/python -m benchmarks.snapshot_outputs /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

Each line is one extractor on one text: `find_dates` (against a day and a month reference, and
the table's own reference where it has one), `find_money`, `find_numbers`, `parse_number`,
`find_ordinals`, `parse_ordinal`, `find_entities`; for each article `split_sentences` and
`extract_article` end to end (the `timeline extract --jsonl` object). The texts are every
sentence of the corpus (from `../shared`, when present) and of the contemporary sample
(`benchmarks/contemporary/articles`), the `text` column of every table in `tests/data/` and
the `text` of every peer-suite case. The last line gives the sha256 of each section, so two
runs can be compared at a glance. Write the file outside the repository: it holds corpus text.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.paths import ARTICLES, REPO, SUITES
from pipeline.extract.article import ArticleError, read_article
from pipeline.extract.dates import find_dates
from pipeline.extract.document import extract_article, extraction_json
from pipeline.extract.entities import find_entities
from pipeline.extract.mentions import Reference
from pipeline.extract.money import find_money
from pipeline.extract.numerals import find_numbers, find_ordinals, parse_number, parse_ordinal
from pipeline.extract.sentences import split_sentences

TABLES = REPO / "tests" / "data"
CONTEMPORARY = REPO / "benchmarks" / "contemporary" / "articles"
# fixed references for texts that carry none: a day and a month
DAY = Reference(dt.date(2024, 11, 13))
MONTH = Reference(dt.date(2024, 11, 1), "month")


def _plain(value: Any) -> Any:
    """A JSON-ready copy: dataclasses as dicts, dates as ISO text, Decimals as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def _reference(text: str) -> Reference | None:
    text = text.strip()[:10]
    try:
        if len(text) == 7:
            return Reference(dt.date(int(text[:4]), int(text[5:7]), 1), "month")
        return Reference(dt.date.fromisoformat(text))
    except ValueError:
        return None


def _text_lines(section: str, text: str, reference: Reference | None) -> Iterator[dict[str, Any]]:
    refs = [DAY, MONTH] + ([reference] if reference is not None else [])
    for ref in refs:
        yield {
            "section": section,
            "text": text,
            "extractor": "find_dates",
            "reference": ref.value,
            "out": _plain(find_dates(text, ref)),
        }
    for name, function in (
        ("find_money", find_money),
        ("find_numbers", find_numbers),
        ("parse_number", parse_number),
        ("find_ordinals", find_ordinals),
        ("parse_ordinal", parse_ordinal),
        ("find_entities", find_entities),
    ):
        yield {"section": section, "text": text, "extractor": name, "out": _plain(function(text))}


def corpus_lines(folder: Path = ARTICLES, section: str = "corpus") -> Iterator[dict[str, Any]]:
    for path in sorted(folder.glob("*.txt")):
        try:
            article = read_article(path, path.name)
        except ArticleError as exc:
            yield {"section": section, "file": path.name, "error": str(exc)}
            continue
        sentences = split_sentences(article.body, article.paragraphs)
        yield {"section": section, "file": path.name, "sentences": _plain(sentences)}
        yield {
            "section": section,
            "file": path.name,
            "extract_article": _plain(extraction_json(extract_article(article))),
        }
        for sentence in sentences:
            yield from _text_lines(section, sentence.text, article.reference)


def contemporary_lines() -> Iterator[dict[str, Any]]:
    return corpus_lines(CONTEMPORARY, "contemporary")


def table_lines() -> Iterator[dict[str, Any]]:
    for path in sorted(TABLES.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        for row in rows:
            text = row.get("text") or ""
            if not text or text.startswith("#"):
                continue
            reference = _reference(row.get("reference") or "")
            yield from _text_lines(f"tables/{path.name}", text, reference)


def peer_lines() -> Iterator[dict[str, Any]]:
    for path in sorted(SUITES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            reference = _reference(str(case.get("reference") or ""))
            yield from _text_lines(f"peers/{path.name}", str(case["text"]), reference)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.snapshot_outputs OUT.jsonl", file=sys.stderr)
        return 2
    digests: dict[str, Any] = {}
    counts: dict[str, int] = {}
    with open(argv[0], "w", encoding="utf-8") as out:
        for name, lines in (
            ("corpus", corpus_lines),
            ("contemporary", contemporary_lines),
            ("tables", table_lines),
            ("peers", peer_lines),
        ):
            digest = hashlib.sha256()
            counts[name] = 0
            for record in lines():
                text = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
                out.write(text)
                digest.update(text.encode())
                counts[name] += 1
            digests[name] = digest.hexdigest()
        summary = {"section": "summary", "lines": counts, "sha256": digests}
        out.write(json.dumps(summary, sort_keys=True) + "\n")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
