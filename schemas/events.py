"""The `events` table: the main event of every event sentence, and the saying of a report."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extract.events import DATE_SOURCES, EVENT_TYPES, MODALITIES, PLOVER


class EventsSchema(pa.DataFrameModel):
    """The `events` table: one row per event (see ../shared/guidelines/EVENTS.md)."""

    event_id: Series[str] = pa.Field(
        unique=True,
        description="article_id, sentence number and the event's number in the sentence "
        "(0 for the main one): stable across runs.",
    )
    article_id: Series[str] = pa.Field(description="Article the event is told in.")
    sentence_no: Series[int] = pa.Field(ge=0, description="Sentence number, from 0 (the title).")
    char_start: Series[int] = pa.Field(ge=0, description="The sentence's first character in body.")
    char_end: Series[int] = pa.Field(ge=1, description="One past the sentence's last character.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The sentence.")
    trigger: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="The word that names the event."
    )
    trigger_start: Series[int] = pa.Field(ge=0, description="The trigger's first character.")
    trigger_end: Series[int] = pa.Field(ge=1, description="One past the trigger's last character.")
    event_type: Series[str] = pa.Field(
        isin=list(EVENT_TYPES), description="One of the guideline's 19 event types."
    )
    plover: Series[str] = pa.Field(
        nullable=True,
        isin=list(PLOVER),
        description="PLOVER category (POLECAT-style event data), where one applies.",
    )
    modality: Series[str] = pa.Field(
        isin=list(MODALITIES),
        description="occurred, ongoing, planned, hypothetical or negated, from the cues "
        "around the trigger.",
    )
    date_value: Series[str] = pa.Field(
        description=(
            "TIMEX value of the event's date, or PAST_REF / FUTURE_REF; an event dated by a"
            " clock time takes its day (`2026-03-04` for `в 17:00 ч. на 4 март`; the time is"
            " in `date_text` and in `date_mentions`)."
        )
    )
    date_start: Series[pa.DateTime] = pa.Field(
        nullable=True, description="First day of the event's date (null when vague)."
    )
    date_end: Series[pa.DateTime] = pa.Field(
        nullable=True, description="Last day of the event's date (null when vague)."
    )
    date_precision: Series[str] = pa.Field(
        description="Grain of date_value: day, month, year, week, ... or vague."
    )
    date_source: Series[str] = pa.Field(
        isin=list(DATE_SOURCES),
        description="sentence: a date governing the trigger; paragraph: the date of the "
        "event it continues; publication: the article's date (news); vague: PAST_REF or "
        "FUTURE_REF.",
    )
    date_text: Series[str] = pa.Field(
        nullable=True, description="The date mention the date came from, if any."
    )
    actors: Series[object] = pa.Field(
        description="Who acts (list of canonical Bulgarian names), in text order."
    )
    targets: Series[object] = pa.Field(description="Whom or what the event is aimed at (list).")
    sources: Series[object] = pa.Field(
        description="Who says so, when the event is reported (list)."
    )
    places: Series[object] = pa.Field(description="Where the event happens (list).")
    amount_eur: Series[float] = pa.Field(
        nullable=True, ge=0, description="The largest amount of the sentence, in euros."
    )
    money_ids: Series[object] = pa.Field(
        description="money_mentions.money_id of the sentence's amounts (list)."
    )
    is_main: Series[bool] = pa.Field(
        description="True for the sentence's main event; false for the saying of a report."
    )
    is_related_headline: Series[bool] = pa.Field(
        description="The sentence is a headline of another article pasted into the text."
    )
    event_group_id: Series[str] = pa.Field(
        nullable=True,
        description="The same event told by other articles: the first event_id of its group "
        "(set by the load; see the view event_groups). Null for vague dates and sayings.",
    )

    @pa.dataframe_check(description="date_start <= date_end")
    def date_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["date_start"].isna() | (df["date_start"] <= df["date_end"])

    @pa.dataframe_check(description="the trigger lies inside its sentence")
    def trigger_in_sentence(cls, df: pd.DataFrame) -> pd.Series:
        return (df["char_start"] <= df["trigger_start"]) & (df["trigger_end"] <= df["char_end"])

    class Config:
        strict = True
        coerce = True
