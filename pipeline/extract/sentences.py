"""Bulgarian-aware sentence splitting inside paragraphs.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) when the next
word starts a new sentence (a capital letter, an opening quote or a dash) and the word before
the stop is not an abbreviation that is followed by more of the same sentence. The
abbreviations are a table in `lexicons/sentence_abbreviations.tsv`. A run of text longer
than `MAX_SENTENCE_CHARS` without a sentence end is cut at spaces.

A headline of another article pasted into the text becomes a sentence of its own, flagged
`is_related_headline`: the rest of a paragraph's last sentence after a colon when it is short
and title-like (a capital letter, no opening quote, at most `HEADLINE_MAX_WORDS` words) and
the word before the colon does not introduce it (a verb of saying, `следните`, `са`: the
`colon_lead` cues of `lexicons/events_cues.tsv` and the speech verbs of
`lexicons/events_triggers.tsv`), and a paragraph that is only a label such as `Вижте още:`
followed by a title. The title (the first paragraph, when it is one) is sentence 0.
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
_COLON = re.compile(r":\s+(?=[A-ZА-ЯЁЀ-Џ])")
_WORD_RE = re.compile(r"[^\W\d_]+")
HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS = 4, 20
# a prepositional date that opens a sentence and ends in `г.`: never a sentence of its own
_DATE_LEAD = re.compile(
    r"\s*(?:През|На|От|До|В|Във|След|Преди|Към|Около|Още|Едва|Само|Чак)"
    r"(?:\s+[^\s.]+){0,3}\s+(?:\d{4}\s*(?:г\.|год\.)|т\.г\.)"
)
HEADLINE_MIN_LEAD_WORDS = 5  # the sentence before the colon is a clause of its own
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
    is_related_headline: bool = False


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
        if _DATE_LEAD.fullmatch(text, position, stop.end()):
            continue  # `През 2014 г. Апелативният съд ...`: a date that opens the sentence
        if _is_boundary(text, stop.start(), stop.end(), end):
            spans.extend(_bounded(text, position, stop.end()))
            position = stop.end()
    spans.extend(_bounded(text, position, end))
    return spans


@cache
def _headline_cues() -> tuple[frozenset[str], frozenset[str]]:
    """(words that introduce what follows a colon, labels that introduce a pasted headline)."""
    leads = {row["form"] for row in load_table("events_cues") if row["cue"] == "colon_lead"}
    leads |= {
        row["form"]
        for row in load_table("events_trigger_forms")
        if row["lemma"] in _speech_lemmas()
    }
    labels = {row["form"] for row in load_table("events_cues") if row["cue"] == "headline_label"}
    return frozenset(leads), frozenset(labels)


@cache
def _speech_lemmas() -> frozenset[str]:
    return frozenset(
        row["lemma"] for row in load_table("events_triggers") if row["role"] == "speech"
    )


def _headline_start(body: str, start: int, end: int) -> int | None:
    """Where a pasted headline starts inside the sentence `body[start:end]`, or None."""
    leads, _ = _headline_cues()
    for colon in _COLON.finditer(body, start, end):
        lead_words = _WORD_RE.findall(body, start, colon.start())
        rest_words = _WORD_RE.findall(body, colon.end(), end)
        if len(lead_words) < HEADLINE_MIN_LEAD_WORDS:
            continue
        if lead_words[-1].lower() in leads:
            continue
        if not HEADLINE_MIN_WORDS <= len(rest_words) <= HEADLINE_MAX_WORDS:
            continue
        if body[start:end].rstrip().endswith(("..", "…")):
            continue  # an elided quotation, not a title
        return colon.end()
    return None


def _is_label(text: str) -> bool:
    _, labels = _headline_cues()
    return text.rstrip(":").strip().lower() in labels


def split_sentences(body: str, paragraphs: tuple[Paragraph, ...]) -> list[Sentence]:
    """Split every paragraph of `body` into sentences, numbered from 0 across the body."""
    sentences: list[Sentence] = []

    def add(start: int, end: int, headline: bool = False) -> None:
        chunk = body[start:end]
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            sentences.append(
                Sentence(len(sentences), offset, offset + len(stripped), stripped, headline)
            )

    after_label = False
    # a title-like first paragraph (one short line) is the article's own title
    first = paragraphs[0].text if paragraphs else ""
    short_first = "\n" not in first and len(_WORD_RE.findall(first)) <= 2 * HEADLINE_MAX_WORDS
    first_body_paragraph = 1 if short_first and len(paragraphs) > 1 else 0
    for number, paragraph in enumerate(paragraphs):
        if _is_label(paragraph.text):
            add(paragraph.start, paragraph.end)
            after_label = True
            continue
        line_start = paragraph.start
        line_ends = [m.start() for m in _LINE_BREAK.finditer(body, paragraph.start, paragraph.end)]
        for line_end in [*line_ends, paragraph.end]:
            spans = _split_span(body, line_start, line_end)
            for index, (start, end) in enumerate(spans):
                last = index == len(spans) - 1 and line_end == paragraph.end
                last = last and number >= first_body_paragraph
                headline = _headline_start(body, start, end) if last else None
                if headline is not None:
                    add(start, headline)
                    add(headline, end, headline=True)
                else:
                    add(start, end, headline=after_label)
            line_start = line_end + 1
        after_label = False
    return sentences
