"""The reader chooses a file's encoding by how Bulgarian the decoded text reads (issue 16.3).

Every single-byte Cyrillic code page decodes any bytes, so "it decoded" proves nothing: a
KOI8-R file used to be read as Windows-1251 and became an article of garbage with no dates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.article import ArticleError, read_article
from pipeline.extract.document import extract_article
from pipeline.extract.encoding import EncodingError, bulgarian_score, decode_text

TEXT = (
    "Министерският съвет одобри вчера проекта на бюджета за следващата година. "
    "Депутатите ще го обсъдят на 13 ноември, а финансовият министър очаква приходите "
    "да нараснат с 2 млрд. лв."
)


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8"),
        ("utf-16", "UTF-16"),  # Python writes the byte-order mark
        ("cp1251", "Windows-1251"),
        ("koi8_r", "KOI8-R"),
        ("iso8859_5", "ISO-8859-5"),
        ("cp866", "CP866"),
        ("mac_cyrillic", "MacCyrillic"),
    ],
)
def test_each_encoding_is_recognised(codec: str, name: str) -> None:
    decoded = decode_text(TEXT.encode(codec))
    assert (decoded.text, decoded.encoding) == (TEXT, name)


def test_koi8_r_decodes_as_windows_1251_without_error_but_scores_worse() -> None:
    data = TEXT.encode("koi8_r")
    garbage = data.decode("cp1251")  # no error: why "it decoded" is no evidence
    assert garbage.startswith("нЙОЙУФЕТУЛЙСФ УЯЧЕФ")
    right, _ = bulgarian_score(TEXT)
    wrong, _ = bulgarian_score(garbage)
    assert right is not None and wrong is not None
    assert round(right, 2) == -3.04
    assert round(wrong, 2) == -4.57


def test_all_capitals_read_as_bulgarian() -> None:
    shouted = TEXT.upper()
    assert decode_text(shouted.encode("utf-8")).text == shouted
    assert decode_text(shouted.encode("koi8_r")).encoding == "KOI8-R"


def test_a_koi8_r_file_becomes_a_real_article(tmp_path: Path) -> None:
    path = tmp_path / "koi8.txt"
    path.write_bytes(f" date 2024-11-05\n\n{TEXT}\n".encode("koi8_r"))
    article = read_article(path)
    assert article.body == TEXT
    extraction = extract_article(article)
    assert [(m.text, m.value) for _, m in extraction.dates] == [
        ("вчера", "2024-11-04"),
        ("следващата година", "2025"),
        ("13 ноември", "2024-11-13"),
    ]
    assert [(a.mention.text, a.mention.value) for a in extraction.amounts] == [
        ("2 млрд. лв.", 2_000_000_000.0)
    ]


def test_text_that_reads_as_no_language_is_rejected(tmp_path: Path) -> None:
    # every byte from 0x80 to 0xFF but 0x98 (undefined in Windows-1251), twice: each code page
    # decodes it, none reads as a language
    noise = bytes(b for b in range(0x80, 0x100) if b != 0x98) * 2
    path = tmp_path / "noise.txt"
    path.write_bytes(b" date 2024-11-05\n\n" + noise)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert str(caught.value) == (
        "the text reads as no language in any encoding tried (Windows-1251, KOI8-R, "
        "ISO-8859-5, CP866, MacCyrillic): the best, MacCyrillic, scores -8.9 where Bulgarian "
        "text scores above -4.5; the file may be damaged or in another encoding"
    )


def test_utf8_of_mojibake_is_rejected() -> None:
    # UTF-8 read as Windows-1251 and saved again as UTF-8: valid UTF-8, no language
    twice = TEXT.encode("utf-8").decode("cp1251", errors="replace").encode("utf-8")
    with pytest.raises(EncodingError, match=r"^the text reads as no language .* the best, "):
        decode_text(twice)


def test_utf16_noise_is_rejected() -> None:
    noise = "".join(chr(c) for c in range(0x4E00, 0x4E40))  # CJK ideographs: not Bulgarian
    with pytest.raises(EncodingError) as caught:
        decode_text(noise.encode("utf-16"))
    assert str(caught.value) == (
        "the text reads as no language: the file is UTF-16 but scores -13.8 where Bulgarian "
        "text scores above -4.5"
    )


def test_a_few_letters_are_too_few_to_reject() -> None:
    # nine non-ASCII characters: too few to judge; the best reading is kept
    assert decode_text("Цена: 5 лв. за кг".encode("cp1251")).text == "Цена: 5 лв. за кг"


def test_plain_ascii_is_read_as_it_is() -> None:
    decoded = decode_text(b"Brexit: 13 November")
    assert (decoded.text, decoded.encoding, decoded.score) == ("Brexit: 13 November", "UTF-8", None)
