"""The chart (issue 17, point 1): its data and encodings exactly, and the files it writes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.chart import FORMATS, LANES, chart_frame, chart_png, save_chart, timeline_chart
from pipeline.cli import CHART_FORMATS, CHART_LANES, main
from tests.test_query_people import seed_db  # noqa: F401 (the fixture)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MODALITY_SCALE = {
    "domain": ["occurred", "ongoing", "planned", "hypothetical", "negated"],
    "range": ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#7f7f7f"],
}
TOOLTIP = [
    {"field": "sentence", "title": "sentence", "type": "nominal"},
    {"field": "date", "title": "date", "type": "nominal"},
    {"field": "event_type", "title": "type", "type": "nominal"},
    {"field": "modality", "title": "modality", "type": "nominal"},
    {"field": "euros", "title": "euros", "type": "nominal"},
    {"field": "source_file", "title": "file", "type": "nominal"},
]


def event(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "date_start": dt.date(2024, 11, 1),
        "date_end": dt.date(2024, 11, 30),
        "date_value": "2024-11",
        "event_type": "meeting",
        "modality": "occurred",
        "amount_eur": None,
        "text": "Срещнаха се.",
        "source_file": "a.txt",
        "event_id": "a-0001-0",
        "actors": ["Антъни Блинкен", "Марк Рюте"],
        "places": ["Брюксел"],
    }
    return row | fields


ROWS = [
    event(),
    event(
        date_start=dt.date(2025, 2, 23),
        date_end=dt.date(2025, 2, 23),
        date_value="2025-02-23",
        event_type="aid",
        modality="planned",
        amount_eur=1_500_000_000.0,
        text="Ще дадат помощ.",
        event_id="a-0002-0",
        actors=[],
        places=[],
    ),
    event(
        date_start=None,
        date_end=None,
        date_value="FUTURE_REF",
        event_id="a-0003-0",
    ),
]


def test_chart_frame_has_a_row_per_event_and_lane() -> None:
    frame = chart_frame(ROWS, by="actor")
    records = frame.astype({"start": str, "end": str}).to_dict("records")
    assert records == [
        {
            "lane": "Антъни Блинкен",
            "start": "2024-11-01",
            "end": "2024-11-30",
            "date": "2024-11",
            "event_type": "meeting",
            "modality": "occurred",
            "euros": "",
            "amount_eur": pytest.approx(float("nan"), nan_ok=True),
            "size_eur": 0.0,
            "sentence": "Срещнаха се.",
            "source_file": "a.txt",
            "event_id": "a-0001-0",
        },
        {
            "lane": "Марк Рюте",
            "start": "2024-11-01",
            "end": "2024-11-30",
            "date": "2024-11",
            "event_type": "meeting",
            "modality": "occurred",
            "euros": "",
            "amount_eur": pytest.approx(float("nan"), nan_ok=True),
            "size_eur": 0.0,
            "sentence": "Срещнаха се.",
            "source_file": "a.txt",
            "event_id": "a-0001-0",
        },
        {
            "lane": "(no actor)",
            "start": "2025-02-23",
            "end": "2025-02-23",
            "date": "2025-02-23",
            "event_type": "aid",
            "modality": "planned",
            "euros": "€1.5 bn",
            "amount_eur": 1_500_000_000.0,
            "size_eur": 1_500_000_000.0,
            "sentence": "Ще дадат помощ.",
            "source_file": "a.txt",
            "event_id": "a-0002-0",
        },
    ]
    assert list(chart_frame(ROWS, by="type")["lane"]) == ["meeting", "aid"]
    assert list(chart_frame(ROWS, by="place")["lane"]) == ["Брюксел", "(no place)"]
    with pytest.raises(ValueError, match="--by must be one of actor, type, place, not 'day'"):
        chart_frame(ROWS, by="day")


def test_the_spec_encodes_lanes_dates_euros_and_modality() -> None:
    spec = timeline_chart(ROWS, by="type", title="Тест").to_dict()
    assert spec["title"] == {
        "text": "Тест",
        "anchor": "start",
        "subtitle": "2 events; 1 without a calendar date not shown",
    }
    spans, points = spec["layer"]
    assert spans["mark"] == {"type": "rule", "opacity": 0.35, "strokeWidth": 3}
    assert points["mark"] == {
        "type": "circle",
        "opacity": 0.8,
        "stroke": "black",
        "strokeWidth": 0.5,
    }
    for layer in (spans, points):
        assert layer["encoding"]["y"] == {
            "field": "lane",
            "sort": ["aid", "meeting"],
            "title": None,
            "type": "nominal",
        }
        assert layer["encoding"]["x"] == {"field": "start", "title": "date", "type": "temporal"}
        assert layer["encoding"]["color"] == {
            "field": "modality",
            "scale": MODALITY_SCALE,
            "title": "modality",
            "type": "nominal",
        }
        assert layer["encoding"]["tooltip"] == TOOLTIP
    assert spans["encoding"]["x2"] == {"field": "end"}
    size = points["encoding"]["size"]
    assert size["field"] == "size_eur" and size["type"] == "quantitative"
    assert size["scale"] == {"domainMin": 0, "range": [40, 600]}
    assert size["legend"]["values"] == [0.0, 750_000_000.0, 1_500_000_000.0]
    (data,) = spec["datasets"].values()
    assert [(d["lane"], d["start"], d["end"], d["size_eur"]) for d in data] == [
        ("meeting", "2024-11-01T00:00:00", "2024-11-30T00:00:00", 0.0),
        ("aid", "2025-02-23T00:00:00", "2025-02-23T00:00:00", 1_500_000_000.0),
    ]


def test_png_and_svg_render_offline(tmp_path: Path) -> None:
    chart = timeline_chart(ROWS, by="actor")
    assert chart_png(chart).startswith(PNG_SIGNATURE)
    png = save_chart(chart, tmp_path / "t.png")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    svg = save_chart(chart, tmp_path / "t.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Антъни Блинкен" in svg
    with pytest.raises(ValueError, match=r"t.pdf: the chart is written as .html, .png, .svg"):
        save_chart(chart, tmp_path / "t.pdf")


def test_timeline_chart_command(
    seed_db: Path,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "charts" / "timeline.html"
    assert main(["chart", "--db", str(seed_db), "--out", str(out), "--by", "actor"]) == 0
    assert capsys.readouterr().out == (
        f"timeline: wrote {out} (13 of 16 events have a calendar date)\n"
    )
    html = out.read_text(encoding="utf-8")
    # the Vega scripts are inlined: the page opens with no network
    assert "<script src=" not in html and "cdn.jsdelivr" not in html
    assert json.dumps("Антъни Блинкен") in html  # the spec, with its data, as JSON
    png = tmp_path / "aid.png"
    assert main(["chart", "--db", str(seed_db), "--out", str(png), "--type", "aid"]) == 0
    assert capsys.readouterr().out == (
        f"timeline: wrote {png} (1 of 3 events have a calendar date)\n"
    )
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert main(["chart", "--db", str(seed_db), "--out", str(tmp_path / "t.pdf")]) == 1
    assert capsys.readouterr().err == "timeline: t.pdf: give a file ending in .html, .png, .svg\n"


def test_the_command_offers_the_lanes_and_formats_of_the_chart() -> None:
    assert (tuple(LANES), FORMATS) == (CHART_LANES, CHART_FORMATS)


def test_lanes_with_fewest_events_are_merged() -> None:
    rows = [
        event(event_id="e1", actors=["Б", "В"]),
        event(event_id="e2", actors=["Б"]),
        event(event_id="e3", actors=["А", "В"]),
        event(event_id="e4", actors=["Г"]),
    ]
    frame = chart_frame(rows, by="actor", max_lanes=3)
    # Б and В have two events each; А and Г one each: they share a lane (e3 once, under В)
    assert list(zip(frame["lane"], frame["event_id"], strict=True)) == [
        ("Б", "e1"),
        ("В", "e1"),
        ("Б", "e2"),
        ("(2 others)", "e3"),
        ("В", "e3"),
        ("(2 others)", "e4"),
    ]
    assert len(chart_frame(rows, by="actor", max_lanes=None)) == 6
    spec = timeline_chart(rows, by="actor", max_lanes=3).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Б", "В", "(2 others)"]
