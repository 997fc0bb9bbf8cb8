"""Asset checks beyond the pandera schemas.

`no_rejects_in_run` on `warehouse/rejects`: a run that rejected files (or rows) still loads
the rest, so it succeeds; this check turns yellow (severity WARN) and lists what was
rejected and why, so a rejected file is seen in the UI and not only in the `rejects` table.
"""

from __future__ import annotations

import dagster as dg
import pandas as pd

from pipeline.defs.metadata import preview_table

REJECTS_CHECK = "no_rejects_in_run"
REJECT_COLUMNS = {"source_file": "VARCHAR", "stage": "VARCHAR", "reason": "VARCHAR"}
LISTED_REJECTS = 50


def rejects_check_spec(key: dg.AssetKey) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        REJECTS_CHECK,
        asset=key,
        description="The run rejected no file and no row; warns, listing them, when it did.",
    )


def rejects_check(key: dg.AssetKey, rejects: pd.DataFrame) -> dg.AssetCheckResult:
    """Passed when the batch has no rejects; otherwise a warning naming every file."""
    files = sorted(set(rejects["source_file"])) if len(rejects) else []
    metadata: dict[str, dg.RawMetadataValue] = {
        "rejects": len(rejects),
        "files": len(files),
    }
    if files:
        metadata["rejected_files"] = dg.MetadataValue.md(
            "\n".join(f"- `{name}`" for name in files[:LISTED_REJECTS])
            + (f"\n- … {len(files) - LISTED_REJECTS} more" if len(files) > LISTED_REJECTS else "")
        )
        metadata["reasons"] = preview_table(rejects, REJECT_COLUMNS, rows=LISTED_REJECTS)
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=REJECTS_CHECK,
        passed=not files,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(files)} files rejected: {', '.join(files[:5])}"
            + (" …" if len(files) > 5 else "")
            if files
            else "nothing rejected"
        ),
        metadata=metadata,
    )
