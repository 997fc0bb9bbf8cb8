-- The warehouse tables. Every column is described in docs/warehouse.md.
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
    money_id    VARCHAR NOT NULL,
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
    rate_source VARCHAR NOT NULL,
    rate_note   VARCHAR
);
-- rate_source came after the first release: add it to a warehouse made before.
ALTER TABLE money_mentions ADD COLUMN IF NOT EXISTS rate_source VARCHAR;

CREATE TABLE IF NOT EXISTS entity_mentions (
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

CREATE TABLE IF NOT EXISTS events (
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

CREATE TABLE IF NOT EXISTS rejects (
    source_file VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);
