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


def test_utf16_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(" date 2024-11-05\n\nДнес е 5 ноември.".encode("utf-16"))
    article = read_article(path)
    assert (article.body, article.reference.value) == ("Днес е 5 ноември.", "2024-11-05")


def test_utf8_with_a_damaged_byte_stays_utf8(tmp_path: Path) -> None:
    sentence = "Премиерът заяви, че срещата ще бъде на 13 ноември в София. "
    data = (" date 2024-11-05\n\n" + sentence * 3).encode()
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:60] + b"\xff" + data[60:])
    body = read_article(path).body
    assert body.count("\ufffd") == 1
    assert body.replace("\ufffd", "") == (sentence * 3).strip()


def test_cp1251_is_not_mistaken_for_damaged_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes(" date 2020-05-05 Днес цената е 5 лв.".encode("cp1251"))
    assert read_article(path).body == "Днес цената е 5 лв."


def test_an_html_body_becomes_paragraphs_of_text() -> None:
    raw = (
        " date 2024-11-05\n\n<html><head><title>Среща в Брюксел</title><style>p {}</style>"
        "</head><body><h1>Среща в Брюксел</h1><p>Днес е <b>5 ноември</b>, а билетът е "
        "5&nbsp;лв.</p><script>var d = '13 ноември';</script><p>Втори абзац &amp; ред.<br>"
        "Нов ред.</p></body></html>"
    )
    article = parse_article(raw, "page.txt")
    assert article.body == (
        "Среща в Брюксел\n\nСреща в Брюксел\n\nДнес е 5 ноември, а билетът е 5\xa0лв."
        "\n\nВтори абзац & ред.\n\nНов ред."
    )
    assert article.title == "Среща в Брюксел"
    assert [p.text for p in article.paragraphs][2:] == [
        "Днес е 5 ноември, а билетът е 5\xa0лв.",
        "Втори абзац & ред.",
        "Нов ред.",
    ]


def test_a_stray_angle_bracket_is_not_html() -> None:
    article = parse_article(" date 2024-11-05\n\nРастежът е <5% за 2024 г.", "plain.txt")
    assert article.body == "Растежът е <5% за 2024 г."
