"""Nothing in the seeds folder vanishes (issue 16.4): every entry is an article or a reject.

Files in = articles loaded + files rejected, exactly; a link to a file outside the folder is
never followed, so nothing of that file reaches the warehouse or the run's log.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from pipeline.batch import read_batch
from pipeline.extract.article import ArticleError, read_article
from pipeline.seeds import scan_seeds
from tests.conftest import SEED_NAME
from tests.test_pipeline_e2e import ASSETS, rows

SECRET = "ПОВЕРИТЕЛНО-7d1c"
ARTICLE = " date 2024-11-05\n\nЗаглавие\n\nСрещата е на 13 ноември."


def odd_folder(seeds: Path, outside: Path) -> None:
    """Beside the founding article: one entry of every kind that is not an article."""
    (seeds / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "UPPER.TXT").write_text(ARTICLE.replace("13", "14"), encoding="utf-8")
    (seeds / "notes.md").write_text(ARTICLE.replace("13", "15"), encoding="utf-8")
    (seeds / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (seeds / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (seeds / "archive").mkdir()
    (seeds / "archive" / "old.txt").write_text(ARTICLE.replace("13", "16"), encoding="utf-8")
    (seeds / "dangling.txt").symlink_to(seeds / "deleted.txt")
    outside.mkdir()
    (outside / "private.txt").write_text(f" date 2024-11-05\n\n{SECRET}", encoding="utf-8")
    (seeds / "leak.txt").symlink_to(outside / "private.txt")
    (seeds / "up.txt").symlink_to(Path("..") / outside.name / "private.txt")
    (seeds / "to-folder.txt").symlink_to(seeds / "archive")
    (seeds / "same.txt").symlink_to(seeds / "good.txt")  # inside: read, then a duplicate
    os.mkfifo(seeds / "pipe.txt")  # never opened: reading it would wait for ever


EXPECTED_REJECTS = [
    (".DS_Store", "read", "not a .txt file: only *.txt files are read as articles"),
    ("archive", "read", "a folder: sub-folders are not read"),
    ("dangling.txt", "read", "a link whose target does not exist"),
    (
        "leak.txt",
        "read",
        "a link to a file outside the seeds folder: links are followed only inside it",
    ),
    ("notes.md", "read", "not a .txt file: only *.txt files are read as articles"),
    ("pipe.txt", "read", "not a regular file (a pipe, socket or device)"),
    ("same.txt", "read", "same date and text as good.txt; loaded once"),
    ("scan.pdf", "read", "not a .txt file: only *.txt files are read as articles"),
    ("to-folder.txt", "read", "a link to a folder: sub-folders are not read"),
    (
        "up.txt",
        "read",
        "a link to a file outside the seeds folder: links are followed only inside it",
    ),
]


def test_every_entry_is_an_article_or_a_reject(seeds_dir: Path, tmp_path: Path) -> None:
    odd_folder(seeds_dir, tmp_path / "outside")
    batch = read_batch(seeds_dir)
    entries = sorted(os.listdir(seeds_dir))
    assert len(entries) == 13
    assert [a.source_file for a in batch.articles] == [SEED_NAME, "UPPER.TXT", "good.txt"]
    assert sorted((r.source_file, r.stage, r.reason) for r in batch.rejects) == EXPECTED_REJECTS
    assert len(entries) == len(batch.articles) + len(batch.rejects)
    assert all(SECRET not in r.reason for r in batch.rejects)


def test_names_given_by_a_run_are_checked_the_same_way(seeds_dir: Path, tmp_path: Path) -> None:
    odd_folder(seeds_dir, tmp_path / "outside")
    names = ["leak.txt", "good.txt", "../outside/private.txt", "missing.txt", "archive"]
    found = [(e.name, e.reason) for e in scan_seeds(seeds_dir, names)]
    assert found == [
        ("../outside/private.txt", "not the name of a file in the seeds folder"),
        ("archive", "a folder: sub-folders are not read"),
        ("good.txt", None),
        (
            "leak.txt",
            "a link to a file outside the seeds folder: links are followed only inside it",
        ),
        ("missing.txt", "the file is no longer in the seeds folder"),
    ]
    batch = read_batch(seeds_dir, names)
    assert [a.source_file for a in batch.articles] == ["good.txt"]
    assert len(batch.rejects) == 4


@pytest.mark.e2e
def test_the_warehouse_accounts_for_every_file(
    timeline_env: tuple[Path, Path], tmp_path: Path
) -> None:
    seeds, db = timeline_env
    odd_folder(seeds, tmp_path / "outside")
    instance = dg.DagsterInstance.ephemeral()
    resources = {"duckdb": DuckDBResource(database=str(db))}
    result = dg.materialize(ASSETS, resources=resources, instance=instance)
    assert result.success
    loaded = rows(db, "SELECT source_file FROM articles ORDER BY source_file")
    rejected = rows(db, "SELECT source_file, stage, reason FROM rejects ORDER BY source_file")
    assert loaded == [(SEED_NAME,), ("UPPER.TXT",), ("good.txt",)]
    assert rejected == EXPECTED_REJECTS
    assert len(os.listdir(seeds)) == len(loaded) + len(rejected)
    # nothing of the outside file anywhere: tables, run log
    assert rows(db, f"SELECT count(*) FROM articles WHERE body LIKE '%{SECRET}%'") == [(0,)]
    messages = [entry.user_message for entry in instance.all_logs(result.run_id)]
    assert any("leak.txt" in m for m in messages)
    assert not any(SECRET in m for m in messages)


def test_a_file_over_the_size_limit_is_a_reject(seeds_dir: Path, tmp_path: Path) -> None:
    big = seeds_dir / "big.txt"
    big.write_text(ARTICLE + " Още текст." * 20, encoding="utf-8")
    size = big.stat().st_size
    assert size == 457
    assert read_article(big, max_bytes=size).source_file == "big.txt"
    with pytest.raises(ArticleError) as caught:
        read_article(big, max_bytes=size - 1)
    assert str(caught.value) == (
        "the file is 457 bytes, over the limit of 456 bytes for one article (TIMELINE_MAX_FILE_MB)"
    )


def test_the_size_limit_comes_from_the_environment(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(seeds_dir / SEED_NAME, seeds_dir / "copy-of-seed.txt")
    monkeypatch.setenv("TIMELINE_MAX_FILE_MB", "0.001")  # 1,048 bytes; the seed has 3,553
    batch = read_batch(seeds_dir)
    assert batch.articles == []
    assert [(r.source_file, r.reason) for r in batch.rejects] == [
        (
            SEED_NAME,
            "the file is 3,553 bytes, over the limit of 1,048 bytes for one article "
            "(TIMELINE_MAX_FILE_MB)",
        ),
        (
            "copy-of-seed.txt",
            "the file is 3,553 bytes, over the limit of 1,048 bytes for one article "
            "(TIMELINE_MAX_FILE_MB)",
        ),
    ]
    for wrong in ("five", "0", "-1", "inf"):
        monkeypatch.setenv("TIMELINE_MAX_FILE_MB", wrong)
        with pytest.raises(ValueError) as caught:
            read_batch(seeds_dir)
        assert str(caught.value) == (
            f"TIMELINE_MAX_FILE_MB must be a number of megabytes above 0, not {wrong!r}"
        )


def test_reading_a_pipe_or_a_folder_directly_does_not_wait(tmp_path: Path) -> None:
    # the `timeline extract` command reads the paths it is given without the folder scan
    os.mkfifo(tmp_path / "pipe.txt")
    for path in (tmp_path / "pipe.txt", tmp_path):
        with pytest.raises(ArticleError) as caught:
            read_article(path)
        assert str(caught.value) == "not a regular file (a folder, pipe, socket or device)"
