"""Event rows: one per sentence that carries a date or a money amount.

An event's date is the sentence's first calendar date (kind `date`, not vague); a sentence
with only vague or duration expressions, or only an amount, is dated by the publication date
and says so in `date_source`. `actors` and `places` are the canonical Bulgarian names the
entity finder (`entities.py`) sees in the same sentence, in text order, each once;
`document.py` fills them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.mentions import DateMention, MoneyMention, Reference
from pipeline.extract.sentences import Sentence

VAGUE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    sentence_no: int
    text: str
    date_value: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_source: str  # "sentence" | "publication"
    n_dates: int
    n_amounts: int
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def event_date(dates: Sequence[DateMention]) -> DateMention | None:
    """The mention that dates the event: the first calendar date of the sentence."""
    for mention in dates:
        calendar = mention.kind == "date" and mention.value not in VAGUE_VALUES
        if calendar and mention.range_start is not None:
            return mention
    return None


def publication_range(reference: Reference) -> tuple[dt.date, dt.date]:
    if reference.precision == "day":
        return reference.day, reference.day
    next_month = (reference.day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return reference.day, next_month - dt.timedelta(days=1)


def build_event(
    article_id: str,
    sentence: Sentence,
    dates: Sequence[DateMention],
    amounts: Sequence[MoneyMention],
    reference: Reference,
) -> Event | None:
    """The event of one sentence, or None when the sentence has neither date nor amount."""
    if not dates and not amounts:
        return None
    dated_by = event_date(dates)
    if dated_by is not None:
        value, start, end, source = (
            dated_by.value,
            dated_by.range_start,
            dated_by.range_end,
            "sentence",
        )
    else:
        start, end = publication_range(reference)
        value, source = reference.value, "publication"
    return Event(
        event_id=f"{article_id}-{sentence.no:04d}",
        sentence_no=sentence.no,
        text=sentence.text,
        date_value=value,
        date_start=start,
        date_end=end,
        date_source=source,
        n_dates=len(dates),
        n_amounts=len(amounts),
    )
