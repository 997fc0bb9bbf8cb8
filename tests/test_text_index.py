"""`timeline query --text` over the word index of migration 006 (`words`, `event_words`)
gives the rows of reading every event's text, and the loads keep the index in step with
`events`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline import selection
from pipeline.batch import run_folder
from pipeline.event_index import WORD_PATTERN, index_events
from pipeline.selection import Selection, _has_word_index, _text_word_ids, select_events
from pipeline.warehouse import MIGRATIONS_DIR, ensure_schema
from tests.conftest import SEED_NAME

PREFIX = "f05f0e3e15feaae8-"

# the text asked for, and the events (of the seed article) whose text contains it
EXPECTED = {
    "блинкен": ["0000-0", "0000-1", "0003-0", "0003-1", "0006-0", "0010-0", "0013-0"],
    "БЛИНКЕН": ["0000-0", "0000-1", "0003-0", "0003-1", "0006-0", "0010-0", "0013-0"],
    "Украйна през": ["0000-0", "0000-1"],  # two words
    "айдън": ["0000-0", "0000-1", "0004-0", "0006-0", "0011-0"],  # inside a word
    "йна пр": ["0000-0", "0000-1"],  # the end of one word, the start of the next
    "1,35 млрд": ["0012-0", "0012-1"],
    "млрд. долара": ["0011-0", "0012-0", "0012-1"],
    "REUTERS": ["0010-0"],
    "„Президентът": ["0006-0"],
    "ден, за": ["0006-0"],
    "Блинкен Брюксел": [],  # both words, not one after the other
    "Reuters Блинкен": [],
    "xyz": [],
}


def ids(rows: list[dict[str, object]]) -> list[str]:
    return sorted(str(r["event_id"]).removeprefix(PREFIX) for r in rows)


def word_rows(conn: duckdb.DuckDBPyConnection) -> tuple[list[tuple[str, str]], list[tuple]]:
    """The index by word, not by id: (event, word) pairs, and (word, events) of `words`."""
    pairs = conn.execute(
        "SELECT e.event_id, w.word FROM event_words AS e JOIN words AS w USING (word_id) "
        "ORDER BY ALL"
    ).fetchall()
    return pairs, conn.execute("SELECT word, events FROM words ORDER BY ALL").fetchall()


def rebuilt(db: Path) -> tuple[list[tuple[str, str]], list[tuple]]:
    """The index `index_events` makes from every event (in a copy of the warehouse)."""
    copy = db.with_name("rebuilt.duckdb")
    copy.write_bytes(db.read_bytes())
    with duckdb.connect(str(copy)) as conn:
        index_events(conn, None)
        rows = word_rows(conn)
    copy.unlink()
    return rows


def loaded(db: Path) -> tuple[list[tuple[str, str]], list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return word_rows(conn)


def test_the_word_index_gives_the_rows_of_the_scan(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    # the index is used whatever share of the events the rarest word has
    monkeypatch.setattr(selection, "INDEX_SHARE", 1.0)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert _has_word_index(conn)
        assert _text_word_ids(conn, "Reuters Блинкен") == _text_word_ids(conn, "reuters")
        assert len(_text_word_ids(conn, "reuters") or []) == 1
        assert _text_word_ids(conn, "xyz") == []
        assert _text_word_ids(conn, ", „") is None  # no word: every text is read
        indexed = {text: select_events(conn, Selection(text=text)) for text in EXPECTED}
        with_limit = select_events(conn, Selection(text="блинкен", limit=2, offset=1))
        no_word = select_events(conn, Selection(text=", "))
    assert {text: ids(rows) for text, rows in indexed.items()} == EXPECTED
    assert with_limit == indexed["блинкен"][1:3]
    assert ids(no_word) == [
        *("0000-0", "0000-1", "0001-0", "0002-0", "0003-0", "0003-1", "0004-0", "0006-0"),
        *("0010-0", "0012-0", "0012-1"),
    ]
    # the same warehouse without the index (as before migration 006): the same rows
    with duckdb.connect(str(db)) as conn:
        conn.execute("DROP TABLE event_words")
        conn.execute("DROP TABLE words")
        assert not _has_word_index(conn)
        assert {text: select_events(conn, Selection(text=text)) for text in EXPECTED} == indexed
        assert select_events(conn, Selection(text="блинкен", limit=2, offset=1)) == with_limit


def test_a_common_word_reads_every_text(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db), read_only=True) as conn:
        # `на` is a part of words of 14 of the 16 events, `reuters` of one
        assert _text_word_ids(conn, "на") is None
        assert _text_word_ids(conn, "на Reuters") is not None
        assert len(select_events(conn, Selection(text="на"))) == 14


def test_the_words_of_an_event(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db), read_only=True) as conn:
        words = conn.execute(
            "SELECT w.word FROM event_words AS e JOIN words AS w USING (word_id) "
            "WHERE e.event_id = $id ORDER BY ALL",
            {"id": PREFIX + "0010-0"},
        ).fetchall()
    assert [w for (w,) in words] == sorted(
        [
            *("блинкен", "призова", "съюзниците", "да", "се", "стремят", "към", "още"),
            *("по", "тясно", "сътрудничество", "цитиран", "от", "reuters"),
        ]
    )


def test_loads_keep_the_word_index_equal_to_a_rebuild(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    seed = seeds_dir / SEED_NAME
    run_folder(db, seeds_dir)
    first = loaded(db)
    assert first == rebuilt(db) and first[0] != []
    # a second article added, then the first changed: its old events leave the index
    (seeds_dir / "next_day.txt").write_text(
        seed.read_text(encoding="utf-8").replace(" date 2024-11", " date 2024-11-14", 1),
        encoding="utf-8",
    )
    run_folder(db, seeds_dir)
    assert loaded(db) == rebuilt(db)
    seed.write_text(seed.read_text(encoding="utf-8") + "\nБлинкен се срещна с Рюте в Осло.\n")
    run_folder(db, seeds_dir)
    assert loaded(db) == rebuilt(db)
    assert ("осло", 1) in loaded(db)[1]
    seed.unlink()
    run_folder(db, seeds_dir)
    assert loaded(db) == rebuilt(db)
    assert "осло" not in {w for w, _ in loaded(db)[1]}
    # nothing changed: the same index, ids and all
    with duckdb.connect(str(db), read_only=True) as conn:
        before = conn.execute("SELECT * FROM words ORDER BY ALL").fetchall()
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT * FROM words ORDER BY ALL").fetchall() == before


def test_migration_006_indexes_the_events_of_earlier_loads(seeds_dir: Path, tmp_path: Path) -> None:
    sql = (MIGRATIONS_DIR / "006_event_words.sql").read_text(encoding="utf-8")
    assert f"'{WORD_PATTERN}'" in sql  # the tokenizer of the loads
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    expected = loaded(db)
    with duckdb.connect(str(db)) as conn:
        conn.execute("DROP TABLE event_words")
        conn.execute("DROP TABLE words")
        conn.execute("DELETE FROM schema_migrations WHERE version = 6")
        assert ensure_schema(conn) == [6]
        assert word_rows(conn) == expected
