"""The `entity_mentions` table: every actor and place named in an article."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extract.document import ENTITY_TYPES


class EntityMentionsSchema(pa.DataFrameModel):
    """The `entity_mentions` table: every name the gazetteer or the name cues find."""

    article_id: Series[str] = pa.Field(description="Article the mention is in.")
    sentence_no: Series[int] = pa.Field(ge=0, description="Sentence number, from 0.")
    char_start: Series[int] = pa.Field(ge=0, description="First character, index into body.")
    char_end: Series[int] = pa.Field(ge=1, description="One past the last character.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The mention's text.")
    name: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Canonical Bulgarian name in the nominative (`Антъни Блинкен` for `Блинкен`).",
    )
    name_latin: Series[str] = pa.Field(
        description="The gazetteer's English name, else the official transliteration (2009 "
        "Transliteration Act: `Денис Шмигал` -> `Denis Shmigal`)."
    )
    entity_type: Series[str] = pa.Field(
        isin=list(ENTITY_TYPES), description="person, organization, country, place or unknown."
    )
    confidence: Series[float] = pa.Field(
        ge=0,
        le=1,
        description="1.0 listed in the gazetteer; 0.9 after a role word; 0.8 after a known "
        "first name or initials; 0.7 a word before a listed surname.",
    )

    class Config:
        strict = True
        coerce = True
