"""The `timeline` command: extract from files without a warehouse, or query the warehouse.

timeline extract --jsonl FILE...        one JSON object per file on standard output (in the
                                        order given; many files are extracted by a pool of
                                        processes; progress on standard error at a terminal)
timeline query [--from D] [--to D] [--text WORD] [--actor NAME] [--place NAME] [--type T]
               [--modality M] [--limit N] [--format table|csv|jsonl]
timeline rates update [--url URL]   fetch the current ECB rate history into $TIMELINE_RATES
timeline rates status              which ECB rate history is in use

Exit codes of `query`: 0 rows printed, 2 no warehouse yet, 3 the warehouse is held for writing
by another process (after a few retries; loads themselves never hold it), 1 another error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

from pipeline.extract import rates
from pipeline.extract.document import extract_file
from pipeline.extract.events import EVENT_TYPES, MODALITIES
from pipeline.stream import ProgressMeter, pool_context, worker_count
from pipeline.warehouse import WarehouseBusyError, connect_read_only, database_path

# `timeline query` exits with this when another process holds the warehouse for writing.
EXIT_BUSY = 3

QUERY_COLUMNS = (
    "date_start",
    "date_end",
    "date_value",
    "event_type",
    "modality",
    "trigger",
    "published",
    "source_file",
    "text",
    "actors",
    "targets",
    "sources",
    "places",
    "amount_eur",
    "is_main",
    "event_id",
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline", description="Bulgarian news articles as a timeline of dated events."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="print the dates, amounts and events found in article files"
    )
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract.add_argument(
        "--jsonl", action="store_true", help="one JSON object per line (default: indented)"
    )
    extract.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for many files (default: $TIMELINE_WORKERS or the machine's cores)",
    )

    query = commands.add_parser("query", help="print the timeline from the warehouse")
    query.add_argument("--from", dest="date_from", type=_date, help="events ending on/after")
    query.add_argument("--to", dest="date_to", type=_date, help="events starting on/before")
    query.add_argument("--text", help="only events whose sentence contains this word")
    query.add_argument(
        "--actor",
        help="only events with an actor whose name contains this, in Cyrillic or Latin "
        "(`Блинкен`, `Blinken`)",
    )
    query.add_argument("--type", dest="event_type", choices=EVENT_TYPES, help="event type")
    query.add_argument("--modality", choices=MODALITIES, help="occurred, planned, ...")
    query.add_argument("--place", help="only events with a place whose name contains this")
    query.add_argument("--limit", type=int, default=1000, help="at most this many rows")
    query.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    query.add_argument(
        "--db", type=Path, default=None, help="warehouse file (default: $TIMELINE_DB)"
    )
    add_rates_parser(commands)
    return parser


def add_rates_parser(commands: Any) -> None:
    """`timeline rates update|status`: the ECB history used for euro values."""
    rates_parser = commands.add_parser("rates", help="the ECB exchange rates used for euros")
    actions = rates_parser.add_subparsers(dest="rates_command", required=True)
    update = actions.add_parser(
        "update", help="fetch the current ECB rate history (the bundled one stays as fallback)"
    )
    update.add_argument("--url", help="where to fetch from (default: the ECB's history file)")
    actions.add_parser("status", help="say which ECB rate history is in use")


def run_rates(args: argparse.Namespace) -> int:
    if args.rates_command == "status":
        print(f"timeline: {rates.status_line()}")
        return 0
    result = rates.update_rates(args.url)
    print(f"timeline: {result.message}", file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


# `timeline extract` hands files to its pool this many at a time; fewer than two such
# chunks are extracted in the process itself (a pool's start-up would cost more)
EXTRACT_CHUNK = 50


def _extract_files(paths: list[Path]) -> list[dict[str, Any]]:
    return [extract_file(path) for path in paths]


def extract_results(files: Sequence[Path], workers: int) -> Iterator[dict[str, Any]]:
    """`extract_file` of every file, in the order given; a pool of `workers` processes
    extracts chunks of `EXTRACT_CHUNK` files when there are enough of them."""
    if workers <= 1 or len(files) < 2 * EXTRACT_CHUNK:
        yield from map(extract_file, files)
        return
    chunks = [list(files[i : i + EXTRACT_CHUNK]) for i in range(0, len(files), EXTRACT_CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        for results in pool.map(_extract_files, chunks):
            yield from results


def run_extract(files: Sequence[Path], jsonl: bool, workers: int | None = None) -> int:
    failed = 0
    progress = sys.stderr.isatty() and len(files) > 1
    meter = ProgressMeter(len(files), "files")
    for result in extract_results(files, workers or worker_count()):
        failed += "error" in result
        text = json.dumps(result, ensure_ascii=False, indent=None if jsonl else 2)
        print(text, flush=True)
        meter.add(1)
        if progress:
            print(f"\rtimeline: {meter.line()}\033[K", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    if failed:
        print(f"timeline: {failed} of {len(files)} files could not be read", file=sys.stderr)
    return 1 if failed else 0


def timeline_rows(
    conn: duckdb.DuckDBPyConnection,
    date_from: dt.date | None,
    date_to: dt.date | None,
    text: str | None,
    limit: int,
    actor: str | None = None,
    place: str | None = None,
    event_type: str | None = None,
    modality: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of the `timeline` view; every user value is a bound parameter.

    `actor` matches a part of an actor's Bulgarian name, or of the Latin name
    `entity_mentions` gives it (`Blinken` finds `Антъни Блинкен`).
    """
    latin_names: list[str] = []
    if actor:
        latin_names = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT name FROM entity_mentions "
                "WHERE contains(lower(name_latin), lower($actor))",
                {"actor": actor},
            ).fetchall()
        ]
    sql = (
        f"SELECT {', '.join(QUERY_COLUMNS)} FROM timeline "
        "WHERE ($from IS NULL OR date_end >= $from) "
        "AND ($to IS NULL OR date_start <= $to) "
        "AND ($text IS NULL OR contains(lower(text), lower($text))) "
        "AND ($actor IS NULL OR len(list_filter(actors, lambda a: "
        "contains(lower(a), lower($actor)) OR list_contains($latin, a))) > 0) "
        "AND ($type IS NULL OR event_type = $type) "
        "AND ($modality IS NULL OR modality = $modality) "
        "AND ($place IS NULL OR len(list_filter(places, lambda p: "
        "contains(lower(p), lower($place)))) > 0) "
        "LIMIT $limit"
    )
    params = {
        "from": date_from,
        "to": date_to,
        "text": text,
        "actor": actor,
        "latin": latin_names,
        "place": place,
        "type": event_type,
        "modality": modality,
        "limit": max(0, limit),
    }
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _csv_cell(value: object) -> object:
    """Lists (actors, places) as one `; `-separated cell."""
    return "; ".join(map(str, value)) if isinstance(value, list) else value


def _who_where(actors: list[str], places: list[str]) -> str:
    """`  [actors: …; places: …]` after an event line, or nothing when it names none."""
    parts = [
        f"{label}: {', '.join(names)}"
        for label, names in (("actors", actors), ("places", places))
        if names
    ]
    return f"  [{'; '.join(parts)}]" if parts else ""


def format_rows(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in rows)
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(QUERY_COLUMNS))
        writer.writeheader()
        writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in rows)
        return buffer.getvalue().rstrip("\n")
    lines = []
    for row in rows:
        when = row["date_value"]
        span = f"{row['date_start']}" + (
            f"..{row['date_end']}" if row["date_end"] != row["date_start"] else ""
        )
        if row["date_start"] is None:
            span = "(no calendar date)"  # PAST_REF, FUTURE_REF
        kind = f"{row['event_type']}/{row['modality']}"
        line = f"{when:<12} {span:<23} {kind:<22} {row['source_file']}: {_cell(row['text'])}"
        lines.append(line + _who_where(row.get("actors") or [], row.get("places") or []))
    lines.append(f"({len(rows)} events)")
    return "\n".join(lines)


def run_query(args: argparse.Namespace) -> int:
    path = args.db or database_path()
    if not path.exists():
        print(f"timeline: no warehouse at {path}; run `make run` first", file=sys.stderr)
        return 2
    try:
        with connect_read_only(path) as conn:
            rows = timeline_rows(
                conn,
                args.date_from,
                args.date_to,
                args.text,
                args.limit,
                args.actor,
                args.place,
                args.event_type,
                args.modality,
            )
    except WarehouseBusyError as busy:
        print(f"timeline: {busy}", file=sys.stderr)
        return EXIT_BUSY
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        print(
            f"timeline: cannot read the warehouse {path}: {type(error).__name__}: {first_line}",
            file=sys.stderr,
        )
        return 1
    print(format_rows(rows, args.format))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return run_extract(args.files, args.jsonl, args.workers)
    if args.command == "rates":
        return run_rates(args)
    return run_query(args)


if __name__ == "__main__":
    sys.exit(main())
