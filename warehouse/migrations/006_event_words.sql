-- Migration 006: the word index for `timeline query --text` over a large archive
-- (docs/performance.md, issue 15). Filled by every load (pipeline/event_index.py, whose
-- WORD_PATTERN is the pattern below); rows of earlier loads here.
-- A word is a maximal run of letters, digits and combining marks of lower(events.text).
-- `words`: one row per distinct word of `event_words`, with the number of events having it,
-- so that a part of a word is looked up among the distinct words, not every event's text.
-- `event_words`: one row per event and distinct word of its text.
CREATE TABLE words (
    word_id INTEGER NOT NULL,
    word    VARCHAR NOT NULL,
    events  BIGINT NOT NULL
);
CREATE TABLE event_words (
    article_id VARCHAR NOT NULL,
    event_id   VARCHAR NOT NULL,
    word_id    INTEGER NOT NULL
);
CREATE TEMP TABLE migration_tokens AS
SELECT DISTINCT article_id, event_id, word
FROM (
    SELECT article_id, event_id,
        unnest(regexp_extract_all(lower(text), '[\pL\pN\pM]+')) AS word
    FROM events
);
INSERT INTO words
SELECT (row_number() OVER (ORDER BY word))::INTEGER, word, 0
FROM (SELECT DISTINCT word FROM migration_tokens);
INSERT INTO event_words
SELECT t.article_id, t.event_id, w.word_id FROM migration_tokens AS t JOIN words AS w USING (word);
DROP TABLE migration_tokens;
UPDATE words SET events = c.n
FROM (SELECT word_id, count(*) AS n FROM event_words GROUP BY word_id) AS c
WHERE words.word_id = c.word_id;
