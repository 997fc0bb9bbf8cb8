"""The views for analysts (issue 17, point 5): every example query of docs/warehouse.md runs,
and article_summary and money_timeline give the seed's figures."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SEED_NAME
from tests.test_query_people import load_seeds

VIEWS_DOC = REPO / "docs" / "warehouse.md"


@pytest.fixture(scope="module")
def db_with_a_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The founding article, a copy of it and a file that is no article."""
    folder = tmp_path_factory.mktemp("views")
    seeds = folder / "seeds"
    seeds.mkdir()
    shutil.copy(REPO / "seeds" / SEED_NAME, seeds / SEED_NAME)
    shutil.copy(REPO / "seeds" / SEED_NAME, seeds / "copy.txt")
    (seeds / "bad.txt").write_text("няма заглавен ред", encoding="utf-8")
    db = folder / "timeline.duckdb"
    load_seeds(db, seeds)
    return db


def view_examples() -> list[str]:
    views = VIEWS_DOC.read_text(encoding="utf-8").split("## Views\n")[1].split("\n## ")[0]
    return re.findall(r"```sql\n(.*?)```", views, flags=re.DOTALL)


def test_every_view_has_an_example() -> None:
    examples = view_examples()
    named = [re.search(r"FROM (\w+)", sql)[1] for sql in examples]  # type: ignore[index]
    assert named == [
        "timeline",
        "actor_timeline",
        "money_timeline",
        "upcoming",
        "event_groups",
        "article_summary",
    ]


def test_the_examples_run(db_with_a_copy: Path) -> None:
    with duckdb.connect(str(db_with_a_copy), read_only=True) as conn:
        counts = [len(conn.execute(sql).fetchall()) for sql in view_examples()]
    # 2025: the planned election; Блинкен: 8 events; aid in 2024-11; 3 undated planned events
    # (no planned date is after today); the seed alone makes no group of several articles
    assert counts == [1, 8, 1, 3, 0, 1]


def test_article_summary(db_with_a_copy: Path) -> None:
    with duckdb.connect(str(db_with_a_copy), read_only=True) as conn:
        cursor = conn.execute("SELECT * FROM article_summary")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert rows == [
        {
            "article_id": "f05f0e3e15feaae8",
            "source_file": SEED_NAME,
            "published": "2024-11",
            "title": None,
            "n_sentences": 15,
            "n_dates": 6,
            "first_date": dt.date(2024, 11, 1),
            "last_date": dt.date(2025, 12, 31),
            "n_amounts": 2,
            "total_eur": pytest.approx(1_240_238_860.8176389 + 5_512_172_714.745062),
            "n_amounts_without_eur": 0,
            "currencies": ["USD"],
            "n_events": 16,
            "n_undated_events": 3,
            "event_types": [
                "aid",
                "election",
                "meeting",
                "other",
                "request",
                "statement",
                "threat",
                "visit",
            ],
            "n_rejects": 1,
            "rejects": [f"copy.txt: same date and text as {SEED_NAME}; loaded once"],
        }
    ]


def test_money_timeline(db_with_a_copy: Path) -> None:
    with duckdb.connect(str(db_with_a_copy), read_only=True) as conn:
        rows = conn.execute("SELECT * FROM money_timeline").fetchall()
    assert rows == [
        (dt.date(2024, 11, 1), "USD", "aid", 1, 1.35e9, pytest.approx(1_240_238_860.8176389), 0),
        (None, "USD", "aid", 1, 6e9, pytest.approx(5_512_172_714.745062), 0),
    ]
