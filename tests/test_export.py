"""Exports (issue 17, point 2): TimelineJS, CSV for Excel, JSON, Parquet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import EXPORT_FORMATS, main
from pipeline.export import FORMATS, PARQUET_SCHEMA, csv_text, export, json_text, timelinejs
from pipeline.selection import COLUMNS
from tests.test_query_people import seed_db  # noqa: F401 (the fixture)


def event(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "date_start": dt.date(2024, 11, 13),
        "date_end": dt.date(2024, 11, 13),
        "date_value": "2024-11-13",
        "date_precision": "day",
        "event_type": "meeting",
        "modality": "occurred",
        "trigger": "срещна",
        "published": "2024-11",
        "source_file": "a.txt",
        "title": "Заглавие",
        "text": "Блинкен се срещна с Рюте.",
        "actors": ["Антъни Блинкен"],
        "targets": ["Марк Рюте"],
        "sources": [],
        "places": ["Брюксел"],
        "amount_eur": None,
        "is_main": True,
        "event_id": "a-0001-0",
    }
    return row | fields


MONTH = event(
    date_start=dt.date(2024, 11, 1),
    date_end=dt.date(2024, 11, 30),
    date_value="2024-11",
    date_precision="month",
    event_id="a-0002-0",
    actors=[],
    amount_eur=1_350_000_000.0,
    event_type="aid",
)
YEAR = event(
    date_start=dt.date(2025, 1, 1),
    date_end=dt.date(2025, 12, 31),
    date_value="2025",
    date_precision="year",
    event_id="a-0003-0",
)
WEEK = event(
    date_start=dt.date(2024, 11, 11),
    date_end=dt.date(2024, 11, 17),
    date_value="2024-W46",
    date_precision="week",
    event_id="a-0004-0",
)
FUTURE = event(
    date_start=None,
    date_end=None,
    date_value="FUTURE_REF",
    date_precision="vague",
    modality="planned",
    event_id="a-0005-0",
    text="Ще се срещнат <скоро> & пак.",
)


def test_timelinejs_dates_at_their_precision() -> None:
    document = timelinejs([event(), MONTH, YEAR, WEEK, FUTURE], title="Тест")
    assert document["title"] == {"text": {"headline": "Тест", "text": "<p>5 events</p>"}}
    dates = [
        {k: slide[k] for k in ("start_date", "end_date", "display_date") if k in slide}
        for slide in document["events"]
    ]
    assert dates == [
        {"start_date": {"year": 2024, "month": 11, "day": 13}},
        {"start_date": {"year": 2024, "month": 11}},
        {"start_date": {"year": 2025}},
        {
            "start_date": {"year": 2024, "month": 11, "day": 11},
            "end_date": {"year": 2024, "month": 11, "day": 17},
            "display_date": "2024-W46",
        },
        {"start_date": {"year": 2024, "month": 11}, "display_date": "after 2024-11"},
    ]
    assert [s["group"] for s in document["events"]] == [
        "meeting",
        "aid",
        "meeting",
        "meeting",
        "meeting",
    ]
    assert document["events"][0] == {
        "unique_id": "a-0001-0",
        "group": "meeting",
        "text": {
            "headline": "meeting (occurred): Антъни Блинкен",
            "text": "<p>Блинкен се срещна с Рюте.</p><p>a.txt</p>",
        },
        "start_date": {"year": 2024, "month": 11, "day": 13},
    }
    assert document["events"][1]["text"] == {
        "headline": "aid (occurred)",
        "text": "<p>Блинкен се срещна с Рюте.</p><p>a.txt, €1.35 bn</p>",
    }
    assert document["events"][4]["text"]["text"] == (
        "<p>Ще се срещнат &lt;скоро&gt; &amp; пак.</p><p>a.txt</p>"
    )


def test_csv_for_excel() -> None:
    text = csv_text([event(), MONTH])
    assert text.startswith("\ufeffdate_start,date_end,date_value,")
    header, first, second = text.removeprefix("\ufeff").split("\r\n")[:3]
    assert header == ",".join(COLUMNS)
    assert first == (
        "2024-11-13,2024-11-13,2024-11-13,day,meeting,occurred,срещна,2024-11,a.txt,Заглавие,"
        "Блинкен се срещна с Рюте.,Антъни Блинкен,Марк Рюте,,Брюксел,,True,a-0001-0"
    )
    assert second.endswith(",Марк Рюте,,Брюксел,1350000000.0,True,a-0002-0")
    assert not csv_text([event()], bom=False).startswith("\ufeff")


def test_json_keeps_lists_and_dates() -> None:
    (row,) = json.loads(json_text([event()]))
    assert row == {
        "date_start": "2024-11-13",
        "date_end": "2024-11-13",
        "date_value": "2024-11-13",
        "date_precision": "day",
        "event_type": "meeting",
        "modality": "occurred",
        "trigger": "срещна",
        "published": "2024-11",
        "source_file": "a.txt",
        "title": "Заглавие",
        "text": "Блинкен се срещна с Рюте.",
        "actors": ["Антъни Блинкен"],
        "targets": ["Марк Рюте"],
        "sources": [],
        "places": ["Брюксел"],
        "amount_eur": None,
        "is_main": True,
        "event_id": "a-0001-0",
    }


def test_parquet_is_typed(tmp_path: Path) -> None:
    assert tuple(PARQUET_SCHEMA.names) == COLUMNS
    path = export([event(), FUTURE], "parquet", tmp_path / "t.parquet")
    table = pq.read_table(path)
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("actors").type == pa.list_(pa.string())
    assert table.schema.field("amount_eur").type == pa.float64()
    assert table.column("date_start").to_pylist() == [dt.date(2024, 11, 13), None]
    assert table.column("places").to_pylist() == [["Брюксел"], ["Брюксел"]]
    with pytest.raises(ValueError, match="export format must be one of timelinejs, csv"):
        export([], "xlsx", tmp_path / "t.xlsx")


def test_export_command(
    seed_db: Path,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "tl.json"
    assert main(["export", "--db", str(seed_db), "--timelinejs", str(out)]) == 0
    assert capsys.readouterr().out == f"timeline: wrote 16 events to {out} (timelinejs)\n"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["events"]) == 16
    assert [s["display_date"] for s in document["events"] if "display_date" in s] == [
        "after 2024-11"
    ] * 3
    assert main(["export", "--db", str(seed_db), "--type", "election"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("\ufeffdate_start,")
    assert lines[1].startswith("2025-02-23,2025-02-23,2025-02-23,day,election,planned,")
    assert len(lines) == 2
    csv_out = tmp_path / "t.csv"
    assert main(["export", "--db", str(seed_db), "--out", str(csv_out), "--from", "2025"]) == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfdate_start,")
    capsys.readouterr()
    assert main(["export", "--db", str(seed_db), "--format", "parquet"]) == 1
    assert capsys.readouterr().err == "timeline: give the file to write parquet to: --out FILE\n"


def test_the_command_offers_the_formats_of_the_export() -> None:
    assert EXPORT_FORMATS == FORMATS == ("timelinejs", "csv", "json", "parquet")
