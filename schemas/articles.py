"""The `articles` table: one row per article read from the seeds folder."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series


class ArticlesSchema(pa.DataFrameModel):
    """The `articles` table: one row per article read from the seeds folder."""

    article_id: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^[0-9a-f]{16}$",
        description="Stable id: 16 hex digits of a hash of the publication date and the body.",
    )
    source_file: Series[str] = pa.Field(
        unique=True, description="File name the article was read from, inside the seeds folder."
    )
    published: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}(-\d{2})?$",
        description="Publication date as the header gives it: YYYY-MM or YYYY-MM-DD.",
    )
    published_date: Series[pa.DateTime] = pa.Field(
        description="First day of the publication date (the 1st for a month-precision header)."
    )
    published_precision: Series[str] = pa.Field(
        isin=["day", "month"], description="Precision of the header date: day or month."
    )
    title: Series[str] = pa.Field(
        nullable=True,
        description="First paragraph when it is one short line without final punctuation.",
    )
    body: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Text after the header; every char_start/char_end indexes into it.",
    )
    n_sentences: Series[int] = pa.Field(ge=1, description="Sentences found in the body.")
    loaded_at: Series[pa.DateTime] = pa.Field(description="When this row was (re)loaded (UTC).")

    class Config:
        strict = True
        coerce = True
