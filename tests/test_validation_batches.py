"""The checks read a table back in batches bounded by rows and by characters of text
(`pipeline.validation.batches`), one DuckDB vector (2,048 rows) at a time."""

from __future__ import annotations

import duckdb

from pipeline.validation import batches


def batch_sizes(rows: int, batch_rows: int, batch_chars: int) -> list[int]:
    """Sizes of the batches of a table of `rows` rows of 100 Cyrillic characters (and a
    VARCHAR column of NULLs), after checking that they hold every row once, in order."""
    with duckdb.connect() as conn:
        conn.execute(
            "CREATE TABLE t AS SELECT i, repeat('ж', 100) AS text, NULL::VARCHAR AS none "
            f"FROM range({rows}) AS r(i)"
        )
        found = list(batches(conn.execute("SELECT * FROM t"), batch_rows, batch_chars))
    assert [i for batch in found for i in batch["i"]] == list(range(rows))
    return [len(batch) for batch in found]


def test_batches_are_bounded_by_rows() -> None:
    assert batch_sizes(5000, 50_000, 10**9) == [5000]
    assert batch_sizes(5000, 3000, 10**9) == [2048, 2952]
    # a vector is the least a batch holds
    assert batch_sizes(5000, 1000, 10**9) == [2048, 2048, 904]


def test_batches_are_bounded_by_characters() -> None:
    # a vector holds 204,800 characters (2,048 rows of 100), characters and not bytes
    assert batch_sizes(5000, 50_000, 300_000) == [2048, 2952]
    assert batch_sizes(5000, 50_000, 204_800) == [2048, 2048, 904]
    assert batch_sizes(5000, 50_000, 500_000) == [5000]


def test_no_rows_no_batch() -> None:
    assert batch_sizes(0, 50_000, 10**9) == []
