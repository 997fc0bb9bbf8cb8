"""Exports of selected events (`timeline export`): TimelineJS, CSV for Excel, JSON, Parquet.

Plain functions over rows of `pipeline.selection.select_events`, no Dagster.

- TimelineJS (Knight Lab, `timeline.knightlab.com`): a slide per event whose start date has
  the fields its precision knows (a month: year and month; a day: year, month and day), with
  an end date and a `display_date` when the date is a week, quarter, season ..., and for an
  event without a calendar date (placed at its article's date, `display_date` saying so);
  `group` is the event type.
- CSV: UTF-8 with a byte-order mark, so Excel reads the Cyrillic (without it Excel takes the
  file as the local ANSI code page); lists as one `; `-separated cell.
- JSON: one array of objects, lists as lists, dates as `YYYY-MM-DD`.
- Parquet: typed columns (DATE, DOUBLE, BOOLEAN, lists of strings) for pandas, DuckDB, R ...
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.selection import COLUMNS, display_date, format_eur

FORMATS = ("timelinejs", "csv", "json", "parquet")
LIST_COLUMNS = ("actors", "targets", "sources", "places")
BOM = "\ufeff"
# what a vague date says about when the event happened, against its article's date
VAGUE_DISPLAY = {
    "PAST_REF": "before {published}",
    "FUTURE_REF": "after {published}",
    "PRESENT_REF": "around {published}",
}
PARQUET_SCHEMA = pa.schema(
    [
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_value", pa.string()),
        ("date_precision", pa.string()),
        ("event_type", pa.string()),
        ("modality", pa.string()),
        ("trigger", pa.string()),
        ("published", pa.string()),
        ("source_file", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("actors", pa.list_(pa.string())),
        ("targets", pa.list_(pa.string())),
        ("sources", pa.list_(pa.string())),
        ("places", pa.list_(pa.string())),
        ("amount_eur", pa.float64()),
        ("is_main", pa.bool_()),
        ("event_id", pa.string()),
    ]
)


def _date_object(day: dt.date, precision: str) -> dict[str, int]:
    """A TimelineJS date: the fields the precision knows."""
    fields = {"year": day.year}
    if precision in ("month", "day"):
        fields["month"] = day.month
    if precision == "day":
        fields["day"] = day.day
    return fields


def _published_object(published: str) -> dict[str, int]:
    """The article's date (`2024-11` or `2024-11-13`) as a TimelineJS date."""
    parts = [int(p) for p in published.split("-")]
    return dict(zip(("year", "month", "day"), parts, strict=False))


def timelinejs_slide(row: dict[str, Any]) -> dict[str, Any]:
    """One TimelineJS slide for an event."""
    precision = row["date_precision"]
    actors = ", ".join(row.get("actors") or [])
    headline = f"{row['event_type']} ({row['modality']})" + (f": {actors}" if actors else "")
    details = [
        f"<p>{_html(row['text'])}</p>",
        f"<p>{_html(row['source_file'])}"
        + (f", {_html(format_eur(row.get('amount_eur')))}" if row.get("amount_eur") else "")
        + "</p>",
    ]
    slide: dict[str, Any] = {
        "unique_id": row["event_id"],
        "group": row["event_type"],
        "text": {"headline": _html(headline), "text": "".join(details)},
    }
    start, end = row["date_start"], row["date_end"]
    if start is None:
        slide["start_date"] = _published_object(row["published"])
        template = VAGUE_DISPLAY.get(row["date_value"], "{published}")
        slide["display_date"] = template.format(published=row["published"])
    elif precision in ("day", "month", "year"):
        slide["start_date"] = _date_object(start, precision)
    else:
        slide["start_date"] = _date_object(start, "day")
        slide["end_date"] = _date_object(end, "day")
        slide["display_date"] = display_date(row["date_value"])
    return slide


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timelinejs(rows: Sequence[dict[str, Any]], title: str = "Timeline") -> dict[str, Any]:
    """The TimelineJS document: a title slide and one slide per event."""
    return {
        "title": {"text": {"headline": _html(title), "text": f"<p>{len(rows)} events</p>"}},
        "events": [timelinejs_slide(row) for row in rows],
    }


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_text(rows: Sequence[dict[str, Any]], bom: bool = True) -> str:
    """CSV with a header; a byte-order mark first unless `bom` is false."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: "; ".join(row[k] or []) if k in LIST_COLUMNS else _plain(row[k]) for k in COLUMNS}
        )
    return (BOM if bom else "") + buffer.getvalue()


def json_text(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(
        [{k: _plain(row[k]) for k in COLUMNS} for row in rows], ensure_ascii=False, indent=1
    )


def write_parquet(rows: Sequence[dict[str, Any]], path: Path) -> None:
    columns = {name: [row[name] for row in rows] for name in COLUMNS}
    pq.write_table(pa.table(columns, schema=PARQUET_SCHEMA), path)


def export(rows: Sequence[dict[str, Any]], fmt: str, path: Path, bom: bool = True) -> Path:
    """Write the rows to `path` in `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        write_parquet(rows, path)
    elif fmt == "csv":
        path.write_text(csv_text(rows, bom), encoding="utf-8", newline="")
    elif fmt == "json":
        path.write_text(json_text(rows) + "\n", encoding="utf-8")
    else:
        document = timelinejs(rows)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path
