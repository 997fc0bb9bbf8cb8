from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from pipeline.cli import main
from pipeline.defs.assets import extractions, parsed_articles, warehouse_tables


def test_extract_jsonl(seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("без заглавен ред", encoding="utf-8")
    seed = seeds_dir / "000_258619d2f2043b2c.txt"
    assert main(["extract", "--jsonl", str(seed), str(bad)]) == 1
    out, err = capsys.readouterr()
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["published"] == "2024-11"
    assert set(first) >= {"file", "article_id", "published", "body", "dates", "amounts", "events"}
    for mention in first["dates"] + first["amounts"]:
        assert first["body"][mention["start"] : mention["end"]] == mention["text"]
    assert {"text": "23 февруари", "value": "2025-02-23"}.items() <= next(
        d for d in first["dates"] if d["text"] == "23 февруари"
    ).items()
    assert [a["value"] for a in first["amounts"]] == [6_000_000_000, 1_350_000_000]
    assert second == {
        "file": str(bad),
        "error": "no ' date YYYY-MM' or ' date YYYY-MM-DD' header on the first line "
        "(it reads 'без заглавен ред')",
    }
    assert err == "timeline: 1 of 2 files could not be read\n"


def test_query(timeline_env: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, db = timeline_env
    assert main(["query", "--db", str(db)]) == 2
    assert "no warehouse" in capsys.readouterr().err
    dg.materialize(
        [parsed_articles, extractions, warehouse_tables],
        resources={"duckdb": DuckDBResource(database=str(db))},
    )
    assert main(["query", "--format", "jsonl", "--from", "2025-01-01"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["date_value"] for row in found] == ["2025", "2025-02-23"]
    hostile = "'; DROP TABLE events; --"
    assert main(["query", "--format", "jsonl", "--text", hostile]) == 0
    assert capsys.readouterr().out.strip() == ""
    assert main(["query", "--format", "jsonl", "--text", "ИЗБОРИ"]) == 0
    texts = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert len(texts) == 1 and "избори" in texts[0]
    assert main(["query", "--text", "предсрочни", "--wide"]) == 0
    (header, line, total) = capsys.readouterr().out.splitlines()
    assert header.split() == ["date", "event", "euros", "file", "sentence"]
    assert line.startswith("2025-02-23  election/planned         000_258619d2f2043b2c.txt  ")
    assert line.endswith("на 23 февруари.  [actors: Германия]")
    assert main(["query", "--format", "jsonl", "--actor", "Blinken", "--type", "meeting"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["trigger"], r["actors"], r["targets"]) for r in found] == [
        ("срещна", ["Антъни Блинкен", "Марк Рюте"], []),
        ("срещата", ["Антъни Блинкен", "Андрий Сибиха"], []),
        ("срещи", ["Антъни Блинкен"], []),
    ]
    assert main(["query", "--format", "jsonl", "--modality", "planned", "--type", "aid"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["trigger"] for r in found] == ["помощ", "финансиране"]
    assert total == "(1 event)"
    assert main(["query", "--format", "csv", "--text", "предсрочни"]) == 0
    (header, row) = capsys.readouterr().out.splitlines()
    assert header == (
        "date_start,date_end,date_value,event_type,modality,trigger,published,source_file,text,"
        "actors,targets,sources,places,amount_eur,is_main,event_id"
    )
    assert row.startswith("2025-02-23,2025-02-23,2025-02-23,election,planned,избори,2024-11,")
    assert row.endswith(",Германия,,,,,True,f05f0e3e15feaae8-0005-0")
    assert main(["query", "--format", "jsonl", "--actor", "блинкен"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["date_value"] for row in found] == ["2024-11"] * 6 + ["2024-11-13", "FUTURE_REF"]
    assert all("Антъни Блинкен" in row["actors"] for row in found)
    assert main(["query", "--format", "jsonl", "--place", "Брюксел", "--actor", "Blinken"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["trigger"], row["date_value"]) for row in found] == [
        ("срещата", "2024-11"),
        ("заяви", "2024-11-13"),
    ]
    assert main(["query", "--format", "jsonl", "--actor", "'; DROP TABLE events; --"]) == 0
    assert capsys.readouterr().out.strip() == ""


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_extract_many_files_in_a_pool_prints_them_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 files: two chunks of 50 go to a pool of two processes; the output is the one
    process's, file for file, and a terminal sees the progress on standard error."""
    files = []
    for day in range(1, 101):
        path = tmp_path / f"{day:03d}.txt"
        path.write_text(f" date 2020-01-01\n\nСрещата е на {day % 28 + 1} март.", encoding="utf-8")
        files.append(str(path))
    assert main(["extract", "--jsonl", "--workers", "1", *files]) == 0
    one, err = capsys.readouterr()
    assert err == ""  # not a terminal: no progress
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["extract", "--jsonl", "--workers", "2", *files]) == 0
    pooled = capsys.readouterr().out
    assert pooled == one
    assert [json.loads(line)["file"] for line in pooled.splitlines()] == files
    progress = terminal.getvalue()
    assert progress.count("\r") == 100
    assert progress.rstrip("\n").rsplit("\r", 1)[1].startswith("timeline: 100/100 files (")


def test_extract_starts_without_the_warehouse_libraries() -> None:
    """`timeline extract` (and each of its worker processes) imports no DuckDB, pandas,
    pyarrow or pandera: they cost more start-up than a small batch of articles."""
    code = (
        "import sys; import pipeline.cli; "
        "print(sorted(m for m in ('duckdb', 'pandas', 'pyarrow', 'pandera') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
