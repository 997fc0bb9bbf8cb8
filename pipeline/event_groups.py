"""The same event told by several articles: `events.event_group_id`.

Two main events are one event when they have the same type (not `other`), dates at the
precision of a month or finer that overlap (each widened by `DAY_TOLERANCE` days: articles
of consecutive days report the same happening), and share an actor or a place; a group is
what these links join (as GDELT's mentions table counts the articles that tell one event
and ACLED merges reports of one incident). A group's id is its first event's id, so it is
stable while the group keeps that event. Events with a vague or coarse date, and the
sayings of reports (`is_main` false), get no group.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import duckdb
import pandas as pd

DAY_TOLERANCE = 1
GROUPED_PRECISIONS = ("day", "week", "month")

_CANDIDATES = f"""
SELECT event_id, article_id, event_type, date_start, date_end, actors, places
FROM events
WHERE is_main AND event_type <> 'other' AND date_start IS NOT NULL
  AND date_precision IN {GROUPED_PRECISIONS}
"""

_LINKS = f"""
WITH c AS ({_CANDIDATES})
SELECT a.event_id, b.event_id
FROM c AS a JOIN c AS b
  ON a.event_type = b.event_type
 AND a.event_id < b.event_id
 AND a.date_start <= b.date_end + INTERVAL {DAY_TOLERANCE} DAY
 AND b.date_start <= a.date_end + INTERVAL {DAY_TOLERANCE} DAY
WHERE list_has_any(a.actors, b.actors) OR list_has_any(a.places, b.places)
"""


LINK_BATCH = 100_000


def _stream(
    conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None
) -> Iterator[tuple[object, ...]]:
    """The rows of a query, fetched `LINK_BATCH` at a time (a large archive has millions of
    links: they are never all in memory at once)."""
    reader: Any = conn.sql(sql, params=params or {}).to_arrow_reader(LINK_BATCH)
    for batch in reader:
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def _components(ids: list[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """event_id -> the smallest event_id of its connected component (union-find)."""
    parent = {event_id: event_id for event_id in ids}
    for a, b in links:
        _union(parent, a, b)
    return {event_id: _root(parent, event_id) for event_id in ids}


def _root(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


_NEW_LINKS = f"""
WITH c AS ({_CANDIDATES}),
n AS (SELECT * FROM c WHERE article_id IN (SELECT unnest($ids::VARCHAR[])))
SELECT n.event_id, c.event_id, c.event_group_id
FROM n JOIN (SELECT c.*, e.event_group_id FROM c JOIN events AS e USING (event_id)) AS c
  ON n.event_type = c.event_type
 AND n.event_id <> c.event_id
 AND n.date_start <= c.date_end + INTERVAL {DAY_TOLERANCE} DAY
 AND c.date_start <= n.date_end + INTERVAL {DAY_TOLERANCE} DAY
WHERE list_has_any(n.actors, c.actors) OR list_has_any(n.places, c.places)
"""


def add_event_groups(conn: duckdb.DuckDBPyConnection, article_ids: list[str]) -> int:
    """Group the events of newly loaded articles, when no event was removed since the groups
    were last set: a new event joins, and may merge, the groups of the events it links to;
    the other groups stay as they are. This is what `assign_event_groups` gives then (a group
    is a connected component of links, and its id its smallest event id), at the cost of the
    new events' links only. Returns the number of groups changed or made."""
    if not article_ids:
        return 0
    new_ids = [
        str(row[0])
        for row in conn.execute(
            f"SELECT event_id FROM ({_CANDIDATES}) WHERE article_id IN "
            "(SELECT unnest($ids::VARCHAR[]))",
            {"ids": article_ids},
        ).fetchall()
    ]
    if not new_ids:
        return 0
    fresh = set(new_ids)
    parent = {event_id: event_id for event_id in new_ids}
    for new, other, group in _stream(conn, _NEW_LINKS, {"ids": article_ids}):
        # an old candidate always has its group (its own id when it is alone)
        node = str(other) if other in fresh else str(group if group is not None else other)
        parent.setdefault(node, node)
        _union(parent, str(new), node)
    groups = {node: _root(parent, node) for node in parent}
    frame = pd.DataFrame({"event_id": list(groups), "group_id": list(groups.values())})
    conn.register("new_groups", frame)
    conn.execute(
        "UPDATE events SET event_group_id = g.group_id FROM new_groups AS g "
        "WHERE events.event_id = g.event_id OR events.event_group_id = g.event_id"
    )
    conn.unregister("new_groups")
    return len(set(groups.values()))


def assign_event_groups(conn: duckdb.DuckDBPyConnection) -> int:
    """Set `events.event_group_id` over the whole table; returns the number of groups."""
    ids = [row[0] for row in conn.execute(f"SELECT event_id FROM ({_CANDIDATES})").fetchall()]
    links = ((str(a), str(b)) for a, b in _stream(conn, _LINKS))
    groups = _components(ids, links)
    conn.execute("UPDATE events SET event_group_id = NULL WHERE event_group_id IS NOT NULL")
    if groups:
        # one frame, not a statement per row: a large archive has hundreds of thousands
        frame = pd.DataFrame({"event_id": list(groups), "group_id": list(groups.values())})
        conn.register("new_groups", frame)
        conn.execute(
            "UPDATE events SET event_group_id = g.group_id FROM new_groups AS g "
            "WHERE events.event_id = g.event_id"
        )
        conn.unregister("new_groups")
    return len(set(groups.values()))
