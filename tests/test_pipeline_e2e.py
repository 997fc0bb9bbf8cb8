"""Materialise every asset in-process into a temporary DuckDB and check the seed's rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipeline.defs.assets import extractions, parsed_articles, warehouse_tables

pytestmark = pytest.mark.e2e

ASSETS = [parsed_articles, extractions, warehouse_tables]


def materialize_all(db: Path) -> dg.ExecuteInProcessResult:
    result = dg.materialize(ASSETS, resources={"duckdb": DuckDBResource(database=str(db))})
    assert result.success
    return result


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_seed_rows(timeline_env: tuple[Path, Path]) -> None:
    _, db = timeline_env
    result = materialize_all(db)
    checks = result.get_asset_check_evaluations()
    assert len(checks) == 7  # a pandera check per table, and no_rejects_in_run
    assert all(check.passed for check in checks)

    assert rows(db, "SELECT source_file, published, published_date, title FROM articles") == [
        ("000_258619d2f2043b2c.txt", "2024-11", dt.date(2024, 11, 1), None)
    ]
    body = rows(db, "SELECT body FROM articles")[0][0]
    assert isinstance(body, str)

    dates = rows(
        db,
        "SELECT text, kind, value, range_start, range_end, resolution, char_start, char_end "
        "FROM date_mentions ORDER BY char_start",
    )
    by_text = {row[0]: row[1:6] for row in dates}
    assert by_text["13 ноември"] == (
        "date",
        "2024-11-13",
        dt.date(2024, 11, 13),
        dt.date(2024, 11, 13),
        "year_inferred_past",
    )
    assert by_text["следващата година"] == (
        "date",
        "2025",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        "relative",
    )
    assert by_text["23 февруари"] == (
        "date",
        "2025-02-23",
        dt.date(2025, 2, 23),
        dt.date(2025, 2, 23),
        "year_inferred_future",
    )
    assert by_text["днес"] == (
        "date",
        "2024-11",
        dt.date(2024, 11, 1),
        dt.date(2024, 11, 30),
        "publication",
    )
    for text, *_, start, end in dates:
        assert body[start:end] == text
    amount_at = body.index("1,35")
    assert not [d for d in dates if d[6] <= amount_at < d[7]]

    money = rows(
        db,
        "SELECT text, value, currency, qualifier, min_value, max_value, char_start, char_end "
        "FROM money_mentions ORDER BY char_start",
    )
    assert [row[:6] for row in money] == [
        ("над 6 млрд. долара", 6_000_000_000.0, "USD", "over", 6_000_000_000.0, None),
        ("1,35 млрд. долара", 1_350_000_000.0, "USD", "exact", 1_350_000_000.0, 1_350_000_000.0),
    ]
    for text, *_, start, end in money:
        assert body[start:end] == text

    events = rows(
        db,
        "SELECT sentence_no, is_main, trigger, event_type, modality, date_value, date_source, "
        "actors, targets, sources, places, is_related_headline FROM events ORDER BY event_id",
    )
    by_sentence = {(row[0], row[1]): row[2:] for row in events}
    # Blinken said it in Brussels on 13 November: the saying of the report in sentence 0
    assert by_sentence[(0, False)] == (
        "заяви", "statement", "occurred", "2024-11-13", "sentence",
        ["Антъни Блинкен"], [], [], ["Брюксел"], False,
    )  # fmt: skip
    # what he reported: more military aid for Ukraine, planned
    assert by_sentence[(0, True)][:3] == ("помощ", "aid", "planned")
    assert by_sentence[(0, True)][7] == ["Антъни Блинкен"]
    # the meetings with Mark Rutte and Andrii Sybiha: both parties of a meeting act; NATO is
    # the role complement of Rutte (`генералния секретар на НАТО Марк Рюте`), no party
    assert by_sentence[(2, True)] == (
        "срещна", "meeting", "occurred", "2024-11", "publication",
        ["Антъни Блинкен", "Марк Рюте"], [], [], [], False,
    )  # fmt: skip
    assert by_sentence[(14, True)] == (
        "срещата", "meeting", "occurred", "2024-11", "publication",
        ["Антъни Блинкен", "Андрий Сибиха"], [], [], ["Брюксел"], False,
    )  # fmt: skip
    # the German snap election, from the pasted headline of another article
    assert by_sentence[(5, True)] == (
        "избори", "election", "planned", "2025-02-23", "sentence",
        ["Германия"], [], [], [], True,
    )  # fmt: skip
    # the warning about North Korean troops in the Kursk region
    assert by_sentence[(7, True)] == (
        "предупреждение", "threat", "occurred", "2024-11", "publication",
        ["Антъни Блинкен"], ["Северна Корея"], [], ["Курска област"], False,
    )  # fmt: skip
    # the 6 billion USD funding, planned; the 1.35 billion USD grant Shmyhal announced
    assert by_sentence[(11, True)][:3] == ("финансиране", "aid", "planned")
    assert by_sentence[(12, True)] == (
        "помощ", "aid", "occurred", "2024-11", "publication",
        ["Украйна"], ["САЩ"], ["Денис Шмигал"], [], False,
    )  # fmt: skip
    amounts = rows(
        db,
        "SELECT e.sentence_no, m.text FROM events e JOIN money_mentions m "
        "ON list_contains(e.money_ids, m.money_id) WHERE e.is_main ORDER BY m.char_start",
    )
    assert amounts == [(11, "над 6 млрд. долара"), (12, "1,35 млрд. долара")]
    blinken = rows(
        db,
        "SELECT DISTINCT name, name_latin, entity_type, confidence FROM entity_mentions "
        "WHERE name = 'Антъни Блинкен'",
    )
    assert blinken == [("Антъни Блинкен", "Antony Blinken", "person", 1.0)]
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
    timeline = rows(db, "SELECT date_start FROM timeline WHERE date_start IS NOT NULL")
    assert [r[0] for r in timeline] == sorted(r[0] for r in timeline)


def test_materialising_twice_gives_the_same_rows(timeline_env: tuple[Path, Path]) -> None:
    _, db = timeline_env
    tables = (
        "articles", "date_mentions", "money_mentions", "entity_mentions", "events", "rejects"
    )  # fmt: skip
    counts = []
    for _ in range(2):
        materialize_all(db)
        counts.append([rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables])
    assert counts[0] == counts[1]
    assert counts[0][0] == 1


def test_bad_files_become_rejects_and_the_batch_goes_on(
    timeline_env: tuple[Path, Path],
) -> None:
    seeds, db = timeline_env
    (seeds / "no_header.txt").write_text("Просто текст без дата.", encoding="utf-8")
    (seeds / "binary.txt").write_bytes(b"\x00\xff\x00")
    (seeds / "copy.txt").write_bytes((seeds / "000_258619d2f2043b2c.txt").read_bytes())
    materialize_all(db)
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(db, "SELECT source_file, stage, reason FROM rejects ORDER BY source_file") == [
        ("binary.txt", "read", "the file is binary (it contains NUL bytes), not an article"),
        ("copy.txt", "read", "same date and text as 000_258619d2f2043b2c.txt; loaded once"),
        (
            "no_header.txt",
            "read",
            "no ' date YYYY-MM' or ' date YYYY-MM-DD' header on the first line "
            "(it reads 'Просто текст без дата.')",
        ),
    ]


def test_changed_and_removed_files(timeline_env: tuple[Path, Path]) -> None:
    seeds, db = timeline_env
    extra = seeds / "extra.txt"
    extra.write_text(" date 2020-03-05\n\nЗаглавие\n\nСрещата е на 10 март.", encoding="utf-8")
    materialize_all(db)
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
    first_id = rows(db, "SELECT article_id FROM articles WHERE source_file = 'extra.txt'")

    extra.write_text(" date 2020-03-05\n\nЗаглавие\n\nСрещата е на 12 март.", encoding="utf-8")
    config = {"ops": {"parsed_articles": {"config": {"files": ["extra.txt"]}}}}
    dg.materialize(
        ASSETS, resources={"duckdb": DuckDBResource(database=str(db))}, run_config=config
    )
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
    assert rows(db, "SELECT article_id FROM articles WHERE source_file = 'extra.txt'") != first_id
    assert rows(
        db,
        "SELECT d.text FROM date_mentions d JOIN articles a USING (article_id) "
        "WHERE a.source_file = 'extra.txt'",
    ) == [("12 март",)]

    extra.unlink()
    materialize_all(db)
    assert rows(db, "SELECT source_file FROM articles") == [("000_258619d2f2043b2c.txt",)]


def load_files(db: Path, files: list[str]) -> None:
    config = {"ops": {"parsed_articles": {"config": {"files": files}}}}
    result = dg.materialize(
        ASSETS, resources={"duckdb": DuckDBResource(database=str(db))}, run_config=config
    )
    assert result.success


SEED = "000_258619d2f2043b2c.txt"
COPY_OF = "same date and text as {}; loaded once"


def articles_and_rejects(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        rows(db, "SELECT source_file, article_id FROM articles ORDER BY 1"),
        rows(db, "SELECT source_file, stage, reason, duplicate_of FROM rejects ORDER BY 1"),
    )


def test_a_copy_in_a_partial_run_is_a_reject_and_takes_over_nothing(
    timeline_env: tuple[Path, Path],
) -> None:
    """Issue 16, point 5: a new file with the same date and text as an article already
    loaded from another file. As in a full run, the file first in name order keeps the
    article and the other is a `read` reject naming it; a partial run gives the rows a full
    run gives."""
    seeds, db = timeline_env
    materialize_all(db)
    ((_, seed_id),) = rows(db, "SELECT source_file, article_id FROM articles")
    text = (seeds / SEED).read_bytes()

    (seeds / "zz_copy.txt").write_bytes(text)
    load_files(db, ["zz_copy.txt"])
    partial = articles_and_rejects(db)
    assert partial == (
        [(SEED, seed_id)],
        [("zz_copy.txt", "read", COPY_OF.format(SEED), SEED)],
    )
    assert rows(db, "SELECT count(*) FROM events") == [(16,)]
    materialize_all(db)
    assert articles_and_rejects(db) == partial

    (seeds / "000_0copy.txt").write_bytes(text)  # first in name order: it keeps the article
    load_files(db, ["000_0copy.txt"])
    partial = articles_and_rejects(db)
    assert partial == (
        [("000_0copy.txt", seed_id)],
        [
            (SEED, "read", COPY_OF.format("000_0copy.txt"), "000_0copy.txt"),
            ("zz_copy.txt", "read", COPY_OF.format("000_0copy.txt"), "000_0copy.txt"),
        ],
    )
    assert rows(db, "SELECT count(*) FROM events") == [(16,)]
    materialize_all(db)
    assert articles_and_rejects(db) == partial


def test_a_changed_original_frees_its_copy(timeline_env: tuple[Path, Path]) -> None:
    """When the file that holds an article changes, a partial run for it reads its copies
    again (`rejects.duplicate_of`): the copy is an article of its own now, as a full run
    would have it."""
    seeds, db = timeline_env
    (seeds / "zz_copy.txt").write_bytes((seeds / SEED).read_bytes())
    materialize_all(db)
    assert articles_and_rejects(db)[1] == [("zz_copy.txt", "read", COPY_OF.format(SEED), SEED)]

    with (seeds / SEED).open("a", encoding="utf-8") as seed:
        seed.write("\n\nНов абзац от 5 декември.")
    load_files(db, [SEED])
    partial = articles_and_rejects(db)
    assert [name for name, _ in partial[0]] == [SEED, "zz_copy.txt"]
    assert partial[1] == []
    materialize_all(db)
    assert articles_and_rejects(db) == partial
