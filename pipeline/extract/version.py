"""The extractor's version: what the warehouse records with every file it loaded.

A file whose content hash and extractor version are already in the warehouse (`sources`)
is not read or extracted again. The version is `RULES_RELEASE` and a digest of everything
that decides the rows of a file: the extraction code and lexicons (`pipeline/extract/`), the
row building and validation (`pipeline/tables.py`, `schemas/`). Any change there (a new
rule, a lexicon row, a schema check) gives a new version, and the next run extracts every
file again; bump `RULES_RELEASE` to force that without a code change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_RELEASE = "1"

_PACKAGE = Path(__file__).resolve().parent
_ROOT = _PACKAGE.parents[1]


def _inputs() -> list[Path]:
    found = [p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".tsv") and p.is_file()]
    found += [_ROOT / "pipeline" / "tables.py", *(_ROOT / "schemas").glob("*.py")]
    return sorted(p for p in found if p.exists() and "__pycache__" not in p.parts)


def code_digest() -> str:
    """A digest of the extraction code, lexicons, table building and schemas."""
    digest = hashlib.sha256()
    for path in _inputs():
        digest.update(path.relative_to(_ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = f"{RULES_RELEASE}-{code_digest()}"
