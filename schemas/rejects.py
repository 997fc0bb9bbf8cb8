"""The `rejects` table: every input or row that could not be used, and why."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

STAGES = ["read", "dates", "money", "entities", "validate"]


class RejectsSchema(pa.DataFrameModel):
    """The `rejects` table: every input or row that could not be used, and why."""

    source_file: Series[str] = pa.Field(description="File the rejected input came from.")
    stage: Series[str] = pa.Field(
        isin=STAGES,
        description="read: the file is not an article; dates/money/entities: an extractor "
        "failed on a sentence; validate: a row broke its table's schema.",
    )
    reason: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="What went wrong, for a person."
    )
    duplicate_of: Series[str] = pa.Field(
        nullable=True,
        description="For a file rejected as a copy of another article: the file that holds "
        "the article (the first of the copies in name order).",
    )
    rejected_at: Series[pa.DateTime] = pa.Field(description="When it was rejected (UTC).")

    class Config:
        strict = True
        coerce = True
