"""Read one article file: the ` date YYYY-MM[-DD]` header, the body, its paragraphs and title.

The body is everything after the header (the title paragraph included), with line ends
normalised to `\\n`; every character offset in the warehouse indexes into it. A body written
in HTML (a page saved as it was served) is turned into plain text first: block elements
become paragraphs, entities become characters, scripts and styles go.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pipeline.extract.encoding import EncodingError, decode_text
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


# A body is HTML when it has at least one of these tags; plain text with a stray `<` is not.
_HTML_TAG = re.compile(
    r"<(?:html|body|head|p|div|br|span|a|b|i|em|strong|h[1-6]|li|ul|ol|table|tr|td|article|"
    r"section|title|script|style)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt"}
    | {"figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"}
    | {"hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th"}
    | {"title", "tr", "ul"}
)
# elements whose content is not text of the article (a page's <title> is kept: a paragraph)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
_SPACES = re.compile(r"[ \t\r\f\v]+")


class _TextOfHtml(HTMLParser):
    """The text of an HTML page: a blank line around block elements, nothing of scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_SPACES.sub(" ", data.replace("\n", " ")))


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, paragraphs split by blank lines."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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
    if _HTML_TAG.search(body):
        body = html_to_text(body)
    if not body:
        raise ArticleError("the article has a date header but no text")
    return article_from_body(source_file, reference, body)


def article_from_body(source_file: str, reference: Reference, body: str) -> Article:
    """The article of a body already read: its id, paragraphs and title."""
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
    """The text of an article file, in the encoding that reads most like Bulgarian (UTF-8,
    UTF-16 with a byte-order mark, Windows-1251, KOI8-R, ISO-8859-5, CP866, MacCyrillic; see
    `pipeline.extract.encoding`); binary data or text that reads as no language is rejected."""
    try:
        return decode_text(data).text
    except EncodingError as exc:
        raise ArticleError(str(exc)) from exc


# The largest article file read, in megabytes (`TIMELINE_MAX_FILE_MB`); a larger file is
# rejected before it is read. The longest news article of the corpus is 11 kB.
DEFAULT_MAX_FILE_MB = 5.0


def max_file_bytes() -> int:
    """`TIMELINE_MAX_FILE_MB` (default 5) in bytes."""
    raw = os.environ.get("TIMELINE_MAX_FILE_MB", "").strip()
    message = f"TIMELINE_MAX_FILE_MB must be a number of megabytes above 0, not {raw!r}"
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError as exc:
        raise ValueError(message) from exc
    if not (math.isfinite(megabytes) and megabytes > 0):
        raise ValueError(message)
    return int(megabytes * 1024 * 1024)


def _too_large(size: int, limit: int) -> ArticleError:
    return ArticleError(
        f"the file is {size:,} bytes, over the limit of {limit:,} bytes for one article "
        f"(TIMELINE_MAX_FILE_MB)"
    )


def read_article(
    path: Path, source_file: str | None = None, max_bytes: int | None = None
) -> Article:
    """Read and parse one article file; `source_file` is the name stored in the warehouse.

    A file over `max_bytes` (default: `max_file_bytes()`) is rejected without reading it."""
    limit = max_file_bytes() if max_bytes is None else max_bytes
    try:
        # opened without waiting (a named pipe would wait for a writer for ever), then checked
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            os.close(descriptor)
            raise ArticleError("not a regular file (a folder, pipe, socket or device)")
        with os.fdopen(descriptor, "rb") as handle:
            if info.st_size > limit:
                raise _too_large(info.st_size, limit)
            data = handle.read(limit + 1)  # the file may have grown since
    except OSError as exc:
        raise ArticleError(f"the file cannot be read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return parse_article(decode_article_bytes(data), source_file or path.name)
