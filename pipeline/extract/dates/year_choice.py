"""Which year (or week, or day) an expression that leaves it open means: the tense cues of the
sentence (`dates_cues.tsv`), clause breaks, and the choice among candidate periods around the
publication date. Also the per-sentence context the handlers share and the value they return.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.extract.dates.calendar import last_day
from pipeline.extract.dates.lexicons import CUES
from pipeline.extract.lexicon import trie_pattern
from pipeline.extract.mentions import Reference

# a candidate period: its value, first day and last day
Period = tuple[str, dt.date, dt.date]


def _cue_pattern(tense: str) -> str:
    """One regex for all cues of a tense: words, prefixes (`планира…`), suffixes (`…аха`)."""
    words, prefixes, suffixes, regexes = [], [], [], []
    for row in CUES:
        if row["cue"] != tense:
            continue
        form, match = row["form"].lower(), row["match"]
        if match == "regex":
            regexes.append(f"(?:{form})(?!\\w)")
        elif match == "prefix":
            prefixes.append(form)
        elif match == "suffix":
            suffixes.append(form)
        else:
            words.append(form)
    parts = regexes
    if words:
        parts.append(trie_pattern(words) + r"(?!\w)")
    if prefixes:
        # a verbal noun is no tense (`очакванията`, `планирането`): not those endings
        not_noun = r"(?!\w*(?:ние|ния|нието|нията|нето|не)(?!\w))" if tense != "western" else ""
        parts.append(trie_pattern(prefixes) + not_noun + r"\w*")
    if suffixes:
        # a word of two letters or more before the suffix: the whole word, then a look back at
        # its end for each suffix length (a look-behind needs one width)
        assert all(s.isalpha() for s in suffixes)
        widths = sorted({len(s) for s in suffixes})
        ends = "|".join(
            rf"(?<=\w\w{trie_pattern(s for s in suffixes if len(s) == n)})" for n in widths
        )
        parts.append(rf"\w++(?:{ends})")
    return r"(?<![\w\-])(?:" + "|".join(parts) + ")"


_CUE_PATTERNS = {tense: _cue_pattern(tense) for tense in ("past", "future", "western", "present")}
# case-sensitive versions run on lower-cased text; the IGNORECASE ones are the fallback
CUE_FAST = {tense: re.compile(p) for tense, p in _CUE_PATTERNS.items()}
_CUE_ANY_CASE = {tense: re.compile(p, re.IGNORECASE) for tense, p in _CUE_PATTERNS.items()}
TOKEN_RE = re.compile(r"\w+")


def cue_spans(text: str, lower: str, tense: str) -> list[tuple[int, int]]:
    """Where the cues of one tense occur in `text` (`lower` is `text.lower()`)."""
    if len(lower) == len(text):
        return [m.span() for m in CUE_FAST[tense].finditer(lower)]
    return [m.span() for m in _CUE_ANY_CASE[tense].finditer(text)]


# a perfective verb after `ще` / `да` is not a past form: `ще приключи`, `да започне`
_NON_PAST_BEFORE_RE = re.compile(
    r"(?<![\w\-])(?:ще|да)\s+(?:(?:не|се|си|ги|го|я|му|им|й|ни|ви|бъде|бъдат)\s+)*$",
    re.IGNORECASE,
)
# A clause break: `;`, a bracket, a quote or a dash; `,` or `:` before a space; ` - `; `. `
# after a word of five letters or more (a shorter one is an abbreviation inside the sentence:
# `в 17:00 ч. на 4 март`, `2 млн. лв. за`). Written as one character class first, each break
# then checked by a look-back at that character (the same matches as
# `[;()„“”"«»—–]|[,:](?=\s)|\s-\s|(?<=\w{5})\.\s`): the engine then skips the characters
# that cannot start a break.
_CLAUSE_RE = re.compile(
    r"[;()„“”\"«»—–,:.\s](?:(?<=[;()„“”\"«»—–])|(?<=[,:])(?=\s)|(?<=\s)-\s|(?<=\w\w\w\w\w\.)\s)"
)


# a future cue after a modal verb in the past is no future: `трябваше да бъдат подадени`,
# `можеше да бъде` (the modals are the `past_modal` rows of `dates_cues.tsv`)
_PAST_MODALS = [row["form"].lower() for row in CUES if row["cue"] == "past_modal"]
_PAST_MODAL_RE = re.compile(trie_pattern(_PAST_MODALS))
_PAST_MODAL_BEFORE_RE = re.compile(
    r"(?<![\w\-])(?:"
    + trie_pattern(_PAST_MODALS)
    + r")\s+(?:(?:да|не|се|си|ги|го|я|му|им|й|ни|ви|бъде|бъдат)\s+)*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Context:
    text: str
    ref: Reference
    ref_start: dt.date
    ref_end: dt.date
    lower: str
    # the tense the paragraph's earlier sentences set (`ParagraphContext` in the engine), for a
    # sentence with no tense cue of its own
    paragraph_tense: str | None = None
    _past: list[tuple[int, int]] | None = None
    _future: list[tuple[int, int]] | None = None

    def _cues(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The past cues (less those after `ще` / `да`) and the future cues, found once."""
        if self._past is None or self._future is None:
            text, lower = self.text, self.lower
            # (the look-backs run only where their words are: `ще`/`да`, a past modal, in the
            # lower-cased text when it keeps the offsets; the same cues as running them always)
            same = len(lower) == len(text)
            self._past = [
                (s, e)
                for s, e in cue_spans(text, lower, "past")
                if not (
                    (
                        not same
                        or "ще" in lower[max(0, s - 40) : s]
                        or "да" in lower[max(0, s - 40) : s]
                    )
                    and _NON_PAST_BEFORE_RE.search(text, max(0, s - 40), s)
                )
            ]
            future = cue_spans(text, lower, "future")
            if future and (not same or _PAST_MODAL_RE.search(lower) is not None):
                future = [
                    (s, e)
                    for s, e in future
                    if not _PAST_MODAL_BEFORE_RE.search(text, max(0, s - 40), s)
                ]
            self._future = future
        return self._past, self._future

    def tense(self, start: int, end: int) -> str | None:
        """ "past" | "future" | None: the tense cue nearest to the span, same clause first."""
        past, future = self._cues()
        cues = [(s, e, "past") for s, e in past if e <= start or s >= end]
        cues += [(s, e, "future") for s, e in future if e <= start or s >= end]
        if not cues:
            # a sentence with no tense of its own goes on in its paragraph's tense (`През
            # април цената – 2,31 лв.` after sentences in the past); one with a verb in the
            # present (`продават … до 30 ноември`) has a tense of its own
            if self.paragraph_tense is None or cue_spans(self.text, self.lower, "present"):
                return None
            return self.paragraph_tense
        lo = max((m.end() for m in _CLAUSE_RE.finditer(self.text, 0, start)), default=0)
        after = _CLAUSE_RE.search(self.text, end)
        hi = after.start() if after else len(self.text)
        near = [c for c in cues if c[0] >= lo and c[1] <= hi]
        if not near:
            # a cue in another clause governs the date only when the date's clause is a bare
            # fragment (`На 27 ноември, след преговори, парламентът прие ...`)
            rest = self.text[lo:start] + " " + self.text[end:hi]
            if len(TOKEN_RE.findall(rest)) > 2:
                return None
            near = cues

        def distance(cue: tuple[int, int, str]) -> int:
            return start - cue[1] if cue[1] <= start else cue[0] - end

        return min(near, key=lambda c: (distance(c), c[2] != "future"))[2]

    def sentence_tense(self) -> str | None:
        """The sentence's tense as a whole: "past" or "future" when all its cues agree."""
        past, future = self._cues()
        if past and not future:
            return "past"
        if future and not past:
            return "future"
        return None

    def western(self) -> bool:
        return bool(cue_spans(self.text, self.lower, "western"))


class Value(NamedTuple):
    """A resolved value before it becomes a DateMention."""

    value: str
    precision: str
    resolution: str
    kind: str = "date"
    modifier: str | None = None
    range_start: dt.date | None = None
    range_end: dt.date | None = None
    has_range: bool = False


_RESOLUTION_OF_TENSE = {
    "past": "year_inferred_past",
    "future": "year_inferred_future",
    None: "year_nearest",
}


_ASK = "ask"


def choose(
    ctx: Context, start: int, end: int, cands: list[Period], tense: str | None = _ASK
) -> tuple[str, str]:
    """Pick one of several candidate periods (value, first day, last day) by the tense cue
    (the sentence's, unless `tense` is given)."""
    cands = sorted(cands, key=lambda c: c[1])
    if tense == _ASK:
        tense = ctx.tense(start, end)
    ref_start, ref_end = ctx.ref_start, ctx.ref_end
    chosen: Period | None = None
    if tense == "past":
        before = [c for c in cands if c[1] <= ref_end]
        chosen = before[-1] if before else cands[0]
    elif tense == "future":
        after = [c for c in cands if c[2] >= ref_start]
        chosen = after[0] if after else cands[-1]
    else:

        def gap(c: Period) -> tuple[int, int]:
            if c[2] < ref_start:
                return (ref_start - c[2]).days, 1
            if c[1] > ref_end:
                return (c[1] - ref_end).days, 0
            return 0, 0

        chosen = min(cands, key=gap)
    return chosen[0], _RESOLUTION_OF_TENSE[tense]


def relative_value(ctx: Context, value: str, precision: str) -> Value:
    resolution = "publication" if value == ctx.ref.value else "relative"
    return Value(value, precision, resolution)


def month_reference(ctx: Context) -> Value | None:
    """A day or week expression against a month-precision reference: the reference month."""
    if ctx.ref.precision == "month":
        return Value(ctx.ref.value, "month", "publication")
    return None


def day_candidates(ctx: Context, month: int, day: int) -> list[Period]:
    out = []
    for year in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        out.append((d.isoformat(), d, d))
    return out


def year_less_day(
    ctx: Context, start: int, end: int, month: int, day: int, weekday: int | None = None
) -> Value | None:
    cands = day_candidates(ctx, month, day)
    if not cands:
        return None
    if weekday is not None:
        # the year in which the date is that weekday, within half a year of the reference (a
        # weekday that fits only a date further off is a slip, not a year)
        fitting = [
            c
            for c in cands
            if c[1].isoweekday() == weekday and abs((c[1] - ctx.ref_start).days) <= 183
        ]
        if fitting:
            ref_start = ctx.ref_start
            best = min(fitting, key=lambda c: abs((c[1] - ref_start).days))
            res = "year_inferred_past" if best[1] <= ctx.ref_end else "year_inferred_future"
            return Value(best[0], "day", res)
    value, res = choose(ctx, start, end, cands)
    return Value(value, "day", res)


def month_candidates(ctx: Context, month: int) -> list[Period]:
    out = []
    for year in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2):
        out.append((f"{year:04d}-{month:02d}", dt.date(year, month, 1), last_day(year, month)))
    return out


def relative_pick(ctx: Context, offset: int, cands: list[Period]) -> str:
    """`миналия ноември`, `следващото лято`: step over candidates from the current one."""
    cands = sorted(cands, key=lambda c: c[1])
    if offset < 0:
        before = [c for c in cands if c[2] < ctx.ref_start]
        idx = len(before) + offset
        return cands[max(idx, 0)][0]
    if offset > 0:
        after = [c for c in cands if c[1] > ctx.ref_end]
        first = len(cands) - len(after)
        return cands[min(first + offset - 1, len(cands) - 1)][0]
    inside = [c for c in cands if c[1] <= ctx.ref_end and c[2] >= ctx.ref_start]
    if inside:
        return inside[0][0]
    return min(
        cands, key=lambda c: min(abs((c[1] - ctx.ref_start).days), abs((c[2] - ctx.ref_start).days))
    )[0]
