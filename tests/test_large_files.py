"""Work on a text grows in proportion to its size (issue 16.6), counted, not timed.

The count is of Python function calls and calls into C (regex searches and the like) made
while extracting one article, taken with `sys.setprofile`: deterministic, unlike a clock. It
does not see how many characters one C call reads, so a C scan over the whole body per
sentence would hide from it; `benchmarks/bench_large_file.py` times 1 to 8 MB texts for that
(docs/reliability.md). Both super-linear spots found there fail this test when put back: the
article's countries counted again for every ambiguous `крони` (the ratio below becomes 2.54) and a
text without sentence ends read as one sentence (3.38).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from pipeline.extract.article import parse_article, split_paragraphs
from pipeline.extract.document import extract_article
from pipeline.extract.sentences import MAX_SENTENCE_CHARS, split_sentences


def paragraph(i: int) -> str:
    """Dates, amounts, a currency whose country only another sentence names; all different."""
    return (
        f"Министърът обяви на {1 + i % 28} ноември {1990 + i} г., че бюджетът ще нарасне с "
        f"{i + 2} млрд. лв. Норвегия ще плати {i + 500} млн. крони до края на годината. "
        f"Сделката за {i + 300} млн. крони беше подписана в понеделник."
    )


def run_on(i: int) -> str:
    """The same without a sentence end: the text of one long line."""
    return (
        f"министърът обяви на {1 + i % 28} ноември {1990 + i} г., че бюджетът ще нарасне с "
        f"{i + 2} млрд. лв., сделката за {i + 300} млн. крони беше подписана в понеделник, "
    )


def calls(body: str) -> int:
    article = parse_article(f" date 2024-11-05\n\n{body}", "big.txt")
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        extract_article(article)
    finally:
        sys.setprofile(None)
    return count


SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda k: "\n\n".join(paragraph(i) for i in range(k)),
    "one line": lambda k: "".join(run_on(i) for i in range(k)),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_work_doubles_when_the_text_doubles(shape: str) -> None:
    make = SHAPES[shape]
    calls(make(160))  # lexicons loaded, caches as warm for every size
    counts = [calls(make(k)) for k in (40, 80, 160)]
    # the work added by the second 80 units against that of the 40 before them: 2 when
    # every unit costs the same, 3 when the work grows with the square of the size
    ratio = (counts[2] - counts[1]) / (counts[1] - counts[0])
    assert abs(ratio - 2) <= 0.1, (counts, ratio)


def test_a_text_without_sentence_ends_is_cut_at_spaces() -> None:
    body = ("дума " * 1000).strip()  # 4,999 characters, no sentence end
    sentences = split_sentences(body, split_paragraphs(body))
    assert MAX_SENTENCE_CHARS == 2000
    assert [(s.start, s.end) for s in sentences] == [(0, 1999), (2000, 3999), (4000, 4999)]
