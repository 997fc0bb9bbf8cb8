"""The engine: run the rules worth running over a sentence, drop what a blocker covers, keep
the longest non-overlapping candidates, then merge neighbours (a part word before a period, a
clock time after a day, a relative day before the same date) into mentions, and link them
(a weekday to its date in brackets, `от` one day `до` another into an interval, a clock time
to the day named next to it, or in the paragraph before it)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
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
# `утре – 11 септември`: a dash joins a relative day to the same date written out
_DASH_LINK_RE = re.compile(r"\s*[–—-]\s*$")
# `всеки половин час`, `на всеки 15 минути`: a duration after `всеки` is a set
_EVERY_BEFORE_RE = re.compile(r"(?<![\w\-])(?:на\s+)?(?:всеки|всяка|всяко)\s+$", re.IGNORECASE)
# a weekday and the date in brackets after it: `четвъртък (11 юни)`
_BRACKET_OPEN_RE = re.compile(r"\s*\(\s*$")
_BRACKET_CLOSE_RE = re.compile(r"\s*\)")
# `от <day> до <day>`: what stands before the first day and between the two
_FROM_BEFORE_RE = re.compile(r"(?<![\w\-])от\s+$", re.IGNORECASE)
_UNTIL_BETWEEN_RE = re.compile(r"\s*до\s+$", re.IGNORECASE)
# a clock time and the day written right after it: `в 17:00 ч. на 4 март`, `23:30 ч. снощи`
# (it wins over a day before the time: `утре – 11 септември, до 18:00 ч. на 14 септември`)
_TIME_DAY_AFTER_RE = re.compile(r"\s*,?\s*(?:(?:на|в|във)\s+)?$", re.IGNORECASE)
_TIME_LINK_RE = re.compile(r"^\s*(?:г\.)?\s*,?\s*(?:в|във|от|около|към|до)?\s*$", re.IGNORECASE)
# the same values recur across sentences (a year, a month): each one is parsed once
_cached_value_range = functools.lru_cache(maxsize=4096)(value_range)
_ONE_DAY = dt.timedelta(days=1)


def candidates(
    text: str, reference: Reference, every_rule: bool = False, paragraph_tense: str | None = None
) -> tuple[Context | None, list[Candidate]]:
    """Every match of the rules worth running (of every rule, with `every_rule`) that its
    handler reads as a value and no blocker covers, in rule order; and the sentence's context
    (None when there is none). `paragraph_tense`: see `ParagraphContext.tense`."""
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
                ctx = Context(text, reference, *reference_range(reference), lower, paragraph_tense)
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


@dataclass(slots=True)
class ParagraphContext:
    """What one sentence of a paragraph passes on to the next (give the same object to
    `find_dates` for each sentence of a paragraph, in order):

    - last_day: the last day (a date of day precision) named so far, the day of a clock time
      in a later sentence that names no date (`… на 5 януари. Заседанието започва в 10 ч.`)
    - tense: "past" once a sentence in the past names a period before the publication
      (`През 2025 г. цените се покачиха.`); a later sentence with no tense cue of its own
      takes it (`През април – 2 050 евро.`). (Not the future: a plan named in one sentence
      does not move the year-less dates of the next, `Към края на ноември дефицитът е …`.)
    """

    last_day: DateMention | None = None
    tense: str | None = None


def find_dates(
    text: str,
    reference: Reference,
    every_rule: bool = False,
    paragraph: ParagraphContext | None = None,
) -> list[DateMention]:
    """Every date expression in `text` (normally one sentence), resolved against `reference`.

    Mentions are sorted by start and never overlap; the longest match wins. `every_rule` runs
    every rule, not only those the prefilter picks (the same mentions, slower: for tests).
    `paragraph` carries what the paragraph's earlier sentences said (see `ParagraphContext`).
    """
    ctx, found = candidates(
        text, reference, every_rule, paragraph.tense if paragraph is not None else None
    )
    if not found:
        return []
    assert ctx is not None  # made for the first match
    merged = _merge(ctx, found)
    if len(merged) > 1 or merged[0][0].kind == "time":
        out = _link(ctx, merged, paragraph)
    else:  # the common case: one date alone has nothing to link to
        out = [merged[0][0]]
    if paragraph is not None:
        _remember(ctx, out, paragraph)
    return out


def _merge(ctx: Context, found: list[Candidate]) -> list[tuple[DateMention, str]]:
    """The longest non-overlapping candidates as mentions (with their rules), neighbours
    merged: a part word before a period, a clock time right after a day, a relative day and
    the same date after a comma or a dash."""
    text = ctx.text
    chosen: list[Candidate] = []
    if len(found) == 1:  # the common case: nothing to choose between
        chosen = found
    else:
        found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
        for cand in found:
            if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
                chosen.append(cand)
        chosen.sort(key=lambda c: c[0])
    out: list[tuple[DateMention, str]] = []
    previous: DateMention | None = None
    for start, end, _, val, rule in chosen:
        if val.kind == "date" and val.precision in _PART_PRECISIONS and val.modifier is None:
            part = (
                _PART_BEFORE_RE.search(text, max(0, start - 30), start)
                if text[max(0, start - 4) : start].rstrip().lower().endswith("на")
                else None
            )
            if part and previous is not None and previous.start >= part.start():
                # `последните седмици на декември`: the part, not a vague `последните седмици`
                out.pop()
                previous = out[-1][0] if out else None
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
            and (
                _COMMA_LINK_RE.match(text, previous.end, start)
                or (
                    previous.value[5:] == val.value[5:]
                    and _DASH_LINK_RE.match(text, previous.end, start)
                )
            )
        ):
            # `Утре, 6 януари`, `утре – 11 септември`: one mention; the relative word fixes
            # the year (a list of relative words, `днес, вчера`, stays a list)
            if previous.value[5:] == val.value[5:]:
                val = val._replace(value=previous.value, resolution=previous.resolution)
            start = previous.start
            out.pop()
        if (
            rule == "weekday"
            and previous is not None
            and _is_day(previous)
            and val.precision == "day"
            and _COMMA_LINK_RE.match(text, previous.end, start)
            and dt.date.fromisoformat(previous.value).isoweekday()
            == dt.date.fromisoformat(val.value).isoweekday()
        ):
            # `днес, петък`, `на 19 април, неделя`: one mention, the day written before
            val = val._replace(value=previous.value, resolution=previous.resolution)
            start = previous.start
            out.pop()
        if val.kind == "duration" and text[max(0, start - 2) : start].endswith((" ", "\xa0")):
            every = _EVERY_BEFORE_RE.search(text, max(0, start - 12), start)
            if every is not None and (previous is None or previous.end <= every.start()):
                start = every.start()
                val = val._replace(kind="set", precision="set")
        mention = _mention(ctx, start, end, val)
        out.append((mention, rule))
        previous = mention
    return out


def _is_day(m: DateMention) -> bool:
    return m.kind == "date" and m.precision == "day" and len(m.value) == 10


def _is_month(m: DateMention) -> bool:
    """A month, also a part of one (`началото на юни`)."""
    return m.kind == "date" and m.precision == "month" and len(m.value) == 7


def _with_value(ctx: Context, m: DateMention, value: str, resolution: str) -> DateMention:
    kind, precision = m.kind, m.precision
    if "/" in value:
        kind, precision = "date", "interval"
    val = Value(value, precision, resolution, kind, m.modifier)
    return _mention(ctx, m.start, m.end, val)


def _link(
    ctx: Context, found: list[tuple[DateMention, str]], paragraph: ParagraphContext | None
) -> list[DateMention]:
    """Mentions that name their day through another: a weekday followed by its date in
    brackets takes the date; `от <day> до <day>` becomes one interval; a clock time with no
    day of its own takes the day named next to it, else the nearest day of its sentence, else
    (when the sentence names no other date) the paragraph's last day."""
    text = ctx.text
    out = [m for m, _ in found]
    # a weekday and its date in brackets: `в четвъртък (11 юни)` (the date's year is the one
    # in which it is that weekday, `handlers.bracketed_weekday`)
    for i in range(len(out) - 1):
        m, nxt = out[i], out[i + 1]
        if (
            found[i][1] == "weekday"
            and _is_day(m)
            and _is_day(nxt)
            and _BRACKET_OPEN_RE.match(text, m.end, nxt.start)
        ):
            out[i] = _with_value(ctx, m, nxt.value, nxt.resolution)
    # `от четвъртък (22 януари) до следващия четвъртък (29 януари)`, `от утре до 19 януари`
    i = 0 if len(out) > 1 else len(out)
    while i < len(out):
        first = out[i]
        from_word = (
            _FROM_BEFORE_RE.search(text, max(0, first.start - 4), first.start)
            if _is_day(first) or _is_month(first)
            else None
        )
        if from_word is None:
            i += 1
            continue
        j = i + 1
        if (
            j < len(out)
            and _is_day(out[j])
            and _BRACKET_OPEN_RE.match(text, first.end, out[j].start)
        ):
            j += 1  # the first day's bracketed date
        closing = _BRACKET_CLOSE_RE.match(text, out[j - 1].end) if j > i + 1 else None
        gap_start = closing.end() if closing else out[j - 1].end
        if (
            j >= len(out)
            or not (_is_day(out[j]) if _is_day(first) else _is_month(out[j]))
            or not _UNTIL_BETWEEN_RE.fullmatch(text, gap_start, out[j].start)
        ):
            i += 1
            continue
        last, k = out[j], j + 1
        if (
            k < len(out)
            and _is_day(out[k])
            and _BRACKET_OPEN_RE.match(text, last.end, out[k].start)
        ):
            k += 1
        closing = _BRACKET_CLOSE_RE.match(text, out[k - 1].end) if k > j + 1 else None
        end = closing.end() if closing else out[k - 1].end
        a, b = out[j - 1].value, out[k - 1].value
        if b <= a and out[k - 1].resolution.startswith("year_"):
            # the year of `до 19 януари` was chosen alone: the interval's end follows its start
            b = str(int(b[:4]) + 1) + b[4:]
            if b[5:] == "02-29":
                b = b[:8] + "28"
        if not a < b:
            i += 1
            continue
        relative = {m.resolution for m in out[i:k]} & {"relative", "publication"}
        resolution = "relative" if relative else out[k - 1].resolution
        interval = _mention(ctx, from_word.start(), end, Value(f"{a}/{b}", "interval", resolution))
        out[i:k] = [interval]
        i += 1
    # a clock time on the publication day only because it named no day
    if not any(m.kind == "time" for m in out):
        return out
    days = [m for m in out if _is_day(m)]
    others = [m for m in out if m.kind != "time"]
    for i, m in enumerate(out):
        if m.kind != "time" or ctx.ref.precision != "day":
            continue
        day: DateMention | None = None
        if (
            i + 1 < len(out)
            and _is_day(out[i + 1])
            and _TIME_DAY_AFTER_RE.match(text, m.end, out[i + 1].start)
        ):
            day = out[i + 1]
        elif m.resolution != "publication":
            continue
        else:
            days_before = [d for d in days if d.end <= m.start]
            days_after = [d for d in days if d.start >= m.end]
            if days_before:
                day = days_before[-1]
            elif days_after:
                day = days_after[0]
            elif not others and paragraph is not None:
                day = paragraph.last_day
        if day is not None and day.value != ctx.ref.value:
            out[i] = _with_value(ctx, m, day.value + m.value[10:], day.resolution)
    return out


def _remember(ctx: Context, out: list[DateMention], paragraph: ParagraphContext) -> None:
    """What this sentence passes on to the next of its paragraph (`ParagraphContext`)."""
    days = [m for m in out if _is_day(m)]
    if days:
        paragraph.last_day = days[-1]
    dated = [m for m in out if m.kind == "date" and m.range_start and m.range_end]
    if (
        any(m.range_end < ctx.ref_start for m in dated if m.range_end)
        and ctx.sentence_tense() == "past"
    ):
        paragraph.tense = "past"
