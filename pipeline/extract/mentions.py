"""The values every extractor returns: plain frozen dataclasses, no Dagster, no pandas.

Offsets (`start`, `end`) are character offsets into the text the extractor was given;
the caller shifts them so that in the warehouse they index into `articles.body`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month"]


@dataclass(frozen=True, slots=True)
class Reference:
    """The publication date an article's relative expressions resolve against.

    `day` is the first day of the period when `precision` is "month" (` date 2024-11`).
    """

    day: dt.date
    precision: Precision = "day"

    @property
    def value(self) -> str:
        """TIMEX3 value of the publication date at its own precision."""
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


@dataclass(frozen=True, slots=True)
class DateMention:
    """One temporal expression found in a text, resolved against a `Reference`.

    - kind: "date" | "time" | "duration" | "set"
    - value: TIMEX3-style value ("2024-11-13", "2024-11", "2025", "2024-W46", "2024-Q1",
      "2024-H2", "2024-SU", "199", "19", "PRESENT_REF", "P3Y", "2020-12-27/2020-12-29", ...)
    - precision: the grain of the value ("day", "week", "month", "quarter", "half", "season",
      "year", "decade", "century", "minute", "hour", "vague", "duration", "set", "interval")
    - range_start / range_end: first and last day covered (None for durations and sets)
    - resolution: how the value was anchored: "absolute" | "publication" | "relative" |
      "year_inferred_past" | "year_inferred_future" | "year_nearest"
    - modifier: "START" | "MID" | "END" for parts of a period, else None
    """

    start: int
    end: int
    text: str
    kind: str
    value: str
    precision: str
    range_start: dt.date | None
    range_end: dt.date | None
    resolution: str
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """One money amount found in a text.

    - value: the amount in `currency` (None for a range, or for a vague amount without a number)
    - currency: ISO 4217 code
    - qualifier: "exact" | "over" | "under" | "about" | "up_to" | "range"
    - min_value / max_value: the bounds the qualifier implies (both equal `value` when exact)
    """

    start: int
    end: int
    text: str
    value: float | None
    currency: str
    qualifier: str
    min_value: float | None
    max_value: float | None
