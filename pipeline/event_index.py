"""What a load adds beside the extracted tables so that queries over a large archive stay
fast (migration 005, docs/performance.md): `event_actors`, one row per event and actor,
and `actor_names`, the distinct actor names with their Latin names, lower-cased.

`event_actors` rows go with their article: the load deletes them with the article's other
rows (`pipeline.warehouse.EXTRACTED_TABLES`) and `index_events` adds the new articles'.
`actor_names` is made again from `event_actors` and `entity_mentions` by every load: it has
a row per distinct name, not per event.
"""

from __future__ import annotations

import duckdb

_EVENT_ACTORS = """
INSERT INTO event_actors
SELECT DISTINCT article_id, event_id, actor
FROM (SELECT article_id, event_id, unnest(actors) AS actor FROM events {where})
WHERE actor IS NOT NULL
"""

_ACTOR_NAMES = """
INSERT INTO actor_names
SELECT DISTINCT a.actor, lower(a.actor), lower(m.name_latin)
FROM (SELECT DISTINCT actor FROM event_actors) AS a
LEFT JOIN (SELECT DISTINCT name, name_latin FROM entity_mentions WHERE name_latin IS NOT NULL)
    AS m ON m.name = a.actor
"""


def index_events(conn: duckdb.DuckDBPyConnection, article_ids: list[str] | None) -> None:
    """Add the `event_actors` rows of these newly loaded articles (None: of every event,
    after emptying the table), then make `actor_names` again."""
    if article_ids is None:
        conn.execute("DELETE FROM event_actors")
        conn.execute(_EVENT_ACTORS.format(where=""))
    elif article_ids:
        conn.execute(
            _EVENT_ACTORS.format(where="WHERE article_id IN (SELECT unnest($ids::VARCHAR[]))"),
            {"ids": article_ids},
        )
    conn.execute("DELETE FROM actor_names")
    conn.execute(_ACTOR_NAMES)
