"""Actors named by a common noun: the example table `tests/data/actor_phrases_examples.tsv`,
and how the event builder uses them."""

from __future__ import annotations

import pytest

from pipeline.extract.actor_phrases import KINDS, find_actor_phrases
from pipeline.extract.article import parse_article
from pipeline.extract.document import extract_article
from pipeline.extract.events import _stop_word
from pipeline.extract.lexicon import load_table
from tests.tables import read_tsv

EXAMPLES = read_tsv("actor_phrases_examples.tsv")


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"phrase-{i:02d}" for i in range(len(EXAMPLES))])
def test_example(row: dict[str, str]) -> None:
    found = [p.mention.name_bg for p in find_actor_phrases(row["text"], _stop_word)]
    assert found == [p for p in row["phrases"].split("|") if p], row["note"]


def test_every_actor_noun_has_a_known_kind_and_forms() -> None:
    rows = load_table("events_actor_nouns")
    assert {row["kind"] for row in rows} == set(KINDS)
    with_forms = {row["lemma"] for row in load_table("events_actor_noun_forms")}
    assert {row["lemma"] for row in rows} == with_forms


def _main_actors(text: str) -> list[tuple[str, ...]]:
    extraction = extract_article(parse_article(f" date 2025-03-01 {text}", "n.txt"))
    return [e.actors for e in extraction.events if e.is_main]


def test_a_bare_role_stands_for_the_person_named_with_it_before() -> None:
    text = (
        "Министърът на вътрешните работи Саджид Джавид има нов план. "
        "Министърът обвини съседните държави в забавяне."
    )
    # the first sentence reports no event (`има` states a state) and still teaches the name
    assert _main_actors(text) == [("Саджид Джавид",)]


def test_a_bare_body_noun_stands_for_the_body_named_before() -> None:
    text = (
        "Европейската комисия публикува проекта на споразумението. "
        "Комисията одобри текста на държавите членки."
    )
    assert _main_actors(text) == [("Европейската комисия",), ("Европейската комисия",)]


def test_the_speaker_is_the_actor_of_a_reported_verb_without_a_subject() -> None:
    assert _main_actors("Синдикатът заяви, че ще организира протест.") == [("синдикатът",)]
    # a reported clause with a subject of its own keeps it (here none the tables know)
    assert _main_actors("Браншовата асоциация заяви, че колонките ще бъдат проверени.") == [()]


def test_a_generic_noun_is_an_actor_only_when_alone() -> None:
    assert _main_actors("Хората протестираха пред сградата.") == [("хората",)]
    assert _main_actors("Хората и синдикатите протестираха пред сградата.") == [("синдикатите",)]
