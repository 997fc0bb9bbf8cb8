"""Speed of the date extractor against dateparser's `search_dates` on the shared corpus.

Both run over the same sentences: every article of `../shared/corpus/articles/` (beside the
repository) is read with `read_article` and split with `split_sentences`; our
`find_dates(sentence, article.reference)` and `dateparser.search.search_dates(sentence,
languages=['bg'], settings={'RELATIVE_BASE': <publication day at midnight>})` each run over all
of them once to warm up (imports, language data, lexicons) and then `--repeat` times. The report
gives the median characters per second of each, the ratio ours / dateparser, and how many
expressions each found. Ours is timed three ways: "cold" (every `functools` cache of
the modules of `pipeline.extract.dates` and of `pipeline.extract.numerals` cleared), "new text"
(only the cache whose keys come from a text's own dates cleared, `PER_TEXT_CACHES`: the
day ranges of values; the caches of lexicon forms and rule plans kept full, as in a long run
over new articles) and "warm" (every cache
kept). The headline ratio is the cold one (issue 13: every cache of ours empty); the new-text
one is what a long-running pipeline sees. dateparser keeps its own caches throughout (its
per-language data is loaded once per process in normal use too). The machine's load average
before and after the timed rounds is reported beside the figures: on a shared machine only the
ratios of side-by-side rounds are comparable between runs.

It also lines up what each finds in the founding seed article (`seeds/`), whose issue says
that `search_dates` misses `13 ноември` and `следващата година`, puts `23 февруари` in the
wrong year and reads a date in the amount `1,35`.

Run:  .venv/bin/python -m benchmarks.bench_dates              (print and write docs/benchmarks.md)
      .venv/bin/python -m benchmarks.bench_dates --profile    (also profile find_dates)
      .venv/bin/python -m benchmarks.bench_dates --single ours (one whole-process pass, to
      time from outside against `--single dateparser`, e.g. with /usr/bin/time or hyperfine)
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import importlib.metadata
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.paths import ARTICLES, REPO
from pipeline.extract.article import read_article
from pipeline.extract.mentions import Reference
from pipeline.extract.sentences import split_sentences

SEED = REPO / "seeds" / "000_258619d2f2043b2c.txt"
REPORT = REPO / "docs" / "benchmarks.md"
REGENERATE = ".venv/bin/python -m benchmarks.bench_dates"
TARGET_RATIO = 30.0
CACHED_MODULES = (
    *(f"pipeline.extract.dates.{name}" for name in ("lexicons", "handlers", "prefilter", "engine")),
    "pipeline.extract.numerals",
)
# caches keyed by a text's own dates, empty for every new article of a long run
PER_TEXT_CACHES = ("engine._cached_value_range",)
# said under the ratio when a run misses the target: where the rest of the time goes (measured
# with instruction counts, which the machine's load does not move)
MISSED = (
    " The cold pass costs a few per cent more than the warm one (refilling the rule plans is"
    " most of it); the rest is the work itself: the scans of the rule regexes (about a third of"
    " a pass's instructions), the prefilter's word and digit scan (about a quarter), then the"
    " handlers, merging and linking. Python's `re` jumps to the characters a regex can open"
    " with, but tries a regex that opens with a look-back (`duration`, `day_month`,"
    " `bare_month`) at every position; as a regex's named groups cannot be repeated, such a"
    " rule has to be split into rules that each open with their first characters (as the"
    " word-start tries of the other rules do) to get that jump: the next step."
)
# What the seed's issue says about search_dates, checked against both extractors.
SEED_CHECKS = ("13 ноември", "следващата година", "23 февруари", "1,35")


@dataclass(frozen=True, slots=True)
class Sample:
    """One sentence and the reference date of its article."""

    text: str
    reference: Reference


@dataclass(frozen=True, slots=True)
class Timing:
    label: str
    seconds: list[float]
    chars: int
    found: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.median if self.median > 0 else float("inf")


@dataclass(frozen=True, slots=True)
class Found:
    """One expression found in the seed: span in the body, text and value."""

    start: int
    end: int
    text: str
    value: str


def load_samples(folder: Path) -> list[Sample]:
    samples: list[Sample] = []
    for path in sorted(folder.glob("*.txt")):
        article = read_article(path)
        for sentence in split_sentences(article.body, article.paragraphs):
            samples.append(Sample(sentence.text, article.reference))
    return samples


def relative_base(reference: Reference) -> dt.datetime:
    """dateparser's RELATIVE_BASE: the publication day (first of the month) at midnight."""
    return dt.datetime.combine(reference.day, dt.time())


def our_finder() -> Callable[[str, Reference], list[Any]]:
    from pipeline.extract.dates import find_dates

    return find_dates


def dateparser_finder() -> Callable[[str, Reference], list[tuple[str, dt.datetime]]]:
    from dateparser.search import search_dates

    def run(text: str, reference: Reference) -> list[tuple[str, dt.datetime]]:
        settings = {"RELATIVE_BASE": relative_base(reference)}
        return search_dates(text, languages=["bg"], settings=settings) or []

    return run


def our_caches() -> list[tuple[str, Any]]:
    """The functools caches (anything with `cache_clear`) of the date extractor's modules."""
    caches: list[tuple[str, Any]] = []
    seen: set[int] = set()
    for name in CACHED_MODULES:
        module = sys.modules.get(name)
        if not isinstance(module, ModuleType):
            continue
        for attribute, value in vars(module).items():
            if callable(getattr(value, "cache_clear", None)) and id(value) not in seen:
                seen.add(id(value))
                caches.append((f"{name.rsplit('.', 1)[1]}.{attribute}", value))
    return caches


def clear_caches(caches: Sequence[tuple[str, Any]]) -> None:
    for _, cached in caches:
        cached.cache_clear()


def one_pass(finder: Callable[[str, Reference], Sequence[Any]], samples: Sequence[Sample]) -> int:
    return sum(len(finder(sample.text, sample.reference)) for sample in samples)


def _timed(finder: Callable[[str, Reference], Sequence[Any]], samples: Sequence[Sample]) -> float:
    """Seconds of one pass, garbage collection off while timing."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        one_pass(finder, samples)
        return time.perf_counter() - start
    finally:
        gc.enable()


def time_rounds(
    ours: Callable[[str, Reference], Sequence[Any]],
    theirs: Callable[[str, Reference], Sequence[Any]],
    samples: Sequence[Sample],
    repeat: int,
    caches: Sequence[tuple[str, Any]],
) -> tuple[Timing, Timing, Timing, Timing]:
    """`repeat` rounds of four passes: ours after clearing all its caches (cold); ours after
    clearing only the per-text caches (new text); ours with every cache kept (warm);
    dateparser. Interleaving makes a drift of the machine's speed hit all of them alike, so
    the ratios are taken round by round."""
    per_text = [(name, cache) for name, cache in caches if name in PER_TEXT_CACHES]
    cold: list[float] = []
    new_text: list[float] = []
    warm: list[float] = []
    dateparser: list[float] = []
    for _ in range(repeat):
        clear_caches(caches)
        cold.append(_timed(ours, samples))
        clear_caches(per_text)
        new_text.append(_timed(ours, samples))
        warm.append(_timed(ours, samples))
        dateparser.append(_timed(theirs, samples))
    chars = sum(len(s.text) for s in samples)
    found_ours, found_theirs = one_pass(ours, samples), one_pass(theirs, samples)
    return (
        Timing("ours (cold caches)", cold, chars, found_ours),
        Timing("ours (new text)", new_text, chars, found_ours),
        Timing("ours (warm caches)", warm, chars, found_ours),
        Timing("dateparser search_dates", dateparser, chars, found_theirs),
    )


def count_by_kind(finder: Callable[[str, Reference], list[Any]], samples: Sequence[Sample]) -> str:
    kinds = Counter(m.kind for s in samples for m in finder(s.text, s.reference))
    return ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())


# --- the seed, side by side -----------------------------------------------------------------


def _dateparser_value(value: dt.datetime) -> str:
    if value.time() == dt.time():
        return value.date().isoformat()
    return value.isoformat(timespec="minutes")


def seed_findings() -> tuple[Reference, str, list[Found], list[Found]]:
    """What each extractor finds in the seed article, with spans in the article body."""
    article = read_article(SEED)
    find_dates, search = our_finder(), dateparser_finder()
    ours: list[Found] = []
    theirs: list[Found] = []
    for sentence in split_sentences(article.body, article.paragraphs):
        for mention in find_dates(sentence.text, article.reference):
            ours.append(
                Found(
                    sentence.start + mention.start,
                    sentence.start + mention.end,
                    mention.text,
                    mention.value,
                )
            )
        position = 0
        for text, value in search(sentence.text, article.reference):
            at = sentence.text.find(text, position)
            if at < 0:
                at = sentence.text.find(text)
            start = sentence.start + max(at, 0)
            theirs.append(Found(start, start + len(text), text, _dateparser_value(value)))
            position = max(at, 0) + len(text)
    return article.reference, article.body, ours, theirs


def _overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def side_by_side(ours: list[Found], theirs: list[Found]) -> list[tuple[Found | None, Found | None]]:
    """Rows in text order; a row pairs one of ours with one of dateparser's when they overlap."""
    rows: list[tuple[Found | None, Found | None]] = []
    unpaired = list(theirs)
    for mine in ours:
        partner = next((t for t in unpaired if _overlaps(mine, t)), None)
        if partner is not None:
            unpaired.remove(partner)
        rows.append((mine, partner))
    rows += [(None, t) for t in unpaired]
    rows.sort(key=lambda row: min(f.start for f in row if f is not None))
    return rows


def _covering(found: list[Found], start: int, end: int) -> str:
    hits = [f for f in found if f.start < end and start < f.end]
    if not hits:
        return "not found"
    return "; ".join(f"`{f.text}` → {f.value}" for f in hits)


def seed_checks(body: str, ours: list[Found], theirs: list[Found]) -> list[tuple[str, str, str]]:
    checks: list[tuple[str, str, str]] = []
    for phrase in SEED_CHECKS:
        at = body.find(phrase)
        if at < 0:
            checks.append((phrase, "not in the seed", "not in the seed"))
            continue
        end = at + len(phrase)
        checks.append((phrase, _covering(ours, at, end), _covering(theirs, at, end)))
    return checks


# --- the report -----------------------------------------------------------------------------


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def environment() -> list[tuple[str, str]]:
    return [
        ("CPU cores (os.cpu_count)", str(os.cpu_count())),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Platform", f"{platform.system()} {platform.machine()}"),
        ("bg-news-timeline", _version("bg-news-timeline")),
        ("dateparser", _version("dateparser")),
        ("regex (dateparser's)", _version("regex")),
        ("python-dateutil", _version("python-dateutil")),
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fmt_load(load: float | None) -> str:
    return "unknown" if load is None else f"{load:.2f}"


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def _fmt_rate(chars_per_second: float) -> str:
    return f"{chars_per_second:,.0f}"


@dataclass(frozen=True, slots=True)
class Results:
    articles: int
    samples: int
    chars: int
    repeat: int
    ours_cold: Timing
    ours_new: Timing
    ours_warm: Timing
    theirs: Timing
    caches: list[str]
    kinds: str
    seed_reference: Reference
    seed_rows: list[tuple[Found | None, Found | None]]
    seed_checks: list[tuple[str, str, str]]
    hot_spots: list[str]
    whole: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    # the 1-minute load average before and after the timed rounds (None where unknown)
    load: tuple[float | None, float | None] = (None, None)

    @property
    def whole_ratio(self) -> float:
        """Median of dateparser / ours over the paired whole-process runs."""
        return statistics.median(theirs / ours for ours, theirs in self.whole)

    def _ratio(self, ours: Timing) -> float:
        """Median over the rounds of dateparser's pass time / ours."""
        pairs = zip(self.theirs.seconds, ours.seconds, strict=True)
        return statistics.median(t / o for t, o in pairs)

    @property
    def ratio(self) -> float:
        """The headline: cold (every cache of ours empty)."""
        return self._ratio(self.ours_cold)

    @property
    def new_text_ratio(self) -> float:
        """New text (a long run over new articles)."""
        return self._ratio(self.ours_new)

    @property
    def warm_ratio(self) -> float:
        return self._ratio(self.ours_warm)


def timing_rows(results: Results) -> list[tuple[str, str, str, str]]:
    rows = []
    for timing in (results.ours_cold, results.ours_new, results.ours_warm, results.theirs):
        runs = ", ".join(f"{s:.3f}" for s in timing.seconds)
        seconds = f"{timing.median:.3f} ({runs})"
        rate = _fmt_rate(timing.chars_per_second)
        rows.append((timing.label, seconds, rate, str(timing.found)))
    return rows


def render_markdown(results: Results) -> str:
    verdict = "meets" if results.ratio >= TARGET_RATIO else "does NOT meet"
    lines = [
        "# Benchmark: date extraction speed",
        "",
        f"Generated by `{REGENERATE}` on {dt.date.today().isoformat()}; rerun it to",
        "regenerate this page (it needs the shared corpus at `../shared` beside the repository).",
        "",
        "## What is measured",
        f"- The same {results.samples} sentences ({results.chars:,} characters) of the"
        f" {results.articles} articles of the shared corpus, split with `split_sentences`.",
        "- Ours: `find_dates(sentence.text, article.reference)`.",
        "- dateparser: `search_dates(sentence.text, languages=['bg'],"
        " settings={'RELATIVE_BASE': <publication day, midnight>})`.",
        f"- One warm-up pass each, then {results.repeat} rounds of four timed passes (garbage"
        " collector off while timing): ours cold, ours on new text, ours warm, dateparser."
        " The median pass time"
        " gives the characters per second; the ratios are the median of the rounds' ratios.",
        "- Ours *cold*: all its caches are cleared before the pass"
        f" ({', '.join(f'`{c}`' for c in results.caches) or 'no cache found'}). Ours *new"
        f" text*: only the cache keyed by a text's own dates is cleared"
        f" ({', '.join(f'`{c}`' for c in PER_TEXT_CACHES)}: the day ranges of values); the"
        " caches of lexicon forms and rule plans stay"
        " full, as in a long run over new articles. Ours *warm*: every cache kept. The headline"
        " ratio is the cold one. dateparser keeps its own caches throughout.",
        f"- The machine is shared: its 1-minute load average was {_fmt_load(results.load[0])}"
        f" before the timed rounds and {_fmt_load(results.load[1])} after them"
        f" ({os.cpu_count()} cores). Absolute times move with the load; the ratios, taken round"
        " by round, much less.",
        "",
        "## Result",
        "| run | median seconds (all passes) | characters / second | expressions found |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in timing_rows(results)),
        "",
        f"**Ratio ours / dateparser: {results.ratio:.1f}x** cold, every cache of ours empty"
        f" (new text {results.new_text_ratio:.1f}x, warm {results.warm_ratio:.1f}x). The"
        f" project's target for the cold pass is at least {TARGET_RATIO:.0f}x: this run"
        f" {verdict} it.{'' if results.ratio >= TARGET_RATIO else MISSED}",
        "",
        f"Our expressions by kind: {results.kinds}.",
        "",
        "Cold minus warm is what refilling our caches costs: the keys of matched forms, the"
        " rule plan of each set of trigger flags and the day ranges of values. New text pays"
        " the last, as every new article of a long run does; the others are full after the"
        " first few articles. (A complete day-month-year span was once parsed again by"
        " dateparser, about half of what cold paid over warm; the grammar's own reading is"
        " its value now: docs/dates.md, section How it works.)",
        "",
        "The counts are not a quality measure: dateparser returns any substring it can turn into",
        "a datetime (including numbers such as amounts), we return TIMEX3 mentions of every",
        "kind (dates, times, durations, sets). `docs/accuracy.md` scores ours on annotations.",
        "",
        "### Whole process",
        f"`{REGENERATE} --single ours` and `--single dateparser`: a fresh Python process each,"
        " importing the extractor, reading and splitting the corpus and making one pass, with"
        " no warm-up; run in turn, wall seconds:",
        "",
        "| run | ours | dateparser | dateparser / ours |",
        "|---|---|---|---|",
        *(
            f"| {i} | {ours:.2f} | {theirs:.2f} | {theirs / ours:.1f}x |"
            for i, (ours, theirs) in enumerate(results.whole, 1)
        ),
        "",
        (f"Median ratio {results.whole_ratio:.1f}x." if results.whole else "Not run.")
        + " Both pay the interpreter's start and reading the corpus; ours also compiles its"
        " rules, which a long run pays once; it does not import dateparser.",
        "",
        "## The founding seed, side by side",
        f"Reference {results.seed_reference.value} (month precision; dateparser gets"
        f" RELATIVE_BASE {relative_base(results.seed_reference).date().isoformat()}).",
        "",
        "| phrase from the issue | ours | search_dates |",
        "|---|---|---|",
        *(f"| `{p}` | {_cell(o)} | {_cell(t)} |" for p, o, t in results.seed_checks),
        "",
        "Everything either one finds in the seed (rows pair overlapping spans):",
        "",
        "| ours: text | ours: value | search_dates: text | search_dates: value |",
        "|---|---|---|---|",
    ]
    for mine, theirs in results.seed_rows:
        lines.append(
            f"| {_cell(mine.text) if mine else '—'} | {mine.value if mine else '—'} "
            f"| {_cell(theirs.text) if theirs else '—'} | {theirs.value if theirs else '—'} |"
        )
    if results.hot_spots:
        lines += [
            "",
            "## Hot spots of find_dates",
            "cProfile of one cold pass, by own time (regex matching inside `finditer` loops is",
            "booked to the function that iterates), then the time of each rule pattern's scan.",
            "",
            "```",
            *results.hot_spots,
            "```",
        ]
    lines += [
        "",
        "## Environment",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in environment()),
        "",
    ]
    return "\n".join(lines)


def render_text(results: Results) -> str:
    lines = [
        f"{results.samples} sentences, {results.chars:,} characters, {results.articles} articles;"
        f" {results.repeat} timed passes each",
    ]
    for label, seconds, rate, found in timing_rows(results):
        lines.append(f"  {label:<28} {seconds:<40} {rate:>12} chars/s  {found:>5} found")
    lines.append(
        f"ratio ours / dateparser: {results.ratio:.1f}x cold (headline),"
        f" {results.new_text_ratio:.1f}x new text, {results.warm_ratio:.1f}x warm"
        f" (target {TARGET_RATIO:.0f}x cold); load average {_fmt_load(results.load[0])} before,"
        f" {_fmt_load(results.load[1])} after"
    )
    lines.append(f"ours by kind: {results.kinds}")
    if results.whole:
        pairs = ", ".join(f"{o:.2f}/{t:.2f}" for o, t in results.whole)
        lines.append(f"whole process, ours/dateparser seconds: {pairs}; {results.whole_ratio:.1f}x")
    lines.append(f"seed ({results.seed_reference.value}):")
    for phrase, ours, theirs in results.seed_checks:
        lines.append(f"  {phrase!r}: ours {ours} | search_dates {theirs}")
    if results.hot_spots:
        lines.append("hot spots of find_dates (own time):")
        lines += [f"  {line}" for line in results.hot_spots]
    return "\n".join(lines)


def _where(filename: str, line: int, function: str) -> str:
    path = Path(filename)
    try:
        place = str(path.resolve().relative_to(REPO))
    except ValueError:
        place = path.name  # the standard library or a dependency: no machine paths
    return f"{place}:{line}({function})" if line else function


def profile(
    finder: Callable[[str, Reference], Sequence[Any]],
    samples: Sequence[Sample],
    caches: Sequence[tuple[str, Any]],
    top: int = 20,
) -> list[str]:
    """The functions with the most own time in one cold pass of `finder`."""
    clear_caches(caches)
    profiler = cProfile.Profile()
    profiler.enable()
    one_pass(finder, samples)
    profiler.disable()
    stats = pstats.Stats(profiler)
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in table.values()) or 1.0
    rows = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:top]
    lines = [f"{'own s':>7} {'share':>6} {'cum s':>7} {'calls':>9}  function"]
    for (filename, line, function), (_, calls, own, cumulative, _) in rows:
        lines.append(
            f"{own:7.3f} {own / total:6.1%} {cumulative:7.3f} {calls:9d}  "
            f"{_where(filename, line, function)}"
        )
    return lines


def rule_scan_times(samples: Sequence[Sample], top: int = 12) -> list[str]:
    """Time each rule's regex scan over all sentences, when `dates/rules.py` exposes `RULES`
    (objects with `name` and `regex`): cProfile books regex iteration to the caller, so this shows
    which patterns the time goes to. Empty when there is no such table."""
    module = sys.modules.get("pipeline.extract.dates.rules")
    rules = getattr(module, "RULES", None)
    if not isinstance(rules, list | tuple):
        return []
    texts = [sample.text for sample in samples]
    rows: list[tuple[float, str, int]] = []
    for rule in rules:
        regex: Any = getattr(rule, "regex", None)
        if not isinstance(regex, re.Pattern):
            continue
        matches = 0
        start = time.perf_counter()
        for text in texts:
            for _ in regex.finditer(text):
                matches += 1
        rows.append((time.perf_counter() - start, str(getattr(rule, "name", "?")), matches))
    total = sum(row[0] for row in rows) or 1.0
    lines = [f"{len(rows)} rule patterns scan every sentence: {total:.3f} s in all; the slowest:"]
    for seconds, name, matches in sorted(rows, reverse=True)[:top]:
        lines.append(f"{seconds:7.3f} s {seconds / total:6.1%}  {name} ({matches} matches)")
    return lines


def _iter_articles(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.glob("*.txt"))


def whole_process_pairs(repeat: int) -> list[tuple[float, float]]:
    """Wall seconds of `--single ours` and `--single dateparser` as fresh processes, in turn
    (ours, theirs, ours, theirs …) so that a drift of the machine's speed hits both."""
    pairs = []
    for _ in range(repeat):
        pair = []
        for which in ("ours", "dateparser"):
            command = [sys.executable, "-m", "benchmarks.bench_dates", "--single", which]
            start = time.perf_counter()
            subprocess.run(command, cwd=REPO, check=True, capture_output=True)
            pair.append(time.perf_counter() - start)
        pairs.append((pair[0], pair[1]))
    return pairs


def single_pass(which: str) -> int:
    """One pass over the corpus by `which` extractor, imports and data loading included."""
    if not ARTICLES.is_dir():
        print(f"No shared corpus at {ARTICLES}: nothing to run.")
        return 0
    finder = our_finder() if which == "ours" else dateparser_finder()
    samples = load_samples(ARTICLES)
    found = one_pass(finder, samples)
    print(f"{which}: {found} expressions in {len(samples)} sentences")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes of each (default 5)")
    parser.add_argument("--profile", action="store_true", help="profile find_dates (cProfile)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    parser.add_argument(
        "--single",
        choices=("ours", "dateparser"),
        help="one pass of one extractor in this process, no warm-up, and print what it found: "
        "a whole-process run (imports and data loading included) to time from outside",
    )
    args = parser.parse_args(argv)
    if args.single:
        return single_pass(args.single)
    if not ARTICLES.is_dir():
        print(
            "No shared corpus at ../shared/corpus/articles beside the repository: nothing to "
            f"benchmark ({REGENERATE} needs it)."
        )
        return 0
    try:
        find_dates = our_finder()
    except ImportError as exc:
        print(f"The date extractor is not available ({exc}); nothing to benchmark.")
        return 1
    search = dateparser_finder()
    samples = load_samples(ARTICLES)
    caches = our_caches()
    one_pass(find_dates, samples)  # warm up: imports, lexicons, compiled patterns
    one_pass(search, samples)  # warm up: dateparser's language data
    repeat = max(1, args.repeat)
    load_before = _load_average()
    ours_cold, ours_new, ours_warm, theirs = time_rounds(
        find_dates, search, samples, repeat, caches
    )
    load_after = _load_average()
    reference, body, seed_ours, seed_theirs = seed_findings()
    partial = Results(
        articles=len(list(_iter_articles(ARTICLES))),
        samples=len(samples),
        chars=sum(len(s.text) for s in samples),
        repeat=repeat,
        ours_cold=ours_cold,
        ours_new=ours_new,
        ours_warm=ours_warm,
        theirs=theirs,
        caches=[name for name, _ in caches],
        kinds=count_by_kind(find_dates, samples),
        seed_reference=reference,
        seed_rows=side_by_side(seed_ours, seed_theirs),
        seed_checks=seed_checks(body, seed_ours, seed_theirs),
        hot_spots=[],
        load=(load_before, load_after),
    )
    hot_spots: list[str] = []
    if args.profile or partial.ratio < TARGET_RATIO:
        hot_spots = profile(find_dates, samples, caches)
        scans = rule_scan_times(samples)
        if scans:
            hot_spots += ["", *scans]
    results = dataclasses.replace(
        partial, hot_spots=hot_spots, whole=whole_process_pairs(max(3, repeat // 2))
    )
    print(render_text(results))
    if not args.no_write:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(render_markdown(results), encoding="utf-8")
        print(f"\nWrote {REPORT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
