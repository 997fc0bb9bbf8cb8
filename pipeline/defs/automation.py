"""A daily schedule that rebuilds everything and a sensor that loads new or changed seeds.

Both start stopped: `make run` has just loaded the folder, and a sensor that started on its
own would reload all of it on its first look at the folder. Turn them on in the UI
(Automation) or with `dagster schedule start` / `dagster sensor start` (README)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from pipeline.warehouse import seeds_path
from pipeline.watch import SensorCursor, folder_state, next_seed_run

ALL_ASSETS = dg.AssetSelection.all()

daily_timeline = dg.ScheduleDefinition(
    name="daily_timeline",
    cron_schedule="0 6 * * *",
    target=ALL_ASSETS,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 06:00 (UTC): read the whole seeds folder and reload it.",
)


@dg.sensor(
    name="new_seed_files",
    target=ALL_ASSETS,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Notices new, changed or removed files in the seeds folder and loads them.",
)
def new_seed_files(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    cursor = SensorCursor.loads(context.cursor, dt.datetime.now(dt.UTC))
    current = folder_state(seeds_path())
    plan, cursor = next_seed_run(cursor, current)
    if plan is None:
        return dg.SkipReason(f"no change among {len(current)} files in {seeds_path()}")
    run_config = {"ops": {"parsed_articles": {"config": {"files": list(plan.files)}}}}
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=plan.run_key, run_config=run_config, tags={"reason": plan.reason})
        ],
        cursor=cursor.dumps(),
    )
