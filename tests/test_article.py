from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.extract.article import ArticleError, parse_article, read_article
from pipeline.extract.mentions import Reference

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_258619d2f2043b2c.txt"


def test_header_with_body_on_the_same_line() -> None:
    article = parse_article(" date 2024-11 Първо изречение.\n\nВтори абзац.", "a.txt")
    assert article.reference == Reference(dt.date(2024, 11, 1), "month")
    assert article.published == "2024-11"
    assert article.body == "Първо изречение.\n\nВтори абзац."
    assert [p.text for p in article.paragraphs] == ["Първо изречение.", "Втори абзац."]
    assert article.title is None


def test_header_then_blank_line_then_title() -> None:
    raw = " date 2018-02-23\n\nКолко ще плаща България\n\nТекстът започва тук. И продължава."
    article = parse_article(raw, "b.txt")
    assert article.reference == Reference(dt.date(2018, 2, 23), "day")
    assert article.title == "Колко ще плаща България"
    assert article.body.startswith("Колко ще плаща България\n\n")
    assert article.paragraphs[1].start == len("Колко ще плаща България\n\n")


def test_windows_line_ends_give_the_same_article_id() -> None:
    unix = parse_article(" date 2020-01-02\n\nЗаглавие\n\nТекст.", "u.txt")
    windows = parse_article(" date 2020-01-02\r\n\r\nЗаглавие\r\n\r\nТекст.", "w.txt")
    assert unix.article_id == windows.article_id
    assert unix.body == windows.body


def test_article_id_depends_on_content_not_file_name() -> None:
    one = parse_article(" date 2020-01-02 Текст.", "one.txt")
    two = parse_article(" date 2020-01-02 Текст.", "two.txt")
    other = parse_article(" date 2020-01-03 Текст.", "one.txt")
    assert one.article_id == two.article_id
    assert one.article_id != other.article_id
    assert len(one.article_id) == 16


def test_title_is_not_a_sentence_with_final_punctuation() -> None:
    article = parse_article(" date 2020-01-02\n\nТова е изречение.\n\nОще едно.", "c.txt")
    assert article.title is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Няма заглавен ред.", "no ' date YYYY-MM' or ' date YYYY-MM-DD' header"),
        (" date 2024-13 Текст.", "the header date 2024-13 is not a calendar date"),
        (" date 2024-02-30 Текст.", "the header date 2024-02-30 is not a calendar date"),
        (" date 2024-11\n\n   \n", "the article has a date header but no text"),
        (" date 0001-01-01 Текст.", "the header date 0001-01-01 is outside the years a news"),
        (" date 9999-12 Текст.", "the header date 9999-12 is outside the years a news"),
    ],
)
def test_bad_articles_say_why(raw: str, reason: str) -> None:
    with pytest.raises(ArticleError) as error:
        parse_article(raw, "bad.txt")
    assert reason in str(error.value)


def test_cp1251_and_binary_files(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(" date 2020-05-05 Днес е хубав ден.".encode("cp1251"))
    assert read_article(legacy).body == "Днес е хубав ден."
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ArticleError, match="binary"):
        read_article(binary)
    with pytest.raises(ArticleError, match="cannot be read"):
        read_article(tmp_path / "missing.txt")


def test_seed_article() -> None:
    article = read_article(SEED)
    assert article.published == "2024-11"
    assert article.source_file == "000_258619d2f2043b2c.txt"
    assert article.body.startswith("Администрацията на Джо Байдън")
    assert len(article.paragraphs) == 10
    assert article.title is None
