-- Views users query. Recreated on every load, so a change here lands with the next run.

-- Events with the article and file they come from, in no order: filters on it reach the
-- events before the join (pipeline/selection.py sorts what passes as `timeline` does).
CREATE OR REPLACE VIEW timeline_rows AS
SELECT
    e.date_start,
    e.date_end,
    e.date_value,
    e.date_precision,
    e.date_source,
    e.event_type,
    e.modality,
    e.trigger,
    e.text,
    e.actors,
    e.targets,
    e.sources,
    e.places,
    e.amount_eur,
    e.is_main,
    e.is_related_headline,
    e.event_group_id,
    a.published,
    a.title,
    a.source_file,
    e.article_id,
    e.sentence_no,
    e.event_id
FROM events AS e
JOIN articles AS a USING (article_id);

-- Events in date order (vague dates last), with the article and file they come from.
CREATE OR REPLACE VIEW timeline AS
SELECT * FROM timeline_rows
ORDER BY date_start NULLS LAST, date_end, published, article_id, sentence_no, event_id;

-- One row per actor and event: "what did X do, and when".
CREATE OR REPLACE VIEW actor_timeline AS
SELECT
    actor,
    e.date_start,
    e.date_end,
    e.date_value,
    e.event_type,
    e.modality,
    e.trigger,
    e.targets,
    e.places,
    e.text,
    a.source_file,
    e.event_id
FROM events AS e
JOIN articles AS a USING (article_id),
    unnest(e.actors) AS t(actor)
ORDER BY actor, e.date_start NULLS LAST, e.event_id;

-- Planned events dated after the article that announces them.
CREATE OR REPLACE VIEW upcoming AS
SELECT
    e.date_start,
    e.date_end,
    e.date_value,
    e.event_type,
    e.trigger,
    e.actors,
    e.places,
    e.text,
    a.published,
    a.source_file,
    e.event_id
FROM events AS e
JOIN articles AS a USING (article_id)
WHERE e.modality = 'planned'
  AND (e.date_start > a.published_date OR e.date_value = 'FUTURE_REF')
ORDER BY e.date_start NULLS LAST, e.event_id;

-- The same event told by several articles (events.event_group_id, see pipeline/event_groups.py).
CREATE OR REPLACE VIEW event_groups AS
SELECT
    e.event_group_id,
    any_value(e.event_type) AS event_type,
    min(e.date_start) AS first_date,
    max(e.date_end) AS last_date,
    list_sort(list_distinct(flatten(list(e.actors)))) AS actors,
    list_sort(list_distinct(flatten(list(e.places)))) AS places,
    count(DISTINCT e.article_id) AS n_articles,
    count(*) AS n_mentions,
    arg_min(a.source_file, a.published_date) AS first_source_file
FROM events AS e
JOIN articles AS a USING (article_id)
WHERE e.event_group_id IS NOT NULL
GROUP BY e.event_group_id
ORDER BY first_date, e.event_group_id;

-- Euro amounts summed by month (of the event's date), currency and event type.
CREATE OR REPLACE VIEW money_timeline AS
SELECT
    date_trunc('month', e.date_start)::DATE AS month,
    m.currency,
    e.event_type,
    count(*) AS n_amounts,
    sum(m.value) AS total_value,
    sum(m.value_eur) AS total_eur,
    count(*) FILTER (WHERE m.value_eur IS NULL) AS n_without_eur
FROM money_mentions AS m
JOIN events AS e ON e.is_main AND list_contains(e.money_ids, m.money_id)
GROUP BY ALL
ORDER BY month, m.currency, e.event_type;

-- One row per article: its dates, amounts, events and what of it was rejected.
CREATE OR REPLACE VIEW article_summary AS
WITH dates AS (
    SELECT article_id, count(*) AS n_dates, min(range_start) AS first_date,
        max(range_end) AS last_date
    FROM date_mentions GROUP BY article_id
), amounts AS (
    SELECT article_id, count(*) AS n_amounts, sum(value_eur) AS total_eur,
        count(*) FILTER (WHERE value_eur IS NULL) AS n_amounts_without_eur,
        list_sort(list_distinct(list(currency))) AS currencies
    FROM money_mentions GROUP BY article_id
), article_events AS (
    SELECT article_id, count(*) AS n_events,
        count(*) FILTER (WHERE date_start IS NULL) AS n_undated_events,
        list_sort(list_distinct(list(event_type))) AS event_types
    FROM events GROUP BY article_id
), article_rejects AS (
    -- rows of the article's file refused by a later stage, and copies of the file
    SELECT a.article_id, count(*) AS n_rejects, list_sort(list(r.source_file || ': ' || r.reason)) AS rejects
    FROM rejects AS r
    JOIN articles AS a ON r.source_file = a.source_file OR r.duplicate_of = a.source_file
    GROUP BY a.article_id
)
SELECT
    a.article_id,
    a.source_file,
    a.published,
    a.title,
    a.n_sentences,
    coalesce(d.n_dates, 0) AS n_dates,
    d.first_date,
    d.last_date,
    coalesce(m.n_amounts, 0) AS n_amounts,
    m.total_eur,
    coalesce(m.n_amounts_without_eur, 0) AS n_amounts_without_eur,
    coalesce(m.currencies, []::VARCHAR[]) AS currencies,
    coalesce(e.n_events, 0) AS n_events,
    coalesce(e.n_undated_events, 0) AS n_undated_events,
    coalesce(e.event_types, []::VARCHAR[]) AS event_types,
    coalesce(r.n_rejects, 0) AS n_rejects,
    coalesce(r.rejects, []::VARCHAR[]) AS rejects
FROM articles AS a
LEFT JOIN dates AS d USING (article_id)
LEFT JOIN amounts AS m USING (article_id)
LEFT JOIN article_events AS e USING (article_id)
LEFT JOIN article_rejects AS r USING (article_id)
ORDER BY a.published_date, a.source_file;
