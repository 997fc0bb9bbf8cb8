"""Events: the main event of each event sentence, typed, dated, with its actors.

The rules follow `../shared/guidelines/EVENTS.md` (`docs/events.md` says how, step by step);
their data are three tables in `lexicons/`:

- `events_triggers.tsv`: trigger lemmas with their role (event, speech, plan, light, weak),
  one of the guideline's 19 types and a PLOVER category; `events_trigger_forms.tsv`,
  generated from it (`trigger_forms.py`), lists every inflected form with a rough tense.
- `events_cues.tsv`: words read around a trigger: future, plan, hypothetical, negation,
  ongoing and background cues, pronouns, source markers, clause words, reference nouns,
  auxiliaries, clitics, prepositions.

For one sentence:

1. One pass over its words finds the triggers and cues. A verb the table does not list is an
   event when `ще`, `да` after a plan verb, or an auxiliary (`е осигурил`) governs it.
2. A light verb (`проведе`, `получи`, `увеличи`) or an unframed verb of saying hands its place
   to an event noun right after it (`проведе среща` is a meeting); an event noun right before
   another verb is its subject (`Съдът осъди`), except before a light verb (`Срещата започна`).
3. A verb of saying frames a report: in "X заяви, че Y ..." or "Y ..., заяви X" the main event
   is the first event of Y and X is its source; the saying becomes a second event (`is_main`
   false), dated by its own clause. When Y holds no event, the saying is the main event.
4. Otherwise the main event is the trigger of the sentence's date clause, else the first
   (events before unlisted verbs before light verbs; finite forms and nouns before
   participles); a topic noun (role `weak`) only when there is nothing else.
5. Modality from the cues in the trigger's clause before it (negation right before it,
   hypothetical, future and plan words), a date after publication (planned), the verb's tense
   or an ongoing cue (ongoing); else occurred.
6. The date, the guideline's four rules: the calendar date of the trigger's clause (a date
   that names a document, `закон от 2020 г.`, does not count), else the nearest one of the
   sentence outside a frame's clause; else the date of the event before it in the paragraph
   with the same modality; else the publication date for news that occurred or is ongoing;
   else PAST_REF or FUTURE_REF.
7. Actors: the names before the trigger in its clause, else the first one after it that no
   preposition governs, else the article's last person actor for a `той`/`тя`/`му`, else the
   words right before the verb (`Апелативният съд`). Places: places of the event's clauses (a
   country only after `в`/`във`). Targets: the other names after the trigger. Sources: the
   speaker of the frame, and names after `според`, `по думите на`.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.extract.actor_phrases import (
    Word,
    actor_nouns,
    find_actor_phrases,
    is_numeral,
    is_plural,
)
from pipeline.extract.entities import EntityMention
from pipeline.extract.lexicon import WORD, load_table, trie_pattern
from pipeline.extract.mentions import DateMention, MoneyMention, Reference
from pipeline.extract.sentences import Sentence

EVENT_TYPES = (
    "statement", "meeting", "visit", "agreement", "aid", "request", "criticism", "threat",
    "protest", "sanction", "military", "election", "decision", "legal", "economy", "accident",
    "health", "culture_sport", "other",
)  # fmt: skip
PLOVER = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
    "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "CRIME", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)  # fmt: skip
MODALITIES = ("occurred", "ongoing", "planned", "hypothetical", "negated")
DATE_SOURCES = ("sentence", "paragraph", "publication", "vague")
VAGUE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

LIGHT_REACH = 4  # words after a light verb where its event noun may stand
APPOSITION_GAP = 3  # characters between a role or body phrase and the name it describes
_CONDITIONS = frozenset({"ако"})  # a sentence with a condition is conditional throughout
_CONDITIONAL_BY_NATURE = frozenset({"threat", "statement"})  # `заплаши със стачка, ако ...`
SUBJECT_GAP = 2  # words between a subject noun and its verb (`Срещата вече започна`)
NOUN_VERB_REACH = 5  # words from an event noun to the light verb that tells its tense
MONEY_OBJECT_REACH = 3  # words from an unlisted verb to the money it handles
# words from an event noun, its complements in between, to its own verb's cue (`ще`, `се
# очаква`) or to a verb of a present state (`остава`)
STATE_REACH = 8
_VERB_CUES = frozenset({"future", "hypothetical", "negation", "plan"})  # cues of a verb
# what stands between two predicates of one subject, never between a subject and its verb
_COORDINATOR = re.compile(r"(?:^|\s)(?:и|а|но)\s|,")
_REPORTS = re.compile(r"\s*(?:,\s*)?(?:че\b|:)")
FRAME_REACH = 8  # words from a verb of saying to its `че` or colon
NEGATION_REACH = 2  # words between `не` and the verb it negates (clitics: `не се е срещнал`)
# a short aside in brackets (an acronym, a place, a date) does not split a clause
_SHORT_ASIDE = re.compile(r"\([^(),;:]{1,40}\)|[„\"«][^\W\d_a-zа-я][^„“”\"«»,;:.!?]{0,40}[“”\"»]")
# (a short aside in brackets, or a quoted name: `Компанията „Аурубис“ ще инвестира`)
# a dash inside a body's name with its town (`ОДМВР – Русе`, `РЗИ – Варна`): no clause ends there
_NAME_DASH = re.compile(r"(?<![^\W\d_])[^\W\d_a-zа-я]{2,}(\s[–—-])\s[^\W\d_a-zа-я]")
# punctuation that ends a clause; not a comma or colon between digits (`2,5 млн.`, `2:1`)
_BOUNDARY = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()\[\]„“”\"«»]|\s[–—-]\s")
_PERIOD_OF = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)?)\s+за\s*$")  # `бюджета за 2026 г.`
_DATE_OF = re.compile(r"(?:\bот|\bпрез|\bна)\s*$")  # `закон от 2020 г.`: a date naming it
# a comparative and `от` right before a date: what a figure is compared with (`по-високи от
# миналото лято`, `с един евроцент повече от миналата седмица`); not a time limit (`не
# по-късно от 30 юни`, `по-рано от`)
_COMPARED_FROM = re.compile(r"(?:\bпо-(?!късно|рано)[^\W\d_]+|\bповече)\s+от\s*$", re.IGNORECASE)
_WORD = WORD
# events whose parties all act: the names they are held with are actors too
_JOINT_TYPES = frozenset({"meeting", "agreement"})
# event nouns whose `на` names who does it (`срещата на министрите`, `решението на съда`); for
# others it may name who undergoes it (`арестът на кмета`)
_DONE_BY_GENITIVE = frozenset(
    {"meeting", "agreement", "visit", "decision", "statement", "request", "criticism", "threat"}
)
_GENITIVE = re.compile(r"\s+на\s+")
# event nouns whose `на` names who gets or undergoes them (`в подкрепа на ЕС`, `санкции на
# Роснефт`, `атака на Одеса`)
_UNDERGONE_BY_GENITIVE = frozenset({"aid", "sanction", "military", "accident"})
# a part of a group that is the subject (`над 70% от учителите`, `половината от депутатите`)
_SHARE_OF = re.compile(
    r"(?:\d\s*%|\d|половината|повечето|мнозинството|част|някои|много)\s+от\s+$", re.IGNORECASE
)
_COMITATIVE = re.compile(r"(?<![\w-])(?:с|със|между)\s+(?:[^\W\d_]+\s+){0,4}$", re.IGNORECASE)
_AFTER_PREPOSITION = re.compile(
    r"(?<![\w-])(?:на|в|във|с|със|за|по|към|от|до|при|срещу|между|пред|след|чрез)\s+"
    r"(?:\d[\d\s]*\s)?$",  # also with a count between (`В 11 банки`)
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"(?:\bв|\bвъв|\bиз)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    text: str
    lemma: str
    role: str  # event | speech | plan | light
    event_type: str
    plover: str | None
    tense: str  # past | present | participle | noun | future
    verb_start: int = -1  # a noun's verb (`проведе` in `проведе среща`): where its subject ends


@dataclass(frozen=True, slots=True)
class Event:
    """One event told in a sentence; offsets index into the text the sentence came from."""

    event_id: str
    sentence_no: int
    char_start: int
    char_end: int
    text: str
    trigger: str
    trigger_start: int
    trigger_end: int
    event_type: str
    plover: str | None
    modality: str
    date_value: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_source: str
    date_text: str | None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    amount_eur: float | None = None
    money_ids: tuple[str, ...] = ()
    is_main: bool = True
    is_related_headline: bool = False
    paragraph_no: int = 0


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    form: str
    cue: str


# cue kinds read only at a known word (no sentence scan looks for them)
# verbs of saying, and of believing, hoping or fearing (`opinion`): both frame a reported clause
_SAYING = frozenset({"speech", "opinion", "denial"})
_LOCAL_CUES = frozenset({"preposition", "not_subject", "clitic", "stative", "modal"})
_BETWEEN_FUTURE_AND_VERB = frozenset({"clitic", "modal", "subjunctive"})
_TriggerInfo = tuple[str, str, str, str | None, str]  # lemma, role, type, plover, tense


@dataclass(frozen=True, slots=True)
class _Lexicon:
    triggers: dict[str, _TriggerInfo]  # form (as written, capitalised too) -> trigger
    cue_at: dict[str, str]  # lower-cased scanned cue form -> cue
    # first word -> the other words of the forms of several words (triggers, scanned cues,
    # actor nouns), most words first
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    cues: dict[str, frozenset[str]]  # cue -> lower-cased forms
    cue_of: dict[str, str]  # lower-cased form -> its first cue (local ones included)
    governed: re.Pattern[str]  # a preposition and up to three words before a name
    senses: dict[str, tuple[_Sense, ...]]  # lemma -> its other senses, chosen by context


@dataclass(frozen=True, slots=True)
class _Sense:
    role: str
    event_type: str
    plover: str | None
    context: tuple[str, ...]  # beginnings of the words that choose this sense
    after: str  # the word right after the trigger that chooses it (`смята да`), or ""


@cache
def _lexicon() -> _Lexicon:
    info = {row["lemma"]: row for row in load_table("events_triggers")}
    triggers: dict[str, _TriggerInfo] = {}
    for row in load_table("events_trigger_forms"):
        lemma = info[row["lemma"]]
        entry = (row["lemma"], lemma["role"], lemma["event_type"], lemma["plover"] or None)
        form = row["form"]
        for variant in (form, form[:1].upper() + form[1:]):
            triggers[variant] = (*entry, row["tense"])
    cues: dict[str, set[str]] = {}
    cue_of: dict[str, str] = {}
    for row in load_table("events_cues"):
        cues.setdefault(row["cue"], set()).add(row["form"])
        cue_of.setdefault(row["form"], row["cue"])
    cue_at = {form: cue for form, cue in cue_of.items() if cue not in _LOCAL_CUES}
    for form in cues.get("auxiliary", ()):
        cue_at.setdefault(form, "auxiliary")
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for form in [*cue_at, *(f.lower() for f in triggers), *actor_nouns()]:
        words = form.split()
        if len(words) > 1:
            phrases.setdefault(words[0], []).append(tuple(words[1:]))
    senses: dict[str, list[_Sense]] = {}
    for row in load_table("events_trigger_senses"):
        context = tuple(word.strip() for word in row["context"].split(",") if word.strip())
        sense = _Sense(row["role"], row["event_type"], row["plover"] or None, context, row["after"])
        senses.setdefault(row["lemma"], []).append(sense)
    return _Lexicon(
        senses={lemma: tuple(rows) for lemma, rows in senses.items()},
        triggers=triggers,
        cue_at=cue_at,
        phrases={
            first: tuple(sorted(set(rests), key=len, reverse=True))
            for first, rests in phrases.items()
        },
        cues={cue: frozenset(values) for cue, values in cues.items()},
        cue_of=cue_of,
        governed=re.compile(
            rf"(?<![\w-])(?:{trie_pattern(cues['preposition'])})\s+(?:[^\W\d_]+\s+){{0,3}}$",
            re.IGNORECASE,
        ),
    )


class Scan:
    """What one pass over a sentence finds: its triggers, scanned cues and actor nouns, and
    the (start, end) of its words."""

    __slots__ = ("_words", "cues", "head_starts", "spans", "text", "triggers", "word_starts")

    def __init__(
        self,
        text: str,
        triggers: list[Trigger],
        cues: list[Cue],
        head_starts: list[int],
        spans: list[tuple[int, int]],
    ) -> None:
        self.text = text
        self.triggers = triggers
        self.cues = cues
        self.head_starts = head_starts  # where the actor nouns (`actor_phrases.py`) start
        self.spans = spans
        self.word_starts = [s for s, _ in spans]
        self._words: list[Word] | None = None

    @property
    def words(self) -> list[Word]:
        """(start, end, word) of every word."""
        if self._words is None:
            text = self.text
            self._words = [(s, e, text[s:e]) for s, e in self.spans]
        return self._words

    @property
    def actor_heads(self) -> list[int]:
        """Indices into `words` of the actor nouns."""
        starts = self.word_starts
        return [bisect.bisect_left(starts, s) for s in self.head_starts]


def _joins_word(char: str) -> bool:
    """A letter, digit, `_` or `-` (`[\\w-]`): a form may not begin or end next to it."""
    return char == "-" or char == "_" or char.isalnum()


def _phrase_end(
    lowered: str, spans: list[tuple[int, int]], i: int, rests: tuple[tuple[str, ...], ...]
) -> int:
    """The index of the last word of the longest form of several words that starts at word
    `i` (its other words `rests`, whitespace between them, the last one ending a word), or -1."""
    count = len(spans)
    for rest in rests:
        last = i + len(rest)
        if last >= count:
            continue
        for k, word in enumerate(rest, start=i + 1):
            start, end = spans[k]
            if lowered[start:end] != word or not lowered[spans[k - 1][1] : start].isspace():
                break
        else:
            end = spans[last][1]
            if end == len(lowered) or not _joins_word(lowered[end]):
                return last
    return -1


@cache
def _scanned_words() -> frozenset[str]:
    """Every lower-cased word a scan stops at: a trigger, cue or actor noun of one word, or
    the first word of a longer one."""
    lex = _lexicon()
    one_word = {f.lower() for f in lex.triggers} | set(lex.cue_at) | set(actor_nouns())
    return frozenset(one_word | set(lex.phrases))


def scan(text: str) -> Scan:
    """Every trigger, every scanned cue and every actor noun of `text`, in order.

    One pass over the sentence's words: a form of several words (`очаква се`, `срещата на
    върха`) is matched before its first word alone; the first word may still be a trigger
    (`отказа` in `отказа да`). A form stands as whole words: not next to a digit, `_` or `-`.
    Triggers are matched as written (or capitalised), cues and actor nouns in any case.
    """
    lowered_text = text.lower()
    if len(lowered_text) != len(text):  # a letter whose lower case is longer (rare)
        lowered_text = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # a letter's lower case is a letter: the words of the lowered text are those of `text`
    stops = _scanned_words()
    matches = list(_WORD.finditer(lowered_text))
    candidates = [i for i, match in enumerate(matches) if match[0] in stops]
    spans = [match.span() for match in matches]
    triggers: list[Trigger] = []
    cues: list[Cue] = []
    heads: list[int] = []
    if candidates:
        _read_forms(text, lowered_text, spans, candidates, triggers, cues, heads)
    return Scan(text, triggers, cues, heads, spans)


def _read_forms(
    text: str,
    lowered_text: str,
    spans: list[tuple[int, int]],
    candidates: list[int],
    triggers: list[Trigger],
    cues: list[Cue],
    heads: list[int],
) -> None:
    """The triggers, cues and actor nouns at the words `candidates` (indices into `spans`)."""
    lex = _lexicon()
    nouns = actor_nouns()
    phrases = lex.phrases
    known_triggers = lex.triggers
    cue_at = lex.cue_at
    length = len(lowered_text)

    def read_form(start: int, end: int) -> None:
        """The trigger (as written), the cue and the actor noun that `[start, end)` is."""
        form = text[start:end]
        known = known_triggers.get(form)
        if known is not None:
            triggers.append(Trigger(start, end, form, *known))
        lowered = lowered_text[start:end]
        cue = cue_at.get(lowered)
        if cue is not None:
            cues.append(Cue(start, end, lowered, cue))
        if lowered in nouns:
            heads.append(start)

    after = 0  # the words before this one are read (a form of several words took them)
    for i in candidates:
        if i < after:
            continue
        start, end = spans[i]
        if start > 0:
            before = lowered_text[start - 1]  # `_joins_word`, inline: the commonest case
            if before == "-" or before == "_" or before.isalnum():
                continue
        lowered = lowered_text[start:end]
        rests = phrases.get(lowered)
        if rests is not None:
            last = _phrase_end(lowered_text, spans, i, rests)
            if last >= 0:
                after = last + 1
                end = spans[last][1]
                form = text[start:end]
                if not (" " in form or "\t" in form or "\n" in form):
                    # words apart by other whitespace (a no-break space): nothing is read
                    read_form(start, end)
                    continue
                words = spans[i:after]
                phrase = " ".join(text[s:e].lower() for s, e in words)
                whole = known_triggers.get(phrase)
                if whole is not None:
                    triggers.append(Trigger(start, end, form, *whole))
                cue = cue_at.get(phrase)
                if cue is not None:
                    cues.append(Cue(start, end, phrase, cue))
                first_end = words[0][1]
                first = known_triggers.get(text[start:first_end])
                if first is not None and whole is None:
                    triggers.append(Trigger(start, first_end, text[start:first_end], *first))
                heads.extend(s for s, e in words if text[s:e].lower() in nouns)
                continue
        if end < length:
            following = lowered_text[end]
            if following == "-" or following == "_" or following.isalnum():
                continue
        read_form(start, end)


def _in_sense(triggers: list[Trigger], scanned: Scan) -> list[Trigger]:
    """Each trigger in the sense its sentence's words choose (events_trigger_senses.tsv):
    `спечели дербито` is a match won, `гласува` in an election a vote, not a decision."""
    senses = _lexicon().senses
    if not any(t.lemma in senses for t in triggers):
        return triggers
    words = [word.lower() for _, _, word in scanned.words]
    chosen: list[Trigger] = []
    for trigger in triggers:
        for sense in senses.get(trigger.lemma, ()):
            if (
                _word_after(trigger, scanned) == sense.after
                if sense.after
                else any(word.startswith(sense.context) for word in words)
            ):
                trigger = dataclasses.replace(
                    trigger, role=sense.role, event_type=sense.event_type, plover=sense.plover
                )
                break
        chosen.append(trigger)
    return chosen


_REFLEXIVE = frozenset({"се", "си"})


def _word_after(trigger: Trigger, scanned: Scan) -> str:
    """The word right after the trigger, a reflexive `се`/`си` aside, lower case."""
    following = (word.lower() for start, _, word in scanned.words if start >= trigger.end)
    return next((word for word in following if word not in _REFLEXIVE), "")


def find_triggers(text: str) -> list[Trigger]:
    """Every trigger form in `text`, in order."""
    return scan(text).triggers


@dataclass(slots=True)
class SentenceParts:
    """What the extractors found in one sentence, offsets relative to the sentence's text."""

    sentence: Sentence
    paragraph_no: int
    dates: Sequence[DateMention]
    amounts: Sequence[tuple[str, MoneyMention, float | None]]  # (money id, mention, eur)
    entities: Sequence[EntityMention]


@dataclass(slots=True)
class ArticleContext:
    """What the events of earlier sentences leave for later ones."""

    reference: Reference
    titled: bool = False  # the article opens with a title line: sentence 0 is news too
    last_person: str | None = None
    # the last woman and the last man named (`f`, `m`): whom `тя` and `той` stand for
    last_by_gender: dict[str, str] = field(default_factory=dict)
    dated_in_paragraph: dict[int, Event] = field(default_factory=dict)
    # an actor noun's lemma -> the name it last came with (`министърът на вътрешните работи
    # Саджид Джавид`, `Агенция "Пътна инфраструктура"`): what a bare `министърът` stands for
    named_by_noun: dict[str, str] = field(default_factory=dict)
    # an actor subtype -> the last name of that subtype that acted in an event (`Райънеър`):
    # what a bare `компанията` stands for when no name came with the noun before
    last_acting: dict[str, str] = field(default_factory=dict)
    last_group: str | None = None  # the last plural actor (`синдикатите`): what `те` stands for
    last_actors: tuple[str, ...] = ()  # the actors of the last main event that had some
    # one word of a person's full name -> the full name (`Азия` -> `Азия Биби`): who a later
    # mention of the first name or the surname alone stands for
    person_parts: dict[str, str] = field(default_factory=dict)

    def remember_person(self, name: str) -> None:
        """`name` is the last person named: what a later `той` or `тя` stands for."""
        self.last_person = name
        self.last_by_gender[_gender(name)] = name

    def person_for(self, cues: Sequence[Cue]) -> str | None:
        """The person a pronoun of the sentence stands for: the last one of its gender
        (`тя` → the last woman), else the last one named."""
        for cue in cues:
            gender = _pronoun_gender().get(cue.form.lower()) if cue.cue == "pronoun" else None
            if gender is not None:
                return self.last_by_gender.get(gender, self.last_person)
        return self.last_person


_WOMAN_SURNAME = re.compile(r"(?:ова|ева|ска|цка|ина)$")


@cache
def _pronoun_gender() -> dict[str, str]:
    """Pronoun -> `f` or `m` (column `gender` of events_cues.tsv)."""
    return {row["form"]: row["gender"] for row in load_table("events_cues") if row.get("gender")}


@cache
def _first_name_gender() -> dict[str, str]:
    """First name -> `f` or `m`, where entities_first_names.tsv says (`Bulgarian (male)`)."""
    genders = {"(male)": "m", "(female)": "f"}
    return {
        row["name"].lower(): genders[row["group"].split()[-1]]
        for row in load_table("entities_first_names")
        if row["group"].split()[-1] in genders
    }


def _gender(name: str) -> str:
    """`f` for a woman's name (`Камала Харис`, `Теменужка Петкова`), else `m`: the first-name
    table's word where it has one (`Никола` is a man), else a first name in `-а`/`-я` or a
    surname in `-ова`/`-ева`/`-ска`/`-ина`."""
    words = name.lower().split()
    if not words:
        return "m"
    known = _first_name_gender().get(words[0])
    if known is not None:
        return known
    if len(words) > 1 and _WOMAN_SURNAME.search(words[-1]):
        return "f"
    return "f" if words[0].endswith(("а", "я")) else "m"


class _Clauses:
    """Clause boundaries of a sentence: punctuation and clause words (`че`, `който`, `но`)."""

    def __init__(self, text: str, cues: Sequence[Cue], scanned: Scan) -> None:
        bounds = {m.start() for m in _BOUNDARY.finditer(text)}
        for aside in _SHORT_ASIDE.finditer(text):  # `Комисията (КЗП) съобщи`: one clause
            bounds -= {aside.start(), aside.end() - 1}
        for dash in _NAME_DASH.finditer(text):
            bounds.discard(dash.start(1))
        bounds |= {c.start for c in cues if c.cue == "clause"}
        self.bounds = sorted(bounds)
        self.length = len(text)
        self.scanned = scanned

    @property
    def word_starts(self) -> list[int]:
        return self.scanned.word_starts

    def words_between(self, start: int, end: int) -> int:
        """How many words begin in `[start, end)`."""
        if end <= start:
            return 0
        return bisect.bisect_left(self.word_starts, end) - bisect.bisect_left(
            self.word_starts, start
        )

    def of(self, position: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.bounds, position)
        start = self.bounds[i - 1] if i > 0 else 0
        end = self.bounds[i] if i < len(self.bounds) else self.length
        return start, end

    def same(self, a: int, b: int) -> bool:
        return self.of(a) == self.of(b)


_L_PARTICIPLE = re.compile(r"..[аеиъя]л[аои]?$")  # `осигурил`, `дала`; not `символ`


def _generic_verbs(text: str, triggers: Sequence[Trigger], cues: Sequence[Cue]) -> list[Trigger]:
    """Verbs the trigger table does not list, found by the words that govern them.

    - after `ще`, or after `да` that follows a plan verb: "Великобритания ще напусне ЕС"
      (`напусне`, planned);
    - an l-participle after `е`, `са`, `беше`: "Газпром е осигурил 6 млрд. евро" (`осигурил`,
      past).
    Such an event has the type `other` (`economy` when its sentence names an amount).
    """
    lex = _lexicon()
    starts = {t.start for t in triggers}
    plan_ends = [t.end for t in triggers if t.role == "plan"]
    auxiliaries = lex.cues.get("auxiliary", frozenset())
    found: list[Trigger] = []
    for cue in cues:
        after_plan = cue.form == "да" and any(0 <= cue.start - end <= 2 for end in plan_ends)
        future = cue.form == "ще" or after_plan
        if not future and cue.form not in auxiliaries:
            continue
        for _, following in zip(range(5), _WORD.finditer(text, cue.end), strict=False):
            form = following.group(0).lower()
            if lex.cue_of.get(form) in _BETWEEN_FUTURE_AND_VERB:
                continue  # `ще се`, `ще трябва да бъдат тествани`
            known = following.start() in starts or lex.cue_of.get(form, "stative") != "stative"
            if not known and (future or _L_PARTICIPLE.search(form) is not None):
                tense = "future" if future else "past"
                span = (following.start(), following.end(), following.group(0))
                found.append(Trigger(*span, "", "generic", "other", None, tense))
            break
    return found


def _resolve_light(text: str, triggers: list[Trigger], clauses: _Clauses) -> list[Trigger]:
    """Keep the word that names the event when two triggers stand together.

    - a light verb, or a verb of saying with no `че` or colon after it, hands its place to an
      event noun right after it (`проведе среща`, `потвърди присъдата`) or, for a light
      verb, right before it (`Срещата започна`);
    - an event noun right before any other verb is that verb's subject, not the event
      (`Съдът осъди`).
    """
    dropped: set[int] = set()
    verb_of: dict[int, int] = {}
    for i, trigger in enumerate(triggers):
        near = []
        for t in triggers[i + 1 :]:  # in order: the words between only grow
            if clauses.words_between(trigger.end, t.start) >= LIGHT_REACH:
                break
            if clauses.same(trigger.start, t.start):
                near.append(t)
        # not a noun a preposition governs: `осигури 35 000 евро за ремонта` names no repair
        objects = [
            t for t in near if not _AFTER_PREPOSITION.search(text, max(0, t.start - 12), t.start)
        ]
        nouns_after = [t for t in near if t.role == "event" and t.tense == "noun"]
        named = [
            t for t in objects if t.role == "event" or (t.role == "weak" and t.tense == "noun")
        ]
        if trigger.role == "light" and named:
            dropped.add(trigger.start)  # `проведе среща`, `проведе извънредна сесия`
            verb_of[named[0].start] = trigger.start
        elif trigger.role in _SAYING and nouns_after and not _REPORTS.match(text, trigger.end):
            dropped.add(trigger.start)
            verb_of[nouns_after[0].start] = trigger.start
        if trigger.role == "event" and trigger.tense == "noun":
            verbs = [
                t
                for t in near
                if t.tense != "noun"
                and clauses.words_between(trigger.end, t.start) <= SUBJECT_GAP
                and not _COORDINATOR.search(text, trigger.end, t.start)
            ]  # `извършила проверки и е съставила`: a second predicate, not the noun's verb
            if verbs and verbs[0].role == "light":
                dropped.add(verbs[0].start)  # `Срещата започна`: the meeting is the event
            elif verbs:
                dropped.add(trigger.start)  # `Съдът осъди`: the court is the subject
        if trigger.role in ("event", "weak") and trigger.tense == "noun":
            light = next(
                (
                    t
                    for t in triggers[i + 1 :]
                    if t.role == "light"
                    and t.tense != "noun"
                    and clauses.same(trigger.start, t.start)
                    and clauses.words_between(trigger.end, t.start) <= NOUN_VERB_REACH
                    and not _COORDINATOR.search(text, trigger.end, t.start)
                ),
                None,
            )
            if light is not None:  # `Делото срещу бившия кмет продължава`: its verb's tense
                verb_of.setdefault(trigger.start, light.start)
    return [
        dataclasses.replace(t, verb_start=verb_of[t.start]) if t.start in verb_of else t
        for t in triggers
        if t.start not in dropped
    ]


@dataclass(frozen=True, slots=True)
class _Frame:
    speech: Trigger
    clause: tuple[int, int]  # the span of the saying (speaker included), not the content
    content: tuple[int, int]


def _frame(
    text: str, speech: Trigger, clauses: _Clauses, cues: Sequence[Cue], has_before: bool
) -> _Frame | None:
    """The saying's own span and the span of what is said, or None when nothing is reported.

    "X заяви, че Y" and "X заяви: Y" report what follows; "Y, заяви X" what comes before.
    """
    clause_start, _ = clauses.of(speech.start)
    that = next(
        (
            c
            for c in cues
            if c.form == "че"
            and c.start > speech.end
            and clauses.words_between(speech.end, c.start) <= FRAME_REACH
        ),
        None,
    )
    if that is not None:
        return _Frame(speech, (clause_start, that.start), (that.end, len(text)))
    if clause_start > 0 and (has_before or speech.start - clause_start <= 2):
        return _Frame(speech, (clause_start, len(text)), (0, clause_start))
    colon = text.find(":", speech.end)
    if colon >= 0 and clauses.words_between(speech.end, colon) <= FRAME_REACH:
        return _Frame(speech, (clause_start, colon), (colon + 1, len(text)))
    return None


_OPENING_QUOTES = '„"“«'
_CLOSING_QUOTES = '“”"»'


def _quoted(text: str, span: tuple[int, int]) -> bool:
    """The span is a direct quotation: it opens and closes with quotation marks."""
    content = text[span[0] : span[1]].strip(" ,.:–-")
    return len(content) > 2 and content[0] in _OPENING_QUOTES and content[-1] in _CLOSING_QUOTES


def _pick_main(
    text: str,
    triggers: list[Trigger],
    dates: Sequence[DateMention],
    clauses: _Clauses,
    cues: Sequence[Cue],
    has_anchor: bool,
) -> tuple[Trigger | None, _Frame | None]:
    """The main trigger and, when it is reported by a verb of saying, the saying's frame.

    A trigger in a condition (`Ако парламентът не приеме бюджета, ...`) is the main one only
    when the sentence has no other."""
    content = [t for t in triggers if t.role in ("event", "light", "generic")]
    conditions = [c.start for c in cues if c.form in _CONDITIONS]
    if conditions:
        asserted = [t for t in content if not any(clauses.same(c, t.start) for c in conditions)]
        content = asserted or content
    speech = [t for t in triggers if t.role in _SAYING]
    for saying in speech:
        before = any(t.start < saying.start for t in content)
        frame = _frame(text, saying, clauses, cues, before)
        if frame is None:
            continue
        if saying.role == "opinion" or _quoted(text, frame.content):
            # `се опасяват, че ...`: what they fear is no event yet; `„...“, заяви X`: a
            # quotation gives the speaker's words, the saying is the news
            return saying, frame
        inside = [
            t
            for t in content
            if _in(t.start, frame.content)
            and not _obliged(text, t, clauses, cues)
            and not any(clauses.same(c, t.start) for c in conditions)
        ]  # `коментира, че ЕС трябва да намали разходите`: a claim of what ought to be;
        # `предупреди, че ще отговори, ако ...`: a condition is not what is reported
        if any(_names_event(t) or t.role == "light" for t in inside):
            return _first_event(text, inside, dates, clauses, frame), frame
        return saying, frame  # only an opinion or a general claim: the saying is the event
    if any(_names_event(t) for t in content) or (content and has_anchor):
        return _first_event(text, content, dates, clauses, None), None
    if speech:
        return speech[0], None
    # a topic noun a preposition governs is background (`независимо от победата на Тръмп`)
    weak = [t for t in triggers if t.role == "weak" and not _governed_noun(text, t)]
    if weak:
        return weak[0], None
    plans = [t for t in triggers if t.role == "plan"]
    return (plans[0] if plans and has_anchor else None), None


def _reported_about(text: str, main: Trigger) -> bool:
    """The main event is a noun that a verb of saying reports about (`съобщават за недостиг`,
    `алармираха за замърсяване`)."""
    if main.tense != "noun" or not 0 <= main.verb_start < main.start:
        return False
    word = _WORD.match(text, main.verb_start)
    info = _lexicon().triggers.get(word.group(0)) if word is not None else None
    return (
        info is not None
        and info[1] in _SAYING
        and _ABOUT.fullmatch(text, word.end() if word else 0, main.start) is not None
    )


_ABOUT = re.compile(r"\s+за\s+")


def _obliged(text: str, trigger: Trigger, clauses: _Clauses, cues: Sequence[Cue]) -> bool:
    """An obligation in the present (`трябва да`) governs the trigger in its clause: what
    ought to be. One in the future (`ще трябва да намалим`) is a consequence to come."""
    return any(
        c.cue == "obligation"
        and c.end <= trigger.start
        and clauses.same(c.start, trigger.start)
        and not _FUTURE_BEFORE.search(text, max(0, c.start - 4), c.start)
        for c in cues
    )


_FUTURE_BEFORE = re.compile(r"ще\s+$")


def _names_event(trigger: Trigger) -> bool:
    """The trigger names an event by itself: an event word, an unlisted verb, or a light verb
    with a type of its own and no noun taking its place (`нощувките са се увеличили`)."""
    return trigger.role in ("event", "generic") or (
        trigger.role == "light" and trigger.event_type != "other"
    )


# endings of a 3rd person verb form (`основа`, `работи`, `създадоха`, `връщат`, `помагал`)
_VERB_FORM = re.compile(r"(?:[аяеи]|[ая]т|ха|[аяеиоу]л[аоие]?)$")
_PRESENT_FORM = re.compile(r"(?:ва|ват|[ая]т)$")
SUBJECT_VERB_GAP = 2  # words (clitics, `не`, `вече`) between a subject and its verb


def _verb_after_subject(
    text: str, entities: Sequence[EntityMention], scanned: Scan, clauses: _Clauses
) -> Trigger | None:
    """An unlisted verb right after a named subject that opens its clause (`Ники Лауда основа
    авиокомпанията`, `Компанията обаче работи по въпроса`): a generic event, `other`.

    Cue words may stand between (`обаче`, `вече`, `трябва да`); a verb of a lasting state
    (`разполага`, `се намира`), a preposition or a word with the article ends the search."""
    lex = _lexicon()
    subjects = sorted(
        [(m.start, m.end, False) for m in entities if m.kind == "actor" or m.subtype == "country"]
        + [(c.start, c.end, True) for c in scanned.cues if c.form in _SUBJECT_PRONOUNS]
    )  # a name that opens its clause, or `той`/`тя` anywhere (`През 2003 г. той основа ...`)
    cue_at = {c.start: c.end for c in scanned.cues}
    for start, end, pronoun in subjects:
        clause_start, _ = clauses.of(start)
        before = _WORD.findall(text, clause_start, start)
        nouns = actor_nouns()
        if not pronoun and any(
            w.lower() not in lex.cue_of and w.lower() not in nouns for w in before
        ):
            continue  # only cue words and its role before it (`Междувременно вицепрезидентът`)
        skipped, position = 0, end
        while (word := _WORD.search(text, position)) is not None:
            form = word.group(0)
            if not clauses.same(start, word.start()):
                break
            kind = lex.cue_of.get(form.lower())
            if kind in ("stative", "preposition"):
                break  # `Болницата разполага с 450 легла`: a state; `Тръмп от своя страна`
            cue_end = cue_at.get(word.start(), word.end() if kind is not None else -1)
            if cue_end >= 0 and skipped < SUBJECT_VERB_GAP:
                skipped, position = skipped + 1, cue_end
                continue
            if (
                form[:1].isupper()
                or len(form) < 3
                or not _VERB_FORM.search(form)
                or _DEFINITE_NOUN.search(form)
            ):
                break
            tense = "present" if _PRESENT_FORM.search(form) else "past"
            return Trigger(word.start(), word.end(), form, "", "generic", "other", None, tense)
        break
    return None


# a figure's level stated in the present (`е`, `са`, `остава`, `струва`), unless a past verb
# form stands beside it (`е достигнала`, `беше`)
_PRESENT_STATE = re.compile(
    r"(?<![\w-])(?:е|са|остава|остават|струва|струват|възлиза|възлизат)(?![\w-])", re.IGNORECASE
)
# a reflexive verb in the imperfective present (`Епидемията се разпространява`)
_REFLEXIVE_PRESENT = re.compile(r"(?<![\w-])се\s+[^\W\d_]{3,}(?:ва|ват)(?![\w-])", re.IGNORECASE)
_PAST_STATE = re.compile(
    r"(?<![\w-])(?:беше|бяха|бил|била|било|били|(?:е|са)\s+[^\W\d_]+л[аои]?)(?![\w-])",
    re.IGNORECASE,
)


def _present_state_after(text: str, trigger: Trigger, clauses: _Clauses) -> int:
    """Where the noun's own verb states a level or state now (`Цената на пшеницата остава
    ниска`, `Цените са между 8 и 15 евро`, `Епидемията се разпространява`), or -1: the first
    verb of a present state or reflexive present in the noun's clause within STATE_REACH
    words, not an auxiliary of a participle (`е обявен`)."""
    _, clause_end = clauses.of(trigger.start)
    found = [
        m
        for m in (
            _PRESENT_STATE.search(text, trigger.end, clause_end),
            _REFLEXIVE_PRESENT.search(text, trigger.end, clause_end),
        )
        if m is not None
    ]
    state = min(found, key=lambda m: m.start()) if found else None
    if state is None or clauses.words_between(trigger.end, state.start()) > STATE_REACH:
        return -1
    following = _WORD.match(text, state.end() + 1)
    if (
        state.group(0).lower() in ("е", "са")
        and following is not None
        and (_PASSIVE_FORM.search(following.group(0)) or _L_PARTICIPLE.search(following.group(0)))
    ):
        return -1
    return state.start()


def _figure_tense(text: str) -> str:
    """The tense of a sentence that states a figure with no trigger: present when it states a
    level now (`Пропан-бутанът остава на 0,61 евро`), else `noun` (read as done)."""
    if _PRESENT_STATE.search(text) and not _PAST_STATE.search(text):
        return "present"
    return "noun"


# a money cue's kind -> the type and PLOVER category of the verb that handles it
_MONEY_OBJECTS = {"aid_object": ("aid", "AID"), "money_noun": ("economy", None)}


def _money_object(
    main: Trigger, cues: Sequence[Cue], clauses: _Clauses
) -> tuple[str, str | None] | None:
    """The type and PLOVER category of an unlisted or light verb that handles money: aid when
    access to funds, a guarantee or a cheque follows it in its clause within MONEY_OBJECT_REACH
    words (`ще имат достъп до кредити`), economy for another word of money (`средства`)."""
    if main.role not in ("generic", "light"):
        return None
    near = [
        c
        for c in cues
        if c.cue in _MONEY_OBJECTS
        and c.start >= main.end
        and clauses.same(main.start, c.start)
        and clauses.words_between(main.end, c.start) <= MONEY_OBJECT_REACH
    ]
    return _MONEY_OBJECTS[near[0].cue] if near else None


def _event_subject(main: Trigger, found: Sequence[Trigger], clauses: _Clauses) -> Trigger | None:
    """The event noun (of a type other than `other`) before `main` in its clause."""
    for trigger in reversed(found):
        if (
            trigger.start < main.start
            and trigger.tense == "noun"
            and trigger.event_type != "other"
            and clauses.same(trigger.start, main.start)
        ):
            return trigger
    return None


# a form of `съм`/`бъда` right before a passive participle (`няма да бъде подписан`, `са
# приети`, `беше отложено`, `бе въведен`)
_AUXILIARY_BEFORE = re.compile(
    r"(?<![\w-])(?:е|са|беше|бяха|бе|бъде|бъдат|бил[аои]?|било)\s+(?:[^\W\d_]+\s+)?$"
)


def _governed_noun(text: str, trigger: Trigger) -> bool:
    """An event noun right after a preposition (`след срещата`, `въпреки придобиването`)."""
    return trigger.tense == "noun" and (
        _AFTER_PREPOSITION.search(text, max(0, trigger.start - 12), trigger.start) is not None
        or _BACKGROUND_PREPOSITION.search(text, max(0, trigger.start - 12), trigger.start)
        is not None
    )


# a preposition of place, time, means or company right before a name (`в БНБ`, `В 11
# банки`, `със САЩ`): it names no subject (`на` and `от` may: `срещата на съвета`)
_LOCATIVE_BEFORE = re.compile(
    r"(?<![\w-])(?:в|във|с|със|за|по|към|до|при|срещу|между|пред|след|чрез)\s+"
    r"(?:\d[\d\s]*\s)?$",
    re.IGNORECASE,
)
_BACKGROUND_PREPOSITION = re.compile(
    r"(?<![\w-])(?:въпреки|заради|поради|преди|след|покрай|съгласно)\s+$", re.IGNORECASE
)


def _passive(text: str, trigger: Trigger) -> bool:
    """The trigger is a passive participle with its auxiliary (`беше арестувана`, `ще бъдат
    изградени`)."""
    participle = trigger.tense == "participle" or (
        trigger.role == "generic" and _PASSIVE_FORM.search(trigger.text.lower()) is not None
    )
    return participle and bool(
        _AUXILIARY_BEFORE.search(text, max(0, trigger.start - 40), trigger.start)
    )


# an auxiliary and an unlisted passive participle (`беше овладян`, `са задържани`)
_UNLISTED_PASSIVE = re.compile(
    r"(?<![\w-])(?:е|са|беше|бяха|бе|бъде|бъдат)\s+(?P<p>[^\W\d_]+(?:[аяеи]н|[еиу]т)[аои]?)(?![\w-])"
)
# the endings of a passive participle (`изградени`, `открита`, `взето`, `приет`)
_PASSIVE_FORM = re.compile(r"(?:[аяеи]н|[еиу]т)[аои]?$")


def _first_event(
    text: str,
    content: Sequence[Trigger],
    dates: Sequence[DateMention],
    clauses: _Clauses,
    frame: _Frame | None,
) -> Trigger:
    """The trigger of the sentence's date clause, else the first (verbs and nouns first)."""
    strong = (
        [t for t in content if t.role == "event"]
        or [t for t in content if t.role == "generic"]
        or list(content)
    )
    # a noun a preposition governs is background (`Въпреки придобиването Ники Лауда ще
    # запази`, `след срещата`) when the sentence has an event that is not
    ungoverned = [t for t in strong if not _governed_noun(text, t)]
    if any(t.tense != "participle" or _passive(text, t) for t in ungoverned):
        strong = ungoverned  # not for an adjective (`остави в ареста двама, обвинени в`)
    finite = [
        t
        for t in strong
        if t.tense != "participle"
        or (
            _AUXILIARY_BEFORE.search(text, max(0, t.start - 40), t.start)
            and not any(  # `ще бъде отслужена панихида`: the noun after it names the event
                n.tense == "noun"
                and n.start > t.end
                and clauses.same(n.start, t.start)
                and clauses.words_between(t.end, n.start) == 0
                for n in strong
            )
        )
    ] or strong  # an adjective (`приетия закон`) is no predicate, `ще бъде подписан` is
    for date in dates:
        if _is_calendar(date) and (frame is None or not _in(date.start, frame.clause)):
            near = [t for t in finite if clauses.same(t.start, date.start)]
            if near:
                return near[0]
    return finite[0]


def _partners(
    text: str, targets: Sequence[EntityMention], entities: Sequence[EntityMention]
) -> list[EntityMention]:
    """The names a joint event (a meeting, an agreement) is held with: after `с`, `със` or
    `между` (`се срещна с Марк Рюте`, `преговорите между Украйна и Русия`); an organisation
    right before a person is that person's role complement (`председателя на Европейската
    комисия Урсула фон дер Лайен`), not a party of its own."""
    partners = []
    for m in targets:
        if _COMITATIVE.search(text, max(0, m.start - 60), m.start) is None:
            continue
        if m.subtype != "person" and any(
            p.subtype == "person" and 0 <= p.start - m.end <= APPOSITION_GAP for p in entities
        ):
            continue
        partners.append(m)
    return partners


def _in(position: int, span: tuple[int, int]) -> bool:
    return span[0] <= position < span[1]


def _is_calendar(date: DateMention) -> bool:
    return (
        date.kind in ("date", "time")
        and date.value not in VAGUE_VALUES
        and (date.range_start is not None)
    )


@cache
def _period_nouns() -> frozenset[str]:
    return frozenset(row["form"] for row in load_table("events_period_nouns"))


def _is_reference_date(text: str, date: DateMention, cues: Sequence[Cue]) -> bool:
    """`Постановление № 151 ... от 2020 г.`: a date after `от` that names a document;
    `бюджета за 2026 г.`: a date after a noun of a period and `за`; `спрямо миналата
    година`, `по-високи от миналото лято`: a date a figure is compared with."""
    before = text[max(0, date.start - 80) : date.start]
    if _COMPARED_FROM.search(before) or any(
        c.cue == "comparison" and 0 <= date.start - c.end <= 2 for c in cues
    ):
        return True  # `спрямо миналата година`: the point of comparison
    period = _PERIOD_OF.search(before)
    if period is not None and period.group(1).lower() in _period_nouns():
        return True
    if not _DATE_OF.search(before):
        return False
    return any(c.cue == "reference_noun" and date.start - 80 <= c.start < date.start for c in cues)


def _modality(
    text: str,
    trigger: Trigger,
    clauses: _Clauses,
    cues: Sequence[Cue],
    triggers: Sequence[Trigger],
    date: DateMention | None,
    reference: Reference,
) -> str:
    clause_start, _ = clauses.of(trigger.start)
    verb_at, tense = trigger.start, trigger.tense
    if tense == "noun" and trigger.verb_start >= 0:
        # `Делото продължава`, `провежда среща`: the tense of the light verb the noun goes
        # with, in the indicative (not `преди да започнат преговорите`)
        verb_at = max(trigger.start, trigger.verb_start)
        tense = _light_tense_at(text, trigger.verb_start, cues)
    elif tense == "noun":
        # `Цената ще бъде около 9 млрд. евро`, `Строителството може да започне`: a cue of
        # the noun's own verb after it counts
        after = [
            c
            for c in cues
            if c.cue in _VERB_CUES
            and c.start >= trigger.end
            and clauses.same(trigger.start, c.start)
            and clauses.words_between(trigger.end, c.start) <= STATE_REACH
        ]
        if after:
            verb_at = after[0].end
        else:
            state = _present_state_after(text, trigger, clauses)
            if state >= 0:  # `Таксата за теглене от банкомат остава 1 евро`: a level now
                verb_at, tense = state, "present"
        planned_after = any(  # `Решението на съда се очаква до края на месеца`
            t.role == "plan"
            and t.start > trigger.end
            and clauses.same(trigger.start, t.start)
            and clauses.words_between(trigger.end, t.start) <= STATE_REACH
            for t in triggers
        )
        if planned_after:
            return "planned"
    before = [c for c in cues if clause_start <= c.start < verb_at]
    if trigger.role == "plan":
        return "planned"
    if _negated(trigger, before, clauses):
        return "negated"
    if any(c.cue == "hypothetical" for c in before):
        return "hypothetical"
    conditions = [c.start for c in cues if c.form in _CONDITIONS]
    if any(c < trigger.start for c in conditions) or (
        conditions and trigger.event_type not in _CONDITIONAL_BY_NATURE
    ):
        # `Ако бюджетът бъде приет, съветът ще изплати ...`, `... ще работи, ако ...`; a
        # threat or a warning with its condition after it was made all the same
        return "hypothetical"
    plan_before = any(
        t.role == "plan" and clause_start <= t.start < trigger.start for t in triggers
    ) or any(
        t.role == "plan"
        and t.end <= trigger.start
        and clauses.words_between(t.end, trigger.start) <= 6
        for t in triggers
    )
    if plan_before or any(c.cue in ("future", "plan") for c in before):
        return "planned"
    if date is not None and date.range_start is not None and date.range_start > _dct_end(reference):
        return "planned"  # also what must be done by a date to come (`трябва да обяви до 23 май`)
    if any(c.cue == "obligation" for c in before):
        return "hypothetical"  # an obligation not yet met, with no date (`трябва да положат`)
    if any(c.cue == "ongoing" for c in before):
        return "ongoing"
    past_date = date is not None and date.range_end is not None and date.range_end < reference.day
    subjunctive = any(c.form == "да" and 0 <= verb_at - c.end <= 5 for c in cues)
    if tense == "present" and not _aorist_too(trigger) and not past_date and not subjunctive:
        # a present verb with a past date narrates the past (`През 2003 г.`); `да помогне`
        # is no present
        return "ongoing"
    return "occurred"


def _light_tense_at(text: str, start: int, cues: Sequence[Cue]) -> str:
    """The tense of the light verb that starts at `start`: `present` only for a present that
    is no aorist too (`коментира`) and follows no `да`; else `noun` (read as done)."""
    word = _WORD.match(text, start)
    if word is None:
        return "noun"
    info = _lexicon().triggers.get(word.group(0))
    if info is None or info[1] != "light":
        return "noun"
    head, tense = info[0].split("-")[0], info[4]
    subjunctive = any(c.form == "да" and 0 <= start - c.end <= 5 for c in cues)
    aorist_too = head.endswith("ирам") and word.group(0).lower() == head[:-1]
    return "noun" if subjunctive or aorist_too else tense


def _negated(trigger: Trigger, before: Sequence[Cue], clauses: _Clauses) -> bool:
    """A negation cue before the trigger in its clause governs it (`не` only right before
    it: `не е обявила`)."""
    return any(
        cue.cue == "negation"
        and (cue.form != "не" or clauses.words_between(cue.end, trigger.start) <= NEGATION_REACH)
        for cue in before
    )


def _aorist_too(trigger: Trigger) -> bool:
    """The 3rd person singular of a verb in `-ирам` is also its aorist (`финансира`,
    `експулсира`, `окупира`): news reports it done. (Most verbs in `-увам` are imperfective:
    `струва`, `купува` stay present.)"""
    head = trigger.lemma.split("-")[0]
    return head.endswith("ирам") and trigger.text.lower() == head[:-1]


def _dct_end(reference: Reference) -> dt.date:
    if reference.precision == "day":
        return reference.day
    next_month = (reference.day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def publication_range(reference: Reference) -> tuple[dt.date, dt.date]:
    return reference.day, _dct_end(reference)


def _governing_date(
    text: str,
    trigger: Trigger,
    dates: Sequence[DateMention],
    clauses: _Clauses,
    cues: Sequence[Cue],
    excluded: tuple[int, int] | None,
    reference: Reference | None = None,
) -> DateMention | None:
    """The calendar date that governs the trigger: in its clause, else the nearest of the
    sentence that fits its tense; never a date naming a document or in `excluded` (the
    clause of a report's saying)."""
    candidates = [
        d
        for d in dates
        if _is_calendar(d)
        and not _is_reference_date(text, d, cues)
        and (excluded is None or not _in(d.start, excluded))
    ]
    if not candidates:
        return None
    same = [d for d in candidates if clauses.same(d.start, trigger.start)]
    if reference is not None and _narrated_past(trigger, cues):
        # a verb in the past is not dated after the article: `поискаха сесията да бъде
        # насрочена за 15 януари` asked on the day, for a date to come
        same = [d for d in same if d.range_start is None or d.range_start <= _dct_end(reference)]
    if not same and reference is not None and trigger.role not in _SAYING:
        # a date of another clause only when it fits the trigger's tense: `Пенсията ще
        # достигне 610 евро, както прогнозираше НОИ през април` is not dated April
        dct = reference.day
        if _in_future(trigger, cues):
            candidates = [d for d in candidates if d.range_end is None or d.range_end >= dct]
        elif _narrated_past(trigger, cues):
            candidates = [
                d
                for d in candidates
                if d.range_start is None or d.range_start <= _dct_end(reference)
            ]
    pool = same or candidates
    if not pool:
        return None
    # a date inside another's period is the finer one (`плащането за юли между 7 и 20 юли`)
    pool = [d for d in pool if not any(_within(other, d) for other in pool)] or pool
    return min(pool, key=lambda d: abs(d.start - trigger.start))


def _within(inner: DateMention, outer: DateMention) -> bool:
    """`inner` covers a strictly shorter part of `outer`'s days."""
    start, end = inner.range_start, inner.range_end
    outer_start, outer_end = outer.range_start, outer.range_end
    if start is None or end is None or outer_start is None or outer_end is None:
        return False
    return outer_start <= start and end <= outer_end and (start, end) != (outer_start, outer_end)


_CONTENT_ROLES = frozenset({"event", "light", "generic", "plan", "weak"})  # roles naming events


def _stop_word(word: str) -> bool:
    """A word no actor phrase takes: a cue word or a trigger (`синдикатите на среща`)."""
    lex = _lexicon()
    return word in lex.triggers or word.lower() in lex.cue_of


def _with_actor_phrases(
    text: str, entities: Sequence[EntityMention], scanned: Scan, context: ArticleContext
) -> list[EntityMention]:
    """The sentence's named entities and the actors named by a common noun
    (`actor_phrases.py`), in order.

    A phrase inside a name is dropped and a role right before a person's name gives way to the
    person (`министърът на вътрешните работи Саджид Джавид`); both teach `context` what a bare
    noun of the same lemma stands for later (`Министърът обвини` → `Саджид Джавид`). An actor
    name inside a phrase gives way to the phrase (`председателят на КЗП`)."""
    if not scanned.actor_heads:
        return list(entities)
    phrases = find_actor_phrases(text, _stop_word, scanned.words, scanned.actor_heads)
    if not phrases:
        return list(entities)
    kept: list[EntityMention] = []
    complements: set[int] = set()
    for phrase in phrases:
        mention = phrase.mention
        container = next(
            (m for m in entities if m.start <= mention.start and mention.end <= m.end), None
        )
        if container is not None:
            if container.kind == "actor":
                context.named_by_noun[phrase.lemma] = container.name_bg
            continue
        inside = [m for m in entities if mention.start <= m.start and m.end <= mention.end]
        apposed = next((m for m in entities if _names_the_phrase(text, m, mention, inside)), None)
        if apposed is not None:
            context.named_by_noun[phrase.lemma] = apposed.name_bg
            if apposed.subtype == "person":  # `секретарят на НАТО Марк Рюте`: НАТО acts not
                complements.update(id(m) for m in inside if m is not apposed)
            continue
        if (
            phrase.plural
            and mention.subtype == "role"
            and any(m.kind == "actor" or m.subtype == "country" for m in inside)
        ):
            continue  # `Министрите на отбраната от НАТО`: the bodies they speak for act
        if phrase.proper:
            if any(m.subtype == "person" for m in inside):
                continue  # `Комисията Жан-Клод Юнкер`: no body's name
            context.named_by_noun[phrase.lemma] = mention.name_bg
        # a bare singular noun with its article (`Министърът`, `банката`) stands for the one
        # named before; not a plural (`банките`) or an indefinite one (`нито една банка`)
        refers = (
            phrase.bare and not phrase.plural and mention.text.lower() != phrase.lemma
        )  # an adjective before it (`германския превозвач`) tells another one
        earlier = context.named_by_noun.get(phrase.lemma) if refers else None
        if earlier is None and refers:
            earlier = context.last_acting.get(
                _actor_noun_column("stands_for").get(phrase.lemma, "")
            )
        if earlier is None and refers:
            earlier = _actor_noun_column("otherwise").get(
                phrase.lemma
            )  # `парламентът`: Народното събрание
        if earlier is not None and mention.subtype in ("role", "body"):
            mention = dataclasses.replace(mention, name_bg=earlier)
        kept.append(mention)
    named_entities = [
        m
        for m in entities
        if id(m) not in complements
        and (m.kind != "actor" or not any(p.start <= m.start and m.end <= p.end for p in kept))
    ]
    return sorted([*named_entities, *kept], key=lambda m: m.start)


@cache
def _actor_noun_column(column: str) -> dict[str, str]:
    """Actor-noun lemma -> its value in `column` of events_actor_nouns.tsv, where it has one:
    `stands_for` (the subtype of the named actor a bare form stands for) or `otherwise` (the
    name it stands for when the article named none)."""
    return {
        row["lemma"]: row[column] for row in load_table("events_actor_nouns") if row.get(column)
    }


# the rest of a role's complement the phrase did not take (`министърът на труда | и социалната
# политика | Деница Сачева`): lower-case words after `и` or a preposition
_COMPLEMENT_REST = re.compile(r"\s+(?:и|на|за|по)\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,3}\s+")


def _names_the_phrase(
    text: str, name: EntityMention, phrase: EntityMention, inside: Sequence[EntityMention]
) -> bool:
    """A name right after a role or body phrase (or inside a role phrase) is the actor it
    describes: `министърът на отбраната Атанас Запрянов`, `авиокомпанията "Райънеър"`,
    `министърът на труда и социалната политика Деница Сачева`."""
    if phrase.subtype == "role":
        wanted = name.subtype == "person"
    elif phrase.subtype == "body":
        wanted = name.kind == "actor" and name.subtype != "person"
    else:
        return False
    apposed = -1 <= name.start - phrase.end <= APPOSITION_GAP or (
        phrase.subtype == "role"
        and _COMPLEMENT_REST.fullmatch(text, phrase.end, name.start) is not None
        and text[phrase.end : name.start].islower()
    )
    return wanted and (apposed or (phrase.subtype == "role" and name in inside))


def _names(mentions: Sequence[EntityMention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.name_bg for m in mentions))


def _is_place(text: str, mention: EntityMention) -> bool:
    """A place where the event happens; a country only after `в`/`във`/`из` (else it acts)."""
    return mention.kind == "place" and (
        mention.subtype != "country"
        or _IN_PLACE.search(text, max(0, mention.start - 6), mention.start) is not None
    )


def _roles(
    text: str,
    trigger: Trigger,
    entities: Sequence[EntityMention],
    clauses: _Clauses,
    cues: Sequence[Cue],
    frame_clause: tuple[int, int] | None,
) -> tuple[list[EntityMention], list[EntityMention], list[EntityMention], list[EntityMention]]:
    """(actors, targets, sources, places) among the entities outside the frame's clause."""
    actors: list[EntityMention] = []
    targets: list[EntityMention] = []
    sources: list[EntityMention] = []
    places: list[EntityMention] = []
    source_ends = [c.end for c in cues if c.cue == "source"]
    if trigger.role in _SAYING:  # `Това потвърдиха от Министерския съвет`: who said it
        by = _BY_SPEAKER.match(text, trigger.end)
        if by is not None:
            source_ends.append(by.end() - 1)
    clause_start, _ = clauses.of(trigger.start)
    verb = _verb_before(trigger)
    passive = _passive(text, trigger)
    pronoun_subject = any(
        c.cue == "pronoun"
        and c.form.lower() in _PERSONAL_PRONOUNS
        and clause_start <= c.start < verb
        for c in cues
    )
    for mention in entities:
        if frame_clause is not None and _in(mention.start, frame_clause):
            continue
        if _names_source(text, mention, source_ends, sources, clauses) or (
            _LEAD_COLON.match(text, mention.end) and mention.end <= trigger.start
        ):  # `ЦИК: Активността на вчерашния вот е 38,9%`: who says what follows
            sources.append(mention)
            continue
        if _is_place(text, mention):
            places.append(mention)
            continue
        speaks_from = (  # `От авиокомпанията обясняват`: the body speaks
            text[clause_start : mention.start].strip().lower() == "от"
            and mention.end <= trigger.start
        )
        doer_of_noun = (  # `Срещата на министрите`, `Проверки на КЗП`: whose act
            trigger.tense == "noun"
            and _GENITIVE.fullmatch(text, trigger.end, mention.start) is not None
            and (
                trigger.event_type in _DONE_BY_GENITIVE
                or (
                    mention.kind == "actor"
                    # a named body (`на НАП`, `на Асоциацията на ...`), not `на персонал`
                    and (mention.found_by != "actor_noun" or mention.text[:1].isupper())
                    and mention.subtype not in ("person", "role")
                    and trigger.event_type not in _UNDERGONE_BY_GENITIVE
                    and not 0 <= trigger.verb_start < trigger.start
                )
            )
        )  # for other nouns a person may undergo it: `арестът на кмета`
        share_of = _SHARE_OF.search(text, max(0, mention.start - 30), mention.start)
        if mention.found_by == "actor_noun" and (
            not clauses.same(mention.start, trigger.start)
            or (
                _AFTER_PREPOSITION.search(text, max(0, mention.start - 8), mention.start)
                and not speaks_from
                and not doer_of_noun
                and share_of is None  # `над 70% от учителите са подкрепили`
            )
        ):
            continue  # `в болницата`, `ако общината намери`: no role in this event
        governed = _lexicon().governed.search(text, max(0, mention.start - 60), mention.start)
        if (
            mention.subtype == "person"
            and governed is not None
            and governed.group(0).split()[0].lower() == "на"
        ):
            # `каза председателят на НСИ Атанас Атанасов`: a person after a role's complement
            # is apposed to the role, governed only by a preposition right before it
            governed = _AFTER_PREPOSITION.search(text, max(0, mention.start - 16), mention.start)
        if (
            governed is not None
            and trigger.tense != "noun"
            and governed.start() <= trigger.start < mention.start
        ):
            governed = None  # `Пред сградата на парламента протестираха стотици фермери`
        subject_before = (
            mention.start < verb
            and clause_start <= mention.start
            and _LOCATIVE_BEFORE.search(text, max(0, mention.start - 16), mention.start) is None
        )  # not `в БНБ левовете ще се обменят`
        subject_after = (
            mention.start >= trigger.end
            and clauses.same(mention.start, trigger.start)  # not `, както прогнозираше НОИ`
            and governed is None
            and not actors
            and not pronoun_subject  # `той обвини републиканските кандидати`
            and not passive  # `ще бъдат изградени две болници`: what undergoes it
            and not (_plural_verb(trigger) and _singular(mention))
        )  # `Задържаха кмет`: a singular name after a plural verb is its object
        if (
            passive
            and subject_before
            and (mention.found_by == "actor_noun" or mention.subtype == "person")
        ):  # `Нова детска клиника ще бъде открита`, `Биби беше арестувана`: they undergo it
            targets.append(mention)
        elif subject_before or subject_after or doer_of_noun:
            actors.append(mention)
        elif mention.start >= verb or governed is not None:
            # after the trigger, or between a light verb and its noun (`УЕФА наложи на
            # Лудогорец глоба`): the event's target
            targets.append(mention)
        else:
            actors.append(mention)  # an ungoverned name in an earlier clause
    if actors and any(m.subtype == "person" for m in actors):
        # a person's role complement (`министърът на отбраната на Украйна`) is not an actor
        actors = [m for m in actors if m.subtype == "person" or m.kind == "actor"]
    if any(m.subtype != "generic" for m in actors):
        actors = [m for m in actors if m.subtype != "generic"]  # `хората` only when alone
    return actors, targets, sources, places


def _names_source(
    text: str,
    mention: EntityMention,
    source_ends: Sequence[int],
    sources: Sequence[EntityMention],
    clauses: _Clauses,
) -> bool:
    """The mention is who says so: the first name after a source cue (`Според прокуратурата`,
    `съобщиха от пресцентъра на министерството`), or one joined to it (`според БНБ и НСИ`);
    not a later name of the clause (`Според прокуратурата подсъдимият е подписал`)."""
    if sources and (
        _AND_BETWEEN.fullmatch(text, sources[-1].end, mention.start)
        or mention.name_bg == sources[-1].name_bg  # its acronym after it: `(КЗП)`
    ):
        return True
    return any(
        _SOURCE_GAP.fullmatch(text, s, mention.start) is not None
        and clauses.same(s, mention.start)
        and not any(s <= m.start < mention.start for m in sources)
        for s in source_ends
    )


# between a source cue and its name: nothing, or a few words ending in `на` (`съобщиха от
# пресцентъра на министерството`, `според източници на Bloomberg`)
_SOURCE_GAP = re.compile(r"[\s„“\"«]*(?:(?:[^\W\d_]+\s+){1,3}на\s+[„“\"«]?)?")


_LEAD_COLON = re.compile(r"\s*:")
_BY_SPEAKER = re.compile(r"\s+от\s")  # a saying's `от` (`съобщиха от МВР`)
_AFTER_COLON = re.compile(r":\s*[„“\"]?$")
_AND_BETWEEN = re.compile(r"\s+и\s+")


_PUNCTUATION = re.compile(r"[^\w\s-]")
_DEFINITE_NOUN = re.compile(r"(?:ът|ят|та|то|те|ите|ата|ето|ото)$")
SUBJECT_MAX_WORDS = 3
# the cue words that may be part of a subject: a document noun (`Законът`) may be one
_SUBJECT_CUES = frozenset({"reference_noun"})


def _verb_before(trigger: Trigger) -> int:
    """Where the subject of the trigger's event ends: at the verb an event noun follows
    (`проведе среща`), else at the trigger (`Делото срещу кмета продължава`: what stands
    between a noun and its verb after it is the noun's, not a subject)."""
    if 0 <= trigger.verb_start < trigger.start:
        return trigger.verb_start
    return trigger.start


def _subject_phrase(text: str, trigger: Trigger, clauses: _Clauses) -> str | None:
    """The words right before a verb that name its subject when no gazetteer name or actor
    noun does: an unknown name (`Лаудамоушън уточни`, `ББР стартира`).

    Up to three words, no clitic, pronoun or preposition among them, one of them a name: an
    acronym, or a capitalised word that does not open the sentence (an opening capital says
    nothing: `Средната пенсия ще достигне` has no actor) unless it is alone before the verb
    and carries no article (`Германия отпусна`).
    """
    verb = _verb_before(trigger)
    if trigger.tense == "noun" and verb == trigger.start:
        return None
    lex = _lexicon()
    clause_start, _ = clauses.of(verb)
    first_word = _WORD.search(text)
    opening = first_word.start() if first_word is not None else -1
    words: list[re.Match[str]] = []
    following = verb
    bracketed = False
    for match in reversed(list(_WORD.finditer(text, clause_start, verb))):
        gap = text[match.end() : following].strip()
        if _PUNCTUATION.search(gap):
            # a subject's words stand together, but for a bracket right after its name
            # (`Марица (Пловдив) спечели`); `(НСИ) безработицата` is no name
            if gap == ")" and not words:
                bracketed = True
            elif not (gap == "(" and bracketed):
                break
        following = match.start()
        word = match.group(0)
        cue = lex.cue_of.get(word.lower())
        if cue is not None and cue not in _SUBJECT_CUES:
            if words and cue == "preposition":
                return None  # `Жилищата в София поскъпнаха`: a governed name is no subject
            if not words and word.lower() in _PERSONAL_PRONOUNS:
                return None  # `Първоначално те настояваха`: the pronoun is the subject
            if words:
                break
            continue  # a clitic, an adverb or `не` between the subject and its verb
        if len(word) < 2:
            break
        words.append(match)
        if len(words) == SUBJECT_MAX_WORDS:
            break
    lone_opening_name = (
        len(words) == 1
        and words[0].start() == opening
        and words[0].group(0)[:1].isupper()
        and not _DEFINITE_NOUN.search(words[0].group(0))
        and not is_numeral(words[0].group(0))
        and not words[0].group(0).lower().startswith(("най-", "по-"))
    )  # `Германия отпусна`, `Левски победи`; not `Заболеваемостта е достигнала`, `Най-много`
    if not lone_opening_name and not any(
        (w.group(0).isupper() and len(w.group(0)) > 1)
        or (
            w.group(0)[:1].isupper()
            and w.start() != opening
            and not _AFTER_COLON.search(
                text, max(0, w.start() - 4), w.start()
            )  # `НСИ: Икономиката расте`
        )
        for w in words
    ):
        return None
    return " ".join(w.group(0) for w in reversed(words))


def _subjectless(text: str, main: Trigger, frame: _Frame, dates: Sequence[DateMention]) -> bool:
    """The reported verb follows `че` with only cue words and dates between (`че ще обжалва`,
    `че не се е срещнал`, `че от 8 до 10 август е извършила`): it has no subject of its own,
    so the speaker is its subject."""
    start, end = frame.content
    verb = main.verb_start if main.tense == "noun" else main.start
    if not start <= verb <= end:
        return False  # also a noun with no verb of its own (`verb_start` -1)
    cue_of = _lexicon().cue_of
    return all(
        cue_of.get(w.group(0).lower(), "reference_noun") not in _SUBJECT_NOUN_CUES
        or any(d.start <= w.start() < d.end for d in dates)
        for w in _WORD.finditer(text, start, verb)
    )  # a noun among the cue words (`че изборите ще струват`, `че студът ще продължи`) is
    # a subject of its own


# cue kinds of nouns: a word of one of them (or an unlisted word) may be a verb's subject
_SUBJECT_NOUN_CUES = frozenset({"reference_noun", "weather", "money_noun", "aid_object"})


_COORDINATED = re.compile(r"\s*(?:,|и|както и)\s+$")


def _speaker(text: str, entities: Sequence[EntityMention], frame: _Frame) -> list[EntityMention]:
    """Who speaks in the frame's clause: its first person, else its first actor or country
    (`Полша се опасява`), with the names joined to it by `и` or a comma (`Полша и Литва`)."""
    inside = [
        m
        for m in entities
        if _in(m.start, frame.clause)
        and (m.kind == "actor" or (m.subtype == "country" and not _is_place(text, m)))
    ]
    persons = [m for m in inside if m.subtype == "person"]
    if not inside:
        return []
    first = persons[0] if persons else inside[0]
    speakers = [first]
    for mention in inside[inside.index(first) + 1 :]:
        if not _COORDINATED.fullmatch(text, speakers[-1].end, mention.start):
            break
        speakers.append(mention)
    return speakers


_DateFields = tuple[str, dt.date | None, dt.date | None, str, str, str | None]
_DATE_COLUMNS = (
    "date_value", "date_start", "date_end", "date_precision", "date_source", "date_text",
)  # fmt: skip


def _date_columns(fields: _DateFields) -> dict[str, Any]:
    """The event's date fields by their column names."""
    return dict(zip(_DATE_COLUMNS, fields, strict=True))


def _date_fields(
    date: DateMention | None, source: str, reference: Reference, future: bool
) -> _DateFields:
    if date is not None:
        if _CLOCK_TIME.match(date.value):
            # `в 17:00 ч. на 4 март`: an event happens on a day; the clock time stays in
            # `date_text` (and in the date mention's own row)
            return date.value[:10], date.range_start, date.range_end, "day", source, date.text
        return (
            date.value, date.range_start, date.range_end, date.precision, source, date.text,
        )  # fmt: skip
    if source == "publication":
        start, end = publication_range(reference)
        return reference.value, start, end, reference.precision, source, None
    return ("FUTURE_REF" if future else "PAST_REF"), None, None, "vague", "vague", None


_CLOCK_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T")  # a TIMEX value with a time of day
_SUBJECT_PRONOUNS = frozenset({"той", "тя"})  # `те` stands for a group, not the last person
_PERSONAL_PRONOUNS = frozenset({"той", "тя", "то", "те"})


def _first_word(mention: EntityMention) -> str:
    """The first word of a mention's name, lower-cased: a phrase's number shows on it
    (`синдикатите в образованието`, `Балтийските страни`)."""
    return mention.name_bg.split()[0].lower() if mention.name_bg else ""


def _named_plural(mention: EntityMention) -> bool:
    """A phrase named in the plural with the article (`синдикатите`, `евродепутатите`)."""
    return _first_word(mention).endswith(("ите", "те"))


def _is_group(mention: EntityMention) -> bool:
    """People or bodies in the plural (`синдикатите`, `Балтийските страни`)."""
    return mention.subtype == "group" or (
        mention.found_by == "actor_noun" and _named_plural(mention)
    )


# `Двамата`, `И двамата`, `Тримата` opening a sentence: the people of the event before
_BOTH = re.compile(r"\s*(?:и\s+)?(?:двамата|тримата|двете страни)(?![\w-])", re.IGNORECASE)


def _they_before(trigger: Trigger, cues: Sequence[Cue], clauses: _Clauses) -> bool:
    """`Те` opens the sentence or stands before the trigger in its clause."""
    clause_start, _ = clauses.of(trigger.start)
    return any(
        c.form == "те"
        and (clauses.words_between(0, c.start) == 0 or clause_start <= c.start < trigger.start)
        for c in cues
    )


# the agent of a passive: `от` (and a word: `от двете правителства`) before a name, or the
# body whose sitting it was
_AGENT_BEFORE = re.compile(
    r"(?:(?<![\w-])от(?:\s+[^\W\d_]+)?|заседание(?:то)?\s+на(?:\s+[^\W\d_]+){0,2})\s+$",
    re.IGNORECASE,
)


def _participle_of(
    text: str, main: Trigger, found: Sequence[Trigger], clauses: _Clauses
) -> Trigger | None:
    """The passive participle after an event noun in its clause (`Решението е взето`), also
    one the lexicon does not list after its auxiliary (`пожарът беше овладян`)."""
    if main.tense != "noun":
        return None
    listed = next(
        (
            t
            for t in found
            if t.tense == "participle" and t.start > main.end and clauses.same(t.start, main.start)
        ),
        None,
    )
    if listed is not None:
        return listed
    _, clause_end = clauses.of(main.start)
    unlisted = _UNLISTED_PASSIVE.search(text, main.end, clause_end)
    if unlisted is None:
        return None
    start, end = unlisted.span("p")
    return Trigger(start, end, unlisted["p"], "", "generic", "other", None, "participle")


def _agents(text: str, trigger: Trigger, entities: Sequence[EntityMention]) -> list[EntityMention]:
    """Who did what a passive participle reports, with the names joined to it by `и` or a
    comma (`Предложението беше отхвърлено на днешното заседание на постоянната комисия`, `е
    подкрепен от ГЕРБ-СДС, ДПС и БСП`)."""
    after = [m for m in entities if m.start >= trigger.end and m.kind == "actor"]
    for i, mention in enumerate(after):
        if _AGENT_BEFORE.search(text, max(0, mention.start - 60), mention.start):
            agents = [mention]
            for other in after[i + 1 :]:
                if not _COORDINATED.fullmatch(text, agents[-1].end, other.start):
                    break
                agents.append(other)
            return agents
    return []


_PLURAL_VERB = re.compile(r"(?:ха|[ая]т|[ая]ли|или|еха|аха|яха)$")


def _plural_verb(trigger: Trigger) -> bool:
    """A verb in the 3rd person plural (`задържаха`, `протестират`, `приели`)."""
    return trigger.tense != "noun" and _PLURAL_VERB.search(trigger.text.lower()) is not None


def _singular(mention: EntityMention) -> bool:
    """One person, or a role or body named in the singular (not `синдикатите`, not a group)."""
    if mention.subtype == "person":
        return True
    return (
        mention.found_by == "actor_noun"
        and mention.subtype == "role"
        and not is_plural(_first_word(mention))
    )


def _refers_back(
    trigger: Trigger, cues: Sequence[Cue], clauses: _Clauses, speaking: tuple[int, int] | None
) -> bool:
    """A pronoun opens the sentence (`Той се срещна`) or follows the trigger (`срещата му`), or
    a singular subject pronoun stands before the trigger in its clause (`През 2011 г. той я
    продаде`); not one in the clause of the saying that reports the trigger (`Той уточни, че
    учителите са подкрепили`: `той` speaks)."""
    clause_start, _ = clauses.of(trigger.start)
    for cue in cues:
        if cue.cue != "pronoun" or (speaking is not None and _in(cue.start, speaking)):
            continue
        if clauses.words_between(0, cue.start) == 0:
            return True
        if cue.form in _SUBJECT_PRONOUNS and clause_start <= cue.start < trigger.start:
            return True
        if cue.start >= trigger.end and clauses.words_between(trigger.end, cue.start) == 0:
            return True
    return False


def _event_date(
    text: str,
    main: Trigger,
    event_type: str,
    modality: str,
    date: DateMention | None,
    parts: SentenceParts,
    cues: Sequence[Cue],
    context: ArticleContext,
) -> _DateFields:
    """The guideline's four rules: sentence, paragraph, publication, vague."""
    if date is not None:
        return _date_fields(date, "sentence", context.reference, False)
    before = context.dated_in_paragraph.get(parts.paragraph_no)
    reporting_now = main.role in _SAYING and main.tense == "present"  # `казва`, `посочва`
    # a plan or a possibility with no date of its own is one more to come, not the dated
    # event of the paragraph going on (`Близо 1500 служители ще работят по проекта`)
    to_come = modality in ("planned", "hypothetical") or (
        modality == "negated" and _in_future(main, cues)
    )  # `отрече, че войници ще бъдат изпратени`: denied to come
    if before is not None and before.modality == modality and not reporting_now and not to_come:
        return (
            before.date_value, before.date_start, before.date_end, before.date_precision,
            "paragraph", before.date_text,
        )  # fmt: skip
    background = any(c.cue == "background" for c in cues)
    source = "vague" if to_come or background else "publication"
    return _date_fields(None, source, context.reference, to_come)


def _narrated_past(trigger: Trigger, cues: Sequence[Cue]) -> bool:
    """The trigger is a verb in the past: not after `да` or `ще` (`няма да въведе`, `ще се
    проведе` are to come), and not a verb of planning (`насрочи изборите за 23 февруари`
    dates what it plans)."""
    return (
        trigger.tense == "past"
        and trigger.role != "plan"
        and not _in_future(trigger, cues)
        and not any(c.form.split()[-1] == "да" and 0 <= trigger.start - c.end <= 5 for c in cues)
    )


def _in_future(trigger: Trigger, cues: Sequence[Cue]) -> bool:
    """The trigger's verb (a noun's light verb: `обсъждането ще се проведе`) is in the future
    tense: `ще` stands right before it, a clitic or an auxiliary aside (`ще бъдат
    изпратени`)."""
    if trigger.tense == "future":
        return True
    verb = trigger.verb_start if trigger.verb_start >= 0 else trigger.start
    return any(c.cue == "future" and 0 <= verb - c.end <= 12 for c in cues)


def sentence_events(article_id: str, parts: SentenceParts, context: ArticleContext) -> list[Event]:
    """The events of one sentence (the main one first), updating `context`.

    A sentence with no event still names people and bodies for later ones to refer back to
    (`Министърът на вътрешните работи Саджид Джавид има нов план.`)."""
    scanned = scan(parts.sentence.text)
    events = _sentence_events(article_id, parts, context, scanned)
    if not events and scanned.actor_heads and any(m.kind == "actor" for m in parts.entities):
        _with_actor_phrases(parts.sentence.text, parts.entities, scanned, context)
    if not events and not parts.sentence.is_related_headline:
        # `Ники Лауда беше пилот.`: no event, but the person a later `той` stands for
        person = next((m for m in parts.entities if m.subtype == "person"), None)
        if person is not None:
            context.remember_person(person.name_bg)
    return events


def _sentence_events(
    article_id: str, parts: SentenceParts, context: ArticleContext, scanned: Scan
) -> list[Event]:
    sentence = parts.sentence
    text = sentence.text
    found, cues = _in_sense(scanned.triggers, scanned), scanned.cues
    source_ends = [c.end for c in cues if c.cue == "source"]
    if source_ends:  # `Според обвинението ...`: the word after a source cue names who says so
        found = [t for t in found if not any(0 < t.start - end <= 2 for end in source_ends)]
    headline = sentence.is_related_headline or (sentence.no == 0 and context.titled)
    if (
        not found
        and not cues
        and not headline
        and not parts.amounts
        and not scanned.actor_heads
        and not any(m.kind == "actor" or m.subtype == "country" for m in parts.entities)
    ):
        return []  # no trigger, amount, subject or word that could govern an unlisted verb
    clauses = _Clauses(text, cues, scanned)
    generic = _generic_verbs(text, found, cues)
    candidates = sorted([*found, *generic], key=lambda t: t.start) if generic else found
    triggers = _resolve_light(text, candidates, clauses)
    has_anchor = headline or bool(parts.amounts) or any(_is_calendar(d) for d in parts.dates)
    main, frame = _pick_main(text, triggers, parts.dates, clauses, cues, has_anchor)
    if main is None and parts.amounts:
        # a figure stated with no verb of ours (`План-сметката е в размер на 6 млн. евро`,
        # `Шезлонгът – до 15 евро`): a change or a level of a figure, economy
        amount = parts.amounts[0][1]
        main = Trigger(
            amount.start, amount.end, text[amount.start : amount.end], "", "event", "economy",
            None, _figure_tense(text),
        )  # fmt: skip
    entities: list[EntityMention] | None = None
    if main is None and not headline:
        entities = _with_actor_phrases(text, parts.entities, scanned, context)
        main = _verb_after_subject(text, entities, scanned, clauses)
    if main is None and not headline:
        return []
    if main is None:
        first = _WORD.search(text)
        if first is None:
            return []
        main = Trigger(
            first.start(), first.end(), first.group(0), "", "event", "other", None, "noun"
        )
    said = frame is not None and main is frame.speech
    reported = frame if frame is not None and not said else None
    excluded = reported.clause if reported is not None else None
    # a saying whose words name no event is dated by its own clause, not by what it says
    # (`„Чакахме тази сграда от 2019 г.“, заяви ...` was said on the day)
    undated = (
        frame.content
        if said
        and frame is not None
        and not any(t.role in _CONTENT_ROLES and _in(t.start, frame.content) for t in found)
        else excluded
    )
    date = _governing_date(text, main, parts.dates, clauses, cues, undated, context.reference)
    plover = main.plover
    if main.role in _SAYING:
        event_type, modality = main.event_type, _saying_modality(main)
        clause_start, _ = clauses.of(main.start)
        before = [c for c in cues if clause_start <= c.start < main.start]
        if main.role == "speech" and _negated(main, before, clauses):
            modality = "negated"  # `нито една банка не е обявила`; `не смята` is a belief
    else:
        event_type = main.event_type  # a plan alone: its own type (`покани` a request)
        if event_type == "other" and parts.amounts and main.role in ("generic", "light", "plan"):
            event_type = "economy"  # an unlisted verb with an amount: money paid, raised, spent
        money = _money_object(main, cues, clauses)
        if money is not None and event_type in ("other", "economy"):
            # `Търговците връщат ресто`: money as its object; `ще имат достъп до кредити`:
            # funds given
            event_type, plover = money
        if event_type == "other" and main.role in ("generic", "light", "event"):
            # `Помощта ще тръгне`, `Заседанието започна`, `Фестивалът привлече`: an event noun
            # before a verb of no type of its own in its clause is its subject and names the
            # kind of event
            noun_subject = _event_subject(main, found, clauses)
            if noun_subject is not None:
                event_type = noun_subject.event_type
        modality = _modality(text, main, clauses, cues, triggers, date, context.reference)
        if reported is not None and reported.speech.role == "denial":
            modality = "negated"  # `отрече, че войници ще бъдат изпратени`: said not to be
    fields = _event_date(text, main, event_type, modality, date, parts, cues, context)
    if entities is None:
        entities = _with_actor_phrases(text, parts.entities, scanned, context)
    actors, targets, sources, places = _roles(text, main, entities, clauses, cues, excluded)
    if _reported_about(text, main):
        # `Аптеките съобщават за недостиг`: who reports about the event is its source
        actors, sources = [], [*actors, *sources]
    if main.role in _SAYING and frame is None and not actors:
        # `Това съобщиха от пресцентъра на министерството`: the saying is the event, and who
        # the source cue names is who says it
        actors, sources = sources, []
    passive = main if main.tense == "participle" else _participle_of(text, main, found, clauses)
    if passive is not None:
        # `беше отхвърлено от комисията`; `Решението е взето от съвета`: the noun's passive
        outside = [m for m in entities if excluded is None or not _in(m.start, excluded)]
        agents = _agents(text, passive, outside)  # not the speaker: `..., съобщиха от АПИ`
        if agents:
            actors = agents
            targets = [m for m in targets if m not in agents]
    if frame is not None:
        speaker = _speaker(text, entities, frame)
        if said:
            actors = speaker
            targets = [m for m in targets if m not in speaker]
            # where the saying happens, not the places of what is said
            places = [m for m in places if _in(m.start, frame.clause)]
        else:
            sources = speaker + sources
    partners = _partners(text, targets, entities) if event_type in _JOINT_TYPES else []
    targets = [m for m in targets if m not in partners]
    actor_names = _names(actors)
    if not actor_names and context.last_person and _refers_back(main, cues, clauses, excluded):
        actor_names = (context.person_for(cues) or context.last_person,)
    if not actor_names and len(context.last_actors) > 1 and _BOTH.match(text):
        actor_names = context.last_actors  # `Двамата обсъдиха`: the two who acted before
    if not actor_names and context.last_group and _they_before(main, cues, clauses):
        actor_names = (context.last_group,)  # `Те настояват`: the last group that acted
    if not actor_names and not _passive(text, main):
        subject = _subject_phrase(text, main, clauses)
        actor_names = (subject,) if subject else ()
    if said and not actor_names and context.last_person:
        actor_names = (context.last_person,)
    source_names = _names(sources)
    if reported is not None and not source_names:
        speaker_phrase = _subject_phrase(text, reported.speech, clauses)
        source_names = (speaker_phrase,) if speaker_phrase else ()
    after_verb = all(m.start > main.start for m in actors)  # a name after it is its object
    speaker_acts = (
        reported is not None
        and (not actor_names or after_verb)
        and not _passive(text, main)  # `обяви, че ще бъдат изградени`: no doer named
        and _subjectless(text, main, reported, parts.dates)
    )
    if speaker_acts:
        # `Защитата заяви, че ще обжалва`, `Райънеър обяви, че купува авиокомпанията`: the
        # speaker acts, and a name after the verb is what it acts on
        targets = [*[m for m in actors if m not in targets], *targets]
        actor_names = source_names
    actor_names = tuple(dict.fromkeys(context.person_parts.get(n, n) for n in actor_names))
    if partners:  # `Той се срещна с Марк Рюте`: both parties of a meeting act
        actor_names = tuple(dict.fromkeys([*actor_names, *_names(partners)]))
    eur_values = [eur for _, _, eur in parts.amounts if eur is not None]
    main_event = _event(
        article_id,
        parts,
        0,
        main,
        event_type=event_type,
        plover=plover,
        modality=modality,
        **_date_columns(fields),
        actors=actor_names,
        targets=tuple(n for n in _names(targets) if n not in actor_names),
        sources=source_names
        if speaker_acts
        else tuple(n for n in source_names if n not in actor_names),
        places=_names(places),
        amount_eur=max(eur_values) if eur_values else None,
        money_ids=tuple(money_id for money_id, _, _ in parts.amounts),
        is_main=True,
    )
    events = [main_event]
    if reported is not None:
        events.append(_statement(article_id, parts, entities, reported, clauses, cues, context, 1))
    if frame is not None and not sentence.is_related_headline:
        speaker_names = [
            m.name_bg for m in _speaker(text, entities, frame) if _one_person(m) and m.name_bg
        ]
        persons = speaker_names or _person_names(parts.entities, main_event)
    else:
        persons = _person_names(parts.entities, main_event)
    if persons and not sentence.is_related_headline:
        context.remember_person(persons[0])
    for mention in parts.entities:
        if mention.subtype != "person" or not mention.name_bg:
            continue
        for name in (mention.name_bg, mention.text):  # `Асия Биби`, written `Азия Биби`
            words = name.split()
            for word in words if len(words) > 1 else ():
                context.person_parts.setdefault(word, mention.name_bg)
    if main_event.actors and not sentence.is_related_headline:
        context.last_actors = main_event.actors
    for actor in actors:
        if actor.kind == "actor" and actor.found_by != "actor_noun":
            context.last_acting[actor.subtype] = actor.name_bg
        if actor.kind == "actor" and _is_group(actor):
            context.last_group = actor.name_bg
    if main_event.date_source in ("sentence", "paragraph"):
        context.dated_in_paragraph[parts.paragraph_no] = main_event
    return events


def _saying_modality(saying: Trigger) -> str:
    """A saying is done, also in the reporting present (`обясняват`, `коментира`); a belief or a
    fear in the present (`смята`, `се опасяват`) holds at publication: ongoing."""
    return "ongoing" if saying.role == "opinion" and saying.tense == "present" else "occurred"


def _one_person(mention: EntityMention) -> bool:
    """A person, or a singular role (`министърът`), that a later `той`/`тя` may stand for; not
    a body or a group (`евродепутатите`)."""
    return mention.subtype == "person" or (mention.subtype == "role" and not _named_plural(mention))


def _person_names(entities: Sequence[EntityMention], event: Event) -> list[str]:
    """The persons among an event's actors and sources: who a later `той` stands for."""
    persons = {m.name_bg for m in entities if m.subtype == "person"}
    return [n for n in (*event.actors, *event.sources) if n in persons]


def _event(
    article_id: str, parts: SentenceParts, index: int, trigger: Trigger, **fields: Any
) -> Event:
    """The `index`-th event of a sentence, named by `trigger`; `fields` give the rest."""
    sentence = parts.sentence
    return Event(
        event_id=f"{article_id}-{sentence.no:04d}-{index}",
        sentence_no=sentence.no,
        char_start=sentence.start,
        char_end=sentence.end,
        text=sentence.text,
        trigger=trigger.text,
        trigger_start=sentence.start + trigger.start,
        trigger_end=sentence.start + trigger.end,
        is_related_headline=sentence.is_related_headline,
        paragraph_no=parts.paragraph_no,
        **fields,
    )


def _statement(
    article_id: str,
    parts: SentenceParts,
    entities: Sequence[EntityMention],
    frame: _Frame,
    clauses: _Clauses,
    cues: Sequence[Cue],
    context: ArticleContext,
    index: int,
) -> Event:
    """The saying of a reported event, as an event of its own (`is_main` false)."""
    sentence = parts.sentence
    text = sentence.text
    speech = frame.speech
    dates = [d for d in parts.dates if _in(d.start, frame.clause)]
    date = _governing_date(text, speech, dates, clauses, cues, None)
    fields = _date_fields(date, "sentence" if date else "publication", context.reference, False)
    speakers = _names(_speaker(text, entities, frame))
    if not speakers and context.last_person and any(c.cue == "pronoun" for c in cues):
        speakers = (context.person_for(cues) or context.last_person,)
    if not speakers:
        phrase = _subject_phrase(text, speech, clauses)
        speakers = (phrase,) if phrase else ()
    places = [m for m in parts.entities if _in(m.start, frame.clause) and _is_place(text, m)]
    return _event(
        article_id,
        parts,
        index,
        speech,
        event_type=speech.event_type,
        plover=speech.plover,
        modality=_saying_modality(speech),
        **_date_columns(fields),
        actors=speakers,
        places=_names(places),
        is_main=False,
    )
