"""The date rules and their prefilter.

The prefilter (`pipeline/extract/dates/prefilter.py`) only skips rules that cannot match: the
candidates and the mentions are exactly those of running every rule, over every text of the
example tables and every corpus sentence (when `../shared` is beside the repository). Every
rule finds at least one of its examples through the prefilter, so a rule given a wrong
trigger fails here; a rule naming a trigger flag that does not exist fails at import.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from pipeline.extract.article import read_article
from pipeline.extract.dates import handlers
from pipeline.extract.dates.engine import candidates, find_dates
from pipeline.extract.dates.prefilter import word_lists
from pipeline.extract.dates.rules import RULES, Rule
from pipeline.extract.mentions import Reference
from pipeline.extract.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
ARTICLES = REPO.parent / "shared" / "corpus" / "articles"
DAY = Reference(dt.date(2024, 11, 13))
MONTH = Reference(dt.date(2024, 11, 1), "month")


def _reference(text: str) -> Reference | None:
    if len(text) == 7:
        return Reference(dt.date(int(text[:4]), int(text[5:7]), 1), "month")
    if len(text) == 10:
        return Reference(dt.date.fromisoformat(text))
    return None


def _table_texts() -> list[tuple[str, Reference]]:
    """Every `text` of every example table, with its own reference and a day and a month."""
    out: dict[tuple[str, Reference], None] = {}
    for path in sorted(DATA.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                text = row.get("text") or ""
                own = _reference(row.get("reference") or "")
                for reference in (DAY, MONTH, *([own] if own else [])):
                    out[(text, reference)] = None
    return list(out)


def _same_with_every_rule(texts: list[tuple[str, Reference]]) -> list[str]:
    """The texts on which the prefilter changes a candidate or a mention."""
    differ = []
    for text, reference in texts:
        _, filtered = candidates(text, reference)
        _, every = candidates(text, reference, every_rule=True)
        if filtered != every or find_dates(text, reference) != find_dates(
            text, reference, every_rule=True
        ):
            differ.append(f"{text!r} ({reference.value})")
    return differ


def test_prefilter_changes_nothing_on_the_example_tables() -> None:
    texts = _table_texts()
    assert len(texts) > 1000
    assert _same_with_every_rule(texts) == []


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the shared corpus is not beside the repository")
def test_prefilter_changes_nothing_on_the_corpus() -> None:
    texts = []
    for path in sorted(ARTICLES.glob("*.txt")):
        article = read_article(path)
        for sentence in split_sentences(article.body, article.paragraphs):
            texts.extend([(sentence.text, article.reference), (sentence.text, DAY)])
    assert len(texts) > 1000
    assert _same_with_every_rule(texts) == []


def test_every_rule_finds_one_of_its_examples_through_the_prefilter() -> None:
    found: set[str] = set()
    with (DATA / "dates_examples.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            reference = _reference(row["reference"])
            assert reference is not None
            found |= {candidate.rule for candidate in candidates(row["text"], reference)[1]}
    assert [rule.name for rule in RULES if rule.name not in found] == []


def _rule(needs: str, words: frozenset[str] = frozenset()) -> Rule:
    return Rule("example", r"(?P<sp>уикенд)", handlers.weekend, needs=needs, words=words)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (_rule("month; no_such_flag"), "date rule example: no trigger flag 'no_such_flag'"),
        (_rule("weekday", frozenset({"уикенд"})), "its own words are not in its needs"),
        (_rule("example", frozenset({"Уикенд"})), "'Уикенд' is no lower-case word"),
        (_rule("example", frozenset({"т.г"})), "'т.г' is no lower-case word"),
        (_rule("month;"), "an empty group in needs"),
    ],
)
def test_a_wrong_trigger_is_an_error(rule: Rule, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        word_lists([*RULES, rule])


def test_two_rules_of_one_name_are_an_error() -> None:
    with pytest.raises(ValueError, match="date rule weekend: two rules have this name"):
        word_lists([*RULES, next(r for r in RULES if r.name == "weekend")])


def test_an_upper_case_escape_is_an_error() -> None:
    with pytest.raises(ValueError, match="upper-case escape"):
        Rule("example", r"(?P<sp>\S+)", handlers.weekend, needs="month")
