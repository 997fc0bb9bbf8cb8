"""Frames from extractions, and bad rows turned into rejects instead of stopping the load."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from pipeline.extract.article import parse_article
from pipeline.extract.document import extract_article
from pipeline.tables import Reject, build_tables, validate_rows
from pipeline.warehouse_docs import DOC_PATH, render
from schemas import DateMentionsSchema

NOW = dt.datetime(2024, 11, 20, 8, 0)


def test_tables_of_one_article() -> None:
    article = parse_article(
        " date 2024-11-05\n\nЗаглавие\n\nСрещата е на 13 ноември. Заемът е 5 млн. евро.", "a.txt"
    )
    frames = build_tables([extract_article(article)], [Reject("x.txt", "read", "no header")], NOW)
    assert frames.articles[["source_file", "published", "title", "n_sentences"]].to_dict(
        "records"
    ) == [
        {"source_file": "a.txt", "published": "2024-11-05", "title": "Заглавие", "n_sentences": 3}
    ]
    assert frames.date_mentions[["sentence_no", "text", "value"]].to_dict("records") == [
        {"sentence_no": 1, "text": "13 ноември", "value": "2024-11-13"}
    ]
    money = frames.money_mentions.iloc[0]
    assert (money["text"], money["value"], money["currency"], money["value_eur"]) == (
        "5 млн. евро",
        5_000_000.0,
        "EUR",
        5_000_000.0,
    )
    events = frames.events[["sentence_no", "trigger", "event_type", "date_value", "date_source"]]
    assert events.to_dict("records") == [
        {
            "sentence_no": 1,
            "trigger": "Срещата",
            "event_type": "meeting",
            "date_value": "2024-11-13",
            "date_source": "sentence",
        },
        {  # a figure stated with no verb of ours is an economy event, named by its amount
            "sentence_no": 2,
            "trigger": "5 млн. евро",
            "event_type": "economy",
            "date_value": "2024-11-05",
            "date_source": "publication",
        },
    ]
    assert frames.money_mentions["money_id"].tolist() == [f"{article.article_id}:44-55"]
    assert frames.rejects[["source_file", "stage", "reason"]].to_dict("records") == [
        {"source_file": "x.txt", "stage": "read", "reason": "no header"}
    ]
    assert frames.source_files == ["a.txt", "x.txt"]


def test_a_bad_row_becomes_a_reject_and_the_rest_loads() -> None:
    good = {
        "article_id": "0123456789abcdef",
        "sentence_no": 0,
        "char_start": 0,
        "char_end": 4,
        "text": "днес",
        "kind": "date",
        "value": "2024-11-05",
        "precision": "day",
        "range_start": dt.date(2024, 11, 5),
        "range_end": dt.date(2024, 11, 5),
        "resolution": "publication",
        "modifier": None,
    }
    bad = {**good, "char_start": 9, "char_end": 4, "kind": "weekday"}
    frame = pd.DataFrame([good, bad])
    valid, rejects = validate_rows(
        "date_mentions", frame, DateMentionsSchema, {"0123456789abcdef": "a.txt"}
    )
    assert valid["text"].tolist() == ["днес"]
    assert rejects == [
        Reject(
            "a.txt",
            "validate",
            "date_mentions row 1: kind: isin(['date', 'time', 'duration', 'set']); "
            "span_is_not_empty",
        )
    ]


def test_warehouse_docs_are_up_to_date() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/warehouse.md is out of date: run python -m pipeline.warehouse_docs"
    )


def test_extraction_is_json_ready() -> None:
    from pipeline.extract.document import extraction_json

    article = parse_article(" date 2024-11 Днес е 13 ноември.", "j.txt")
    data = extraction_json(extract_article(article))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_json_rows_have_iso_dates_short_offset_keys_and_no_article_id() -> None:
    from pipeline.extract.document import as_json_rows, date_mention_rows

    article = parse_article(" date 2024-11 Днес е 13 ноември.", "j.txt")
    rows = as_json_rows(date_mention_rows(extract_article(article)))
    assert rows == [
        {
            "sentence_no": 0, "start": 0, "end": 4, "text": "Днес", "kind": "date",
            "value": "2024-11", "precision": "month", "range_start": "2024-11-01",
            "range_end": "2024-11-30", "resolution": "publication", "modifier": None,
        },
        {
            "sentence_no": 0, "start": 7, "end": 17, "text": "13 ноември", "kind": "date",
            "value": "2024-11-13", "precision": "day", "range_start": "2024-11-13",
            "range_end": "2024-11-13", "resolution": "year_nearest", "modifier": None,
        },
    ]  # fmt: skip
    assert as_json_rows([]) == []


def test_an_extractor_failure_is_a_reject_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.extract.document as document

    def broken(text: str, reference: object, paragraph: object = None) -> list[object]:
        if "счупено" in text:
            raise ValueError("boom")
        return []

    monkeypatch.setattr(document, "find_dates", broken)
    article = parse_article(" date 2024-11-05 Това е счупено. Заемът е 5 млн. евро.", "b.txt")
    frames = build_tables([extract_article(article)], [], NOW)
    assert frames.rejects[["source_file", "stage", "reason"]].to_dict("records") == [
        {"source_file": "b.txt", "stage": "dates", "reason": "sentence 0: ValueError: boom"}
    ]
    assert frames.money_mentions["text"].tolist() == ["5 млн. евро"]
    assert len(frames.articles) == 1


def test_an_entity_finder_failure_is_a_reject_and_the_event_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pipeline.extract.document as document

    def broken(text: str) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr(document, "find_entities", broken)
    article = parse_article(" date 2024-11-05 Германия отпусна заем от 5 млн. евро.", "e.txt")
    frames = build_tables([extract_article(article)], [], NOW)
    assert frames.rejects[["source_file", "stage", "reason"]].to_dict("records") == [
        {"source_file": "e.txt", "stage": "entities", "reason": "sentence 0: ValueError: boom"}
    ]
    # the event stays; its subject is read from the words before the verb
    assert frames.events[["trigger", "actors", "places"]].to_dict("records") == [
        {"trigger": "отпусна", "actors": ["Германия"], "places": []}
    ]


def test_events_carry_the_sentence_entities() -> None:
    article = parse_article(
        " date 2024-11-05 Премиерът Иван Петров пристигна в Берлин на 3 ноември. "
        "Министърът е в Германия. Срещата с Джо Байдън в Германия е на 7 ноември.",
        "p.txt",
    )
    events = extract_article(article).events
    assert [(e.sentence_no, e.actors, e.targets, e.places) for e in events] == [
        (0, ("Иван Петров",), (), ("Берлин",)),
        (2, ("Джо Байдън",), (), ("Германия",)),  # the party of a meeting acts
    ]
