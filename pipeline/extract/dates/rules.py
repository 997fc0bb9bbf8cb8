"""The date rules: one regular expression per shape of date expression, the handler that reads
its matches, and the trigger words that make it worth running on a sentence.

To add a rule: add a `Rule` to `RULES` here (its regex, built from the pieces below, with a
group `sp` around the span it finds), its handler in `handlers.py`, and example rows in
`tests/data/dates_examples.tsv`. `needs` names the trigger flags without which the rule cannot
match (see `prefilter.py`); a flag that does not exist is an error at import, and
`tests/test_dates_rules.py` fails for a rule that finds none of its examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.extract.dates import handlers as h
from pipeline.extract.dates.lexicons import (
    AFTER_DAY_RANGE,
    BARE_UNITS,
    COUNT_TENS,
    COUNT_UNITS,
    CURRENT_PERIOD,
    DAY_PART_SHIFT,
    DECADE_WORD,
    HOLIDAYS,
    MONTH_ABBR_FORMS,
    MONTH_FULL_FORMS,
    NOT_ADJECTIVES,
    NOT_AFTER_NUMBER,
    NUMBER_OF,
    ORDINAL_OF,
    PART_OF,
    PERIOD_ADJECTIVE,
    PERIOD_NOUN,
    PERIOD_ORDINAL,
    REL_ADJECTIVE,
    REL_ADJECTIVE_ENDINGS,
    REL_FIXED,
    REL_MOD,
    SEASON_OF,
    SETS,
    UNIT_OF,
    VAGUE,
    WEEKDAYS,
    YEAR_WORD,
)
from pipeline.extract.dates.year_choice import Context, Value
from pipeline.extract.lexicon import trie_pattern

Handler = Callable[[re.Match[str], Context], "Value | None"]

# --------------------------------------------------------------------------- regex pieces
# The rules run case-sensitively on the lower-cased sentence: write them in lower case, with
# no upper-case escapes (`\S`, `\W`, `\D`, checked below).
NUMBER_START = r"(?<![\w.,/:\-])"  # a number starts here: not inside a word, amount or code
MONTH_FULL_RE = trie_pattern(MONTH_FULL_FORMS)
MONTH_RE = rf"(?:{MONTH_FULL_RE}(?!\w)|{trie_pattern(MONTH_ABBR_FORMS)}(?!\w)\.?)"
ROMAN_MONTH_RE = r"(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I|ХII|ХI|IХ|Х)"
DAY_NUM_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:-?(?:ви|ри|ти|ми|ия|и)(?!\w))?"
ORDINAL_DAY_RE = trie_pattern(ORDINAL_OF)
DAY_RE = rf"(?:{NUMBER_START}{DAY_NUM_RE}(?!\d)|(?<![\w\-]){ORDINAL_DAY_RE}(?!\w))"
YEAR_RE = r"(?:1\d|20|21)\d\d"
YEAR_SUFFIX = r"(?:-?(?:а|та)(?!\w))?(?:\s*(?:г\.|г(?!\w)|год\.|година(?:та)?(?!\w)))?"
# full weekday names, or an abbreviation with its dot (`пон.`, `нед.`)
WEEKDAY_RE = (
    rf"(?:{trie_pattern(r['form'] for r in WEEKDAYS if r['type'] == 'full')}(?!\w)|"
    rf"{trie_pattern(r['form'] for r in WEEKDAYS if r['type'] == 'abbr')}\.)"
)
REL_RE = trie_pattern(REL_MOD)
# a year named relative to the reference after a date: `миналата година`, `т.г.` (this year)
REL_YEAR_RE = rf"(?:{REL_RE}\s+година(?!\w)|т\.\s?г\.|м\.\s?г\.|догодина(?!\w)|лани(?!\w))"
UNIT_RE = trie_pattern(UNIT_OF)
# a count in words: `двадесет и пет`, or one word (`три`, `няколко`)
NUMWORD_RE = (
    rf"(?:{trie_pattern(COUNT_TENS)}\s+и\s+{trie_pattern(COUNT_UNITS)}|{trie_pattern(NUMBER_OF)})"
    r"(?!\w)"
)
PART_RE = trie_pattern(PART_OF)
YEAR_WORD_RES = {
    kind: trie_pattern(f for f, (_, t) in YEAR_WORD.items() if t == kind)
    for kind in ("thousand", "cardinal", "ordinal", "ordinal_thousand")
}
# a year written in words: `две хиляди двадесет и пета година`, `двехилядната година`
YEAR_WORDS_RE = (
    rf"(?:{YEAR_WORD_RES['thousand']}(?:\s+(?:и\s+)?{YEAR_WORD_RES['cardinal']}(?!\w))*\s+(?:и\s+)?{YEAR_WORD_RES['ordinal']}"
    rf"|{YEAR_WORD_RES['ordinal_thousand']})(?:та)?\s+година(?:та)?(?!\w)"
)
SEASON_RE = trie_pattern(SEASON_OF)
ROMAN_RE = r"[IVXХІ]{1,6}"
CENTURY_RE = (
    rf"(?:{ROMAN_RE}(?!\w)\s*(?:век(?:а)?(?!\w)|в\.)|\d{{1,2}}-?(?:и|ви|ри|ти|ми)?\s+век(?:а)?"
    rf"(?!\w)|{ORDINAL_DAY_RE}\s+век(?:а)?(?!\w))"
)
PREP_FORMS = (
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
PREP_RE = "(?:" + "|".join(form.replace(" ", r"\s+") for form in PREP_FORMS) + ")"
NOT_AFTER_RE = rf"(?!\s*{trie_pattern(NOT_AFTER_NUMBER)}(?!\w))"
DAY_PART_RE = trie_pattern(DAY_PART_SHIFT)
AND_A_HALF_RE = r"(?P<half_w>\s+и\s+половина)?"
# one adjective before a noun of time (`мека зима`, `мекия декември`): a word with the ending
# given, not a relative word (`миналата`) nor one of `dates_not_adjectives.tsv`
_NOT_ADJECTIVE_RE = rf"(?!(?:{REL_RE}|{trie_pattern(NOT_ADJECTIVES)})\s)"
FEMININE_NEUTER_ADJECTIVE_RE = rf"{_NOT_ADJECTIVE_RE}[а-яѝ]{{2,}}(?:а|о)"
MASCULINE_DEFINITE_ADJECTIVE_RE = rf"{_NOT_ADJECTIVE_RE}[а-яѝ]{{2,}}(?:ия|ият)"
# a span of clock times with the unit after the second (`15 до 17 часа`, `9 и 12 ч.`,
# `8:30 до 17:00 ч.`), group `sp2` around the second time and its unit, not followed by a
# rate (`от 10 до 12 часа на ден` is a duration)
_HOUR_MINUTE_RE = r"{0}(?P<h{1}>[01]?\d|2[0-4])(?:[:.,](?P<mi{1}>[0-5]\d))?(?![\d]|[.:,]\d)"
TIME_RANGE_FIRST_RE = _HOUR_MINUTE_RE.format(NUMBER_START, "")
TIME_RANGE_REST_RE = (
    rf"\s+(?P<sep>до|и)\s+(?P<sp2>{_HOUR_MINUTE_RE.format(NUMBER_START, '2')}\s*(?:ч\.|"
    rf"ч(?!\w)|часа(?!\w)))(?!\s+(?:на\s+(?:ден|денонощие|седмица|месец)|дневно|седмично|"
    rf"месечно)(?!\w))"
)
REL_ADJECTIVE_FORMS = frozenset(
    stem + end for stem in REL_ADJECTIVE for end in REL_ADJECTIVE_ENDINGS
)

OFFSET_DIRECTIONS = ("преди", "отпреди", "след")
LAST_NEXT_STEMS = ("последн", "следващ", "идн", "предстоящ", "изминал")
LAST_NEXT_ENDINGS = ("ите", "ия", "ият", "ата", "ото")
# `NUMBER_START` then `YEAR_RE`, the look-back after the first digit (the regex opens with `1`
# or `2`)
YEAR_AT_NUMBER_START_RE = r"(?:1(?<![\w.,/:\-]1)\d|2(?<![\w.,/:\-]2)[01])\d\d"
# the words before a bare year (`през 2019`, `в началото на 2019`, `© 2019`), as one trie; no
# form holds a digit and only `©` holds `©`, so at most one of them can be followed by the
# year at a given position, and the trie's longest-first order picks the alternation's pick
BARE_YEAR_PRE = [
    *PREP_FORMS,
    "между",
    *(f"{part} на" for part in PART_OF),
    "©",
]
assert not any(ch.isdigit() for form in BARE_YEAR_PRE for ch in form)
assert [form for form in BARE_YEAR_PRE if "©" in form] == ["©"]

_UPPER_ESCAPE_RE = re.compile(r"\\[A-Z]")


@dataclass(frozen=True)
class Rule:
    """One shape of date expression.

    - name: what the rule finds (a key of `needs` in messages and tests)
    - pattern: the regex, in lower case; the group `sp` is the span of the mention (or, when
      it matches, `relative_span`: the span of a second shape the same regex finds)
    - handler: reads a match into a `Value`, or None when the match is no date after all
    - needs: the trigger flags without which the regex cannot match: groups separated by
      `;`, each a few flags separated by spaces; the rule runs on a sentence that has one flag
      of every group. A flag is a word list or digit pattern of `prefilter.py`, or the rule's
      own name, which stands for its `words`.
    - words: the rule's own trigger words (lower case), when no shared list fits
    - priority: among candidates of the same length, the lowest priority wins
    """

    name: str
    pattern: str
    handler: Handler
    needs: str
    priority: int = 5
    words: frozenset[str] = frozenset()
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # the same regex case-sensitive: it runs on the lower-cased text (twice as fast)
    lower_regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    has_relative_span: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if _UPPER_ESCAPE_RE.search(self.pattern):
            raise ValueError(
                f"date rule {self.name}: an upper-case escape cannot run on lower case"
            )
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))
        lower = self.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")
        object.__setattr__(self, "lower_regex", re.compile(lower))
        object.__setattr__(self, "has_relative_span", "relative_span" in self.regex.groupindex)

    @property
    def need_groups(self) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(group.split()) for group in self.needs.split(";"))


# A rule whose alternatives all start at a word start opens with `(?<![\w\-])` even where
# the alternatives repeat it: a position inside a word then fails at the first test. Where
# a rule opens with a trie of words (`trie_pattern(…, word_start=True)`) or a year, the look-back
# comes after the first character instead, and the engine jumps between first characters
# (not worth it for a trie of many first letters, like the holidays': each letter is a try).
# `от` or `между` at a word start
_FROM_BETWEEN = trie_pattern(("от", "между"), word_start=True)
# `в`, `във`, `около` or `към` at a word start (before a clock time in words)
_AT_CLOCK = trie_pattern(("в", "във", "около", "към"), word_start=True)

RULES: list[Rule] = [
    Rule(
        "day_month",
        (
            rf"(?<![\w\-])(?P<sp>(?:(?<![\w\-])(?P<wd>{WEEKDAY_RE})\s*,?\s*)?(?P<d>{DAY_RE})\s+(?:месец\s+)?"
            rf"(?P<m>{MONTH_RE})(?:\s*,?\s*(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX}|\s+(?P<ry>"
            rf"{REL_YEAR_RE})|\s+(?P<yw>{YEAR_WORDS_RE}))?)"
        ),
        h.day_month,
        # (the day is a number or an ordinal word: `5 май`, `пети май`)
        needs="month; digit ordinal",
    ),
    Rule(
        # `на 20 и 22 май`, `5, 6 и 7 март`: a day in a list of days that share the month
        # written after the last of them
        "day_in_list",
        (
            rf"{NUMBER_START}(?P<sp>(?P<d>{DAY_NUM_RE}))(?!\d)(?=(?:\s*,\s*|\s+(?:и|или)\s+)"
            rf"(?:{DAY_NUM_RE}(?:\s*,\s*|\s+(?:и|или)\s+))?{DAY_NUM_RE}\s+(?P<m>{MONTH_RE})"
            rf"(?:\s*,?\s*(?P<y>{YEAR_RE})(?!\d))?)"
        ),
        h.day_in_list,
        needs="month; comma listand",
    ),
    Rule(
        "numeric",
        (
            rf"{NUMBER_START}(?P<sp>(?P<d>[12]\d|3[01]|0?[1-9])\s?[./]\s?(?P<m>1[0-2]|0?[1-9]|"
            rf"{ROMAN_MONTH_RE})\s?[./]\s?(?P<y>{YEAR_RE}|\d\d)(?![\d]|[.,]\d){YEAR_SUFFIX})"
        ),
        h.numeric,
        needs="dotted",
    ),
    Rule(
        "numeric_year_less",
        (
            r"(?<![\w\-])(?:на|до|от|след|преди|считано\s+от)\s+(?P<sp>(?P<d>[12]\d|3[01]|0?[1-9])"
            r"\.(?P<m>0[1-9]|1[0-2])\.)(?!\d)"
        ),
        h.numeric,
        needs="dotted",
    ),
    Rule(
        "iso",
        rf"{NUMBER_START}(?P<sp>(?P<y>{YEAR_RE})-(?P<m>[01]\d)-(?P<d>[0-3]\d))(?![\w\-]|[.,:]\d)",
        h.iso_date,
        needs="iso",
    ),
    Rule(
        "month_year",
        (
            rf"(?<![\w\-])(?P<sp>(?:месец\s+)?(?P<m>{MONTH_FULL_RE}(?!\w)|{trie_pattern(MONTH_ABBR_FORMS)}\.)"
            rf"(?:\s*,?\s*(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX}|\s+(?P<ry>{REL_YEAR_RE})))"
        ),
        h.month_year,
        needs="month; year4 rel month_year relfixed",
        words=frozenset({"т", "м"}),
    ),
    Rule(
        "bare_month",
        (
            rf"(?<![\w\-])(?:(?:{PREP_RE}|{PART_RE}\s+на)(?:\s+{MASCULINE_DEFINITE_ADJECTIVE_RE})?"
            rf"\s+(?P<sp>(?:месец\s+)?(?P<m>{MONTH_FULL_RE}))|(?P<relative_span>"
            rf"(?P<rel>{REL_RE})\s+(?P<m2>{MONTH_FULL_RE})))(?!\w)"
        ),
        h.bare_month,
        needs="month",
    ),
    Rule(
        # `за юли и август`: a month after `и` / `или` in a list of months (two month names)
        "month_in_list",
        (
            rf"(?P<conj>{trie_pattern(('и', 'или'), word_start=True)})\s+"
            rf"(?P<sp>(?P<m>{MONTH_FULL_RE}))(?!\w)"
        ),
        h.month_in_list,
        needs="monthpair",
    ),
    Rule(
        "year",
        (
            rf"(?P<sp>(?P<y>{YEAR_AT_NUMBER_START_RE})(?:-?(?:а|та))?\s*(?:г\.|г(?!\w)|год\.|"
            rf"година(?:та)?(?!\w)|години(?!\w)))"
        ),
        h.year_with_word,
        needs="year4",
    ),
    Rule(
        "bare_year",
        (
            rf"(?P<pre>{trie_pattern(BARE_YEAR_PRE, word_start=True)})\s*(?<=\s|©)(?P<sp>(?P<y>"
            rf"(?:19|20)\d\d))"
            rf"(?![\w\-]|[.,:/]\d){NOT_AFTER_RE}"
        ),
        h.bare_year,
        needs="year4",
        priority=6,
    ),
    Rule(
        "year_interval",
        (
            rf"(?<![\w.,/:\-])(?P<sp>(?:(?P<pre>от|между)\s+)?(?P<y1>{YEAR_RE})(?:\s*г\.)?\s*"
            rf"(?P<sep>[\-–—/]|до|и)\s*(?:(?P<y2>{YEAR_RE})|(?P<y2s>\d\d))(?!\d)(?P<suf>\s*(?:г\.|"
            rf"г(?!\w)|год\.|години(?!\w)|година(?!\w)))?){NOT_AFTER_RE}"
        ),
        h.year_interval,
        # (`сезон 2025/26`, `2025-26`: the second year in two digits)
        needs="year4pair dotted dashdigits; year4",
    ),
    Rule(
        "day_interval",
        (
            rf"(?P<sp>{NUMBER_START}(?P<d1>{DAY_NUM_RE})\s*[\-–—]\s*(?P<d2>{DAY_NUM_RE})\s+"
            rf"(?P<m>{MONTH_RE})(?:\s*,?\s*(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX})?)"
        ),
        h.day_interval,
        needs="month; dashdigits",
    ),
    Rule(
        "day_interval_words",
        (
            rf"(?P<sp>(?P<pre>{_FROM_BETWEEN})\s+(?P<d1>{DAY_RE})(?:\s+(?P<m1>{MONTH_RE})"
            rf"(?:\s*(?P<y1>{YEAR_RE})(?!\d){YEAR_SUFFIX})?)?\s+(?P<sep>до|и)\s+(?P<d2>{DAY_RE})\s+"
            rf"(?P<m2>{MONTH_RE})(?:\s*,?\s*(?P<y2>{YEAR_RE})(?!\d){YEAR_SUFFIX})?)"
        ),
        h.day_interval,
        needs="month; day_interval_words; digit ordinal",
        words=frozenset({"от", "между"}),
    ),
    Rule(
        # `между 20-22 … до края на септември`: a day range whose month is named elsewhere in
        # the sentence (not right after it: that is `day_interval`), followed by a word of
        # `dates_after_day_range.tsv`, a definite noun (`Между 25-31 центровете`) or a
        # punctuation mark; not a count (`между 10-12 градуса`, `между 20-30 души`)
        "day_range_month_elsewhere",
        (
            rf"(?P<sp>{trie_pattern(('между',), word_start=True)}\s+"
            rf"(?P<d1>[12]\d|3[01]|0?[1-9])\s*[\-–—]\s*(?P<d2>[12]\d|3[01]|0?[1-9]))"
            rf"(?=\s*(?:[,;:!?)–—]|\.(?!\d)|$)|\s+(?:{trie_pattern(AFTER_DAY_RANGE)}|"
            rf"[а-яѝ]+(?:те|та|то|ът|ят))(?!\w))"
        ),
        h.day_range_month_elsewhere,
        needs="month; dashdigits; day_range_month_elsewhere",
        words=frozenset({"между"}),
    ),
    Rule(
        "month_interval",
        (
            rf"(?<![\w\-])(?P<sp>(?:(?P<pre>от|между)\s+)?(?:месец\s+)?(?P<m1>{MONTH_FULL_RE})"
            rf"(?:\s+(?P<y1>{YEAR_RE})(?!\d){YEAR_SUFFIX})?(?:\s*(?P<sep>[\-–—]|до|и)\s*|\s+)(?:месец\s+)?"
            rf"(?P<m2>{MONTH_FULL_RE})(?!\w)(?:\s*,?\s*(?P<y2>{YEAR_RE})(?!\d){YEAR_SUFFIX})?)"
        ),
        h.month_interval,
        # (`септември 2020 – септември 2025 г.`: one month name twice, with two years)
        needs="monthpair year4pair; month",
    ),
    Rule(
        "decade",
        (
            rf"(?<![\w\-])(?P<sp>(?:{NUMBER_START}(?P<c>1\d|20)?(?P<dd>\d)0-(?:те|тe)|(?<![\w\-])(?P<w>"
            rf"{trie_pattern(DECADE_WORD)}))(?!\w)(?:\s+години)?(?:\s+на\s+(?P<cref>"
            rf"{REL_RE}\s+век(?!\w)|{CENTURY_RE}))?)"
        ),
        h.decade,
        needs="decade; decadeword decadedigits",
    ),
    Rule(
        "century",
        rf"(?<![\w\-])(?P<sp>{CENTURY_RE}|нов(?:ия|ият)\s+век(?!\w))",
        h.century,
        needs="century",
    ),
    Rule(
        "quarter",
        (
            rf"(?<![\w\-])(?P<sp>(?:(?P<o>{trie_pattern(PERIOD_ORDINAL)})\s+(?P<u>тримесечие|полугодие)|"
            rf"(?P<half>първата|втората)\s+половина)(?:\s+на\s+(?:финансовата\s+)?(?:"
            rf"(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX}|(?P<rel>{REL_RE})\s+година|(?P<cur>годината)))?)"
            rf"(?!\w)"
        ),
        h.quarter,
        needs="quarter",
        words=frozenset({"тримесечие", "полугодие", "половина"}),
    ),
    Rule(
        "season",
        (
            rf"(?<![\w\-])(?:(?P<pre>{PREP_RE}|{PART_RE}\s+на)\s+(?:(?:целия|цялото|цялата)\s+)?)?"
            rf"(?:(?P<adj>{FEMININE_NEUTER_ADJECTIVE_RE})\s+)?(?P<sp>(?:(?P<rel>{REL_RE})"
            rf"\s+)?(?P<s>{SEASON_RE})(?!\w)(?:\s+на\s+(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX})?)"
        ),
        h.season,
        needs="season",
    ),
    Rule(
        "relative",
        rf"(?P<sp>{trie_pattern(REL_FIXED, word_start=True)})(?!\w)",
        h.relative,
        needs="relfixed",
    ),
    Rule(
        "relative_period",
        (
            rf"(?P<sp>(?P<rel>{trie_pattern(REL_MOD, word_start=True)})\s+"
            rf"(?:(?P<adj>{trie_pattern(PERIOD_ADJECTIVE)})\s+)?"
            rf"(?P<u>{trie_pattern(PERIOD_NOUN)}))(?!\w)"
        ),
        h.relative_period,
        needs="rel; periodnoun",
    ),
    Rule(
        "current_period",
        (
            rf"(?P<sp>(?P<part>{trie_pattern(PART_OF, word_start=True)})\s+на\s+"
            rf"(?P<u>{trie_pattern(CURRENT_PERIOD)}))(?!\w)"
        ),
        h.current_period,
        needs="part; curperiod",
    ),
    Rule(
        "weekday",
        (
            rf"(?<![\w\-])(?P<sp>(?:(?P<rel>{REL_RE})\s+)?(?P<wd>{WEEKDAY_RE})(?:\s+(?P<wrel>"
            rf"{REL_RE})\s+седмица(?!\w))?)"
        ),
        h.weekday,
        needs="weekday",
    ),
    Rule(
        "weekend",
        rf"(?<![\w\-])(?P<sp>(?:(?P<rel>{REL_RE})\s+)?уикенд(?:а|ът)?)(?!\w)",
        h.weekend,
        needs="weekend",
        words=frozenset({"уикенд", "уикенда", "уикендът"}),
    ),
    Rule(
        "offset",
        (
            rf"(?P<sp>(?P<dir>{trie_pattern(OFFSET_DIRECTIONS, word_start=True)})\s+"
            rf"(?:(?:около|близо|почти|малко\s+над|над|"
            rf"повече\s+от|по-малко\s+от|едва|само)\s+)?(?:(?P<n>\d{{1,4}}(?:,\d)?|"
            rf"{NUMWORD_RE})\s+)?(?P<u>{UNIT_RE}))(?!\w)"
        ),
        h.offset,
        needs="offset; unit",
        words=frozenset(OFFSET_DIRECTIONS),
    ),
    Rule(
        "duration",
        (
            rf"(?<![\w\-])(?P<sp>(?:{NUMBER_START}(?P<n>\d{{1,4}}(?:[,.]\d(?!\d))?)|(?<![\w\-])(?P<nw>{NUMWORD_RE}))\s+"
            rf"(?P<u>{UNIT_RE})(?!\w)(?P<dot>(?:(?<=[гч])|(?<=ек)|(?<=ин))\.)?{AND_A_HALF_RE}|"
            rf"(?<![\w\-])(?P<u2>година|месец|седмица|ден|час)"
            rf"\s+и\s+половина(?!\w))"
        ),
        h.duration,
        needs="unit; digit count",
        priority=7,
    ),
    Rule(
        "time",
        (
            rf"(?<![\w\-])(?:(?P<pre>в|във|от|до|около|към|след|преди|между)\s+)?(?P<sp>{NUMBER_START}"
            rf"(?P<h>[01]?\d|2[0-4])(?:(?P<tsep>[:.,])(?P<mi>[0-5]\d))?(?![\d]|[.:,]\d)(?:\s*(?P<suf>ч\.|"
            rf"ч(?!\w)|часа(?!\w)))?(?:\s+(?P<dp>{DAY_PART_RE}))?(?!\w))"
        ),
        h.clock_time,
        needs="clock",
        priority=3,
    ),
    Rule(
        # `от 15 до 17 часа`, `между 9 и 12 ч.`: a span of clock times, the unit written once
        # (two mentions: this rule the first, `time_range_end` the second)
        "time_range_start",
        rf"(?P<pre>{_FROM_BETWEEN})\s+(?P<sp>{TIME_RANGE_FIRST_RE}){TIME_RANGE_REST_RE}",
        h.time_range,
        needs="clock; digit",
        priority=3,
    ),
    Rule(
        "time_range_end",
        (
            rf"(?P<pre>{_FROM_BETWEEN})\s+{TIME_RANGE_FIRST_RE}"
            rf"{TIME_RANGE_REST_RE.replace('(?P<sp2>', '(?P<sp>')}"
        ),
        h.time_range,
        needs="clock; digit",
        priority=3,
    ),
    Rule(
        "time_words",
        (
            rf"{_AT_CLOCK}\s+(?P<sp>(?P<hw>{NUMWORD_RE})(?:\s+и\s+"
            rf"(?P<mw>{NUMWORD_RE}))?\s+часа(?:\s+(?P<dp>{DAY_PART_RE}))?)(?!\w)"
        ),
        h.time_words,
        needs="clock",
        priority=3,
    ),
    Rule(
        "duration_adjective",
        (
            rf"(?<![\w\-])(?P<sp>(?:(?P<n>\d{{1,3}})\s?-\s?|(?P<nw>{trie_pattern(h.ADJECTIVE_PREFIX)}))"
            rf"(?P<u>{'|'.join(h.ADJECTIVE_UNIT)})(?:ен|на|но|ни|ния|ният|ната|ното|ните|"
            rf"(?<=в)(?:а|о|и|ия|ият|ата|ото|ите)?))(?!\w)"
        ),
        h.duration_adjective,
        needs="adjective",
    ),
    Rule(
        "last_next",
        (
            rf"(?P<sp>(?P<ln>{trie_pattern(LAST_NEXT_STEMS, word_start=True)})"
            rf"(?:{'|'.join(LAST_NEXT_ENDINGS)})"
            rf"\s+(?:(?P<adj>[а-яѝ]+)\s+)?(?:(?P<n1>{NUMWORD_RE}|\d{{1,3}})\s+до\s+"
            rf"(?:{NUMWORD_RE}|\d{{1,3}})\s+)?(?P<u>{UNIT_RE}))(?!\w)"
        ),
        h.last_next,
        needs="last_next; unit",
        words=frozenset({stem + end for stem in LAST_NEXT_STEMS for end in LAST_NEXT_ENDINGS}),
    ),
    Rule(
        "earlier",
        (
            rf"(?P<sp>{trie_pattern(['по-рано'], word_start=True)}"
            rf"(?:\s+(?P<day>днес|през\s+деня|тази\s+сутрин))?)(?!\w)"
        ),
        h.earlier,
        needs="earlier",
        words=frozenset({"рано"}),
        priority=6,
    ),
    Rule(
        "bare_unit",
        (
            r"(?<![\w\-])(?:(?P<pre>за|от|в\s+продължение\s+на|почти|около|близо|цял|цяла|цяло)\s+)?"
            rf"(?P<sp>(?P<u>{trie_pattern(BARE_UNITS)}))(?!\w)"
            r"(?P<post>\s+(?:по-късно|по-рано|след|преди)(?!\w))?"
        ),
        h.bare_unit,
        needs="sgunit",
        priority=8,
    ),
    Rule(
        "month_day_year",
        (
            rf"(?<![\w\-])(?P<sp>(?P<m>{MONTH_FULL_RE})\s+(?P<d>[12]\d|3[01]|0?[1-9])\s*,\s*"
            rf"(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX})"
        ),
        h.month_day_year,
        needs="month; year4; comma",
    ),
    Rule(
        "ordinal_day",
        (
            rf"{trie_pattern(('на', 'до', 'от', 'след', 'преди'), word_start=True)}\s+"
            rf"(?P<sp>(?P<d>{ORDINAL_DAY_RE}))(?=\s*(?:$|[,.;!?)]))"
        ),
        h.ordinal_day,
        needs="ordinal",
    ),
    Rule(
        # `първите два дни на годината`, `последните три месеца на 2025 г.`: a count of days or
        # months at the start or the end of a year or month
        "first_last_count",
        (
            rf"(?P<sp>(?P<fl>{trie_pattern(('първите', 'последните'), word_start=True)})\s+"
            rf"(?P<n>{NUMWORD_RE}|\d{{1,2}}(?!\d))\s+(?P<u>дни|дена|месеца)\s+на\s+"
            rf"(?:(?P<cur>годината|месеца)(?!\w)|(?P<y>{YEAR_RE})(?!\d){YEAR_SUFFIX}|"
            rf"(?P<m>{MONTH_FULL_RE})(?!\w)(?:\s+(?P<my>{YEAR_RE})(?!\d){YEAR_SUFFIX})?))"
        ),
        h.first_last_count,
        needs="first_last_count; count digit",
        words=frozenset({"първите", "последните"}),
    ),
    Rule(
        "this_year",
        (
            rf"{trie_pattern(('за', 'през'), word_start=True)}\s+"
            rf"(?P<sp>годината)(?!\w|\s+(?:на|преди|след|\d))"
        ),
        h.this_year,
        needs="this_year",
        words=frozenset({"годината"}),
    ),
    Rule(
        "vague",
        rf"(?P<sp>{trie_pattern(VAGUE, word_start=True)})(?!\w)",
        h.vague,
        needs="vague",
        priority=6,
    ),
    Rule(
        "set",
        rf"(?P<sp>{trie_pattern(SETS, word_start=True)})(?!\w)",
        h.set_of_times,
        needs="set",
    ),
    Rule(
        "holiday",
        (
            rf"(?<![\w\-])(?P<sp>(?P<hol>{trie_pattern(HOLIDAYS)})(?!\w)(?:\s+(?P<y>{YEAR_RE})(?!\d)"
            rf"{YEAR_SUFFIX})?)"
        ),
        h.holiday,
        needs="holiday",
    ),
    Rule(
        "year_words",
        rf"(?<![\w\-])(?P<sp>{YEAR_WORDS_RE})",
        h.year_words,
        needs="year_words",
        words=frozenset({"хиляда", "хиляди", "хилядна", "двехилядна", "двехилядната"}),
    ),
    Rule(
        "relative_adjective",
        (
            rf"(?P<sp>(?P<stem>{trie_pattern(REL_ADJECTIVE, word_start=True)})"
            rf"(?:{'|'.join(sorted(REL_ADJECTIVE_ENDINGS, key=len, reverse=True))}))(?!\w)"
        ),
        h.relative_adjective,
        needs="relative_adjective",
        words=REL_ADJECTIVE_FORMS,
    ),
    Rule(
        "new_year",
        rf"(?P<sp>{trie_pattern(['новата година'], word_start=True)})(?!\w)",
        h.new_year,
        needs="new_year",
        words=frozenset({"новата"}),
    ),
]
