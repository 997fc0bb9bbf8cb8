"""Bulgarian-aware sentence splitting inside paragraphs.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) when the next
word starts a new sentence (a capital letter, an opening quote or a dash) and the word before
the stop is not an abbreviation that is followed by more of the same sentence. The
abbreviations are a table in `lexicons/sentence_abbreviations.tsv`. A run of text longer
than `MAX_SENTENCE_CHARS` without a sentence end is cut at spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.article import Paragraph
from pipeline.extract.lexicon import load_table

_STOP = re.compile(r"[.!?…]+[\"'“”»)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'„“«(\[–—-]*\s*[A-ZА-ЯЁЀ-Џ0-9]")
# what ends the word before a stop, looking back from it (white space, opening brackets and
# quotes)
_WORD_DELIMITERS = frozenset("([„“«\"'")
_INITIAL = re.compile(r"[A-ZА-Я]\.$")
_LINE_BREAK = re.compile(r"\n")
# A longer run of text without a sentence end (a list, a table or a file of one line) is cut
# at a space into pieces this long: the extractors' work per sentence then has a bound, so
# their work on a text grows in proportion to it. The corpus's longest sentence has 544.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; `no` counts from 0 over the whole body, offsets index into the body."""

    no: int
    start: int
    end: int
    text: str


@cache
def abbreviations() -> dict[str, str]:
    """Lower-cased abbreviation (with its dots) -> `never` or `unless_capital`.

    `never`: the stop never ends a sentence (`ул.`, `млн.`, `т.е.`).
    `unless_capital`: it ends one when a capitalised word follows (`г.`, `лв.`, `др.`).
    """
    rows = load_table("sentence_abbreviations")
    return {row["abbreviation"].lower(): row["ends_sentence"] for row in rows}


def _word_before(text: str, stop_start: int) -> str:
    """The word that ends with the stop at `stop_start`, its dots included (`млрд.`, `Д.`)."""
    start = stop_start
    while start > 0 and not (text[start - 1].isspace() or text[start - 1] in _WORD_DELIMITERS):
        start -= 1
    return text[start : stop_start + 1]


def _is_boundary(text: str, stop_start: int, stop_end: int, end: int) -> bool:
    following = _NEXT_STARTS_SENTENCE.match(text, stop_end, end)
    if following is None:
        return False
    if text[stop_start] != ".":
        return True
    word = _word_before(text, stop_start)
    if _INITIAL.fullmatch(word):
        return False  # an initial: `Д. Тръмп`
    rule = abbreviations().get(word.lower())
    if rule == "never":
        return False
    if rule == "unless_capital":
        next_char = following.group(0)[-1]
        return not next_char.isdigit()
    return True


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at spaces into pieces of at most `MAX_SENTENCE_CHARS` characters."""
    spans: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = limit if cut < 0 else cut + 1
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _split_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = start
    for stop in _STOP.finditer(text, start, end):
        if _is_boundary(text, stop.start(), stop.end(), end):
            spans.extend(_bounded(text, position, stop.end()))
            position = stop.end()
    spans.extend(_bounded(text, position, end))
    return spans


def split_sentences(body: str, paragraphs: tuple[Paragraph, ...]) -> list[Sentence]:
    """Split every paragraph of `body` into sentences, numbered from 0 across the body."""
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        line_start = paragraph.start
        line_ends = [m.start() for m in _LINE_BREAK.finditer(body, paragraph.start, paragraph.end)]
        for line_end in [*line_ends, paragraph.end]:
            for start, end in _split_span(body, line_start, line_end):
                chunk = body[start:end]
                stripped = chunk.strip()
                if stripped:
                    offset = start + chunk.index(stripped)
                    sentences.append(
                        Sentence(len(sentences), offset, offset + len(stripped), stripped)
                    )
            line_start = line_end + 1
    return sentences
