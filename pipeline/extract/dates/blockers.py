"""Blockers: stretches of a sentence that hold digits but no date (a URL, a phone number, an
article number, an age, a score). A date candidate that overlaps one is dropped.

Each blocker has a gate: a cheap search on the lower-cased sentence that finds something
wherever the blocker can match (a few substrings, or the blocker's core without its
look-backs); the blocker's own regex runs only when the gate finds something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _at_word_start(*forms: str) -> str:
    r"""`(?<![\w\-])(?:form|form…)` (each form a regex opening with a literal character) with the
    look-back moved after that character: the regex engine then jumps to the forms' first
    characters instead of trying the look-back at every position."""
    return (
        "(?:"
        + "|".join(f"{re.escape(f[0])}(?<![\\w\\-]{re.escape(f[0])}){f[1:]}" for f in forms)
        + ")"
    )


@dataclass(frozen=True)
class Blocker:
    """- pattern: what is no date (written in lower case: it runs on the lower-cased text)
    - gate: found on the lower-cased text wherever `pattern` matches
    - unless_after: a match right after this (a regex ending in `$`, searched in the text
      before the match) blocks nothing"""

    name: str
    pattern: str
    gate: str
    unless_after: str | None = None
    gate_regex: re.Pattern[str] = field(init=False, repr=False)
    regex: re.Pattern[str] = field(init=False, repr=False)
    lower_regex: re.Pattern[str] = field(init=False, repr=False)
    unless_regex: re.Pattern[str] | None = field(init=False, repr=False)
    lower_unless_regex: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        unless = self.unless_after
        compiled = {
            "gate_regex": re.compile(self.gate),
            "regex": re.compile(self.pattern, re.IGNORECASE),
            "lower_regex": re.compile(self.pattern),
            "unless_regex": None if unless is None else re.compile(unless, re.IGNORECASE),
            "lower_unless_regex": None if unless is None else re.compile(unless),
        }
        for name, value in compiled.items():
            object.__setattr__(self, name, value)


BLOCKERS = [
    Blocker("url_or_email", r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", gate=r"http|www\.|@"),
    Blocker(
        "phone_number",
        r"(?<![\w.,])(?:\+359|0)\d{1,4}(?:[\s/\-]?\d{2,4}){2,4}(?!\w)",
        gate=r"\+359|0(?<=[\s(]0)",
    ),
    Blocker(
        "newspaper_24_chasa",
        r"[„\"“«]\s*24\s+часа|(?:вестник|в-к)\s+[„\"“«]?\s*24\s+часа",
        gate=r"24",
    ),
    Blocker(
        "article_or_issue_number",
        _at_word_start("чл", "ал", "т", "бр", "№", "no", "параграф", "§") + r"\.?\s*\d+",
        gate=r"(?:чл|ал|т|бр|№|no|параграф|§)\.?\s*\d",
    ),
    Blocker(
        "age",
        _at_word_start(r"на\s+(?:възраст\s+(?:от\s+)?)?", r"навърш\w*\s+", r"годишн\w+\s+")
        + r"\d{1,3}\s+(?:години|годинки|г\.)"
        + r"(?!\s+(?:затвор|лишаване|пробация|условно|ефективн|строг))",
        gate=r"\d(?<!\d\d)\d{0,2}\s+(?:годин|г\.)",
        # `срок от 5 години`, `удължи на 3 години`: a period, not an age
        unless_after=(
            r"(?:срок\w*|период\w*|мандат\w*|удълж\w*|осъд\w*|присъд\w*|намал\w*|продължение)\s*$"
        ),
    ),
    Blocker(
        "score",
        r"\d{1,2}\s*:\s*\d{1,2}\s+(?:гейма|точки|сета|победа|загуба)",
        gate=r":",
    ),
    # ages of people given as a range: `хора между 65 и 69 години`
    Blocker(
        "age_range",
        _at_word_start(
            *("човек", "хора(?:та)?", "души", "лица(?:та)?", "граждани(?:те)?", "деца(?:та)?"),
            *("мъже", "жени", "пенсионери(?:те)?", "възрастни(?:те)?"),
        )
        + r"\s+(?:на\s+(?:възраст\s+)?)?(?:между|от)\s+\d{1,3}\s+"
        r"(?:и|до)\s+\d{1,3}\s+(?:години|г\.)",
        gate=r"(?:между|от)\s+\d",
    ),
]
_UPPER_ESCAPE_RE = re.compile(r"\\[A-Z]")
assert all(_UPPER_ESCAPE_RE.sub("", b.pattern).islower() for b in BLOCKERS)


def blocked_spans(text: str, lower: str) -> list[tuple[int, int]]:
    """The spans of `text` (`lower` is `text.lower()`) that no date may overlap."""
    fast = len(lower) == len(text)
    scanned = lower if fast else text
    spans = []
    for blocker in BLOCKERS:
        if not blocker.gate_regex.search(lower):
            continue
        unless = blocker.lower_unless_regex if fast else blocker.unless_regex
        for m in (blocker.lower_regex if fast else blocker.regex).finditer(scanned):
            if unless is not None and unless.search(scanned, 0, m.start()):
                continue
            spans.append(m.span())
    return spans
