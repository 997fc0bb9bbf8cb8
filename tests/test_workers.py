"""The extraction pool's workers start warm: the forkserver imports `pipeline.extract.warm`."""

from __future__ import annotations

import subprocess
import sys

from pipeline.workers import pool_context

# in a new process: what is built after importing the warm-up module, and what is not before
WARM_STATE = """
import sys
from pipeline.extract import actor_phrases, entities, events, rates
built = lambda: [
    events._lexicon.cache_info().currsize,
    entities._lexicon.cache_info().currsize,
    actor_phrases.actor_nouns.cache_info().currsize,
    rates._bundled.cache_info().currsize,
]
print(built())
import pipeline.extract.warm
print(built())
"""


def test_importing_the_warm_up_module_builds_the_lexicons_and_the_rates() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WARM_STATE], capture_output=True, text=True, check=True
    )
    assert done.stdout == "[0, 0, 0, 0]\n[1, 1, 1, 1]\n"


def test_the_pool_context_has_the_forkserver_preload_the_warm_up() -> None:
    from multiprocessing import forkserver

    context = pool_context()
    assert context.get_start_method() == "forkserver"  # Linux, the project's platform
    preload = getattr(forkserver._forkserver, "_preload_modules", None)  # a private attribute
    assert preload == ["__main__", "pipeline.extract.warm"]
