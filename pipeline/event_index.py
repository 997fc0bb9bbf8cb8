"""What a load adds beside the extracted tables so that queries over a large archive stay
fast (migrations 005 and 006, docs/performance.md):

- `event_actors`, one row per event and actor, and `actor_names`, the distinct actor names
  with their Latin names, lower-cased (`timeline query --actor`);
- `event_words`, one row per event and distinct word of its text, and `words`, the distinct
  words with the number of events having each (`timeline query --text`).

`event_actors` and `event_words` rows go with their article: the load deletes them with the
article's other rows (`pipeline.warehouse.EXTRACTED_TABLES`) and `index_events` adds the new
articles'. `actor_names` is made again from `event_actors` and `entity_mentions` by every
load, and `words` from `event_words` (a word keeps its `word_id` while an event has it).

A word is a maximal run of the characters of `WORD_PATTERN` in `lower(text)`, in DuckDB; the
query tokenizes its text with the same pattern (`pipeline.selection`). Because a word is a
maximal run of one character class, every word of a text searched for lies inside a word of
any event text containing it, which is what makes the index a safe prefilter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `pipeline.selection` reads WORD_PATTERN; `timeline` starts without DuckDB
    import duckdb

# one character class repeated: letters, digits, combining marks (RE2 syntax, in DuckDB);
# warehouse/migrations/006_event_words.sql fills the index of earlier loads with it
WORD_PATTERN = r"[\pL\pN\pM]+"

# an event's distinct actors (`list_distinct`: no hash table over every event and actor)
_EVENT_ACTORS = """
INSERT INTO event_actors
SELECT article_id, event_id, actor
FROM (SELECT article_id, event_id, unnest(list_distinct(actors)) AS actor FROM events {where})
WHERE actor IS NOT NULL
"""

_ACTOR_NAMES = """
INSERT INTO actor_names
SELECT DISTINCT a.actor, lower(a.actor), lower(m.name_latin)
FROM (SELECT DISTINCT actor FROM event_actors) AS a
LEFT JOIN (SELECT DISTINCT name, name_latin FROM entity_mentions WHERE name_latin IS NOT NULL)
    AS m ON m.name = a.actor
"""

# the distinct words of each event's text, one row each: `list_distinct` per event, so no
# table of every (event, word) pair and no hash table over them all (a first load of 100,000
# articles has 43 million; docs/performance.md)
_TOKENS = f"""
SELECT article_id, event_id,
    unnest(list_distinct(regexp_extract_all(lower(text), '{WORD_PATTERN}'))) AS word
FROM events {{where}}
"""

# words not yet in the dictionary get the next ids, in word order (a hash table over the
# distinct words only; each event's words need no `list_distinct` here, the DISTINCT does it)
_NEW_WORDS = f"""
INSERT INTO words
SELECT (SELECT coalesce(max(word_id), 0) FROM words) + (row_number() OVER (ORDER BY word))::INTEGER,
    word, 0
FROM (
    SELECT DISTINCT t.word
    FROM (SELECT unnest(regexp_extract_all(lower(text), '{WORD_PATTERN}')) AS word
          FROM events {{where}}) AS t
    ANTI JOIN words AS w USING (word)
)
"""

# the events' words, streamed through a join with the dictionary (tokenized a second time
# rather than kept: the text is read twice, the pairs are never held)
_EVENT_WORDS = f"""
INSERT INTO event_words
SELECT t.article_id, t.event_id, w.word_id FROM ({_TOKENS}) AS t JOIN words AS w USING (word)
"""

# the words some event still has, with the number of events having each
_COUNTED_WORDS = """
CREATE OR REPLACE TEMP TABLE counted_words AS
SELECT w.word_id, w.word, c.n AS events
FROM words AS w JOIN (SELECT word_id, count(*) AS n FROM event_words GROUP BY word_id) AS c
    USING (word_id)
"""

_WHERE_LOADED = "WHERE article_id IN (SELECT unnest($ids::VARCHAR[]))"


def index_events(conn: duckdb.DuckDBPyConnection, article_ids: list[str] | None) -> None:
    """Add the `event_actors` and `event_words` rows of these newly loaded articles (None:
    of every event, after emptying both and `words`), then make `actor_names` again and
    count every word's events again (a word no event has any more leaves `words`)."""
    where, params = _WHERE_LOADED, {"ids": article_ids}
    if article_ids is None:
        for table in ("event_actors", "event_words", "words"):
            conn.execute(f"DELETE FROM {table}")
        where, params = "", {}
    if article_ids != []:
        conn.execute(_EVENT_ACTORS.format(where=where), params)
        conn.execute(_NEW_WORDS.format(where=where), params)
        conn.execute(_EVENT_WORDS.format(where=where), params)
    conn.execute("DELETE FROM actor_names")
    conn.execute(_ACTOR_NAMES)
    conn.execute(_COUNTED_WORDS)
    conn.execute("DELETE FROM words")
    conn.execute("INSERT INTO words SELECT word_id, word, events FROM counted_words")
    conn.execute("DROP TABLE counted_words")
