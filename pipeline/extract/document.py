"""Everything the pipeline extracts from one article, as plain Python values.

This is the one place that runs the extractors over an article's sentences, shifts their
offsets into the body, converts amounts to euros and builds the event rows. Entities are
looked for only in the sentences that become events: they fill the event's `actors` and
`places`. The Dagster assets, the `timeline extract` command and the benchmarks all call it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline.extract.article import Article, ArticleError, read_article
from pipeline.extract.dates import find_dates
from pipeline.extract.entities import EntityMention, actors_and_places, find_entities
from pipeline.extract.events import Event, build_event, event_date
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


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    article: Article
    sentences: list[Sentence]
    dates: list[tuple[int, DateMention]]
    amounts: list[Amount]
    events: list[Event]
    problems: list[Problem] = field(default_factory=list)


def _shift(mention: M, offset: int) -> M:
    return dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset)


def _in_sentence(
    stage: str,
    finder: Callable[[str], list[M]],
    sentence: Sentence,
    problems: list[Problem],
) -> list[M]:
    """Run one extractor on one sentence; a failure becomes a problem, not a crash.

    The extractor matches the sentence normalised (invisible characters, look-alike letters,
    emphasis markers: `normalize.py`); offsets and text come back from the original."""
    try:
        matched = normalize_for_matching(sentence.text)
        if matched.starts is None:
            return [_shift(m, sentence.start) for m in finder(sentence.text)]
        found = []
        for m in finder(matched.text):
            start, end = matched.span(m.start, m.end)
            text = sentence.text[start:end]
            found.append(
                _shift(dataclasses.replace(m, start=start, end=end, text=text), sentence.start)
            )
        return found
    except Exception as exc:  # an extractor bug must not stop the batch
        problems.append(Problem(stage, f"sentence {sentence.no}: {type(exc).__name__}: {exc}"))
        return []


def conversion_date(dates: Sequence[DateMention], reference: Reference) -> dt.date:
    """The day whose exchange rate converts the sentence's amounts.

    The event's date when the sentence has one that is not after publication (future rates
    are unknown), else the publication day.
    """
    dated_by = event_date(dates)
    start = dated_by.range_start if dated_by is not None else None
    if start is not None and start <= reference.day:
        return start
    return reference.day


def extract_article(article: Article) -> ArticleExtraction:
    sentences = split_sentences(article.body, article.paragraphs)
    reference = article.reference
    problems: list[Problem] = []
    all_dates: list[tuple[int, DateMention]] = []
    all_amounts: list[Amount] = []
    events: list[Event] = []
    for sentence in sentences:
        dates = _in_sentence("dates", lambda text: find_dates(text, reference), sentence, problems)
        money = _in_sentence(
            "money", lambda text: find_money(text, context=article.body), sentence, problems
        )
        on = conversion_date(dates, reference)
        all_dates.extend((sentence.no, mention) for mention in dates)
        for mention in money:
            all_amounts.append(
                Amount(sentence.no, mention, to_eur(mention.value, mention.currency, on))
            )
        event = build_event(article.article_id, sentence, dates, money, reference)
        if event is not None:
            entities = _in_sentence("entities", find_entities, sentence, problems)
            actors, places = actors_and_places(entities)
            events.append(dataclasses.replace(event, actors=actors, places=places))
    return ArticleExtraction(article, sentences, all_dates, all_amounts, events, problems)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def date_json(mention: DateMention) -> dict[str, Any]:
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "kind": mention.kind,
        "value": mention.value,
        "precision": mention.precision,
        "range_start": _iso(mention.range_start),
        "range_end": _iso(mention.range_end),
        "resolution": mention.resolution,
        "modifier": mention.modifier,
    }


def amount_json(amount: Amount) -> dict[str, Any]:
    mention, conversion = amount.mention, amount.conversion
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "value": mention.value,
        "currency": mention.currency,
        "qualifier": mention.qualifier,
        "min": mention.min_value,
        "max": mention.max_value,
        "value_eur": conversion.value_eur,
        "rate": conversion.rate,
        "rate_date": _iso(conversion.rate_date),
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "sentence_no": event.sentence_no,
        "text": event.text,
        "date_value": event.date_value,
        "date_start": _iso(event.date_start),
        "date_end": _iso(event.date_end),
        "date_source": event.date_source,
        "actors": list(event.actors),
        "places": list(event.places),
    }


def extraction_json(extraction: ArticleExtraction) -> dict[str, Any]:
    """The `timeline extract --jsonl` object of one article."""
    article = extraction.article
    result: dict[str, Any] = {
        "file": article.source_file,
        "article_id": article.article_id,
        "published": article.published,
        "title": article.title,
        "body": article.body,
        "dates": [date_json(m) for _, m in extraction.dates],
        "amounts": [amount_json(a) for a in extraction.amounts],
        "events": [event_json(e) for e in extraction.events],
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
