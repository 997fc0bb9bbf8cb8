"""Which encoding a file of Bulgarian text is in, chosen by evidence rather than "it decoded".

Every single-byte Cyrillic code page decodes any byte sequence without an error, so that a
file decodes says nothing. Each candidate decoding is scored instead by how much it reads
like Bulgarian: the mean natural log of the share each of its non-ASCII characters has in
Bulgarian text (`lexicons/encoding_bulgarian_chars.tsv`). Bulgarian read right scores about
-3.3; KOI8-R read as Windows-1251 gives mostly capital letters in the wrong order (about -6.5);
UTF-8 read as a code page gives pairs like `Р°` (below -7). The best candidate wins; when even
the best does not read as Bulgarian, the file is rejected with the reason.

Candidates, in the order that breaks a tie: UTF-16 (only with a byte-order mark), UTF-8 (a
byte-order mark or not; a few damaged bytes become U+FFFD), Windows-1251, KOI8-R, ISO-8859-5,
CP866 and MacCyrillic. Valid UTF-8 that reads as Bulgarian is taken at once (no code page
text of more than a few letters is also valid UTF-8), so the common case costs one score.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from pipeline.extract.lexicon import load_table


class EncodingError(ValueError):
    """The bytes are not text in any encoding tried; the message says why, for a person."""


# the single-byte code pages tried after UTF-8, Python codec name -> name for people
CODE_PAGES = {
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "iso8859_5": "ISO-8859-5",
    "cp866": "CP866",
    "mac_cyrillic": "MacCyrillic",
}
# UTF-8 with a few damaged bytes (at most this share of its characters) is still UTF-8
DAMAGED_UTF8_SHARE = 0.01
# a score is judged on this many bytes from the start (enough for thousands of letters)
SAMPLE_BYTES = 64 * 1024
# fewer non-ASCII characters than this are too few to reject a text for reading oddly
MIN_CHARS_TO_JUDGE = 10
# the mean log share below which a text does not read as Bulgarian (see the module text)
MIN_SCORE = -4.5
# the share given to a character the table does not list
UNLISTED_SHARE = 1e-6
_ASCII_BYTES = bytes(range(128))
# two Cyrillic capitals or more; as a whole word, its letters count as small ones
_CAPITALS = re.compile(r"[\u0400-\u042f]{2,}")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # for people: `UTF-8`, `KOI8-R` ...
    score: float | None  # None when the text has no non-ASCII character


@cache
def _log_shares() -> dict[str, float]:
    rows = load_table("encoding_bulgarian_chars.tsv")
    return {chr(int(row["codepoint"][2:], 16)): math.log(float(row["share"])) for row in rows}


def _whole_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalpha()) and (
        end == len(text) or not text[end].isalpha()
    )


def bulgarian_score(text: str) -> tuple[float | None, int]:
    """(mean log share of the non-ASCII characters, how many there are); None when none."""
    # what is not ASCII, quickly: ASCII bytes are never part of another character in UTF-8
    beyond_ascii = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    counts = Counter(beyond_ascii.decode("utf-8", "surrogatepass"))
    words = [m[0] for m in _CAPITALS.finditer(text) if _whole_word(text, m.start(), m.end())]
    for capital, n in Counter("".join(words)).items():
        counts[capital] -= n
        counts[capital.lower()] += n
    total = sum(counts.values())
    if not total:
        return None, 0
    shares = _log_shares()
    unlisted = math.log(UNLISTED_SHARE)
    return sum(n * shares.get(ch, unlisted) for ch, n in counts.items()) / total, total


def _sample(data: bytes) -> bytes:
    return data[:SAMPLE_BYTES]


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", errors="replace")
    if lenient.count("\ufffd") <= DAMAGED_UTF8_SHARE * len(lenient):
        return lenient
    return None


def _candidates(data: bytes) -> list[tuple[str, str]]:
    """(codec, name for people) of every decoding the bytes allow, in tie-breaking order."""
    found: list[tuple[str, str]] = []
    if _utf8(data) is not None:
        found.append(("utf-8", "UTF-8"))
    sample = _sample(data)
    for codec, name in CODE_PAGES.items():
        try:
            sample.decode(codec)
        except UnicodeDecodeError:
            continue
        found.append((codec, name))
    return found


def _decode(data: bytes, codec: str) -> str:
    if codec == "utf-8":
        text = _utf8(data)
        if text is None:  # the whole file has more damage than its first part
            raise EncodingError("the file is UTF-8 with too many damaged bytes to be read")
        return text
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"the file reads as {CODE_PAGES[codec]} at its start but not further on"
        ) from exc


def _too_odd(score: float | None, count: int) -> bool:
    return score is not None and count >= MIN_CHARS_TO_JUDGE and score < MIN_SCORE


def decode_text(data: bytes) -> Decoded:
    """The text of a file's bytes in the encoding that reads most like Bulgarian.

    Raises `EncodingError` for binary data, broken UTF-16 and text that reads as no language
    in any candidate encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError("the file starts as UTF-16 text but is not valid UTF-16") from exc
        score, count = bulgarian_score(text[: SAMPLE_BYTES // 2])
        if _too_odd(score, count):
            raise EncodingError(
                f"the text reads as no language: the file is UTF-16 but scores {score:.1f} "
                f"where Bulgarian text scores above {MIN_SCORE}"
            )
        return Decoded(text, "UTF-16", score)
    if b"\x00" in data:
        raise EncodingError("the file is binary (it contains NUL bytes), not an article")
    if data.isascii():
        return Decoded(data.decode("ascii"), "UTF-8", None)
    try:  # valid UTF-8 that reads as Bulgarian: no code page could do better
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        score, count = bulgarian_score(text[:SAMPLE_BYTES])
        if not _too_odd(score, count):
            return Decoded(text, "UTF-8", score)
    sample = _sample(data)
    scored: list[tuple[float, int, int, str, str]] = []  # (score, -order, count, codec, name)
    for order, (codec, name) in enumerate(_candidates(data)):
        if codec == "utf-8":
            text = sample.decode("utf-8-sig", errors="replace")
            if len(sample) < len(data):  # a character cut at the sample's end
                text = text.rstrip("\ufffd")
        else:
            text = sample.decode(codec)
        score, count = bulgarian_score(text)
        if score is None:  # plain ASCII: every candidate reads the same
            return Decoded(_decode(data, codec), name, None)
        scored.append((score, -order, count, codec, name))
    if not scored:
        raise EncodingError("the file is neither UTF-8 nor text in a Cyrillic code page")
    best, _, count, codec, name = max(scored)
    if _too_odd(best, count):
        tried = ", ".join(s[4] for s in sorted(scored, key=lambda s: -s[1]))
        raise EncodingError(
            f"the text reads as no language in any encoding tried ({tried}): the best, "
            f"{name}, scores {best:.1f} where Bulgarian text scores above {MIN_SCORE}; the "
            f"file may be damaged or in another encoding"
        )
    return Decoded(_decode(data, codec), name, best)
