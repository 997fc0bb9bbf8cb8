"""Example tables for the Bulgarian date extractor (tests/data/dates_*.tsv).

One test per (text, reference) group: the mentions found must be exactly the expected spans,
with the expected kind, value, resolution and modifier. Failures say which span is missing,
partial, extra or wrongly valued.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest

from pipeline.extract.dates import find_dates, value_range
from pipeline.extract.mentions import DateMention, Reference
from tests.tables import read_tsv


def parse_reference(text: str) -> Reference:
    if len(text) == 7:
        return Reference(dt.date(int(text[:4]), int(text[5:7]), 1), "month")
    return Reference(dt.date.fromisoformat(text))


def example_groups(
    table: str = "dates_examples.tsv",
) -> list[tuple[str, str, list[dict[str, str]]]]:
    """The rows of an example table grouped by (text, reference)."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in read_tsv(table):
        groups[(row["text"], row["reference"])].append(row)
    return [(text, ref, rows) for (text, ref), rows in groups.items()]


EXAMPLES = example_groups()
NEGATIVES = read_tsv("dates_negative.tsv")


def describe(m: DateMention) -> str:
    mod = f" {m.modifier}" if m.modifier else ""
    return f"{m.text!r} -> {m.kind} {m.value} ({m.resolution}{mod})"


def test_table_rows_are_unique() -> None:
    keys = [(r["text"], r["reference"], r["span"]) for _, _, rows in EXAMPLES for r in rows]
    assert len(keys) == len(set(keys))


def test_tables_are_big_enough() -> None:
    assert sum(len(rows) for _, _, rows in EXAMPLES) >= 300
    assert len(NEGATIVES) >= 40
    categories = {row["category"] for _, _, rows in EXAMPLES for row in rows}
    assert {"absolute", "yearless", "relative", "holiday", "interval", "duration"} <= categories


@pytest.mark.parametrize(
    ("text", "reference", "rows"),
    EXAMPLES,
    ids=[f"{rows[0]['category']}-{i:03d}" for i, (_, _, rows) in enumerate(EXAMPLES)],
)
def test_example(text: str, reference: str, rows: list[dict[str, str]]) -> None:
    found = find_dates(text, parse_reference(reference))
    problems: list[str] = []
    by_span = {m.text: m for m in found}
    for row in rows:
        span = row["span"]
        assert span in text, f"table error: span {span!r} is not in the text"
        mention = by_span.pop(span, None)
        if mention is None:
            overlapping = [
                m
                for m in found
                if m.start < text.index(span) + len(span) and text.index(span) < m.end
            ]
            if overlapping:
                problems.append(
                    f"partial: expected {span!r}, found "
                    + ", ".join(describe(m) for m in overlapping)
                )
                for m in overlapping:
                    by_span.pop(m.text, None)
            else:
                problems.append(f"missing: {span!r}")
            continue
        expected = (row["kind"], row["value"], row["resolution"], row["modifier"] or None)
        actual = (mention.kind, mention.value, mention.resolution, mention.modifier)
        if expected != actual:
            problems.append(f"wrong value for {span!r}: expected {expected}, got {actual}")
    problems += [f"extra: {describe(m)}" for m in by_span.values()]
    assert not problems, f"{text!r} @ {reference}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    "row", NEGATIVES, ids=[f"{r['category']}-{i:03d}" for i, r in enumerate(NEGATIVES)]
)
def test_negative(row: dict[str, str]) -> None:
    found = find_dates(row["text"], parse_reference(row["reference"]))
    assert not found, f"{row['note']}: found " + ", ".join(describe(m) for m in found)


def test_offsets_index_the_text_and_do_not_overlap() -> None:
    for text, reference, _ in EXAMPLES:
        found = find_dates(text, parse_reference(reference))
        for m in found:
            assert text[m.start : m.end] == m.text
        for a, b in itertools.pairwise(found):
            assert a.end <= b.start


D = dt.date


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2024-11-13", D(2024, 11, 13), D(2024, 11, 13)),
        ("2024-11", D(2024, 11, 1), D(2024, 11, 30)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2024-W46", D(2024, 11, 11), D(2024, 11, 17)),
        ("2020-W45-WE", D(2020, 11, 7), D(2020, 11, 8)),
        ("2020-W53", D(2020, 12, 28), D(2021, 1, 3)),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("2024-H2", D(2024, 7, 1), D(2024, 12, 31)),
        ("2024-SU", D(2024, 6, 1), D(2024, 8, 31)),
        ("2024-WI", D(2024, 12, 1), D(2025, 2, 28)),
        ("199", D(1990, 1, 1), D(1999, 12, 31)),
        ("19", D(1900, 1, 1), D(1999, 12, 31)),
        ("2020-12-27/2020-12-29", D(2020, 12, 27), D(2020, 12, 29)),
        ("2019/2021", D(2019, 1, 1), D(2021, 12, 31)),
        ("2024-11-13T10:00", D(2024, 11, 13), D(2024, 11, 13)),
        ("P3Y", None, None),
    ],
)
def test_value_range(value: str, start: dt.date | None, end: dt.date | None) -> None:
    assert value_range(value) == (start, end)


@pytest.mark.parametrize(
    ("text", "reference", "start", "end"),
    [
        ("Срещата е на 13 ноември 2024 г.", "2024-11-20", D(2024, 11, 13), D(2024, 11, 13)),
        ("Вчера беше студено.", "2024-11-20", D(2024, 11, 19), D(2024, 11, 19)),
        ("Тази седмица има сесия.", "2024-11-13", D(2024, 11, 11), D(2024, 11, 17)),
        ("Тази седмица има сесия.", "2024-11", D(2024, 11, 1), D(2024, 11, 30)),
        ("Миналия месец имаше сесия.", "2024-03-10", D(2024, 2, 1), D(2024, 2, 29)),
        ("В края на декември ще има сесия.", "2020-11-04", D(2020, 12, 1), D(2020, 12, 31)),
        ("През първото тримесечие на 2024 г.", "2024-11", D(2024, 1, 1), D(2024, 3, 31)),
        ("Това стана през 90-те години.", "2024-11", D(1990, 1, 1), D(1999, 12, 31)),
        ("Фестивалът е 27-29 декември.", "2020-11-04", D(2020, 12, 27), D(2020, 12, 29)),
        ("Досега няма решение.", "2024-11-13", None, D(2024, 11, 12)),
        ("Скоро ще има решение.", "2024-11", D(2024, 12, 1), None),
        ("Сега има решение.", "2024-11", D(2024, 11, 1), D(2024, 11, 30)),
        ("Срещата е в 10 ч.", "2024-11", D(2024, 11, 1), D(2024, 11, 30)),
        ("Ще чакаме три години.", "2024-11", None, None),
    ],
)
def test_mention_range(text: str, reference: str, start: D | None, end: D | None) -> None:
    (mention,) = find_dates(text, parse_reference(reference))
    assert (mention.range_start, mention.range_end) == (start, end)
