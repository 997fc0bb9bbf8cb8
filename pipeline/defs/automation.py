"""A daily schedule that rebuilds everything and a sensor that loads new or changed seeds.

Both start stopped: `make run` has just loaded the folder, and a sensor that started on its
own would reload all of it on its first look at the folder. Turn them on in the UI
(Automation) or with `dagster schedule start` / `dagster sensor start` (README)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from pipeline.warehouse import database_path, seeds_path
from pipeline.watch import SensorCursor, folder_changes, next_seed_run

ALL_ASSETS = dg.AssetSelection.all()

daily_timeline = dg.ScheduleDefinition(
    name="daily_timeline",
    cron_schedule="0 6 * * *",
    target=ALL_ASSETS,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 06:00 (UTC): look at the whole seeds folder; load what is new, "
    "changed or stale, remove what is gone.",
)


@dg.sensor(
    name="new_seed_files",
    target=ALL_ASSETS,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Notices new, changed or removed files in the seeds folder and loads them.",
)
def new_seed_files(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    now = dt.datetime.now(dt.UTC)
    cursor = SensorCursor.loads(context.cursor, now)
    changes = folder_changes(database_path(), seeds_path())
    plan, cursor = next_seed_run(cursor, changes, now)
    if plan is None:
        waiting = f" (waiting for run {cursor.runs})" if changes.any else ""
        return dg.SensorResult(
            skip_reason=f"no new change in {seeds_path()}{waiting}", cursor=cursor.dumps()
        )
    run_config = {"ops": {"parsed_articles": {"config": {"files": list(plan.files)}}}}
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=plan.run_key, run_config=run_config, tags={"reason": plan.reason})
        ],
        cursor=cursor.dumps(),
    )
