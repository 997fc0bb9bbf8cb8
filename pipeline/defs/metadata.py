"""What the Dagster UI shows of the warehouse tables: typed columns, previews, the chart.

Plain functions that turn frames and the warehouse into Dagster metadata values; the assets
only call them.

- Column schemas (`dagster/column_schema`): names, descriptions and nullability from the
  pandera models in `schemas/`, types as DuckDB gives them (DATE, INTEGER, DOUBLE,
  VARCHAR[] ...), read from a throwaway in-memory database built by the migrations, so
  they are what the warehouse really holds.
- Previews are tables (`MetadataValue.table`), not markdown: dates as `2024-11-13`, lists
  as JSON arrays (`["САЩ", "Украйна"]`), numbers as numbers, long texts cut with `…`.
- The events asset carries the chart of the timeline as a PNG (markdown with the image
  inlined: the UI shows it in the materialisation's metadata) and a readable preview of
  the `timeline` view.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from collections.abc import Sequence
from functools import cache
from typing import Any

import dagster as dg
import duckdb
import pandas as pd

from pipeline.chart import chart_png, timeline_chart
from pipeline.selection import (
    Selection,
    display_date,
    format_eur,
    latest_events,
    select_events,
)
from pipeline.warehouse import migrate
from schemas import TABLE_SCHEMAS

PREVIEW_ROWS = 10
# longer texts (an article's body, a sentence) are cut to this many characters in previews
PREVIEW_TEXT = 160
# the chart attached to the events asset shows at most this many events (the latest)
CHART_EVENTS = 500
TIMELINE_PREVIEW_COLUMNS = {
    "date": "VARCHAR",
    "event_type": "VARCHAR",
    "modality": "VARCHAR",
    "euros": "VARCHAR",
    "actors": "VARCHAR[]",
    "places": "VARCHAR[]",
    "text": "VARCHAR",
    "source_file": "VARCHAR",
}


@cache
def warehouse_column_types() -> dict[str, dict[str, str]]:
    """Table → column → DuckDB type, from the migrations applied to an empty database."""
    with duckdb.connect(":memory:") as conn:
        migrate(conn)
        rows = conn.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = 'main' ORDER BY table_name, column_index"
        ).fetchall()
    types: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        types.setdefault(table, {})[column] = data_type
    return types


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns for the UI: DuckDB type, pandera description and nullability."""
    types = warehouse_column_types()[table]
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name,
                type=types[name],
                description=column.description,
                constraints=dg.TableColumnConstraints(nullable=bool(column.nullable)),
            )
            for name, column in TABLE_SCHEMAS[table].to_schema().columns.items()
        ]
    )


def _cut(text: str) -> str:
    return text if len(text) <= PREVIEW_TEXT else text[: PREVIEW_TEXT - 1] + "…"


def cell(value: Any, column_type: str) -> str | int | float | bool | None:
    """One preview cell: what a TableRecord holds (str, int, float, bool or None)."""
    if column_type.endswith("[]"):
        items = [] if value is None else [str(v) for v in value]
        return json.dumps(items, ensure_ascii=False)
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if column_type == "DATE":
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)
    if column_type == "TIMESTAMP" and isinstance(value, dt.datetime | pd.Timestamp):
        return value.isoformat(sep=" ", timespec="seconds")
    if column_type in ("INTEGER", "BIGINT"):
        return int(value)
    if column_type == "DOUBLE":
        return float(value)
    if column_type == "BOOLEAN":
        return bool(value)
    return _cut(str(value))


def preview_table(
    frame: pd.DataFrame, types: dict[str, str], rows: int = PREVIEW_ROWS
) -> dg.MetadataValue:
    """The first rows of `frame` as a table, for the columns named in `types` (in order)."""
    columns = [c for c in types if c in frame.columns]
    records = [
        dg.TableRecord({c: cell(value, types[c]) for c, value in zip(columns, row, strict=True)})
        for row in frame.loc[:, columns].head(rows).itertuples(index=False, name=None)
    ]
    schema = dg.TableSchema(columns=[dg.TableColumn(c, type=types[c]) for c in columns])
    return dg.MetadataValue.table(records=records, schema=schema)


def table_preview(frame: pd.DataFrame, table: str) -> dg.MetadataValue:
    """A warehouse table's preview, typed as the warehouse types it (no article bodies)."""
    types = {c: t for c, t in warehouse_column_types()[table].items() if c != "body"}
    return preview_table(frame, types)


def timeline_preview(rows: Sequence[dict[str, Any]]) -> dg.MetadataValue:
    """The first events of the `timeline` view, as people read them."""
    frame = pd.DataFrame.from_records(
        [
            {
                "date": display_date(row["date_value"]),
                "event_type": row["event_type"],
                "modality": row["modality"],
                "euros": format_eur(row["amount_eur"]),
                "actors": row["actors"],
                "places": row["places"],
                "text": row["text"],
                "source_file": row["source_file"],
            }
            for row in rows
        ],
        columns=list(TIMELINE_PREVIEW_COLUMNS),
    )
    return preview_table(frame, TIMELINE_PREVIEW_COLUMNS)


def png_markdown(png: bytes, alt: str) -> dg.MetadataValue:
    """A PNG shown inline in the UI: markdown with a `data:` URI."""
    encoded = base64.b64encode(png).decode("ascii")
    return dg.MetadataValue.md(f"![{alt}](data:image/png;base64,{encoded})")


def events_metadata(conn: duckdb.DuckDBPyConnection) -> dict[str, dg.MetadataValue]:
    """The events asset's extra metadata: the chart of the timeline (PNG) and its preview."""
    # only the rows shown (a large archive's whole timeline is gigabytes as Python rows)
    dated = latest_events(conn, CHART_EVENTS)
    shown = f"the latest {CHART_EVENTS}" if len(dated) == CHART_EVENTS else "all"
    chart = timeline_chart(dated, by="type", title=f"Timeline ({shown} dated events)")
    return {
        "timeline_chart": png_markdown(chart_png(chart), "the timeline by event type"),
        "timeline_preview": timeline_preview(select_events(conn, Selection(limit=PREVIEW_ROWS))),
    }
