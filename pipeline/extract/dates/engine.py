"""The engine: run the rules worth running over a sentence, drop what a blocker covers, keep
the longest non-overlapping candidates, then merge neighbours (a part word before a period, a
clock time after a day, a relative day before the same date) into mentions."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from pipeline.extract.dates.blockers import blocked_spans
from pipeline.extract.dates.calendar import reference_range, value_range
from pipeline.extract.dates.lexicons import PART_OF, key
from pipeline.extract.dates.prefilter import EVERY_RULE, flags, plan
from pipeline.extract.dates.rules import PART_RE, RULES
from pipeline.extract.dates.year_choice import Context, Value
from pipeline.extract.mentions import DateMention, Reference


class Candidate(NamedTuple):
    """A rule's match its handler has read: the span, the rule, and the value."""

    start: int
    end: int
    priority: int
    value: Value
    rule: str


_DIGIT_RE = re.compile(r"\d")
_PART_BEFORE_RE = re.compile(rf"(?<![\w\-])(?P<part>{PART_RE})\s+на\s+$", re.IGNORECASE)
_PART_PRECISIONS = {"year", "month", "week", "decade", "century", "season", "quarter", "half"}
_COMMA_LINK_RE = re.compile(r"\s*,\s*$")
_TIME_LINK_RE = re.compile(r"^\s*(?:г\.)?\s*,?\s*(?:в|във|от|около|към|до)?\s*$", re.IGNORECASE)
# the same values recur across sentences (a year, a month): each one is parsed once
_cached_value_range = functools.lru_cache(maxsize=4096)(value_range)
_ONE_DAY = dt.timedelta(days=1)


def candidates(
    text: str, reference: Reference, every_rule: bool = False
) -> tuple[Context | None, list[Candidate]]:
    """Every match of the rules worth running (of every rule, with `every_rule`) that its
    handler reads as a value and no blocker covers, in rule order; and the sentence's context
    (None when there is none)."""
    lower = text.lower()
    indices = EVERY_RULE if every_rule else plan(flags(text, lower))
    # made at the first match (the rules of many sentences find nothing)
    ctx: Context | None = None
    # the rules run case-sensitively on the lower-cased text (twice as fast as IGNORECASE)
    # unless lower-casing changed the length, which would shift the offsets
    fast = len(lower) == len(text)
    scanned = lower if fast else text
    found: list[Candidate] = []
    blocked: list[tuple[int, int]] | None = None
    for index in indices:
        rule = RULES[index]
        has_relative_span = rule.has_relative_span
        for m in (rule.lower_regex if fast else rule.regex).finditer(scanned):
            group = (
                "relative_span" if has_relative_span and m["relative_span"] is not None else "sp"
            )
            start, end = m.span(group)
            if start == end:
                continue
            if ctx is None:
                ctx = Context(text, reference, *reference_range(reference), lower)
            val = rule.handler(m, ctx)
            if val is None:
                continue
            # every blocker (amounts, codes, ages, phone numbers, URLs) involves digits
            if _DIGIT_RE.search(text, start, end):
                if blocked is None:
                    blocked = blocked_spans(text, lower)
                if any(s < end and start < e for s, e in blocked):
                    continue
            found.append(Candidate(start, end, rule.priority, val, rule.name))
    return ctx, found


def _mention(ctx: Context, start: int, end: int, val: Value) -> DateMention:
    if val.has_range:
        first, last = val.range_start, val.range_end
    elif val.value == "PRESENT_REF":
        first, last = ctx.ref_start, ctx.ref_end
    elif val.value == "PAST_REF":
        first, last = None, ctx.ref_start - _ONE_DAY
    elif val.value == "FUTURE_REF":
        first, last = ctx.ref_end + _ONE_DAY, None
    elif val.kind in ("duration", "set"):
        first = last = None
    else:
        first, last = _cached_value_range(val.value)
    return DateMention(
        start=start,
        end=end,
        text=ctx.text[start:end],
        kind=val.kind,
        value=val.value,
        precision=val.precision,
        range_start=first,
        range_end=last,
        resolution=val.resolution,
        modifier=val.modifier,
    )


def find_dates(text: str, reference: Reference, every_rule: bool = False) -> list[DateMention]:
    """Every date expression in `text` (normally one sentence), resolved against `reference`.

    Mentions are sorted by start and never overlap; the longest match wins. `every_rule` runs
    every rule, not only those the prefilter picks (the same mentions, slower: for tests).
    """
    ctx, found = candidates(text, reference, every_rule)
    if not found:
        return []
    assert ctx is not None  # made for the first match
    chosen: list[Candidate] = []
    if len(found) == 1:  # the common case: nothing to choose between
        chosen = found
    else:
        found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
        for cand in found:
            if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
                chosen.append(cand)
        chosen.sort(key=lambda c: c[0])
    out: list[DateMention] = []
    previous: DateMention | None = None
    for start, end, _, val, _ in chosen:
        if val.kind == "date" and val.precision in _PART_PRECISIONS and val.modifier is None:
            part = (
                _PART_BEFORE_RE.search(text, max(0, start - 30), start)
                if text[max(0, start - 4) : start].rstrip().lower().endswith("на")
                else None
            )
            if part and (previous is None or previous.end <= part.start()):
                start = part.start()
                val = val._replace(modifier=PART_OF[key(part["part"])])
        if (
            val.kind == "time"
            and previous is not None
            and previous.kind == "date"
            and previous.precision == "day"
            and _TIME_LINK_RE.match(text[previous.end : start])
        ):
            clock = val.value[val.value.index("T") :]
            val = val._replace(
                value=previous.value + clock,
                resolution=previous.resolution,
                has_range=False,
            )
        if (
            val.kind == "date"
            and val.precision == "day"
            and val.resolution not in ("relative", "publication")
            and previous is not None
            and previous.kind == "date"
            and previous.precision == "day"
            and previous.resolution in ("relative", "publication")
            and _COMMA_LINK_RE.match(text, previous.end, start)
        ):
            # `Утре, 6 януари`: one mention; the relative word fixes the year (a list of
            # relative words, `днес, вчера`, stays a list)
            if previous.value[5:] == val.value[5:]:
                val = val._replace(value=previous.value, resolution=previous.resolution)
            start = previous.start
            out.pop()
        mention = _mention(ctx, start, end, val)
        out.append(mention)
        previous = mention
    return out
