"""Event groups (`pipeline/event_groups.py`): the documented rule, on hand-made events and on
generated ones against a pairwise reference; the incremental extension agrees with the
full recompute."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.event_groups import DAY_TOLERANCE, add_event_groups, assign_event_groups
from pipeline.warehouse import ensure_schema

GROUPS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True, slots=True)
class Ev:
    event_id: str
    article_id: str
    event_type: str
    start: dt.date | None
    end: dt.date | None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    precision: str = "day"
    is_main: bool = True


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@functools.cache
def _schema() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    ensure_schema(conn)
    return conn


def warehouse(events: Sequence[Ev]) -> duckdb.DuckDBPyConnection:
    """The warehouse's schema with these events alone (one in-memory database, emptied for
    each call: the schema's migrations take longer than the groups)."""
    conn = _schema()
    conn.execute("DELETE FROM events")
    insert(conn, events)
    return conn


def insert(conn: duckdb.DuckDBPyConnection, events: Sequence[Ev]) -> None:
    if not events:
        return
    frame = pd.DataFrame(
        {
            "event_id": [e.event_id for e in events],
            "article_id": [e.article_id for e in events],
            "event_type": [e.event_type for e in events],
            "date_start": [e.start for e in events],
            "date_end": [e.end for e in events],
            "date_precision": [e.precision for e in events],
            "actors": [list(e.actors) for e in events],
            "places": [list(e.places) for e in events],
            "is_main": [e.is_main for e in events],
        }
    )
    conn.register("incoming", frame)
    conn.execute(
        "INSERT INTO events BY NAME SELECT event_id, article_id, 0 AS sentence_no, "
        "0 AS char_start, 1 AS char_end, 'x' AS text, 'x' AS trigger, 0 AS trigger_start, "
        "1 AS trigger_end, event_type, 'occurred' AS modality, "
        "coalesce(CAST(date_start AS VARCHAR), 'PAST_REF') AS date_value, "
        "date_start::DATE AS date_start, date_end::DATE AS date_end, date_precision, "
        "'sentence' AS date_source, actors::VARCHAR[] AS actors, []::VARCHAR[] AS targets, "
        "[]::VARCHAR[] AS sources, places::VARCHAR[] AS places, []::VARCHAR[] AS money_ids, "
        "is_main, false AS is_related_headline FROM incoming"
    )
    conn.unregister("incoming")


def group_of(conn: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(conn.execute("SELECT event_id, event_group_id FROM events").fetchall())


def test_the_documented_rule_on_hand_made_events() -> None:
    events = [
        # a chain: e1 and e3 do not overlap, e2 overlaps both (one day of tolerance each side)
        Ev("e1", "a1", "meeting", d("2024-01-01"), d("2024-01-01"), actors=("Борисов",)),
        Ev("e2", "a2", "meeting", d("2024-01-02"), d("2024-01-02"), actors=("Борисов",)),
        Ev("e3", "a3", "meeting", d("2024-01-03"), d("2024-01-03"), actors=("Борисов",)),
        # two days after e3: no link
        Ev("e4", "a4", "meeting", d("2024-01-05"), d("2024-01-05"), actors=("Борисов",)),
        # a month that contains e1's day, linked by a place to e6, which shares an actor
        # with e1 and another with e7: all join e1's group
        Ev("e5", "a5", "meeting", d("2024-01-01"), d("2024-01-31"), places=("София",)),
        Ev(
            "e6",
            "a6",
            "meeting",
            d("2024-01-01"),
            d("2024-01-01"),
            ("Радев", "Борисов"),
            ("София",),
        ),
        Ev("e7", "a7", "meeting", d("2024-01-01"), d("2024-01-01"), ("Радев",)),
        # another type: no link to e1
        Ev("e8", "a8", "aid", d("2024-01-01"), d("2024-01-01"), actors=("Борисов",)),
        # the same name as a place of one and an actor of the other: no link
        Ev("e9", "a9", "aid", d("2024-01-01"), d("2024-01-01"), places=("Борисов",)),
        # no group at all: type other, a year, a vague date, a saying (not main)
        Ev("x1", "a1", "other", d("2024-01-01"), d("2024-01-01"), actors=("Борисов",)),
        Ev("x2", "a2", "meeting", d("2024-01-01"), d("2024-12-31"), ("Борисов",), (), "year"),
        Ev("x3", "a3", "meeting", None, None, actors=("Борисов",), precision="vague"),
        Ev("x4", "a4", "meeting", d("2024-01-01"), d("2024-01-01"), ("Борисов",), (), "day", False),
    ]
    conn = warehouse(events)
    assert assign_event_groups(conn) == 4
    assert group_of(conn) == {
        "e1": "e1",
        "e2": "e1",
        "e3": "e1",
        "e4": "e4",
        "e5": "e1",
        "e6": "e1",
        "e7": "e1",
        "e8": "e8",
        "e9": "e9",
        "x1": None,
        "x2": None,
        "x3": None,
        "x4": None,
    }


def test_many_tellings_of_one_event_make_one_group_with_one_link_each() -> None:
    """2,000 articles telling one month-precision event (the benchmark's corpus of copies):
    one group, whose id is the first event's."""
    events = [
        Ev(f"e{i:05d}", f"a{i:05d}", "decision", d("2018-01-01"), d("2018-01-31"), ("ЕС",))
        for i in range(2000)
    ]
    conn = warehouse(events)
    assert assign_event_groups(conn) == 1
    assert set(group_of(conn).values()) == {"e00000"}


def reference_groups(events: Sequence[Ev]) -> dict[str, str | None]:
    """The rule as written (every pair compared), components by repeated merging."""
    tolerance = dt.timedelta(days=DAY_TOLERANCE)
    candidates = [
        e
        for e in events
        if e.is_main
        and e.event_type != "other"
        and e.start is not None
        and e.precision in ("day", "week", "month")
    ]
    group = {e.event_id: e.event_id for e in candidates}

    def root(x: str) -> str:
        while group[x] != x:
            x = group[x]
        return x

    for a, b in itertools.combinations(candidates, 2):
        assert a.start and a.end and b.start and b.end
        if (
            a.event_type == b.event_type
            and a.start <= b.end + tolerance
            and b.start <= a.end + tolerance
            and (set(a.actors) & set(b.actors) or set(a.places) & set(b.places))
        ):
            ra, rb = root(a.event_id), root(b.event_id)
            group[max(ra, rb)] = min(ra, rb)
    found: dict[str, str | None] = {e.event_id: None for e in events}
    found.update({e.event_id: root(e.event_id) for e in candidates})
    return found


NAMES = st.sampled_from(["А", "Б", "В", "Г"])


@st.composite
def generated_events(draw: st.DrawFn) -> list[Ev]:
    n = draw(st.integers(min_value=0, max_value=40))
    events = []
    for i in range(n):
        precision = draw(st.sampled_from(["day", "day", "week", "month", "year", "vague"]))
        start = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 40)))
        length = {"day": 0, "week": 6, "month": 30, "year": 365}.get(precision, 0)
        dated = precision != "vague"
        events.append(
            Ev(
                event_id=f"e{draw(st.integers(0, 10**6)):07d}-{i:02d}",
                article_id=f"a{draw(st.integers(0, 9))}",
                event_type=draw(st.sampled_from(["meeting", "aid", "other"])),
                start=start if dated else None,
                end=start + dt.timedelta(days=length) if dated else None,
                actors=tuple(draw(st.lists(NAMES, max_size=2))),
                places=tuple(draw(st.lists(NAMES, max_size=2))),
                precision=precision,
                is_main=draw(st.booleans()) or draw(st.booleans()),
            )
        )
    return events


@GROUPS
@given(generated_events())
def test_groups_are_the_components_of_every_pairwise_link(events: list[Ev]) -> None:
    conn = warehouse(events)
    expected = reference_groups(events)
    assert assign_event_groups(conn) == len({g for g in expected.values() if g is not None})
    assert group_of(conn) == expected


@GROUPS
@given(generated_events(), st.sets(st.integers(0, 9)))
def test_adding_articles_gives_the_groups_of_a_recompute(
    events: list[Ev], new_articles: set[int]
) -> None:
    """Some articles loaded and grouped first, the others added and `add_event_groups`:
    the same groups as the rule over all of them."""
    fresh = {f"a{i}" for i in new_articles}
    conn = warehouse([e for e in events if e.article_id not in fresh])
    assign_event_groups(conn)
    insert(conn, [e for e in events if e.article_id in fresh])
    add_event_groups(conn, sorted(fresh))
    assert group_of(conn) == reference_groups(events)
