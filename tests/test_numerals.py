"""The numeral parser: `tests/data/numerals_examples.tsv` plus ordinals and search in text."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract.numerals import find_numbers, find_ordinals, parse_number, parse_ordinal

DATA = Path(__file__).parent / "data"


def _rows() -> list[tuple[str, str]]:
    with (DATA / "numerals_examples.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["text"], row["value"]) for row in reader]


ROWS = _rows()


@pytest.mark.parametrize(("text", "value"), ROWS, ids=[f"n{i:03d}" for i in range(len(ROWS))])
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


def test_decimal_is_exact() -> None:
    value = parse_number("1,35 млрд.")
    assert value == Decimal(1350000000)
    assert float(value or 0) == 1350000000.0


@pytest.mark.parametrize(
    "text", ["", "лева", "милиони", "хиляди", "няколко", "пет и десет", "1,35 лв.", "abc"]
)
def test_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("първи", 1),
        ("първата", 1),
        ("втори", 2),
        ("трето", 3),
        ("21-ви", 21),
        ("3-тата", 3),
        ("8ми", 8),
        ("двадесет и първи", 21),
        ("сто и единадесети", 111),
        ("хиляда сто и единадесети", 1111),
        ("стотен", 100),
        ("десет хиляден", 10000),
        ("милионен", 1000000),
    ],
)
def test_parse_ordinal(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


def test_find_numbers_in_a_sentence() -> None:
    text = "Между пет и десет души дадоха от 6 до 10 млн. лв., а 1 200 000,50 евро остана."
    found = [(n.text, n.value) for n in find_numbers(text)]
    assert found == [
        ("пет", 5),
        ("десет", 10),
        ("6", 6),
        ("10 млн.", 10000000),
        ("1 200 000,50", Decimal("1200000.50")),
    ]
    for n in find_numbers(text):
        assert text[n.start : n.end] == n.text


def test_find_ordinals_in_a_sentence() -> None:
    found = find_ordinals("За двадесет и първи път в 5-то издание.")
    assert [(o.text, o.value) for o in found] == [("двадесет и първи", 21), ("5-то", 5)]
