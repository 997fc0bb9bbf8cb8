"""What the Dagster UI shows (issue 17, point 4): typed columns, table previews, the chart on
the events asset, and a warning check when a run rejected files."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from dagster_duckdb import DuckDBResource

from pipeline.definitions import defs
from pipeline.defs.assets import extractions, parsed_articles, warehouse_tables
from pipeline.defs.checks import rejects_check
from pipeline.defs.metadata import cell, column_schema, warehouse_column_types
from schemas import TABLE_SCHEMAS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_pandera_column_has_its_warehouse_type() -> None:
    types = warehouse_column_types()
    for table, schema in TABLE_SCHEMAS.items():
        assert set(schema.to_schema().columns) == set(types[table]), table


def test_column_schema_of_events_is_typed() -> None:
    columns = {c.name: c for c in column_schema("events").columns}
    assert {name: c.type for name, c in columns.items()} == {
        "event_id": "VARCHAR",
        "article_id": "VARCHAR",
        "sentence_no": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "text": "VARCHAR",
        "trigger": "VARCHAR",
        "trigger_start": "INTEGER",
        "trigger_end": "INTEGER",
        "event_type": "VARCHAR",
        "plover": "VARCHAR",
        "modality": "VARCHAR",
        "date_value": "VARCHAR",
        "date_start": "DATE",
        "date_end": "DATE",
        "date_precision": "VARCHAR",
        "date_source": "VARCHAR",
        "date_text": "VARCHAR",
        "actors": "VARCHAR[]",
        "targets": "VARCHAR[]",
        "sources": "VARCHAR[]",
        "places": "VARCHAR[]",
        "amount_eur": "DOUBLE",
        "money_ids": "VARCHAR[]",
        "is_main": "BOOLEAN",
        "is_related_headline": "BOOLEAN",
        "event_group_id": "VARCHAR",
    }
    assert columns["date_start"].constraints.nullable is True
    assert columns["event_id"].constraints.nullable is False
    assert columns["date_start"].description == "First day of the event's date (null when vague)."
    spec = defs.get_repository_def().asset_graph.get(dg.AssetKey(["warehouse", "events"]))
    assert spec.metadata["dagster/column_schema"] == column_schema("events")


@pytest.mark.parametrize(
    ("value", "column_type", "shown"),
    [
        (pd.Timestamp("2024-11-13"), "DATE", "2024-11-13"),
        (dt.date(2024, 11, 13), "DATE", "2024-11-13"),
        (pd.NaT, "DATE", None),
        (pd.Timestamp("2024-11-13 08:30:05.123"), "TIMESTAMP", "2024-11-13 08:30:05"),
        (["САЩ", "Украйна"], "VARCHAR[]", '["САЩ", "Украйна"]'),
        (None, "VARCHAR[]", "[]"),
        (float("nan"), "DOUBLE", None),
        (1.5e9, "DOUBLE", 1.5e9),
        (7, "INTEGER", 7),
        (True, "BOOLEAN", True),
        ("а" * 200, "VARCHAR", "а" * 159 + "…"),
    ],
)
def test_preview_cells(value: object, column_type: str, shown: object) -> None:
    assert cell(value, column_type) == shown


def test_rejects_check_passes_when_nothing_was_rejected() -> None:
    key = dg.AssetKey(["warehouse", "rejects"])
    empty = pd.DataFrame(columns=["source_file", "stage", "reason"])
    result = rejects_check(key, empty)
    assert (result.passed, result.severity, result.description) == (
        True,
        dg.AssetCheckSeverity.WARN,
        "nothing rejected",
    )


@pytest.mark.e2e
def test_a_run_that_rejects_a_file_warns_and_the_events_carry_the_chart(
    timeline_env: tuple[Path, Path],
) -> None:
    seeds, db = timeline_env
    (seeds / "bad.txt").write_text("без заглавен ред", encoding="utf-8")
    result = dg.materialize(
        [parsed_articles, extractions, warehouse_tables],
        resources={"duckdb": DuckDBResource(database=str(db))},
    )
    assert result.success
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e
        for e in result.get_asset_check_evaluations()
    }
    warned = evaluations[("warehouse/rejects", "no_rejects_in_run")]
    assert (warned.passed, warned.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert warned.description == "1 files rejected: bad.txt"
    assert warned.metadata["rejected_files"] == dg.MetadataValue.md("- `bad.txt`")
    reasons = warned.metadata["reasons"]
    assert isinstance(reasons, dg.TableMetadataValue)
    (reason,) = reasons.records
    assert reason.data == {
        "source_file": "bad.txt",
        "stage": "read",
        "reason": "no ' date YYYY-MM' or ' date YYYY-MM-DD' header on the first line "
        "(it reads 'без заглавен ред')",
    }
    assert all(e.passed for (_, name), e in evaluations.items() if name == "matches_schema")

    materialized = {
        m.asset_key.to_user_string(): m.metadata
        for m in result.asset_materializations_for_node("warehouse_tables")
    }
    events = materialized["warehouse/events"]
    chart = events["timeline_chart"].value
    assert isinstance(chart, str)
    prefix = "![the timeline by event type](data:image/png;base64,"
    assert chart.startswith(prefix) and chart.endswith(")")
    assert base64.b64decode(chart[len(prefix) : -1]).startswith(PNG_SIGNATURE)
    preview = events["timeline_preview"]
    assert isinstance(preview, dg.TableMetadataValue) and preview.schema is not None
    assert [c.type for c in preview.schema.columns] == [
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR[]",
        "VARCHAR[]",
        "VARCHAR",
        "VARCHAR",
    ]
    assert len(preview.records) == 10
    assert preview.records[7].data == {
        "date": "2024-11",
        "event_type": "aid",
        "modality": "occurred",
        "euros": "€1.24 bn",
        "actors": '["Украйна"]',
        "places": "[]",
        "text": "Украйна получи и безвъзмездна помощ от САЩ в размер на 1,35 млрд. долара в "
        "подкрепа на хуманитарни и социални програми, съобщи днес премиерът Денис Шмигал.",
        "source_file": "000_258619d2f2043b2c.txt",
    }
    table_preview = events["preview"]
    assert isinstance(table_preview, dg.TableMetadataValue)
    dated = next(r.data for r in table_preview.records if r.data["date_value"] == "2024-11-13")
    assert (dated["date_start"], dated["date_end"], dated["sentence_no"]) == (
        "2024-11-13",
        "2024-11-13",
        0,
    )
    assert dated["actors"] == '["Антъни Блинкен"]'  # the saying of the title's report
    articles = materialized["warehouse/articles"]["preview"]
    assert isinstance(articles, dg.TableMetadataValue)
    assert "body" not in articles.records[0].data
    assert articles.records[0].data["published_date"] == "2024-11-01"
