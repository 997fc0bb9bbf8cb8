"""Which rules are worth running on a sentence (speed only: the output is the same as running
every rule, `tests/test_dates_rules.py` checks it).

A sentence's flags are the trigger-word lists its words fall in and the digit patterns it
holds; a rule runs when, for each group of its `needs`, one of the group's flags is set. The
flags are bits of one int, and the rules worth running for a set of flags are computed once
per distinct set (`plan`). A rule naming a flag that does not exist is an error at import.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from itertools import filterfalse

from pipeline.extract.dates.handlers import ADJECTIVE_UNIT
from pipeline.extract.dates.lexicons import (
    CURRENT_PERIOD,
    DAY_PART_SHIFT,
    DECADE_WORD,
    HOLIDAYS,
    MONTH_OF,
    NUMBER_OF,
    ORDINAL_OF,
    PART_OF,
    PERIOD_NOUN,
    REL_FIXED,
    REL_MOD,
    SEASON_OF,
    SETS,
    UNIT_OF,
    VAGUE,
    WEEKDAY_OF,
)
from pipeline.extract.dates.rules import RULES, Rule
from pipeline.extract.dates.year_choice import TOKEN_RE


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


# The shared word lists: a sentence holding one of the words has the flag. (A rule's own
# `words` are the flag named after the rule.)
TRIGGER_WORDS: dict[str, frozenset[str]] = {
    "month": frozenset(MONTH_OF),
    "weekday": frozenset(WEEKDAY_OF),
    "rel": frozenset(w for w in REL_MOD if " " not in w),
    "relfixed": _key_words(REL_FIXED),
    "part": _key_words(PART_OF),
    "season": frozenset(w for f in SEASON_OF for w in f.split()[:1]),
    "holiday": _key_words(HOLIDAYS),
    "vague": _key_words(VAGUE),
    "set": frozenset(w for f in SETS for w in f.split()[:1] if w not in _COMMON_WORDS)
    | {"ден", "денонощие", "седмица", "месец"}
    | {"всеки", "всяка", "всяко", "пъти"},
    # `г` (as in `2018 г.`) is too common to be a trigger: `\d г.` is a digit trigger instead
    "unit": _words_of(UNIT_OF) - {"г"},
    "sgunit": frozenset(f for f, (_, number) in UNIT_OF.items() if number == "sg"),
    "count": frozenset(w for w in NUMBER_OF if " " not in w) | {"половина"},
    "century": frozenset({"век", "века"}),
    "decade": frozenset(DECADE_WORD) | {"те"},
    "decadeword": _words_of(DECADE_WORD),
    # `в 10 ч.`, `в 14 часа`, and the last word of each part of the day (`след обед`)
    "clock": frozenset({"ч", "часа"}) | frozenset(f.split()[-1] for f in DAY_PART_SHIFT),
    "periodnoun": frozenset(PERIOD_NOUN),
    "curperiod": frozenset(CURRENT_PERIOD),
    "ordinal": frozenset(w for f in ORDINAL_OF for w in f.split()[-1:]),
}
# One scan finds every digit pattern worth a flag: each digit is tried against lookaheads
# (`2018` year4; `2018-11-05` iso; `12.30` clock and dotted; `14:30` clock; `1/12`, `XI`
# dotted; `2-3` dashdigits; `3 г.` a duration unit; `90-те` decadedigits; `14, 2015` comma;
# `20 и 22` listand).
# A digit with none of them does not match: any digit at all sets the flag `digit`.
_DIGIT_SCAN_RE = re.compile(
    r"\d(?:(?=(?P<year4>\d{3})(?P<iso>-[01]\d-)?)|(?=(?P<clockdot>\.\d\d))|(?=(?P<clock>:\d\d))|"
    r"(?=(?P<dotted>\s?[./]\s?[\dIVXХ]))|(?=(?P<dashdigits>\s*[\-–—]\s*\d))|(?=(?P<unit>\s?г\.))|"
    r"(?=(?P<decadedigits>0-[тТ]))|(?=(?P<comma>\s*,\s*\d))|(?=(?P<listand>\s+и(?:ли)?\s+\d)))"
)
# the groups that are four digits (two of them make a year interval possible)
_YEAR4_GROUPS = frozenset({"year4", "iso"})
_DIGIT_FLAGS: dict[str | None, frozenset[str]] = {
    None: frozenset(),  # (no match lacks a group; the key keeps `lastgroup` typed)
    "year4": frozenset({"year4"}),
    "iso": frozenset({"year4", "iso"}),
    "decadedigits": frozenset({"decadedigits"}),
    "comma": frozenset({"comma"}),
    "listand": frozenset({"listand"}),
    "clockdot": frozenset({"clock", "dotted"}),
    "clock": frozenset({"clock"}),
    "dotted": frozenset({"dotted"}),
    "dashdigits": frozenset({"dashdigits"}),
    "unit": frozenset({"unit"}),
}
# flags `flags` sets by code: any digit; two month names; two four-digit numbers; `XX в.`; a
# numeric adjective's stem (`двегодишен`)
_COMPUTED_FLAGS = frozenset({"digit", "monthpair", "year4pair", "century", "adjective"})
_CENTURY_ABBR_RE = re.compile(r"[IVXХ]\s*в\.")
_DIGIT_RE = re.compile(r"\d")


def word_lists(rules: Sequence[Rule]) -> dict[str, frozenset[str]]:
    """The shared lists and the rules' own words, by flag. Raises ValueError for a rule that
    needs a flag nothing sets, whose own words are not one lower-case word each (a sentence's
    words are runs of `\\w`, lower-cased) or are named in no group of its needs."""
    lists = dict(TRIGGER_WORDS)
    names = [rule.name for rule in rules]
    for name in sorted({name for name in names if names.count(name) > 1}):
        raise ValueError(f"date rule {name}: two rules have this name")
    for rule in rules:
        for word in sorted(rule.words):
            if not TOKEN_RE.fullmatch(word) or word != word.lower():
                raise ValueError(f"date rule {rule.name}: {word!r} is no lower-case word")
        if rule.words:
            if rule.name in lists:
                raise ValueError(f"date rule {rule.name}: its name is already a trigger flag")
            if not any(rule.name in group for group in rule.need_groups):
                raise ValueError(f"date rule {rule.name}: its own words are not in its needs")
            lists[rule.name] = rule.words
    known = set(lists) | _COMPUTED_FLAGS | {f for fs in _DIGIT_FLAGS.values() for f in fs}
    for rule in rules:
        for group in rule.need_groups:
            if not group:
                raise ValueError(f"date rule {rule.name}: an empty group in needs {rule.needs!r}")
            for flag in sorted(group - known):
                raise ValueError(f"date rule {rule.name}: no trigger flag {flag!r} (needs)")
    return lists


_WORD_LISTS = word_lists(RULES)
_FLAG_NAMES = sorted(
    set(_WORD_LISTS) | _COMPUTED_FLAGS | {flag for flags in _DIGIT_FLAGS.values() for flag in flags}
)
_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(_FLAG_NAMES)}


def _mask(flags: Iterable[str]) -> int:
    out = 0
    for flag in flags:
        out |= _BIT[flag]
    return out


_MASK_OF: dict[str, int] = {}
for _name, _words in _WORD_LISTS.items():
    for _word in _words:
        _MASK_OF[_word] = _MASK_OF.get(_word, 0) | _BIT[_name]
_TRIGGERS = frozenset(_MASK_OF)
_DIGIT_MASKS = {group: _mask(flags) | _BIT["digit"] for group, flags in _DIGIT_FLAGS.items()}
_DIGIT_BIT = _BIT["digit"]
_MONTHPAIR_BIT = _BIT["monthpair"]
_YEAR4PAIR_BIT = _BIT["year4pair"]
_CENTURY_BIT = _BIT["century"]
_ADJECTIVE_BIT = _BIT["adjective"]
_ADJECTIVE_STEMS = tuple(ADJECTIVE_UNIT)


# the trigger words that can be words of a sentence (runs of `\w`)
_WORD_TRIGGERS = frozenset(word for word in _TRIGGERS if TOKEN_RE.fullmatch(word))


def _trigger_words(lower: str) -> frozenset[str]:
    r"""The trigger words among the words (runs of `\w`) of a lower-cased sentence.

    The same as intersecting `TOKEN_RE.findall(lower)`, with a third fewer instructions: the
    commonest punctuation becomes a space, the text is split at spaces (a piece of letters and
    digits only is one word, compared as it is), and only the pieces with other characters
    left go through `TOKEN_RE` (one `isalnum` of the pieces joined tells whether there are
    any). (A character replaced or split at is never one of `\w`, so no word changes; a
    trigger word with a hyphen, `по-следващата`, is no run of `\w` and never was a trigger:
    `_WORD_TRIGGERS` leaves it out.)"""
    pieces = (
        lower.replace(",", " ")
        .replace(".", " ")
        .replace('"', " ")
        .replace("„", " ")
        .replace("“", " ")
        .replace("-", " ")
        .split()
    )
    found = _WORD_TRIGGERS.intersection(pieces)
    if "".join(pieces).isalnum():  # the common case: every piece is letters and digits
        return found
    rest = " ".join(filterfalse(str.isalnum, pieces))
    if rest:
        return found.union(_WORD_TRIGGERS.intersection(TOKEN_RE.findall(rest)))
    return found


def flags(text: str, lower: str) -> int:
    """The flags (bits of `_BIT`) of a sentence: its trigger words and digit patterns."""
    found = 0
    months = 0
    for word in _trigger_words(lower):
        found |= _MASK_OF[word]
        months += word in MONTH_OF
    if months > 1:
        found |= _MONTHPAIR_BIT
    # the digit patterns only look ahead, so the scan can start at the first digit
    digit = _DIGIT_RE.search(text)
    if digit is not None:
        found |= _DIGIT_BIT
        years = 0
        for m in _DIGIT_SCAN_RE.finditer(text, digit.start()):
            found |= _DIGIT_MASKS[m.lastgroup]
            years += m.lastgroup in _YEAR4_GROUPS
        if years > 1:
            found |= _YEAR4PAIR_BIT
    if not found & _CENTURY_BIT and "в." in text and _CENTURY_ABBR_RE.search(text):
        found |= _CENTURY_BIT
    for stem in _ADJECTIVE_STEMS:
        if stem in lower:
            found |= _ADJECTIVE_BIT
            break
    return found


# A rule runs only when each of its groups shares a bit with the flags. For each group
# position (a rule has at most three) and each flag, the rules (bits of an int, bit i = rule i)
# whose group there holds the flag, or that have no group there (any flag will do): the rules
# worth running are then the AND over the three positions of the OR over the sentence's flags.
assert all(len(rule.need_groups) <= 3 for rule in RULES)
_RULES_OF_FLAG: dict[int, tuple[int, int, int]] = {}
for _flag, _bit in _BIT.items():
    _by_position = [0, 0, 0]
    for _index, _rule in enumerate(RULES):
        _groups = [_mask(group) for group in _rule.need_groups]
        for _position in range(3):
            if _position >= len(_groups) or _groups[_position] & _bit:
                _by_position[_position] |= 1 << _index
    _RULES_OF_FLAG[_bit] = (_by_position[0], _by_position[1], _by_position[2])


@functools.lru_cache(maxsize=4096)
def plan(found: int) -> tuple[int, ...]:
    """The rules (indices into RULES, in order) worth running for a set of flags: those for
    which each group shares a bit with `found`."""
    first = second = third = 0
    while found:
        low = found & -found
        a, b, c = _RULES_OF_FLAG[low]
        first |= a
        second |= b
        third |= c
        found ^= low
    passing = first & second & third
    rules = []
    while passing:
        low = passing & -passing
        rules.append(low.bit_length() - 1)
        passing ^= low
    return tuple(rules)


EVERY_RULE = tuple(range(len(RULES)))
