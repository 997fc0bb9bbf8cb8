from __future__ import annotations

import pytest

from pipeline.extract.article import parse_article
from pipeline.extract.sentences import split_sentences


def sentences_of(text: str) -> list[str]:
    article = parse_article(f" date 2024-11-05 {text}", "s.txt")
    found = split_sentences(article.body, article.paragraphs)
    for sentence in found:
        assert article.body[sentence.start : sentence.end] == sentence.text
    assert [s.no for s in found] == list(range(len(found)))
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Първо. Второ! Трето? Четвърто…", ["Първо.", "Второ!", "Трето?", "Четвърто…"]),
        (
            "Помощта е 6 млрд. долара. Тя идва.",
            ["Помощта е 6 млрд. долара.", "Тя идва."],
        ),
        ("Сумата е 5 млн. USD за годината.", ["Сумата е 5 млн. USD за годината."]),
        ("Срещата с Д. Тръмп беше кратка.", ["Срещата с Д. Тръмп беше кратка."]),
        ("Живее на ул. Раковски в София.", ["Живее на ул. Раковски в София."]),
        ("Това е, т.е. Иван знае.", ["Това е, т.е. Иван знае."]),
        ("Купиха ябълки, круши и др. плодове.", ["Купиха ябълки, круши и др. плодове."]),
        (
            "Договорът е от 2011 г. Той изтича скоро.",
            ["Договорът е от 2011 г.", "Той изтича скоро."],
        ),
        ("През 2011 г. и 2012 г. растежът спря.", ["През 2011 г. и 2012 г. растежът спря."]),
        ("Цената е 5 лв. на килограм.", ["Цената е 5 лв. на килограм."]),
        (
            "Той каза: „Ще дойда.“ После си тръгна.",
            ["Той каза: „Ще дойда.“", "После си тръгна."],
        ),
        ("Първи абзац.\n\nВтори абзац.", ["Първи абзац.", "Втори абзац."]),
        ("Проф. Иванов говори с доц. Петров.", ["Проф. Иванов говори с доц. Петров."]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected
