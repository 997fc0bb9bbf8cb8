"""The timeline as a picture: events on a time axis, one lane per actor, event type or place.

Plain functions, no Dagster: `chart_frame` turns rows of `pipeline.selection.select_events`
into the chart's data, `timeline_chart` builds the Altair (Vega-Lite) chart, `save_chart`
writes HTML (with the Vega JavaScript inlined, so it opens offline), PNG or SVG (rendered by
vl-convert, which bundles Vega and its fonts: no browser and no network).

Each event is a point at its date (a bar from its first to its last day when the date is a
month, a year ...), its size the sentence's largest amount in euros, its colour the
modality; hovering shows the sentence, the date as the text gives it and the file. Events
without a calendar date (`PAST_REF`, `FUTURE_REF`) have no place on a time axis: the
subtitle counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from pipeline.extract.events import MODALITIES
from pipeline.selection import display_date, format_eur

LANES = {"actor": "actors", "type": "event_type", "place": "places"}
NO_LANE = {"actor": "(no actor)", "place": "(no place)"}
FORMATS = (".html", ".png", ".svg")
# lanes shown by default; those with fewer events are merged into one
MAX_LANES = 30
# colours of the modalities: done things dark, intentions and possibilities lighter
MODALITY_COLOURS = {
    "occurred": "#1f77b4",
    "ongoing": "#2ca02c",
    "planned": "#ff7f0e",
    "hypothetical": "#9467bd",
    "negated": "#7f7f7f",
}
CHART_COLUMNS = (
    "lane",
    "start",
    "end",
    "date",
    "event_type",
    "modality",
    "euros",
    "amount_eur",
    "size_eur",
    "sentence",
    "source_file",
    "event_id",
)


# the size legend's labels, as `format_eur` writes amounts
EUR_LABEL = (
    "datum.value >= 1e9 ? '€' + format(datum.value / 1e9, '.3~g') + ' bn' : "
    "datum.value >= 1e6 ? '€' + format(datum.value / 1e6, '.3~g') + ' mn' : "
    "'€' + format(datum.value, ',.0f')"
)


def size_legend_values(frame: pd.DataFrame) -> list[float]:
    """Three sizes for the legend: none, half the largest amount and the largest, rounded
    to two significant digits (no amount: only 0)."""
    largest = float(frame["size_eur"].max()) if len(frame) else 0.0
    if not largest > 0:
        return [0.0]
    return [0.0, float(f"{largest / 2:.2g}"), float(f"{largest:.2g}")]


def _lanes(row: dict[str, Any], by: str) -> list[str]:
    value = row[LANES[by]]
    if isinstance(value, str):
        return [value]
    names = [str(name) for name in (value if value is not None else [])]
    return names or [NO_LANE[by]]


def _merge_small_lanes(frame: pd.DataFrame, max_lanes: int | None) -> pd.DataFrame:
    """Keep the `max_lanes - 1` lanes with most events (ties: by name); the rest become one
    lane `(N others)`, so every event stays on the chart."""
    counts = frame.groupby("lane")["event_id"].nunique()
    if max_lanes is None or len(counts) <= max_lanes:
        return frame
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    kept = {lane for lane, _ in ranked[: max(0, max_lanes - 1)]}
    others = f"({len(counts) - len(kept)} others)"
    merged = frame.assign(lane=frame["lane"].where(frame["lane"].isin(kept), others))
    return merged.drop_duplicates(subset=["lane", "event_id"]).reset_index(drop=True)


def chart_frame(
    rows: Sequence[dict[str, Any]], by: str = "actor", max_lanes: int | None = None
) -> pd.DataFrame:
    """One row per event and lane (an event with two actors is in both actors' lanes);
    events without a calendar date are left out. With `max_lanes`, the lanes with fewest
    events are merged into one."""
    if by not in LANES:
        raise ValueError(f"--by must be one of {', '.join(LANES)}, not {by!r}")
    records = [
        {
            "lane": lane,
            "start": pd.Timestamp(row["date_start"]),
            "end": pd.Timestamp(row["date_end"]),
            "date": display_date(row["date_value"]),
            "event_type": row["event_type"],
            "modality": row["modality"],
            "euros": format_eur(row.get("amount_eur")),
            "amount_eur": row.get("amount_eur"),
            "size_eur": row.get("amount_eur") or 0.0,
            "sentence": row["text"],
            "source_file": row["source_file"],
            "event_id": row["event_id"],
        }
        for row in rows
        if row["date_start"] is not None
        for lane in _lanes(row, by)
    ]
    frame = pd.DataFrame.from_records(records, columns=list(CHART_COLUMNS))
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    frame["amount_eur"] = frame["amount_eur"].astype("float64")
    frame["size_eur"] = frame["size_eur"].astype("float64")
    return _merge_small_lanes(frame, max_lanes)


def timeline_chart(
    rows: Sequence[dict[str, Any]],
    by: str = "actor",
    title: str = "Timeline",
    max_lanes: int | None = MAX_LANES,
) -> alt.LayerChart:
    """Points at each event's first day, bars over the days its date covers; at most
    `max_lanes` lanes (the others merged into one, last)."""
    frame = chart_frame(rows, by, max_lanes)
    undated = sum(1 for row in rows if row["date_start"] is None)
    lanes = sorted(frame["lane"].unique(), key=lambda lane: (lane.endswith(" others)"), lane))
    subtitle = f"{frame['event_id'].nunique()} events"
    if undated:
        subtitle += f"; {undated} without a calendar date not shown"
    tooltip = [
        alt.Tooltip("sentence:N", title="sentence"),
        alt.Tooltip("date:N", title="date"),
        alt.Tooltip("event_type:N", title="type"),
        alt.Tooltip("modality:N", title="modality"),
        alt.Tooltip("euros:N", title="euros"),
        alt.Tooltip("source_file:N", title="file"),
    ]
    colour = alt.Color(
        "modality:N",
        title="modality",
        scale=alt.Scale(domain=list(MODALITIES), range=[MODALITY_COLOURS[m] for m in MODALITIES]),
    )
    lane = alt.Y("lane:N", title=None, sort=lanes)
    base = alt.Chart(frame).encode(y=lane, color=colour, tooltip=tooltip)
    spans = base.mark_rule(strokeWidth=3, opacity=0.35).encode(
        x=alt.X("start:T", title="date"), x2="end:T"
    )
    points = base.mark_circle(opacity=0.8, stroke="black", strokeWidth=0.5).encode(
        x=alt.X("start:T", title="date"),
        size=alt.Size(
            "size_eur:Q",
            title="euros",
            scale=alt.Scale(domainMin=0, range=[40, 600]),
            legend=alt.Legend(values=size_legend_values(frame), labelExpr=EUR_LABEL),
        ),
    )
    return alt.LayerChart(
        layer=[spans, points],
        title=alt.TitleParams(title, subtitle=subtitle, anchor="start"),
        width=720,
        height=alt.Step(22),
    )


def save_chart(chart: alt.TopLevelMixin, out: Path) -> Path:
    """Write the chart as HTML (scripts inlined: opens offline), PNG or SVG, by suffix."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{out.name}: the chart is written as {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        chart.save(str(out), inline=True)
    elif suffix == ".png":
        chart.save(str(out), scale_factor=2)
    else:
        chart.save(str(out))
    return out


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """The chart as PNG bytes (vl-convert, offline)."""
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(chart.to_json(), scale=1))
