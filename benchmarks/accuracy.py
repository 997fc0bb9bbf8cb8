"""Score the extractors against the hand-annotated corpus sample.

For every `benchmarks/annotations/<stem>.jsonl` the article `<stem>.txt` of the shared corpus
(`../shared/corpus/articles/` beside the repository) is run through
`pipeline.extract.document.extract_file`, and the dates and money amounts it finds are matched
with the gold mentions: a found mention matches a gold mention of the same type when their
character spans overlap (one-to-one, greedily by the largest overlap). The report gives, for
dates and money separately, precision, recall and F1 of the span matching, the rate of exactly
equal spans among the matches and the value accuracy among the matches, then lists every
remaining error. It is printed and written to `docs/accuracy.md`.

The same gold also scores dateparser's `search_dates` (languages=['bg'], the publication day as
RELATIVE_BASE, one call per sentence of `split_sentences`) as a baseline: its spans are matched
the same way, and its value counts as right when the gold mention is a calendar date (`2019`,
`2019-03`, `2019-03-29`) and dateparser's date begins with that value (so the right year is
enough for a year); it has no durations, sets, weeks, seasons or vague values.

Run:  .venv/bin/python -m benchmarks.accuracy            (score and write docs/accuracy.md)
      .venv/bin/python -m benchmarks.accuracy --check    (only validate the annotations)

The annotation format and the checks on it (`check_annotation_file`) are shared with
`tests/test_annotations.py`.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.accuracy_events import (
    HELD_OUT_PARTS,
    contemporary_part,
    events_section,
)
from benchmarks.paths import ARTICLES, REPO

ANNOTATIONS = REPO / "benchmarks" / "annotations"
# the second sample: our own short articles in the style of 2024-2026 news (its README)
CONTEMPORARY = REPO / "benchmarks" / "contemporary"
REPORT = REPO / "docs" / "accuracy.md"
REGENERATE = ".venv/bin/python -m benchmarks.accuracy"

TARGETS = {
    "dates F1": 0.95,
    "dates value accuracy": 0.95,
    "money F1": 0.97,
    "money value+currency": 0.97,
}

# --- the annotation format ---------------------------------------------------------------

DATE_KINDS = frozenset({"date", "time", "duration", "set"})
MODIFIERS = frozenset({"START", "MID", "END"})
QUALIFIERS = frozenset({"exact", "over", "under", "about", "up_to", "range"})
# ISO 4217 codes an article of this corpus may name (checked, not guessed: a typo such as
# "EUE" or a symbol such as "лв." must fail). Extend the set when a new currency appears.
CURRENCIES = frozenset(
    {
        "AED",
        "ARS",
        "AUD",
        "BGN",
        "BRL",
        "BYN",
        "CAD",
        "CHF",
        "CNY",
        "CZK",
        "DKK",
        "EGP",
        "EUR",
        "GBP",
        "GEL",
        "HKD",
        "HRK",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IRR",
        "ISK",
        "JPY",
        "KRW",
        "KZT",
        "MAD",
        "MDL",
        "MKD",
        "MXN",
        "NOK",
        "NZD",
        "PKR",
        "PLN",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "SAR",
        "SEK",
        "SGD",
        "THB",
        "TRY",
        "UAH",
        "USD",
        "ZAR",
    }
)
DATE_FIELDS = ("type", "text", "occurrence", "kind", "value", "modifier")
MONEY_FIELDS = ("type", "text", "occurrence", "value", "currency", "qualifier", "min", "max")

_POINT = (
    r"(?:\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
    r"|\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])(?:-WE)?"
    r"|\d{4}-Q[1-4]|\d{4}-H[12]|\d{4}-(?:SP|SU|FA|WI)"
    r"|\d{3}|\d{2})"
)
_VAGUE = r"(?:PRESENT_REF|PAST_REF|FUTURE_REF)"
_PERIOD = r"P(?:T?(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|H|S|DE|CE))"
VALUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "date": re.compile(rf"\A(?:{_VAGUE}|{_POINT}(?:/{_POINT})?)\Z"),
    "time": re.compile(rf"\A(?:{_POINT})?T(?:[01]\d|2[0-3]):[0-5]\d\Z"),
    "duration": re.compile(rf"\A{_PERIOD}\Z"),
    "set": re.compile(rf"\A{_PERIOD}\Z"),
}


def article_body(path: Path) -> str:
    """The body of an article file as the pipeline sees it: the text after the ` date`
    header line, line ends normalised, surrounding whitespace stripped."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return text.partition("\n")[2].strip()


def locate(body: str, text: str, occurrence: int) -> tuple[int, int] | None:
    """(start, end) of the `occurrence`-th (1-based) match of `text` in `body`, searching
    with `str.find` from one character after the previous match; None when there is none."""
    if not text or occurrence < 1:
        return None
    position = -1
    for _ in range(occurrence):
        position = body.find(text, position + 1)
        if position < 0:
            return None
    return position, position + len(text)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def annotation_problems(record: Any) -> list[str]:
    """What is wrong with one parsed annotation, without looking at the article."""
    if not isinstance(record, dict):
        return ["not a JSON object"]
    kind = record.get("type")
    if kind not in ("date", "money"):
        return [f"type must be 'date' or 'money', not {kind!r}"]
    fields = DATE_FIELDS if kind == "date" else MONEY_FIELDS
    problems = [f"missing field {name!r}" for name in fields if name not in record]
    problems += [f"unknown field {name!r}" for name in record if name not in fields]
    if problems:
        return problems
    text, occurrence = record["text"], record["occurrence"]
    if not isinstance(text, str) or not text or text != text.strip():
        problems.append(f"text must be a non-empty string without outer spaces: {text!r}")
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        problems.append(f"occurrence must be an integer >= 1: {occurrence!r}")
    if kind == "date":
        problems += _date_problems(record)
    else:
        problems += _money_problems(record)
    return problems


def _date_problems(record: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    kind, value, modifier = record["kind"], record["value"], record["modifier"]
    if kind not in DATE_KINDS:
        return [f"kind must be one of {sorted(DATE_KINDS)}: {kind!r}"]
    if not isinstance(value, str) or not VALUE_PATTERNS[kind].match(value):
        problems.append(f"value {value!r} is not a valid {kind} value")
    if modifier is not None and modifier not in MODIFIERS:
        problems.append(f"modifier must be null or one of {sorted(MODIFIERS)}: {modifier!r}")
    return problems


def _money_problems(record: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    value, currency, qualifier = record["value"], record["currency"], record["qualifier"]
    low, high = record["min"], record["max"]
    if currency not in CURRENCIES:
        problems.append(f"currency {currency!r} is not an ISO 4217 code of the list")
    if qualifier not in QUALIFIERS:
        return [*problems, f"qualifier must be one of {sorted(QUALIFIERS)}: {qualifier!r}"]
    for name, number in (("value", value), ("min", low), ("max", high)):
        if number is not None and not (_is_number(number) and number >= 0):
            problems.append(f"{name} must be null or a non-negative number: {number!r}")
    if problems:
        return problems
    expected: tuple[Any, Any]
    if qualifier == "range":
        if value is not None or low is None or high is None or not low < high:
            problems.append("a range has value null and min < max")
        return problems
    if value is None:
        return [f"value is null but the qualifier is {qualifier!r}"]
    expected = {
        "exact": (value, value),
        "about": (value, value),
        "over": (value, None),
        "under": (None, value),
        "up_to": (None, value),
    }[qualifier]
    if (low, high) != expected:
        problems.append(f"{qualifier}: min/max must be {expected}, not {(low, high)}")
    return problems


@dataclass
class Gold:
    type: str
    text: str
    occurrence: int
    start: int
    end: int
    record: dict[str, Any]


def check_annotation_file(path: Path, articles: Path = ARTICLES) -> list[str]:
    """Every problem of one annotation file, each as `file:line: message`: JSON, fields,
    values, and (when the article exists) that its text+occurrence is found in the article."""
    article = articles / f"{path.stem}.txt"
    body = article_body(article) if article.is_file() else None
    problems: list[str] = []
    seen: set[tuple[str, str, int]] = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    if not any(line.strip() for line in lines):
        problems.append(f"{path.name}: the file has no annotations")
    for number, line in enumerate(lines, 1):
        where = f"{path.name}:{number}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON: {exc}")
            continue
        found = annotation_problems(record)
        problems += [f"{where}: {message}" for message in found]
        if found:
            continue
        key = (record["type"], record["text"], record["occurrence"])
        if key in seen:
            problems.append(f"{where}: duplicate annotation {key}")
        seen.add(key)
        if body is not None and locate(body, record["text"], record["occurrence"]) is None:
            problems.append(
                f"{where}: {record['text']!r} occurrence {record['occurrence']} "
                f"is not in {article.name}"
            )
    if body is None:
        problems.append(f"{path.name}: no article {article.name} in the corpus")
    return problems


def annotation_files(annotations: Path = ANNOTATIONS) -> list[Path]:
    return sorted(annotations.glob("*.jsonl"))


def load_gold(path: Path, body: str) -> list[Gold]:
    """The annotations of one file located in `body` (annotations not found are skipped:
    `check_annotation_file` reports them)."""
    gold: list[Gold] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        span = locate(body, record["text"], record["occurrence"])
        if span is not None:
            gold.append(Gold(record["type"], record["text"], record["occurrence"], *span, record))
    return gold


# --- matching and scoring -----------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    gold: Sequence[tuple[int, int]], found: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, found index) of overlapping spans, chosen greedily by the
    largest overlap (ties: earlier gold, then earlier found)."""
    candidates = sorted(
        (
            (-_overlap(g, f), gi, fi)
            for gi, g in enumerate(gold)
            for fi, f in enumerate(found)
            if _overlap(g, f) > 0
        )
    )
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, fi in candidates:
        if gi in used_gold or fi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(fi)
        pairs.append((gi, fi))
    return sorted(pairs)


def same_number(a: Any, b: Any) -> bool:
    """Equal within 1e-6 relative (both None counts as equal)."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def date_value_ok(gold: dict[str, Any], found: dict[str, Any]) -> bool:
    return (
        gold["kind"] == found.get("kind")
        and gold["value"] == found.get("value")
        and (gold["modifier"] or None) == (found.get("modifier") or None)
    )


def money_amount_ok(gold: dict[str, Any], found: dict[str, Any]) -> bool:
    """Value (and, for ranges, the bounds) and currency right."""
    if gold["currency"] != found.get("currency"):
        return False
    if gold["qualifier"] == "range" or found.get("qualifier") == "range":
        return same_number(gold["min"], found.get("min")) and same_number(
            gold["max"], found.get("max")
        )
    return same_number(gold["value"], found.get("value"))


def money_value_ok(gold: dict[str, Any], found: dict[str, Any]) -> bool:
    return money_amount_ok(gold, found) and gold["qualifier"] == found.get("qualifier")


def describe_date(item: dict[str, Any]) -> str:
    modifier = item.get("modifier")
    return f"{item.get('kind')} {item.get('value')}" + (f" {modifier}" if modifier else "")


def describe_money(item: dict[str, Any]) -> str:
    if item.get("qualifier") == "range":
        amount = f"{_number(item.get('min'))}..{_number(item.get('max'))}"
    else:
        amount = _number(item.get("value"))
    return f"{amount} {item.get('currency')} {item.get('qualifier')}"


def _number(value: Any) -> str:
    if value is None:
        return "null"
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{value:.0f}"


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    exact_span: int = 0
    value_ok: int = 0
    amount_ok: int = 0  # money only: value and currency right, qualifier not compared

    def add(self, other: Tally) -> None:
        for name in ("gold", "found", "matched", "exact_span", "value_ok", "amount_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_span_rate(self) -> float:
        return self.exact_span / self.matched if self.matched else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.matched if self.matched else 0.0

    @property
    def amount_accuracy(self) -> float:
        return self.amount_ok / self.matched if self.matched else 0.0


@dataclass
class Error:
    file: str
    type: str
    what: str  # "missed" | "spurious" | "wrong value"
    text: str
    expected: str
    found: str


@dataclass
class ArticleScore:
    file: str
    dates: Tally = field(default_factory=Tally)
    money: Tally = field(default_factory=Tally)
    errors: list[Error] = field(default_factory=list)


def score_type(
    file: str,
    kind: str,
    gold: Sequence[Gold],
    found: Sequence[dict[str, Any]],
    value_ok: Callable[[dict[str, Any], dict[str, Any]], bool],
    describe: Callable[[dict[str, Any]], str],
    amount_ok: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> tuple[Tally, list[Error]]:
    pairs = match_spans(
        [(g.start, g.end) for g in gold], [(int(f["start"]), int(f["end"])) for f in found]
    )
    tally = Tally(gold=len(gold), found=len(found), matched=len(pairs))
    errors: list[Error] = []
    for gi, fi in pairs:
        g, f = gold[gi], found[fi]
        if (g.start, g.end) == (int(f["start"]), int(f["end"])):
            tally.exact_span += 1
        if amount_ok is not None and amount_ok(g.record, f):
            tally.amount_ok += 1
        if value_ok(g.record, f):
            tally.value_ok += 1
        else:
            shown = g.text if g.text == f.get("text") else f"{g.text} / {f.get('text')}"
            errors.append(Error(file, kind, "wrong value", shown, describe(g.record), describe(f)))
    matched_gold = {gi for gi, _ in pairs}
    matched_found = {fi for _, fi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            errors.append(Error(file, kind, "missed", g.text, describe(g.record), "-"))
    for fi, f in enumerate(found):
        if fi not in matched_found:
            errors.append(Error(file, kind, "spurious", str(f.get("text")), "-", describe(f)))
    return tally, errors


def score_article(
    annotation: Path, extract: Callable[[Path], dict[str, Any]], articles: Path = ARTICLES
) -> ArticleScore:
    article = articles / f"{annotation.stem}.txt"
    result = extract(article)
    score = ArticleScore(article.name)
    if "error" in result:
        body = article_body(article)
        score.errors.append(Error(article.name, "article", "error", "-", "-", str(result["error"])))
        result = {"body": body, "dates": [], "amounts": []}
    body = str(result["body"])
    gold = load_gold(annotation, body)
    tally, errors = score_type(
        article.name,
        "date",
        [g for g in gold if g.type == "date"],
        result.get("dates", []),
        date_value_ok,
        describe_date,
    )
    score.dates, score.errors = tally, score.errors + errors
    tally, errors = score_type(
        article.name,
        "money",
        [g for g in gold if g.type == "money"],
        result.get("amounts", []),
        money_value_ok,
        describe_money,
        money_amount_ok,
    )
    score.money, score.errors = tally, score.errors + errors
    return score


# --- the report ---------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{value:.3f}"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_rows(dates: Tally, money: Tally) -> list[tuple[str, str, str]]:
    return [
        ("gold mentions", str(dates.gold), str(money.gold)),
        ("found mentions", str(dates.found), str(money.found)),
        ("matched (span overlap)", str(dates.matched), str(money.matched)),
        ("precision", _pct(dates.precision), _pct(money.precision)),
        ("recall", _pct(dates.recall), _pct(money.recall)),
        ("F1", _pct(dates.f1), _pct(money.f1)),
        ("exact span among matches", _pct(dates.exact_span_rate), _pct(money.exact_span_rate)),
        (
            "value accuracy among matches",
            _pct(dates.value_accuracy),
            _pct(money.value_accuracy),
        ),
        ("value+currency right (money)", "-", _pct(money.amount_accuracy)),
    ]


def target_rows(dates: Tally, money: Tally) -> list[tuple[str, float, float, bool]]:
    achieved = {
        "dates F1": dates.f1,
        "dates value accuracy": dates.value_accuracy,
        "money F1": money.f1,
        "money value+currency": money.amount_accuracy,
    }
    return [(name, goal, achieved[name], achieved[name] >= goal) for name, goal in TARGETS.items()]


def render_markdown(
    scores: Sequence[ArticleScore], dates: Tally, money: Tally, baseline: Tally | None = None
) -> str:
    lines = [
        "# Extraction accuracy on the annotated corpus sample",
        "",
        "Generated by `benchmarks/accuracy.py`; regenerate with "
        f"`{REGENERATE}` (needs `../shared` beside the repository).",
        "",
        f"Gold: {len(scores)} hand-annotated articles of the shared corpus "
        "(`benchmarks/annotations/`, guidelines in `benchmarks/annotations/README.md`). "
        "A found mention matches a gold one of the same type when their character spans "
        "overlap (one-to-one, greedy by largest overlap). Date values are right when kind, "
        "value and modifier are equal; money values when value (for ranges: min and max), "
        "currency and qualifier are equal (numbers within 1e-6 relative); "
        '"value+currency" ignores the qualifier.',
        "",
        "How to read these figures: the annotations were written before any extractor output "
        "was looked at, but the rules were then improved while reading this error list, so "
        "this is a development set and the figures are optimistic for unseen text. The "
        "example tables (`tests/data/dates_*.tsv`, `money_*.tsv`) and the peer suites "
        "(`docs/peer-suites-*.md`) are the other checks; a held-out sample needs articles "
        "the rules have never been tuned on.",
        "",
        "## Summary",
        "",
        "| measure | dates | money |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {d} | {m} |" for name, d, m in summary_rows(dates, money)]
    lines += ["", "## Targets", "", "| target | goal | achieved | met |", "|---|---:|---:|---|"]
    lines += [
        f"| {name} | {goal:.2f} | {_pct(value)} | {'yes' if met else 'no'} |"
        for name, goal, value, met in target_rows(dates, money)
    ]
    if baseline is not None:
        lines += [
            "",
            "## Dates: ours and dateparser's `search_dates` on the same gold",
            "",
            "`search_dates(sentence, languages=['bg'], settings={'RELATIVE_BASE': <publication "
            "day>})` on the same sentences. Its value is right when the gold is a calendar date "
            "that dateparser's date begins with (the right year is enough for a year); it gives "
            "no durations, sets, weeks, seasons or vague values, which count as wrong. The last "
            "row divides the right values by all gold mentions, so it also counts what was "
            "missed.",
            "",
            "| measure | ours | dateparser |",
            "|---|---:|---:|",
            *(f"| {name} | {a} | {b} |" for name, a, b in baseline_rows(dates, baseline)),
        ]
    lines += [
        "",
        "## Per article",
        "",
        "| file | dates gold | found | matched | values ok | money gold | found | matched "
        "| values ok |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        d, m = s.dates, s.money
        lines.append(
            f"| {s.file} | {d.gold} | {d.found} | {d.matched} | {d.value_ok} "
            f"| {m.gold} | {m.found} | {m.matched} | {m.value_ok} |"
        )
    lines += error_table("## Remaining errors", scores)
    return "\n".join(lines) + "\n"


def error_table(heading: str, scores: Sequence[ArticleScore]) -> list[str]:
    """Every error of the scored articles as a markdown table under `heading (count)`."""
    errors = [e for s in scores for e in s.errors]
    lines = ["", f"{heading} ({len(errors)})", ""]
    if not errors:
        return [*lines, "None."]
    return [
        *lines,
        "| file | type | error | span | expected | found |",
        "|---|---|---|---|---|---|",
        *(
            f"| {e.file} | {e.type} | {e.what} | {_escape(e.text)} | {_escape(e.expected)} "
            f"| {_escape(e.found)} |"
            for e in errors
        ),
    ]


# the parts of the contemporary sample (its README; their file numbers are
# `CONTEMPORARY_NUMBERS`): heading, description
CONTEMPORARY_PARTS: dict[str, tuple[str, str]] = {
    "dev": (
        "Contemporary sample (development set)",
        "{n} short articles (c01-c25) written for this project in the style of Bulgarian news "
        "of 2024-2026 (euro changeover, prices in two currencies, deadlines by the hour), "
        "annotated before the extractors ran on them (`benchmarks/contemporary/README.md`). ",
    ),
    "held": (
        "Contemporary held-out sample (never tuned on)",
        "{n} more short articles (c26-c40) in the same style, written after the rules were "
        "tuned on the development sets and annotated before the extractors ran on them; their "
        "errors are not listed (`benchmarks/contemporary/README.md`). ",
    ),
    "dev2": (
        "Contemporary second development sample (c41-c55)",
        "{n} more short articles (c41-c55) written later to generalise the date and money "
        "rules past the first development sample (date ranges, deadlines by the hour, parts "
        "of periods, quarters and half-years, weekdays, relative words, school years and "
        "seasons, euro and leva amounts, ranges, per-unit prices), dates and money annotated "
        "before the extractors ran on them; the rules were then tuned on them, so they are a "
        "development set (`benchmarks/contemporary/README.md`). ",
    ),
    "held2": (
        "Contemporary second held-out sample (c56-c70, never tuned on)",
        "{n} more short articles (c56-c70) written after the first held-out part had been "
        "scored several times, on new topics, annotated before the extractors ran on them; "
        "their errors are not listed (`benchmarks/contemporary/README.md`). ",
    ),
}


def render_sample_section(
    scores: Sequence[ArticleScore], dates: Tally, money: Tally, part: str = "dev"
) -> str:
    """A contemporary part's section of the report: summary, and every error of the
    development parts (none of the held-out parts, which nobody may tune rules on)."""
    heading, description = CONTEMPORARY_PARTS[part]
    lines = [
        f"## {heading}",
        "",
        description.format(n=len(scores)) + "Scored exactly as the corpus sample above.",
        "",
        "| measure | dates | money |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {d} | {m} |" for name, d, m in summary_rows(dates, money)]
    if part not in HELD_OUT_PARTS:
        lines += error_table(f"### {heading.split(' (')[0]}: errors", scores)
    return "\n".join(lines) + "\n"


def score_sample(
    annotations: Path,
    articles: Path,
    extract: Callable[[Path], dict[str, Any]],
    part: str | None = None,
) -> tuple[list[ArticleScore], Tally, Tally]:
    """Score every file of `annotations`, or with `part` only the contemporary files of that
    part (`CONTEMPORARY_PARTS`)."""
    files = [
        p for p in annotation_files(annotations) if part is None or contemporary_part(p) == part
    ]
    scores = [score_article(path, extract, articles) for path in files]
    dates, money = Tally(), Tally()
    for s in scores:
        dates.add(s.dates)
        money.add(s.money)
    return scores, dates, money


def render_text(
    scores: Sequence[ArticleScore], dates: Tally, money: Tally, errors: bool = True
) -> str:
    lines = [f"Annotated articles: {len(scores)}", "", f"{'measure':32} {'dates':>8} {'money':>8}"]
    lines += [f"{name:32} {d:>8} {m:>8}" for name, d, m in summary_rows(dates, money)]
    lines.append("")
    lines += [
        f"target {name:24} {goal:.2f}  achieved {value:.3f}  {'met' if met else 'NOT met'}"
        for name, goal, value, met in target_rows(dates, money)
    ]
    if not errors:  # a held-out part: its figures only, not even the kinds of its errors
        return "\n".join(lines)
    found = [e for s in scores for e in s.errors]
    counts: dict[str, int] = {}
    for e in found:
        counts[f"{e.type} {e.what}"] = counts.get(f"{e.type} {e.what}", 0) + 1
    lines += ["", f"Errors: {len(found)} " + str(dict(sorted(counts.items())))]
    return "\n".join(lines)


# --- the dateparser baseline ----------------------------------------------------------------

_CALENDAR_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def dateparser_value_ok(gold: dict[str, Any], found: dict[str, Any]) -> bool:
    """A calendar-date gold value that dateparser's date begins with (`2019` ⊂ `2019-03-05`)."""
    value = str(gold["value"])
    return (
        gold["kind"] == "date"
        and _CALENDAR_VALUE.fullmatch(value) is not None
        and str(found.get("value", "")).startswith(value)
    )


def dateparser_extract(path: Path) -> dict[str, Any]:
    """What `search_dates` finds in one article, in the shape of `extract_file`'s dates."""
    import datetime as dt

    from dateparser.search import search_dates

    from pipeline.extract.article import read_article
    from pipeline.extract.sentences import split_sentences

    article = read_article(path)
    base = dt.datetime.combine(article.reference.day, dt.time())
    dates: list[dict[str, Any]] = []
    for sentence in split_sentences(article.body, article.paragraphs):
        found = search_dates(sentence.text, languages=["bg"], settings={"RELATIVE_BASE": base})
        at = 0
        for text, when in found or []:
            start = sentence.text.find(text, at)
            if start < 0:
                continue
            at = start + len(text)
            dates.append(
                {
                    "start": sentence.start + start,
                    "end": sentence.start + at,
                    "text": text,
                    "kind": "date",
                    "value": when.date().isoformat(),
                }
            )
    return {"body": article.body, "dates": dates, "amounts": []}


def score_dateparser(files: Sequence[Path], articles: Path = ARTICLES) -> Tally:
    total = Tally()
    for annotation in files:
        result = dateparser_extract(articles / f"{annotation.stem}.txt")
        gold = [g for g in load_gold(annotation, str(result["body"])) if g.type == "date"]
        tally, _ = score_type(
            annotation.name, "date", gold, result["dates"], dateparser_value_ok, describe_date
        )
        total.add(tally)
    return total


def baseline_rows(ours: Tally, theirs: Tally) -> list[tuple[str, str, str]]:
    """Ours and dateparser's on the same date gold; values right counted over all gold."""
    return [
        ("found mentions", str(ours.found), str(theirs.found)),
        ("matched (span overlap)", str(ours.matched), str(theirs.matched)),
        ("precision", _pct(ours.precision), _pct(theirs.precision)),
        ("recall", _pct(ours.recall), _pct(theirs.recall)),
        ("F1", _pct(ours.f1), _pct(theirs.f1)),
        (
            "values right / gold mentions",
            _pct(ours.value_ok / ours.gold),
            _pct(theirs.value_ok / theirs.gold),
        ),
    ]


def load_extractor() -> Callable[[Path], dict[str, Any]] | None:
    try:
        from pipeline.extract.document import extract_file
    except ImportError as exc:
        print(f"The extraction API is not available ({exc}); only the annotations were checked.")
        return None
    return extract_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only validate the annotations")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    parser.add_argument(
        "--no-held-out",
        action="store_true",
        help="do not score the held-out parts (while tuning rules); implies --no-write",
    )
    args = parser.parse_args(argv)
    if args.no_held_out:
        args.no_write = True
    if not ARTICLES.is_dir():
        print(
            f"No shared corpus at ../shared/corpus/articles beside the repository: nothing to "
            f"score ({REGENERATE} needs it)."
        )
        return 0
    files = annotation_files()
    problems = [p for path in files for p in check_annotation_file(path)]
    problems += [
        p
        for path in annotation_files(CONTEMPORARY / "annotations")
        for p in check_annotation_file(path, CONTEMPORARY / "articles")
    ]
    for problem in problems:
        print(f"annotation problem: {problem}")
    if problems:
        return 1
    if args.check:
        print(f"{len(files)} annotation files are valid.")
        return 0
    extract = load_extractor()
    if extract is None:
        return 1
    scores, dates, money = score_sample(ANNOTATIONS, ARTICLES, extract)
    print(render_text(scores, dates, money))
    parts = {
        part: score_sample(CONTEMPORARY / "annotations", CONTEMPORARY / "articles", extract, part)
        for part in CONTEMPORARY_PARTS
        if part not in HELD_OUT_PARTS or not args.no_held_out
    }
    for part, scored in parts.items():
        print(f"\n{CONTEMPORARY_PARTS[part][0]}:")
        print(render_text(*scored, errors=part not in HELD_OUT_PARTS))
    baseline = score_dateparser(files)
    print("\ndates, ours and dateparser search_dates:")
    for name, ours, theirs in baseline_rows(dates, baseline):
        print(f"  {name:32} {ours:>8} {theirs:>8}")
    if not args.no_write:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        report = render_markdown(scores, dates, money, baseline)
        for part in ("dev", "dev2", "held", "held2"):
            report += "\n" + render_sample_section(*parts[part], part=part)
        events = events_section()
        if events is not None:
            report += "\n" + events
        REPORT.write_text(report, encoding="utf-8")
        print(f"\nWrote {REPORT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
