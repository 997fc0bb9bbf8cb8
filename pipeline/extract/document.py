"""Everything the pipeline extracts from one article, as plain Python values.

This is the one place that runs the extractors over an article's sentences, shifts their
offsets into the body, converts amounts to euros and builds the event rows. Entities are
looked for only in the sentences that become events: they fill the event's `actors` and
`places`. The Dagster assets, the `timeline extract` command and the benchmarks all call it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline.extract.article import Article, ArticleError, read_article
from pipeline.extract.dates import ParagraphContext, find_dates
from pipeline.extract.entities import EntityMention, find_entities
from pipeline.extract.events import (
    VAGUE_VALUES,
    ArticleContext,
    Event,
    SentenceParts,
    sentence_events,
)
from pipeline.extract.mentions import DateMention, MoneyMention, Reference
from pipeline.extract.money import find_money
from pipeline.extract.normalize import normalize_for_matching
from pipeline.extract.rates import EurConversion, to_eur
from pipeline.extract.sentences import Sentence, split_sentences

M = TypeVar("M", DateMention, MoneyMention, EntityMention)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in an article that could not be extracted: becomes a row in `rejects`."""

    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Amount:
    sentence_no: int
    mention: MoneyMention
    conversion: EurConversion
    money_id: str = ""


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    article: Article
    sentences: list[Sentence]
    dates: list[tuple[int, DateMention]]
    amounts: list[Amount]
    events: list[Event]
    problems: list[Problem] = field(default_factory=list)
    entities: list[tuple[int, EntityMention]] = field(default_factory=list)


TITLE_MIN_WORDS = 3  # a title of fewer words (`Заглавие`, `Новини`) names no news


def _after_offsets(kind: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields of a mention type after `start` and `end` (its first two), as one getter."""
    names = [f.name for f in dataclasses.fields(kind)]
    if names[:2] != ["start", "end"] or len(names) < 4:
        raise TypeError(f"{kind.__name__} does not open with start and end")
    return operator.attrgetter(*names[2:])


_REST_OF = {kind: _after_offsets(kind) for kind in (DateMention, MoneyMention, EntityMention)}


def _shift(mention: M, offset: int) -> M:
    """The mention with its offsets moved by `offset` (`dataclasses.replace`, at half the cost:
    it is called for every mention of every article)."""
    rest = _REST_OF[type(mention)](mention)
    return type(mention)(mention.start + offset, mention.end + offset, *rest)


def _in_sentence(
    stage: str,
    finder: Callable[[str], list[M]],
    sentence: Sentence,
    problems: list[Problem],
) -> list[M]:
    """Run one extractor on one sentence (offsets into the sentence); a failure is a problem.

    The extractor matches the sentence normalised (invisible characters, look-alike letters,
    emphasis markers: `normalize.py`); offsets and text come back from the original."""
    try:
        matched = normalize_for_matching(sentence.text)
        if matched.starts is None:
            return finder(sentence.text)
        found = []
        for m in finder(matched.text):
            start, end = matched.span(m.start, m.end)
            found.append(
                dataclasses.replace(m, start=start, end=end, text=sentence.text[start:end])
            )
        return found
    except Exception as exc:  # an extractor bug must not stop the batch
        problems.append(Problem(stage, f"sentence {sentence.no}: {type(exc).__name__}: {exc}"))
        return []


def first_calendar_date(dates: Sequence[DateMention]) -> DateMention | None:
    """The sentence's first calendar date (kind `date`, not vague)."""
    for mention in dates:
        calendar = mention.kind == "date" and mention.value not in VAGUE_VALUES
        if calendar and mention.range_start is not None:
            return mention
    return None


def conversion_date(dates: Sequence[DateMention], reference: Reference) -> dt.date:
    """The day whose exchange rate converts the sentence's amounts.

    The sentence's first calendar date when it is not after publication (future rates are
    unknown), else the publication day.
    """
    dated_by = first_calendar_date(dates)
    start = dated_by.range_start if dated_by is not None else None
    if start is not None and start <= reference.day:
        return start
    return reference.day


def money_id(article_id: str, mention: MoneyMention) -> str:
    """A money mention's id: its article and its offsets in the body (stable across runs)."""
    return f"{article_id}:{mention.start}-{mention.end}"


def _paragraph_numbers(article: Article, sentences: Sequence[Sentence]) -> list[int]:
    starts = [p.start for p in article.paragraphs]
    return [max(0, bisect.bisect_right(starts, s.start) - 1) for s in sentences]


def extract_article(article: Article) -> ArticleExtraction:
    sentences = split_sentences(article.body, article.paragraphs)
    reference = article.reference
    problems: list[Problem] = []
    all_dates: list[tuple[int, DateMention]] = []
    all_amounts: list[Amount] = []
    all_entities: list[tuple[int, EntityMention]] = []
    events: list[Event] = []
    titled = article.title is not None and len(article.title.split()) >= TITLE_MIN_WORDS
    context = ArticleContext(reference, titled=titled)
    paragraph_of = _paragraph_numbers(article, sentences)
    # what each paragraph's sentences pass on to the next (the last day named, the tense)
    date_paragraphs: dict[int, ParagraphContext] = {}
    for sentence in sentences:
        paragraph = date_paragraphs.setdefault(paragraph_of[sentence.no], ParagraphContext())
        dates = _in_sentence(
            "dates",
            functools.partial(find_dates, reference=reference, paragraph=paragraph),
            sentence,
            problems,
        )
        money = _in_sentence(
            "money",
            lambda text: find_money(text, context=article.body, published=reference.day),
            sentence,
            problems,
        )
        entities = _in_sentence("entities", find_entities, sentence, problems)
        on = conversion_date(dates, reference)
        all_dates.extend((sentence.no, _shift(m, sentence.start)) for m in dates)
        all_entities.extend((sentence.no, _shift(m, sentence.start)) for m in entities)
        linked: list[tuple[str, MoneyMention, float | None]] = []
        for mention in money:
            shifted = _shift(mention, sentence.start)
            conversion = to_eur(mention.value, mention.currency, on)
            amount = Amount(sentence.no, shifted, conversion, money_id(article.article_id, shifted))
            all_amounts.append(amount)
            linked.append((amount.money_id, mention, conversion.value_eur))
        parts = SentenceParts(sentence, paragraph_of[sentence.no], dates, linked, entities)
        try:
            events.extend(sentence_events(article.article_id, parts, context))
        except Exception as exc:  # an extractor bug must not stop the batch
            problems.append(
                Problem("events", f"sentence {sentence.no}: {type(exc).__name__}: {exc}")
            )
    return ArticleExtraction(
        article, sentences, all_dates, all_amounts, events, problems, all_entities
    )


# A short article that takes every extractor through its lexicons and patterns (dates, an
# amount in a foreign currency and its ECB rate, names, a role, an actor noun, a trigger)
WARM_UP_ARTICLE = (
    " date 2024-11-13\n\nПреговори в София\n\nМинистърът на финансите Асен Василев заяви на "
    "12 ноември 2024 г., че правителството ще отпусне 5 млн. долара на община Русе. Според "
    "синдикатите срещата в Брюксел е отложена за следващата седмица."
)


def warm_up() -> None:
    """Build what the extractors build on first use (lexicons, patterns, the ECB history) by
    extracting `WARM_UP_ARTICLE`: a process that forks workers does it once for all of them."""
    from pipeline.extract.article import parse_article

    extract_article(parse_article(WARM_UP_ARTICLE, "warm-up"))


# The rows of the warehouse tables, one mapping per table: `tables.py` makes them frames and
# `extraction_json` the `timeline extract --jsonl` objects (with the JSON's shorter keys).
Row = dict[str, Any]
_JSON_KEYS = {"char_start": "start", "char_end": "end", "min_value": "min", "max_value": "max"}
_NOT_IN_JSON = frozenset({"article_id"})


def date_mention_rows(extraction: ArticleExtraction) -> list[Row]:
    article_id = extraction.article.article_id
    return [
        {
            "article_id": article_id,
            "sentence_no": sentence_no,
            "char_start": m.start,
            "char_end": m.end,
            "text": m.text,
            "kind": m.kind,
            "value": m.value,
            "precision": m.precision,
            "range_start": m.range_start,
            "range_end": m.range_end,
            "resolution": m.resolution,
            "modifier": m.modifier,
        }
        for sentence_no, m in extraction.dates
    ]


def money_mention_rows(extraction: ArticleExtraction) -> list[Row]:
    article_id = extraction.article.article_id
    return [
        {
            "money_id": a.money_id,
            "article_id": article_id,
            "sentence_no": a.sentence_no,
            "char_start": a.mention.start,
            "char_end": a.mention.end,
            "text": a.mention.text,
            "value": a.mention.value,
            "currency": a.mention.currency,
            "qualifier": a.mention.qualifier,
            "min_value": a.mention.min_value,
            "max_value": a.mention.max_value,
            "value_eur": a.conversion.value_eur,
            "rate": a.conversion.rate,
            "rate_date": a.conversion.rate_date,
            "rate_source": a.conversion.source,
            "rate_note": a.conversion.note,
        }
        for a in extraction.amounts
    ]


ENTITY_TYPES = ("person", "organization", "country", "place", "unknown")
_ENTITY_TYPE = {
    "person": "person",
    "organisation": "organization",
    "institution": "organization",
    "group": "organization",
    "country": "country",
}
# how sure a name is, by how it was found: listed in the gazetteer, or a capitalised name
# after a role word, a known first name or initials (`entities.py`)
ENTITY_CONFIDENCE = {
    "gazetteer": 1.0, "role": 0.9, "first_name": 0.8, "initials": 0.8, "surname": 0.7,
}  # fmt: skip


def entity_type(mention: EntityMention) -> str:
    if mention.kind == "place":
        return "country" if mention.subtype == "country" else "place"
    return _ENTITY_TYPE.get(mention.subtype, "unknown")


def entity_mention_rows(extraction: ArticleExtraction) -> list[Row]:
    article_id = extraction.article.article_id
    return [
        {
            "article_id": article_id,
            "sentence_no": sentence_no,
            "char_start": m.start,
            "char_end": m.end,
            "text": m.text,
            "name": m.name_bg,
            "name_latin": m.name_en,
            "entity_type": entity_type(m),
            "confidence": ENTITY_CONFIDENCE.get(m.found_by, 0.7),
        }
        for sentence_no, m in extraction.entities
    ]


def event_rows(extraction: ArticleExtraction) -> list[Row]:
    article_id = extraction.article.article_id
    return [
        {
            "event_id": e.event_id,
            "article_id": article_id,
            "sentence_no": e.sentence_no,
            "char_start": e.char_start,
            "char_end": e.char_end,
            "text": e.text,
            "trigger": e.trigger,
            "trigger_start": e.trigger_start,
            "trigger_end": e.trigger_end,
            "event_type": e.event_type,
            "plover": e.plover,
            "modality": e.modality,
            "date_value": e.date_value,
            "date_start": e.date_start,
            "date_end": e.date_end,
            "date_precision": e.date_precision,
            "date_source": e.date_source,
            "date_text": e.date_text,
            "actors": list(e.actors),
            "targets": list(e.targets),
            "sources": list(e.sources),
            "places": list(e.places),
            "amount_eur": e.amount_eur,
            "money_ids": list(e.money_ids),
            "is_main": e.is_main,
            "is_related_headline": e.is_related_headline,
            "event_group_id": None,  # set across articles by the load (event_groups.py)
        }
        for e in extraction.events
    ]


# the columns of the rows above that hold dates (a date anywhere else fails `json.dumps`)
_DATE_COLUMNS = frozenset({"range_start", "range_end", "rate_date", "date_start", "date_end"})


def as_json_rows(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The rows of one table (all with the same keys) as JSON objects: dates as ISO strings,
    offsets as `start`/`end`, no `article_id`; the keys are mapped once for the table and only
    the date columns are looked at value by value."""
    if not rows:
        return []
    keys = [key for key in rows[0] if key not in _NOT_IN_JSON]
    names = [_JSON_KEYS.get(key, key) for key in keys]
    get = operator.itemgetter(*keys)
    out = [dict(zip(names, get(row), strict=True)) for row in rows]
    for key in _DATE_COLUMNS.intersection(keys):
        name = _JSON_KEYS.get(key, key)
        for item in out:
            value = item[name]
            if isinstance(value, dt.date):
                item[name] = value.isoformat()
    return out


def extraction_json(extraction: ArticleExtraction) -> dict[str, Any]:
    """The `timeline extract --jsonl` object of one article (the rows of `rows.py`)."""
    article = extraction.article
    result: dict[str, Any] = {
        "file": article.source_file,
        "article_id": article.article_id,
        "published": article.published,
        "title": article.title,
        "body": article.body,
        "dates": as_json_rows(date_mention_rows(extraction)),
        "amounts": as_json_rows(money_mention_rows(extraction)),
        "entities": as_json_rows(entity_mention_rows(extraction)),
        "events": as_json_rows(event_rows(extraction)),
    }
    if extraction.problems:
        result["problems"] = [dataclasses.asdict(p) for p in extraction.problems]
    return result


def extract_file(path: Path) -> dict[str, Any]:
    """Read and extract one file; an unreadable file gives `{"file", "error"}`."""
    try:
        article = read_article(path, str(path))
    except ArticleError as exc:
        return {"file": str(path), "error": str(exc)}
    return extraction_json(extract_article(article))
