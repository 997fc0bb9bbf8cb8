"""Example tables for the entity finder (tests/data/entities_*.tsv).

`entities_examples.tsv`: the actors and places of each text must be exactly the expected
canonical Bulgarian names, in text order, each once (`|` separates names in a cell).
`entities_negative.tsv`: texts that name no entity at all. The gazetteer tables are checked
too: every form is listed once, and every row's kind and subtype are known.
"""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from pipeline.extract.entities import (
    ACTOR_SUBTYPES,
    PLACE_SUBTYPES,
    EntityMention,
    actors_and_places,
    find_entities,
    transliterate,
)
from pipeline.extract.lexicon import load_table
from tests.tables import read_tsv


def names(cell: str) -> tuple[str, ...]:
    return tuple(name for name in cell.split("|") if name)


EXAMPLES = read_tsv("entities_examples.tsv")
NEGATIVES = read_tsv("entities_negative.tsv")


def describe(mentions: list[EntityMention]) -> str:
    return ", ".join(f"{m.text!r} -> {m.kind} {m.name_bg}" for m in mentions) or "nothing"


def test_tables_are_big_enough_and_unique() -> None:
    assert len(EXAMPLES) >= 60
    assert len(NEGATIVES) >= 40
    texts = [row["text"] for row in EXAMPLES + NEGATIVES]
    assert len(texts) == len(set(texts))
    assert all(row["note"] for row in EXAMPLES + NEGATIVES)


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"example-{i:03d}" for i in range(len(EXAMPLES))])
def test_example(row: dict[str, str]) -> None:
    found = find_entities(row["text"])
    expected = (names(row["actors"]), names(row["places"]))
    assert actors_and_places(found) == expected, (
        f"{row['text']!r} ({row['note']}): found {describe(found)}"
    )


@pytest.mark.parametrize("row", NEGATIVES, ids=[f"negative-{i:03d}" for i in range(len(NEGATIVES))])
def test_negative(row: dict[str, str]) -> None:
    found = find_entities(row["text"])
    assert not found, f"{row['text']!r} ({row['note']}): found {describe(found)}"


def test_mentions_index_the_text_and_do_not_overlap() -> None:
    for row in EXAMPLES:
        text = row["text"]
        found = find_entities(text)
        for m in found:
            assert text[m.start : m.end] == m.text
        for a, b in itertools.pairwise(found):
            assert a.end <= b.start


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "А",
        "премиерът",
        "премиерът ",
        "министърът на финансите на",
        "Д.",
        "Д. ",
        "г-н",
        "Тръмп",
        "МакКАРТНИ",
        "ǅ ǈ ﬁ İ ß",
        "и\u0300 Украйна\u0301",
        "Украйна" * 3,
        "Байдън " * 500,
        "премиерът Иван Петров, Украйна, " * 500,
        "\x00\ufeff\u200b Иван\u00a0Петров",
    ],
)
def test_odd_text_never_crashes(text: str) -> None:
    found = find_entities(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    actors_and_places(found)


def test_gazetteer_forms_are_listed_once_with_known_kinds() -> None:
    rows = [*load_table("entities_places"), *load_table("entities_actors")]
    counts = Counter(row["form"] for row in rows)
    assert [form for form, n in counts.items() if n > 1] == []
    for row in rows:
        subtypes = PLACE_SUBTYPES if row["kind"] == "place" else ACTOR_SUBTYPES
        assert row["kind"] in ("place", "actor"), row
        assert row["subtype"] in subtypes, row
        assert row["name_bg"] and row["name_en"], row
        assert (row["code"] != "") == (row["subtype"] == "country"), row


def test_unlisted_person_gets_a_latin_name() -> None:
    (person,) = find_entities("Сенаторът Джон Смит внесе законопроекта.")
    assert (person.kind, person.subtype, person.name_bg, person.name_en) == (
        "actor",
        "person",
        "Джон Смит",
        "Dzhon Smit",
    )


@pytest.mark.parametrize(
    ("bulgarian", "latin"),
    [
        ("Шмигал", "Shmigal"),
        ("София", "Sofia"),
        ("Ияков", "Iyakov"),
        ("Щерев", "Shterev"),
        ("Юлия Жечева", "Yulia Zhecheva"),
        ("ЦИК", "TSIK"),
    ],
)
def test_transliterate(bulgarian: str, latin: str) -> None:
    assert transliterate(bulgarian) == latin
