"""The `events` table: one row per sentence that carries a date or an amount."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class EventsSchema(pa.DataFrameModel):
    """The `events` table: one row per sentence that carries a date or an amount."""

    event_id: Series[str] = pa.Field(
        unique=True, description="article_id and sentence number: stable across runs."
    )
    article_id: Series[str] = pa.Field(description="Article the event is told in.")
    sentence_no: Series[int] = pa.Field(ge=0, description="Sentence number, from 0.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The sentence.")
    date_value: Series[str] = pa.Field(
        description="TIMEX3 value of the event's date (the sentence's first calendar date, "
        "else the publication date)."
    )
    date_start: Series[pa.DateTime] = pa.Field(description="First day of the event's date.")
    date_end: Series[pa.DateTime] = pa.Field(description="Last day of the event's date.")
    date_source: Series[str] = pa.Field(
        isin=["sentence", "publication"],
        description="sentence: dated by a date in the sentence; publication: by the article.",
    )
    n_dates: Series[int] = pa.Field(ge=0, description="Date mentions in the sentence.")
    n_amounts: Series[int] = pa.Field(ge=0, description="Money mentions in the sentence.")
    actors: Series[object] = pa.Field(
        description="Actors named in the sentence (list): canonical Bulgarian names of "
        "persons, organisations, institutions and parties (`Антъни Блинкен` for `Блинкен`), "
        "in text order, each once."
    )
    places: Series[object] = pa.Field(
        description="Places named in the sentence (list): canonical Bulgarian names of "
        "countries, cities and regions (`САЩ` for `Съединените щати`), in text order, each once."
    )

    @pa.dataframe_check(description="date_start <= date_end")
    def date_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["date_start"] <= df["date_end"]

    @pa.dataframe_check(description="an event carries at least one date or amount")
    def carries_something(cls, df: pd.DataFrame) -> pd.Series:
        return (df["n_dates"] + df["n_amounts"]) > 0

    class Config:
        strict = True
        coerce = True
