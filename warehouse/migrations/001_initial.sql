-- Migration 001: the warehouse tables as the first release created them.
-- Never edit an applied migration: add the next numbered file (see docs/warehouse.md).
-- `IF NOT EXISTS` lets a warehouse made before versioned migrations adopt this version.
-- Offsets (char_start, char_end) index into articles.body.
-- Uniqueness (article_id, event_id, spans) is checked by the pandera schemas in schemas/
-- before every load and again on the loaded tables by the Dagster asset checks.

CREATE TABLE IF NOT EXISTS articles (
    article_id          VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    published           VARCHAR NOT NULL,
    published_date      DATE NOT NULL,
    published_precision VARCHAR NOT NULL,
    title               VARCHAR,
    body                VARCHAR NOT NULL,
    n_sentences         INTEGER NOT NULL,
    loaded_at           TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS date_mentions (
    article_id  VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    precision   VARCHAR NOT NULL,
    range_start DATE,
    range_end   DATE,
    resolution  VARCHAR NOT NULL,
    modifier    VARCHAR
);

CREATE TABLE IF NOT EXISTS money_mentions (
    article_id  VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    value       DOUBLE,
    currency    VARCHAR NOT NULL,
    qualifier   VARCHAR NOT NULL,
    min_value   DOUBLE,
    max_value   DOUBLE,
    value_eur   DOUBLE,
    rate        DOUBLE,
    rate_date   DATE,
    rate_note   VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    event_id    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    date_value  VARCHAR NOT NULL,
    date_start  DATE NOT NULL,
    date_end    DATE NOT NULL,
    date_source VARCHAR NOT NULL,
    n_dates     INTEGER NOT NULL,
    n_amounts   INTEGER NOT NULL,
    actors      VARCHAR[] NOT NULL,
    places      VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS rejects (
    source_file VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);
