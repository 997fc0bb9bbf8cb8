"""Invisible characters, look-alike letters and emphasis markers no longer hide mentions
(issue 16.7): the rows of `tests/data/normalize_examples.tsv`, through `extract_article`.

Offsets index into the original body and a mention's text is the original slice.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline.extract.article import parse_article
from pipeline.extract.dates import find_dates
from pipeline.extract.document import extract_article
from pipeline.extract.entities import find_entities
from pipeline.extract.mentions import Reference
from pipeline.extract.money import find_money
from pipeline.extract.normalize import Normalized, normalize_for_matching

DATA = Path(__file__).parent / "data"
REFERENCE = Reference(dt.date(2024, 11, 5))


def _unescape(cell: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), cell)


def _rows() -> list[dict[str, str]]:
    with (DATA / "normalize_examples.tsv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{k: _unescape(v or "") for k, v in row.items()} for row in rows]


ROWS = _rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["note"] for r in ROWS])
def test_example(row: dict[str, str]) -> None:
    text = row["text"]
    article = parse_article(f" date 2024-11-05\n\n{text}", "x.txt")
    assert article.body == text
    extraction = extract_article(article)
    kind = row["kind"]
    if kind == "date":
        found = [(m.start, m.end, m.text, m.value) for _, m in extraction.dates]
        expected = (int(row["start"]), int(row["end"]), row["mention"], row["value"])
        assert expected in found
        assert text[expected[0] : expected[1]] == row["mention"]
    elif kind == "money":
        amounts = [
            (a.mention.start, a.mention.end, a.mention.text, a.mention.value, a.mention.currency)
            for a in extraction.amounts
        ]
        start, end = int(row["start"]), int(row["end"])
        assert (start, end, row["mention"], float(row["value"]), row["currency"]) in amounts
        assert text[start:end] == row["mention"]
    else:
        entity_kind = "place" if kind == "place" else "actor"
        names = [m.name_bg for _, m in extraction.entities if m.kind == entity_kind]
        assert row["value"] in names


# every row but the controls and the second mention of a sentence
NEEDING = [r for r in ROWS if "a control" not in r["note"] and "the same" not in r["note"]]


@pytest.mark.parametrize("row", NEEDING, ids=[r["note"] for r in NEEDING])
def test_the_raw_text_alone_misses_or_misreads_it(row: dict[str, str]) -> None:
    """Each row needs the normalisation: the finder on the raw sentence misses or misreads it."""
    text, kind = row["text"], row["kind"]
    if kind == "date":
        raw = [(m.start, m.end, m.value) for m in find_dates(text, REFERENCE)]
        assert (int(row["start"]), int(row["end"]), row["value"]) not in raw
    elif kind == "money":
        money = [(m.start, m.end, m.value) for m in find_money(text)]
        assert (int(row["start"]), int(row["end"]), float(row["value"])) not in money
    else:
        assert row["value"] not in [m.name_bg for m in find_entities(text)]


def test_offsets_map_back_to_the_original() -> None:
    text = "на **13 ноем\u00adври** в Сoфия"
    matched = normalize_for_matching(text)
    assert matched.text == "на 13 ноември в София"
    assert matched.starts == (
        0,
        1,
        2,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        13,
        14,
        15,
        18,
        19,
        20,
        21,
        22,
        23,
        24,
        25,
    )
    assert matched.span(3, 13) == (5, 16)
    assert text[5:16] == "13 ноем\u00adври"


def test_plain_text_is_returned_as_it_is() -> None:
    text = "Срещата е на 13 ноември в София за 5 млн. лв."
    assert normalize_for_matching(text) == Normalized(text)


def test_a_word_with_a_letter_without_look_alike_is_left_alone() -> None:
    # `д` has no Latin look-alike: `Cдрия` is not made Latin, its Latin C is made Cyrillic
    assert normalize_for_matching("Cдрия").text == "Сдрия"
    # Latin majority, but `ж` has no Latin look-alike: left as it is
    assert normalize_for_matching("Bжord").text == "Bжord"
    assert normalize_for_matching("ЕUR").text == "EUR"
