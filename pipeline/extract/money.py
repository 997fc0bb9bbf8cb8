"""Money amounts in Bulgarian text: number, ISO 4217 currency, qualifier and bounds.

`find_money(text)` returns `MoneyMention`s (see docs/conventions.md, Money). The rules are a
small engine over the tables in `lexicons/money_*.tsv`:

- `money_currencies.tsv`: surface form → ISO code, whether it may precede the number, main
  unit or sub-unit (1/100);
- `money_qualifiers.tsv`: cue words before (`над`, `до` …) or after (`или по-малко`) the amount;
- `money_change_verbs.tsv`: stems of verbs/nouns of change; `до` after one gives the resulting
  figure (exact) instead of a ceiling (up_to), and `от A до B` two figures instead of a range;
- `money_governing_words.tsv`: words that govern `до` (`достъп до 37 млрд. евро`): the `до`
  right after one is a preposition, so the figure is exact; they are not words of change;
- `money_exceed_verbs.tsv`, `money_exceed_negations.tsv`: verbs of exceeding (`надхвърли`,
  `мина`) make the figure after them over, or under when negated (`няма да надвишава`);
- `money_ellipsis.tsv`: cues of an elliptical amount, a bare figure that takes the currency of
  the amount it corrects or continues (`620 евро, а не 605`);
- `money_non_money_units.tsv`: a number followed by one of these is not money;
- `money_year_cues.tsv`: a plain year-like number after one of these is a year;
- `money_currency_countries.tsv`: words naming a country, which decide the code of a form the
  currency table gives several codes (bare `крони`: CZK, SEK, NOK or DKK).

Sub-units: `стотинки`/`ст.` are hundredths of the lev, and in a text published from 2026-01-01
(the euro's first day in Bulgaria) hundredths of the euro unless the sentence is in leva or the
figure restates a euro amount in brackets or after a slash (`0,14 евро (≈ 27,5 ст.)`); a bare
`цента` takes the currency of a neighbouring amount, else of the article, else EUR from
2026-01-01, else USD.

Numbers come from `pipeline.extract.numerals.find_numbers`. Values are computed as `Decimal`
and turned into floats at the end, so `1,35 млрд.` is exactly 1350000000.0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from pipeline.extract.lexicon import load_table, trie_pattern
from pipeline.extract.mentions import MoneyMention
from pipeline.extract.numerals import NumberSpan, find_numbers, words_alternation

_HUNDRED = Decimal(100)
# the euro became Bulgaria's currency on this day: from it, `стотинки` name euro cents
EURO_CHANGEOVER = dt.date(2026, 1, 1)


@dataclass(frozen=True, slots=True)
class _Currency:
    iso: str
    position: str  # suffix | both
    unit: str  # main | sub | sub_after


def _is_code(surface: str) -> bool:
    return surface.isascii() and surface.isalpha() and surface.isupper()


def _surfaces_regex(surfaces: list[str]) -> str:
    """Whole-word regex of currency forms; ISO codes match in upper case only."""
    codes = [s for s in surfaces if _is_code(s)]
    words = [s.lower() for s in surfaces if not _is_code(s) and s[0].isalpha()]
    symbols = [s.lower() for s in surfaces if not s[0].isalpha()]
    parts = [trie_pattern(words, r"\s*")]
    if codes:
        parts.insert(0, f"(?-i:{trie_pattern(codes)})")
    pattern = r"(?<![^\W\d_])(?:" + "|".join(parts) + ")"
    if symbols:  # a symbol may touch a letter: 10к$
        pattern = "(?:" + pattern + "|" + trie_pattern(symbols, r"\s*") + ")"
    return pattern + r"(?![^\W\d_])"


def _currency_tables() -> tuple[dict[str, _Currency], re.Pattern[str], re.Pattern[str]]:
    table: dict[str, _Currency] = {}
    rows = load_table("money_currencies.tsv")
    for row in rows:
        key = re.sub(r"\s+", "", row["surface"]).lower()
        table[key] = _Currency(row["iso"], row["position"], row["unit"])
    main = _surfaces_regex([r["surface"] for r in rows if r["unit"] != "sub_after"])
    cents = _surfaces_regex([r["surface"] for r in rows if r["unit"].startswith("sub")])
    return table, re.compile(main, re.IGNORECASE), re.compile(cents, re.IGNORECASE)


_CURRENCIES, _CURRENCY_RE, _CENTS_RE = _currency_tables()
_CENTS_AFTER_RE = re.compile(rf"\s*(?:{_CENTS_RE.pattern})", re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(rf"\s*(?P<cur>{_CURRENCY_RE.pattern})", re.IGNORECASE)
_CURRENCY_BEFORE_RE = re.compile(rf"(?P<cur>{_CURRENCY_RE.pattern})\s*\Z", re.IGNORECASE)
# `ст.` followed by another abbreviation is not стотинки (ст. л. = tablespoon, ст.н.с.)
_NOT_STOTINKI_RE = re.compile(r"\s*[^\W\d_]{1,3}\.", re.IGNORECASE)


def _cue_tables() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    qualifier: dict[str, str] = {}
    before: list[str] = []
    after: list[str] = []
    for row in load_table("money_qualifiers.tsv"):
        cue = row["cue"].lower()
        qualifier[cue] = row["qualifier"]
        (before if row["side"] == "before" else after).append(cue)
    before_alt = words_alternation(before)
    after_alt = words_alternation(after)
    return (
        qualifier,
        re.compile(rf"(?P<cue>{before_alt})\s*\Z", re.IGNORECASE),
        re.compile(rf"\s*(?P<cue>{after_alt})", re.IGNORECASE),
    )


_QUALIFIER, _CUE_BEFORE_RE, _CUE_AFTER_RE = _cue_tables()
_CUE_OUT_OF_SPAN = frozenset(
    r["cue"].lower() for r in load_table("money_qualifiers.tsv") if r["in_span"] == "no"
)
_CHANGE_PREFIXES = tuple(
    r["stem"].lower() for r in load_table("money_change_verbs.tsv") if r["match"] == "prefix"
)
_CHANGE_WORDS = frozenset(
    r["stem"].lower() for r in load_table("money_change_verbs.tsv") if r["match"] == "word"
)


def _stem_regex(table: str) -> str:
    """Alternation of the stems of a table with a `match` column (prefix or whole word)."""
    parts = []
    for row in load_table(table):
        stem = re.escape(row["stem"].lower())
        parts.append(stem + (r"[^\W\d_]*" if row["match"] == "prefix" else r"(?![^\W\d_])"))
    return r"(?<![^\W\d_])(?:" + "|".join(parts) + ")"


# `достъп до 37 млрд.`: the `до` right before the figure is governed by the word before it
_GOVERNED_TO_RE = re.compile(_stem_regex("money_governing_words.tsv") + r"\s+\Z", re.IGNORECASE)
_NEGATION = words_alternation(r["cue"] for r in load_table("money_exceed_negations.tsv"))
# `надхвърли 36 трлн.` (over), `няма да надвишава 800 хил.` (under)
_EXCEED_RE = re.compile(
    rf"(?:(?P<neg>{_NEGATION})\s+)?{_stem_regex('money_exceed_verbs.tsv')}\s+\Z", re.IGNORECASE
)


def _ellipsis_tables() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, list[str]]]:
    afters: dict[str, list[str]] = {}
    forward: list[str] = []
    for row in load_table("money_ellipsis.tsv"):
        cue = row["cue"].lower()
        if row["direction"] in ("back", "both"):
            afters.setdefault(cue, []).append(row["after"].lower())
        if row["direction"] in ("forward", "both"):
            forward.append(cue)
    # a unit price may stand between: `0,14 евро за киловатчас, при 0,12`, `за кв. м`
    per_unit = r"(?:\s+(?:за|на)(?:\s+[^\W\d_]+\.?){1,2})?"
    # a qualifier of the figure's own may stand between (`от които близо 30 млн.`)
    own_cue = words_alternation(
        r["cue"].lower() for r in load_table("money_qualifiers.tsv") if r["side"] == "before"
    )
    back_re = rf"{per_unit}\s*,?\s*(?P<cue>{words_alternation(afters)})\s+(?:{own_cue}\s*)?\Z"
    forward_re = rf"\s*,?\s*(?P<cue>{words_alternation(forward)})\s+\Z"
    return re.compile(back_re, re.IGNORECASE), re.compile(forward_re, re.IGNORECASE), afters


# `620 евро, а не 605`: an amount, a cue, the bare figure; `620 вместо 605 евро`: the other way
_ELLIPSIS_RE, _ELLIPSIS_FORWARD_RE, _ELLIPSIS_AFTER = _ellipsis_tables()
# a parallel clause with its verb left out: `…, а председателите – по 180`, `…, чадърът – 12`
_PARALLEL_RE = re.compile(
    r"[^,.;:!?()]*,\s*(?:(?:а|и)\s+)?(?P<head>[^\W\d_]+)\s+(?:[^\W\d_]+\s+){0,3}[–—-]\s*"
    r"(?:(?P<prep>по|до)\s+)?\Z",
    re.IGNORECASE,
)
_PARALLEL_HEADS = frozenset(
    r["cue"].lower() for r in load_table("money_ellipsis.tsv") if r["direction"] == "parallel"
)
_DASH_BEFORE_RE = re.compile(r"[–—-]\s*\Z")
# the most characters between an elliptical figure and its amount (a cue, a unit price, or the
# rest of a clause and a parallel clause's head): further apart they are not read together
_ELLIPSIS_REACH = 80
# the clause before a cue is such a clause: its verb is the one of the clause before it
_ELIDED_CLAUSE_RE = re.compile(r"\s*(?:(?:а|и)\s+)?(?:[^\W\d_]+\s+){1,4}[–—-]\s*\Z", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"\s*(?:\Z|[,.;:](?!\d)|[!?)\]])|\s+[–—]\s")
# a time adverbial after an elliptical figure: `при 0,12 година по-рано`
_ELLIPSIS_FOLLOWER_RE = re.compile(
    r"\s+" + words_alternation(r["word"] for r in load_table("money_ellipsis_followers.tsv")),
    re.IGNORECASE,
)

_NON_MONEY_RE = re.compile(
    r"\s*" + _surfaces_regex([r["word"] for r in load_table("money_non_money_units.tsv")]),
    re.IGNORECASE,
)


def _cue_end_regex(applies: str) -> re.Pattern[str]:
    words = [r["word"] for r in load_table("money_year_cues.tsv") if r["applies"] == applies]
    return re.compile(words_alternation(words) + r"\s+\Z", re.IGNORECASE)


_YEAR_CUE_RE = _cue_end_regex("year")
_CENTURY_CUE_RE = _cue_end_regex("century")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# a comma not in a number (`0,15`), a full stop that ends a sentence (not `млн.`), brackets …
_CLAUSE_BREAK_RE = re.compile(r"[;:!?()„“\"]|,(?!\d)|\.(?=\s+[A-ZА-Я])")
# range connectors between two numbers: 6-10 евро, между 6 и 10, от 6 до 10
_DASH_RE = re.compile(r"\s*[-–—]\s*\Z")
_AND_RE = re.compile(r"\s+и\s+\Z", re.IGNORECASE)
_TO_RE = re.compile(r"\s+до\s+\Z", re.IGNORECASE)
_ON_RE = re.compile(r"\s+на\s+\Z", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"(?<![^\W\d_])между\s+\Z", re.IGNORECASE)
_FROM_RE = re.compile(r"(?<![^\W\d_])от\s+\Z", re.IGNORECASE)
_OPEN_BRACKET_RE = re.compile(r"\s*(?:[(\[]|/)\s*\Z")
_CENT_GAP_RE = re.compile(r"\s*(?:и\s+)?", re.IGNORECASE)
_END_RE = re.compile(r"\s*(?:\Z|[.;!?)\]])")
_CENT_CURRENCIES = ("USD", "EUR", "CAD", "AUD", "NZD", "HKD", "SGD")
_ENGLISH_THOUSANDS_RE = re.compile(r"\d{1,3},\d{3}")


@dataclass(frozen=True, slots=True)
class _Amount:
    start: int
    end: int
    value: Decimal | None
    iso: str
    unit: str  # main | sub
    number: NumberSpan
    low: Decimal | None = None  # range
    qualifier: str = "exact"
    cued: bool = False


def _window(text: str, end: int, size: int = 60) -> str:
    return text[max(0, end - size) : end]


def _is_year(text: str, n: NumberSpan) -> bool:
    if n.has_scale or not re.fullmatch(r"(?:19|20)\d\d", n.digits) or n.text != n.digits:
        return False
    return _YEAR_CUE_RE.search(_window(text, n.start)) is not None


def _currency_of_surface(surface: str) -> _Currency:
    return _CURRENCIES[re.sub(r"\s+", "", surface).lower()]


def _currency_of(match: re.Match[str]) -> _Currency:
    return _currency_of_surface(match.group("cur"))


def _anchor(text: str, n: NumberSpan) -> _Amount | None:
    """The amount made by number `n` and a currency right after or right before it."""
    after = _CURRENCY_AFTER_RE.match(text, n.end)
    if after is not None:
        cur = _currency_of(after)
        stotinki = after.group("cur").lower() in ("ст", "ст.")
        century = (
            stotinki
            and n.value <= 21
            and _CENTURY_CUE_RE.search(_window(text, n.start)) is not None
        )
        if not century and not (stotinki and _NOT_STOTINKI_RE.match(text, after.end())):
            value = n.value / _HUNDRED if cur.unit == "sub" else n.value
            return _Amount(n.start, after.end(), value, cur.iso, cur.unit, n)
    window = _window(text, n.start, 12)
    before = _CURRENCY_BEFORE_RE.search(window)
    if before is not None:
        cur = _currency_of(before)
        pair = before.start() > 0 and window[before.start() - 1] == "/"
        if (
            cur.position == "both"
            and cur.unit == "main"
            and not pair  # EUR/USD 1.05 is an exchange rate
            and not _NON_MONEY_RE.match(text, n.end)
        ):
            value = n.value
            if not n.has_scale and _ENGLISH_THOUSANDS_RE.fullmatch(n.digits):
                value = Decimal(n.digits.replace(",", ""))  # $10,000: English grouping
            start = n.start - len(before.group(0))
            return _Amount(start, n.end, value, cur.iso, cur.unit, n)
    return None


def _cents(
    text: str, amount: _Amount, numbers: list[NumberSpan], idx: int
) -> tuple[_Amount, int] | None:
    """`15 лв. и 50 ст.`, `20 долара 43 цента`, `$20 43`: the amount with its cents added."""
    if amount.unit != "main" or idx + 1 >= len(numbers) or amount.value is None:
        return None
    gap = _CENT_GAP_RE.match(text, amount.end)
    nxt = numbers[idx + 1]
    if gap is None or gap.end() != nxt.start or nxt.has_scale or nxt.value >= _HUNDRED:
        return None
    word = _CENTS_AFTER_RE.match(text, nxt.end)
    if word is not None:
        return replace(amount, end=word.end(), value=amount.value + nxt.value / _HUNDRED), idx + 1
    if len(nxt.digits) == 2 and nxt.text == nxt.digits and _END_RE.match(text, nxt.end):
        return replace(amount, end=nxt.end, value=amount.value + nxt.value / _HUNDRED), idx + 1
    return None


def _has_change_word(text: str, end: int) -> bool:
    """A verb or noun of change among the last words of the clause before `end`.

    A clause whose verb is left out (`…, а на директорите – до 2 352 евро`) has the verb of
    the clause before it."""
    window = _window(text, end, 50)
    breaks = list(_CLAUSE_BREAK_RE.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    words = [w.lower() for w in _WORD_RE.findall(window)][-7:]
    if any(w in _CHANGE_WORDS or w.startswith(_CHANGE_PREFIXES) for w in words):
        return True
    clause_start = end - len(window)
    if breaks and _ELIDED_CLAUSE_RE.fullmatch(window) and text[clause_start - 1] == ",":
        return _has_change_word(text, clause_start - 1)
    return False


def _range_partner(
    text: str, amount: _Amount, prev: NumberSpan, prev_amount: _Amount | None
) -> tuple[int, str] | None:
    """When `prev` (or its amount) and `amount` form a range: (range start, connector)."""
    left_end = prev_amount.end if prev_amount is not None else prev.end
    left_start = prev_amount.start if prev_amount is not None else prev.start
    between = text[left_end : amount.start]
    if len(between) > 6:
        return None
    gap = text[: amount.start]
    if _DASH_RE.match(gap, left_end):
        return left_start, "-"
    if _AND_RE.match(gap, left_end):
        m = _BETWEEN_RE.search(_window(text, left_start))
        return None if m is None else (left_start - len(m.group(0)), "между")
    if _TO_RE.match(gap, left_end):
        window = _window(text, left_start)
        m = _FROM_RE.search(window) or _BETWEEN_RE.search(window)  # между 8 до 10 евро
        if m is not None:
            return left_start - len(m.group(0)), "от"
        if prev_amount is None and not _is_year(text, prev):
            return left_start, "до"  # 500 до 1000 лв.
    if _ON_RE.match(gap, left_end):
        m = _FROM_RE.search(_window(text, left_start))
        if m is not None:
            return left_start - len(m.group(0)), "на"  # (пада) от 60 на 30 лв.: a change
    return None


def _low_value(
    prev: NumberSpan, prev_amount: _Amount | None, high: _Amount, change: bool = False
) -> Decimal:
    """The first figure; `от 6 до 10 млн.` carries the scale of 10 млн. over to 6.

    In a range the scale carries over only when that keeps the order (`от 500 до 1 млн.`
    keeps 500); a change may go down (`спадна от 10 до 6 млн.` → 10 млн.). A bare figure
    before a sub-unit is in that sub-unit too (`1-2 стотинки` → 0.01).
    """
    if prev_amount is not None and prev_amount.value is not None:
        return prev_amount.value
    number = high.number
    value = prev.value
    carry = not prev.has_scale and number.has_scale and number.scale > 1
    if carry and (change or prev.value <= number.base):
        value = prev.value * number.scale
    return value / _HUNDRED if high.unit == "sub" else value


def _cue_word(match: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", match.group("cue").lower())


def _qualify(text: str, amount: _Amount) -> _Amount:
    """Qualifier from the cue words before or after the amount (or an approximate numeral).

    `до` after a word of change (`ще нарасне до 370 лв.`) or right after a word that governs
    it (`достъп до 37 млрд. евро`) is a preposition, not a ceiling: the figure is exact and
    `до` stays out of the span."""
    window = _window(text, amount.start)
    cue = _CUE_BEFORE_RE.search(window)
    if cue is not None:
        word = _cue_word(cue)
        qualifier = _QUALIFIER[word]
        start = amount.start - len(cue.group(0))
        if word.split()[0] == "до" and (
            _has_change_word(text, start) or _GOVERNED_TO_RE.search(_window(text, start))
        ):
            rest = cue.group(0)[2:].lstrip()  # `нарасна до около 5 млн.`: about
            qualifier = _QUALIFIER[_cue_word(cue)[3:]] if rest else "exact"
            return replace(amount, start=amount.start - len(rest), qualifier=qualifier, cued=True)
        if word in _CUE_OUT_OF_SPAN:
            start = amount.start
        return replace(amount, start=start, qualifier=qualifier, cued=True)
    exceed = _EXCEED_RE.search(window)
    if exceed is not None:  # the verb stays out of the span
        return replace(amount, qualifier="under" if exceed["neg"] else "over", cued=True)
    after = _CUE_AFTER_RE.match(text, amount.end)
    if after is not None:
        word = _cue_word(after)
        end = amount.end if word in _CUE_OUT_OF_SPAN else after.end()
        return replace(amount, end=end, qualifier=_QUALIFIER[word], cued=True)
    if amount.number.approx:
        return replace(amount, qualifier="about")
    return amount


def _mention(text: str, a: _Amount) -> MoneyMention:
    value = None if a.value is None else float(a.value)
    if a.qualifier == "range":
        low = None if a.low is None else float(a.low)
        return MoneyMention(a.start, a.end, text[a.start : a.end], None, a.iso, "range", low, value)
    low_high = {
        "exact": (value, value),
        "about": (value, value),
        "over": (value, None),
        "under": (None, value),
        "up_to": (None, value),
    }[a.qualifier]
    return MoneyMention(
        a.start, a.end, text[a.start : a.end], value, a.iso, a.qualifier, low_high[0], low_high[1]
    )


def _country_tables() -> tuple[re.Pattern[str], dict[str, str]]:
    stems: dict[str, str] = {}
    alternatives = []
    for row in load_table("money_currency_countries.tsv"):
        stem = row["stem"].lower()
        stems[stem] = row["iso"]
        word_end = r"(?![^\W\d_])" if row["match"] == "word" else ""
        alternatives.append(re.escape(stem) + word_end)
    pattern = r"(?<![^\W\d_])(?P<stem>" + "|".join(alternatives) + ")"
    return re.compile(pattern, re.IGNORECASE), stems


_COUNTRY_RE, _ISO_OF_STEM = _country_tables()


def _iso_named(match: re.Match[str]) -> str:
    """The code of the country a `_COUNTRY_RE` match names (the match is exactly its stem)."""
    return _ISO_OF_STEM[match["stem"].lower()]


@lru_cache(maxsize=2)
def _countries_named(context: str) -> Counter[str]:
    """How often the context (the article) names each currency country, by code.

    Computed once per article, not once per amount: an article is one string object, whose
    hash Python keeps, so the cache finds it again without reading it (a 20 MB article with
    many `крони` took minutes when every amount scanned the whole body)."""
    return Counter(_iso_named(m) for m in _COUNTRY_RE.finditer(context))


def _resolve_iso(candidates: str, text: str, at: int, context: str) -> str | None:
    """One of several codes (`CZK|SEK|NOK|DKK`): the country named nearest to the amount in
    its sentence, else the one named most often in the article; None when none is named."""
    codes = candidates.split("|")
    near = [
        (abs(m.start() - at), iso)
        for m in _COUNTRY_RE.finditer(text)
        if (iso := _iso_named(m)) in codes
    ]
    if near:
        return min(near)[1]
    named = _countries_named(context)
    counts = Counter({iso: named[iso] for iso in codes if named[iso]})
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=2)
def _article_cent_currency(context: str) -> str | None:
    """EUR or USD, whichever the article names more often (None on a tie); once per article."""
    named = Counter(
        iso
        for m in _CURRENCY_RE.finditer(context)
        if (iso := _currency_of_surface(m.group(0)).iso) in ("EUR", "USD")
    )
    if named["EUR"] == named["USD"]:
        return None
    return "EUR" if named["EUR"] > named["USD"] else "USD"


def _cent_currency(amounts: list[_Amount], i: int, context: str, published: dt.date | None) -> str:
    """A bare `цента` takes the currency of a neighbouring amount that has cents, else the one
    of EUR and USD the article names more often, else EUR from the changeover, else USD."""
    order = list(range(i - 1, -1, -1)) + list(range(i + 1, len(amounts)))
    for j in order:
        if amounts[j].unit == "main" and amounts[j].iso in _CENT_CURRENCIES:
            return amounts[j].iso
    named = _article_cent_currency(context) if context else None
    if named is not None:
        return named
    return "EUR" if _after_changeover(published) else "USD"


def _after_changeover(published: dt.date | None) -> bool:
    """Published on or after the euro's first day in Bulgaria (unknown: before)."""
    return published is not None and published >= EURO_CHANGEOVER


_RESTATEMENT_RE = re.compile(r"\s*/")


def _restates(text: str, start: int, end: int) -> bool:
    """The text between two amounts opens a bracket or is a slash: the second restates the first."""
    gap = text[start:end]
    unclosed = gap.count("(") > gap.count(")") or gap.count("[") > gap.count("]")
    return unclosed or _RESTATEMENT_RE.match(gap) is not None


def _stotinki_currency(text: str, amounts: list[_Amount], i: int) -> str:
    """`стотинки` in a text published from the changeover: hundredths of the euro, unless the
    sentence is in leva or the figure restates a euro amount in leva (`0,14 евро (≈ 27,5 ст.)`)."""
    if any(a.unit == "main" and a.iso == "BGN" for a in amounts):
        return "BGN"
    before = amounts[i - 1] if i > 0 else None
    if before is not None and before.iso == "EUR" and _restates(text, before.end, amounts[i].start):
        return "BGN"
    return "EUR"


def _parallel(text: str, before: _Amount, n: NumberSpan) -> bool:
    """`n` ends a clause with its verb left out that parallels the one of `before`.

    The clause opens with a preposition (`а за яслата – 25`), or the figure repeats the `по`
    or `до` of the amount (`по 150 евро …, а председателите – по 180`), or the amount stands
    after a dash too (`Шезлонгът – до 15 евро, чадърът – 12`)."""
    m = _PARALLEL_RE.fullmatch(text, before.end, n.start)
    if m is None:
        return False
    if m["head"].lower() in _PARALLEL_HEADS:
        return True
    lead = text[: before.start]
    if m["prep"] and (
        re.search(rf"(?<![^\W\d_]){m['prep']}\s+\Z", lead, re.IGNORECASE)
        or text[before.start : before.end].lower().startswith(m["prep"].lower() + " ")
    ):
        return True
    return _DASH_BEFORE_RE.search(lead) is not None  # its span holds its cue: `– до 15 евро`


def _forward_pair(text: str, n: NumberSpan, after: _Amount) -> bool:
    """`n`, a forward cue, then `after`: `620 вместо 605 евро`, `2 или 3 лв.`."""
    near = after.start - n.end <= _ELLIPSIS_REACH
    return near and _ELLIPSIS_FORWARD_RE.fullmatch(text, n.end, after.start) is not None


def _elliptical(
    text: str, n: NumberSpan, before: _Amount | None, after: _Amount | None
) -> _Amount | None:
    """A bare figure that corrects, splits, continues or pairs with an amount, as an amount.

    After the amount (`before`): `620 евро, а не 605`, `150 млн. евро, от които 100 млн.`,
    `около 62 млн. евро, с 3 млн. по-малко` (the `back` cues of `money_ellipsis.tsv`) and the
    parallel clause with its verb left out (`по 150 евро за деня, а председателите – по 180`).
    Before it (`after`): `620 вместо 605 евро`, `2 или 3 лв.` (the `forward` cues). The figure
    takes the currency of that amount and its scale word when it has none; it must not be a
    year or counted by a unit that is not money; after the amount it must end its clause
    (or be followed by a time adverbial, `money_ellipsis_followers.tsv`) unless it has a scale
    word or the cue's word after it. A plain figure 1900-2099 is taken
    only next to an amount of four digits too (`2100 евро, а не 2050`), else it is a year."""
    partner = None
    if before is not None and n.start - before.end <= _ELLIPSIS_REACH:
        ends_clause = (
            _CLAUSE_END_RE.match(text, n.end) is not None
            or _ELLIPSIS_FOLLOWER_RE.match(text, n.end) is not None
        )
        cue = _ELLIPSIS_RE.fullmatch(text, before.end, n.start)
        if cue is not None:
            afters = _ELLIPSIS_AFTER[_cue_word(cue)]
            tail = text[n.end :].lstrip().lower()
            has_after = any(a and tail.startswith(a) for a in afters)
            if has_after or ("" in afters and (ends_clause or n.has_scale)):
                partner = before
        elif ends_clause and _parallel(text, before, n):
            partner = before
    if partner is None and after is not None and _forward_pair(text, n, after):
        partner = after
    if partner is None or _NON_MONEY_RE.match(text, n.end) or _is_year(text, n):
        return None
    year_like = n.text == n.digits and re.fullmatch(r"(?:19|20)\d\d", n.digits) is not None
    size = partner.value if partner.value is not None else partner.low
    if year_like and not (size is not None and 1000 <= size < 10000):
        return None  # `2 евро, а Пловдив – 2024`: a year, unless it pairs with a like figure
    value = n.value
    scaled = partner.number
    if not n.has_scale and scaled.has_scale and scaled.scale > 1:
        value = n.value * scaled.scale
    if partner.unit == "sub":
        value = value / _HUNDRED
    return _Amount(n.start, n.end, value, partner.iso, partner.unit, n)


def find_money(
    text: str, context: str = "", published: dt.date | None = None
) -> list[MoneyMention]:
    """Every money amount in `text` (normally one sentence), sorted by start, non-overlapping.

    `context` (normally the whole article) names the country of a currency form with several
    codes when `text` does not, and the currency of a bare `цента`; an amount whose currency
    stays unknown is left out. `published` (the article's day) decides whether `стотинки` are
    hundredths of the lev or, from the changeover on 2026-01-01, of the euro."""
    if _CURRENCY_RE.search(text) is None:
        return []
    numbers = find_numbers(text)
    anchored: dict[int, _Amount] = {}
    idx = 0
    while idx < len(numbers):
        n = numbers[idx]
        amount = _anchor(text, n)
        if amount is None or _is_year(text, n):
            idx += 1
            continue
        cents = _cents(text, amount, numbers, idx)
        if cents is None:
            anchored[idx] = amount
        else:
            anchored[idx] = cents[0]
            idx = cents[1]  # the cents figure is part of this amount
        idx += 1

    amounts: list[_Amount] = []
    consumed: set[int] = set()
    for idx in sorted(anchored, reverse=True):  # right to left: a range eats its left number
        if idx in consumed:
            continue
        amount = anchored[idx]
        if idx > 0 and idx - 1 not in consumed:
            prev = numbers[idx - 1]
            prev_amount = anchored.get(idx - 1)
            partner = None
            if prev_amount is None or prev_amount.iso == amount.iso:
                partner = _range_partner(text, amount, prev, prev_amount)
            if partner is not None and amount.value is not None:
                start, connector = partner
                change = connector == "на" or (connector == "от" and _has_change_word(text, start))
                low = _low_value(prev, prev_amount, amount, change)
                if change:
                    # се увеличава от 500 до 600 лв., от 60 на 30 лв.: two exact figures
                    consumed.add(idx - 1)
                    first = prev_amount or _Amount(
                        prev.start, prev.end, low, amount.iso, amount.unit, prev
                    )
                    amounts.append(first)
                    amounts.append(amount)
                    continue
                if low < amount.value:
                    consumed.add(idx - 1)
                    ranged = replace(amount, start=start, low=low, qualifier="range")
                    cue = _CUE_BEFORE_RE.search(_window(text, start))
                    if cue is not None and _QUALIFIER[_cue_word(cue)] == "about":
                        ranged = replace(ranged, start=start - len(cue.group(0)))
                    amounts.append(replace(ranged, cued=True))
                    continue
        amounts.append(amount)
    amounts.sort(key=lambda a: a.start)

    result: list[_Amount] = []
    for i, amount in enumerate(amounts):
        if amount.unit == "sub" and amount.iso == "USD":
            amount = replace(amount, iso=_cent_currency(amounts, i, context, published))
        elif amount.unit == "sub" and amount.iso == "BGN" and _after_changeover(published):
            amount = replace(amount, iso=_stotinki_currency(text, amounts, i))
        if "|" in amount.iso:
            iso = _resolve_iso(amount.iso, text, amount.start, context)
            if iso is None:
                continue
            amount = replace(amount, iso=iso)
        result = _add(text, result, amount)

    for n in numbers if result else ():  # elliptical amounts, left to right: one may
        if any(a.start <= n.start < a.end for a in result):  # continue the one before
            continue
        before = [a for a in result if a.end <= n.start]
        after = [a for a in result if a.start >= n.end]
        elliptical = _elliptical(
            text, n, before[-1] if before else None, after[0] if after else None
        )
        if elliptical is not None:
            result = _add(text, result, elliptical)
    return [_mention(text, a) for a in result]


def _add(text: str, result: list[_Amount], amount: _Amount) -> list[_Amount]:
    """`result` with `amount` qualified and put in order, unless it overlaps one already there.

    An amount restated in brackets or after a slash takes the qualifier of the one it
    restates when it has no cue of its own (`до 10 000 лв. (5113 евро)`)."""
    if amount.qualifier != "range":
        amount = _qualify(text, amount)
    earlier = [a for a in result if a.start < amount.start]
    if (
        not amount.cued
        and earlier
        and earlier[-1].qualifier not in ("exact", "range")
        and _OPEN_BRACKET_RE.fullmatch(text, earlier[-1].end, amount.start)
    ):
        amount = replace(amount, qualifier=earlier[-1].qualifier)  # 5 млн. лв. (2,5 млн. евро)
    if any(a.start < amount.end and amount.start < a.end for a in result):
        return result
    return sorted([*result, amount], key=lambda a: a.start)
