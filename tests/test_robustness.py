"""Odd input never crashes an extractor and never breaks its promises.

Generated texts mix the lexicons' own words (months, units, currencies, relative words,
names) with numbers of every shape, punctuation, odd white space and arbitrary characters, so
that the rules get real work. For every text: no exception; mentions sorted, not overlapping,
and each one's text is exactly its slice of the input; values within their declared
vocabularies. Article bytes of any kind are either read or refused with `ArticleError`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.article import ArticleError, decode_article_bytes, parse_article
from pipeline.extract.dates import find_dates
from pipeline.extract.dates import lexicons as date_lexicons
from pipeline.extract.entities import find_entities
from pipeline.extract.lexicon import load_table
from pipeline.extract.mentions import Reference
from pipeline.extract.money import find_money

FUZZ = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_LEXICON_WORDS = sorted(
    set(date_lexicons.MONTH_OF)
    | set(date_lexicons.WEEKDAY_OF)
    | set(date_lexicons.ORDINAL_OF)
    | set(date_lexicons.REL_MOD)
    | set(date_lexicons.UNIT_OF)
    | set(date_lexicons.NUMBER_OF)
    | set(date_lexicons.HOLIDAYS)
    | set(date_lexicons.VAGUE)
    | set(date_lexicons.SEASON_OF)
    | {row["surface"] for row in load_table("money_currencies.tsv")}
    | {row["cue"] for row in load_table("money_qualifiers.tsv")}
    | {"г.", "век", "в.", "пр.н.е.", "млн.", "млрд.", "хил.", "чл.", "№", "%", "до", "от"}
    | {"между", "и", "през", "преди", "след", "ще", "заяви", "беше", "Байдън", "САЩ"}
    | {"министър", "премиерът", "Д.", "Антъни", "Брюксел", "Курска", "област", "Чехия"}
)
_NUMBERS = st.one_of(
    st.integers(0, 99_999).map(str),
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m:02d}{sep}{y}",
        st.integers(0, 40),
        st.integers(0, 20),
        st.integers(0, 3000),
        st.sampled_from([".", "/", "-", ". "]),
    ),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 30), st.integers(0, 99)),
    st.builds(lambda a, b: f"{a},{b}", st.integers(0, 999), st.integers(0, 999)),
    st.sampled_from(["90-те", "00-те", "XXI", "IV", "XIII.", "1 200 000,50", "6.000.000", "0"]),
)
_TOKENS = st.one_of(
    st.sampled_from(_LEXICON_WORDS),
    st.sampled_from(_LEXICON_WORDS).map(str.upper),
    st.sampled_from(_LEXICON_WORDS).map(str.capitalize),
    _NUMBERS,
    st.text(max_size=3),
)
_NAME_WORDS = sorted(
    {row["form"] for table in ("entities_places", "entities_actors") for row in load_table(table)}
    | {row["form"] for row in load_table("entities_roles")}
    | {row["name"] for row in load_table("entities_first_names")}
    | {"Иван", "Петров", "Смит", "Д.", "Т.", "Ню", "Йорк", "Южна", "Северна", "Мак"}
)
_NAME_TOKENS = st.one_of(
    st.sampled_from(_NAME_WORDS),
    st.sampled_from(_NAME_WORDS).map(str.upper),
    st.sampled_from(_LEXICON_WORDS),
    st.text(max_size=3),
)
_SEPARATORS = st.sampled_from(
    [" ", " ", " ", "\xa0", "\n", "\t", ", ", " - ", "-", ". ", " (", ") ", "/", ":", "„", "“", ""]
)
TEXTS = st.lists(st.tuples(_TOKENS, _SEPARATORS), max_size=14).map(
    lambda parts: "".join(token + sep for token, sep in parts)
)
NAME_TEXTS = st.lists(st.tuples(_NAME_TOKENS, _SEPARATORS), max_size=14).map(
    lambda parts: "".join(token + sep for token, sep in parts)
)
REFERENCES = st.one_of(
    st.dates(dt.date(1800, 1, 1), dt.date(2200, 12, 31)).map(Reference),
    st.dates(dt.date(1800, 1, 1), dt.date(2200, 12, 1)).map(
        lambda d: Reference(d.replace(day=1), "month")
    ),
)
# TIMEX3-style values as docs/conventions.md has them (`T10:00` is a clock time against a
# month-precision reference)
_TIMEX = re.compile(
    r"\d{2,4}(?:-\d{2}(?:-\d{2}(?:T\d{2}(?::\d{2})?)?)?|-W\d{2}(?:-WE)?|-Q[1-4]|-H[12]|"
    r"-(?:SP|SU|FA|WI))?(?:/.+)?|T\d{2}(?::\d{2})?|PRESENT_REF|PAST_REF|FUTURE_REF|"
    r"P(?:T)?[\dX.]+[A-Z]{1,2}"
)


def _sorted_and_apart(spans: list[tuple[int, int]]) -> bool:
    return all(a[1] <= b[0] for a, b in itertools.pairwise(spans)) and all(s < e for s, e in spans)


@FUZZ
@given(TEXTS, REFERENCES)
def test_find_dates_on_odd_text(text: str, reference: Reference) -> None:
    found = find_dates(text, reference)
    assert _sorted_and_apart([(m.start, m.end) for m in found])
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.kind in ("date", "time", "duration", "set")
        assert _TIMEX.fullmatch(m.value), m.value
        if m.range_start is not None and m.range_end is not None:
            assert m.range_start <= m.range_end


@FUZZ
@given(TEXTS, TEXTS)
def test_find_money_on_odd_text(text: str, context: str) -> None:
    found = find_money(text, context=context)
    assert _sorted_and_apart([(m.start, m.end) for m in found])
    for m in found:
        assert text[m.start : m.end] == m.text
        assert re.fullmatch(r"[A-Z]{3}", m.currency)
        assert m.qualifier in ("exact", "over", "under", "about", "up_to", "range")
        if m.min_value is not None and m.max_value is not None:
            assert m.min_value <= m.max_value


@FUZZ
@given(NAME_TEXTS)
def test_find_entities_on_odd_text(text: str) -> None:
    found = find_entities(text)
    assert _sorted_and_apart([(m.start, m.end) for m in found])
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.kind in ("actor", "place") and m.name_bg


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_with_a_reason(data: bytes) -> None:
    try:
        article = parse_article(decode_article_bytes(b" date 2024-11-05\n\n" + data), "x.txt")
    except ArticleError as error:
        assert str(error)
    else:
        assert article.body == article.body.strip() and article.body


@FUZZ
@given(st.text(max_size=200))
def test_any_text_is_an_article_or_refused_with_a_reason(raw: str) -> None:
    try:
        article = parse_article(raw, "x.txt")
    except ArticleError as error:
        assert str(error)
    else:
        assert all(article.body[p.start : p.end] == p.text for p in article.paragraphs)
