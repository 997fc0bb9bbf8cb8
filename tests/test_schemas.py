"""Each schema from both sides: a valid frame passes, each rule catches its own bad row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import pytest

from schemas import (
    ArticlesSchema,
    DateMentionsSchema,
    EntityMentionsSchema,
    EventsSchema,
    MoneyMentionsSchema,
    RejectsSchema,
)

NOW = dt.datetime(2024, 11, 20, 12, 0)
DAY = dt.date(2024, 11, 13)

VALID: dict[type[pa.DataFrameModel], dict[str, Any]] = {
    ArticlesSchema: {
        "article_id": "0123456789abcdef",
        "source_file": "a.txt",
        "published": "2024-11",
        "published_date": dt.date(2024, 11, 1),
        "published_precision": "month",
        "title": None,
        "body": "Текст.",
        "n_sentences": 1,
        "loaded_at": NOW,
    },
    DateMentionsSchema: {
        "article_id": "0123456789abcdef",
        "sentence_no": 0,
        "char_start": 3,
        "char_end": 13,
        "text": "13 ноември",
        "kind": "date",
        "value": "2024-11-13",
        "precision": "day",
        "range_start": DAY,
        "range_end": DAY,
        "resolution": "year_inferred_past",
        "modifier": None,
    },
    MoneyMentionsSchema: {
        "money_id": "0123456789abcdef:0-18",
        "article_id": "0123456789abcdef",
        "sentence_no": 0,
        "char_start": 0,
        "char_end": 18,
        "text": "над 6 млрд. долара",
        "value": 6e9,
        "currency": "USD",
        "qualifier": "over",
        "min_value": 6e9,
        "max_value": None,
        "value_eur": 5.6e9,
        "rate": 1.07,
        "rate_date": DAY,
        "rate_source": "ecb-bundled:2026-10-30",
        "rate_note": None,
    },
    EntityMentionsSchema: {
        "article_id": "0123456789abcdef",
        "sentence_no": 0,
        "char_start": 0,
        "char_end": 7,
        "text": "Блинкен",
        "name": "Антъни Блинкен",
        "name_latin": "Antony Blinken",
        "entity_type": "person",
        "confidence": 1.0,
    },
    EventsSchema: {
        "event_id": "0123456789abcdef-0000-0",
        "article_id": "0123456789abcdef",
        "sentence_no": 0,
        "char_start": 0,
        "char_end": 27,
        "text": "Срещата беше на 13 ноември.",
        "trigger": "Срещата",
        "trigger_start": 0,
        "trigger_end": 7,
        "event_type": "meeting",
        "plover": "CONSULT",
        "modality": "occurred",
        "date_value": "2024-11-13",
        "date_start": DAY,
        "date_end": DAY,
        "date_precision": "day",
        "date_source": "sentence",
        "date_text": "13 ноември",
        "actors": [],
        "targets": [],
        "sources": [],
        "places": [],
        "amount_eur": None,
        "money_ids": [],
        "is_main": True,
        "is_related_headline": False,
        "event_group_id": None,
    },
    RejectsSchema: {
        "source_file": "bad.txt",
        "stage": "read",
        "reason": "no header",
        "duplicate_of": None,
        "rejected_at": NOW,
    },
}


def frame(schema: type[pa.DataFrameModel], **changes: Any) -> pd.DataFrame:
    return pd.DataFrame([{**VALID[schema], **changes}])


@pytest.mark.parametrize("schema", list(VALID), ids=lambda s: s.__name__)
def test_valid_row_passes(schema: type[pa.DataFrameModel]) -> None:
    assert len(schema.validate(frame(schema))) == 1


@pytest.mark.parametrize(
    ("schema", "changes", "rule"),
    [
        (ArticlesSchema, {"article_id": "seed"}, "str_matches"),
        (ArticlesSchema, {"published": "November 2024"}, "str_matches"),
        (ArticlesSchema, {"published_precision": "week"}, "isin"),
        (ArticlesSchema, {"body": ""}, "str_length"),
        (DateMentionsSchema, {"kind": "weekday"}, "isin"),
        (DateMentionsSchema, {"resolution": "guessed"}, "isin"),
        (DateMentionsSchema, {"modifier": "LATE"}, "isin"),
        (DateMentionsSchema, {"char_end": 3}, "span_is_not_empty"),
        (
            DateMentionsSchema,
            {"range_start": dt.date(2024, 11, 14)},
            "range_is_ordered",
        ),
        (MoneyMentionsSchema, {"currency": "лв."}, "str_matches"),
        (MoneyMentionsSchema, {"qualifier": "roughly"}, "isin"),
        (MoneyMentionsSchema, {"value": -5.0}, "greater_than_or_equal_to"),
        (
            MoneyMentionsSchema,
            {"qualifier": "range", "value": None, "min_value": 10.0, "max_value": 6.0},
            "range_has_bounds",
        ),
        (
            MoneyMentionsSchema,
            {"rate": None},
            "euro_value_has_rate",
        ),
        (MoneyMentionsSchema, {"rate_source": "ECB reference rate"}, "str_matches"),
        (MoneyMentionsSchema, {"rate_source": "ecb-fetched:"}, "str_matches"),
        (MoneyMentionsSchema, {"value_eur": None}, "missing_euro_value_has_reason"),
        (MoneyMentionsSchema, {"rate_note": "stale"}, "missing_euro_value_has_reason"),
        (MoneyMentionsSchema, {"rate_date": None}, "rate_has_date"),
        (EventsSchema, {"date_source": "guess"}, "isin"),
        (EventsSchema, {"date_end": dt.date(2024, 11, 12)}, "date_is_ordered"),
        (EventsSchema, {"event_type": "party"}, "isin"),
        (EventsSchema, {"plover": "HUG"}, "isin"),
        (EventsSchema, {"modality": "maybe"}, "isin"),
        (EventsSchema, {"trigger_end": 40}, "trigger_in_sentence"),
        (EntityMentionsSchema, {"entity_type": "animal"}, "isin"),
        (EntityMentionsSchema, {"confidence": 1.5}, "less_than_or_equal_to"),
        (RejectsSchema, {"stage": "somewhere"}, "isin"),
        (RejectsSchema, {"reason": ""}, "str_length"),
    ],
)
def test_each_rule_rejects_its_bad_row(
    schema: type[pa.DataFrameModel], changes: dict[str, Any], rule: str
) -> None:
    with pytest.raises(pandera.errors.SchemaErrors) as errors:
        schema.validate(frame(schema, **changes), lazy=True)
    checks = " | ".join(str(c) for c in errors.value.failure_cases["check"])
    assert rule in checks


@pytest.mark.parametrize("schema", list(VALID), ids=lambda s: s.__name__)
def test_every_field_is_described(schema: type[pa.DataFrameModel]) -> None:
    columns = schema.to_schema().columns
    assert columns
    assert [name for name, column in columns.items() if not column.description] == []


def test_unknown_columns_are_refused() -> None:
    with pytest.raises(pandera.errors.SchemaErrors):
        RejectsSchema.validate(frame(RejectsSchema, extra="x"), lazy=True)


def test_event_id_is_unique() -> None:
    rows = pd.concat([frame(EventsSchema), frame(EventsSchema)], ignore_index=True)
    with pytest.raises(pandera.errors.SchemaErrors) as errors:
        EventsSchema.validate(rows, lazy=True)
    assert "field_uniqueness" in " ".join(map(str, errors.value.failure_cases["check"]))
