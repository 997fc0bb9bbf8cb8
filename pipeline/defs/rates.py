"""A weekly job that fetches the current ECB rate history (`pipeline.extract.rates`).

Thin: the op calls `update_rates` and turns its result into a log line and metadata, or a
failed run whose message says which file stays in use. The next load of the warehouse (the
daily schedule at 06:00 UTC, or the sensor) converts amounts with the new rates.
"""

import dagster as dg
from currency_converter import ECB_URL
from pydantic import Field

from pipeline.extract.rates import update_rates


class RatesUpdateConfig(dg.Config):
    """Where to fetch the ECB history from."""

    url: str = Field(default=ECB_URL, description="The ECB's reference-rate history file.")


@dg.op(description="Fetch the ECB reference-rate history into $TIMELINE_RATES.")
def update_ecb_rates(context: dg.OpExecutionContext, config: RatesUpdateConfig) -> dg.Output[str]:
    result = update_rates(config.url)
    if not result.ok or result.history is None:
        raise dg.Failure(description=result.message)
    context.log.info(result.message)
    return dg.Output(
        str(result.path),
        metadata={
            "path": str(result.path),
            "last_date": result.history.last_date.isoformat(),
            "currencies": len(result.history.currencies_on_last_date()),
            "rate_source": result.history.source,
        },
    )


@dg.job(description="Fetch the current ECB reference rates (the bundled file stays as fallback).")
def ecb_rates_update() -> None:
    update_ecb_rates()


weekly_ecb_rates = dg.ScheduleDefinition(
    name="weekly_ecb_rates",
    cron_schedule="0 5 * * 1",
    job=ecb_rates_update,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every Monday at 05:00 (UTC): fetch the ECB rate history, before the daily load.",
)
