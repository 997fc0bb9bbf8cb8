"""Bulgarian date expressions: find every span and resolve it against the publication date.

A small engine over the lexicon tables in `lexicons/dates_*.tsv`: the tables are compiled into
a fixed list of regular-expression rules once, at import. `find_dates` runs each rule over one
sentence, resolves every match with plain date arithmetic (year choice from tense cues, ISO
weeks, seasons, Easter), keeps the longest non-overlapping matches and returns them sorted.

The grammar finds every span and never lets dateparser search free text. A complete
day-month-year span (`13 ноември 2019 г.`, `13.11.2019`) is then parsed by dateparser with the
publication date as `RELATIVE_BASE` (`_dateparser_day`, cached); the grammar's own `datetime`
arithmetic rejects impossible dates first (`31 февруари`) and is the fallback when dateparser
reads nothing. Everything dateparser gets wrong for Bulgarian news (the year of a year-less
date, `миналия месец`, seasons, intervals, weeks, periods) is resolved by the grammar itself.
See docs/dates.md and docs/conventions.md ("Dates").
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.extract.mentions import DateMention, Reference

__all__ = ["find_dates", "load_lexicon", "value_range"]

LEXICON_DIR = Path(__file__).with_name("lexicons")


# --------------------------------------------------------------------------- lexicons
def load_lexicon(name: str) -> list[dict[str, str]]:
    """Rows of `lexicons/dates_<name>.tsv` as dicts keyed by the header row (`#` rows skipped)."""
    path = LEXICON_DIR / f"dates_{name}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in reader]
    return [row for row in rows if not next(iter(row.values()), "").startswith("#")]


def _alt(forms: Iterable[str], word_start: bool = False) -> str:
    r"""A regex matching any of the literal forms, longest first; a space matches any whitespace.

    The forms are compiled into a trie (`дв(?:а(?:десет)?|е)`) so that a failing position is
    rejected after one or two characters, whatever the size of the lexicon.

    With `word_start`, a form matches only at a word start (as after `(?<![\w\-])`), the
    look-back placed after each first letter (`д(?<![\w\-]д)в(?:…)`): the regex then opens
    with literal letters, and the engine jumps from one of them to the next instead of
    trying the look-back at every position.
    """
    trie: dict[str, Any] = {}
    for form in forms:
        if not form:
            continue
        node = trie
        for ch in " ".join(form.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], top: bool = False) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch))
            + (rf"(?<![\w\-]{re.escape(ch)})" if top and word_start else "")
            + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie, top=True) + ")"


@functools.lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Lookup key of a matched form: lower case, single spaces, no trailing dot."""
    return " ".join(text.lower().split()).rstrip(".")


_MONTHS = load_lexicon("months")
MONTH_OF: dict[str, int] = {_key(r["form"]): int(r["month"]) for r in _MONTHS}
_MONTH_FULL = [r["form"] for r in _MONTHS if r["type"] == "full"]
_MONTH_FULL_SET = frozenset(_key(form) for form in _MONTH_FULL)
_MONTH_ABBR = [r["form"] for r in _MONTHS if r["type"] == "abbr"]
_WEEKDAYS = load_lexicon("weekdays")
WEEKDAY_OF: dict[str, int] = {_key(r["form"]): int(r["weekday"]) for r in _WEEKDAYS}
UNIT_OF: dict[str, tuple[str, str]] = {
    _key(r["form"]): (r["unit"], r["number"]) for r in load_lexicon("units")
}
REL_MOD: dict[str, int] = {
    _key(r["form"]): int(r["offset"]) for r in load_lexicon("relative_modifiers")
}
REL_FIXED: dict[str, tuple[str, int]] = {
    _key(r["form"]): (r["unit"], int(r["offset"])) for r in load_lexicon("relative")
}
PERIOD_NOUN: dict[str, str] = {_key(r["form"]): r["unit"] for r in load_lexicon("period_nouns")}
CURRENT_PERIOD: dict[str, str] = {
    _key(r["form"]): r["unit"] for r in load_lexicon("current_periods")
}
PART_OF: dict[str, str] = {_key(r["form"]): r["modifier"] for r in load_lexicon("parts")}
SEASON_OF: dict[str, str] = {_key(r["form"]): r["season"] for r in load_lexicon("seasons")}
HOLIDAYS: dict[str, tuple[str, int, int]] = {
    _key(r["form"]): (r["rule"], int(r["month"]), int(r["day_or_offset"]))
    for r in load_lexicon("holidays")
}
VAGUE: dict[str, str] = {_key(r["form"]): r["value"] for r in load_lexicon("vague")}
SETS: dict[str, str] = {_key(r["form"]): r["value"] for r in load_lexicon("sets")}
NUMBER_OF: dict[str, str] = {_key(r["form"]): r["value"] for r in load_lexicon("numbers")}
ORDINAL_OF: dict[str, int] = {_key(r["form"]): int(r["value"]) for r in load_lexicon("ordinals")}
PERIOD_ORDINAL: dict[str, str] = {
    _key(r["form"]): r["value"] for r in load_lexicon("period_ordinals")
}
DECADE_WORD: dict[str, int] = {_key(r["form"]): int(r["decade"]) for r in load_lexicon("decades")}
YEAR_WORD: dict[str, tuple[int, str]] = {
    _key(r["form"]): (int(r["value"]), r["type"]) for r in load_lexicon("year_words")
}
OFFSET_NOUNS = frozenset(_key(r["form"]) for r in load_lexicon("offset_nouns"))
DURATION_NOUN_STEMS = tuple(sorted(_key(r["form"]) for r in load_lexicon("duration_nouns")))
_CUES = load_lexicon("cues")
_NOT_AFTER_NUMBER = [r["form"] for r in load_lexicon("not_after_number")]
_AFTER_BARE_YEAR = {_key(r["form"]) for r in load_lexicon("after_bare_year")}


# --------------------------------------------------------------------------- regex pieces
_I = re.IGNORECASE
_NB = r"(?<![\w.,/:\-])"  # a number starts here: not inside a word, amount or code
_MONTH_FULL_RE = _alt(_MONTH_FULL)
_MONTH_RE = rf"(?:{_MONTH_FULL_RE}(?!\w)|{_alt(_MONTH_ABBR)}(?!\w)\.?)"
_ROMAN_MONTH_RE = r"(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I|ХII|ХI|IХ|Х)"
_DAY_NUM_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:-?(?:ви|ри|ти|ми|ия|и)(?!\w))?"
_ORD_RE = _alt(ORDINAL_OF)
_DAY_RE = rf"(?:{_NB}{_DAY_NUM_RE}(?!\d)|(?<![\w\-]){_ORD_RE}(?!\w))"
_YEAR_RE = r"(?:1\d|20|21)\d\d"
_YSUF = r"(?:-?(?:а|та)(?!\w))?(?:\s*(?:г\.|г(?!\w)|год\.|година(?:та)?(?!\w)))?"
# full weekday names, or an abbreviation with its dot (`пон.`, `нед.`)
_WD_RE = (
    rf"(?:{_alt(r['form'] for r in _WEEKDAYS if r['type'] == 'full')}(?!\w)|"
    rf"{_alt(r['form'] for r in _WEEKDAYS if r['type'] == 'abbr')}\.)"
)
_REL_RE = _alt(REL_MOD)
_CENTURY_REL_RE = re.compile(rf"{_REL_RE}(?=\s)")  # `миналия век`
# a year named relative to the reference after a date: `миналата година`, `т.г.` (this year)
_REL_YEAR_RE = rf"(?:{_REL_RE}\s+година(?!\w)|т\.\s?г\.|м\.\s?г\.|догодина(?!\w)|лани(?!\w))"
_UNIT_RE = _alt(UNIT_OF)
_NUM_SMALL = [f for f, v in NUMBER_OF.items() if v.isdigit() and 1 <= int(v) <= 9]
_NUM_TENS = [f for f, v in NUMBER_OF.items() if v.isdigit() and int(v) % 10 == 0 and int(v) >= 20]
_NUMWORD_RE = rf"(?:{_alt(_NUM_TENS)}\s+и\s+{_alt(_NUM_SMALL)}|{_alt(NUMBER_OF)})(?!\w)"
_PART_RE = _alt(PART_OF)
_YW = {
    kind: _alt(f for f, (_, t) in YEAR_WORD.items() if t == kind)
    for kind in ("thousand", "cardinal", "ordinal", "ordinal_thousand")
}
# a year written in words: `две хиляди двадесет и пета година`, `двехилядната година`
_YEAR_WORDS_RE = (
    rf"(?:{_YW['thousand']}(?:\s+(?:и\s+)?{_YW['cardinal']}(?!\w))*\s+(?:и\s+)?{_YW['ordinal']}"
    rf"|{_YW['ordinal_thousand']})(?:та)?\s+година(?:та)?(?!\w)"
)
_SEASON_RE = _alt(SEASON_OF)
_ROMAN_RE = r"[IVXХІ]{1,6}"
_CENTURY_RE = (
    rf"(?:{_ROMAN_RE}(?!\w)\s*(?:век(?:а)?(?!\w)|в\.)|\d{{1,2}}-?(?:и|ви|ри|ти|ми)?\s+век(?:а)?"
    rf"(?!\w)|{_ORD_RE}\s+век(?:а)?(?!\w))"
)
_PREP_FORMS = (
    "през",
    "във",
    "в",
    "от",
    "до",
    "за",
    "след",
    "преди",
    "около",
    "към",
    "на",
    "по време на",
)
_PREP_RE = "(?:" + "|".join(form.replace(" ", r"\s+") for form in _PREP_FORMS) + ")"
_NOT_AFTER_RE = rf"(?!\s*{_alt(_NOT_AFTER_NUMBER)}(?!\w))"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


# --------------------------------------------------------------------------- helpers
# days of each month in a leap year (index 0 unused): February's depends on the year
_LEAP_MONTH_DAYS = (0, *(calendar.monthrange(2024, month)[1] for month in range(1, 13)))


def _last_day(year: int, month: int) -> dt.date:
    if 1 <= month <= 12 and month != 2:  # the same length every year
        return dt.date(year, month, _LEAP_MONTH_DAYS[month])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def _season_range(year: int, season: str) -> tuple[dt.date, dt.date]:
    first, last = _SEASON_MONTHS[season]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), _last_day(end_year, last)


def _roman(text: str) -> int | None:
    text = text.upper().replace("Х", "X").replace("І", "I")
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(text):
        if ch not in values:
            return None
        v = values[ch]
        nxt = values.get(text[i + 1], 0) if i + 1 < len(text) else 0
        total += -v if v < nxt else v
    return total or None


_VALUE_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)(?P<we>-WE)?|"
    r"(?P<qh>[QH])(?P<n>\d)|(?P<s>SP|SU|FA|WI)))?|(?P<dec>\d{3})|(?P<cen>\d{2})"
)


def value_range(value: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last calendar day a TIMEX3-style date value covers (None, None if none)."""
    if "/" in value:
        left, right = value.split("/", 1)
        return value_range(left)[0], value_range(right)[1]
    # the common values first, the same days as the regex below gives: a day (`2024-11-13`,
    # or with a clock `…T14:30`) in ASCII digits is what `fromisoformat` reads (and rejects
    # `2024-02-30` as `dt.date` does); a month (`2024-11`)
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[10:11] in ("", "T"):
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
        else:
            return day, day
    elif len(value) == 7 and value[4] == "-" and value.isascii():
        y_, m_ = value[:4], value[5:]
        if y_.isdigit() and m_.isdigit():
            return dt.date(int(y_), int(m_), 1), _last_day(int(y_), int(m_))
    m = _VALUE_RE.fullmatch(value.split("T", 1)[0])
    if m is None:
        return None, None
    # the first decade and century of the era start in year 1 (there is no year 0)
    if m["dec"]:
        return dt.date(max(1, int(m["dec"]) * 10), 1, 1), dt.date(int(m["dec"]) * 10 + 9, 12, 31)
    if m["cen"]:
        start = max(1, int(m["cen"]) * 100)
        return dt.date(start, 1, 1), dt.date(int(m["cen"]) * 100 + 99, 12, 31)
    y = int(m["y"])
    if m["d"]:
        day = dt.date(y, int(m["m"]), int(m["d"]))
        return day, day
    if m["m"]:
        return dt.date(y, int(m["m"]), 1), _last_day(y, int(m["m"]))
    if m["w"]:
        monday = dt.date.fromisocalendar(y, int(m["w"]), 1)
        if m["we"]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if m["qh"]:
        n, size = int(m["n"]), 3 if m["qh"] == "Q" else 6
        return dt.date(y, (n - 1) * size + 1, 1), _last_day(y, n * size)
    if m["s"]:
        return _season_range(y, m["s"])
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _ref_range(ref: Reference) -> tuple[dt.date, dt.date]:
    if ref.precision == "month":
        return ref.day.replace(day=1), _last_day(ref.day.year, ref.day.month)
    return ref.day, ref.day


def _orthodox_easter(year: int) -> dt.date:
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month = (d + e + 114) // 31
    day = (d + e + 114) % 31 + 1
    julian_shift = year // 100 - year // 400 - 2  # 13 days in 1900-2099
    return dt.date(year, month, day) + dt.timedelta(days=julian_shift)


def _western_easter(year: int) -> dt.date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


_DECIMAL_RE = re.compile(r"\d+(?:\.\d+)?")


def _number(text: str) -> float | str | None:
    """A count written with digits or words: 3, "три", "двадесет и четири", "няколко" -> "X"."""
    text = _key(text).replace(",", ".")
    if _DECIMAL_RE.fullmatch(text):
        return float(text)
    total = 0.0
    for part in _AND_SPLIT_RE.split(text):
        raw = NUMBER_OF.get(part)
        if raw is None:
            return None
        if raw == "X":
            return "X"
        total += float(raw)
    return total


def _year_words(text: str) -> int | None:
    """`две хиляди двадесет и пета година` -> 2025."""
    words = _key(text).replace("две хиляди", "двехиляди").split()
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


def _day_number(text: str) -> int | None:
    key = _key(text)
    if key in ORDINAL_OF:
        return ORDINAL_OF[key]
    m = _DIGITS_RE.match(key)
    return int(m.group()) if m else None


def _month_number(text: str) -> int | None:
    key = _key(text)
    if key.isdigit():
        return int(key)
    if key in MONTH_OF:
        return MONTH_OF[key]
    return _roman(key)


def _num_str(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


# --------------------------------------------------------------------------- cues
def _cue_pattern(tense: str) -> str:
    """One regex for all cues of a tense: words, prefixes (`планира…`), suffixes (`…аха`)."""
    words, prefixes, suffixes, regexes = [], [], [], []
    for row in _CUES:
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
        parts.append(_alt(words) + r"(?!\w)")
    if prefixes:
        parts.append(_alt(prefixes) + r"\w*")
    if suffixes:
        # a word of two letters or more before the suffix: the whole word, then a look back at
        # its end for each suffix length (a look-behind needs one width)
        assert all(s.isalpha() for s in suffixes)
        widths = sorted({len(s) for s in suffixes})
        ends = "|".join(rf"(?<=\w\w{_alt(s for s in suffixes if len(s) == n)})" for n in widths)
        parts.append(rf"\w++(?:{ends})")
    return r"(?<![\w\-])(?:" + "|".join(parts) + ")"


_CUE_PATTERNS = {tense: _cue_pattern(tense) for tense in ("past", "future", "western")}
# case-sensitive versions run on lower-cased text; the IGNORECASE ones are the fallback
_CUE_FAST = {tense: re.compile(p) for tense, p in _CUE_PATTERNS.items()}
_CUE_ANY_CASE = {tense: _c(p) for tense, p in _CUE_PATTERNS.items()}
_TOKEN_RE = re.compile(r"\w+")
# patterns the handlers use, compiled once: a pattern given to `re.match` as a string is
# compiled again whenever other code (dateparser's search) has pushed it out of `re`'s cache
_AND_SPLIT_RE = re.compile(r"\s+и\s+")
_DIGITS_RE = re.compile(r"\d+")
_CENTURY_WORD_RE = re.compile(r"\s*(?:века?|в)$")
_NA_AFTER_RE = re.compile(r"\s+на(?!\w)")


def _cue_spans(text: str, lower: str, tense: str) -> list[tuple[int, int]]:
    """Where the cues of one tense occur in `text` (`lower` is `text.lower()`)."""
    if len(lower) == len(text):
        return [m.span() for m in _CUE_FAST[tense].finditer(lower)]
    return [m.span() for m in _CUE_ANY_CASE[tense].finditer(text)]


# a perfective verb after `ще` / `да` is not a past form: `ще приключи`, `да започне`
_NON_PAST_BEFORE_RE = _c(
    r"(?<![\w\-])(?:ще|да)\s+(?:(?:не|се|си|ги|го|я|му|им|й|ни|ви|бъде|бъдат)\s+)*$"
)
# A clause break: `;`, a bracket, a quote or a dash; `,` or `:` before a space; ` - `; `. `.
# Written as one character class first, each break then checked by a look-back at that
# character (the same matches as `[;()„“”"«»—–]|[,:](?=\s)|\s-\s|\.\s`): the engine then
# skips the characters that cannot start a break.
_CLAUSE_RE = re.compile(
    r"[;()„“”\"«»—–,:.\s](?:(?<=[;()„“”\"«»—–])|(?<=[,:])(?=\s)|(?<=\s)-\s|(?<=\.)\s)"
)


# --------------------------------------------------------------------------- blockers
def _at_word_start(*forms: str) -> str:
    r"""`(?<![\w\-])(?:form|form…)` (each form a regex opening with a literal character) with the
    look-back moved after that character: the regex engine then jumps to the forms' first
    characters instead of trying the look-back at every position."""
    return (
        "(?:"
        + "|".join(f"{re.escape(f[0])}(?<![\\w\\-]{re.escape(f[0])}){f[1:]}" for f in forms)
        + ")"
    )


_BLOCKERS = [
    _c(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+"),
    _c(r"(?<![\w.,])(?:\+359|0)\d{1,4}(?:[\s/\-]?\d{2,4}){2,4}(?!\w)"),
    _c(r"[„\"“«]\s*24\s+часа|(?:вестник|в-к)\s+[„\"“«]?\s*24\s+часа"),
    _c(_at_word_start("чл", "ал", "т", "бр", "№", "no", "параграф", "§") + r"\.?\s*\d+"),
    _c(
        _at_word_start(r"на\s+(?:възраст\s+(?:от\s+)?)?", r"навърш\w*\s+", r"годишн\w+\s+")
        + r"\d{1,3}\s+(?:години|годинки|г\.)"
        + r"(?!\s+(?:затвор|лишаване|пробация|условно|ефективн|строг))"
    ),
    _c(r"\d{1,2}\s*:\s*\d{1,2}\s+(?:гейма|точки|сета|победа|загуба)"),
    # ages of people given as a range: `хора между 65 и 69 години`
    _c(
        _at_word_start(
            *("човек", "хора(?:та)?", "души", "лица(?:та)?", "граждани(?:те)?", "деца(?:та)?"),
            *("мъже", "жени", "пенсионери(?:те)?", "възрастни(?:те)?"),
        )
        + r"\s+(?:на\s+(?:възраст\s+)?)?(?:между|от)\s+\d{1,3}\s+"
        r"(?:и|до)\s+\d{1,3}\s+(?:години|г\.)"
    ),
]
# for each blocker, a cheap search (on the lower-cased text) that finds something wherever
# the blocker matches: a few substrings, or the blocker's core without its look-backs
_BLOCKER_GATES = [
    re.compile(p)
    for p in (
        r"http|www\.|@",
        r"\+359|0(?<=[\s(]0)",
        r"24",
        r"(?:чл|ал|т|бр|№|no|параграф|§)\.?\s*\d",
        r"\d(?<!\d\d)\d{0,2}\s+(?:годин|г\.)",
        r":",
        r"(?:между|от)\s+\d",
    )
]
_AGE_EXCEPT_RE = _c(
    r"(?:срок\w*|период\w*|мандат\w*|удълж\w*|осъд\w*|присъд\w*|намал\w*|продължение)\s*$"
)


# --------------------------------------------------------------------------- context
@dataclass(slots=True)
class _Ctx:
    text: str
    ref: Reference
    ref_start: dt.date
    ref_end: dt.date
    lower: str
    _past: list[tuple[int, int]] | None = None
    _future: list[tuple[int, int]] | None = None

    def _cues(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The past cues (less those after `ще` / `да`) and the future cues, found once."""
        if self._past is None or self._future is None:
            text = self.text
            self._past = [
                (s, e)
                for s, e in _cue_spans(text, self.lower, "past")
                if not _NON_PAST_BEFORE_RE.search(text, max(0, s - 40), s)
            ]
            self._future = _cue_spans(text, self.lower, "future")
        return self._past, self._future

    def tense(self, start: int, end: int) -> str | None:
        """ "past" | "future" | None: the tense cue nearest to the span, same clause first."""
        past, future = self._cues()
        cues = [(s, e, "past") for s, e in past if e <= start or s >= end]
        cues += [(s, e, "future") for s, e in future if e <= start or s >= end]
        if not cues:
            return None
        lo = max((m.end() for m in _CLAUSE_RE.finditer(self.text, 0, start)), default=0)
        after = _CLAUSE_RE.search(self.text, end)
        hi = after.start() if after else len(self.text)
        near = [c for c in cues if c[0] >= lo and c[1] <= hi]
        if not near:
            # a cue in another clause governs the date only when the date's clause is a bare
            # fragment (`На 27 ноември, след преговори, парламентът прие ...`)
            rest = self.text[lo:start] + " " + self.text[end:hi]
            if len(_TOKEN_RE.findall(rest)) > 2:
                return None
            near = cues

        def distance(cue: tuple[int, int, str]) -> int:
            return start - cue[1] if cue[1] <= start else cue[0] - end

        return min(near, key=lambda c: (distance(c), c[2] != "future"))[2]

    def western(self) -> bool:
        return bool(_cue_spans(self.text, self.lower, "western"))


class _Val(NamedTuple):
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


def _choose(
    ctx: _Ctx, start: int, end: int, cands: list[tuple[str, dt.date, dt.date]]
) -> tuple[str, str]:
    """Pick one of several candidate periods (value, first day, last day) by the tense cue."""
    cands = sorted(cands, key=lambda c: c[1])
    tense = ctx.tense(start, end)
    rs, re_ = ctx.ref_start, ctx.ref_end
    chosen: tuple[str, dt.date, dt.date] | None = None
    if tense == "past":
        before = [c for c in cands if c[1] <= re_]
        chosen = before[-1] if before else cands[0]
    elif tense == "future":
        after = [c for c in cands if c[2] >= rs]
        chosen = after[0] if after else cands[-1]
    else:

        def gap(c: tuple[str, dt.date, dt.date]) -> tuple[int, int]:
            if c[2] < rs:
                return (rs - c[2]).days, 1
            if c[1] > re_:
                return (c[1] - re_).days, 0
            return 0, 0

        chosen = min(cands, key=gap)
    return chosen[0], _RESOLUTION_OF_TENSE[tense]


def _relative(ctx: _Ctx, value: str, precision: str) -> _Val:
    resolution = "publication" if value == ctx.ref.value else "relative"
    return _Val(value, precision, resolution)


def _month_ref(ctx: _Ctx) -> _Val | None:
    """A day or week expression against a month-precision reference: the reference month."""
    if ctx.ref.precision == "month":
        return _Val(ctx.ref.value, "month", "publication")
    return None


# --------------------------------------------------------------------------- period values
def _unit_value(ctx: _Ctx, unit: str, offset: int) -> _Val | None:
    """The period `offset` units from the reference (0 = the current one)."""
    ref = ctx.ref.day
    if unit in ("day", "week", "weekend"):
        month = _month_ref(ctx)
        if month is not None:
            return month
        if unit == "day":
            return _relative(ctx, (ref + dt.timedelta(days=offset)).isoformat(), "day")
        day = ref + dt.timedelta(days=7 * offset)
        suffix = "-WE" if unit == "weekend" else ""
        return _relative(ctx, _week_value(day) + suffix, "week")
    if unit == "month":
        y, m = _add_months(ref.year, ref.month, offset)
        return _relative(ctx, f"{y:04d}-{m:02d}", "month")
    if unit == "year":
        return _relative(ctx, f"{ref.year + offset:04d}", "year")
    if unit == "quarter":
        y, m = _add_months(ref.year, ref.month, 3 * offset)
        return _relative(ctx, f"{y:04d}-Q{(m - 1) // 3 + 1}", "quarter")
    if unit == "half":
        y, m = _add_months(ref.year, ref.month, 6 * offset)
        return _relative(ctx, f"{y:04d}-H{(m - 1) // 6 + 1}", "half")
    if unit == "decade":
        return _relative(ctx, f"{ref.year // 10 + offset:03d}", "decade")
    if unit == "century":
        return _relative(ctx, f"{ref.year // 100 + offset:02d}", "century")
    return None


def _offset_value(ctx: _Ctx, direction: int, n: float, unit: str) -> _Val | None:
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
        month = _month_ref(ctx)
        if month is not None:
            return month
        if unit == "D":
            return _Val((ref + dt.timedelta(days=k)).isoformat(), "day", "relative")
        if unit == "W":
            return _Val(_week_value(ref + dt.timedelta(days=7 * k)), "week", "relative")
        hours = k if unit == "H" else k / 60 if unit == "MIN" else k / 3600
        moment = dt.datetime.combine(ref, dt.time(12)) + dt.timedelta(hours=hours)
        return _Val(moment.date().isoformat(), "day", "relative")
    if unit == "M":
        y, m = _add_months(ref.year, ref.month, k)
        return _Val(f"{y:04d}-{m:02d}", "month", "relative")
    if unit == "Y":
        return _Val(f"{ref.year + k:04d}", "year", "relative")
    if unit == "DE":
        return _Val(f"{(ref.year + 10 * k) // 10:03d}", "decade", "relative")
    if unit == "CE":
        return _Val(f"{(ref.year + 100 * k) // 100:02d}", "century", "relative")
    return None


def _day_candidates(ctx: _Ctx, month: int, day: int) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    for year in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        out.append((d.isoformat(), d, d))
    return out


def _year_less_day(
    ctx: _Ctx, start: int, end: int, month: int, day: int, weekday: int | None = None
) -> _Val | None:
    cands = _day_candidates(ctx, month, day)
    if not cands:
        return None
    if weekday is not None:
        fitting = [c for c in cands if c[1].isoweekday() == weekday]
        if fitting:
            rs = ctx.ref_start
            best = min(fitting, key=lambda c: abs((c[1] - rs).days))
            res = "year_inferred_past" if best[1] <= ctx.ref_end else "year_inferred_future"
            return _Val(best[0], "day", res)
    value, res = _choose(ctx, start, end, cands)
    return _Val(value, "day", res)


def _month_candidates(ctx: _Ctx, month: int) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    for year in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2):
        out.append((f"{year:04d}-{month:02d}", dt.date(year, month, 1), _last_day(year, month)))
    return out


def _relative_pick(ctx: _Ctx, offset: int, cands: list[tuple[str, dt.date, dt.date]]) -> str:
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


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if 1000 <= year <= 2199 else None


# --------------------------------------------------------------------------- rules
Handler = Callable[[re.Match[str], _Ctx], "_Val | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    priority: int = 5


_DATEPARSER_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_LOCALE_DATE_ORDER": False,
    # the span's own format first (dateparser translates the Bulgarian month name, then reads
    # the format: ~0.04 ms), its general absolute-date parser when that fails (~0.6 ms)
    "PARSERS": ["custom-formats", "absolute-time"],
}


@functools.lru_cache(maxsize=64)
def _dateparser_for(base: dt.date) -> Any:
    """dateparser's Bulgarian parser with the publication day as RELATIVE_BASE (one per
    publication day: the articles of a day share it; imported lazily, dateparser is slow to
    import)."""
    from dateparser.date import DateDataParser

    settings = _DATEPARSER_SETTINGS | {"RELATIVE_BASE": dt.datetime.combine(base, dt.time())}
    return DateDataParser(languages=["bg"], settings=settings)


@functools.lru_cache(maxsize=65536)
def _dateparser_day(span: str, date_format: str, base: dt.date) -> dt.date | None:
    """dateparser's reading of a complete day-month-year span the grammar has found, written
    as `date_format` (`%d %B %Y`, `%d.%m.%Y`), with the publication day as RELATIVE_BASE."""
    parsed = _dateparser_for(base).get_date_data(span, date_formats=[date_format]).date_obj
    return parsed.date() if parsed is not None else None


def _h_day_month(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    day, month = _day_number(m["d"]), _month_number(m["m"])
    if day is None or month is None or not 1 <= month <= 12:
        return None
    year = _year_of(m["y"]) or (_year_words(m["yw"]) if m["yw"] else None)
    weekday = WEEKDAY_OF.get(_key(m["wd"])) if m["wd"] else None
    if m["ry"]:
        try:
            day_ = dt.date(_rel_year(m["ry"], ctx), month, day)
        except ValueError:
            return None
        return _Val(day_.isoformat(), "day", "relative")
    if year is not None:
        try:
            own = dt.date(year, month, day)
        except ValueError:
            return None
        if m["m"].isdigit() or _key(m["m"]) in _MONTH_FULL_SET:
            written = "%d %m %Y" if m["m"].isdigit() else "%d %B %Y"
            own = _dateparser_day(f"{day} {m['m']} {year}", written, ctx.ref.day) or own
        return _Val(own.isoformat(), "day", "absolute")
    if day > _LEAP_MONTH_DAYS[month]:  # (month is 1-12 here)
        return None
    start, end = m.span("sp")
    return _year_less_day(ctx, start, end, month, day, weekday)


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    day, month = _day_number(m["d"]), _month_number(m["m"])
    if day is None or month is None or not 1 <= month <= 12:
        return None
    raw_year = m.groupdict().get("y")
    if raw_year is None:
        if day > _LEAP_MONTH_DAYS[month]:  # (month is 1-12 here)
            return None
        start, end = m.span("sp")
        return _year_less_day(ctx, start, end, month, day)
    year = int(raw_year)
    if len(raw_year) == 2:
        year += 2000 if year <= ctx.ref.day.year % 100 + 1 else 1900
    try:
        own = dt.date(year, month, day)
    except ValueError:
        return None
    if m["m"].isdigit():
        own = _dateparser_day(f"{day:02d}.{month:02d}.{year}", "%d.%m.%Y", ctx.ref.day) or own
    return _Val(own.isoformat(), "day", "absolute")


def _h_iso(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _Val(day.isoformat(), "day", "absolute")


def _rel_year(text: str, ctx: _Ctx) -> int:
    """The year of `миналата година`, `т.г.`, `м.г.`, `догодина`."""
    key = _key(text).replace(" ", "")
    if key.startswith("т.г"):
        return ctx.ref.day.year
    if key.startswith("м.г"):
        return ctx.ref.day.year - 1
    if key in REL_FIXED:  # догодина, лани
        return ctx.ref.day.year + REL_FIXED[key][1]
    return ctx.ref.day.year + REL_MOD[_key(text).split()[0]]


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    if m["ry"]:
        return _Val(f"{_rel_year(m['ry'], ctx):04d}-{month:02d}", "month", "relative")
    year = _year_of(m["y"])
    if year is None:
        return None
    return _Val(f"{year:04d}-{month:02d}", "month", "absolute")


def _h_bare_month(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if m["sp2"] is not None:  # `миналия ноември`, `следващия март`
        month = _month_number(m["m2"])
        if month is None:
            return None
        cands = _month_candidates(ctx, month)
        return _Val(_relative_pick(ctx, REL_MOD[_key(m["rel"])], cands), "month", "relative")
    month = _month_number(m["m"])
    if month is None:
        return None
    start, end = m.span("sp")
    value, res = _choose(ctx, start, end, _month_candidates(ctx, month))
    return _Val(value, "month", res)


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    year = _year_of(m["y"])
    if year is None:
        return None
    return _Val(f"{year:04d}", "year", "absolute")


def _h_bare_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    year = _year_of(m["y"])
    if year is None or not 1900 <= year <= 2100:
        return None
    if _key(m["pre"]) not in ("през", "между", "©") and not m["pre"].lower().endswith("на"):
        rest = ctx.text[m.end("sp") :].lstrip()
        if rest and rest[0].isalnum():
            word = _TOKEN_RE.match(rest)
            if word is None or _key(word.group()) not in _AFTER_BARE_YEAR:
                return None
    return _Val(f"{year:04d}", "year", "absolute")


def _h_year_interval(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    y1, y2 = _year_of(m["y1"]), _year_of(m["y2"])
    if y1 is None or y2 is None or y2 <= y1 or y2 - y1 > 200:
        return None
    pre, sep = _key(m["pre"] or ""), _key(m["sep"])
    if not pre and sep not in ("-", "–", "—", "/"):
        return None
    if (pre == "от" and sep != "до") or (pre == "между" and sep != "и"):
        return None
    if not pre and sep == "/" and y2 != y1 + 1:
        return None
    if not m["suf"] and not pre and (y1 < 1900 or y2 > 2100):
        return None
    return _Val(f"{y1:04d}/{y2:04d}", "interval", "absolute")


def _h_day_interval(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    d1, d2 = _day_number(m["d1"]), _day_number(m["d2"])
    groups = m.groupdict()
    m2 = _month_number(m["m2"]) if groups.get("m2") else _month_number(m["m"])
    m1 = _month_number(m["m1"]) if groups.get("m1") else m2
    if None in (d1, d2, m1, m2):
        return None
    assert d1 is not None and d2 is not None and m1 is not None and m2 is not None
    pre, sep = _key(groups.get("pre") or ""), _key(groups.get("sep") or "-")
    if (pre == "между" and sep != "и") or (pre == "от" and sep != "до"):
        return None
    y2 = _year_of(groups.get("y2") or groups.get("y"))
    y1 = _year_of(groups.get("y1")) or y2
    if y1 is not None and y2 is not None:
        res = "absolute"
    else:
        start, end = m.span("sp")
        first = _year_less_day(ctx, start, end, m1, d1)
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
    return _Val(f"{a.isoformat()}/{b.isoformat()}", "interval", res)


def _h_month_interval(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    m1, m2 = _month_number(m["m1"]), _month_number(m["m2"])
    if m1 is None or m2 is None or m1 == m2:
        return None
    pre, sep = _key(m["pre"] or ""), _key(m["sep"]) if m["sep"] else " "
    if sep == " " and (pre or m2 < m1 or m["y1"]):  # `октомври декември 2017 г.`: a missing dash
        return None
    if not pre and sep not in ("-", "–", "—", " "):
        return None
    if (pre == "от" and sep != "до") or (pre == "между" and sep != "и"):
        return None
    y2 = _year_of(m["y2"])
    y1 = _year_of(m["y1"])
    if y2 is not None:
        y1 = y1 or (y2 - 1 if m2 < m1 else y2)
        res = "absolute"
    elif y1 is not None:
        y2 = y1 + 1 if m2 < m1 else y1
        res = "absolute"
    else:
        start, end = m.span("sp")
        first, res = _choose(ctx, start, end, _month_candidates(ctx, m1))
        y1 = int(first[:4])
        y2 = y1 + 1 if m2 < m1 else y1
    if (y2, m2) <= (y1, m1):
        return None
    return _Val(f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", "interval", res)


def _century(text: str, ctx: _Ctx) -> tuple[int, str] | None:
    """(value, resolution) of a century expression: `XX век` -> 19, `миналия век` -> ref-1."""
    key = _key(text)
    rel = _CENTURY_REL_RE.match(key)
    if rel:
        return ctx.ref.day.year // 100 + REL_MOD[_key(rel.group())], "relative"
    word = _CENTURY_WORD_RE.sub("", key)
    number: int | None
    if word in ORDINAL_OF:
        number = ORDINAL_OF[word]
    elif digits := _DIGITS_RE.match(word):
        number = int(digits.group())
    else:
        number = _roman(word)
    if number is None or not 1 <= number <= 22:
        return None
    return number - 1, "absolute"


# `II век пр.н.е.`, `V в. преди Христа` (`dates_before_era.tsv`): before the era, outside
# what the values express
_BEFORE_ERA_RE = re.compile(
    r"\s*" + _alt(row["form"].lower() for row in load_lexicon("before_era")) + r"(?!\w)"
)


def _h_century(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if _BEFORE_ERA_RE.match(ctx.lower, m.end("sp")):
        return None
    found = _century(m["sp"], ctx)
    if found is None:
        return None
    return _Val(f"{found[0]:02d}", "century", found[1])


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if m["w"]:
        decade = DECADE_WORD[_key(m["w"])]
        century = None
    else:
        decade = int(m["dd"])
        century = int(m["c"]) if m["c"] else None
    res = "absolute"
    if m["cref"]:
        found = _century(m["cref"], ctx)
        if found is None:
            return None
        century, res = found
    if century is None:
        century = 20 if 2000 + decade * 10 <= ctx.ref.day.year else 19
    return _Val(f"{century:02d}{decade}", "decade", res)


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if m["half"]:
        if not (m["y"] or m["rel"] or m["cur"]):
            return None
        letter, number = "H", 1 if _key(m["half"]).startswith("първ") else 2
    else:
        raw = PERIOD_ORDINAL.get(_key(m["o"]))
        if raw is None:
            return None
        letter = "Q" if _key(m["u"]).startswith("тримес") else "H"
        top = 4 if letter == "Q" else 2
        number = 0 if raw == "last" else int(raw)
        if number > top:
            return None
    size = 3 if letter == "Q" else 6
    precision = "quarter" if letter == "Q" else "half"
    year = _year_of(m["y"])
    if year is not None and number:
        return _Val(f"{year:04d}-{letter}{number}", precision, "absolute")
    if m["rel"] or m["cur"]:
        offset = REL_MOD[_key(m["rel"])] if m["rel"] else 0
        if number:
            return _Val(f"{ctx.ref.day.year + offset:04d}-{letter}{number}", precision, "relative")
    if number == 0:  # последното тримесечие: the last complete one
        y, mo = _add_months(ctx.ref_start.year, ctx.ref_start.month, -size)
        return _Val(f"{y:04d}-{letter}{(mo - 1) // size + 1}", precision, "relative")
    cands = []
    for y in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2):
        value = f"{y:04d}-{letter}{number}"
        rs, re_ = value_range(value)
        assert rs is not None and re_ is not None
        cands.append((value, rs, re_))
    start, end = m.span("sp")
    value, res = _choose(ctx, start, end, cands)
    return _Val(value, precision, res)


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    season = SEASON_OF[_key(m["s"])]
    year = _year_of(m["y"])
    if year is not None:
        return _Val(f"{year:04d}-{season}", "season", "absolute")
    if not (m["pre"] or m["rel"]):
        return None
    cands = []
    for y in range(ctx.ref.day.year - 2, ctx.ref.day.year + 2):
        rs, re_ = _season_range(y, season)
        cands.append((f"{y:04d}-{season}", rs, re_))
    if m["rel"]:
        return _Val(_relative_pick(ctx, REL_MOD[_key(m["rel"])], cands), "season", "relative")
    start, end = m.span("sp")
    value, res = _choose(ctx, start, end, cands)
    return _Val(value, "season", res)


def _h_rel_fixed(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    unit, offset = REL_FIXED[_key(m["sp"])]
    return _unit_value(ctx, unit, offset)


def _h_rel_period(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    return _unit_value(ctx, PERIOD_NOUN[_key(m["u"])], REL_MOD[_key(m["rel"])])


def _h_current_period(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    val = _unit_value(ctx, CURRENT_PERIOD[_key(m["u"])], 0)
    if val is None:
        return None
    return val._replace(modifier=PART_OF[_key(m["part"])])


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    weekday = WEEKDAY_OF[_key(m["wd"])]
    month = _month_ref(ctx)
    if month is not None:
        return month
    ref = ctx.ref.day
    offset = REL_MOD[_key(m["rel"])] if m["rel"] else 0
    if m["wrel"]:  # `четвъртък миналата седмица`: that day of that week
        offset = REL_MOD[_key(m["wrel"])]
        anchor = ref + dt.timedelta(days=7 * offset)
        day = anchor + dt.timedelta(days=weekday - anchor.isoweekday())
        return _Val(day.isoformat(), "day", "relative")
    if offset:
        anchor = ref + dt.timedelta(days=7 * offset)
        day = anchor + dt.timedelta(days=weekday - anchor.isoweekday())
        return _Val(day.isoformat(), "day", "relative")
    start, end = m.span("sp")
    tense = ctx.tense(start, end)
    back = (ref.isoweekday() - weekday) % 7
    ahead = (weekday - ref.isoweekday()) % 7 or 7
    if tense == "past" or (tense is None and back <= ahead):
        day = ref - dt.timedelta(days=back)
    else:
        day = ref + dt.timedelta(days=ahead)
    return _Val(day.isoformat(), "day", "relative")


def _h_weekend(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if m["rel"]:
        return _unit_value(ctx, "weekend", REL_MOD[_key(m["rel"])])
    month = _month_ref(ctx)
    if month is not None:
        return month
    cands = []
    for k in (-1, 0, 1):
        value = _week_value(ctx.ref.day + dt.timedelta(days=7 * k)) + "-WE"
        rs, re_ = value_range(value)
        assert rs is not None and re_ is not None
        cands.append((value, rs, re_))
    start, end = m.span("sp")
    value, _ = _choose(ctx, start, end, cands)
    return _Val(value, "week", "relative")


def _h_offset(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    unit, number = UNIT_OF[_key(m["u"])]
    direction = 1 if _key(m["dir"]) == "след" else -1
    if m["n"] is None:
        if number == "pl" and direction < 0:  # `преди дни`, `преди минути`
            return _Val("PAST_REF", "vague", "relative")
        if number != "sg":
            return None
        n: float | str | None = 1.0
    else:
        n = _number(m["n"])
    if n is None:
        return None
    after = _TOKEN_RE.match(ctx.text, m.end("sp") + 1) if m.end("sp") < len(ctx.text) else None
    if direction > 0 and after is not None and _key(after.group()) in OFFSET_NOUNS:
        return None  # `след осем години затвор`: a duration, not a date
    if n == "X":
        return _Val("PAST_REF" if direction < 0 else "FUTURE_REF", "vague", "relative")
    assert isinstance(n, float)
    if n <= 0 or n > 1000:
        return None
    return _offset_value(ctx, direction, n, unit)


_DURATION_UNIT = {"D": "D", "W": "W", "M": "M", "Y": "Y", "H": "H"}
# a preposition before a bare number with `г.` that makes it a two-digit year (`през 98 г.`)
_YEAR_ABBR_BEFORE_RE = re.compile(r"(?:^|\s)(?:през|в|във)\s*$")


def _duration_value(n: float | str, unit: str) -> _Val:
    """`P3Y`, `PT30M`, `PT5S`, `PXM` …: a fraction goes down to a smaller unit (a month is
    30 days), a quarter is three months, a decade ten years, a century a hundred."""
    if n == "X":
        code = {"DE": "DE", "CE": "CE", "MIN": "M", "Q": "M"}.get(unit, unit)
        prefix = "PT" if unit in ("MIN", "S") else "P"
        return _Val(f"{prefix}X{code}", "duration", "relative", kind="duration")
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
        value = f"PT{_num_str(n)}{'M' if unit == 'MIN' else 'S'}"
    else:
        value = f"P{_num_str(n)}{_DURATION_UNIT[unit]}"
    return _Val(value, "duration", "relative", kind="duration")


def _h_duration(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if m["u2"]:
        unit, _ = UNIT_OF[_key(m["u2"])]
        n: float | str | None = 1.5
    else:
        unit, _ = UNIT_OF[_key(m["u"])]
        n = _number(m["n"] or m["nw"])
        if n is not None and n != "X" and m["half_w"]:
            assert isinstance(n, float)
            n += 0.5
        if _key(m["u"]) == "г":  # `до 3 г.`, but not the year `през 98 г.`
            start = m.start("sp")
            if not isinstance(n, float) or n > 30 or m["nw"] or not m["dot"]:
                return None
            if _YEAR_ABBR_BEFORE_RE.search(ctx.text, max(0, start - 8), start):
                return None
    if n is None:
        return None
    if isinstance(n, float) and (n <= 0 or (unit == "Y" and n > 200)):
        return None
    return _duration_value(n, unit)


_DAY_PART_SHIFT = {
    "сутринта": 0,
    "следобед": 12,
    "след обед": 12,
    "вечерта": 12,
    "през нощта": 0,
    "на обяд": 0,
}


def _h_time(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    pre = _key(m["pre"] or "")
    hour = int(m["h"])
    minute = int(m["mi"]) if m["mi"] else 0
    if m["mi"] is None and not m["dp"]:
        # `в 10 ч.`, `до 22 ч.`; but `до 24 часа` is a duration
        suffix = _key(m["suf"] or "")
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
        hour += _DAY_PART_SHIFT.get(_key(m["dp"]), 0)
    clock = f"T{hour:02d}:{minute:02d}"
    precision = "minute" if m["mi"] else "hour"
    if ctx.ref.precision == "month":
        return _Val(
            clock,
            precision,
            "publication",
            kind="time",
            range_start=ctx.ref_start,
            range_end=ctx.ref_end,
            has_range=True,
        )
    return _Val(ctx.ref.day.isoformat() + clock, precision, "publication", kind="time")


def _h_time_words(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    hour, minute = _number(m["hw"]), _number(m["mw"]) if m["mw"] else 0.0
    if not isinstance(hour, float) or not isinstance(minute, float):
        return None
    if not (hour.is_integer() and minute.is_integer() and 0 <= hour <= 24 and minute < 60):
        return None
    h = int(hour) + (_DAY_PART_SHIFT.get(_key(m["dp"]), 0) if m["dp"] and hour < 12 else 0)
    clock = f"T{h:02d}:{int(minute):02d}"
    precision = "minute" if m["mw"] else "hour"
    if ctx.ref.precision == "month":
        return _Val(
            clock,
            precision,
            "publication",
            kind="time",
            range_start=ctx.ref_start,
            range_end=ctx.ref_end,
            has_range=True,
        )
    return _Val(ctx.ref.day.isoformat() + clock, precision, "publication", kind="time")


# `в момента на вземане на решението` (the moment of an act), discourse `Сега ако …`
_VAGUE_NOT_BEFORE_RE = re.compile(r"\s+(?:на\s+\w+(?:не|ние|нето|нето)(?!\w)|ако(?!\w))")


def _h_vague(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    key = _key(m["sp"])
    value = VAGUE[key]
    if key in ("в момента", "сега") and _VAGUE_NOT_BEFORE_RE.match(ctx.lower, m.end("sp")):
        return None
    return _Val(value, "vague", "publication" if value == "PRESENT_REF" else "relative")


def _h_set(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    return _Val(SETS[_key(m["sp"])], "set", "relative", kind="set")


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    rule, month, day = HOLIDAYS[_key(m["hol"])]
    western = rule == "easter" and ctx.western()

    def on(year: int) -> dt.date:
        if rule == "easter":
            easter = _western_easter(year) if western else _orthodox_easter(year)
            return easter + dt.timedelta(days=day)
        return dt.date(year, month, day)

    year = _year_of(m["y"])
    if year is not None:
        return _Val(on(year).isoformat(), "day", "absolute")
    cands = [
        (on(y).isoformat(), on(y), on(y)) for y in range(ctx.ref.day.year - 1, ctx.ref.day.year + 2)
    ]
    start, end = m.span("sp")
    value, res = _choose(ctx, start, end, cands)
    return _Val(value, "day", res)


def _h_year_words(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    year = _year_words(m["sp"])
    return None if year is None else _Val(f"{year:04d}", "year", "absolute")


def _h_new_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    year = ctx.ref.day.year + (0 if ctx.ref.day.month <= 2 else 1)
    return _Val(f"{year:04d}", "year", "relative")


# --------------------------------------------------------------------------- durations in words
_ADJ_PREFIX: dict[str, float] = {
    f: float(v) for f, v in NUMBER_OF.items() if " " not in f and v.isdigit() and f != "един"
}
_ADJ_PREFIX |= {"дву": 2.0, "полу": 0.5}
_ADJ_UNIT = {"годиш": "Y", "месеч": "M", "седмич": "W", "днев": "D", "часов": "H", "минут": "MIN"}
_ADJ_SKIP = frozenset({"и", "или", "ѝ", "й", "си", "му", "им", "по"})
_ADJ_ENDINGS = ("ен", "на", "но", "ни", "ния", "ният", "ната", "ното", "ните", "ски", "ска", "ско")


def _h_duration_adjective(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """`двегодишен договор`, `46-годишен брак`, `тридневното посещение`: a duration when the
    noun it qualifies is one of `lexicons/dates_duration_nouns.tsv` (not `46-годишният мъж`)."""
    n = float(m["n"]) if m["n"] else _ADJ_PREFIX.get(_key(m["nw"]))
    if n is None or n <= 0:
        return None
    for count, word in enumerate(_TOKEN_RE.finditer(ctx.text, m.end("sp"))):
        token = word.group().lower()
        if token.startswith(DURATION_NOUN_STEMS):
            return _duration_value(n, _ADJ_UNIT[_key(m["u"])])
        if count >= 5 or not (token in _ADJ_SKIP or token.endswith(_ADJ_ENDINGS)):
            return None
    return None


def _h_last_next(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """`последните години` (PAST_REF), `следващите дни` (FUTURE_REF), `последните един до два
    месеца`; `последното денонощие` (P1D); `последната седмица` (the previous week)."""
    past = _key(m["ln"]).startswith(("последн", "изминал"))
    if m["adj"] and _key(m["adj"]) in NUMBER_OF:
        return None
    unit, number = UNIT_OF[_key(m["u"])]
    if m["n1"] or number == "pl":
        return _Val("PAST_REF" if past else "FUTURE_REF", "vague", "relative")
    if not _key(m["ln"]).startswith("последн") or m["adj"]:
        return None
    if unit == "D" and _key(m["u"]).startswith("денонощ"):
        return _duration_value(1.0, "D")
    if _NA_AFTER_RE.match(ctx.text, m.end("sp")):  # `последната седмица на март`
        return None
    period = {"W": "week", "M": "month", "Y": "year"}.get(unit)
    return None if period is None else _unit_value(ctx, period, -1)


_EARLIER_STOP = frozenset({"от", "този", "тази", "това", "тези", "през", "в", "във", "и"})


def _h_earlier(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """Sentence adverb `По-рано` (= previously) → PAST_REF; `По-рано днес` → the day.

    Only at the start of a sentence or before a past verb (`по-рано заяви`): a comparative
    (`може да стане и по-рано`, `по-рано от очакваното`) is not a date."""
    if m["day"]:
        return _unit_value(ctx, "day", 0)
    start = m.start("sp")
    before = ctx.text[:start].rstrip()
    nxt = _TOKEN_RE.search(ctx.text, m.end("sp"))
    if nxt is not None and nxt.group().lower() in _EARLIER_STOP:
        return None
    if not before or before[-1] in '.!?"„“”»:;—–-':
        return _Val("PAST_REF", "vague", "relative")
    glued = nxt is not None and nxt.start() - m.end("sp") <= 1
    if glued and nxt is not None and _CUE_FAST["past"].fullmatch(nxt.group().lower()):
        return _Val("PAST_REF", "vague", "relative")
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


def _h_bare_unit(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """A unit with no number: `седмица след решението`, `месец по-късно`, `с 12% за година`,
    `в продължение на година`, `от век`, or a text that is only the unit (`месец`) → P1…"""
    unit, number = UNIT_OF[_key(m["u"])]
    if number != "sg":
        return None
    start, end = m.span("sp")
    rest = ctx.text[end:]
    if m["post"]:
        after = _TOKEN_RE.match(rest, len(m["post"]) + 1) if len(rest) > len(m["post"]) else None
        if after is not None and _key(after.group()) == _key(m["u"]):
            return None  # `ден след ден`
    elif m["pre"]:
        nxt = _TOKEN_RE.search(rest)
        if nxt is not None and nxt.start() <= 1:
            word = nxt.group().lower()
            if word in ("на", "до", "и") or word in MONTH_OF or word[0].isdigit():
                return None
    elif ctx.text.strip().lower() != m["u"].lower():
        return None
    before = ctx.text[max(0, start - 20) : start].split()
    if not m["pre"] and before and before[-1].lower().endswith(_DETERMINER_ENDINGS):
        return None  # `в първия ден след …`, `последния месец преди …`
    return _duration_value(1.0, unit)


def _h_month_day_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """`април 14, 2015` (the English order)."""
    month, year = _month_number(m["m"]), _year_of(m["y"])
    if month is None or year is None:
        return None
    try:
        return _Val(dt.date(year, month, int(m["d"])).isoformat(), "day", "absolute")
    except ValueError:
        return None


def _h_ordinal_day(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """`на петнадесети` with no month: that day of the reference month or a month next to it
    (chosen like a year-less date)."""
    month_ref = _month_ref(ctx)
    if month_ref is not None:
        return month_ref
    day = ORDINAL_OF[_key(m["d"])]
    cands = []
    for delta in (-1, 0, 1):
        y, mo = _add_months(ctx.ref.day.year, ctx.ref.day.month, delta)
        if day <= calendar.monthrange(y, mo)[1]:
            d = dt.date(y, mo, day)
            cands.append((d.isoformat(), d, d))
    start, end = m.span("sp")
    value, res = _choose(ctx, start, end, cands)
    return _Val(value, "day", res)


def _h_this_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """`за годината`, `през годината`: the current year."""
    return _unit_value(ctx, "year", 0)


_DP = r"(?:сутринта|следобед|след\s+обед|вечерта|през\s+нощта|на\s+обяд)"
_HALF = r"(?P<half_w>\s+и\s+половина)?"

_LAST_NEXT_STEMS = ("последн", "следващ", "идн", "предстоящ", "изминал")
# `_NB` then `_YEAR_RE`, the look-back after the first digit (the regex opens with `1` or `2`)
_YEAR_NB_RE = r"(?:1(?<![\w.,/:\-]1)\d|2(?<![\w.,/:\-]2)[01])\d\d"
# the words before a bare year (`през 2019`, `в началото на 2019`, `© 2019`), as one trie; no
# form holds a digit and only `©` holds `©`, so at most one of them can be followed by the
# year at a given position, and the trie's longest-first order picks the alternation's pick
_BARE_YEAR_PRE = [
    *_PREP_FORMS,
    "между",
    *(f"{part} на" for part in PART_OF),
    "©",
]
assert not any(ch.isdigit() for form in _BARE_YEAR_PRE for ch in form)
assert [form for form in _BARE_YEAR_PRE if "©" in form] == ["©"]

# A rule whose alternatives all start at a word start opens with `(?<![\w\-])` even where
# the alternatives repeat it: a position inside a word then fails at the first test. Where
# a rule opens with a trie of words (`_alt(…, word_start=True)`) or a year, the look-back
# comes after the first character instead, and the engine jumps between first characters
# (not worth it for a trie of many first letters, like the holidays': each letter is a try).
RULES: list[_Rule] = [
    _Rule(
        "day_month",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:(?<![\w\-])(?P<wd>{_WD_RE})\s*,?\s*)?(?P<d>{_DAY_RE})\s+(?:месец\s+)?"
            rf"(?P<m>{_MONTH_RE})(?:\s*,?\s*(?P<y>{_YEAR_RE})(?!\d){_YSUF}|\s+(?P<ry>"
            rf"{_REL_YEAR_RE})|\s+(?P<yw>{_YEAR_WORDS_RE}))?)"
        ),
        _h_day_month,
    ),
    _Rule(
        "numeric",
        _c(
            rf"{_NB}(?P<sp>(?P<d>[12]\d|3[01]|0?[1-9])\s?[./]\s?(?P<m>1[0-2]|0?[1-9]|"
            rf"{_ROMAN_MONTH_RE})\s?[./]\s?(?P<y>{_YEAR_RE}|\d\d)(?![\d]|[.,]\d){_YSUF})"
        ),
        _h_numeric,
    ),
    _Rule(
        "numeric_year_less",
        _c(
            r"(?<![\w\-])(?:на|до|от|след|преди|считано\s+от)\s+(?P<sp>(?P<d>[12]\d|3[01]|0?[1-9])"
            r"\.(?P<m>0[1-9]|1[0-2])\.)(?!\d)"
        ),
        _h_numeric,
    ),
    _Rule(
        "iso",
        _c(rf"{_NB}(?P<sp>(?P<y>{_YEAR_RE})-(?P<m>[01]\d)-(?P<d>[0-3]\d))(?![\w\-]|[.,:]\d)"),
        _h_iso,
    ),
    _Rule(
        "month_year",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:месец\s+)?(?P<m>{_MONTH_FULL_RE}(?!\w)|{_alt(_MONTH_ABBR)}\.)"
            rf"(?:\s*,?\s*(?P<y>{_YEAR_RE})(?!\d){_YSUF}|\s+(?P<ry>{_REL_YEAR_RE})))"
        ),
        _h_month_year,
    ),
    _Rule(
        "bare_month",
        _c(
            rf"(?<![\w\-])(?:(?:{_PREP_RE}|{_PART_RE}\s+на)\s+(?P<sp>(?:месец\s+)?(?P<m>"
            rf"{_MONTH_FULL_RE}))|(?P<sp2>(?P<rel>{_REL_RE})\s+(?P<m2>{_MONTH_FULL_RE})))(?!\w)"
        ),
        _h_bare_month,
    ),
    _Rule(
        "year",
        _c(
            rf"(?P<sp>(?P<y>{_YEAR_NB_RE})(?:-?(?:а|та))?\s*(?:г\.|г(?!\w)|год\.|"
            rf"година(?:та)?(?!\w)|години(?!\w)))"
        ),
        _h_year,
    ),
    _Rule(
        "bare_year",
        _c(
            rf"(?P<pre>{_alt(_BARE_YEAR_PRE, word_start=True)})\s*(?<=\s|©)(?P<sp>(?P<y>"
            rf"(?:19|20)\d\d))"
            rf"(?![\w\-]|[.,:/]\d){_NOT_AFTER_RE}"
        ),
        _h_bare_year,
        priority=6,
    ),
    _Rule(
        "year_interval",
        _c(
            rf"(?<![\w.,/:\-])(?P<sp>(?:(?P<pre>от|между)\s+)?(?P<y1>{_YEAR_RE})(?:\s*г\.)?\s*"
            rf"(?P<sep>[\-–—/]|до|и)\s*(?P<y2>{_YEAR_RE})(?!\d)(?P<suf>\s*(?:г\.|г(?!\w)|год\.|"
            rf"години(?!\w)|година(?!\w)))?){_NOT_AFTER_RE}"
        ),
        _h_year_interval,
    ),
    _Rule(
        "day_interval",
        _c(
            rf"(?P<sp>{_NB}(?P<d1>{_DAY_NUM_RE})\s*[\-–—]\s*(?P<d2>{_DAY_NUM_RE})\s+"
            rf"(?P<m>{_MONTH_RE})(?:\s*,?\s*(?P<y>{_YEAR_RE})(?!\d){_YSUF})?)"
        ),
        _h_day_interval,
    ),
    _Rule(
        "day_interval_words",
        _c(
            rf"(?<![\w\-])(?P<sp>(?P<pre>от|между)\s+(?P<d1>{_DAY_RE})(?:\s+(?P<m1>{_MONTH_RE})"
            rf"(?:\s*(?P<y1>{_YEAR_RE})(?!\d){_YSUF})?)?\s+(?P<sep>до|и)\s+(?P<d2>{_DAY_RE})\s+"
            rf"(?P<m2>{_MONTH_RE})(?:\s*,?\s*(?P<y2>{_YEAR_RE})(?!\d){_YSUF})?)"
        ),
        _h_day_interval,
    ),
    _Rule(
        "month_interval",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:(?P<pre>от|между)\s+)?(?:месец\s+)?(?P<m1>{_MONTH_FULL_RE})"
            rf"(?:\s+(?P<y1>{_YEAR_RE})(?!\d){_YSUF})?(?:\s*(?P<sep>[\-–—]|до|и)\s*|\s+)(?:месец\s+)?"
            rf"(?P<m2>{_MONTH_FULL_RE})(?!\w)(?:\s*,?\s*(?P<y2>{_YEAR_RE})(?!\d){_YSUF})?)"
        ),
        _h_month_interval,
    ),
    _Rule(
        "decade",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:{_NB}(?P<c>1\d|20)?(?P<dd>\d)0-(?:те|тe)|(?<![\w\-])(?P<w>"
            rf"{_alt(DECADE_WORD)}))(?!\w)(?:\s+години)?(?:\s+на\s+(?P<cref>"
            rf"{_REL_RE}\s+век(?!\w)|{_CENTURY_RE}))?)"
        ),
        _h_decade,
    ),
    _Rule("century", _c(rf"(?<![\w\-])(?P<sp>{_CENTURY_RE})"), _h_century),
    _Rule(
        "quarter",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:(?P<o>{_alt(PERIOD_ORDINAL)})\s+(?P<u>тримесечие|полугодие)|"
            rf"(?P<half>първата|втората)\s+половина)(?:\s+на\s+(?:финансовата\s+)?(?:"
            rf"(?P<y>{_YEAR_RE})(?!\d){_YSUF}|(?P<rel>{_REL_RE})\s+година|(?P<cur>годината)))?)"
            rf"(?!\w)"
        ),
        _h_quarter,
    ),
    _Rule(
        "season",
        _c(
            rf"(?<![\w\-])(?:(?P<pre>{_PREP_RE}|{_PART_RE}\s+на)\s+(?:(?:целия|цялото|цялата)\s+)?)?"
            rf"(?P<sp>(?:(?P<rel>{_REL_RE})"
            rf"\s+)?(?P<s>{_SEASON_RE})(?!\w)(?:\s+на\s+(?P<y>{_YEAR_RE})(?!\d){_YSUF})?)"
        ),
        _h_season,
    ),
    _Rule("relative", _c(rf"(?P<sp>{_alt(REL_FIXED, word_start=True)})(?!\w)"), _h_rel_fixed),
    _Rule(
        "relative_period",
        _c(
            rf"(?P<sp>(?P<rel>{_alt(REL_MOD, word_start=True)})\s+(?P<u>{_alt(PERIOD_NOUN)}))(?!\w)"
        ),
        _h_rel_period,
    ),
    _Rule(
        "current_period",
        _c(
            rf"(?P<sp>(?P<part>{_alt(PART_OF, word_start=True)})\s+на\s+"
            rf"(?P<u>{_alt(CURRENT_PERIOD)}))(?!\w)"
        ),
        _h_current_period,
    ),
    _Rule(
        "weekday",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:(?P<rel>{_REL_RE})\s+)?(?P<wd>{_WD_RE})(?:\s+(?P<wrel>"
            rf"{_REL_RE})\s+седмица(?!\w))?)"
        ),
        _h_weekday,
    ),
    _Rule(
        "weekend",
        _c(rf"(?<![\w\-])(?P<sp>(?:(?P<rel>{_REL_RE})\s+)?уикенд(?:а|ът)?)(?!\w)"),
        _h_weekend,
    ),
    _Rule(
        "offset",
        _c(
            rf"(?P<sp>(?P<dir>{_alt(('преди', 'отпреди', 'след'), word_start=True)})\s+"
            rf"(?:(?:около|близо|почти|малко\s+над|над|"
            rf"повече\s+от|по-малко\s+от|едва|само)\s+)?(?:(?P<n>\d{{1,4}}(?:,\d)?|"
            rf"{_NUMWORD_RE})\s+)?(?P<u>{_UNIT_RE}))(?!\w)"
        ),
        _h_offset,
    ),
    _Rule(
        "duration",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:{_NB}(?P<n>\d{{1,4}}(?:[,.]\d(?!\d))?)|(?<![\w\-])(?P<nw>{_NUMWORD_RE}))\s+"
            rf"(?P<u>{_UNIT_RE})(?!\w)(?P<dot>(?:(?<=[гч])|(?<=ек)|(?<=ин))\.)?{_HALF}|"
            rf"(?<![\w\-])(?P<u2>година|месец|седмица|ден|час)"
            rf"\s+и\s+половина(?!\w))"
        ),
        _h_duration,
        priority=7,
    ),
    _Rule(
        "time",
        _c(
            rf"(?<![\w\-])(?:(?P<pre>в|във|от|до|около|към|след|преди|между)\s+)?(?P<sp>{_NB}"
            rf"(?P<h>[01]?\d|2[0-4])(?:[:.](?P<mi>[0-5]\d))?(?![\d]|[.:,]\d)(?:\s*(?P<suf>ч\.|"
            rf"ч(?!\w)|часа(?!\w)))?(?:\s+(?P<dp>{_DP}))?(?!\w))"
        ),
        _h_time,
        priority=3,
    ),
    _Rule(
        "time_words",
        _c(
            rf"(?<![\w\-])(?:в|във|около|към)\s+(?P<sp>(?P<hw>{_NUMWORD_RE})(?:\s+и\s+"
            rf"(?P<mw>{_NUMWORD_RE}))?\s+часа(?:\s+(?P<dp>{_DP}))?)(?!\w)"
        ),
        _h_time_words,
        priority=3,
    ),
    _Rule(
        "duration_adjective",
        _c(
            rf"(?<![\w\-])(?P<sp>(?:(?P<n>\d{{1,3}})\s?-\s?|(?P<nw>{_alt(_ADJ_PREFIX)}))"
            rf"(?P<u>годиш|месеч|седмич|днев|минут|часов)(?:ен|на|но|ни|ния|ният|ната|ното|ните|"
            rf"(?<=в)(?:а|о|и|ия|ият|ата|ото|ите)?))(?!\w)"
        ),
        _h_duration_adjective,
    ),
    _Rule(
        "last_next",
        _c(
            rf"(?P<sp>(?P<ln>{_alt(_LAST_NEXT_STEMS, word_start=True)})(?:ите|ия|ият|ата|ото)"
            rf"\s+(?:(?P<adj>[а-яѝ]+)\s+)?(?:(?P<n1>{_NUMWORD_RE}|\d{{1,3}})\s+до\s+"
            rf"(?:{_NUMWORD_RE}|\d{{1,3}})\s+)?(?P<u>{_UNIT_RE}))(?!\w)"
        ),
        _h_last_next,
    ),
    _Rule(
        "earlier",
        _c(
            rf"(?P<sp>{_alt(['по-рано'], word_start=True)}"
            rf"(?:\s+(?P<day>днес|през\s+деня|тази\s+сутрин))?)(?!\w)"
        ),
        _h_earlier,
        priority=6,
    ),
    _Rule(
        "bare_unit",
        _c(
            r"(?<![\w\-])(?:(?P<pre>за|от|в\s+продължение\s+на)\s+)?(?P<sp>(?P<u>седмица|месец|"
            r"година|ден|денонощие|десетилетие|век|столетие|час|минута|секунда))(?!\w)"
            r"(?P<post>\s+(?:по-късно|по-рано|след|преди)(?!\w))?"
        ),
        _h_bare_unit,
        priority=8,
    ),
    _Rule(
        "month_day_year",
        _c(
            rf"(?<![\w\-])(?P<sp>(?P<m>{_MONTH_FULL_RE})\s+(?P<d>[12]\d|3[01]|0?[1-9])\s*,\s*"
            rf"(?P<y>{_YEAR_RE})(?!\d){_YSUF})"
        ),
        _h_month_day_year,
    ),
    _Rule(
        "ordinal_day",
        _c(
            rf"{_alt(('на', 'до', 'от', 'след', 'преди'), word_start=True)}\s+"
            rf"(?P<sp>(?P<d>{_ORD_RE}))(?=\s*(?:$|[,.;!?)]))"
        ),
        _h_ordinal_day,
    ),
    _Rule(
        "this_year",
        _c(
            rf"{_alt(('за', 'през'), word_start=True)}\s+"
            rf"(?P<sp>годината)(?!\w|\s+(?:на|преди|след|\d))"
        ),
        _h_this_year,
    ),
    _Rule("vague", _c(rf"(?P<sp>{_alt(VAGUE, word_start=True)})(?!\w)"), _h_vague, priority=6),
    _Rule("set", _c(rf"(?P<sp>{_alt(SETS, word_start=True)})(?!\w)"), _h_set),
    _Rule(
        "holiday",
        _c(
            rf"(?<![\w\-])(?P<sp>(?P<hol>{_alt(HOLIDAYS)})(?!\w)(?:\s+(?P<y>{_YEAR_RE})(?!\d)"
            rf"{_YSUF})?)"
        ),
        _h_holiday,
    ),
    _Rule("year_words", _c(rf"(?<![\w\-])(?P<sp>{_YEAR_WORDS_RE})"), _h_year_words),
    _Rule(
        "new_year", _c(rf"(?P<sp>{_alt(['новата година'], word_start=True)})(?!\w)"), _h_new_year
    ),
]


def _words_of(forms: Iterable[str]) -> frozenset[str]:
    return frozenset(w for f in forms for w in f.lower().split())


# words too common to make a multi-word form worth looking for
_COMMON_WORDS = frozenset(
    {"на", "в", "от", "до", "за", "и", "преди", "два", "две", "три", "година", "години"}
    | {"деня", "денят", "ден", "вечер", "нова"}
)


def _key_words(forms: Iterable[str]) -> frozenset[str]:
    """One distinctive word of each form: its longest word that is not a common one."""
    out = set()
    for form in forms:
        words = form.lower().split()
        rare = [w for w in words if w not in _COMMON_WORDS]
        out.add(max(rare, key=len) if rare else words[0])
    return frozenset(out)


# Which words make a rule worth running: a sentence is scanned only by the rules whose
# trigger words (or digit patterns) it contains.
_TRIGGERS: dict[str, frozenset[str]] = {
    "month": frozenset(MONTH_OF),
    "weekday": frozenset(WEEKDAY_OF),
    "rel": frozenset(w for w in REL_MOD if " " not in w),
    "relfixed": _key_words(REL_FIXED),
    "part": frozenset(PART_OF),
    "season": frozenset(w for f in SEASON_OF for w in f.split()[:1]),
    "holiday": _key_words(HOLIDAYS),
    "vague": _key_words(VAGUE),
    "set": frozenset(w for f in SETS for w in f.split()[:1] if w not in _COMMON_WORDS)
    | {"ден", "денонощие", "седмица", "месец"}
    | {"всеки", "всяка", "всяко", "пъти"},
    # `г` (as in `2018 г.`) is too common to be a trigger: `\d г.` is a digit trigger instead
    "unit": _words_of(UNIT_OF) - {"г"},
    "sgunit": frozenset(f for f, (_, number) in UNIT_OF.items() if number == "sg"),
    "dir": frozenset({"преди", "отпреди", "след"}),
    "count": frozenset(w for w in NUMBER_OF if " " not in w) | {"половина"},
    "century": frozenset({"век", "века"}),
    "decade": frozenset(DECADE_WORD) | {"те"},
    "decadeword": _words_of(DECADE_WORD),
    "quarter": frozenset({"тримесечие", "полугодие", "половина"}),
    "weekend": frozenset({"уикенд", "уикенда", "уикендът"}),
    "newyear": frozenset({"новата"}),
    "yearword": frozenset({"хиляда", "хиляди", "хилядна", "двехилядна", "двехилядната"}),
    "clock": frozenset({"ч", "часа", "сутринта", "следобед", "вечерта", "нощта", "обяд"}),
    "fromto": frozenset({"от", "между"}),
    "periodnoun": frozenset(PERIOD_NOUN),
    "curperiod": frozenset(CURRENT_PERIOD),
    "tg": frozenset({"т", "м"}),
    "lastnext": frozenset(
        stem + end for stem in _LAST_NEXT_STEMS for end in ("ите", "ия", "ият", "ата", "ото")
    ),
    "earlier": frozenset({"рано"}),
    "thisyear": frozenset({"годината"}),
    "ordinal": frozenset(w for f in ORDINAL_OF for w in f.split()[-1:]),
}
# digit patterns that make the numeric rules worth running
# One scan finds every digit pattern worth a flag: each digit is tried against lookaheads
# (`2018` year4; `12.30` clock and dotted; `14:30` clock; `1/12`, `XI` dotted; `2-3` dashdigits;
# `3 г.` a duration unit).
# (`2018-11-05` iso; `90-те` decadedigits; `14, 2015` comma). A digit with none of them does
# not match: any digit at all sets the flag `digit` (see _flags).
_DIGIT_SCAN_RE = re.compile(
    r"\d(?:(?=(?P<year4>\d{3})(?P<iso>-[01]\d-)?)|(?=(?P<clockdot>\.\d\d))|(?=(?P<clock>:\d\d))|"
    r"(?=(?P<dotted>\s?[./]\s?[\dIVXХ]))|(?=(?P<dashdigits>\s*[\-–—]\s*\d))|(?=(?P<unit>\s?г\.))|"
    r"(?=(?P<decadedigits>0-[тТ]))|(?=(?P<comma>\s*,\s*\d)))"
)
# the groups that are four digits (two of them make a year interval possible)
_YEAR4_GROUPS = frozenset({"year4", "iso"})
_DIGIT_FLAGS: dict[str | None, frozenset[str]] = {
    None: frozenset(),  # (no match lacks a group; the key keeps `lastgroup` typed)
    "year4": frozenset({"year4"}),
    "iso": frozenset({"year4", "iso"}),
    "decadedigits": frozenset({"decadedigits"}),
    "comma": frozenset({"comma"}),
    "clockdot": frozenset({"clock", "dotted"}),
    "clock": frozenset({"clock"}),
    "dotted": frozenset({"dotted"}),
    "dashdigits": frozenset({"dashdigits"}),
    "unit": frozenset({"unit"}),
}
_CENTURY_ABBR_RE = re.compile(r"[IVXХ]\s*в\.")
# A rule runs only when, for each of its groups, one of the group's flags is set.
_NEEDS: dict[str, tuple[frozenset[str], ...]] = {
    name: tuple(frozenset(group.split()) for group in groups.split(";"))
    for name, groups in {
        "day_month": "month",
        "numeric": "dotted",
        "numeric_year_less": "dotted",
        "iso": "iso",
        "month_year": "month; year4 rel tg relfixed",
        "bare_month": "month",
        "year": "year4",
        "bare_year": "year4",
        "year_interval": "year4pair",
        "day_interval": "month; dashdigits",
        "day_interval_words": "month; fromto; digit ordinal",
        "month_interval": "monthpair",
        "decade": "decade; decadeword decadedigits",
        "century": "century",
        "quarter": "quarter",
        "season": "season",
        "relative": "relfixed",
        "relative_period": "rel; periodnoun",
        "current_period": "part; curperiod",
        "weekday": "weekday",
        "weekend": "weekend",
        "offset": "dir; unit",
        "duration": "unit; digit count",
        "time": "clock",
        "vague": "vague",
        "set": "set",
        "holiday": "holiday",
        "new_year": "newyear",
        "year_words": "yearword",
        "time_words": "clock",
        "duration_adjective": "adjective",
        "last_next": "lastnext; unit",
        "earlier": "earlier",
        "bare_unit": "sgunit",
        "this_year": "thisyear",
        "month_day_year": "month; year4; comma",
        "ordinal_day": "ordinal",
    }.items()
}
_DIGIT_RE = re.compile(r"\d")


# Flags are bits of one int: a sentence's flags are the OR of its trigger words' masks and
# its digit patterns' masks, and the plan for a set of flags is computed once per distinct set.
_FLAG_NAMES = sorted(
    set(_TRIGGERS)
    | {flag for flags in _DIGIT_FLAGS.values() for flag in flags}
    | {flag for groups in _NEEDS.values() for group in groups for flag in group}
    | {"digit", "monthpair", "year4pair", "century", "adjective"}
)
_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(_FLAG_NAMES)}


def _mask(flags: Iterable[str]) -> int:
    out = 0
    for flag in flags:
        out |= _BIT[flag]
    return out


_MASK_OF: dict[str, int] = {}
for _name, _trigger in _TRIGGERS.items():
    for _word in _trigger:
        _MASK_OF[_word] = _MASK_OF.get(_word, 0) | _BIT[_name]
_TRIGGER_WORDS = frozenset(_MASK_OF)
_DIGIT_MASKS = {group: _mask(flags) | _BIT["digit"] for group, flags in _DIGIT_FLAGS.items()}
_DIGIT_BIT = _BIT["digit"]
_MONTHPAIR_BIT = _BIT["monthpair"]
_YEAR4PAIR_BIT = _BIT["year4pair"]
_CENTURY_BIT = _BIT["century"]
_ADJECTIVE_BIT = _BIT["adjective"]
_ADJ_STEMS = tuple(_ADJ_UNIT)


def _flags(text: str, lower: str) -> int:
    """The flags (bits of `_BIT`) of a sentence: its trigger words and digit patterns."""
    flags = 0
    months = 0
    for word in _TRIGGER_WORDS.intersection(_TOKEN_RE.findall(lower)):
        flags |= _MASK_OF[word]
        months += word in MONTH_OF
    if months > 1:
        flags |= _MONTHPAIR_BIT
    # the digit patterns only look ahead, so the scan can start at the first digit
    digit = _DIGIT_RE.search(text)
    if digit is not None:
        flags |= _DIGIT_BIT
        years = 0
        for m in _DIGIT_SCAN_RE.finditer(text, digit.start()):
            flags |= _DIGIT_MASKS[m.lastgroup]
            years += m.lastgroup in _YEAR4_GROUPS
        if years > 1:
            flags |= _YEAR4PAIR_BIT
    if not flags & _CENTURY_BIT and "в." in text and _CENTURY_ABBR_RE.search(text):
        flags |= _CENTURY_BIT
    for stem in _ADJ_STEMS:
        if stem in lower:
            flags |= _ADJECTIVE_BIT
            break
    return flags


_UPPER_ESCAPE_RE = re.compile(r"\\[A-Z]")
assert not any(_UPPER_ESCAPE_RE.search(rule.regex.pattern) for rule in RULES)
_FAST = [
    re.compile(rule.regex.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P="))
    for rule in RULES
]
_HAS_SP2 = ["sp2" in rule.regex.groupindex for rule in RULES]
# a rule runs only when each of its groups shares a bit with the flags; every rule has three
# groups here, the missing ones being every bit
_ALL_BITS = (1 << len(_FLAG_NAMES)) - 1
assert all(len(groups) <= 3 for groups in _NEEDS.values())
_NEED_MASKS = [
    (i, *(_mask(group) for group in _NEEDS[rule.name]), _ALL_BITS, _ALL_BITS)[:4]
    for i, rule in enumerate(RULES)
]


@functools.lru_cache(maxsize=4096)
def _plan(flags: int) -> tuple[int, ...]:
    """The rules (indices into RULES, in order) worth running for a set of flags: those for
    which each group shares a bit with `flags`."""
    return tuple(i for i, a, b, c in _NEED_MASKS if flags & a and flags & b and flags & c)


# The month rules scan from a little before the first month name, not from the start of the
# sentence. Each of their matches holds a month name (the lower-cased form the rule matched),
# with at most this many runs of non-spaces before it in the match: a weekday, a comma, a
# day (an ordinal of up to three words), `месец` (day_month); a preposition (`по време на`)
# or a part (`в началото на`) or a relative word, then `месец` (bare_month); `месец`
# (month_year); `от`, a day, `до`, a day (day_interval_words). A match starts at or after
# the point that many runs before the month name it holds, so at or after the point that
# many runs before the first month name (found as a substring, which can only be earlier);
# and `finditer` from a later `pos` finds the same matches (the look-backs still see the
# text before `pos`; the end is untouched).
def _words(forms: Iterable[str]) -> int:
    return max(len(form.split()) for form in forms)


_MONTH_REACH = {
    "day_month": _words(WEEKDAY_OF) + 1 + max(_words(ORDINAL_OF), 1) + 1,
    "bare_month": max(_words(_PREP_FORMS), _words(PART_OF) + 1, _words(REL_MOD)) + 1,
    "month_year": 1,
    # `от|между`, a day, then the month (m1) or `до|и`, a day, then the month (m2)
    "day_interval_words": 1 + 2 * max(_words(ORDINAL_OF), 1) + 1,
}
_MONTH_ANY_RE = re.compile(_alt(form.lower() for form in _MONTH_FULL + _MONTH_ABBR))
# The same for two unit rules, from the first unit word (a unit form at a word start and
# followed by no letter, as each match's unit is: after `\s+`, or at the match's start,
# then `(?!\w)`). A duration match holds a number before its unit (digits: one run; a
# number word: up to `двадесет и пет`, three runs) or starts at its unit (`година и
# половина`); a bare_unit match holds a `pre` (`в продължение на`: three runs) before it.
_UNIT_FORMS = frozenset(UNIT_OF)
_DURATION_U2 = ("година", "месец", "седмица", "ден", "час")
_BARE_UNITS = (
    *("седмица", "месец", "година", "ден", "денонощие", "десетилетие", "век", "столетие"),
    *("час", "минута", "секунда"),
)
assert _UNIT_FORMS.issuperset(_DURATION_U2) and _UNIT_FORMS.issuperset(_BARE_UNITS)
_UNIT_ANY_RE = re.compile(_alt(sorted(_UNIT_FORMS), word_start=True) + r"(?!\w)")
_UNIT_REACH = {
    "duration": max(1, _words(_NUM_TENS) + 1 + _words(_NUM_SMALL), _words(NUMBER_OF)),
    "bare_unit": _words(["за", "от", "в продължение на"]),
}
# for each rule: (0 months | 1 units, reach) or None
_ANCHOR_RES = (_MONTH_ANY_RE, _UNIT_ANY_RE)
_ANCHOR_OF: list[tuple[int, int] | None] = [
    (0, _MONTH_REACH[rule.name])
    if rule.name in _MONTH_REACH
    else (1, _UNIT_REACH[rule.name])
    if rule.name in _UNIT_REACH
    else None
    for rule in RULES
]
# on the reversed text: up to n runs of non-spaces and the spaces after each
_RUNS_BACK = {
    n: re.compile(rf"(?:\s*\S+){{0,{n}}}")
    for n in set(_MONTH_REACH.values()) | set(_UNIT_REACH.values())
}


def _month_scan_from(lower: str, rev: str, first: int, reach: int) -> int:
    """Where a month rule can start: `reach` runs of non-spaces before offset `first`."""
    back = _RUNS_BACK[reach].match(rev, len(lower) - first)
    assert back is not None  # `{0,n}` matches the empty string
    return len(lower) - back.end()


_PART_BEFORE_RE = _c(rf"(?<![\w\-])(?P<part>{_PART_RE})\s+на\s+$")
_PART_PRECISIONS = {"year", "month", "week", "decade", "century", "season", "quarter", "half"}
_COMMA_LINK_RE = re.compile(r"\s*,\s*$")
_TIME_LINK_RE = _c(r"^\s*(?:г\.)?\s*,?\s*(?:в|във|от|около|към|до)?\s*$")


# --------------------------------------------------------------------------- engine
# case-sensitive twins of the blockers (written in lower case), run on the lower-cased text
# (see find_dates)
_BLOCKERS_FAST = [re.compile(b.pattern) for b in _BLOCKERS]
assert all(_UPPER_ESCAPE_RE.sub("", b.pattern).islower() for b in _BLOCKERS)
_AGE_EXCEPT_FAST = re.compile(_AGE_EXCEPT_RE.pattern)


def _blocked_spans(text: str, lower: str) -> list[tuple[int, int]]:
    fast = len(lower) == len(text)
    scanned = lower if fast else text
    blockers = _BLOCKERS_FAST if fast else _BLOCKERS
    age_except = _AGE_EXCEPT_FAST if fast else _AGE_EXCEPT_RE
    spans = []
    for index, (gate, regex) in enumerate(zip(_BLOCKER_GATES, blockers, strict=True)):
        if not gate.search(lower):
            continue
        for m in regex.finditer(scanned):
            if index == 4 and age_except.search(scanned, 0, m.start()):
                continue
            spans.append(m.span())
    return spans


# the same values recur across sentences (a year, a month): each one is parsed once
_cached_value_range = functools.lru_cache(maxsize=4096)(value_range)


_ONE_DAY = dt.timedelta(days=1)


def _mention(ctx: _Ctx, start: int, end: int, val: _Val) -> DateMention:
    one = _ONE_DAY
    if val.has_range:
        rs, re_ = val.range_start, val.range_end
    elif val.value == "PRESENT_REF":
        rs, re_ = ctx.ref_start, ctx.ref_end
    elif val.value == "PAST_REF":
        rs, re_ = None, ctx.ref_start - one
    elif val.value == "FUTURE_REF":
        rs, re_ = ctx.ref_end + one, None
    elif val.kind in ("duration", "set"):
        rs = re_ = None
    else:
        rs, re_ = _cached_value_range(val.value)
    return DateMention(
        start=start,
        end=end,
        text=ctx.text[start:end],
        kind=val.kind,
        value=val.value,
        precision=val.precision,
        range_start=rs,
        range_end=re_,
        resolution=val.resolution,
        modifier=val.modifier,
    )


def find_dates(text: str, reference: Reference) -> list[DateMention]:
    """Every date expression in `text` (normally one sentence), resolved against `reference`.

    Mentions are sorted by start and never overlap; the longest match wins.
    """
    lower = text.lower()
    plan = _plan(_flags(text, lower))
    # most sentences have a trigger word or digit but no rule worth running
    if not plan:
        return []
    # made at the first match (the rules of many sentences find nothing)
    ctx: _Ctx | None = None
    # the rules run case-sensitively on the lower-cased text (twice as fast as IGNORECASE)
    # unless lower-casing changed the length, which would shift the offsets
    fast = len(lower) == len(text)
    scanned = lower if fast else text
    found: list[tuple[int, int, int, _Val]] = []
    blocked: list[tuple[int, int]] | None = None
    # where each anchor (see _ANCHOR_OF) first occurs: unknown yet, -1 for nowhere
    firsts = [-2, -2]
    rev = ""
    for index in plan:
        rule = RULES[index]
        has_sp2 = _HAS_SP2[index]
        pos = 0
        anchor = _ANCHOR_OF[index]
        if anchor is not None and fast:  # a month or unit rule (see _MONTH_REACH)
            which, reach = anchor
            first = firsts[which]
            if first == -2:
                hit = _ANCHOR_RES[which].search(lower)
                first = firsts[which] = -1 if hit is None else hit.start()
            if first >= 0:
                if not rev:
                    rev = lower[::-1]
                pos = _month_scan_from(lower, rev, first, reach)
        for m in (_FAST[index] if fast else rule.regex).finditer(scanned, pos):
            sp = "sp2" if has_sp2 and m["sp2"] is not None else "sp"
            start, end = m.span(sp)
            if start == end:
                continue
            if ctx is None:
                ctx = _Ctx(text, reference, *_ref_range(reference), lower)
            val = rule.handler(m, ctx)
            if val is None:
                continue
            # every blocker (amounts, codes, ages, phone numbers, URLs) involves digits
            if _DIGIT_RE.search(text, start, end):
                if blocked is None:
                    blocked = _blocked_spans(text, lower)
                if any(s < end and start < e for s, e in blocked):
                    continue
            found.append((start, end, rule.priority, val))
    if not found:
        return []
    assert ctx is not None  # made for the first match
    chosen: list[tuple[int, int, int, _Val]] = []
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
    for start, end, _, val in chosen:
        if val.kind == "date" and val.precision in _PART_PRECISIONS and val.modifier is None:
            part = (
                _PART_BEFORE_RE.search(text, max(0, start - 30), start)
                if text[max(0, start - 4) : start].rstrip().lower().endswith("на")
                else None
            )
            if part and (previous is None or previous.end <= part.start()):
                start = part.start()
                val = val._replace(modifier=PART_OF[_key(part["part"])])
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
