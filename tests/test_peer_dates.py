"""`compare_date_case` of benchmarks/peer_dates.py on hand-made cases (no subprocess)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.peer_dates import (
    CATEGORIES,
    DRAFT_MARKER,
    KEPT_HEADING,
    category,
    compare_date_case,
    keep_edited_section,
)

DUCKLING_NOW = "2013-02-12T04:30:00"  # a Tuesday
DATEPARSER_NOW = "2014-09-01T10:30:00"


def mention(
    text: str,
    value: str,
    kind: str = "date",
    precision: str = "day",
    range_start: str | None = None,
    range_end: str | None = None,
) -> dict[str, Any]:
    """One mention as `timeline extract --jsonl` prints it (a day value covers itself)."""
    if range_start is None and kind == "date" and precision == "day":
        range_start = range_end = value
    return {
        "start": 0,
        "end": len(text),
        "text": text,
        "kind": kind,
        "value": value,
        "precision": precision,
        "range_start": range_start,
        "range_end": range_end,
        "resolution": "relative",
        "modifier": None,
    }


def duckling(text: str, expected: str, grain: str, **extra: Any) -> dict[str, Any]:
    return {
        "suite": "duckling-bg-time",
        "text": text,
        "reference": DUCKLING_NOW,
        "expected": expected,
        "kind": "relative",
        "grain": grain,
        **extra,
    }


def freshness(text: str, expected: str, delta: dict[str, int]) -> dict[str, Any]:
    return {
        "suite": "dateparser-bg",
        "text": text,
        "reference": DATEPARSER_NOW,
        "expected": expected,
        "expected_delta": delta,
        "kind": "relative",
        "period": "day",
    }


def normalizer(text: str, expected: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "suite": "bg-text-normalizer-date",
        "text": text,
        "reference": None,
        "expected": expected,
        "kind": "absolute" if expected else "negative",
        **extra,
    }


def duration(text: str, value: float, unit: str) -> dict[str, Any]:
    return {
        "suite": "duckling-bg-duration",
        "text": text,
        "expected": {"value": value, "unit": unit},
    }


def test_day_at_duckling_grain_passes() -> None:
    case = duckling("четвъртък", "2013-02-14T00:00:00", "day")
    assert compare_date_case(case, [mention("четвъртък", "2013-02-14")]) is None


def test_future_weekday_is_a_convention_failure() -> None:
    case = duckling("понеделник", "2013-02-18T00:00:00", "day")
    assert compare_date_case(case, [mention("понеделник", "2013-02-11")]) == (
        "weekday-future: expected 2013-02-18 (Monday); found `понеделник` date 2013-02-11"
    )


def test_a_weekday_neither_peer_nor_nearest_is_a_wrong_value() -> None:
    case = duckling("понеделник", "2013-02-18T00:00:00", "day")
    assert compare_date_case(case, [mention("понеделник", "2013-02-04")]) == (
        "wrong-value: expected 2013-02-18T00:00 (day); found `понеделник` date 2013-02-04"
    )


def test_nothing_found() -> None:
    case = duckling("пон.", "2013-02-18T00:00:00", "day")
    assert compare_date_case(case, []) == (
        "missing-date: expected 2013-02-18T00:00 (day); found nothing"
    )


def test_now_matches_present_ref_and_the_reference_day() -> None:
    case = duckling("сега", DUCKLING_NOW, "second")
    assert compare_date_case(case, [mention("сега", "PRESENT_REF", precision="vague")]) is None
    today = freshness("днес", DATEPARSER_NOW, {"days": 0})
    assert compare_date_case(today, [mention("днес", "2014-09-01")]) is None


def test_day_words_compare_the_day_not_the_mocked_time_of_day() -> None:
    case = freshness("вчера", "2014-08-31T10:30:00", {"days": -1})
    assert compare_date_case(case, [mention("вчера", "2014-08-31")]) is None
    assert compare_date_case(case, [mention("вчера", "2014-08-30")]) == (
        "wrong-value: expected 2014-08-31T10:30 (day); found `вчера` date 2014-08-30"
    )


def test_sub_day_offsets_need_the_time_of_publication() -> None:
    case = freshness("преди 2 часа", "2014-09-01T08:30:00", {"hours": -2})
    assert compare_date_case(case, [mention("преди 2 часа", "2014-09-01")]) == (
        "sub-day-offset: expected 2014-09-01T08:30 (hour); found `преди 2 часа` date 2014-09-01"
    )


def test_week_and_year_grains() -> None:
    week = duckling("тази седмица", "2013-02-11T00:00:00", "week")
    this_week = mention(
        "тази седмица",
        "2013-W07",
        precision="week",
        range_start="2013-02-11",
        range_end="2013-02-17",
    )
    assert compare_date_case(week, [this_week]) is None
    month = mention(
        "тази седмица",
        "2013-02",
        precision="month",
        range_start="2013-02-01",
        range_end="2013-02-28",
    )
    assert compare_date_case(week, [month]) == (
        "too-coarse: expected 2013-02-11T00:00 (week); found `тази седмица` date 2013-02"
    )
    year_ago = freshness("преди година", "2013-09-01T10:30:00", {"years": -1})
    year = mention(
        "преди година", "2013", precision="year", range_start="2013-01-01", range_end="2013-12-31"
    )
    assert compare_date_case(year_ago, [year]) is None


def test_times_compare_to_the_minute() -> None:
    case = normalizer("На 15.02.2026 г. в 14:30 ч.", "2026-02-15T14:30:00")
    day = mention("15.02.2026 г.", "2026-02-15")
    on_time = mention("14:30 ч.", "2026-02-15T14:30", "time", "minute")
    assert compare_date_case(case, [day, on_time]) is None
    late = mention("14:31 ч.", "2026-02-15T14:31", "time", "minute")
    assert category(compare_date_case(case, [day, late]) or "") == "wrong-value"


def test_duckling_12_hour_clock() -> None:
    case = duckling("в 3", "2013-02-12T15:00:00", "hour")
    three = mention("3 ч.", "T03:00", "time", "hour")
    assert compare_date_case(case, [three]) == "clock-12h: expected 15:00; found `3 ч.` time T03:00"
    assert compare_date_case(case, [mention("3 ч.", "T15:00", "time", "hour")]) is None


def test_year_less_dates_compare_month_and_day() -> None:
    case = normalizer("15 май", "--05-15")
    assert compare_date_case(case, [mention("15 май", "1991-05-15")]) is None
    assert compare_date_case(case, [mention("15 юни", "1990-06-15")]) == (
        "wrong-value: expected --05-15; found `15 юни` date 1990-06-15"
    )


def test_year_less_interval() -> None:
    case = normalizer(
        "от 1 март до 15 април",
        "--03-01",
        expected_interval={"from": "--03-01", "to": "--04-15"},
    )
    found = mention(
        "от 1 март до 15 април",
        "1991-03-01/1991-04-15",
        precision="interval",
        range_start="1991-03-01",
        range_end="1991-04-15",
    )
    assert compare_date_case(case, [found]) is None


def test_open_interval_and_season() -> None:
    after = duckling(
        "след 3 години",
        "2016-02-01T00:00:00",
        "month",
        expected_interval={"from": "2016-02-01T00:00:00", "to": None},
    )
    year = mention(
        "след 3 години", "2016", precision="year", range_start="2016-01-01", range_end="2016-12-31"
    )
    assert compare_date_case(after, [year]) is None
    winter = duckling(
        "тази зима",
        "2012-12-21T00:00:00",
        "day",
        expected_interval={"from": "2012-12-21T00:00:00", "to": "2013-03-21T00:00:00"},
    )
    season = mention(
        "тази зима", "2012-WI", precision="season", range_start="2012-12-01", range_end="2013-02-28"
    )
    assert compare_date_case(winter, [season]) is None


def test_negative_cases() -> None:
    case = normalizer("35 май", None)
    assert compare_date_case(case, []) is None
    assert compare_date_case(case, [mention("май", "1991-05", precision="month")]) == (
        "false-positive: found `май` date 1991-05"
    )


def test_search_with_expected_matches() -> None:
    case = {
        "suite": "dateparser-bg-search",
        "text": "На 16 юни 1944 г. започват ...",
        "reference": "2000-01-01T00:00:00",
        "expected": "1944-06-16T00:00:00",
        "expected_matches": [{"text": "На 16 юни 1944 г", "date": "1944-06-16T00:00:00"}],
        "kind": "search",
    }
    found = [mention("16 юни 1944 г.", "1944-06-16")]
    assert compare_date_case(case, found) is None
    extra = [
        *found,
        mention("2000", "2000", precision="year", range_start="2000-01-01", range_end="2000-12-31"),
    ]
    assert category(compare_date_case(case, extra) or "") == "wrong-span"


@pytest.mark.parametrize(
    ("text", "value", "unit", "ours"),
    [
        ("час и половина", 90, "minute", "PT90M"),
        ("1,5 часа", 5400, "second", "PT1.5H"),
        ("8 часа", 8, "hour", "P8H"),
        ("една седмица", 7, "day", "P1W"),
        ("половин година", 6, "month", "P6M"),
        ("две години и половина", 30, "month", "P2.5Y"),
        ("3,5 месеца", 9072000, "second", "P3.5M"),
        ("две години и три месеца", 27, "month", "P2Y3M"),
    ],
)
def test_durations_compare_the_quantity(text: str, value: float, unit: str, ours: str) -> None:
    found = [mention(text, ours, "duration", "duration")]
    assert compare_date_case(duration(text, value, unit), found) is None


def test_duration_failures() -> None:
    half = duration("половин месец", 15, "day")
    assert compare_date_case(half, [mention("половин месец", "P2W", "duration", "duration")]) == (
        "wrong-value: expected 15 day; found `половин месец` duration P2W"
    )
    assert compare_date_case(duration("15 мин", 15, "minute"), []) == (
        "missing-duration: expected 15 minute; found nothing"
    )
    assert compare_date_case(duration("1.5 часа", 5400, "second"), []) == (
        "dot-decimal: 5400 second; found nothing"
    )
    assert category(compare_date_case(duration("1 мс", 1, "millisecond"), []) or "") == (
        "duration-unit"
    )


def test_every_category_is_described() -> None:
    assert all(kind in ("convention", "extractor") for kind, _ in CATEGORIES.values())


def test_an_edited_kept_section_survives_regeneration() -> None:
    new = f"# Report\nnew numbers\n{KEPT_HEADING}\n{DRAFT_MARKER}\n- drafts\n"
    draft = f"# Report\nold numbers\n{KEPT_HEADING}\n{DRAFT_MARKER}\n- old drafts\n"
    edited = f"# Report\nold numbers\n{KEPT_HEADING}\n- weekday-future: we keep it\n"
    assert keep_edited_section(new, None) == new
    assert keep_edited_section(new, draft) == new
    assert keep_edited_section(new, edited) == (
        f"# Report\nnew numbers\n{KEPT_HEADING}\n- weekday-future: we keep it\n"
    )
