"""The `date_mentions` table: every temporal expression, resolved against publication."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

KINDS = ["date", "time", "duration", "set"]
RESOLUTIONS = [
    "absolute",
    "publication",
    "relative",
    "year_inferred_past",
    "year_inferred_future",
    "year_nearest",
]
MODIFIERS = ["START", "MID", "END"]


class DateMentionsSchema(pa.DataFrameModel):
    """The `date_mentions` table: every temporal expression, resolved against publication."""

    article_id: Series[str] = pa.Field(description="Article the mention is in.")
    sentence_no: Series[int] = pa.Field(ge=0, description="Sentence number, from 0.")
    char_start: Series[int] = pa.Field(ge=0, description="First character, index into body.")
    char_end: Series[int] = pa.Field(ge=1, description="One past the last character.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The mention's text.")
    kind: Series[str] = pa.Field(isin=KINDS, description="date, time, duration or set.")
    value: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="TIMEX3-style value: 2024-11-13, 2024-11, 2025, 2024-W46, 2024-Q1, "
        "2024-SU, 199, PRESENT_REF, P3Y, or start/end for an interval.",
    )
    precision: Series[str] = pa.Field(
        description="Grain of the value: day, week, month, quarter, year, decade, ..."
    )
    range_start: Series[pa.DateTime] = pa.Field(
        nullable=True, description="First day the value covers (null for durations, sets)."
    )
    range_end: Series[pa.DateTime] = pa.Field(
        nullable=True, description="Last day the value covers (null for durations, sets)."
    )
    resolution: Series[str] = pa.Field(
        isin=RESOLUTIONS,
        description="How the value was anchored: absolute, publication, relative, "
        "year_inferred_past, year_inferred_future or year_nearest.",
    )
    modifier: Series[str] = pa.Field(
        nullable=True, isin=MODIFIERS, description="START, MID or END for a part of a period."
    )

    @pa.dataframe_check(description="char_start < char_end")
    def span_is_not_empty(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]

    @pa.dataframe_check(description="range_start <= range_end when both are known")
    def range_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        both = df["range_start"].notna() & df["range_end"].notna()
        return ~both | (df["range_start"] <= df["range_end"])

    class Config:
        strict = True
        coerce = True
