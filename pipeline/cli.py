"""The `timeline` command: extract from files without a warehouse, or query the warehouse.

timeline extract --jsonl FILE...        one JSON object per file on standard output (in the
                                        order given; many files are extracted by a pool of
                                        processes; progress on standard error at a terminal)
timeline query [--from D] [--to D] [--text WORD] [--actor NAME] [--place NAME] [--type T]
               [--modality M] [--min-eur EUR] [--limit N] [--format table|csv|jsonl] [--wide]
timeline chart [--out FILE.html|.png|.svg] [--by actor|type|place] [filters of query]
timeline export [--timelinejs FILE | --format csv|json|parquet|timelinejs --out FILE] [filters]
timeline rates update [--url URL]   fetch the current ECB rate history into $TIMELINE_RATES
timeline rates status              which ECB rate history is in use

Exit codes of `query`: 0 rows printed, 2 no warehouse yet, 3 the warehouse is held for writing
by another process (after a few retries; loads themselves never hold it), 1 another error,
141 the reader of the output stopped early (`timeline query | head`), quietly.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.extract import rates
from pipeline.extract.document import extract_file
from pipeline.extract.events import EVENT_TYPES, MODALITIES
from pipeline.selection import COLUMNS as SELECTED_COLUMNS
from pipeline.selection import Selection, display_date, format_eur, query_date
from pipeline.workers import ProgressMeter, pool_context, worker_count

# DuckDB, pandas and pyarrow (the warehouse, the export) are imported by the commands that
# read the warehouse, not at start: `timeline extract` and each of its worker processes start
# without them.

EXIT_NO_WAREHOUSE = 2
# `timeline query` exits with this when another process holds the warehouse for writing.
EXIT_BUSY = 3
EXIT_BROKEN_PIPE = 141
DEFAULT_LIMIT = 1000
# pipeline.chart's LANES and FORMATS, named here so that `query` need not import Altair
CHART_LANES = ("actor", "type", "place")
CHART_FORMATS = (".html", ".png", ".svg")
# pipeline.export's FORMATS, named here so that the command need not import pyarrow
EXPORT_FORMATS = ("timelinejs", "csv", "json", "parquet")
# below this many columns for the sentence, `query` leaves out the file column
MIN_SENTENCE_WIDTH = 30

# the columns of `query --format csv|jsonl`: the selection's, less the article title and the
# precision (`date_value` is written at it)
QUERY_COLUMNS = tuple(c for c in SELECTED_COLUMNS if c not in ("title", "date_precision"))


def _date_from(text: str) -> dt.date:
    try:
        return query_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _date_to(text: str) -> dt.date:
    try:
        return query_date(text, last=True)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _euros(text: str) -> float:
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of euros") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give 0 or more euros")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give 0 or more")
    return value


QUERY_EXAMPLES = """\
examples:
  timeline query                              the whole timeline, in date order
  timeline query --from 2025 --to 2025-03     events in January to March 2025
  timeline query --from "3 ноември 2024" --to "ноември 2024"
                                              events of 3 to 30 November 2024 (dates in words)
  timeline query --from "миналата седмица"    events since the Monday of last week
  timeline query --actor Blinken --type meeting
  timeline query --min-eur 1e9                events with an amount of a billion euros or more
  timeline query --modality planned --limit 20
  timeline query --wide | less -S             whole sentences, no truncation
  timeline query --format csv > timeline.csv

--from and --to take YYYY, YYYY-MM, YYYY-MM-DD or a date in words, Bulgarian or English,
read by dateparser relative to today (3 ноември 2024, 13.11.2024, вчера, ноември 2024,
миналата седмица, last week): a month, year or week is widened to its first day for --from,
its last for --to. Dates are shown at their precision (2024-11-13, 2024-11, 2025); (past)
and (future) mark events told without a calendar date. Exit codes: 0 done, 2 no warehouse yet, 3 the
warehouse is held for writing by another process, 1 another error, 141 the reader of the
output stopped early (`| head`), quietly.
"""


CHART_EXAMPLES = """\
examples:
  timeline chart --out timeline.html          every event, one lane per event type
  timeline chart --by actor --from 2024-11 --out blinken.png --actor Blinken
  timeline chart --by place --min-eur 1e6 --out money.svg
"""


EXPORT_EXAMPLES = """\
examples:
  timeline export --timelinejs timeline.json  for timeline.knightlab.com (groups by type)
  timeline export --format csv --out timeline.csv     opens in Excel (UTF-8 with a BOM)
  timeline export --format json --from 2025 > 2025.json
  timeline export --format parquet --out timeline.parquet --type aid
"""


def add_selection_arguments(parser: argparse.ArgumentParser, limit: int | None) -> None:
    """The filters of `query`, `chart` and `export` (pipeline.selection.Selection)."""
    parser.add_argument(
        "--from",
        dest="date_from",
        type=_date_from,
        metavar="DATE",
        help="events ending on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD (its first day), or"
        " a date in words, Bulgarian or English (`3 ноември 2024`, `вчера`, `ноември 2024`:"
        " its first day)",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        type=_date_to,
        metavar="DATE",
        help="events starting on or before DATE: YYYY, YYYY-MM or YYYY-MM-DD (its last day), or"
        " a date in words (`ноември 2024`, `миналата седмица`: its last day)",
    )
    parser.add_argument("--text", help="only events whose sentence contains this word")
    parser.add_argument(
        "--actor",
        help="only events with an actor whose name contains this, in Cyrillic or Latin "
        "(Блинкен, Blinken)",
    )
    parser.add_argument("--place", help="only events with a place whose name contains this")
    parser.add_argument(
        "--type",
        dest="event_type",
        choices=EVENT_TYPES,
        metavar="TYPE",
        help=f"event type: {', '.join(EVENT_TYPES)}",
    )
    parser.add_argument("--modality", choices=MODALITIES, help="occurred, planned, ...")
    parser.add_argument(
        "--min-eur",
        dest="min_eur",
        type=_euros,
        metavar="EUR",
        help="only events with an amount of at least EUR euros (1e9, 250000)",
    )
    parser.add_argument(
        "--limit",
        type=_count,
        default=limit,
        metavar="N",
        help=f"at most N events (default: {limit if limit is not None else 'all'})",
    )
    parser.add_argument(
        "--db", type=Path, default=None, help="warehouse file (default: $TIMELINE_DB)"
    )


def selection_of(args: argparse.Namespace) -> Selection:
    return Selection(
        date_from=args.date_from,
        date_to=args.date_to,
        text=args.text,
        actor=args.actor,
        place=args.place,
        event_type=args.event_type,
        modality=args.modality,
        min_eur=args.min_eur,
        limit=args.limit,
    )


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

    query = commands.add_parser(
        "query",
        help="print the timeline from the warehouse",
        description="Print the events of the warehouse in date order, one per line.",
        epilog=QUERY_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_selection_arguments(query, limit=DEFAULT_LIMIT)
    query.add_argument(
        "--format",
        choices=("table", "csv", "jsonl"),
        default="table",
        help="table (for people, the default), csv or jsonl (every column)",
    )
    query.add_argument("--wide", action="store_true", help="whole lines, however wide the terminal")
    chart = commands.add_parser(
        "chart",
        help="draw the timeline as HTML, PNG or SVG",
        description="Draw the events on a time axis: one lane per actor, event type or place, "
        "point size from the amount in euros, colour by modality; hover for the sentence.",
        epilog=CHART_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    chart.add_argument(
        "--out",
        type=Path,
        default=Path("timeline.html"),
        metavar="FILE",
        help="FILE.html (opens offline), FILE.png or FILE.svg (default: timeline.html)",
    )
    chart.add_argument(
        "--by", choices=CHART_LANES, default="type", help="one lane per ... (default: type)"
    )
    chart.add_argument("--title", default="Timeline", help="the chart's title")
    chart.add_argument(
        "--lanes",
        type=_count,
        default=30,
        metavar="N",
        help="at most N lanes: those with fewest events are merged into one (default: 30)",
    )
    add_selection_arguments(chart, limit=None)
    export = commands.add_parser(
        "export",
        help="write the timeline for TimelineJS, Excel (CSV), JSON or Parquet",
        description="Write the selected events to a file (or CSV and JSON to standard output).",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--timelinejs",
        type=Path,
        metavar="FILE",
        help="write Knight Lab TimelineJS JSON to FILE (= --format timelinejs --out FILE)",
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
    export.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="the file to write (default: standard output, for csv and json)",
    )
    export.add_argument(
        "--no-bom",
        dest="bom",
        action="store_false",
        help="CSV without the UTF-8 byte-order mark (which Excel needs to read Cyrillic)",
    )
    add_selection_arguments(export, limit=None)
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


def extracted_text(path: Path, indent: int | None) -> tuple[bool, str]:
    """(whether the file could not be read, its `timeline extract` JSON)."""
    result = extract_file(path)
    return "error" in result, json.dumps(result, ensure_ascii=False, indent=indent)


def _extracted_texts(paths: list[Path], indent: int | None) -> list[tuple[bool, str]]:
    return [extracted_text(path, indent) for path in paths]


def extract_texts(
    files: Sequence[Path], workers: int, indent: int | None
) -> Iterator[tuple[bool, str]]:
    """`extracted_text` of every file, in the order given; a pool of `workers` processes
    extracts chunks of `EXTRACT_CHUNK` files when there are enough of them, and writes their
    JSON too (a text passes between processes for less than the objects it is made of)."""
    if workers <= 1 or len(files) < 2 * EXTRACT_CHUNK:
        yield from (extracted_text(path, indent) for path in files)
        return
    chunks = [list(files[i : i + EXTRACT_CHUNK]) for i in range(0, len(files), EXTRACT_CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        for texts in pool.map(_extracted_texts, chunks, [indent] * len(chunks)):
            yield from texts


def run_extract(files: Sequence[Path], jsonl: bool, workers: int | None = None) -> int:
    failed = 0
    progress = sys.stderr.isatty() and len(files) > 1
    meter = ProgressMeter(len(files), "files")
    for unreadable, text in extract_texts(files, workers or worker_count(), None if jsonl else 2):
        failed += unreadable
        print(text, flush=True)
        meter.add(1)
        if progress:
            print(f"\rtimeline: {meter.line()}\033[K", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    if failed:
        print(f"timeline: {failed} of {len(files)} files could not be read", file=sys.stderr)
    return 1 if failed else 0


def read_selection(args: argparse.Namespace) -> list[dict[str, Any]] | int:
    """The events the filters in `args` select, or the exit code after a one-line error."""
    import duckdb

    from pipeline.selection import select_events
    from pipeline.warehouse import WarehouseBusyError, connect_read_only, database_path

    path = args.db or database_path()
    if not path.exists():
        print(
            f"timeline: no warehouse at {path}; run `make run` first (or give --db FILE)",
            file=sys.stderr,
        )
        return EXIT_NO_WAREHOUSE
    try:
        with connect_read_only(path) as conn:
            return select_events(conn, selection_of(args))
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


def _csv_cell(value: object) -> object:
    """Lists (actors, places) as one `; `-separated cell."""
    return "; ".join(map(str, value)) if isinstance(value, list) else value


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` characters, the last one `…` when cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…" if width > 0 else ""


def _who_where(row: dict[str, Any]) -> str:
    """`  [actors: …; places: …]` after an event's sentence, or nothing when it names none."""
    parts = [
        f"{label}: {', '.join(row.get(label) or [])}"
        for label in ("actors", "places")
        if row.get(label)
    ]
    return f"  [{'; '.join(parts)}]" if parts else ""


def table_lines(rows: list[dict[str, Any]], width: int | None, more: bool = False) -> Iterator[str]:
    """The events as aligned lines for people: date at its precision, type/modality, the
    amount in euros, file, sentence with actors and places. Lines longer than `width`
    are cut with `…` (None: never cut). The last line counts the events."""
    cells = [
        (
            display_date(row["date_value"]),
            f"{row['event_type']}/{row['modality']}",
            format_eur(row.get("amount_eur")),
            row["source_file"],
            f"{row['text']}{_who_where(row)}",
        )
        for row in rows
    ]
    header = ("date", "event", "euros", "file", "sentence")
    if cells:
        widths = [max(len(c[i]) for c in [header, *cells]) for i in range(4)]
        shown = [0, 1, 2, 3]
        if width is not None and width - sum(widths) - 2 * len(widths) < MIN_SENTENCE_WIDTH:
            shown = [0, 1, 2]  # a narrow terminal: the sentence before the file's name
        for cell in [header, *cells]:
            line = "  ".join(cell[i].ljust(widths[i]) for i in shown)
            line = f"{line}  {cell[4]}"
            yield line if width is None else _fit(line, width)
    noun = "event" if len(rows) == 1 else "events"
    yield f"({len(rows)} {noun}" + (", more with a larger --limit)" if more else ")")


def output_lines(rows: list[dict[str, Any]], fmt: str, width: int | None) -> Iterator[str]:
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps({k: row[k] for k in QUERY_COLUMNS}, ensure_ascii=False, default=str)
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(QUERY_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _csv_cell(row[k]) for k in QUERY_COLUMNS} for row in rows)
        yield from buffer.getvalue().splitlines()
        return
    yield from table_lines(rows, width)


def terminal_width() -> int:
    """The terminal's columns ($COLUMNS first; 100 when the output is no terminal)."""
    return shutil.get_terminal_size((100, 24)).columns


def run_query(args: argparse.Namespace) -> int:
    limit = args.limit
    if limit is not None:
        args.limit = limit + 1  # one more, to say that there are more
    rows = read_selection(args)
    if isinstance(rows, int):
        return rows
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    if args.format == "table":
        lines = table_lines(rows, None if args.wide else terminal_width(), more)
    else:
        lines = output_lines(rows, args.format, None)
    for line in lines:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    if more and args.format != "table":
        print(
            f"timeline: only the first {limit} events; more with a larger --limit", file=sys.stderr
        )
    return 0


def run_chart(args: argparse.Namespace) -> int:
    from pipeline.chart import save_chart, timeline_chart  # Altair: only when charting

    if args.out.suffix.lower() not in CHART_FORMATS:
        print(
            f"timeline: {args.out.name}: give a file ending in {', '.join(CHART_FORMATS)}",
            file=sys.stderr,
        )
        return 1
    rows = read_selection(args)
    if isinstance(rows, int):
        return rows
    chart = timeline_chart(rows, args.by, args.title, max(1, args.lanes))
    save_chart(chart, args.out)
    dated = sum(1 for row in rows if row["date_start"] is not None)
    print(f"timeline: wrote {args.out} ({dated} of {len(rows)} events have a calendar date)")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pipeline.export import csv_text, export, json_text  # pyarrow: only when exporting

    fmt, out = args.format, args.out
    if args.timelinejs is not None:
        fmt, out = "timelinejs", args.timelinejs
    if out is None and fmt in ("parquet", "timelinejs"):
        print(f"timeline: give the file to write {fmt} to: --out FILE", file=sys.stderr)
        return 1
    rows = read_selection(args)
    if isinstance(rows, int):
        return rows
    if out is None:
        text = csv_text(rows, args.bom) if fmt == "csv" else json_text(rows) + "\n"
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    export(rows, fmt, out, args.bom)
    print(f"timeline: wrote {len(rows)} events to {out} ({fmt})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The `timeline` command. A reader that stops early (`timeline query | head`) ends it
    quietly with 141, as it does other Unix commands (128 + SIGPIPE)."""
    try:
        return dispatch(argv)
    except BrokenPipeError:
        # stdout's reader is gone: send what Python still flushes at exit to /dev/null
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def dispatch(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return run_extract(args.files, args.jsonl, args.workers)
    if args.command == "rates":
        return run_rates(args)
    if args.command == "chart":
        return run_chart(args)
    if args.command == "export":
        return run_export(args)
    return run_query(args)


if __name__ == "__main__":
    sys.exit(main())
