"""Does dateparser read every complete date the grammar can find as the grammar does?

A complete day-month-year span is worth its calendar date (`handlers.day_month`,
`handlers.numeric`). It was once parsed again by dateparser; this checks, for every day from
1000-01-01 to 2199-12-31 (the years `YEAR_RE` reads; `--step N` takes every N-th day), both
forms the grammar passed it — `13 ноември 2019` (`%d %B %Y`, every full month name of
`dates_months.tsv`, as the rules see it: lower case) and `13.11.2019` (`%d.%m.%Y`) — with the
settings dateparser had (Bulgarian, day-month-year order, all three parts required, the span's
own format first) and each `--base` day as RELATIVE_BASE, and prints every day it reads
differently or not at all. Exit status 1 when there is one.

Run:  .venv/bin/python -m benchmarks.complete_dates_dateparser   (about a minute)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from pipeline.extract.dates.lexicons import MONTH_FULL_FORMS, MONTH_OF, key

SETTINGS = {
    "DATE_ORDER": "DMY",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_LOCALE_DATE_ORDER": False,
    "PARSERS": ["custom-formats", "absolute-time"],
}


def main(argv: Sequence[str] | None = None) -> int:
    from dateparser.date import DateDataParser

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--step", type=int, default=1, help="every N-th day (default 1)")
    parser.add_argument(
        "--base",
        action="append",
        type=dt.date.fromisoformat,
        help="RELATIVE_BASE day, repeatable (default 2024-11-13)",
    )
    args = parser.parse_args(argv)
    bases = args.base or [dt.date(2024, 11, 13)]
    names = {MONTH_OF[key(form)]: key(form) for form in MONTH_FULL_FORMS}
    parsers = [
        DateDataParser(
            languages=["bg"],
            settings=SETTINGS | {"RELATIVE_BASE": dt.datetime.combine(base, dt.time())},
        )
        for base in bases
    ]
    same = other = 0
    day, last = dt.date(1000, 1, 1), dt.date(2199, 12, 31)
    while day <= last:
        for spans in (
            (f"{day.day} {names[day.month]} {day.year}", "%d %B %Y"),
            (f"{day.day:02d}.{day.month:02d}.{day.year}", "%d.%m.%Y"),
        ):
            span, written = spans
            for base, reader in zip(bases, parsers, strict=True):
                parsed = reader.get_date_data(span, date_formats=[written]).date_obj
                if parsed is not None and parsed.date() == day:
                    same += 1
                else:
                    other += 1
                    print(f"{span!r} ({written}, base {base}): dateparser reads {parsed}")
        day += dt.timedelta(days=max(1, args.step))
    print(f"{same + other:,} spans: dateparser reads {same:,} as the grammar, {other:,} not")
    return 1 if other else 0


if __name__ == "__main__":
    sys.exit(main())
