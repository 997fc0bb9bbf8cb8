"""Read one article file: the ` date YYYY-MM[-DD]` header, the body, its paragraphs and title.

The body is everything after the header (the title paragraph included), with line ends
normalised to `\\n`; every character offset in the warehouse indexes into it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract.mentions import Reference

# A header is one line: optional spaces, the word `date`, a year, a month and maybe a day.
# The body may follow on the same line (as in the founding seed) or after a blank line.
_HEADER = re.compile(
    r"\A[ \t\ufeff]*date[ \t]+(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?=\s|\Z)"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_TITLE_MAX_CHARS = 200
_TITLE_FINAL_PUNCTUATION = ".!?…:;"


class ArticleError(ValueError):
    """The file cannot be read as an article; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    source_file: str
    reference: Reference
    title: str | None
    body: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def published(self) -> str:
        """The publication date as written in the header (`2024-11` or `2024-11-13`)."""
        return self.reference.value


def article_id_for(body: str, reference: Reference) -> str:
    """A stable id from the content alone: the same text and date give the same id anywhere."""
    digest = hashlib.sha256(f"{reference.value}\n{body}".encode()).hexdigest()
    return digest[:16]


# Publication years the pipeline accepts: news on paper and online, with room around it so
# that relative expressions (`преди сто години`, `след десет години`) stay computable.
PUBLISHED_YEARS = range(1800, 2201)


def parse_reference(year: str, month: str, day: str | None) -> Reference:
    date_text = f"{year}-{month}" + (f"-{day}" if day else "")
    try:
        if day is None:
            reference = Reference(dt.date(int(year), int(month), 1), "month")
        else:
            reference = Reference(dt.date(int(year), int(month), int(day)), "day")
    except ValueError as exc:
        raise ArticleError(f"the header date {date_text} is not a calendar date") from exc
    if reference.day.year not in PUBLISHED_YEARS:
        raise ArticleError(
            f"the header date {date_text} is outside the years a news article can have "
            f"({PUBLISHED_YEARS.start}-{PUBLISHED_YEARS.stop - 1})"
        )
    return reference


def split_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Paragraphs are separated by blank lines; offsets index into `body`."""
    paragraphs: list[Paragraph] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        chunk = body[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + chunk.index(stripped)
            paragraphs.append(Paragraph(start, start + len(stripped), stripped))
        if match:
            position = match.end()
    return tuple(paragraphs)


def find_title(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """The first paragraph is the title when it is one short line without final punctuation."""
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0].text
    if "\n" in first or len(first) > _TITLE_MAX_CHARS:
        return None
    if first[-1] in _TITLE_FINAL_PUNCTUATION:
        return None
    return first


def parse_article(raw: str, source_file: str) -> Article:
    """Parse the text of an article file; raise `ArticleError` with a readable reason."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    header = _HEADER.match(text)
    if header is None:
        first_line = text.split("\n", 1)[0][:60]
        raise ArticleError(
            f"no ' date YYYY-MM' or ' date YYYY-MM-DD' header on the first line "
            f"(it reads {first_line!r})"
        )
    reference = parse_reference(header["year"], header["month"], header["day"])
    body = text[header.end() :].strip()
    if not body:
        raise ArticleError("the article has a date header but no text")
    paragraphs = split_paragraphs(body)
    return Article(
        article_id=article_id_for(body, reference),
        source_file=source_file,
        reference=reference,
        title=find_title(paragraphs),
        body=body,
        paragraphs=paragraphs,
    )


def decode_article_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then the Cyrillic code pages Bulgarian sites used."""
    if b"\x00" in data:
        raise ArticleError("the file is binary (it contains NUL bytes), not an article")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ArticleError("the file is neither UTF-8 nor Windows-1251 text")


def read_article(path: Path, source_file: str | None = None) -> Article:
    """Read and parse one article file; `source_file` is the name stored in the warehouse."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"the file cannot be read: {exc.strerror or exc}") from exc
    return parse_article(decode_article_bytes(data), source_file or path.name)
