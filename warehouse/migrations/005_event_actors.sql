-- Migration 005: indexes for timeline queries over a large archive (docs/performance.md,
-- issue 15). Filled by every load (pipeline/event_index.py); rows of earlier loads here.
-- `event_actors`: one row per event and distinct actor, so that `timeline query --actor`
-- filters events by a join instead of reading every event's list.
-- `actor_names`: one row per actor name of `event_actors` and Latin name `entity_mentions`
-- gives it (NULL when none), lower-cased, so that a part of a name is looked up among the
-- distinct names, not every event's.
CREATE TABLE event_actors (
    article_id VARCHAR NOT NULL,
    event_id   VARCHAR NOT NULL,
    actor      VARCHAR NOT NULL
);
CREATE TABLE actor_names (
    actor       VARCHAR NOT NULL,
    actor_lower VARCHAR NOT NULL,
    latin_lower VARCHAR
);
INSERT INTO event_actors
SELECT DISTINCT article_id, event_id, actor
FROM (SELECT article_id, event_id, unnest(actors) AS actor FROM events)
WHERE actor IS NOT NULL;
INSERT INTO actor_names
SELECT DISTINCT a.actor, lower(a.actor), lower(m.name_latin)
FROM (SELECT DISTINCT actor FROM event_actors) AS a
LEFT JOIN (SELECT DISTINCT name, name_latin FROM entity_mentions WHERE name_latin IS NOT NULL)
    AS m ON m.name = a.actor;
