-- Views users query. Recreated on every load, so a change here lands with the next run.

-- Events in date order, with the article and file they come from.
CREATE OR REPLACE VIEW timeline AS
SELECT
    e.date_start,
    e.date_end,
    e.date_value,
    e.date_source,
    e.text,
    e.actors,
    e.places,
    a.published,
    a.title,
    a.source_file,
    e.article_id,
    e.sentence_no,
    e.event_id
FROM events AS e
JOIN articles AS a USING (article_id)
ORDER BY e.date_start, e.date_end, a.published, e.article_id, e.sentence_no;

-- Euro amounts summed by month (of the sentence's event date) and original currency.
CREATE OR REPLACE VIEW money_timeline AS
SELECT
    date_trunc('month', e.date_start)::DATE AS month,
    m.currency,
    count(*) AS n_amounts,
    sum(m.value) AS total_value,
    sum(m.value_eur) AS total_eur,
    count(*) FILTER (WHERE m.value_eur IS NULL) AS n_without_eur
FROM money_mentions AS m
JOIN events AS e USING (article_id, sentence_no)
GROUP BY ALL
ORDER BY month, m.currency;
