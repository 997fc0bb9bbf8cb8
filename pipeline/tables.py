"""Turn extractions into the warehouse tables as pandas frames, validated by pandera.

Rows that break their table's schema are not loaded: they become `rejects` rows (stage
`validate`) naming the table, the rule and the row, and the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from pipeline.extract.document import (
    ArticleExtraction,
    Row,
    date_mention_rows,
    entity_mention_rows,
    event_rows,
    money_mention_rows,
)
from schemas import (
    ArticlesSchema,
    DateMentionsSchema,
    EntityMentionsSchema,
    EventsSchema,
    MoneyMentionsSchema,
    RejectsSchema,
)

TABLES = ("articles", "date_mentions", "money_mentions", "entity_mentions", "events", "rejects")


@dataclass(frozen=True, slots=True)
class Reject:
    source_file: str
    stage: str
    reason: str
    duplicate_of: str | None = None


def copy_reason(original: str) -> str:
    """The reason of a file rejected because `original` holds the same article."""
    return f"same date and text as {original}; loaded once"


@dataclass(slots=True)
class TableFrames:
    """The warehouse tables of one batch, ready to load."""

    articles: pd.DataFrame
    date_mentions: pd.DataFrame
    money_mentions: pd.DataFrame
    entity_mentions: pd.DataFrame
    events: pd.DataFrame
    rejects: pd.DataFrame
    source_files: list[str] = field(default_factory=list)

    def by_name(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}


def _frame(rows: list[dict[str, object]], schema: type[pa.DataFrameModel]) -> pd.DataFrame:
    columns = list(schema.to_schema().columns)
    return pd.DataFrame(rows, columns=columns)


def article_rows(extractions: Sequence[ArticleExtraction], now: dt.datetime) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for extraction in extractions:
        article = extraction.article
        rows.append(
            {
                ArticlesSchema.article_id: article.article_id,
                ArticlesSchema.source_file: article.source_file,
                ArticlesSchema.published: article.published,
                ArticlesSchema.published_date: article.reference.day,
                ArticlesSchema.published_precision: article.reference.precision,
                ArticlesSchema.title: article.title,
                ArticlesSchema.body: article.body,
                ArticlesSchema.n_sentences: len(extraction.sentences),
                ArticlesSchema.loaded_at: now,
            }
        )
    return _frame(rows, ArticlesSchema)


def _rows_frame(
    extractions: Sequence[ArticleExtraction],
    rows_of: Callable[[ArticleExtraction], list[Row]],
    schema: type[pa.DataFrameModel],
) -> pd.DataFrame:
    return _frame([row for e in extractions for row in rows_of(e)], schema)


def reject_rows(rejects: Iterable[Reject], now: dt.datetime) -> pd.DataFrame:
    rows: list[dict[str, object]] = [
        {
            RejectsSchema.source_file: r.source_file,
            RejectsSchema.stage: r.stage,
            RejectsSchema.reason: r.reason,
            RejectsSchema.duplicate_of: r.duplicate_of,
            RejectsSchema.rejected_at: now,
        }
        for r in rejects
    ]
    return _frame(rows, RejectsSchema)


def _failure_reasons(cases: pd.DataFrame) -> dict[object, str]:
    """Row index -> readable reason; index None collects failures not tied to one row."""
    reasons: dict[object, list[str]] = {}
    for index, context, column, check in cases[
        ["index", "schema_context", "column", "check"]
    ].itertuples(index=False):
        key = None if pd.isna(index) else index
        text = str(check) if context == "DataFrameSchema" else f"{column}: {check}"
        if text not in reasons.setdefault(key, []):
            reasons[key].append(text)
    return {key: "; ".join(sorted(texts)) for key, texts in reasons.items()}


def validate_rows(
    name: str,
    frame: pd.DataFrame,
    schema: type[pa.DataFrameModel],
    source_of: dict[str, str],
) -> tuple[pd.DataFrame, list[Reject]]:
    """Validate a frame; return the valid rows (coerced) and a reject for each bad row."""
    try:
        return schema.validate(frame, lazy=True), []
    except pandera.errors.SchemaErrors as errors:
        reasons = _failure_reasons(errors.failure_cases)
    whole_frame = reasons.pop(None, None)
    bad_rows = list(frame.index) if whole_frame else list(reasons)
    rejects = []
    for row in bad_rows:
        article_id = str(frame.at[row, "article_id"]) if "article_id" in frame else ""
        reason = reasons.get(row) or whole_frame or "invalid"
        rejects.append(
            Reject(source_of.get(article_id, ""), "validate", f"{name} row {row}: {reason}")
        )
    valid = frame.drop(index=bad_rows)
    return schema.validate(valid, lazy=True), rejects


def build_tables(
    extractions: Sequence[ArticleExtraction],
    read_rejects: Sequence[Reject],
    now: dt.datetime | None = None,
) -> TableFrames:
    """Every table for a batch of articles; the batch's problems land in `rejects`."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    source_of = {e.article.article_id: e.article.source_file for e in extractions}
    rejects = list(read_rejects)
    for extraction in extractions:
        for problem in extraction.problems:
            rejects.append(Reject(extraction.article.source_file, problem.stage, problem.reason))
    frames: dict[str, pd.DataFrame] = {}
    frames["articles"], bad = validate_rows(
        "articles", article_rows(extractions, now), ArticlesSchema, source_of
    )
    rejects.extend(bad)
    for name, schema, rows_of in (
        ("date_mentions", DateMentionsSchema, date_mention_rows),
        ("money_mentions", MoneyMentionsSchema, money_mention_rows),
        ("entity_mentions", EntityMentionsSchema, entity_mention_rows),
        ("events", EventsSchema, event_rows),
    ):
        frame = _rows_frame(extractions, rows_of, schema)
        frames[name], bad = validate_rows(name, frame, schema, source_of)
        rejects.extend(bad)
    return TableFrames(
        articles=frames["articles"],
        date_mentions=frames["date_mentions"],
        money_mentions=frames["money_mentions"],
        entity_mentions=frames["entity_mentions"],
        events=frames["events"],
        rejects=RejectsSchema.validate(reject_rows(rejects, now)),
        source_files=sorted(
            {e.article.source_file for e in extractions} | {r.source_file for r in read_rejects}
        ),
    )
