"""The event extractor: its lexicon tables and the generated table of trigger forms.

`lexicons/events_trigger_forms.tsv` is generated from `events_triggers.tsv` with simplemma's
Bulgarian dictionary (`python -m pipeline.extract.trigger_forms`); it must be what the
generator writes today, so that a row added to the trigger table is never silently missing.
"""

from __future__ import annotations

from pipeline.extract import trigger_forms
from pipeline.extract.events import EVENT_TYPES, PLOVER, find_triggers
from pipeline.extract.lexicon import load_table

ROLES = {"event", "speech", "plan", "light", "weak"}


def test_the_trigger_forms_table_is_up_to_date() -> None:
    assert trigger_forms.TABLE.read_text(encoding="utf-8") == trigger_forms.render(), (
        "events_trigger_forms.tsv is out of date: run python -m pipeline.extract.trigger_forms"
    )


def test_every_trigger_row_uses_known_roles_types_and_plover_categories() -> None:
    rows = load_table("events_triggers")
    assert len(rows) >= 200
    assert len({row["lemma"] for row in rows}) == len(rows)
    for row in rows:
        assert row["role"] in ROLES, row
        assert row["event_type"] in EVENT_TYPES, row
        assert row["plover"] in ("", *PLOVER), row
        assert row["note"], row


def test_every_trigger_lemma_has_forms() -> None:
    lemmas = {row["lemma"] for row in load_table("events_triggers")}
    with_forms = {row["lemma"] for row in load_table("events_trigger_forms")}
    assert lemmas == with_forms


def test_regular_forms_of_a_verb() -> None:
    assert sorted(trigger_forms.regular_forms("финансирам")) == [
        "финансира", "финансирал", "финансирала", "финансирали", "финансирало",
        "финансираме", "финансират", "финансирате", "финансирах", "финансираха",
        "финансираш", "финансираше",
    ]  # fmt: skip
    assert trigger_forms.regular_forms("помощ") == set()


def test_triggers_are_found_as_whole_words_in_any_case() -> None:
    found = find_triggers("Срещата започна. Министрите се срещнаха; срещу тях няма среща-близнак.")
    assert [(t.text, t.lemma, t.role, t.event_type) for t in found] == [
        ("Срещата", "среща", "event", "meeting"),
        ("започна", "започна", "light", "other"),
        ("срещнаха", "срещна-(се)", "event", "meeting"),
    ]
