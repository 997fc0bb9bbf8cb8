"""The same event told by several articles: `events.event_group_id`.

Two main events are one event when they have the same type (not `other`), dates at the
precision of a month or finer that overlap (each widened by `DAY_TOLERANCE` days: articles
of consecutive days report the same happening), and share an actor or a place; a group is
what these links join (as GDELT's mentions table counts the articles that tell one event
and ACLED merges reports of one incident). A group's id is its first event's id, so it is
stable while the group keeps that event. Events with a vague or coarse date, and the
sayings of reports (`is_main` false), get no group.

How it scales. Comparing every pair of events of a type with overlapping dates grows with
the square of how often an event is told again: a month-precision event told by 30 articles
is 435 links, and an archive of copies makes tens of millions. The pairs are never listed.
Events are put in blocks, one per type and actor (or type and place) they name, and a block
is swept in date order: an event that starts after every earlier event's widened end starts
a new run; else it overlaps the event with the latest end before it. A run is therefore a
connected set of overlapping events, and two events that overlap in a block are in the same
run; so linking each event to the one before it in its run gives exactly the components of
all the pairs. That is at most one link per event and actor or place, computed by one
DuckDB window over the blocks (sorts spill to disk when memory is short); the components
are a union-find over the events' positions in numpy arrays, a batch of links at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd

DAY_TOLERANCE = 1
GROUPED_PRECISIONS = ("day", "week", "month")
LINK_BATCH = 100_000
# `add_event_groups` recomputes every group when the new candidate events outnumber the old
# ones this many times (its union-find is on event ids, the full sweep's on positions)
INCREMENTAL_RATIO = 4

_CANDIDATES = f"""
SELECT event_id, article_id, event_type, date_start, date_end, actors, places,
       event_group_id
FROM events
WHERE is_main AND event_type <> 'other' AND date_start IS NOT NULL
  AND date_precision IN {GROUPED_PRECISIONS}
"""


def _keys(candidates: str, extra: str = "") -> str:
    """One row per candidate event and distinct actor or place it names: its block key
    (type, kind, name), its start and its widened end (`reach`)."""
    rows = []
    for kind in ("actors", "places"):
        rows.append(
            f"SELECT {extra}event_type, '{kind}' AS kind, name, date_start, "
            f"date_end + INTERVAL {DAY_TOLERANCE} DAY AS reach "
            f"FROM (SELECT *, unnest(list_distinct({kind})) AS name FROM {candidates}) "
            "WHERE name IS NOT NULL AND date_end IS NOT NULL"
        )
    return " UNION ALL ".join(rows)


def _runs(keys: str, order: str) -> str:
    """The keys with `run`: the number of the run of overlapping events in their block."""
    block = "PARTITION BY event_type, kind, name"
    return f"""
SELECT *, sum(starts_run) OVER ({block} ORDER BY date_start, {order}
                                ROWS UNBOUNDED PRECEDING) AS run
FROM (
    SELECT *, CASE WHEN date_start <= max(reach) OVER (
                  {block} ORDER BY date_start, {order}
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
              THEN 0 ELSE 1 END AS starts_run
    FROM ({keys})
)
"""


def _stream(
    conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None
) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, fetched `LINK_BATCH` at a time (never all in memory at once)."""
    reader: Any = conn.sql(sql, params=params or {}).to_arrow_reader(LINK_BATCH)
    for batch in reader:
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def _flatten(parent: npt.NDArray[np.int64], nodes: npt.NDArray[np.int64]) -> None:
    """Point each of `nodes` at its root (pointer jumping: each step halves their paths;
    parents always point to smaller positions, so there are no cycles)."""
    while True:
        up = parent[nodes]
        top = parent[up]
        if np.array_equal(top, up):
            return
        parent[nodes] = top


def _join(
    parent: npt.NDArray[np.int64], a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
) -> None:
    """Union a batch of links: each link's larger root is hooked under its smaller one,
    until every link of the batch is inside one tree. Later hooks only join trees, so the
    links of earlier batches stay inside theirs."""
    nodes = np.concatenate([a, b])
    while True:
        _flatten(parent, nodes)
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            return
        a, b, ra, rb = a[apart], b[apart], ra[apart], rb[apart]
        np.minimum.at(parent, np.maximum(ra, rb), np.minimum(ra, rb))


def assign_event_groups(conn: duckdb.DuckDBPyConnection) -> int:
    """Set `events.event_group_id` over the whole table; returns the number of groups."""
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE group_candidates AS "
        f"SELECT row_number() OVER (ORDER BY event_id) - 1 AS pos, * FROM ({_CANDIDATES})"
    )
    size = int(conn.execute("SELECT count(*) FROM group_candidates").fetchall()[0][0])
    # within a block, an event that does not start a run is linked to the event before it
    # (which is in its run): the runs stay connected with one window over the block
    block = "PARTITION BY event_type, kind, name ORDER BY date_start, pos"
    links = f"""
    SELECT pos, before FROM (
        SELECT pos, date_start,
               max(reach) OVER ({block} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                   AS reached,
               lag(pos) OVER ({block}) AS before
        FROM ({_keys("group_candidates", "pos, ")})
    ) WHERE date_start <= reached
    """
    # positions follow event ids, and a tree's root is its smallest position: its first event
    parent = np.arange(size, dtype=np.int64)
    reader: Any = conn.sql(links).to_arrow_reader(LINK_BATCH)
    for batch in reader:
        _join(
            parent,
            batch.column(0).to_numpy().astype(np.int64),
            batch.column(1).to_numpy().astype(np.int64),
        )
    roots = parent
    _flatten(roots, np.arange(size, dtype=np.int64))
    moved = roots != np.arange(size)
    conn.execute("UPDATE events SET event_group_id = NULL WHERE event_group_id IS NOT NULL")
    conn.execute(
        "UPDATE events SET event_group_id = c.event_id FROM group_candidates AS c "
        "WHERE events.event_id = c.event_id"
    )
    if moved.any():
        # one frame, not a statement per row: a large archive has hundreds of thousands
        frame = pd.DataFrame({"pos": np.flatnonzero(moved), "root": roots[moved]})
        conn.register("moved_groups", frame)
        conn.execute(
            "UPDATE events SET event_group_id = r.event_id FROM moved_groups AS m "
            "JOIN group_candidates AS c ON c.pos = m.pos "
            "JOIN group_candidates AS r ON r.pos = m.root "
            "WHERE events.event_id = c.event_id"
        )
        conn.unregister("moved_groups")
    conn.execute("DROP TABLE group_candidates")
    return size - int(moved.sum())


def add_event_groups(conn: duckdb.DuckDBPyConnection, article_ids: list[str]) -> int:
    """Group the events of newly loaded articles, when no event was removed since the groups
    were last set: a new event joins, and may merge, the groups of the events it links to;
    the other groups stay as they are. This is what `assign_event_groups` gives then (a group
    is a connected component of links, and its id its smallest event id), at the cost of
    sweeping the blocks the new events are in. Returns the number of groups changed or
    made."""
    if not article_ids:
        return 0
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE group_candidates AS "
        "SELECT *, article_id IN (SELECT unnest($ids::VARCHAR[])) AS is_new, "
        # an old candidate always has its group (its own id when it is alone)
        "coalesce(event_group_id, event_id) AS node "
        f"FROM ({_CANDIDATES})",
        {"ids": article_ids},
    )
    new_ids = [
        str(row[0])
        for row in conn.execute("SELECT event_id FROM group_candidates WHERE is_new").fetchall()
    ]
    old = int(conn.execute("SELECT count(*) FROM group_candidates").fetchall()[0][0])
    old -= len(new_ids)
    if not new_ids or len(new_ids) > INCREMENTAL_RATIO * old:
        conn.execute("DROP TABLE group_candidates")
        # the new events are most of the table (a first load): the whole sweep is cheaper
        return assign_event_groups(conn) if new_ids else 0
    # the blocks of the new events, swept whole; a run with a new event joins the groups of
    # every event in it (the run is connected), the other runs change nothing
    links = f"""
    WITH k AS ({_keys("group_candidates", "event_id, is_new, node, ")}),
    touched AS (
        SELECT * FROM k SEMI JOIN (SELECT event_type, kind, name FROM k WHERE is_new)
            USING (event_type, kind, name)
    ),
    r AS ({_runs("SELECT * FROM touched", "event_id")}),
    nodes AS (
        SELECT DISTINCT event_type, kind, name, run, node FROM r
        SEMI JOIN (SELECT event_type, kind, name, run FROM r WHERE is_new)
            USING (event_type, kind, name, run)
    )
    SELECT node, first FROM (
        SELECT node, min(node) OVER (PARTITION BY event_type, kind, name, run) AS first
        FROM nodes
    ) WHERE node <> first
    """
    parent = {event_id: event_id for event_id in new_ids}
    for a, b in _stream(conn, links):
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _str_root(parent, a), _str_root(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    conn.execute("DROP TABLE group_candidates")
    groups = {node: _str_root(parent, node) for node in parent}
    frame = pd.DataFrame({"event_id": list(groups), "group_id": list(groups.values())})
    conn.register("new_groups", frame)
    conn.execute(
        "UPDATE events SET event_group_id = g.group_id FROM new_groups AS g "
        "WHERE events.event_id = g.event_id OR events.event_group_id = g.event_id"
    )
    conn.unregister("new_groups")
    return len(set(groups.values()))


def _str_root(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
