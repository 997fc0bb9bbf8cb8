"""Actors named by a common noun: a role, a body or a group of people.

Most actors of news sentences carry no name: `синдикатите`, `министърът на образованието`,
`Окръжният съд в Смолян`, `председателят на КЗП`. The head noun comes from the table
`events_actor_noun_forms.tsv` (every form of the lemmas of `events_actor_nouns.tsv`); the
phrase around it is read from the words:

- before the head, up to two adjectives (`Окръжният съд`, `Финансовото министерство`), none
  when the head carries the article itself (`призна подсъдимия`);
- after a body noun, its own name in quotes or capitals (`превозвачът "Райънеър"` names
  `Райънеър`; `Агенция „Пътна инфраструктура“`, a noun without the article, is the whole name);
- after it, up to two complements of `на`, `в`, `във`, `за`, `по`, `към` or `от`, each of up to
  three words that end in a noun or a name (`председателят на бюджетната комисия`,
  `опозицията в Столичния общински съвет`); a complement that runs into a verb or a function
  word is left out.

Bulgarian puts the article on the first word of a noun phrase, so adjectives are told by
their endings, and the complement ends at its first word that is not one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.extract.entities import EntityMention
from pipeline.extract.lexicon import WORD, load_table
from pipeline.extract.numerals import number_words

KINDS = ("role", "body", "group", "generic")
ADJECTIVES_BEFORE = 2
COMPLEMENTS_AFTER = 2
COMPLEMENT_WORDS = 3
# a name right after a body noun: in quotes (`„Пътна инфраструктура“`) or capitalised words
# (`Лаудамоушън`, `ГЕРБ`)
_PROPER_NAME = re.compile(
    r"\s(?:[„\"″«'“](?P<quoted>[^„\"″«»“”'\n]{1,60})[“\"″»'”]"
    r"|(?P<name>[A-ZА-Я][\w&-]*(?:\s+[A-ZА-Я0-9][\w&-]*){0,3})(?![\w-]))"
)
# the article ends a common noun (`Авиокомпанията Лаудамоушън`); a name's first word has none
# (`Община Русе`)
_DEFINITE = re.compile(r"(?:ът|ят|та|то|те)$")
_PLURAL = ("ите", "те", "и", "ове")  # `министрите`, `съдиите`, `депутати`, `клубове`
_PREPOSITIONS = frozenset({"на", "в", "във", "за", "по", "към", "от"})
_NAMING_PREPOSITIONS = frozenset({"на", "за", "по"})  # not `опозицията в съвета`
_WORD = WORD
# adjective endings: a stem in -н, -ск, -цк, -ов, -ев, -ш, -ч or -ж plus an ending of gender,
# number or the article (`бюджетната`, `Окръжният`, `общински`, `Финансовото`, `вътрешните`);
# looser tests take verbs (`смята`) and nouns (`обезщетенията`) for adjectives
_ADJECTIVE = re.compile(r"(?:н|ск|цк|ов|ев|ш|ч|ж)(?:ия|ият|ата|ото|ите|и|а|о)$|(?:ски|цки)$")
# the short masculine adjective (`виновен`, `готов`, `български`): it never ends a noun phrase
_PREDICATIVE = re.compile(r"(?:ен|ов|ев|ски|цки)$")
# words of dates: `съдията в четвъртък` has no complement
_DATE_TABLES = ("dates_weekdays", "dates_months")


Word = tuple[int, int, str]  # start, end, the word


@dataclass(frozen=True, slots=True)
class _Noun:
    lemma: str
    kind: str


@dataclass(frozen=True, slots=True)
class ActorPhrase:
    """An actor named by a common noun; `bare` when the noun stands alone (`министърът`,
    `агенцията`): then it may stand for a name the article gave before."""

    mention: EntityMention
    lemma: str
    bare: bool
    plural: bool  # `министрите`: people who speak for the bodies named after them
    proper: bool = False  # the phrase carries the body's own name (`Община Русе`)


@cache
def actor_nouns() -> dict[str, _Noun]:
    """Lower-cased form -> its lemma and kind."""
    return {
        row["form"].lower(): _Noun(row["lemma"], row["kind"])
        for row in load_table("events_actor_noun_forms")
    }


@cache
def _date_words() -> frozenset[str]:
    return frozenset(row["form"].lower() for table in _DATE_TABLES for row in load_table(table))


def _has_article(word: str) -> bool:
    """The noun carries the definite article (`синдикатите`, `съда`, `подсъдимия`): a full
    article ending, or the short one (`-а`, `-я`) of a noun whose full one (`-ът`, `-ят`) the
    table lists."""
    lowered = word.lower()
    if _DEFINITE.search(lowered):
        return True
    nouns = actor_nouns()
    stem = lowered[:-1]
    return lowered[-1:] in ("а", "я") and (stem + "ът" in nouns or stem + "ят" in nouns)


def _is_adjective(word: str) -> bool:
    return _ADJECTIVE.search(word.lower()) is not None and word.lower() not in actor_nouns()


def _nominative(name: str, first: int, head: int, words: list[Word], lemma: str) -> str:
    """The name of a masculine singular phrase in the nominative: the short article of the
    object (`съда`, `Административния съд`, `министъра на финансите`) becomes the full one
    of the subject (`Административният съд`, `министърът на финансите`), as the annotations
    name actors."""
    if lemma[-1:] in "аеиоуъюя" or " " in lemma:
        return name  # not a masculine noun in a consonant
    base = words[first][0]
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) within the name
    for j in range(first, head):  # `Административния` → `Административният`
        adjective = words[j][2]
        if adjective.lower().endswith("ия"):
            edits.append((words[j][0] - base, words[j][1] - base, adjective + "т"))
    head_word = words[head][2]
    if head_word.lower() in (lemma + "а", lemma + "я"):
        full = head_word[:-1] + ("ът" if head_word[-1] == "а" else "ят")
        edits.append((words[head][0] - base, words[head][1] - base, full))
    for start, end, text in reversed(edits):
        name = name[:start] + text + name[end:]
    return name


def _second_adjective(words: list[Word], j: int) -> bool:
    """Word `j` is a short adjective (`окръжен`) after one that carries the phrase's article
    (`Варненският`): Bulgarian puts the article on the first adjective only."""
    word = words[j][2]
    return (
        j > 0
        and word[:1].islower()
        and _PREDICATIVE.search(word) is not None
        and _is_adjective(words[j - 1][2])
        and _has_article(words[j - 1][2])
    )


def is_plural(word: str) -> bool:
    """A noun in the plural, by its ending (`министрите`, `съдиите`, `депутати`)."""
    return word.lower().endswith(_PLURAL)


def is_numeral(word: str) -> bool:
    """A number word, also with the article or as a count of people (`трите`, `двете`,
    `двама`, `петимата`): it counts the noun after it, like an adjective."""
    lowered = word.lower()
    numerals = number_words()
    return lowered in numerals or any(
        lowered.endswith(ending) and lowered[: -len(ending)] in numerals
        for ending in ("те", "та", "мата", "ма", "има", "имата")  # `двама`, `петима`
    )


def _joined(text: str, left: Word, right: Word) -> bool:
    """Only spaces stand between two words."""
    return not text[left[1] : right[0]].strip()


def _complement_end(
    text: str,
    words: list[Word],
    k: int,
    stop: Callable[[str], bool],
) -> tuple[int, int] | None:
    """(index after, end offset) of a complement starting with the preposition at `k`."""
    if k >= len(words) or words[k][2].lower() not in _PREPOSITIONS:
        return None
    taken = 0
    j = k + 1
    while j < len(words) and taken < COMPLEMENT_WORDS and _joined(text, words[j - 1], words[j]):
        word = words[j][2]
        if stop(word) or word.lower() in _PREPOSITIONS or word.lower() in _date_words():
            return None
        taken += 1
        following = words[j + 1][2] if j + 1 < len(words) else ""
        adjective = (
            (_is_adjective(word) or is_numeral(word))
            and following[:1].islower()
            and _joined(text, words[j], words[j + 1])
            and not stop(following)
        )
        if adjective:  # `бюджетната комисия`, `Столичния общински съвет`
            j += 1
            continue
        if word[:1].isupper():
            while (
                j + 1 < len(words)
                and words[j + 1][2][:1].isupper()
                and _joined(text, words[j], words[j + 1])
            ):
                j += 1  # a name of several words: `Национална агенция за приходите`
        if word[:1].islower() and _PREDICATIVE.search(word):
            return None  # `призна подсъдимия за виновен`: an adjective ends no complement
        return j + 1, words[j][1]  # a noun or a name; an adjective-like noun (`отбраната`)
    return None


def find_actor_phrases(
    text: str,
    stop: Callable[[str], bool],
    words: list[Word] | None = None,
    heads: Sequence[int] | None = None,
) -> list[ActorPhrase]:
    """Every phrase of `text` headed by an actor noun, as mentions of kind `actor`.

    `stop(word)` tells a word no phrase may take (a verb, a cue word of the event lexicon);
    `words` (start, end, word) and `heads` (indices of the actor nouns among them) may come
    from a scan that already read the sentence.
    `subtype` is the noun's kind; `name_bg` the phrase as written, its first letter lowered
    when a sentence opens with the head noun itself (`Синдикатите` → `синдикатите`), unless
    the noun names a body with its complement (`Министерството на културата`).
    """
    nouns = actor_nouns()
    if words is None:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    if heads is None:
        heads = [i for i, w in enumerate(words) if w[2].lower() in nouns]
    found: list[ActorPhrase] = []
    for i in heads:
        _, end, word = words[i]
        noun = nouns[word.lower()]
        first = i
        while (
            not _has_article(word)  # the article stands on a phrase's first word
            and first > 0
            and i - first < ADJECTIVES_BEFORE
            and _joined(text, words[first - 1], words[first])
            and not stop(words[first - 1][2])
            and (
                _is_adjective(words[first - 1][2])
                or _second_adjective(words, first - 1)  # `Варненският окръжен съд`
            )
            and not is_numeral(words[first - 1][2])  # `2 милиона избиратели`
        ):
            first -= 1
        phrase_end, k = end, i + 1
        proper = _PROPER_NAME.match(text, end) if noun.kind == "body" else None
        if proper is not None:
            # `превозвачът "Райънеър"`, `Авиокомпанията Лаудамоушън`: a common noun phrase
            # (its first word has the article), then the body's own name; `Община Русе`,
            # `Агенция „Пътна инфраструктура“`: a noun without one is the name's first word
            group = "quoted" if proper.group("quoted") else "name"
            start = words[first][0]
            own = proper.group(group)
            name = own if _DEFINITE.search(words[first][2]) else text[start : proper.end()]
            mention = EntityMention(
                start, proper.end(), text[start : proper.end()], "actor", noun.kind, name, "",
                found_by="actor_noun",
            )  # fmt: skip
            found.append(ActorPhrase(mention, noun.lemma, False, False, proper=True))
            continue
        for _ in range(COMPLEMENTS_AFTER):
            if k < len(words) and not _joined(text, words[k - 1], words[k]):
                break
            complement = _complement_end(text, words, k, stop)
            if complement is None:
                break
            k, phrase_end = complement
        phrase_start = words[first][0]
        name = text[phrase_start:phrase_end]
        opens = not text[:phrase_start].strip(" „\"'«-–")
        # `Министерството на културата`, `Агенцията по заетостта`: a body's full name
        named_body = (
            noun.kind == "body"
            and phrase_end > end
            and not is_plural(word)
            and words[i + 1][2].lower() in _NAMING_PREPOSITIONS
        )
        if (first == i or is_plural(word)) and opens and word[1:].islower() and not named_body:
            # `Синдикатите`, `Местните жители`: a common noun phrase, not a name
            name = name[:1].lower() + name[1:]
        name = _nominative(name, first, i, words, noun.lemma)
        mention = EntityMention(
            phrase_start, phrase_end, text[phrase_start:phrase_end], "actor", noun.kind, name,
            "", found_by="actor_noun",
        )  # fmt: skip
        plural = is_plural(word)
        bare = first == i and phrase_end == end
        found.append(ActorPhrase(mention, noun.lemma, bare, plural))
    return _outermost(found)


def _outermost(phrases: list[ActorPhrase]) -> list[ActorPhrase]:
    """Drop a phrase inside another (`комисия` in `председателят на бюджетната комисия`)."""
    spans = [(p.mention.start, p.mention.end) for p in phrases]
    return [
        p
        for p, (start, end) in zip(phrases, spans, strict=True)
        if not any((s, e) != (start, end) and s <= start and end <= e for s, e in spans)
    ]
