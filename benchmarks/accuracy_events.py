"""Score the event extractor against the hand-annotated events of corpus articles.

Gold: `benchmarks/annotations/events/<stem>.jsonl`, one line per article in the format of
`../shared/guidelines/EVENTS.md` (see that folder's README). A gold event is found when a main
event (`is_main`) of the extractor lies in the sentence the gold one names (the sentence
containing the gold sentence's first character); one-to-one, in reading order. Of the found
ones: the date is right when `date_value` is the gold date or one of its `date_also`; the type
when it is the gold type or one of `type_also`; the modality when equal; actors are scored as
names (precision and recall of the names over the found events; two names match when they are
equal, forms of one gazetteer entry, or share their last word: `Барние` and `Мишел Барние`).

Run:  .venv/bin/python -m benchmarks.accuracy_events   (prints; `benchmarks.accuracy` puts the
      same section into docs/accuracy.md)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.paths import ARTICLES, REPO
from pipeline.extract.events import EVENT_TYPES
from pipeline.extract.events import MODALITIES as EVENT_MODALITIES

GOLD_DIR = REPO / "benchmarks" / "annotations" / "events"
CONTEMPORARY = REPO / "benchmarks" / "contemporary"
# the parts of the contemporary sample by file number (its README): c01-c25 development,
# c26-c40 held-out, c41-c55 second development part (dates and money only), c56-c70 second
# held-out part; nobody may tune rules on a held-out part
CONTEMPORARY_NUMBERS: dict[str, range] = {
    "dev": range(1, 26),
    "held": range(26, 41),
    "dev2": range(41, 56),
    "held2": range(56, 71),
}
HELD_OUT_PARTS = frozenset({"held", "held2"})
# (name, gold folder, article folder, part) of each annotated sample; part None = every file
# of the folder, else only the contemporary files of that part (`CONTEMPORARY_NUMBERS`)
SAMPLES: tuple[tuple[str, Path, Path, str | None], ...] = (
    ("corpus", GOLD_DIR, ARTICLES, None),
    ("contemporary", CONTEMPORARY / "events", CONTEMPORARY / "articles", "dev"),
    ("contemporary held-out", CONTEMPORARY / "events", CONTEMPORARY / "articles", "held"),
    ("contemporary held-out 2", CONTEMPORARY / "events", CONTEMPORARY / "articles", "held2"),
)
TYPES = frozenset(EVENT_TYPES)
MODALITIES = frozenset(EVENT_MODALITIES)
# the targets on held-out text; on this development set they are a yardstick
TARGETS = {
    "events found": 0.90,
    "precision": 0.85,
    "event date": 0.85,
    "type": 0.75,
    "modality": 0.85,
    "actors (F1)": 0.80,
}


def contemporary_part(path: Path) -> str:
    """Which part of the contemporary sample a file `cNN_<topic>` is in."""
    number = int(path.name[1:3])
    for name, numbers in CONTEMPORARY_NUMBERS.items():
        if number in numbers:
            return name
    raise ValueError(f"{path.name}: c{number:02d} is in no part of the contemporary sample")


def held_out(path: Path) -> bool:
    """Whether a contemporary file (`cNN_<topic>`) is of a held-out part."""
    return contemporary_part(path) in HELD_OUT_PARTS


def gold_files(gold_dir: Path = GOLD_DIR, part: str | None = None) -> list[Path]:
    files = sorted(gold_dir.glob("*.jsonl"))
    return files if part is None else [p for p in files if contemporary_part(p) == part]


def _nth(body: str, text: str, occurrence: int) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = body.find(text, position + 1)
        if position < 0:
            return -1
    return position


def check_gold_file(path: Path, articles: Path = ARTICLES) -> list[str]:
    """Problems of one gold file: format, vocabularies, sentences and triggers in the body."""
    problems: list[str] = []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) != 1:
        return [f"{path.name}: one line per article file, found {len(lines)}"]
    data = json.loads(lines[0])
    article = articles / data["file"]
    if not article.exists():
        return [f"{path.name}: no article {data['file']}"]
    body = _body(article)
    for i, event in enumerate(data["events"]):
        where = f"{path.name} event {i}"
        start = _nth(body, event["sentence"], event["occurrence"])
        if start < 0:
            problems.append(f"{where}: sentence not in the body")
            continue
        if event["trigger"] not in body[start : start + 800]:
            problems.append(f"{where}: trigger {event['trigger']!r} not after the sentence")
        if event["type"] not in TYPES or not set(event["type_also"]) <= TYPES:
            problems.append(f"{where}: unknown type")
        if event["modality"] not in MODALITIES:
            problems.append(f"{where}: unknown modality")
    return problems


def _body(article: Path) -> str:
    from pipeline.extract.article import read_article

    return read_article(article).body


@dataclass
class EventTally:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    predicted_matched: int = 0
    date_ok: int = 0
    type_ok: int = 0
    modality_ok: int = 0
    actor_tp: int = 0
    actor_gold: int = 0
    actor_predicted: int = 0
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, other: EventTally) -> None:
        for name in (
            "gold", "predicted", "found", "predicted_matched", "date_ok", "type_ok",
            "modality_ok", "actor_tp", "actor_gold", "actor_predicted",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.confusion.update(other.confusion)

    def measures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        p = ratio(self.actor_tp, self.actor_predicted)
        r = ratio(self.actor_tp, self.actor_gold)
        return {
            "events found": ratio(self.found, self.gold),
            "precision": ratio(self.predicted_matched, self.predicted),
            "event date": ratio(self.date_ok, self.found),
            "type": ratio(self.type_ok, self.found),
            "modality": ratio(self.modality_ok, self.found),
            "actors (F1)": 2 * p * r / (p + r) if p + r else 0.0,
        }


def score_file(path: Path, articles: Path = ARTICLES) -> EventTally:
    from pipeline.extract.document import extract_file

    data = json.loads(path.read_text(encoding="utf-8"))
    result: dict[str, Any] = extract_file(articles / data["file"])
    body: str = result["body"]
    predicted = [e for e in result["events"] if e["is_main"]]
    tally = EventTally(gold=len(data["events"]), predicted=len(predicted))
    used: set[int] = set()
    matched_predictions: set[int] = set()
    for gold in data["events"]:
        start = _nth(body, gold["sentence"], gold["occurrence"])
        candidates = [
            i for i, e in enumerate(predicted) if e["start"] <= start < e["end"] and i not in used
        ]
        label = gold["sentence"][:40]
        if not candidates:
            tally.errors.append((data["file"], "missed", label, gold["type"], ""))
            continue
        i = candidates[0]
        used.add(i)
        matched_predictions.add(i)
        event = predicted[i]
        tally.found += 1
        _compare(tally, data["file"], label, gold, event)
    tally.predicted_matched = len(matched_predictions)
    for i, event in enumerate(predicted):
        if i not in matched_predictions:
            tally.errors.append(
                (data["file"], "not an event", event["text"][:40], "", event["event_type"])
            )
    return tally


def _compare(
    tally: EventTally, file: str, label: str, gold: dict[str, Any], event: dict[str, Any]
) -> None:
    if event["date_value"] in {gold["date"], *gold["date_also"]}:
        tally.date_ok += 1
    else:
        tally.errors.append((file, "date", label, gold["date"], event["date_value"]))
    if event["event_type"] in {gold["type"], *gold["type_also"]}:
        tally.type_ok += 1
    else:
        tally.errors.append((file, "type", label, gold["type"], event["event_type"]))
        tally.confusion[(gold["type"], event["event_type"])] += 1
    if event["modality"] == gold["modality"]:
        tally.modality_ok += 1
    else:
        tally.errors.append((file, "modality", label, gold["modality"], event["modality"]))
    gold_actors, found_actors = set(gold["actors"]), set(event["actors"])
    tally.actor_gold += len(gold_actors)
    tally.actor_predicted += len(found_actors)
    same = sum(1 for g in gold_actors if any(same_name(g, f) for f in found_actors))
    tally.actor_tp += same
    if same != len(gold_actors) or len(found_actors) != len(gold_actors):
        tally.errors.append(
            (file, "actors", label, ", ".join(sorted(gold_actors)), ", ".join(sorted(found_actors)))
        )


_DEFINITE = ("ът", "ят", "та", "то", "те", "а", "я")


def _head(name: str) -> str:
    """The last word of a name without its definite article (`правителството` → `правителств`)."""
    word = name.lower().split()[-1] if name.split() else ""
    for ending in _DEFINITE:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            return word[: -len(ending)]
    return word


@cache
def _canonical() -> dict[str, str]:
    from pipeline.extract.lexicon import load_table

    forms: dict[str, str] = {}
    for table in ("entities_places", "entities_actors"):
        for row in load_table(table):
            forms.setdefault(row["form"], row["name_bg"])
    return forms


def same_name(gold: str, found: str) -> bool:
    """Two names of one actor: equal, one gazetteer entry (`Холандия`, `Нидерландия`), or the
    same last word (`Барние`, `Мишел Барние`; `правителството`, `британското правителство`)."""
    canonical = _canonical()
    if canonical.get(gold, gold) == canonical.get(found, found):
        return True
    return bool(gold and found) and _head(gold) == _head(found)


def score_all(
    files: Sequence[Path], articles: Path = ARTICLES
) -> tuple[list[tuple[str, EventTally]], EventTally]:
    per_file = [(path.stem, score_file(path, articles)) for path in files]
    total = EventTally()
    for _, tally in per_file:
        total.add(tally)
    return per_file, total


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


INTRO = {
    "corpus": "{n} corpus articles with {gold} events, annotated by "
    "`../shared/guidelines/EVENTS.md` before the extractor was run on them "
    "(`benchmarks/annotations/events/`).",
    "contemporary": "the {n} development articles (c01-c25) of the contemporary sample with "
    "{gold} events, annotated the same way (`benchmarks/contemporary/events/`).",
    "contemporary held-out": "the {n} held-out articles (c26-c40) of the contemporary sample "
    "with {gold} events, annotated the same way before any extractor ran on them and written "
    "after the rules were tuned on the development sets (`benchmarks/contemporary/README.md`).",
    "contemporary held-out 2": "the {n} articles of the second held-out part (c56-c70) of the "
    "contemporary sample with {gold} events, written and annotated the same way after the "
    "first held-out part had been scored several times (`benchmarks/contemporary/README.md`).",
}


def render_section(
    per_file: Sequence[tuple[str, EventTally]], total: EventTally, sample: str = "corpus"
) -> str:
    measures = total.measures()
    held = "held-out" in sample
    lines = [
        f"## Events: {sample} sample" + (" (never tuned on)" if held else " (development set)"),
        "",
        "Gold: " + INTRO[sample].format(n=len(per_file), gold=total.gold) + " The extractor "
        "was built on the seed article, the guideline and general news usage; "
        + (
            "no rule may be changed because of this sample, so its errors are not listed. "
            if held
            else "rules changed while reading these error lists make both samples development "
            "sets. "
        )
        + "A gold event is found when a main event lies in its sentence; date, type, modality "
        "and actors are scored on the found ones (see `benchmarks/accuracy_events.py`).",
        "",
        "| measure | achieved | target on held-out text |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {measures[name]:.3f} | {goal:.2f} |" for name, goal in TARGETS.items()]
    lines += [
        "",
        f"Events: {total.gold} gold, {total.predicted} found by the extractor, "
        f"{total.found} gold events found.",
        "",
        "| file | gold | predicted | found | date ok | type ok | modality ok |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {t.gold} | {t.predicted} | {t.found} | {t.date_ok} | {t.type_ok} "
        f"| {t.modality_ok} |"
        for name, t in per_file
    ]
    if held:
        return "\n".join(lines) + "\n"
    if total.confusion:
        lines += ["", "Types confused most (gold → found):", ""]
        lines += [
            f"- {gold} → {found}: {n}" for (gold, found), n in total.confusion.most_common(10)
        ]
    lines += [
        "",
        f"### Event errors, {sample} sample ({len(total.errors)})",
        "",
        "| file | error | sentence | gold | found |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {file} | {what} | {_cell(label)} | {_cell(gold)} | {_cell(found)} |"
        for file, what, label, gold, found in total.errors
    ]
    return "\n".join(lines) + "\n"


def events_section() -> str | None:
    """The events sections of docs/accuracy.md, or None without the corpus."""
    if not ARTICLES.is_dir():
        return None
    sections = []
    for name, gold_dir, articles, part in SAMPLES:
        per_file, total = score_all(gold_files(gold_dir, part), articles)
        sections.append(render_section(per_file, total, name))
    return "\n".join(sections)


def main() -> int:
    if not ARTICLES.is_dir():
        print("No shared corpus at ../shared/corpus/articles: nothing to score.")
        return 0
    problems = [
        p
        for _, gold_dir, articles, part in SAMPLES
        for path in gold_files(gold_dir, part)
        for p in check_gold_file(path, articles)
    ]
    for problem in problems:
        print(f"annotation problem: {problem}")
    if problems:
        return 1
    for name, gold_dir, articles, part in SAMPLES:
        _, total = score_all(gold_files(gold_dir, part), articles)
        print(f"{name} sample:")
        for measure, value in total.measures().items():
            print(f"  {measure:16} {value:.3f}")
        print(f"  gold {total.gold}, predicted {total.predicted}, found {total.found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
