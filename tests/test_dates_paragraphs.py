"""Example table of dates that take their day or tense from the paragraph
(tests/data/dates_paragraphs.tsv): a clock time in a sentence that names no date takes the
last day the paragraph named; a sentence with no tense cue goes on in the past of a sentence
before it that named a period before the publication.

Each `text` is one paragraph: it is split into sentences as the pipeline splits an article,
and every sentence goes to `find_dates` with one `ParagraphContext`, in order, as
`pipeline/extract/document.py` does. The mentions found must be exactly the expected spans.
"""

from __future__ import annotations

import pytest

from pipeline.extract.article import split_paragraphs
from pipeline.extract.dates import ParagraphContext, find_dates
from pipeline.extract.mentions import DateMention
from pipeline.extract.sentences import split_sentences
from tests.test_dates_examples import describe, example_groups, parse_reference

GROUPS = example_groups("dates_paragraphs.tsv")


def dates_of_paragraph(text: str, reference: str) -> list[DateMention]:
    """Every sentence's mentions, with offsets into `text`."""
    (paragraph,) = split_paragraphs(text)
    context = ParagraphContext()
    out = []
    for sentence in split_sentences(text, (paragraph,)):
        for m in find_dates(sentence.text, parse_reference(reference), paragraph=context):
            out.append(m)
    return out


def test_the_table_has_several_sentences_per_text() -> None:
    assert len(GROUPS) >= 8
    for text, _, _ in GROUPS:
        (paragraph,) = split_paragraphs(text)
        assert len(split_sentences(text, (paragraph,))) >= 2, text


@pytest.mark.parametrize(
    ("text", "reference", "rows"),
    GROUPS,
    ids=[f"{rows[0]['category']}-{i:02d}" for i, (_, _, rows) in enumerate(GROUPS)],
)
def test_paragraph(text: str, reference: str, rows: list[dict[str, str]]) -> None:
    found = {m.text: m for m in dates_of_paragraph(text, reference)}
    problems = []
    for row in rows:
        mention = found.pop(row["span"], None)
        if mention is None:
            problems.append(f"missing: {row['span']!r}")
            continue
        expected = (row["kind"], row["value"], row["resolution"], row["modifier"] or None)
        actual = (mention.kind, mention.value, mention.resolution, mention.modifier)
        if expected != actual:
            problems.append(f"wrong value for {row['span']!r}: expected {expected}, got {actual}")
    problems += [f"extra: {describe(m)}" for m in found.values()]
    assert not problems, f"{text!r} @ {reference}:\n  " + "\n  ".join(problems)


def test_each_sentence_alone_keeps_the_publication_day() -> None:
    """Without the paragraph, the clock time of a sentence that names no day is on the
    publication day (what the paragraph changes)."""
    (time,) = find_dates(
        "Заседанието започва в 10:00 ч. в голямата зала.", parse_reference("2025-12-30")
    )
    assert (time.value, time.resolution) == ("2025-12-30T10:00", "publication")
