"""Conversion to euros: exact ECB rates from the bundled history, the fixed lev, no-rate reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import rates
from pipeline.extract.rates import BGN_PER_EUR, MAX_STALE_DAYS, history_bounds, to_eur


def test_loads_the_bundled_file_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import currency_converter.currency_converter as cc

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("CurrencyConverter tried to download")

    monkeypatch.setattr(cc, "urlopen", no_network)
    rates._converter.cache_clear()
    rates.ecb_rate.cache_clear()
    assert to_eur(100.0, "USD", dt.date(2024, 11, 13)).rate == 1.0629


def test_usd_exact_ecb_rate() -> None:
    # ECB reference rate of 2024-11-13: 1 EUR = 1.0629 USD
    conv = to_eur(1062.9, "USD", dt.date(2024, 11, 13))
    assert conv.rate == 1.0629
    assert conv.rate_date == dt.date(2024, 11, 13)
    assert conv.value_eur == 1000.0


def test_weekend_takes_the_previous_business_day() -> None:
    conv = to_eur(100.0, "USD", dt.date(2024, 11, 16))  # a Saturday
    assert conv.rate_date == dt.date(2024, 11, 15)
    assert conv.rate == 1.0583


def test_lev_is_fixed() -> None:
    for day in (dt.date(2010, 5, 5), dt.date(2026, 2, 1)):  # before and after the euro
        conv = to_eur(1955.83, "BGN", day)
        assert conv.rate == float(BGN_PER_EUR) == 1.95583
        assert conv.value_eur == 1000.0
        assert conv.rate_date == day


def test_euro_is_one() -> None:
    conv = to_eur(6000000000.0, "EUR", dt.date(2026, 3, 1))
    assert (conv.value_eur, conv.rate) == (6000000000.0, 1.0)


def test_currency_without_ecb_rate() -> None:
    conv = to_eur(3000.0, "UAH", dt.date(2024, 11, 13))
    assert conv.value_eur is None and conv.rate is None and conv.rate_date is None
    assert conv.note is not None and "UAH" in conv.note


def test_rouble_after_the_ecb_stopped() -> None:
    conv = to_eur(100.0, "RUB", dt.date(2024, 1, 10))
    assert conv.value_eur is None and conv.note is not None and "RUB" in conv.note


def test_after_the_shipped_history() -> None:
    bounds = history_bounds("USD")
    assert bounds is not None
    last = bounds[1]
    near = to_eur(1.0, "USD", last + dt.timedelta(days=MAX_STALE_DAYS))
    assert near.rate_date == last and near.rate is not None
    far = to_eur(1.0, "USD", last + dt.timedelta(days=MAX_STALE_DAYS + 1))
    assert far.rate is None and far.note is not None


def test_before_the_first_rate() -> None:
    conv = to_eur(1.0, "TRY", dt.date(2001, 1, 1))
    assert conv.rate is None and conv.note is not None and "before" in conv.note


def test_none_value_gives_the_rate() -> None:
    conv = to_eur(None, "USD", dt.date(2024, 11, 13))
    assert conv.value_eur is None and conv.rate == 1.0629
