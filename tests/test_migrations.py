"""Versioned migrations (issue 16, point 8): a warehouse made by an earlier version of the
schema is upgraded by the next load, in the load's transaction; nobody deletes it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import extract_batch, read_batch, run_folder
from pipeline.stream import plan_run
from pipeline.tables import TableFrames, build_tables
from pipeline.warehouse import (
    MIGRATIONS_DIR,
    WarehouseSchemaError,
    migrate,
    read_migrations,
)
from tests.conftest import SEED_NAME

OLD_TIME = dt.datetime(2025, 1, 2, 3, 4, 5)


def seed_frames(seeds: Path, files: list[str]) -> TableFrames:
    batch = read_batch(seeds, files)
    return build_tables(extract_batch(batch.articles, len(batch.articles)), batch.rejects)


def columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    found = conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index",
        {"t": table},
    ).fetchall()
    return [name for (name,) in found]


def versions(db: Path) -> list[tuple[int, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT version, name FROM schema_migrations ORDER BY 1").fetchall()


# the views of the first release (before migration 003 remade `events`)
FIRST_RELEASE_VIEWS = """
CREATE OR REPLACE VIEW timeline AS
SELECT e.date_start, e.date_end, e.date_value, e.date_source, e.text, e.actors, e.places,
       a.published, a.title, a.source_file, e.article_id, e.sentence_no, e.event_id
FROM events AS e JOIN articles AS a USING (article_id);
CREATE OR REPLACE VIEW money_timeline AS
SELECT date_trunc('month', e.date_start)::DATE AS month, m.currency, count(*) AS n_amounts
FROM money_mentions AS m JOIN events AS e USING (article_id, sentence_no) GROUP BY ALL;
"""


def test_the_migrations_are_numbered_without_gaps() -> None:
    assert [(m.version, m.name) for m in read_migrations()] == [
        (1, "initial"),
        (2, "rejects_duplicate_of"),
        (3, "events_entities_money_ids"),
        (4, "sources"),
        (5, "event_actors"),
        (6, "event_words"),
    ]


def test_a_warehouse_of_the_first_release_is_upgraded_and_keeps_its_rows(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """The warehouse as the code before migrations made it: schema.sql (now 001) run with
    `CREATE TABLE IF NOT EXISTS`, no `schema_migrations`, rows of an earlier load. Loading
    the new frames (which carry `rejects.duplicate_of`) into it used to fail with `Binder
    Error: Table "rejects" does not have a column with name "duplicate_of"`."""
    db = tmp_path / "timeline.duckdb"
    with duckdb.connect(str(db)) as conn:
        conn.execute((MIGRATIONS_DIR / "001_initial.sql").read_text(encoding="utf-8"))
        conn.execute(FIRST_RELEASE_VIEWS)
        conn.execute(
            "INSERT INTO articles VALUES ('0123456789abcdef', 'old.txt', '2020-01', "
            "DATE '2020-01-01', 'month', NULL, 'Стар текст.', 1, $t)",
            {"t": OLD_TIME},
        )
        conn.execute(
            "INSERT INTO rejects VALUES ('bad.txt', 'read', 'no header', $t)", {"t": OLD_TIME}
        )
        conn.execute(
            "INSERT INTO money_mentions VALUES ('0123456789abcdef', 0, 0, 6, '5 лева', 5.0, "
            "'BGN', 'exact', 5.0, 5.0, 2.556, 1.95583, DATE '2020-01-01', NULL)"
        )
        conn.execute(
            "INSERT INTO events VALUES ('0123456789abcdef-0000', '0123456789abcdef', 0, "
            "'Стар текст.', '2020-01', DATE '2020-01-01', DATE '2020-01-31', 'publication', "
            "0, 1, [], [])"
        )
        assert columns(conn, "rejects") == ["source_file", "stage", "reason", "rejected_at"]
        frames = seed_frames(seeds_dir, [SEED_NAME])
        conn.register("incoming", frames.rejects)
        with pytest.raises(
            duckdb.BinderException, match='does not have a column with name "duplicate_of"'
        ):
            conn.execute("INSERT INTO rejects BY NAME SELECT * FROM incoming")

    report = run_folder(db, seeds_dir, [SEED_NAME]).report
    assert report.migrations_applied == [1, 2, 3, 4, 5, 6]
    assert versions(db) == [
        (1, "initial"),
        (2, "rejects_duplicate_of"),
        (3, "events_entities_money_ids"),
        (4, "sources"),
        (5, "event_actors"),
        (6, "event_words"),
    ]
    assert report.reextract_notes() == [
        "migration 3: events are typed now: the events of earlier loads were removed; run a "
        "full materialisation (`make run`) to extract every article again"
    ]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert columns(conn, "rejects") == [
            "source_file",
            "stage",
            "reason",
            "rejected_at",
            "duplicate_of",
        ]
        assert conn.execute("SELECT * FROM rejects").fetchall() == [
            ("bad.txt", "read", "no header", OLD_TIME, None)
        ]
        assert conn.execute("SELECT source_file FROM articles ORDER BY 1").fetchall() == [
            (SEED_NAME,),
            ("old.txt",),
        ]
        # the old sentence-events are gone (migration 003); the seed's typed events are in
        assert (
            conn.execute(
                "SELECT DISTINCT article_id FROM timeline WHERE article_id = '0123456789abcdef'"
            ).fetchall()
            == []
        )
        assert conn.execute("SELECT count(*) FROM timeline").fetchall() == [(16,)]
        assert conn.execute(
            "SELECT money_id, rate_source FROM money_mentions WHERE article_id = '0123456789abcdef'"
        ).fetchall() == [("0123456789abcdef:0-6", "fixed")]

    again = run_folder(db, seeds_dir, [SEED_NAME])
    assert again.report.migrations_applied == []
    assert again.report.counts == report.counts
    assert (again.plan.unchanged, len(again.plan.candidates)) == (1, 0)


@pytest.mark.parametrize("version", range(1, len(read_migrations())))
def test_a_warehouse_of_every_earlier_version_is_upgraded(
    version: int, seeds_dir: Path, tmp_path: Path
) -> None:
    """A warehouse at each earlier version (migrations 1..version applied) takes a load by
    the current code; the migrations after it are applied, in order."""
    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:version]:
        shutil.copy(path, older / path.name)
    db = tmp_path / "timeline.duckdb"
    with duckdb.connect(str(db)) as conn:
        assert migrate(conn, older) == list(range(1, version + 1))
    total = len(read_migrations())
    report = run_folder(db, seeds_dir).report
    assert report.migrations_applied == list(range(version + 1, total + 1))
    assert [v for v, _ in versions(db)] == list(range(1, total + 1))
    assert report.counts["articles"] == 1


def test_a_failing_migration_rolls_back_with_the_load(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, broken)
    (broken / "007_broken.sql").write_text(
        "ALTER TABLE rejects ADD COLUMN note VARCHAR;\nSELECT no_such_column FROM rejects;\n",
        encoding="utf-8",
    )
    with pytest.raises(duckdb.BinderException):
        run_folder(db, seeds_dir, migrations=broken)
    assert [v for v, _ in versions(db)] == [1, 2, 3, 4, 5, 6]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert "note" not in columns(conn, "rejects")
        assert conn.execute("SELECT count(*) FROM articles").fetchall() == [(1,)]


def test_a_warehouse_newer_than_the_code_is_refused(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "timeline.duckdb"
    run_folder(db, seeds_dir)
    with duckdb.connect(str(db)) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (7, 'future', now()::TIMESTAMP)")
    with pytest.raises(WarehouseSchemaError) as refused:
        run_folder(db, seeds_dir)
    assert str(refused.value) == (
        "the warehouse has schema version 7, newer than this code knows (6); "
        "update the code before loading into it"
    )


def test_migration_files_must_be_numbered_in_order(tmp_path: Path) -> None:
    (tmp_path / "001_initial.sql").write_text("SELECT 1;", encoding="utf-8")
    (tmp_path / "003_later.sql").write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(WarehouseSchemaError) as gap:
        read_migrations(tmp_path)
    assert str(gap.value) == (
        f"migration versions in {tmp_path.name}/ must run 1, 2, 3 ... without gaps: [1, 3]"
    )
    (tmp_path / "2_Bad.sql").write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(WarehouseSchemaError) as named:
        read_migrations(tmp_path)
    assert str(named.value) == "2_Bad.sql: a migration file is named NNN_lowercase_name.sql"


def test_copies_are_looked_up_only_once_the_column_exists(seeds_dir: Path, tmp_path: Path) -> None:
    """A partial run on a warehouse of the first release (no `rejects.duplicate_of` yet)
    reads just its own files; once the column exists, it reads the copies of its files too."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (seeds_dir / name).write_text(f" date 2020-01-01 Текст {name}.", encoding="utf-8")
    db = tmp_path / "timeline.duckdb"
    with duckdb.connect(str(db)) as conn:
        conn.execute((MIGRATIONS_DIR / "001_initial.sql").read_text(encoding="utf-8"))

    def planned(files: list[str]) -> list[str]:
        return [c.entry.name for c in plan_run(db, seeds_dir, files).candidates]

    assert planned(["a.txt"]) == ["a.txt"]
    assert planned(["b.txt"]) == ["b.txt"]
    with duckdb.connect(str(db)) as conn:
        migrate(conn)
        conn.execute(
            "INSERT INTO rejects VALUES ('b.txt', 'read', 'copy', $t, 'a.txt'), "
            "('c.txt', 'read', 'copy', $t, 'x.txt')",
            {"t": OLD_TIME},
        )
    assert planned(["a.txt"]) == ["a.txt", "b.txt"]
    assert planned(["a.txt", "b.txt"]) == ["a.txt", "b.txt"]
