"""The hand annotations in benchmarks/annotations/ are well-formed and point into their articles.

The format checks need only the repository; the text+occurrence checks need the shared corpus
(`../shared` beside the repository) and are skipped without it.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from benchmarks.accuracy import (
    ANNOTATIONS,
    ARTICLES,
    CONTEMPORARY,
    CURRENCIES,
    DATE_FIELDS,
    DATE_KINDS,
    MONEY_FIELDS,
    QUALIFIERS,
    annotation_files,
    annotation_problems,
    article_body,
    check_annotation_file,
    contemporary_part,
    dateparser_value_ok,
    locate,
    match_spans,
)
from benchmarks.accuracy_events import SAMPLES, check_gold_file, held_out
from benchmarks.accuracy_events import gold_files as event_gold_files

FILES = annotation_files()
needs_corpus = pytest.mark.skipif(
    not ARTICLES.is_dir(), reason="the shared corpus (../shared beside the repo) is absent"
)


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_there_are_at_least_24_annotated_articles() -> None:
    assert len(FILES) >= 24
    assert (ANNOTATIONS / "README.md").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_line_parses_with_exactly_the_required_fields(path: Path) -> None:
    rows = records(path)
    assert rows
    for row in rows:
        assert row["type"] in ("date", "money")
        expected = DATE_FIELDS if row["type"] == "date" else MONEY_FIELDS
        assert sorted(row) == sorted(expected)
        assert isinstance(row["text"], str)
        assert row["text"] == row["text"].strip() != ""
        assert isinstance(row["occurrence"], int)
        assert row["occurrence"] >= 1


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_kinds_currencies_and_qualifiers_are_valid(path: Path) -> None:
    for row in records(path):
        if row["type"] == "date":
            assert row["kind"] in DATE_KINDS
        else:
            assert row["currency"] in CURRENCIES
            assert row["qualifier"] in QUALIFIERS
        assert annotation_problems(row) == []


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_text_and_occurrence_is_in_its_article(path: Path) -> None:
    article = ARTICLES / f"{path.stem}.txt"
    assert article.is_file()
    body = article_body(article)
    for row in records(path):
        text, occurrence = str(row["text"]), int(str(row["occurrence"]))
        span = locate(body, text, occurrence)
        assert span is not None, (text, occurrence)
        assert body[span[0] : span[1]] == text
    assert check_annotation_file(path) == []


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_two_annotations_of_a_type_overlap(path: Path) -> None:
    body = article_body(ARTICLES / f"{path.stem}.txt")
    for kind in ("date", "money"):
        spans = []
        for row in records(path):
            if row["type"] == kind:
                span = locate(body, str(row["text"]), int(str(row["occurrence"])))
                assert span is not None
                spans.append(span)
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, (kind, spans)


def test_locate_counts_occurrences_with_str_find() -> None:
    body = "now, know it now"
    assert locate(body, "now", 1) == (0, 3)
    assert locate(body, "now", 2) == (6, 9)  # inside "know": str.find does not see words
    assert locate(body, "now", 3) == (13, 16)
    assert locate(body, "now", 4) is None
    assert locate(body, "now", 0) is None


def test_annotation_problems_reports_bad_values_exactly() -> None:
    good_date = {
        "type": "date",
        "text": "края на март",
        "occurrence": 1,
        "kind": "date",
        "value": "2018-03",
        "modifier": "END",
    }
    assert annotation_problems(good_date) == []
    assert annotation_problems({**good_date, "kind": "week"}) == [
        "kind must be one of ['date', 'duration', 'set', 'time']: 'week'"
    ]
    assert annotation_problems({**good_date, "value": "2018-13"}) == [
        "value '2018-13' is not a valid date value"
    ]
    good_money = {
        "type": "money",
        "text": "между 6 и 10 евро",
        "occurrence": 1,
        "value": None,
        "currency": "EUR",
        "qualifier": "range",
        "min": 6,
        "max": 10,
    }
    assert annotation_problems(good_money) == []
    assert annotation_problems({**good_money, "currency": "лв."}) == [
        "currency 'лв.' is not an ISO 4217 code of the list"
    ]
    assert annotation_problems({**good_money, "qualifier": "approx"}) == [
        "qualifier must be one of ['about', 'exact', 'over', 'range', 'under', 'up_to']: 'approx'"
    ]
    over = {**good_money, "value": 100, "qualifier": "over", "min": 100, "max": 100}
    assert annotation_problems(over) == ["over: min/max must be (100, None), not (100, 100)"]


def test_match_spans_is_one_to_one_by_largest_overlap() -> None:
    gold = [(0, 10), (12, 20)]
    found = [(5, 14), (0, 4), (13, 30)]
    assert match_spans(gold, found) == [(0, 0), (1, 2)]
    assert match_spans([(0, 3)], [(3, 6)]) == []


@pytest.mark.parametrize(
    ("gold_kind", "gold_value", "found", "right"),
    [
        ("date", "2019-03-29", "2019-03-29", True),
        ("date", "2019-03", "2019-03-05", True),
        ("date", "2019", "2019-11-01", True),
        ("date", "2019-03-29", "2018-03-29", False),
        ("date", "2019-W05", "2019-01-30", False),
        ("date", "PAST_REF", "2019-01-30", False),
        ("duration", "P3Y", "2022-01-01", False),
    ],
)
def test_dateparser_value_ok_counts_calendar_dates_only(
    gold_kind: str, gold_value: str, found: str, right: bool
) -> None:
    gold = {"kind": gold_kind, "value": gold_value, "modifier": None}
    assert dateparser_value_ok(gold, {"kind": "date", "value": found}) is right


CONTEMPORARY_FILES = annotation_files(CONTEMPORARY / "annotations")


def test_the_contemporary_sample_has_two_development_and_two_held_out_parts() -> None:
    held = [p.stem[:3] for p in CONTEMPORARY_FILES if held_out(p)]
    assert (len(CONTEMPORARY_FILES) - len(held), held) == (
        40,
        [f"c{n}" for n in [*range(26, 41), *range(56, 71)]],
    )
    parts = [contemporary_part(p) for p in CONTEMPORARY_FILES]
    assert parts == ["dev"] * 25 + ["held"] * 15 + ["dev2"] * 15 + ["held2"] * 15
    articles = sorted(p.stem for p in (CONTEMPORARY / "articles").glob("*.txt"))
    assert articles == [p.stem for p in CONTEMPORARY_FILES]


def test_a_contemporary_file_outside_every_part_is_refused() -> None:
    with pytest.raises(ValueError, match="c71 is in no part"):
        contemporary_part(Path("c71_new_topic.jsonl"))


@pytest.mark.parametrize("path", CONTEMPORARY_FILES, ids=lambda p: p.stem)
def test_contemporary_annotations_point_into_their_articles(path: Path) -> None:
    assert check_annotation_file(path, CONTEMPORARY / "articles") == []


EVENT_SAMPLES = [
    (path, articles)
    for _, gold_dir, articles, part in SAMPLES
    for path in event_gold_files(gold_dir, part)
]


def test_event_gold_covers_every_sample_once() -> None:
    sizes = [len(event_gold_files(gold_dir, part)) for _, gold_dir, _, part in SAMPLES]
    assert [name for name, *_ in SAMPLES] == [
        "corpus",
        "contemporary",
        "contemporary held-out",
        "contemporary held-out 2",
    ]
    assert sizes == [22, 25, 15, 15]
    assert len({p for p, _ in EVENT_SAMPLES}) == len(EVENT_SAMPLES)
    contemporary_events = sorted((CONTEMPORARY / "events").glob("*.jsonl"))
    assert sorted(p for p, _ in EVENT_SAMPLES if p.parent == CONTEMPORARY / "events") == (
        contemporary_events
    )


@pytest.mark.parametrize(
    ("path", "articles"),
    [pytest.param(p, a, id=p.stem) for p, a in EVENT_SAMPLES],
)
def test_event_gold_is_valid(path: Path, articles: Path) -> None:
    if not articles.is_dir():
        pytest.skip("the shared corpus (../shared beside the repo) is absent")
    assert check_gold_file(path, articles) == []
