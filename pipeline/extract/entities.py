"""Actors and places named in a sentence: gazetteer forms, plus persons introduced by a role.

Three tables drive the extractor (all in `lexicons/`):

- `entities_places.tsv`, `entities_actors.tsv`: one row per surface form (`Украйна`,
  `Европейския съюз`, `Байдън`) with its canonical Bulgarian name, English name, kind, subtype
  and, for countries, the ISO 3166-1 alpha-2 code. Forms match case-sensitively as whole words.
- `entities_roles.tsv`: role words (`премиерът`, `държавният секретар`), honorific titles
  (`г-н`, `д-р`) and the complements a role may take before the name (`на финансите`); a
  country or organisation from the gazetteer after `на`/`в`/`от` is a complement too. The one
  to three capitalised words after them are a person (`премиерът Денис Шмигал`). So are
  initials before a capitalised surname (`Д. Тръмп`).
- `entities_negative.tsv`: words that are never part of such a name, and gazetteer forms that
  do not count as the first word of a sentence (`Драги приятели`).

Persons not in the gazetteer get an English name by the streamlined transliteration of
`entities_translit.tsv`. A sentence costs two regex scans, each compiled as a character trie.
Mentions are sorted, never overlap, and the longest one wins.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.extract.lexicon import load_table, trie_pattern

UPPER = "A-ZА-ЯЁЇІЄҐ"
LOWER = "a-zа-яёїієґ"
# A capitalised word: `Шмигал`, `О'Лиъри`, `Силяновска-Давкова`, `МакКартни`; never the head of
# a longer word (`МакКАРТНИ` is not `Мак`).
_WORD = (
    rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+|[{UPPER}][{LOWER}]+)*"
    r"(?![\w'’])"
)
_PARTICLES = "фон|дер|ван|де|ди|да|дел|ла|льо|ле|бин|ибн|ал|ел|von|van|der|de|da|del|bin|al"
_NAME = re.compile(
    rf"{_WORD}(?:\s+(?:[{UPPER}]\.\s*)?(?:(?:{_PARTICLES})\s+)*{_WORD}){{0,2}}"
    rf"(?:\s+[IVX]+(?![\w]))?"
)
_NAME_WORD = re.compile(_WORD)
_NEXT_CAPITAL = re.compile(rf"\s+[{UPPER}]")
_SEPARATOR = re.compile(r"\s*,\s*|\s+")
_LINK = re.compile(r"\s+(?:на|в|от)\s+")
_PREVIOUS_WORD = re.compile(rf"(?<![\w'’-])({_WORD})\s+$")
_PREVIOUS_REACH = 80  # characters looked back for the word before a surname
_SENTENCE_START = re.compile(r"[\s\"'„“”«»(\[–—-]*")

PLACE_SUBTYPES = frozenset({"country", "city", "region", "body_of_water", "other"})
ACTOR_SUBTYPES = frozenset({"person", "organisation", "institution", "group"})


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One actor or place named in a text; `start`/`end` index into that text.

    - kind: "place" | "actor"
    - subtype: place: country | city | region | body_of_water | other;
      actor: person | organisation | institution | group
    - name_bg: canonical nominative Bulgarian name (`Украйна`, `Европейският съюз`)
    - name_en: English or Latin name (`Ukraine`, `European Union`)
    - code: ISO 3166-1 alpha-2 for countries, else ""
    - found_by: "gazetteer" (a listed form) | "role" (after a role word or title) |
      "first_name" (a known first name) | "initials" | "surname" (a word before a listed
      surname that makes another person)
    """

    start: int
    end: int
    text: str
    kind: str
    subtype: str
    name_bg: str
    name_en: str
    code: str = ""
    found_by: str = "gazetteer"


@dataclass(frozen=True, slots=True)
class _Entry:
    name_bg: str
    name_en: str
    kind: str
    subtype: str
    code: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    forms: dict[str, _Entry]
    surnames: frozenset[str]  # one-word person forms that stand for a longer canonical name
    persons: dict[tuple[str, str], _Entry]  # listed persons by first and last word of name_bg
    gazetteer: re.Pattern[str]
    cues: re.Pattern[str]
    complement: re.Pattern[str]
    role_forms: frozenset[str]
    not_name: frozenset[str]
    not_initial: frozenset[str]


def _normal(form: str) -> str:
    return " ".join(form.split())


def _capitalised(forms: Iterable[str]) -> set[str]:
    return {variant for form in forms for variant in (form, form[:1].upper() + form[1:])}


@cache
def _lexicon() -> _Lexicon:
    forms: dict[str, _Entry] = {}
    for table in ("entities_places", "entities_actors"):
        for row in load_table(table):
            entry = _Entry(row["name_bg"], row["name_en"], row["kind"], row["subtype"], row["code"])
            forms.setdefault(_normal(row["form"]), entry)
    surnames = frozenset(
        form
        for form, entry in forms.items()
        if entry.subtype == "person" and " " not in form and form != entry.name_bg
    )
    persons = {
        (words[0], words[-1]): entry
        for entry in forms.values()
        if entry.subtype == "person" and len(words := entry.name_bg.split()) > 1
    }
    roles = load_table("entities_roles")
    role_forms = _capitalised(row["form"] for row in roles if row["type"] in ("role", "title"))
    complements = [row["form"] for row in roles if row["type"] == "complement"]
    negative = load_table("entities_negative")
    gazetteer = rf"(?<![\w])(?:{trie_pattern(forms)})(?![\w])"
    first_names = [row["name"] for row in load_table("entities_first_names")]
    cues = (
        rf"(?<![\w.])(?:(?P<role>{trie_pattern(role_forms)})(?![\w])"
        rf"|(?P<first>{trie_pattern(first_names)})(?=\s+[{UPPER}])"
        rf"|(?P<initials>(?:[{UPPER}]\.\s?){{1,2}})(?=[{UPPER}][{LOWER}]))"
    )
    return _Lexicon(
        forms=forms,
        surnames=surnames,
        persons=persons,
        gazetteer=re.compile(gazetteer),
        cues=re.compile(cues),
        complement=re.compile(rf"\s+(?:{trie_pattern(complements)})(?![\w])"),
        role_forms=frozenset(role_forms),
        not_name=frozenset(row["word"] for row in negative if row["rule"] == "not_name"),
        not_initial=frozenset(row["word"] for row in negative if row["rule"] == "not_initial"),
    )


@cache
def _translit_table() -> tuple[dict[str, str], dict[str, str]]:
    letters: dict[str, str] = {}
    endings: dict[str, str] = {}
    for row in load_table("entities_translit"):
        target = endings if row["position"] == "word_end" else letters
        target[row["cyrillic"]] = row["latin"]
    return letters, endings


def _translit_word(word: str) -> str:
    letters, endings = _translit_table()
    lower = word.lower()
    tail = ""
    for ending, latin in endings.items():
        if len(lower) > len(ending) and lower.endswith(ending):
            lower, tail = lower[: -len(ending)], latin
            break
    out = "".join(letters.get(ch, ch) for ch in lower) + tail
    if len(word) > 1 and word.isupper():
        return out.upper()
    if word[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def transliterate(text: str) -> str:
    """Latin spelling of Bulgarian `text` by the streamlined system (`Шмигал` -> `Shmigal`)."""
    return re.sub(r"[^\W\d_]+", lambda m: _translit_word(m.group(0)), text)


def _sentence_initial(text: str, start: int) -> bool:
    lead = _SENTENCE_START.match(text)
    return lead is not None and lead.end() >= start


def _mention(text: str, start: int, end: int, entry: _Entry) -> EntityMention:
    return EntityMention(
        start, end, text[start:end], entry.kind, entry.subtype, entry.name_bg, entry.name_en,
        entry.code,
    )  # fmt: skip


def _person(text: str, start: int, end: int, found_by: str) -> EntityMention:
    name = _normal(text[start:end])
    return EntityMention(
        start, end, text[start:end], "actor", "person", name, transliterate(name), "", found_by
    )


def _found_person(text: str, start: int, end: int, lex: _Lexicon, found_by: str) -> EntityMention:
    """A person found by a rule; a listed one when first and last word fit (`Доналд Джей Тръмп`)."""
    words = _normal(text[start:end]).split()
    listed = lex.persons.get((words[0], words[-1]))
    if listed is not None and len(words) > 1:
        return _mention(text, start, end, listed)
    return _person(text, start, end, found_by)


def _is_name_word(word: str, lex: _Lexicon) -> bool:
    return word not in lex.not_name and word not in lex.role_forms and not word.isupper()


def _gazetteer_mentions(text: str, lex: _Lexicon) -> dict[int, EntityMention]:
    found: dict[int, EntityMention] = {}
    previous_end = 0  # end of the last listed form: `Ню Йорк Тръмп` is no `Йорк Тръмп`
    for match in lex.gazetteer.finditer(text):
        form = _normal(match.group(0))
        if form in lex.not_initial and _sentence_initial(text, match.start()):
            continue
        entry = lex.forms[form]
        start = match.start()
        if form in lex.surnames:
            before = _PREVIOUS_WORD.search(text, max(previous_end, start - _PREVIOUS_REACH), start)
            if (
                before is not None
                and not _sentence_initial(text, before.start())
                and _is_name_word(before.group(1), lex)
                and _normal(before.group(1)) not in lex.forms
            ):
                # `Джил Байдън` is not Joe Biden: another person with a listed surname
                found[before.start()] = _person(text, before.start(), match.end(), "surname")
                previous_end = match.end()
                continue
        found[start] = _mention(text, start, match.end(), entry)
        previous_end = match.end()
    return found


@dataclass(frozen=True, slots=True)
class _Found:
    """The gazetteer's mentions of one text, by start, and the starts of those not persons."""

    by_start: dict[int, EntityMention]
    stops: list[int]  # sorted starts of listed places and bodies: a name ends before them

    @classmethod
    def of(cls, mentions: dict[int, EntityMention]) -> _Found:
        stops = sorted(start for start, m in mentions.items() if m.subtype != "person")
        return cls(mentions, stops)


def _name_after(
    text: str,
    position: int,
    lex: _Lexicon,
    gazetteer: _Found,
    min_words: int = 1,
) -> tuple[int, int] | None:
    """Span of the one to three capitalised words a person's name takes at `position`."""
    match = _NAME.match(text, position)
    if match is None or _NEXT_CAPITAL.match(text, match.end()):
        return None
    if position in gazetteer.by_start:
        return None  # a listed entity; a listed person is found by the gazetteer already
    end = match.end()
    stop = bisect.bisect_right(gazetteer.stops, position)
    if stop < len(gazetteer.stops) and gazetteer.stops[stop] < end:
        end = gazetteer.stops[stop]  # stop before a listed place (`кметът Иван Петров София`)
    words = _NAME_WORD.findall(text, position, end)
    if len(words) < min_words or not all(_is_name_word(word, lex) for word in words):
        return None
    return position, len(text[:end].rstrip())


def _after_role(text: str, position: int, lex: _Lexicon, gazetteer: _Found) -> int:
    """Position after the complements of a role (`министърът на финансите на Украйна`)."""
    for _ in range(4):
        complement = lex.complement.match(text, position)
        if complement is not None:
            position = complement.end()
            continue
        link = _LINK.match(text, position)
        listed = gazetteer.by_start.get(link.end()) if link is not None else None
        if link is not None and listed is not None and listed.subtype != "person":
            position = listed.end
            continue
        break
    return position


def _initials(
    text: str, cue: re.Match[str], lex: _Lexicon, gazetteer: _Found
) -> EntityMention | None:
    """`Д. Тръмп`: the listed person when the initial fits the first name, else a new person."""
    surname = _NAME_WORD.match(text, cue.end())
    if surname is None or not _is_name_word(surname.group(0), lex):
        return None
    listed = gazetteer.by_start.get(cue.end())
    if listed is None:
        if _normal(surname.group(0)) in lex.forms:
            return None  # a listed form left out here (`not_initial`)
        return _person(text, cue.start(), surname.end(), "initials")
    if listed.subtype != "person":
        return None  # `Г. Британия` is in the places table; other places are no surnames
    if listed.name_bg.startswith(text[cue.start()]):
        return EntityMention(
            cue.start(), listed.end, text[cue.start() : listed.end], "actor", "person",
            listed.name_bg, listed.name_en, "", "initials",
        )  # fmt: skip
    return _person(text, cue.start(), listed.end, "initials")  # `Мери Л. Тръмп` is not Donald Trump


def _cue_mentions(text: str, lex: _Lexicon, gazetteer: _Found) -> list[EntityMention]:
    found: list[EntityMention] = []
    for cue in lex.cues.finditer(text):
        if cue.group("initials") is not None:
            mention = _initials(text, cue, lex, gazetteer)
            if mention is not None:
                found.append(mention)
            continue
        if cue.group("first") is not None:
            span = _name_after(text, cue.start(), lex, gazetteer, min_words=2)
        else:
            position = _after_role(text, cue.end(), lex, gazetteer)
            separator = _SEPARATOR.match(text, position)
            if separator is None:
                continue
            span = _name_after(text, separator.end(), lex, gazetteer)
        if span is not None:
            found_by = "first_name" if cue.group("first") is not None else "role"
            found.append(_found_person(text, *span, lex, found_by))
    return found


def _select(candidates: Sequence[EntityMention]) -> list[EntityMention]:
    """Longest first, then leftmost; earlier candidates win ties (the gazetteer's)."""
    ranked = sorted(enumerate(candidates), key=lambda p: (p[1].start - p[1].end, p[1].start, p[0]))
    starts: list[int] = []  # the chosen, sorted by start; they never overlap
    chosen: list[EntityMention] = []
    for _, mention in ranked:
        i = bisect.bisect_right(starts, mention.start)
        if i > 0 and chosen[i - 1].end > mention.start:
            continue
        if i < len(chosen) and chosen[i].start < mention.end:
            continue
        starts.insert(i, mention.start)
        chosen.insert(i, mention)
    return chosen


def find_entities(text: str) -> list[EntityMention]:
    """Every actor and place named in `text`, sorted, non-overlapping, longest match first."""
    lex = _lexicon()
    gazetteer = _Found.of(_gazetteer_mentions(text, lex))
    cues = _cue_mentions(text, lex, gazetteer)
    return _select([*gazetteer.by_start.values(), *cues])


def actors_and_places(mentions: Iterable[EntityMention]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Canonical Bulgarian names of the actors and of the places, each once, in text order."""
    actors: dict[str, None] = {}
    places: dict[str, None] = {}
    for mention in mentions:
        (actors if mention.kind == "actor" else places).setdefault(mention.name_bg, None)
    return tuple(actors), tuple(places)
