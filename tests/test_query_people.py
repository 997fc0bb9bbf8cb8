"""`timeline query` for people: dates at their precision, widths that fit, euros, partial
dates, filters, and one-line errors (issue 17, point 3)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import run_folder
from pipeline.cli import main, table_lines
from pipeline.selection import display_date, format_eur, partial_date, query_date
from tests.conftest import REPO, SEED_NAME

SEED = SEED_NAME
HEADER = "date        event             euros  file                      sentence"


def load_seeds(db: Path, seeds: Path) -> None:
    run_folder(db, seeds, workers=1)


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of the founding article, loaded once for this module."""
    folder = tmp_path_factory.mktemp("seed")
    seeds = folder / "seeds"
    seeds.mkdir()
    (seeds / SEED).write_bytes((REPO / "seeds" / SEED).read_bytes())
    db = folder / "timeline.duckdb"
    load_seeds(db, seeds)
    return db


def query(
    db: Path, capsys: pytest.CaptureFixture[str], *args: str, columns: int = 100
) -> tuple[int, list[str], str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", str(columns))
        code = main(["query", "--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


@pytest.mark.parametrize(
    ("text", "last", "expected"),
    [
        ("2025", False, dt.date(2025, 1, 1)),
        ("2025", True, dt.date(2025, 12, 31)),
        ("2025-02", False, dt.date(2025, 2, 1)),
        ("2025-02", True, dt.date(2025, 2, 28)),
        ("2024-02", True, dt.date(2024, 2, 29)),
        ("2025-02-23", True, dt.date(2025, 2, 23)),
    ],
)
def test_partial_dates(text: str, last: bool, expected: dt.date) -> None:
    assert partial_date(text, last=last) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "'2025-13' is not a calendar date"),
        ("2025-02-30", "'2025-02-30' is not a calendar date"),
        ("25", "'25' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("13.11.2024", "'13.11.2024' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_bad_dates_are_refused_with_the_forms_accepted(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        partial_date(text)
    assert str(refused.value) == message


TODAY = dt.date(2026, 12, 3)  # a Thursday


@pytest.mark.parametrize(
    ("text", "last", "expected"),
    [
        ("2025", True, dt.date(2025, 12, 31)),  # the forms of `partial_date` first
        ("2025-02", False, dt.date(2025, 2, 1)),
        ("3 ноември 2024", False, dt.date(2024, 11, 3)),
        ("3 ноември 2024", True, dt.date(2024, 11, 3)),
        ("1 септември 2025 г.", False, dt.date(2025, 9, 1)),
        ("13.11.2024", False, dt.date(2024, 11, 13)),
        ("03/11/2024", False, dt.date(2024, 11, 3)),  # day first
        ("3 Nov 2024", False, dt.date(2024, 11, 3)),
        ("вчера", False, dt.date(2026, 12, 2)),
        ("днес", True, dt.date(2026, 12, 3)),
        ("yesterday", True, dt.date(2026, 12, 2)),
        ("преди 3 дни", False, dt.date(2026, 11, 30)),
        ("ноември 2024", False, dt.date(2024, 11, 1)),
        ("ноември 2024", True, dt.date(2024, 11, 30)),
        ("февруари 2024", True, dt.date(2024, 2, 29)),
        ("ноември", True, dt.date(2026, 11, 30)),  # this year's
        ("миналата седмица", False, dt.date(2026, 11, 23)),  # its Monday
        ("миналата седмица", True, dt.date(2026, 11, 29)),  # its Sunday
        ("last week", False, dt.date(2026, 11, 23)),
        ("2024 г.", False, dt.date(2024, 1, 1)),
        ("2024 г.", True, dt.date(2024, 12, 31)),
    ],
)
def test_query_dates_in_words(text: str, last: bool, expected: dt.date) -> None:
    assert query_date(text, last=last, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "'2025-13' is not a calendar date"),
        (
            "25",  # (dateparser would read the 25th of this month)
            "'25' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or a date in words"
            " (3 ноември 2024, вчера)",
        ),
        (
            "soon",
            "'soon' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or a date in words"
            " (3 ноември 2024, вчера)",
        ),
        (
            "31 февруари 2024",
            "'31 февруари 2024' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or a date in"
            " words (3 ноември 2024, вчера)",
        ),
    ],
)
def test_query_dates_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        query_date(text, today=TODAY)
    assert str(refused.value) == message


def test_query_with_dates_in_words_selects_as_with_iso_dates(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    iso = query(seed_db, capsys, "--from", "2024-11-03", "--to", "2024-11")
    words = query(seed_db, capsys, "--from", "3 ноември 2024", "--to", "ноември 2024")
    assert words == iso
    assert iso[0] == 0 and len(iso[1]) > 2  # a header, events, a count
    none = query(seed_db, capsys, "--from", "1 декември 2024", "--to", "декември 2024")
    assert none == (0, ["(0 events)"], "")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (None, ""),
        (float("nan"), ""),
        (0.0, "€0"),
        (12_499.6, "€12,500"),
        (250_000_000.0, "€250 mn"),
        (1_236_000_000.0, "€1.24 bn"),
        (5_512_172_714.745062, "€5.51 bn"),
        (2.5e12, "€2,500 bn"),
    ],
)
def test_euros_for_people(amount: float | None, shown: str) -> None:
    assert format_eur(amount) == shown


def test_vague_dates_are_named() -> None:
    assert [display_date(v) for v in ("2024-11-13", "2024-11", "2025", "PAST_REF")] == [
        "2024-11-13",
        "2024-11",
        "2025",
        "(past)",
    ]
    assert display_date("FUTURE_REF") == "(future)"


def test_partial_from_and_to_in_a_terminal_of_100_columns(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, err = query(seed_db, capsys, "--from", "2025", "--to", "2025-02")
    assert (code, err) == (0, "")
    assert lines == [
        HEADER,
        "2025        meeting/planned          000_258619d2f2043b2c.txt  "
        "Блинкен заяви, че отиващата си админ…",
        "2025-02-23  election/planned         000_258619d2f2043b2c.txt  "
        "След разпадане на коалицията: Герман…",
        "(2 events)",
    ]
    assert all(len(line) <= 100 for line in lines)
    code, lines, _ = query(seed_db, capsys, "--from", "2026")
    assert lines == ["(0 events)"]


def test_euros_type_and_wide(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = query(seed_db, capsys, "--type", "aid", "--wide", columns=60)
    assert (code, err) == (0, "")
    assert lines == [
        "date      event         euros     file                      sentence",
        "2024-11   aid/occurred  €1.24 bn  000_258619d2f2043b2c.txt  Украйна получи и "
        "безвъзмездна помощ от САЩ в размер на 1,35 млрд. долара в подкрепа на хуманитарни и "
        "социални програми, съобщи днес премиерът Денис Шмигал.  [actors: Украйна]",
        "(future)  aid/planned             000_258619d2f2043b2c.txt  Администрацията на Джо "
        "Байдън планира да увеличи американската военна помощ за Украйна през последните "
        "месеци от мандата си, заяви държавният секретар на САЩ Антъни Блинкен в Брюксел на "
        "13 ноември:  [actors: Администрацията на Джо Байдън]",
        "(future)  aid/planned   €5.51 bn  000_258619d2f2043b2c.txt  В оставащите само "
        "няколко месеца администрацията на Байдън планира да ускори вече отпуснатото "
        "финансиране за военна подкрепа на Украйна в размер на над 6 млрд. долара.  "
        "[actors: администрацията на Байдън]",
        "(3 events)",
    ]


def test_min_eur_and_limit(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = query(seed_db, capsys, "--min-eur", "1e9", columns=80)
    assert lines == [
        # 80 columns leave under 30 for the sentence beside the file: the file is left out
        "date      event         euros     sentence",
        "2024-11   aid/occurred  €1.24 bn  Украйна получи и безвъзмездна помощ от САЩ в …",
        "(future)  aid/planned   €5.51 bn  В оставащите само няколко месеца администраци…",
        "(2 events)",
    ]
    code, lines, _ = query(seed_db, capsys, "--min-eur", "2_000_000_000", columns=80)
    assert [line[:10] for line in lines] == ["date      ", "(future)  ", "(1 event)"]
    code, lines, err = query(seed_db, capsys, "--limit", "2", "--format", "jsonl")
    assert (code, len(lines)) == (0, 2)
    assert err == "timeline: only the first 2 events; more with a larger --limit\n"
    code, lines, err = query(seed_db, capsys, "--limit", "1", columns=60)
    assert lines == [
        "date     event           euros  sentence",  # no room for the file: it is left out
        "2024-11  other/occurred         Официално: Оръжие за милиар…",
        "(1 event, more with a larger --limit)",
    ]
    assert err == ""


def test_arguments_refused_in_one_line(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, message in [
        (["--from", "2025-13"], "argument --from: '2025-13' is not a calendar date"),
        (
            ["--to", "soon"],
            "argument --to: 'soon' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or a date in"
            " words (3 ноември 2024, вчера)",
        ),
        (["--min-eur", "lots"], "argument --min-eur: 'lots' is not a number of euros"),
        (["--min-eur", "-5"], "argument --min-eur: '-5': give 0 or more euros"),
        (["--limit", "-1"], "argument --limit: '-1': give 0 or more"),
    ]:
        with pytest.raises(SystemExit) as exited:
            main(["query", "--db", str(seed_db), *args])
        assert exited.value.code == 2
        assert capsys.readouterr().err.splitlines()[-1] == f"timeline query: error: {message}"


def test_no_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none.duckdb"
    assert main(["query", "--db", str(db)]) == 2
    assert capsys.readouterr() == (
        "",
        f"timeline: no warehouse at {db}; run `make run` first (or give --db FILE)\n",
    )


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    out = capsys.readouterr().out
    assert "  timeline query --from 2025 --to 2025-03     events in January to March 2025\n" in out
    assert "--min-eur EUR" in out


def test_table_lines_with_nothing_cut() -> None:
    row = {
        "date_value": "2024-11-13",
        "event_type": "statement",
        "modality": "occurred",
        "amount_eur": None,
        "source_file": "a.txt",
        "text": "Казаха.",
        "actors": ["А"],
        "places": ["Б"],
    }
    assert list(table_lines([row], None)) == [
        "date        event               euros  file   sentence",
        "2024-11-13  statement/occurred         a.txt  Казаха.  [actors: А; places: Б]",
        "(1 event)",
    ]


def test_a_reader_that_stops_early_ends_it_quietly(seed_db: Path, tmp_path: Path) -> None:
    """`timeline query | head`: when the reader has gone, no BrokenPipeError traceback (not
    even Python's "Exception ignored" at exit), exit 141 as `cat` would. The pipe's reading
    end is closed before the command starts, so its first line already meets a broken pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "COLUMNS": "100", "TIMELINE_DB": str(seed_db)}
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pipeline.cli import main; sys.exit(main())",
                "query",
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, "")


def test_head_gets_the_first_lines(seed_db: Path) -> None:
    env = {**os.environ, "COLUMNS": "100", "TIMELINE_DB": str(seed_db)}
    command = f"{sys.executable} -m pipeline.cli query | head -2"
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    assert done.stdout.splitlines() == [
        "date        event               euros     file                      sentence",
        "2024-11     other/occurred                000_258619d2f2043b2c.txt  "
        "Официално: Оръжие за милиарди о…",
    ]
    assert done.stderr == ""
