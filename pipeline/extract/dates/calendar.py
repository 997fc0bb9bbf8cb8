"""Calendar arithmetic of date values: month lengths, ISO weeks, seasons, Easter, and the first
and last day a TIMEX3-style value covers (`value_range`). No Bulgarian here."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.easter import EASTER_JULIAN, EASTER_WESTERN, easter

from pipeline.extract.mentions import Reference

# days of each month in a leap year (index 0 unused): February's depends on the year
LEAP_MONTH_DAYS = (0, *(calendar.monthrange(2024, month)[1] for month in range(1, 13)))


def last_day(year: int, month: int) -> dt.date:
    if 1 <= month <= 12 and month != 2:  # the same length every year
        return dt.date(year, month, LEAP_MONTH_DAYS[month])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def season_range(year: int, season: str) -> tuple[dt.date, dt.date]:
    first, last = SEASON_MONTHS[season]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), last_day(end_year, last)


def roman_number(text: str) -> int | None:
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
            return dt.date(int(y_), int(m_), 1), last_day(int(y_), int(m_))
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
        return dt.date(y, int(m["m"]), 1), last_day(y, int(m["m"]))
    if m["w"]:
        monday = dt.date.fromisocalendar(y, int(m["w"]), 1)
        if m["we"]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if m["qh"]:
        n, size = int(m["n"]), 3 if m["qh"] == "Q" else 6
        return dt.date(y, (n - 1) * size + 1, 1), last_day(y, n * size)
    if m["s"]:
        return season_range(y, m["s"])
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def reference_range(ref: Reference) -> tuple[dt.date, dt.date]:
    if ref.precision == "month":
        return ref.day.replace(day=1), last_day(ref.day.year, ref.day.month)
    return ref.day, ref.day


def orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter Sunday as a (proleptic) Gregorian date: the Julian-calendar date that
    dateutil computes, moved by the calendars' difference that year (13 days in 1900-2099)."""
    julian_shift = year // 100 - year // 400 - 2
    return easter(year, EASTER_JULIAN) + dt.timedelta(days=julian_shift)


def western_easter(year: int) -> dt.date:
    return easter(year, EASTER_WESTERN)
