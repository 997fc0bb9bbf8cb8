"""The text the extractors match, with a map of its offsets back into the original text.

What a reader does not see must not hide a mention: a zero-width space or a soft hyphen
inside `13 ноември` or `5 000 лв.`, a Latin `o` in `нoември`, markdown emphasis around a date
(`_13 ноември_`), a letter written as a base letter and a combining accent. For matching:

- invisible characters (`lexicons/normalize_invisible.tsv`) are left out;
- emphasis markers, a run of one to three `*` or `_` with a letter or digit on one side
  only (`**13 ноември**`; `snake_case` keeps its `_`), are left out;
- a letter and its combining marks become one character when Unicode composes them (NFC);
- in a word mixing Latin and Cyrillic letters, the letters of the smaller script become
  their look-alikes in the other (`lexicons/normalize_lookalikes.tsv`).

`Normalized.span` maps a mention's offsets in the matched text back to the original, so
offsets keep indexing into the article body and a mention's text is the original slice
(soft hyphen and all).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.lexicon import load_table


def _codepoint(cell: str) -> str:
    return chr(int(cell[2:], 16))


_INVISIBLE = frozenset(_codepoint(r["codepoint"]) for r in load_table("normalize_invisible.tsv"))
_LOOKALIKES = load_table("normalize_lookalikes.tsv")
_TO_CYRILLIC = {_codepoint(r["latin_code"]): _codepoint(r["cyrillic_code"]) for r in _LOOKALIKES}
_TO_LATIN = {cyrillic: latin for latin, cyrillic in _TO_CYRILLIC.items()}
_INVISIBLE_CLASS = "".join(f"\\u{ord(ch):04x}" for ch in sorted(_INVISIBLE))
# anything that may need work; most sentences have none of it and are returned as they are:
# an invisible character or emphasis marker, or a Latin letter next to a Cyrillic one (looked
# for only in the few sentences with a Latin letter: three single-class scans cost less than
# one alternation)
_MAY_HIDE = re.compile(rf"[{_INVISIBLE_CLASS}*_]")
_LATIN = re.compile(r"[A-Za-z]")
_MIXED = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_EMPHASIS = re.compile(r"\*{1,3}|_{1,3}")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """`text` to match; `text[i]` came from `original[starts[i]:ends[i]]` (None: the same)."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of `text[start:end]`."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:  # an empty span: where the character at `start` begins
            at = self.starts[start] if start < len(self.starts) else self._end()
            return at, at
        return self.starts[start], self.ends[end - 1]

    def _end(self) -> int:
        return self.ends[-1] if self.ends else 0


def _is_emphasis(text: str, match: re.Match[str]) -> bool:
    before = match.start() > 0 and text[match.start() - 1].isalnum()
    after = match.end() < len(text) and text[match.end()].isalnum()
    return before != after


def _kept(text: str) -> list[tuple[str, int, int]]:
    """(character, original start, original end) of every character not left out."""
    dropped: set[int] = set()
    for match in _EMPHASIS.finditer(text):
        if _is_emphasis(text, match):
            dropped.update(range(match.start(), match.end()))
    return [
        (ch, i, i + 1) for i, ch in enumerate(text) if ch not in _INVISIBLE and i not in dropped
    ]


def _composed(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Letters with combining marks composed (NFC); a composed letter spans its group."""
    out: list[tuple[str, int, int]] = []
    group: list[tuple[str, int, int]] = []

    def flush() -> None:
        if not group:
            return
        joined = "".join(ch for ch, _, _ in group)
        composed = unicodedata.normalize("NFC", joined) if len(group) > 1 else joined
        if composed == joined:
            out.extend(group)
        else:
            out.extend((ch, group[0][1], group[-1][2]) for ch in composed)
        group.clear()

    for item in chars:
        if not unicodedata.combining(item[0]):
            flush()
        group.append(item)
    flush()
    return out


def _script_fixed(word: str) -> str:
    """A word mixing Latin and Cyrillic letters, in the script most of its letters have."""
    cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in word if ch.isascii())
    if not cyrillic or not latin:
        return word
    table = _TO_CYRILLIC if cyrillic >= latin else _TO_LATIN
    minority = [ch for ch in word if (ch.isascii() if cyrillic >= latin else not ch.isascii())]
    if not all(ch in table for ch in minority):
        return word
    return "".join(table.get(ch, ch) for ch in word)


@lru_cache(maxsize=16)
def normalize_for_matching(text: str) -> Normalized:
    """The text the extractors match, and where each of its characters came from.

    Cached: the date, money and entity finders of one sentence share one result."""
    needs_work = _MAY_HIDE.search(text) is not None or (
        _LATIN.search(text) is not None and _MIXED.search(text) is not None
    )
    if not needs_work and unicodedata.is_normalized("NFC", text):
        return Normalized(text)
    chars = _composed(_kept(text))
    matched = "".join(ch for ch, _, _ in chars)
    matched = _WORD.sub(lambda m: _script_fixed(m[0]), matched)  # same length
    if matched == text:
        return Normalized(text)
    return Normalized(matched, tuple(c[1] for c in chars), tuple(c[2] for c in chars))
