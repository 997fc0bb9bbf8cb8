"""The event scan (`events.scan`): whole words of the trigger, cue and actor-noun tables."""

from __future__ import annotations

from pipeline.extract.actor_phrases import actor_nouns
from pipeline.extract.events import _lexicon, scan
from pipeline.extract.lexicon import WORD


def _found(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int, str]], list[int]]:
    scanned = scan(text)
    return (
        [(t.text, t.start) for t in scanned.triggers],
        [(c.form, c.start, c.cue) for c in scanned.cues],
        scanned.head_starts,
    )


def test_every_scanned_form_is_words_apart_by_spaces() -> None:
    """The scan reads words (`lexicon.WORD`: letters, hyphenated parts): a form with a digit,
    a dot or an apostrophe would never be found."""
    lex = _lexicon()
    forms = {f.lower() for f in lex.triggers} | set(lex.cue_at) | set(actor_nouns())
    assert [f for f in forms if not all(WORD.fullmatch(w) for w in f.split())] == []


def test_a_form_is_not_read_next_to_a_digit_or_a_hyphen() -> None:
    text = "Срещата5 започна, очаква се среща-близнак."
    assert _found(text) == ([("започна", 9), ("очаква", 18)], [("очаква се", 18, "plan")], [])
    assert _found("_срещата започна- и министърът каза") == ([("каза", 31)], [], [20])


def test_a_form_of_several_words_before_its_first_word() -> None:
    assert _found("Той отказа да подпише.") == (
        [("подпише", 14)],
        [("той", 0, "pronoun"), ("отказа да", 4, "negation")],
        [],
    )


def test_words_apart_by_a_no_break_space_match_a_form_but_read_nothing() -> None:
    """As the scan has always done: `очаква се` with a no-break space is taken as the form
    and gives neither the cue nor the trigger `очаква`."""
    assert _found("Очаква\u00a0се решение.") == (
        [("решение", 10)],
        [("решение", 10, "reference_noun")],
        [],
    )


def test_the_words_of_the_scan_are_the_sentence_words() -> None:
    scanned = scan("Министърът на отбраната Атанас Запрянов заяви, че 5-те ще бъдат приети.")
    assert scanned.words == [
        (0, 10, "Министърът"), (11, 13, "на"), (14, 23, "отбраната"), (24, 30, "Атанас"),
        (31, 39, "Запрянов"), (40, 45, "заяви"), (47, 49, "че"), (52, 54, "те"),
        (55, 57, "ще"), (58, 63, "бъдат"), (64, 70, "приети"),
    ]  # fmt: skip
    assert scanned.word_starts == [w[0] for w in scanned.words]
    assert scanned.actor_heads == [0]
