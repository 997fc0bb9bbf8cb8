"""Which events a user asks for: the filters `timeline query`, `chart` and `export` share.

Plain functions over a read-only DuckDB connection; every user value is a bound parameter.
Dates may be partial: `2025` or `2025-02` as a lower bound is its first day, as an upper
bound its last day; on the command line they may also be words (`query_date`: `3 ноември
2024`, `вчера`, read by dateparser).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.event_index import WORD_PATTERN

if TYPE_CHECKING:  # the connection is the caller's: `timeline` starts without DuckDB
    import duckdb

# the columns of the `timeline` view a selection returns, in this order
COLUMNS = (
    "date_start",
    "date_end",
    "date_value",
    "date_precision",
    "event_type",
    "modality",
    "trigger",
    "published",
    "source_file",
    "title",
    "text",
    "actors",
    "targets",
    "sources",
    "places",
    "amount_eur",
    "is_main",
    "event_id",
)

# the order of the `timeline` view (warehouse/views.sql), applied to `timeline_rows` after
# the filters
TIMELINE_ORDER = "date_start NULLS LAST, date_end, published, article_id, sentence_no, event_id"
# the same order reversed, for the dated events (`latest_events`)
_LATEST_ORDER = ", ".join(
    f"{column} DESC NULLS FIRST"
    for column in ("date_start", "date_end", "published", "article_id", "sentence_no", "event_id")
)

VAGUE_LABELS = {"PAST_REF": "(past)", "FUTURE_REF": "(future)", "PRESENT_REF": "(present)"}

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def partial_date(text: str, last: bool = False) -> dt.date:
    """`2025` → 2025-01-01 (or 2025-12-31 with `last`); `2025-02` → 2025-02-01 (2025-02-28);
    `2025-02-23` → itself. ValueError, saying which forms are accepted, for anything else."""
    match = _PARTIAL_DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    try:
        if match[3] is not None:
            return dt.date(year, int(match[2]), int(match[3]))
        if match[2] is not None:
            month = int(match[2])
            day = calendar.monthrange(year, month)[1] if last and 1 <= month <= 12 else 1
            return dt.date(year, month, day)
        return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None


# a date in words on the command line (`3 ноември 2024`, `вчера`, `ноември 2024`, `last week`):
# dateparser reads it, Bulgarian or English, numbers day first (`13.11.2024`)
WORDS_LANGUAGES = ["bg", "en"]
_WORDS_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_LOCALE_DATE_ORDER": False,
    "RETURN_TIME_AS_PERIOD": False,
}
ACCEPTED_FORMS = "use YYYY, YYYY-MM, YYYY-MM-DD or a date in words (3 ноември 2024, вчера)"


def query_date(text: str, last: bool = False, today: dt.date | None = None) -> dt.date:
    """A bound of `--from` / `--to`: `partial_date`, or else a date in words read by dateparser
    (Bulgarian or English) relative to `today` (default: the local date). Its reading is
    widened to its period: a month (`ноември 2024`) to its first day (its last with `last`),
    a year to 1 January (31 December), a week (`миналата седмица`) to its Monday (Sunday); a
    day (`3 ноември 2024`, `вчера`, `13.11.2024`) is itself. ValueError for what neither reads
    (and for a number alone, `25`, which dateparser would take as a day of this month)."""
    stripped = text.strip()
    try:
        return partial_date(stripped, last)
    except ValueError:
        if _PARTIAL_DATE.fullmatch(stripped):  # `2025-13`: the calendar's error, not the form's
            raise
    if stripped.isdigit():
        raise ValueError(f"{text!r} is not a date: {ACCEPTED_FORMS}")
    from dateparser.date import DateDataParser  # slow to import: only for a date in words

    base = dt.datetime.combine(today or dt.date.today(), dt.time())
    reader = DateDataParser(
        languages=WORDS_LANGUAGES, settings=_WORDS_SETTINGS | {"RELATIVE_BASE": base}
    )
    data = reader.get_date_data(stripped)
    if data.date_obj is None:
        raise ValueError(f"{text!r} is not a date: {ACCEPTED_FORMS}")
    day = data.date_obj.date()
    if data.period == "year":
        return dt.date(day.year, 12, 31) if last else dt.date(day.year, 1, 1)
    if data.period == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1] if last else 1)
    if data.period == "week":
        return day + dt.timedelta(days=(7 - day.isoweekday()) if last else 1 - day.isoweekday())
    return day


@dataclass(frozen=True, slots=True)
class Selection:
    """The filters; None (or an empty value) means no filter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None
    actor: str | None = None
    place: str | None = None
    event_type: str | None = None
    modality: str | None = None
    min_eur: float | None = None
    limit: int | None = None
    offset: int | None = None  # rows of the ordered result skipped before the limit


def _has_actor_index(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has `actor_names` and `event_actors` (migration 005)."""
    row = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('actor_names', 'event_actors')"
    ).fetchall()
    return bool(row) and int(row[0][0]) == 2


def _has_word_index(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has `words` and `event_words` (migration 006)."""
    row = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('words', 'event_words')"
    ).fetchall()
    return bool(row) and int(row[0][0]) == 2


# The word of the text asked for (tokenized as the index is) with the fewest events having
# a word that contains it: that number (a bound: an event with two such words counts twice),
# the ids of those words, and the number of all events; no row when the text has no word.
_RAREST_WORD = (
    "SELECT coalesce(sum(w.events), 0) AS n, "
    "coalesce(list(w.word_id) FILTER (w.word_id IS NOT NULL), []) AS ids, "
    "(SELECT count(*) FROM events) AS total FROM ("
    f"SELECT DISTINCT unnest(regexp_extract_all(lower($text), '{WORD_PATTERN}')) AS word"
    ") AS t LEFT JOIN words AS w ON contains(w.word, t.word) "
    "GROUP BY t.word ORDER BY n, t.word LIMIT 1"
)
# The events one of whose words contains that word: only their texts are read. The text
# condition names `text_hits.q` so that DuckDB applies it after this join, not to every
# event's text while reading the table.
_TEXT_HITS = (
    " JOIN (SELECT DISTINCT event_id, lower($text) AS q FROM event_words "
    "WHERE word_id IN (SELECT unnest($word_ids::INTEGER[]))) AS text_hits USING (event_id)"
)
_TEXT_INDEXED = "contains(lower(text), text_hits.q)"
_TEXT_SCAN = "contains(lower(text), lower($text))"
# the index is used when the rarest word's events are at most this share of all events, and
# every text is read beyond it: a choice, not a measured break-even (docs/performance.md)
INDEX_SHARE = 0.25


def _text_word_ids(conn: duckdb.DuckDBPyConnection, text: str) -> list[int] | None:
    """The ids of the words containing the rarest word of `text`, when the word index has
    them and narrows the events enough; None to read every event's text instead."""
    if not _has_word_index(conn):
        return None
    row = conn.execute(_RAREST_WORD, {"text": text}).fetchone()
    if row is None or row[0] > INDEX_SHARE * row[2]:
        return None
    return [int(i) for i in row[1]]


def _latin_names(conn: duckdb.DuckDBPyConnection, actor: str) -> list[str]:
    """Bulgarian names whose Latin name (entity_mentions.name_latin) contains `actor`."""
    rows = conn.execute(
        "SELECT DISTINCT name FROM entity_mentions WHERE contains(lower(name_latin), lower($a))",
        {"a": actor},
    ).fetchall()
    return [row[0] for row in rows]


# an actor's name, or the Latin name entity_mentions gives it, contains the words asked for;
# through the index of migration 005: the distinct names first, then their events
_ACTOR_INDEXED = (
    "event_id IN (SELECT event_id FROM event_actors WHERE actor IN ("
    "SELECT actor FROM actor_names WHERE contains(actor_lower, lower($actor)) "
    "OR contains(latin_lower, lower($actor))))"
)
# the same over every event's list (a warehouse not yet loaded by this version)
_ACTOR_LISTS = (
    "len(list_filter(actors, lambda a: "
    "contains(lower(a), lower($actor)) OR list_contains($latin, a))) > 0"
)


def select_events(
    conn: duckdb.DuckDBPyConnection, selection: Selection, columns: tuple[str, ...] = COLUMNS
) -> list[dict[str, Any]]:
    """Rows of the `timeline` view (date order, vague dates last) that pass the filters
    (read from `timeline_rows`, filtered, then sorted as `timeline` is).

    `actor` matches a part of an actor's Bulgarian name, or of the Latin name
    `entity_mentions` gives it (`Blinken` finds `Антъни Блинкен`). `text` matches a part
    of the event's text, case aside; the word index (migration 006) narrows the events whose
    text is read. Only the filters given are in the query, so DuckDB narrows the events by
    them before the join and the sort."""
    where: list[str] = []
    params: dict[str, object] = {}

    def add(condition: str, **values: object) -> None:
        where.append(condition)
        params.update(values)

    if selection.date_from is not None:
        add("date_end >= $from", **{"from": selection.date_from})
    if selection.date_to is not None:
        add("date_start <= $to", to=selection.date_to)
    join = ""
    if selection.text:
        word_ids = _text_word_ids(conn, selection.text)
        if word_ids is not None:
            join = _TEXT_HITS
            add(_TEXT_INDEXED, text=selection.text, word_ids=word_ids)
        else:
            add(_TEXT_SCAN, text=selection.text)
    if selection.actor:
        if _has_actor_index(conn):
            add(_ACTOR_INDEXED, actor=selection.actor)
        else:
            add(_ACTOR_LISTS, actor=selection.actor, latin=_latin_names(conn, selection.actor))
    if selection.event_type is not None:
        add("event_type = $type", type=selection.event_type)
    if selection.modality is not None:
        add("modality = $modality", modality=selection.modality)
    if selection.place:
        add(
            "len(list_filter(places, lambda p: contains(lower(p), lower($place)))) > 0",
            place=selection.place,
        )
    if selection.min_eur is not None:
        add("amount_eur >= $min_eur", min_eur=selection.min_eur)
    sql = f"SELECT {', '.join(columns)} FROM timeline_rows{join}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {TIMELINE_ORDER}"
    if selection.limit is not None:
        sql += " LIMIT $limit"
        params["limit"] = max(0, selection.limit)
    if selection.offset:
        sql += " OFFSET $offset"
        params["offset"] = max(0, selection.offset)
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def latest_events(
    conn: duckdb.DuckDBPyConnection, n: int, columns: tuple[str, ...] = COLUMNS
) -> list[dict[str, Any]]:
    """The last `n` dated events of the timeline, in timeline order: what `select_events`
    gives with the offset of the `n` before the dated events end, read as the first `n` in
    the reverse order (the order ends with the unique `event_id`, so it is total). An offset
    makes DuckDB keep every row before it; this keeps `n` (a million-event archive's chart
    read gigabytes through the offset; docs/performance.md)."""
    cursor = conn.execute(
        f"SELECT {', '.join(columns)} FROM timeline_rows WHERE date_start IS NOT NULL "
        f"ORDER BY {_LATEST_ORDER} LIMIT $n",
        {"n": max(0, n)},
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in reversed(cursor.fetchall())]


def display_date(date_value: str) -> str:
    """The event's date as people read it, at its precision: `2024-11-13`, `2024-11`,
    `2025`, `2024-W46`; `(past)` and `(future)` for an event without a calendar date."""
    return VAGUE_LABELS.get(date_value, date_value)


def format_eur(amount: float | None) -> str:
    """`€6,000`, `€250 mn`, `€1.35 bn`; empty for no amount."""
    if amount is None or amount != amount:  # None or NaN
        return ""
    if amount >= 1e12:
        return f"€{amount / 1e9:,.0f} bn"
    if amount >= 1e9:
        return f"€{amount / 1e9:.3g} bn"
    if amount >= 1e6:
        return f"€{amount / 1e6:.3g} mn"
    return f"€{amount:,.0f}"
