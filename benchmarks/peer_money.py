"""Peer suites for money and numbers: Duckling's Bulgarian corpora and the other peers.

Runs `../shared/peer-suites/money.jsonl` through the `timeline extract --jsonl` command and
`numerals.jsonl` through the numeral parser, prints the pass rate per suite and every failure,
and writes `docs/peer-suites-money.md`. Skips cleanly when the shared folder is absent.

    .venv/bin/python -m benchmarks.peer_money [--no-write]
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from typing import Any

from benchmarks.paths import REPO, SUITES
from benchmarks.peer_cli import extract_articles
from pipeline.extract.numerals import find_numbers, find_ordinals, parse_number, parse_ordinal

REPORT = REPO / "docs" / "peer-suites-money.md"
# Duckling's reference day; money cases need a publication date only for the euro rate.
MONEY_REFERENCE = "2013-02-12"

# Failures we keep on purpose, by suite and text: why the peer's expectation is not ours.
KEPT: dict[tuple[str, str], str] = {}

NOTES = """\
## How the comparison reads the peers

- Peer intervals (`value: null` with `min` and/or `max`) are compared on the bounds the peer
  gives: `под седем евро` is our `under` with value 7, min null, max 7; `над 1.42 долара` is
  `over` with min 1.42, max null; `около 10-20 долара` is our `range` 10..20 (a range wins over
  the `около` before it, as in Duckling).
- Duckling's generic `Dollar`, `Pound` and `Cent` units were mapped to USD, GBP and hundredths
  by the suite's author (SOURCES.md); a bare `цента` here takes the currency of a neighbouring
  dollar or euro amount, else USD, which is what those rows expect.
- Duckling writes dot decimals and comma thousands (`$10,000`, `3.14`). We read a dot that is
  not followed by exactly three digits as a decimal point (`3.14`, `27.00`, `99.99`), two or
  more comma groups as English grouping (`3,000,000`), and one comma group of three digits as
  English grouping only after a prefix symbol or code without a scale word (`$10,000`);
  elsewhere it stays a Bulgarian decimal comma (`2,459 лв.` fuel prices).
- The numeral suite includes Duckling's glued suffixes (`100к`, `3М`, `.0012Г`) and negatives
  (`минус 1200000`, `-1.2М`): `parse_number` reads them; `find_money` ignores the sign (a
  hyphen between figures is a range).
- Humanizer's ordinal forms written apart (`десет хиляден`, `една хилядна`) are not standard
  spelling (one word: `десетхиляден`) but read the same way: cardinal times the scale ordinal.
- These rows were read while the rules were written, and some general rules exist because a
  peer row showed the form (cents without a word at the end of a sentence, `$20 43`; glued
  `к`/`М`/`Г`; `цяло и` decimals). The rate is a regression check, not an independent
  evaluation: the corpus spot checks and `tests/data/money_examples.tsv` are ours.
- Sentence rows (`Той е на 35 години.`) pass when `find_numbers`/`find_ordinals` finds exactly
  one number with the peer's value.
"""


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def compare_money(case: dict[str, Any], found: list[dict[str, Any]]) -> str | None:
    """None when `found` (the `amounts` of `timeline extract`) is exactly the peer's amounts."""
    expected = case["expected"]
    if len(found) != len(expected):
        listed = [(m["text"], m["value"], m["currency"]) for m in found]
        return f"expected {len(expected)} amount(s), found {len(found)}: {listed}"
    for exp, got in zip(expected, found, strict=True):
        text = got["text"]
        if got["currency"] != exp["currency"]:
            return f"currency {got['currency']} != {exp['currency']} ({text!r})"
        if exp.get("value") is not None:
            if not _same(got["value"], float(exp["value"])):
                return f"value {got['value']} != {exp['value']} ({text!r})"
            continue
        # a peer interval: compare the bounds it gives (a missing bound is open)
        low, high = exp.get("min"), exp.get("max")
        if not _same(got["min"], None if low is None else float(low)):
            return f"min {got['min']} != {low} ({text!r}, {got['qualifier']})"
        if not _same(got["max"], None if high is None else float(high)):
            return f"max {got['max']} != {high} ({text!r}, {got['qualifier']})"
    return None


def compare_numeral(case: dict[str, Any]) -> str | None:
    """None when the numeral parser reads the peer's value from `case['text']`."""
    text, expected = case["text"], float(case["expected"])
    value: float | None
    if case.get("kind") == "ordinal":
        whole = parse_ordinal(text)
        if whole is not None:
            value = float(whole)
        else:
            ords = find_ordinals(text)
            if len(ords) != 1:
                return f"expected one ordinal, found {[o.text for o in ords]}"
            value = float(ords[0].value)
    else:
        number = parse_number(text)
        if number is not None:
            value = float(number)
        else:
            nums = find_numbers(text)
            if len(nums) != 1:
                return f"expected one number, found {[n.text for n in nums]}"
            value = float(nums[0].value)
    return None if _same(value, expected) else f"value {value} != {expected}"


def _load(name: str) -> list[dict[str, Any]]:
    with (SUITES / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run() -> tuple[dict[str, list[int]], list[tuple[str, dict[str, Any], str]]]:
    """Per suite [passed, total], and the failures as (file, case, reason)."""
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[tuple[str, dict[str, Any], str]] = []
    cases = _load("money.jsonl")
    articles = [f" date {MONEY_REFERENCE}\n\n{case['text']}\n" for case in cases]
    for case, result in zip(cases, extract_articles(articles, "peer-money-"), strict=True):
        reason = result.get("error") or compare_money(case, result.get("amounts", []))
        _count(scores, "money.jsonl", case, reason, failures)
    for case in _load("numerals.jsonl"):
        _count(scores, "numerals.jsonl", case, compare_numeral(case), failures)
    return dict(scores), failures


def _count(
    scores: dict[str, list[int]],
    file: str,
    case: dict[str, Any],
    reason: str | None,
    failures: list[tuple[str, dict[str, Any], str]],
) -> None:
    for key in (file, f"{file} / {case['suite']}"):
        scores[key][1] += 1
        if reason is None:
            scores[key][0] += 1
    if reason is not None:
        failures.append((file, case, reason))


def report(scores: dict[str, list[int]], failures: list[tuple[str, dict[str, Any], str]]) -> str:
    lines = [
        "# Peer suites: money and numbers",
        "",
        "Generated by `python -m benchmarks.peer_money` from `../shared/peer-suites/`"
        " (see its SOURCES.md). Money cases go through `timeline extract --jsonl`; a case"
        " passes when it finds exactly the peer's amounts (currency, value, or for peer"
        " intervals the bounds the peer gives). Numeral cases go through `parse_number` /"
        " `parse_ordinal` (or `find_numbers` / `find_ordinals` for sentences) and pass on the"
        " exact value.",
        "",
        "| suite | passed | total | rate |",
        "|---|---|---|---|",
    ]
    for key in sorted(scores, key=lambda k: ("/" in k, k)):
        passed, total = scores[key]
        lines.append(f"| {key} | {passed} | {total} | {100 * passed / total:.1f}% |")
    lines += ["", NOTES, "## Failures kept, and why", ""]
    if not failures:
        lines.append("None.")
    for file, case, reason in failures:
        why = KEPT.get((case["suite"], case["text"]), "not explained yet")
        lines.append(f"- `{file}` {case['suite']}: `{case['text']}`: {reason}. {why}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="do not rewrite the report")
    args = parser.parse_args(argv)
    if not SUITES.is_dir():
        print(f"peer suites not found at {SUITES}; skipped")
        return 0
    scores, failures = run()
    for key in sorted(scores, key=lambda k: ("/" in k, k)):
        passed, total = scores[key]
        print(f"{key:55s} {passed:4d}/{total:<4d} {100 * passed / total:6.1f}%")
    for file, case, reason in failures:
        print(f"FAIL {file} {case['suite']}: {case['text']!r}: {reason}")
    if not args.no_write:
        REPORT.write_text(report(scores, failures), encoding="utf-8")
        print(f"wrote {REPORT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
