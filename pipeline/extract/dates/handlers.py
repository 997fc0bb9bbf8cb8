"""What each rule's match means: one handler per shape of expression, turning a match of its
rule's regex (by group name) into a `Value`, or None when the match is no date after all.

A handler reads the match's groups, the lexicons and the sentence (`Context`) and does plain
date arithmetic; `year_choice` picks the year of an expression that leaves it open.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from pipeline.extract.dates.calendar import (
    LEAP_MONTH_DAYS,
    SEASON_MONTHS,
    add_months,
    last_day,
    orthodox_easter,
    roman_number,
    season_range,
    value_range,
    week_value,
    western_easter,
)
from pipeline.extract.dates.lexicons import (
    AFTER_BARE_YEAR,
    BEFORE_ERA,
    CURRENT_PERIOD,
    DAY_PART_SHIFT,
    DECADE_WORD,
    DEFINITE_SEASONS,
    DIGITS_RE,
    DURATION_NOUN_STEMS,
    HOLIDAYS,
    MONTH_FULL_KEYS,
    MONTH_OF,
    NOT_ADJECTIVES,
    NUMBER_OF,
    OFFSET_NOUNS,
    ORDINAL_OF,
    PART_OF,
    PERIOD_ADJECTIVE,
    PERIOD_NOUN,
    PERIOD_ORDINAL,
    PRESENT_NOUNS,
    REL_ADJECTIVE,
    REL_FIXED,
    REL_MOD,
    SEASON_OF,
    SETS,
    UNIT_OF,
    VAGUE,
    WEEKDAY_OF,
    YEAR_PAIR_NOUNS,
    count,
    day_number,
    key,
    month_number,
    year_in_words,
    year_of,
)
from pipeline.extract.dates.year_choice import (
    CUE_FAST,
    TOKEN_RE,
    Context,
    Value,
    choose,
    month_candidates,
    month_reference,
    relative_pick,
    relative_value,
    year_less_day,
)
from pipeline.extract.lexicon import trie_pattern

# --------------------------------------------------------------------------- period values
_SEASON_OF_MONTH = {
    month: code
    for code, (first, last) in SEASON_MONTHS.items()
    for month in range(1, 13)
    if (first <= month <= last if first <= last else month >= first or month <= last)
}


def unit_value(ctx: Context, unit: str, offset: int) -> Value | None:
    """The period `offset` units from the reference (0 = the current one)."""
    ref = ctx.ref.day
    if unit in ("day", "week", "weekend"):
        month = month_reference(ctx)
        if month is not None:
            return month
        if unit == "day":
            return relative_value(ctx, (ref + dt.timedelta(days=offset)).isoformat(), "day")
        day = ref + dt.timedelta(days=7 * offset)
        suffix = "-WE" if unit == "weekend" else ""
        return relative_value(ctx, week_value(day) + suffix, "week")
    if unit == "month":
        y, m = add_months(ref.year, ref.month, offset)
        return relative_value(ctx, f"{y:04d}-{m:02d}", "month")
    if unit == "year":
        return relative_value(ctx, f"{ref.year + offset:04d}", "year")
    if unit == "quarter":
        y, m = add_months(ref.year, ref.month, 3 * offset)
        return relative_value(ctx, f"{y:04d}-Q{(m - 1) // 3 + 1}", "quarter")
    if unit == "half":
        y, m = add_months(ref.year, ref.month, 6 * offset)
        return relative_value(ctx, f"{y:04d}-H{(m - 1) // 6 + 1}", "half")
    if unit == "season":
        # `този сезон`: the season the reference falls in; `миналия сезон`: the same season a
        # year before (a season of sport, flu or tourism comes once a year)
        code = _SEASON_OF_MONTH[ref.month]
        year = ref.year - 1 if ref.month <= 2 else ref.year
        return relative_value(ctx, f"{year + offset:04d}-{code}", "season")
    if unit == "decade":
        return relative_value(ctx, f"{ref.year // 10 + offset:03d}", "decade")
    if unit == "century":
        return relative_value(ctx, f"{ref.year // 100 + offset:02d}", "century")
    return None


def offset_value(ctx: Context, direction: int, n: float, unit: str) -> Value | None:
    """`преди N unit` / `след N unit`: the unit's precision, as TimeML does."""
    ref = ctx.ref.day
    if unit == "Y" and not float(n).is_integer():
        unit, n = "M", n * 12
    if unit == "M" and not float(n).is_integer():
        unit, n = "D", round(n * 30)
    if unit == "W" and not float(n).is_integer():
        unit, n = "D", round(n * 7)
    if unit == "Q":
        unit, n = "M", n * 3
    k = int(n) * direction
    if unit in ("D", "W", "H", "MIN", "S"):
        month = month_reference(ctx)
        if month is not None:
            return month
        if unit == "D":
            return Value((ref + dt.timedelta(days=k)).isoformat(), "day", "relative")
        if unit == "W":
            return Value(week_value(ref + dt.timedelta(days=7 * k)), "week", "relative")
        hours = k if unit == "H" else k / 60 if unit == "MIN" else k / 3600
        moment = dt.datetime.combine(ref, dt.time(12)) + dt.timedelta(hours=hours)
        return Value(moment.date().isoformat(), "day", "relative")
    if unit == "M":
        y, m = add_months(ref.year, ref.month, k)
        return Value(f"{y:04d}-{m:02d}", "month", "relative")
    if unit == "Y":
        return Value(f"{ref.year + k:04d}", "year", "relative")
    if unit == "DE":
        return Value(f"{(ref.year + 10 * k) // 10:03d}", "decade", "relative")
    if unit == "CE":
        return Value(f"{(ref.year + 100 * k) // 100:02d}", "century", "relative")
    return None


# `за` right before a month or a weekday (`за декември`, `за събота и неделя`)
_FOR_BEFORE_RE = re.compile(r"(?<![\w\-])за\s+$")
_FOR_WEEKDAY_BEFORE_RE = re.compile(
    rf"(?<![\w\-])за\s+(?:{trie_pattern(WEEKDAY_OF)}\s+(?:и|или)\s+)?$"
)
_MONTH_NAME_RE = re.compile(trie_pattern(MONTH_FULL_KEYS, word_start=True) + r"(?!\w)")
# a weekday before a bracket: `в четвъртък (11 юни)`
_WEEKDAY_BRACKET_RE = re.compile(
    rf"(?<![\w\-])(?P<wd>{trie_pattern(WEEKDAY_OF)})\.?\s*\(\s*$", re.IGNORECASE
)


def bracketed_weekday(ctx: Context, start: int) -> int | None:
    """The weekday written right before a bracket that opens at the date (`четвъртък (11
    юни)`), which fixes the date's year."""
    if ctx.text[max(0, start - 3) : start].rstrip().endswith("("):
        found = _WEEKDAY_BRACKET_RE.search(ctx.text, max(0, start - 30), start)
        if found is not None:
            return WEEKDAY_OF.get(key(found["wd"]))
    return None


def day_month(m: re.Match[str], ctx: Context) -> Value | None:
    day, month = day_number(m["d"]), month_number(m["m"])
    if day is None or month is None or not 1 <= month <= 12:
        return None
    year = year_of(m["y"]) or (year_in_words(m["yw"]) if m["yw"] else None)
    weekday = WEEKDAY_OF.get(key(m["wd"])) if m["wd"] else bracketed_weekday(ctx, m.start("sp"))
    if m["ry"]:
        try:
            day_ = dt.date(relative_year(m["ry"], ctx), month, day)
        except ValueError:
            return None
        return Value(day_.isoformat(), "day", "relative")
    if year is not None:
        try:
            return Value(dt.date(year, month, day).isoformat(), "day", "absolute")
        except ValueError:
            return None
    if day > LEAP_MONTH_DAYS[month]:  # (month is 1-12 here)
        return None
    start, end = m.span("sp")
    return year_less_day(ctx, start, end, month, day, weekday)


def day_in_list(m: re.Match[str], ctx: Context) -> Value | None:
    """`20` of `на 20 и 22 май`: the month (and year) of the last day of the list."""
    day, month = day_number(m["d"]), month_number(m["m"])
    if day is None or month is None or not 1 <= month <= 12 or day > LEAP_MONTH_DAYS[month]:
        return None
    year = year_of(m["y"])
    if year is not None:
        try:
            return Value(dt.date(year, month, day).isoformat(), "day", "absolute")
        except ValueError:
            return None
    # the tense of the whole list, up to its month (`на 1, 2 и 3 март`: one year for all)
    return year_less_day(ctx, m.start("sp"), m.end("m"), month, day)


def numeric(m: re.Match[str], ctx: Context) -> Value | None:
    day, month = day_number(m["d"]), month_number(m["m"])
    if day is None or month is None or not 1 <= month <= 12:
        return None
    raw_year = m.groupdict().get("y")
    if raw_year is None:
        if day > LEAP_MONTH_DAYS[month]:  # (month is 1-12 here)
            return None
        start, end = m.span("sp")
        return year_less_day(ctx, start, end, month, day)
    year = int(raw_year)
    if len(raw_year) == 2:
        year += 2000 if year <= ctx.ref.day.year % 100 + 1 else 1900
    try:
        return Value(dt.date(year, month, day).isoformat(), "day", "absolute")
    except ValueError:
        return None


def iso_date(m: re.Match[str], ctx: Context) -> Value | None:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return Value(day.isoformat(), "day", "absolute")


def relative_year(text: str, ctx: Context) -> int:
    """The year of `миналата година`, `т.г.`, `м.г.`, `догодина`."""
    form = key(text).replace(" ", "")
    if form.startswith("т.г"):
        return ctx.ref.day.year
    if form.startswith("м.г"):
        return ctx.ref.day.year - 1
    if form in REL_FIXED:  # догодина, лани
        return ctx.ref.day.year + REL_FIXED[form][1]
    return ctx.ref.day.year + REL_MOD[key(text).split()[0]]


def month_year(m: re.Match[str], ctx: Context) -> Value | None:
    month = month_number(m["m"])
    if month is None:
        return None
    if m["ry"]:
        return Value(f"{relative_year(m['ry'], ctx):04d}-{month:02d}", "month", "relative")
    year = year_of(m["y"])
    if year is None:
        return None
    return Value(f"{year:04d}-{month:02d}", "month", "absolute")


def _named(m: re.Match[str], group: str, ctx: Context) -> bool:
    """A month word with a capital inside a sentence is a name, not the month (`треньорът на
    Септември`, a club): Bulgarian writes months in lower case."""
    start, end = m.span(group)
    word = ctx.text[start:end]
    return word[:1].isupper() and word[1:2].islower() and ctx.text[:start].strip() != ""


def bare_month(m: re.Match[str], ctx: Context) -> Value | None:
    if m["relative_span"] is not None:  # `миналия ноември`, `следващия март`
        month = month_number(m["m2"])
        if month is None:
            return None
        cands = month_candidates(ctx, month)
        return Value(relative_pick(ctx, REL_MOD[key(m["rel"])], cands), "month", "relative")
    month = month_number(m["m"])
    if month is None or _named(m, "m", ctx):
        return None
    start, end = m.span("sp")
    # `сметките за декември ще бъдат платени до …`: the month a payment, a bill or a figure is
    # for is the nearest one, whatever the tense of its paying or reporting
    cands = month_candidates(ctx, month)
    if _FOR_BEFORE_RE.search(ctx.lower, max(0, start - 4), start):
        value, res = choose(ctx, start, end, cands, None)
    else:
        value, res = choose(ctx, start, end, cands)
    return Value(value, "month", res)


def month_in_list(m: re.Match[str], ctx: Context) -> Value | None:
    """`за юли и август`: a month after `и` / `или` right after another month."""
    before = ctx.lower[max(0, m.start("conj") - 12) : m.start("conj")].rstrip(" ,")
    if _MONTH_NAME_RE.search(before + " ", max(0, len(before) - 10)) is None:
        return None
    month = month_number(m["m"])
    if month is None:
        return None
    start, end = m.span("sp")
    value, res = choose(ctx, start, end, month_candidates(ctx, month))
    return Value(value, "month", res)


def year_with_word(m: re.Match[str], ctx: Context) -> Value | None:
    year = year_of(m["y"])
    if year is None:
        return None
    return Value(f"{year:04d}", "year", "absolute")


def bare_year(m: re.Match[str], ctx: Context) -> Value | None:
    year = year_of(m["y"])
    if year is None or not 1900 <= year <= 2100:
        return None
    if key(m["pre"]) not in ("през", "между", "©") and not m["pre"].lower().endswith("на"):
        rest = ctx.text[m.end("sp") :].lstrip()
        if rest and rest[0].isalnum():
            word = TOKEN_RE.match(rest)
            if word is None or key(word.group()) not in AFTER_BARE_YEAR:
                return None
    return Value(f"{year:04d}", "year", "absolute")


def year_interval(m: re.Match[str], ctx: Context) -> Value | None:
    y1, y2 = year_of(m["y1"]), year_of(m["y2"])
    if m["y2s"] is not None:
        # `сезон 2025/26`, `2025-26`: a season or school year, the next year in two digits
        if y1 is None or m["pre"] or int(m["y2s"]) != (y1 + 1) % 100:
            return None
        before = TOKEN_RE.findall(ctx.lower, max(0, m.start("sp") - 20), m.start("sp"))
        if not m["suf"] and not (before and before[-1] in YEAR_PAIR_NOUNS):
            return None  # `дело 2025/26`: a number
        return Value(f"{y1:04d}/{y1 + 1:04d}", "interval", "absolute")
    if y1 is None or y2 is None or y2 <= y1 or y2 - y1 > 200:
        return None
    pre, sep = key(m["pre"] or ""), key(m["sep"])
    if not pre and sep not in ("-", "–", "—", "/"):
        return None
    # `от 1877-1878 г.` (from the war of those years): `от` before a dash interval
    if (pre == "от" and sep in ("и", "/")) or (pre == "между" and sep not in ("и", "-", "–", "—")):
        return None
    if not pre and sep == "/" and y2 != y1 + 1:
        return None
    if not m["suf"] and not pre and (y1 < 1900 or y2 > 2100):
        return None
    return Value(f"{y1:04d}/{y2:04d}", "interval", "absolute")


def day_interval(m: re.Match[str], ctx: Context) -> Value | None:
    d1, d2 = day_number(m["d1"]), day_number(m["d2"])
    groups = m.groupdict()
    m2 = month_number(m["m2"]) if groups.get("m2") else month_number(m["m"])
    m1 = month_number(m["m1"]) if groups.get("m1") else m2
    if None in (d1, d2, m1, m2):
        return None
    assert d1 is not None and d2 is not None and m1 is not None and m2 is not None
    pre, sep = key(groups.get("pre") or ""), key(groups.get("sep") or "-")
    if (pre == "между" and sep != "и") or (pre == "от" and sep != "до"):
        return None
    y2 = year_of(groups.get("y2") or groups.get("y"))
    y1 = year_of(groups.get("y1")) or y2
    if y1 is not None and y2 is not None:
        res = "absolute"
    else:
        start, end = m.span("sp")
        first = year_less_day(ctx, start, end, m1, d1)
        if first is None:
            return None
        y1 = int(first.value[:4])
        y2 = y1 + 1 if (m2, d2) < (m1, d1) else y1
        res = first.resolution
    try:
        a, b = dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    except ValueError:
        return None
    if b <= a:
        return None
    return Value(f"{a.isoformat()}/{b.isoformat()}", "interval", res)


def day_range_month_elsewhere(m: re.Match[str], ctx: Context) -> Value | None:
    """`между 20-22 … до края на септември`: the days of the one month the sentence names."""
    d1, d2 = int(m["d1"]), int(m["d2"])
    if d2 <= d1:
        return None
    months = {MONTH_OF[key(found.group())] for found in _MONTH_NAME_RE.finditer(ctx.lower)}
    if len(months) != 1:
        return None
    (month,) = months
    if d2 > LEAP_MONTH_DAYS[month]:
        return None
    start, end = m.span("sp")
    first = year_less_day(ctx, start, end, month, d1)
    if first is None:
        return None
    year = int(first.value[:4])
    try:
        a, b = dt.date(year, month, d1), dt.date(year, month, d2)
    except ValueError:
        return None
    return Value(f"{a.isoformat()}/{b.isoformat()}", "interval", first.resolution)


def month_interval(m: re.Match[str], ctx: Context) -> Value | None:
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    if m1 is None or m2 is None or (m1 == m2 and not (m["y1"] and m["y2"])):
        return None
    pre, sep = key(m["pre"] or ""), key(m["sep"]) if m["sep"] else " "
    if sep == " " and (pre or m2 < m1 or m["y1"]):  # `октомври декември 2017 г.`: a missing dash
        return None
    if not pre and sep not in ("-", "–", "—", " "):
        return None
    if (pre == "от" and sep != "до") or (pre == "между" and sep != "и"):
        return None
    y2 = year_of(m["y2"])
    y1 = year_of(m["y1"])
    if y2 is not None:
        y1 = y1 or (y2 - 1 if m2 < m1 else y2)
        res = "absolute"
    elif y1 is not None:
        y2 = y1 + 1 if m2 < m1 else y1
        res = "absolute"
    else:
        start, end = m.span("sp")
        first, res = choose(ctx, start, end, month_candidates(ctx, m1))
        y1 = int(first[:4])
        y2 = y1 + 1 if m2 < m1 else y1
    if (y2, m2) <= (y1, m1):
        return None
    return Value(f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", "interval", res)


_CENTURY_REL_RE = re.compile(rf"{trie_pattern(REL_MOD)}(?=\s)")  # `миналия век`
_CENTURY_WORD_RE = re.compile(r"\s*(?:века?|в)$")


def century_number(text: str, ctx: Context) -> tuple[int, str] | None:
    """(value, resolution) of a century expression: `XX век` -> 19, `миналия век` -> ref-1."""
    form = key(text)
    if form.startswith("нов"):  # `новия век`: the one begun or about to begin
        year = ctx.ref.day.year
        return (year // 100 + 1 if year % 100 >= 90 else year // 100), "relative"
    rel = _CENTURY_REL_RE.match(form)
    if rel:
        return ctx.ref.day.year // 100 + REL_MOD[key(rel.group())], "relative"
    word = _CENTURY_WORD_RE.sub("", form)
    number: int | None
    if word in ORDINAL_OF:
        number = ORDINAL_OF[word]
    elif digits := DIGITS_RE.match(word):
        number = int(digits.group())
    else:
        number = roman_number(word)
    if number is None or not 1 <= number <= 22:
        return None
    return number - 1, "absolute"


# `II век пр.н.е.`, `V в. преди Христа` (`dates_before_era.tsv`): before the era, outside
# what the values express
_BEFORE_ERA_RE = re.compile(r"\s*" + trie_pattern(form.lower() for form in BEFORE_ERA) + r"(?!\w)")


def century(m: re.Match[str], ctx: Context) -> Value | None:
    if _BEFORE_ERA_RE.match(ctx.lower, m.end("sp")):
        return None
    found = century_number(m["sp"], ctx)
    if found is None:
        return None
    return Value(f"{found[0]:02d}", "century", found[1])


def decade(m: re.Match[str], ctx: Context) -> Value | None:
    if m["w"]:
        decade = DECADE_WORD[key(m["w"])]
        century = None
    else:
        decade = int(m["dd"])
        century = int(m["c"]) if m["c"] else None
    res = "absolute"
    if m["cref"]:
        found = century_number(m["cref"], ctx)
        if found is None:
            return None
        century, res = found
    if century is None:
        century = 20 if 2000 + decade * 10 <= ctx.ref.day.year else 19
    return Value(f"{century:02d}{decade}", "decade", res)


def quarter(m: re.Match[str], ctx: Context) -> Value | None:
    if m["half"]:
        if not (m["y"] or m["rel"] or m["cur"]):
            return None
        letter, number, top = "H", 1 if key(m["half"]).startswith("първ") else 2, 2
    else:
        raw = PERIOD_ORDINAL.get(key(m["o"]))
        if raw is None:
            return None
        letter = "Q" if key(m["u"]).startswith("тримес") else "H"
        top = 4 if letter == "Q" else 2
        number = 0 if raw == "last" else int(raw)
        if number > top:
            return None
    size = 3 if letter == "Q" else 6
    precision = "quarter" if letter == "Q" else "half"
    year = year_of(m["y"])
    if number == 0 and (year is not None or m["rel"] or m["cur"]):
        # `последното тримесечие на годината / на 2025 г.`: the last one of that year
        number = top
    if year is not None and number:
        return Value(f"{year:04d}-{letter}{number}", precision, "absolute")
    if m["rel"] or m["cur"]:
        offset = REL_MOD[key(m["rel"])] if m["rel"] else 0
        if number:
            return Value(f"{ctx.ref.day.year + offset:04d}-{letter}{number}", precision, "relative")
    if number == 0:  # последното тримесечие: the last complete one
        y, mo = add_months(ctx.ref_start.year, ctx.ref_start.month, -size)
        return Value(f"{y:04d}-{letter}{(mo - 1) // size + 1}", precision, "relative")
    cands = []
    for y in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2):
        value = f"{y:04d}-{letter}{number}"
        first, last = value_range(value)
        assert first is not None and last is not None
        cands.append((value, first, last))
    start, end = m.span("sp")
    value, res = choose(ctx, start, end, cands)
    return Value(value, precision, res)


def season(m: re.Match[str], ctx: Context) -> Value | None:
    season = SEASON_OF[key(m["s"])]
    year = year_of(m["y"])
    if year is not None:
        return Value(f"{year:04d}-{season}", "season", "absolute")
    adjective = m["adj"] is not None and key(m["adj"]) not in NOT_ADJECTIVES
    if m["adj"] is not None and not adjective:
        return None
    # a bare season is a date when a preposition, a relative word or an adjective comes
    # before it (`през лятото`, `миналото лято`, `след мека зима`) or it is definite
    # (`лятото ще бъде силно`); not an indefinite word alone (`„Лято на брега“`)
    if not (m["pre"] or m["rel"] or adjective or key(m["s"]) in DEFINITE_SEASONS):
        return None
    cands = []
    for y in range(ctx.ref.day.year - 2, ctx.ref.day.year + 2):
        first, last = season_range(y, season)
        cands.append((f"{y:04d}-{season}", first, last))
    if m["rel"]:
        return Value(relative_pick(ctx, REL_MOD[key(m["rel"])], cands), "season", "relative")
    start, end = m.span("sp")
    tense = ctx.tense(start, end)
    if tense is None and m["pre"] and key(m["pre"]) == "след":
        # `след мека зима посевите са …`: after a season and nothing planned, it is over
        before = [c for c in cands if c[2] < ctx.ref_start]
        return Value(before[-1][0], "season", "year_inferred_past")
    value, res = choose(ctx, start, end, cands, tense)
    return Value(value, "season", res)


def relative_adjective(m: re.Match[str], ctx: Context) -> Value | None:
    """`днешното заседание`, `вчерашния мач`, `утрешния протест`: that day; not `днешна
    България`, `в днешно време` (our time, `dates_present_nouns.tsv`)."""
    offset = REL_ADJECTIVE[key(m["stem"])]
    if offset == 0:
        nxt = TOKEN_RE.search(ctx.text, m.end("sp"))
        if nxt is not None and nxt.start() - m.end("sp") <= 1:
            word = nxt.group()
            if word[0].isupper() or key(word) in PRESENT_NOUNS:
                return None
    return unit_value(ctx, "day", offset)


def relative(m: re.Match[str], ctx: Context) -> Value | None:
    unit, offset = REL_FIXED[key(m["sp"])]
    return unit_value(ctx, unit, offset)


def relative_period(m: re.Match[str], ctx: Context) -> Value | None:
    unit = PERIOD_NOUN[key(m["u"])]
    if m["adj"] is not None and PERIOD_ADJECTIVE[key(m["adj"])] != unit:
        return None  # (`миналата календарна седмица`: not an adjective of that period)
    return unit_value(ctx, unit, REL_MOD[key(m["rel"])])


def current_period(m: re.Match[str], ctx: Context) -> Value | None:
    val = unit_value(ctx, CURRENT_PERIOD[key(m["u"])], 0)
    if val is None:
        return None
    return val._replace(modifier=PART_OF[key(m["part"])])


def weekday(m: re.Match[str], ctx: Context) -> Value | None:
    weekday = WEEKDAY_OF[key(m["wd"])]
    month = month_reference(ctx)
    if month is not None:
        return month
    ref = ctx.ref.day
    offset = REL_MOD[key(m["rel"])] if m["rel"] else 0
    if m["wrel"]:  # `четвъртък миналата седмица`: that day of that week
        offset = REL_MOD[key(m["wrel"])]
        anchor = ref + dt.timedelta(days=7 * offset)
        day = anchor + dt.timedelta(days=weekday - anchor.isoweekday())
        return Value(day.isoformat(), "day", "relative")
    if offset:
        anchor = ref + dt.timedelta(days=7 * offset)
        day = anchor + dt.timedelta(days=weekday - anchor.isoweekday())
        return Value(day.isoformat(), "day", "relative")
    start, end = m.span("sp")
    if _FOR_WEEKDAY_BEFORE_RE.search(ctx.lower, max(0, start - 24), start):
        # `прогноза за събота`, `жълт код за събота и неделя`: the day a forecast, a warning or
        # a plan is for, this one or the next, whatever the tense of its issuing
        ahead = (weekday - ref.isoweekday()) % 7
        return Value((ref + dt.timedelta(days=ahead)).isoformat(), "day", "relative")
    tense = ctx.tense(start, end)
    back = (ref.isoweekday() - weekday) % 7
    ahead = (weekday - ref.isoweekday()) % 7 or 7
    if tense == "past" or (tense is None and back <= ahead):
        day = ref - dt.timedelta(days=back)
    else:
        day = ref + dt.timedelta(days=ahead)
    return Value(day.isoformat(), "day", "relative")


def weekend(m: re.Match[str], ctx: Context) -> Value | None:
    if m["rel"]:
        return unit_value(ctx, "weekend", REL_MOD[key(m["rel"])])
    month = month_reference(ctx)
    if month is not None:
        return month
    cands = []
    for k in (-1, 0, 1):
        value = week_value(ctx.ref.day + dt.timedelta(days=7 * k)) + "-WE"
        first, last = value_range(value)
        assert first is not None and last is not None
        cands.append((value, first, last))
    start, end = m.span("sp")
    value, _ = choose(ctx, start, end, cands)
    return Value(value, "week", "relative")


def offset(m: re.Match[str], ctx: Context) -> Value | None:
    unit, number = UNIT_OF[key(m["u"])]
    direction = 1 if key(m["dir"]) == "след" else -1
    if m["n"] is None:
        if number == "pl" and direction < 0:  # `преди дни`, `преди минути`
            return Value("PAST_REF", "vague", "relative")
        if number != "sg":
            return None
        n: float | str | None = 1.0
    else:
        n = count(m["n"])
    if n is None:
        return None
    after = TOKEN_RE.match(ctx.text, m.end("sp") + 1) if m.end("sp") < len(ctx.text) else None
    if direction > 0 and after is not None and key(after.group()) in OFFSET_NOUNS:
        return None  # `след осем години затвор`: a duration, not a date
    if n == "X":
        return Value("PAST_REF" if direction < 0 else "FUTURE_REF", "vague", "relative")
    assert isinstance(n, float)
    if n <= 0 or n > 1000:
        return None
    return offset_value(ctx, direction, n, unit)


_DURATION_UNIT = {"D": "D", "W": "W", "M": "M", "Y": "Y", "H": "H"}
# a preposition before a bare number with `г.` that makes it a two-digit year (`през 98 г.`)
_YEAR_ABBR_BEFORE_RE = re.compile(r"(?:^|\s)(?:през|в|във)\s*$")


def number_text(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration_value(n: float | str, unit: str) -> Value:
    """`P3Y`, `PT30M`, `PT5S`, `PXM` …: a fraction goes down to a smaller unit (a month is
    30 days), a quarter is three months, a decade ten years, a century a hundred."""
    if n == "X":
        code = {"DE": "DE", "CE": "CE", "MIN": "M", "Q": "M"}.get(unit, unit)
        prefix = "PT" if unit in ("MIN", "S") else "P"
        return Value(f"{prefix}X{code}", "duration", "relative", kind="duration")
    assert isinstance(n, float)
    if unit == "DE":
        unit, n = "Y", n * 10
    elif unit == "CE":
        unit, n = "Y", n * 100
    elif unit == "Q":
        unit, n = "M", n * 3
    if not n.is_integer():
        if unit == "Y":
            unit, n = "M", n * 12
        if unit == "M" and not n.is_integer():
            unit, n = "D", n * 30
        elif unit == "H":
            unit, n = "MIN", n * 60
        elif unit == "MIN":
            unit, n = "S", n * 60
        elif unit == "D":
            unit, n = "H", n * 24
        elif unit == "W":
            unit, n = "D", n * 7
    if unit in ("MIN", "S"):
        value = f"PT{number_text(n)}{'M' if unit == 'MIN' else 'S'}"
    else:
        value = f"P{number_text(n)}{_DURATION_UNIT[unit]}"
    return Value(value, "duration", "relative", kind="duration")


def duration(m: re.Match[str], ctx: Context) -> Value | None:
    if m["u2"]:
        unit, _ = UNIT_OF[key(m["u2"])]
        n: float | str | None = 1.5
    else:
        unit, _ = UNIT_OF[key(m["u"])]
        n = count(m["n"] or m["nw"])
        if n is not None and n != "X" and m["half_w"]:
            assert isinstance(n, float)
            n += 0.5
        if key(m["u"]) == "г":  # `до 3 г.`, but not the year `през 98 г.`
            start = m.start("sp")
            if not isinstance(n, float) or n > 30 or m["nw"] or not m["dot"]:
                return None
            if _YEAR_ABBR_BEFORE_RE.search(ctx.text, max(0, start - 8), start):
                return None
    if n is None:
        return None
    if isinstance(n, float) and (n <= 0 or (unit == "Y" and n > 200)):
        return None
    return duration_value(n, unit)


def _clock_time_value(ctx: Context, hour: int, minute: int, precision: str) -> Value:
    """A clock time on the publication day (with a month reference: the clock alone, its
    range the month)."""
    clock = f"T{hour:02d}:{minute:02d}"
    if ctx.ref.precision == "month":
        return Value(
            clock,
            precision,
            "publication",
            kind="time",
            range_start=ctx.ref_start,
            range_end=ctx.ref_end,
            has_range=True,
        )
    return Value(ctx.ref.day.isoformat() + clock, precision, "publication", kind="time")


def time_range(m: re.Match[str], ctx: Context) -> Value | None:
    """`от 15 до 17 часа`: the first or (rule `time_range_end`) the second clock time of a
    span whose unit is written once; `от` goes with `до`, `между` with `и`."""
    if (key(m["pre"]), key(m["sep"])) not in (("от", "до"), ("между", "и")):
        return None
    h1, h2 = int(m["h"]), int(m["h2"])
    m1, m2 = int(m["mi"] or 0), int(m["mi2"] or 0)
    if not (h1, m1) < (h2, m2) <= (24, 0):
        return None
    second = "sp2" not in m.re.groupindex  # (rule `time_range_end`: `sp` is the second)
    hour, minute, written = (h2, m2, m["mi2"]) if second else (h1, m1, m["mi"])
    return _clock_time_value(ctx, hour, minute, "minute" if written else "hour")


def clock_time(m: re.Match[str], ctx: Context) -> Value | None:
    pre = key(m["pre"] or "")
    hour = int(m["h"])
    minute = int(m["mi"]) if m["mi"] else 0
    if m["tsep"] == "," and not m["suf"]:
        return None  # `10,30 ч.` is a time; `10,30` alone a number
    if m["mi"] is None and not m["dp"]:
        # `в 10 ч.`, `до 22 ч.`; but `до 24 часа` is a duration
        suffix = key(m["suf"] or "")
        if not suffix or pre not in ("в", "във", "около", "към", "от", "до"):
            return None
        if suffix == "часа" and pre not in ("в", "във", "около", "към"):
            return None
    if m["mi"] is not None and not (pre or m["suf"] or m["dp"]):
        # a bare `20:47` only as the timestamp opening a text
        start = m.start("sp")
        if ctx.text[:start].strip() or ctx.text[start + len(m["h"])] != ":":
            return None
    if m["dp"] and not (m["suf"] or m["mi"] or pre):
        return None
    if hour > 24 or (hour == 24 and not m["mi"]):
        return None
    if m["dp"] and hour < 12:
        hour += DAY_PART_SHIFT.get(key(m["dp"]), 0)
    return _clock_time_value(ctx, hour, minute, "minute" if m["mi"] else "hour")


def time_words(m: re.Match[str], ctx: Context) -> Value | None:
    hour, minute = count(m["hw"]), count(m["mw"]) if m["mw"] else 0.0
    if not isinstance(hour, float) or not isinstance(minute, float):
        return None
    if not (hour.is_integer() and minute.is_integer() and 0 <= hour <= 24 and minute < 60):
        return None
    h = int(hour) + (DAY_PART_SHIFT.get(key(m["dp"]), 0) if m["dp"] and hour < 12 else 0)
    return _clock_time_value(ctx, h, int(minute), "minute" if m["mw"] else "hour")


# `в момента на вземане на решението` (the moment of an act), discourse `Сега ако …`
_VAGUE_NOT_BEFORE_RE = re.compile(r"\s+(?:на\s+\w+(?:не|ние|нето|нето)(?!\w)|ако(?!\w))")


def vague(m: re.Match[str], ctx: Context) -> Value | None:
    form = key(m["sp"])
    value = VAGUE[form]
    if form in ("в момента", "сега") and _VAGUE_NOT_BEFORE_RE.match(ctx.lower, m.end("sp")):
        return None
    return Value(value, "vague", "publication" if value == "PRESENT_REF" else "relative")


def set_of_times(m: re.Match[str], ctx: Context) -> Value | None:
    return Value(SETS[key(m["sp"])], "set", "relative", kind="set")


def holiday(m: re.Match[str], ctx: Context) -> Value | None:
    rule, month, day = HOLIDAYS[key(m["hol"])]
    western = rule == "easter" and ctx.western()

    def on(year: int) -> dt.date:
        if rule == "easter":
            easter = western_easter(year) if western else orthodox_easter(year)
            return easter + dt.timedelta(days=day)
        return dt.date(year, month, day)

    year = year_of(m["y"])
    if year is not None:
        return Value(on(year).isoformat(), "day", "absolute")
    cands = [
        (on(y).isoformat(), on(y), on(y)) for y in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2)
    ]
    start, end = m.span("sp")
    value, res = choose(ctx, start, end, cands)
    return Value(value, "day", res)


def year_words(m: re.Match[str], ctx: Context) -> Value | None:
    year = year_in_words(m["sp"])
    return None if year is None else Value(f"{year:04d}", "year", "absolute")


def new_year(m: re.Match[str], ctx: Context) -> Value | None:
    year = ctx.ref.day.year + (0 if ctx.ref.day.month <= 2 else 1)
    return Value(f"{year:04d}", "year", "relative")


# --------------------------------------------------------------------------- durations in words
ADJECTIVE_PREFIX: dict[str, float] = {
    f: float(v) for f, v in NUMBER_OF.items() if " " not in f and v.isdigit() and f != "един"
}
ADJECTIVE_PREFIX |= {"дву": 2.0, "полу": 0.5}
ADJECTIVE_UNIT = {
    "годиш": "Y",
    "месеч": "M",
    "седмич": "W",
    "днев": "D",
    "часов": "H",
    "минут": "MIN",
}
_ADJ_SKIP = frozenset({"и", "или", "ѝ", "й", "си", "му", "им", "по"})
_ADJ_ENDINGS = ("ен", "на", "но", "ни", "ния", "ният", "ната", "ното", "ните", "ски", "ска", "ско")


def duration_adjective(m: re.Match[str], ctx: Context) -> Value | None:
    """`двегодишен договор`, `46-годишен брак`, `тридневното посещение`: a duration when the
    noun it qualifies is one of `lexicons/dates_duration_nouns.tsv` (not `46-годишният мъж`)."""
    n = float(m["n"]) if m["n"] else ADJECTIVE_PREFIX.get(key(m["nw"]))
    if n is None or n <= 0:
        return None
    for position, word in enumerate(TOKEN_RE.finditer(ctx.text, m.end("sp"))):
        token = word.group().lower()
        if token.startswith(DURATION_NOUN_STEMS):
            return duration_value(n, ADJECTIVE_UNIT[key(m["u"])])
        if position >= 5 or not (token in _ADJ_SKIP or token.endswith(_ADJ_ENDINGS)):
            return None
    return None


_NA_AFTER_RE = re.compile(r"\s+на(?!\w)")


def last_next(m: re.Match[str], ctx: Context) -> Value | None:
    """`последните години` (PAST_REF), `следващите дни` (FUTURE_REF), `последните един до два
    месеца`; `последното денонощие` (P1D); `последната седмица` (the previous week)."""
    past = key(m["ln"]).startswith(("последн", "изминал"))
    if m["adj"] and key(m["adj"]) in NUMBER_OF:
        return None
    unit, number = UNIT_OF[key(m["u"])]
    if m["n1"] or number == "pl":
        return Value("PAST_REF" if past else "FUTURE_REF", "vague", "relative")
    if not key(m["ln"]).startswith("последн") or m["adj"]:
        return None
    if unit == "D" and key(m["u"]).startswith("денонощ"):
        return duration_value(1.0, "D")
    if _NA_AFTER_RE.match(ctx.text, m.end("sp")):  # `последната седмица на март`
        return None
    period = {"W": "week", "M": "month", "Y": "year"}.get(unit)
    return None if period is None else unit_value(ctx, period, -1)


_EARLIER_STOP = frozenset({"от", "този", "тази", "това", "тези", "през", "в", "във", "и"})


def earlier(m: re.Match[str], ctx: Context) -> Value | None:
    """Sentence adverb `По-рано` (= previously) → PAST_REF; `По-рано днес` → the day.

    Only at the start of a sentence or before a past verb (`по-рано заяви`): a comparative
    (`може да стане и по-рано`, `по-рано от очакваното`) is not a date."""
    if m["day"]:
        return unit_value(ctx, "day", 0)
    start = m.start("sp")
    before = ctx.text[:start].rstrip()
    nxt = TOKEN_RE.search(ctx.text, m.end("sp"))
    if nxt is not None and nxt.group().lower() in _EARLIER_STOP:
        return None
    if not before or before[-1] in '.!?"„“”»:;—–-':
        return Value("PAST_REF", "vague", "relative")
    glued = nxt is not None and nxt.start() - m.end("sp") <= 1
    if glued and nxt is not None and CUE_FAST["past"].fullmatch(nxt.group().lower()):
        return Value("PAST_REF", "vague", "relative")
    return None


_DETERMINER_ENDINGS = (
    "ия",
    "ият",
    "ата",
    "ото",
    "ите",
    "този",
    "тази",
    "всеки",
    "всяка",
    "цял",
    "цяла",
)


def bare_unit(m: re.Match[str], ctx: Context) -> Value | None:
    """A unit with no number: `седмица след решението`, `месец по-късно`, `с 12% за година`,
    `в продължение на година`, `от век`, or a text that is only the unit (`месец`) → P1…"""
    unit, number = UNIT_OF[key(m["u"])]
    if number != "sg":
        return None
    start, end = m.span("sp")
    rest = ctx.text[end:]
    if m["post"]:
        after = TOKEN_RE.match(rest, len(m["post"]) + 1) if len(rest) > len(m["post"]) else None
        if after is not None and key(after.group()) == key(m["u"]):
            return None  # `ден след ден`
    elif m["pre"]:
        nxt = TOKEN_RE.search(rest)
        if nxt is not None and nxt.start() <= 1:
            word = nxt.group().lower()
            if word in ("на", "до", "и") or word in MONTH_OF or word[0].isdigit():
                return None
    elif ctx.text.strip().lower() != m["u"].lower():
        return None
    before = ctx.text[max(0, start - 20) : start].split()
    if not m["pre"] and before and before[-1].lower().endswith(_DETERMINER_ENDINGS):
        return None  # `в първия ден след …`, `последния месец преди …`
    return duration_value(1.0, unit)


def month_day_year(m: re.Match[str], ctx: Context) -> Value | None:
    """`април 14, 2015` (the English order)."""
    month, year = month_number(m["m"]), year_of(m["y"])
    if month is None or year is None:
        return None
    try:
        return Value(dt.date(year, month, int(m["d"])).isoformat(), "day", "absolute")
    except ValueError:
        return None


def ordinal_day(m: re.Match[str], ctx: Context) -> Value | None:
    """`на петнадесети` with no month: that day of the reference month or a month next to it
    (chosen like a year-less date)."""
    month_ref = month_reference(ctx)
    if month_ref is not None:
        return month_ref
    day = ORDINAL_OF[key(m["d"])]
    cands = []
    for delta in (-1, 0, 1):
        y, mo = add_months(ctx.ref.day.year, ctx.ref.day.month, delta)
        if day <= calendar.monthrange(y, mo)[1]:
            d = dt.date(y, mo, day)
            cands.append((d.isoformat(), d, d))
    start, end = m.span("sp")
    value, res = choose(ctx, start, end, cands)
    return Value(value, "day", res)


def first_last_count(m: re.Match[str], ctx: Context) -> Value | None:
    """`първите два дни на годината` → the interval of those days; `последните три месеца на
    2025 г.` → of those months."""
    n = count(m["n"])
    if not isinstance(n, float) or not n.is_integer() or n < 1:
        return None
    first = key(m["fl"]) == "първите"
    months = key(m["u"]) == "месеца"
    ref = ctx.ref.day
    res = "absolute"
    if m["cur"]:
        res = "relative"
        year_of_period, month_of_period = ref.year, (ref.month if key(m["cur"]) == "месеца" else 0)
    elif m["y"]:
        year_ = year_of(m["y"])
        if year_ is None:
            return None
        year_of_period, month_of_period = year_, 0
    else:
        month_ = month_number(m["m"])
        if month_ is None:
            return None
        year_ = year_of(m["my"])
        if year_ is None:
            start, end = m.span("sp")
            value, res = choose(ctx, start, end, month_candidates(ctx, month_))
            year_ = int(value[:4])
        year_of_period, month_of_period = year_, month_
    k = int(n)
    if months:
        if month_of_period or k > 12:  # months of a month: no
            return None
        lo, hi = (1, k) if first else (13 - k, 12)
        return Value(
            f"{year_of_period:04d}-{lo:02d}/{year_of_period:04d}-{hi:02d}", "interval", res
        )
    if month_of_period:
        period_start = dt.date(year_of_period, month_of_period, 1)
        period_end = last_day(year_of_period, month_of_period)
    else:
        period_start, period_end = dt.date(year_of_period, 1, 1), dt.date(year_of_period, 12, 31)
    if k > (period_end - period_start).days:
        return None
    if first:
        a, b = period_start, period_start + dt.timedelta(days=k - 1)
    else:
        a, b = period_end - dt.timedelta(days=k - 1), period_end
    return Value(f"{a.isoformat()}/{b.isoformat()}", "interval", res)


def this_year(m: re.Match[str], ctx: Context) -> Value | None:
    """`за годината`, `през годината`: the current year."""
    return unit_value(ctx, "year", 0)
