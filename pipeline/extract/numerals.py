"""Bulgarian numbers: digits with Bulgarian separators, numbers in words, scale words, ordinals.

Pure Python over the tables in `lexicons/numerals_*.tsv`; every regex is compiled once at import.

- `find_numbers(text)`: every cardinal in a text, with offsets (`NumberSpan`).
- `parse_number(text)`: the value of a text that is one cardinal (`"1,35 млрд."`, `"сто и
  двадесет хиляди"`, `"-1.2М"`), else None.
- `find_ordinals(text)` / `parse_ordinal(text)`: the same for ordinals (`"21-ви"`, `"двадесет и
  първата"`).

Digits: a comma is the decimal mark (`1,35`); space, no-break space or dot group thousands
(`6 000`, `6.000.000`, `1 200 000,50`); a dot followed by other than exactly three digits is a
decimal point (`99.99`, `1.5`); two or more comma groups are English grouping (`3,000,000`).
Values are `Decimal`, so `1,35 млрд.` is exactly 1350000000.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipeline.extract.lexicon import load_table, trie_pattern


def words_alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """A regex matching any of `words` as a whole word (not inside a longer word)."""
    return r"(?<![^\W\d_])(?:" + trie_pattern(words, space) + r")(?![^\W\d_])"


@dataclass(frozen=True, slots=True)
class _Word:
    value: Decimal
    kind: str  # zero unit teen ten hundred approx frac_pre frac_post point denom scale
    form: str = ""  # for scales: singular counted plural abbr


def _word_table() -> dict[str, _Word]:
    table: dict[str, _Word] = {}
    for row in load_table("numerals_words.tsv"):
        if row["kind"] != "vague":  # an unknown count (`няколко`): no value, dates read it
            table[row["word"].lower()] = _Word(Decimal(row["value"]), row["kind"])
    for row in load_table("numerals_scales.tsv"):
        table[row["word"].lower()] = _Word(Decimal(row["multiplier"]), "scale", row["form"])
    return table


_WORDS = _word_table()


@cache
def number_words() -> frozenset[str]:
    """Every word of the numeral tables (lower case), the vague counts (`няколко`) too."""
    return frozenset(
        row["word"].lower()
        for table in ("numerals_words", "numerals_scales")
        for row in load_table(table)
    )


# the level of a word inside a number below 1000: a word may follow only lower levels
_LEVEL = {"hundred": 3, "ten": 2, "teen": 2, "unit": 1}
_SPACES = " \u00a0\u202f\u2009"

DIGITS = (
    r"(?<![\d.,])(?:"
    rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d+)?(?!\d)"  # 1 200 000,50
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d]|[.,]\d)"  # 6.000.000
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?![\d]|[.,]\d)"  # 3,000,000
    r"|\d+(?:[.,]\d+)?"  # 1,35  99.99  2500
    r"|[.,]\d+"  # .77
    r")"
)
# a letter glued to digits: к/K thousand, М/M million, Г/G billion (Duckling style: 100к, 3М)
_SUFFIX = r"(?-i:[кКkKМMГG])(?![^\W\d_])"
_SUFFIX_VALUE = {"к": 3, "К": 3, "k": 3, "K": 3, "М": 6, "M": 6, "Г": 9, "G": 9}


_WORD_ALT = words_alternation(_WORDS)
_ATOM = rf"(?:{DIGITS}(?:{_SUFFIX})?|{_WORD_ALT})"
_GAP = rf"(?:[{_SPACES}\t]*|[{_SPACES}\t]+и[{_SPACES}\t]+)"
_RUN_RE = re.compile(rf"{_ATOM}(?:{_GAP}{_ATOM})*", re.IGNORECASE)
_TOKEN_RE = re.compile(
    rf"(?P<digits>{DIGITS})(?P<suffix>{_SUFFIX})?|(?P<word>{_WORD_ALT})"
    r"|(?<![^\W\d_])(?P<and>и)(?![^\W\d_])",
    re.IGNORECASE,
)


def digits_value(raw: str) -> Decimal:
    """The value of a digit string with Bulgarian (or English) separators."""
    s = "".join(ch for ch in raw if ch not in _SPACES)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", s):
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    if s.startswith("."):
        s = "0" + s
    return Decimal(s)


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One cardinal found in a text.

    - value: the whole value (`1,35 млрд.` → 1350000000)
    - base / scale: for a number of one group, the figure and its scale word
      (`10 млн.` → 10 and 1000000; `2 млн. и 500 хил.` → 2500000 and 1)
    - approx: written as an approximate numeral (`десетина`, `стотина`)
    - digits: the digit string when the number starts with digits, else ""
    - has_scale: a scale word or suffix is part of the number
    """

    start: int
    end: int
    text: str
    value: Decimal
    base: Decimal
    scale: Decimal
    approx: bool = False
    digits: str = ""
    has_scale: bool = False


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # digits, and, or a _Word kind
    value: Decimal
    start: int
    end: int
    form: str = ""
    raw: str = ""


@dataclass(frozen=True, slots=True)
class _Group:
    value: Decimal
    base: Decimal
    scale: Decimal
    end: int  # index of the next token
    approx: bool
    words: bool
    has_scale: bool


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text, start, end):
        if m.group("digits"):
            value = digits_value(m.group("digits"))
            suffix = m.group("suffix")
            if suffix:
                toks.append(_Tok("digits", value, m.start(), m.end(), "suffix", m.group("digits")))
                toks.append(
                    _Tok("scale", Decimal(10) ** _SUFFIX_VALUE[suffix], m.end(), m.end(), "abbr")
                )
            else:
                toks.append(_Tok("digits", value, m.start(), m.end(), "", m.group("digits")))
        elif m.group("word"):
            word = _WORDS[m.group("word").lower()]
            toks.append(_Tok(word.kind, word.value, m.start(), m.end(), word.form))
        else:
            toks.append(_Tok("and", Decimal(0), m.start(), m.end()))
    return toks


def _kind(toks: list[_Tok], i: int) -> str:
    return toks[i].kind if i < len(toks) else ""


def _small(toks: list[_Tok], i: int) -> tuple[Decimal, int, bool] | None:
    """A number below 1000 in words from toks[i]: (value, next index, approx)."""
    first = toks[i]
    if first.kind == "approx":
        return first.value, i + 1, True
    if first.kind not in _LEVEL:
        return None
    value, level, j = first.value, _LEVEL[first.kind], i + 1
    while j < len(toks):
        k = j + 1 if toks[j].kind == "and" else j
        if k < len(toks) and toks[k].kind in _LEVEL and _LEVEL[toks[k].kind] < level:
            value += toks[k].value
            level = _LEVEL[toks[k].kind]
            j = k + 1
        else:
            break
    return value, j, False


def _group(toks: list[_Tok], i: int) -> _Group | None:
    """One figure with its optional scale word, from toks[i]."""
    t = toks[i]
    one = Decimal(1)
    if t.kind == "digits":
        if _kind(toks, i + 1) == "scale":
            s = toks[i + 1].value
            return _Group(t.value * s, t.value, s, i + 2, False, False, True)
        return _Group(t.value, t.value, one, i + 1, False, False, False)
    if t.kind == "frac_pre":  # половин милион; половин лев
        if _kind(toks, i + 1) == "scale":
            s = toks[i + 1].value
            return _Group(t.value * s, t.value, s, i + 2, False, True, True)
        return _Group(t.value, t.value, one, i + 1, False, True, False)
    if t.kind == "scale":
        if t.form == "singular":
            return _Group(t.value, one, t.value, i + 1, False, True, True)
        return None
    if t.kind == "zero":
        return _Group(Decimal(0), Decimal(0), one, i + 1, False, True, False)
    small = _small(toks, i)
    if small is None:
        return None
    value, j, approx = small
    if _kind(toks, j) == "and" and _kind(toks, j + 1) == "frac_post":
        value += toks[j + 1].value  # два и половина
        j += 2
    if _kind(toks, j) == "scale":
        s = toks[j].value
        return _Group(value * s, value, s, j + 1, approx, True, True)
    return _Group(value, value, one, j, approx, True, False)


def _fraction(toks: list[_Tok], i: int) -> tuple[Decimal, int] | None:
    """`цяло и N [десети|стотни|хилядни]` from toks[i] (the `цяло`): (fraction, next index)."""
    if _kind(toks, i) != "point" or _kind(toks, i + 1) != "and" or i + 2 >= len(toks):
        return None
    t = toks[i + 2]
    if t.kind == "digits":
        n, j, digits = t.value, i + 3, len(t.raw)
    else:
        small = _small(toks, i + 2)
        if small is None:
            return None
        n, j, _ = small
        digits = len(str(int(n)))
    if _kind(toks, j) == "denom":
        return n / toks[j].value, j + 1
    return n / (Decimal(10) ** digits), j


def _number(text: str, toks: list[_Tok], i: int) -> tuple[NumberSpan, int] | None:
    g = _group(toks, i)
    if g is None:
        return None
    total, base, scale, j, has_scale = g.value, g.base, g.scale, g.end, g.has_scale
    if not g.has_scale:
        frac = _fraction(toks, j)
        if frac is not None:
            total += frac[0]
            base, j = total, frac[1]
            if _kind(toks, j) == "scale":
                scale = toks[j].value
                total, has_scale, j = total * scale, True, j + 1
    last_scale, groups = scale, 1
    while j < len(toks) and last_scale > 1:
        k = j + 1 if toks[j].kind == "and" else j
        if k >= len(toks):
            break
        if toks[k].kind == "frac_post" and k > j:  # милион и половина
            total += toks[k].value * last_scale
            j, groups = k + 1, groups + 1
            break
        g2 = _group(toks, k)
        if g2 is None or g2.scale >= last_scale or not (g2.has_scale or g2.words):
            break
        total += g2.value
        last_scale, j, groups = g2.scale, g2.end, groups + 1
        has_scale = has_scale or g2.has_scale
    first, last = toks[i], toks[j - 1]
    if groups > 1:
        base, scale = total, Decimal(1)
    span = NumberSpan(
        start=first.start,
        end=last.end,
        text=text[first.start : last.end],
        value=total,
        base=base,
        scale=scale,
        approx=g.approx,
        digits=first.raw if first.kind == "digits" else "",
        has_scale=has_scale,
    )
    return span, j


def find_numbers(text: str) -> list[NumberSpan]:
    """Every cardinal in `text` (digits or words, with scale words), sorted by start."""
    found: list[NumberSpan] = []
    for run in _RUN_RE.finditer(text):
        toks = _tokens(text, run.start(), run.end())
        i = 0
        while i < len(toks):
            res = _number(text, toks, i)
            if res is None:
                i += 1
                continue
            span, i = res
            found.append(span)
    return found


_NEGATIVE_RE = re.compile(r"^(?:-|−|минус\s+)", re.IGNORECASE)


def parse_number(text: str) -> Decimal | None:
    """The value of `text` when all of it is one cardinal, else None."""
    s = text.strip()
    sign = Decimal(1)
    neg = _NEGATIVE_RE.match(s)
    if neg:
        sign, s = Decimal(-1), s[neg.end() :]
    if s.isascii() and s.isdigit():  # plain digits (the commonest case): nothing to scan
        return sign * Decimal(s)
    found = find_numbers(s)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(s):
        return None
    return sign * found[0].value


# ---- ordinals -------------------------------------------------------------------------------


def _ordinal_table() -> tuple[dict[str, tuple[Decimal, bool]], str]:
    endings: dict[str, list[str]] = {}
    for row in load_table("numerals_ordinal_endings.tsv"):
        endings.setdefault(row["declension"], []).append(row["ending"])
    forms: dict[str, tuple[Decimal, bool]] = {}
    for row in load_table("numerals_ordinals.tsv"):
        value = Decimal(row["value"])
        for ending in endings[row["declension"]]:
            forms[(row["stem"] + ending).lower()] = (value, value >= 1000)
    return forms, words_alternation(list(forms))


_ORDINAL_FORMS, _ORDINAL_ALT = _ordinal_table()
_ORDINAL_RE = re.compile(
    rf"(?<![\d.,])(?P<num>\d+)-?(?:[врмт](?:ият|ия|ите|ата|ото|и|а|о)|ен|на|но)(?![^\W\d_])"
    rf"|(?P<word>{_ORDINAL_ALT})",
    re.IGNORECASE,
)
_BEFORE_ORDINAL_RE = re.compile(r"[ \u00a0]+(?:и[ \u00a0]+)?$")


@dataclass(frozen=True, slots=True)
class OrdinalSpan:
    start: int
    end: int
    text: str
    value: int


def find_ordinals(text: str) -> list[OrdinalSpan]:
    """Every ordinal (`21-ви`, `първата`, `двадесет и първи`, `десет хиляден`) in `text`."""
    found: list[OrdinalSpan] = []
    for m in _ORDINAL_RE.finditer(text):
        if m.group("num"):
            found.append(OrdinalSpan(m.start(), m.end(), m.group(0), int(m.group("num"))))
            continue
        value, is_scale = _ORDINAL_FORMS[m.group("word").lower()]
        start = m.start()
        prefix = [n for n in find_numbers(text[: m.start()]) if n.end <= m.start()]
        if prefix and _BEFORE_ORDINAL_RE.fullmatch(text, prefix[-1].end, m.start()):
            before = prefix[-1]
            if found and found[-1].end > before.start:
                prefix = []
            else:
                value = before.value * value if is_scale else before.value + value
                start = before.start
        found.append(OrdinalSpan(start, m.end(), text[start : m.end()], int(value)))
    return found


def parse_ordinal(text: str) -> int | None:
    """The value of `text` when all of it is one ordinal, else None."""
    s = text.strip()
    found = find_ordinals(s)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(s):
        return None
    return found[0].value
