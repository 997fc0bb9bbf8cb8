"""The date lexicons (`lexicons/dates_*.tsv`) as lookup tables keyed by `key(form)`, and the
readers of the forms they list (a count, a day, a month, a year in words).

Every table is read through the shared loader (`pipeline.extract.lexicon.load_table`); the
number words and ordinals come from the shared numeral tables (`numerals_*.tsv`).
"""

from __future__ import annotations

import functools
import re

from pipeline.extract import lexicon
from pipeline.extract.dates.calendar import roman_number
from pipeline.extract.numerals import parse_number


def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `lexicons/dates_<name>.tsv`."""
    return lexicon.load_table(f"dates_{name}")


@functools.lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Lookup key of a matched form: lower case, single spaces, no trailing dot."""
    return " ".join(text.lower().split()).rstrip(".")


MONTHS = table("months")
MONTH_OF: dict[str, int] = {key(r["form"]): int(r["month"]) for r in MONTHS}
MONTH_FULL_FORMS = [r["form"] for r in MONTHS if r["type"] == "full"]
MONTH_FULL_KEYS = frozenset(key(form) for form in MONTH_FULL_FORMS)
MONTH_ABBR_FORMS = [r["form"] for r in MONTHS if r["type"] == "abbr"]
WEEKDAYS = table("weekdays")
WEEKDAY_OF: dict[str, int] = {key(r["form"]): int(r["weekday"]) for r in WEEKDAYS}
# unit code (D W M Y H MIN S DE CE Q) and number (sg, pl, abbr) of each unit form
UNIT_OF: dict[str, tuple[str, str]] = {
    key(r["form"]): (r["unit"], r["number"]) for r in table("units")
}
# the units that alone, with no number, can be a duration (`седмица след решението`)
BARE_UNITS = [r["form"] for r in table("units") if r["bare"] == "yes"]
REL_MOD: dict[str, int] = {key(r["form"]): int(r["offset"]) for r in table("relative_modifiers")}
REL_FIXED: dict[str, tuple[str, int]] = {
    key(r["form"]): (r["unit"], int(r["offset"])) for r in table("relative")
}
PERIOD_NOUN: dict[str, str] = {key(r["form"]): r["unit"] for r in table("period_nouns")}
# adjectives that may stand between a relative word and a period noun of their unit
# (`миналия отоплителен сезон`, `следващата календарна година`)
PERIOD_ADJECTIVE: dict[str, str] = {key(r["form"]): r["unit"] for r in table("period_adjectives")}
# words right before a year with the next one in two digits (`сезон 2025/26`, `учебната
# 2025/26`) that make it a season or a school year, not a number (`дело 2025/26`)
YEAR_PAIR_NOUNS = frozenset(key(r["form"]) for r in table("year_pair_nouns"))
CURRENT_PERIOD: dict[str, str] = {key(r["form"]): r["unit"] for r in table("current_periods")}
PART_OF: dict[str, str] = {key(r["form"]): r["modifier"] for r in table("parts")}
SEASON_OF: dict[str, str] = {key(r["form"]): r["season"] for r in table("seasons")}
# the definite forms (`лятото`), a date alone; an indefinite one (`лято`) needs a word before
DEFINITE_SEASONS = frozenset(key(r["form"]) for r in table("seasons") if r["definite"] == "yes")
# adjectives of relative days: the stem (`вчераш`) and its offset in days
REL_ADJECTIVE: dict[str, int] = {
    key(r["stem"]): int(r["offset"]) for r in table("relative_adjectives")
}
REL_ADJECTIVE_ENDINGS = ("ен", "на", "но", "ни", "ния", "ният", "ната", "ното", "ните")
# nouns after `днешен` that make it "of our time", not the day (`днешния свят`)
PRESENT_NOUNS = frozenset(key(r["form"]) for r in table("present_nouns"))
# words after a bare day range that leave it a range of days (`между 20-22 в същия участък`)
AFTER_DAY_RANGE = [r["form"] for r in table("after_day_range")]
# words that end like an adjective but never qualify a season (`на`, `тази`, `беше`)
NOT_ADJECTIVES = frozenset(key(r["form"]) for r in table("not_adjectives"))
HOLIDAYS: dict[str, tuple[str, int, int]] = {
    key(r["form"]): (r["rule"], int(r["month"]), int(r["day_or_offset"])) for r in table("holidays")
}
VAGUE: dict[str, str] = {key(r["form"]): r["value"] for r in table("vague")}
SETS: dict[str, str] = {key(r["form"]): r["value"] for r in table("sets")}
# the number words the grammar reads as a count, from the shared table: value "X" is an
# unknown count (`няколко`)
_NUMBER_WORDS = lexicon.load_table("numerals_words")
_COUNT_WORDS = [r for r in _NUMBER_WORDS if r["dates"] == "yes"]
NUMBER_OF: dict[str, str] = {key(r["word"]): r["value"] for r in _COUNT_WORDS}
# the parts of a count in words of the shape `двадесет и пет`: a ten (or `сто`), `и`, a unit
COUNT_TENS = [key(r["word"]) for r in _COUNT_WORDS if r["kind"] in ("ten", "hundred")]
COUNT_UNITS = [key(r["word"]) for r in _COUNT_WORDS if r["kind"] == "unit"]


def _day_ordinals() -> dict[str, int]:
    """The ordinals a day of the month (or a century) is written with: the masculine form (the
    stem and `и`) of each ordinal of `numerals_ordinals.tsv` up to 31 (`първи`, `двадесети`),
    and a ten of `numerals_words.tsv` and `и` before one up to nine (`двадесет и първи`)."""
    simple = {
        row["stem"] + "и": int(row["value"])
        for row in lexicon.load_table("numerals_ordinals")
        if row["declension"] == "i" and 1 <= int(row["value"]) <= 31
    }
    tens = {r["word"]: int(r["value"]) for r in _NUMBER_WORDS if r["kind"] == "ten"}
    compound = {
        f"{ten} и {unit}": ten_value + value
        for ten, ten_value in tens.items()
        for unit, value in simple.items()
        if value <= 9 and ten_value + value <= 31
    }
    return {key(form): value for form, value in (simple | compound).items()}


ORDINAL_OF: dict[str, int] = _day_ordinals()
PERIOD_ORDINAL: dict[str, str] = {key(r["form"]): r["value"] for r in table("period_ordinals")}
DECADE_WORD: dict[str, int] = {key(r["form"]): int(r["decade"]) for r in table("decades")}
YEAR_WORD: dict[str, tuple[int, str]] = {
    key(r["form"]): (int(r["value"]), r["type"]) for r in table("year_words")
}
OFFSET_NOUNS = frozenset(key(r["form"]) for r in table("offset_nouns"))
DURATION_NOUN_STEMS = tuple(sorted(key(r["form"]) for r in table("duration_nouns")))
CUES = table("cues")
NOT_AFTER_NUMBER = [r["form"] for r in table("not_after_number")]
AFTER_BARE_YEAR = frozenset(key(r["form"]) for r in table("after_bare_year"))
BEFORE_ERA = [r["form"] for r in table("before_era")]
# hours added to a clock time below 12 said with a part of the day (`5 следобед` → 17:00)
DAY_PART_SHIFT: dict[str, int] = {key(r["form"]): int(r["hour_shift"]) for r in table("day_parts")}


# patterns the readers use, compiled once: a pattern given to `re.match` as a string is
# compiled again whenever other code (dateparser's search) has pushed it out of `re`'s cache
DIGITS_RE = re.compile(r"\d+")


@functools.lru_cache(maxsize=1024)
def count(text: str) -> float | str | None:
    """A count written with digits or words: 3, "1,5", "три", "двадесет и четири" (read by
    `numerals.parse_number`; the same few forms recur, each is read once), "няколко" -> "X"."""
    form = key(text)
    if NUMBER_OF.get(form) == "X":
        return "X"
    value = parse_number(form)
    return None if value is None else float(value)


def year_in_words(text: str) -> int | None:
    """`две хиляди двадесет и пета година` -> 2025."""
    words = key(text).replace("две хиляди", "двехиляди").split()
    total = 0
    for word in words:
        if word in ("и", "година", "годината"):
            continue
        word = word.removesuffix("та") if word not in YEAR_WORD else word
        if word == "двехиляди":
            total += 2000
        elif word in YEAR_WORD:
            total += YEAR_WORD[word][0]
        else:
            return None
    return total if 1000 <= total <= 2199 else None


def day_number(text: str) -> int | None:
    """`13`, `3-ти`, `първи` -> the day of the month."""
    form = key(text)
    if form in ORDINAL_OF:
        return ORDINAL_OF[form]
    m = DIGITS_RE.match(form)
    return int(m.group()) if m else None


def month_number(text: str) -> int | None:
    """`11`, `ноември`, `ноем.`, `XI` -> 11."""
    form = key(text)
    if form.isdigit():
        return int(form)
    if form in MONTH_OF:
        return MONTH_OF[form]
    return roman_number(form)


def year_of(text: str | None) -> int | None:
    """A year written in digits, when it is one the grammar reads (1000-2199)."""
    if not text:
        return None
    year = int(text)
    return year if 1000 <= year <= 2199 else None
