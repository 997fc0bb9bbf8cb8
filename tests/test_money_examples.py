"""One harness for the money example tables (Duckling style: every row a case).

- `tests/data/money_examples.tsv`: rows grouped by text and publication date (`published`,
  empty when the rule does not depend on it); each text must give exactly its set of mentions
  (span, value, currency, qualifier, min, max): missing, partial, extra or wrong mentions fail.
- `tests/data/money_negative.tsv`: nothing may be found.

To add a money rule: edit a lexicon in `pipeline/extract/lexicons/money_*.tsv`, add rows here,
run `pytest tests/test_money_examples.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.extract.mentions import MoneyMention
from pipeline.extract.money import find_money

DATA = Path(__file__).parent / "data"

Row = tuple[str, float | None, str, str, float | None, float | None]


def _num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


Case = tuple[str, str]  # text, publication date (ISO or "")


def _examples() -> dict[Case, list[Row]]:
    grouped: dict[Case, list[Row]] = defaultdict(list)
    for row in _rows("money_examples.tsv"):
        grouped[(row["text"], row["published"])].append(
            (
                row["span"],
                _num(row["value"]),
                row["currency"],
                row["qualifier"],
                _num(row["min"]),
                _num(row["max"]),
            )
        )
    return dict(grouped)


EXAMPLES = _examples()
NEGATIVES = _rows("money_negative.tsv")


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _matches(row: Row, m: MoneyMention) -> bool:
    span, value, currency, qualifier, low, high = row
    return (
        m.text == span
        and m.currency == currency
        and m.qualifier == qualifier
        and _same(m.value, value)
        and _same(m.min_value, low)
        and _same(m.max_value, high)
    )


def test_tables_are_big_enough() -> None:
    assert sum(len(rows) for rows in EXAMPLES.values()) >= 150
    assert len(NEGATIVES) >= 30


@pytest.mark.parametrize("case", list(EXAMPLES), ids=[f"ex{i:03d}" for i in range(len(EXAMPLES))])
def test_money_example(case: Case) -> None:
    text, published = case
    expected = EXAMPLES[case]
    found = find_money(text, published=dt.date.fromisoformat(published) if published else None)
    for m in found:
        assert text[m.start : m.end] == m.text
    missing = [row for row in expected if not any(_matches(row, m) for m in found)]
    extra = [m for m in found if not any(_matches(row, m) for row in expected)]
    assert not missing and not extra, f"missing {missing}; found {found}"


@pytest.mark.parametrize(
    "row", NEGATIVES, ids=[f"neg{i:02d}-{r['category']}" for i, r in enumerate(NEGATIVES)]
)
def test_money_negative(row: dict[str, str]) -> None:
    assert find_money(row["text"]) == [], row["note"]


def test_seed_values_are_exact_floats() -> None:
    (m,) = find_money("помощ от САЩ в размер на 1,35 млрд. долара в подкрепа на програми")
    assert m.value == 1350000000.0 and m.min_value == m.max_value == 1350000000.0
    (m,) = find_money("финансиране на Украйна в размер на над 6 млрд. долара.")
    assert (m.value, m.currency, m.qualifier, m.min_value, m.max_value) == (
        6000000000.0,
        "USD",
        "over",
        6000000000.0,
        None,
    )


def test_sorted_and_non_overlapping() -> None:
    text = "Бюджетът е 40 млн. лв. (20,5 млн. евро), от 6 до 10 млн. лв. и $5 млн. за всеки."
    found = find_money(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert len(found) == 4


def test_sentence_without_currency_is_quick_no() -> None:
    assert find_money("На 13 ноември 2024 г. 5000 души протестираха в 12 града.") == []


def test_lexicons_are_consistent() -> None:
    from pipeline.extract.lexicon import load_table

    countries = {row["iso"] for row in load_table("money_currency_countries.tsv")}
    for row in load_table("money_currencies.tsv"):
        for iso in row["iso"].split("|"):
            assert len(iso) == 3 and iso.isupper(), row
        if "|" in row["iso"]:  # each code of an ambiguous form can be named by a country
            assert set(row["iso"].split("|")) <= countries, row
        assert row["position"] in ("suffix", "both"), row
        assert row["unit"] in ("main", "sub", "sub_after"), row
    qualifiers = {"exact", "over", "under", "about", "up_to"}
    for row in load_table("money_qualifiers.tsv"):
        assert row["qualifier"] in qualifiers and row["side"] in ("before", "after"), row
        assert row["in_span"] in ("yes", "no"), row
    for table in (
        "money_change_verbs.tsv",
        "money_governing_words.tsv",
        "money_exceed_verbs.tsv",
    ):
        for row in load_table(table):
            assert row["match"] in ("prefix", "word") and row["stem"] == row["stem"].lower(), row
    change = {row["stem"] for row in load_table("money_change_verbs.tsv")}
    governing = {row["stem"] for row in load_table("money_governing_words.tsv")}
    assert not change & governing  # a word governing `до` is not a word of change
    for row in load_table("money_ellipsis.tsv"):
        assert row["cue"] == row["cue"].lower() and row["after"] == row["after"].lower(), row
    for row in load_table("money_currency_countries.tsv"):
        assert row["match"] in ("prefix", "word") and row["stem"] == row["stem"].lower(), row
    for row in load_table("money_year_cues.tsv"):
        assert row["applies"] in ("year", "century"), row


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("Глобата е до 50 хиляди крони.", "Полицията в Чехия глобява.", [(50000.0, "CZK")]),
        ("Глобата е до 50 хиляди крони.", "В Дания и Дания, не в Швеция.", [(50000.0, "DKK")]),
        ("Глобата е до 50 хиляди крони.", "В Дания, не в Швеция.", []),
        ("Глобата е до 50 хиляди крони.", "", []),
        ("В Осло билетът е 300 крони.", "Статия за Швеция.", [(300.0, "NOK")]),
    ],
)
def test_bare_krone_takes_the_country_of_its_sentence_or_article(
    text: str, context: str, expected: list[tuple[float, str]]
) -> None:
    found = find_money(text, context=context)
    assert [(m.value, m.currency) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "context", "published", "expected"),
    [
        # a neighbouring amount decides
        ("Акцията поскъпна с 40 цента до 12 долара.", "", "2026-03-01", "USD"),
        # else the article: the currency it names more often
        (
            "Акцията поскъпна с 40 цента.",
            "Акциите на Apple струват 200 долара.",
            "2026-03-01",
            "USD",
        ),
        ("Кафето поскъпна с 10 цента.", "Цените в евро; кафето е 2 евро.", "2025-06-01", "EUR"),
        # else the publication date: from the changeover a cent is a euro cent
        ("Кафето поскъпна с 10 цента.", "", "2026-03-01", "EUR"),
        ("Кафето поскъпна с 10 цента.", "", "2025-06-01", "USD"),
        ("Кафето поскъпна с 10 цента.", "", "", "USD"),
    ],
)
def test_bare_cent_takes_a_neighbour_then_the_article_then_the_date(
    text: str, context: str, published: str, expected: str
) -> None:
    day = dt.date.fromisoformat(published) if published else None
    found = find_money(text, context=context, published=day)
    (cents,) = [m for m in found if m.text.endswith("цента")]
    assert cents.currency == expected


@pytest.mark.parametrize(
    ("published", "currency", "value_eur"),
    [("2025-12-31", "BGN", 0.40 / 1.95583), ("2026-01-02", "EUR", 0.40)],
)
def test_an_article_gives_its_publication_date_to_the_sub_units(
    published: str, currency: str, value_eur: float
) -> None:
    from pipeline.extract.article import parse_article
    from pipeline.extract.document import extract_article

    article = parse_article(f" date {published}\n\nРесто\n\nРестото беше 40 стотинки.", "a.txt")
    (amount,) = extract_article(article).amounts
    assert (amount.mention.text, amount.mention.currency) == ("40 стотинки", currency)
    assert amount.conversion.value_eur is not None
    assert math.isclose(amount.conversion.value_eur, value_eur, rel_tol=1e-12)
