"""Bulgarian date expressions: find every span and resolve it against the publication date.

A small engine over the lexicon tables in `lexicons/dates_*.tsv`: the tables are compiled into
a fixed list of regular-expression rules once, at import. `find_dates` runs the rules worth
running over one sentence, resolves every match with plain date arithmetic (year choice from
tense cues, ISO weeks, seasons, Easter), keeps the longest non-overlapping matches and returns
them sorted.

The grammar finds every span and resolves every value itself, with no other date library at
run time: a complete day-month-year span (`13 ноември 2019 г.`, `13.11.2019`) is the calendar
date its numbers name, after `datetime` has rejected an impossible one (`31 февруари`). (Such a
span was once parsed again by dateparser; on every date the grammar can pass it, 1000-2199 in
both forms, dateparser read the same day, so that second parse, half of the cold-cache cost,
is gone: docs/dates.md.) Everything dateparser gets wrong for Bulgarian news (the year of a
year-less date, `миналия месец`, seasons, intervals, weeks, periods) the grammar resolves too.
See docs/dates.md and docs/conventions.md ("Dates").

The modules, in the order a sentence meets them:

- `lexicons`: the `dates_*.tsv` tables as lookups, and readers of their forms
- `rules`: `RULES`, one regex per shape of expression, with its handler and trigger flags
- `prefilter`: which rules are worth running on a sentence (speed only)
- `handlers`: what a match means, as a `Value`
- `year_choice`: tense cues and the choice of a year left open; the sentence's `Context`
- `calendar`: month lengths, weeks, seasons, Easter, `value_range`
- `blockers`: stretches with digits that hold no date (URLs, phone numbers, ages …)
- `engine`: run, block, keep the longest, merge into `DateMention`s
"""

from __future__ import annotations

from pipeline.extract.dates.calendar import value_range
from pipeline.extract.dates.engine import ParagraphContext, find_dates

__all__ = ["ParagraphContext", "find_dates", "value_range"]
