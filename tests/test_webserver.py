"""The real Dagster webserver (issue 17, point 6): started on a free localhost port with a
temporary DAGSTER_HOME, warehouse and seeds; its GraphQL API gives the asset graph, launches a
materialisation of every asset and reports it succeeded; then it is stopped.

No limit on speed: waits poll with generous guards that only stop a hung test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import REPO

# guards against a hang, far above what any of these takes
SERVER_START_GUARD_SECONDS = 300
RUN_GUARD_SECONDS = 600
POLL_SECONDS = 1.0
# the runs start at once in the webserver's process: no daemon to dequeue them
RUN_COORDINATOR = """
run_coordinator:
  module: dagster.core.run_coordinator
  class: DefaultRunCoordinator
"""

ASSET_GRAPH = """
{
  assetNodes {
    assetKey { path }
    groupName
    dependencyKeys { path }
    repository { name location { name } }
  }
}
"""
LAUNCH = """
mutation Launch($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on Error { message }
  }
}
"""
RUN_STATUS = """
query Status($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { status }
  }
}
"""
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Webserver:
    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}/graphql"
        self.log = log
        self.proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "dagster-webserver"),
                "-m",
                "pipeline.definitions",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            cwd=REPO,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its code server and runs in its process group
        )

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert "errors" not in answer, answer
        return dict(answer["data"])

    def wait_for_assets(self) -> list[dict[str, Any]]:
        """The asset nodes, once the server answers and has loaded the code location."""
        deadline = time.monotonic() + SERVER_START_GUARD_SECONDS
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")
            try:
                nodes = list(self.graphql(ASSET_GRAPH)["assetNodes"])
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                nodes = []
            if nodes:
                return nodes
            time.sleep(POLL_SECONDS)
        raise AssertionError(f"no asset graph: {self.log.read_text(errors='replace')}")

    def wait_for_run(self, run_id: str) -> str:
        deadline = time.monotonic() + RUN_GUARD_SECONDS
        while time.monotonic() < deadline:
            status = self.graphql(RUN_STATUS, {"runId": run_id})["runOrError"]["status"]
            if status in FINISHED:
                return str(status)
            time.sleep(POLL_SECONDS)
        raise AssertionError(f"run {run_id} did not finish: {self.log.read_text()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def webserver(timeline_env: tuple[Path, Path], tmp_path: Path) -> Iterator[Webserver]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    instance = (REPO / "dagster-instance.yaml").read_text(encoding="utf-8")
    (home / "dagster.yaml").write_text(instance + RUN_COORDINATOR, encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    server = Webserver(free_port(), env, tmp_path / "webserver.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.e2e
def test_the_webserver_shows_the_graph_and_runs_a_materialisation(
    webserver: Webserver, timeline_env: tuple[Path, Path]
) -> None:
    _, db = timeline_env
    nodes = webserver.wait_for_assets()
    graph = {
        "/".join(n["assetKey"]["path"]): (
            n["groupName"],
            sorted("/".join(d["path"]) for d in n["dependencyKeys"]),
        )
        for n in nodes
    }
    warehouse = ("warehouse", ["extractions"])
    assert graph == {
        "parsed_articles": ("ingest", []),
        "extractions": ("extract", ["parsed_articles"]),
        "warehouse/articles": warehouse,
        "warehouse/date_mentions": warehouse,
        "warehouse/money_mentions": warehouse,
        "warehouse/entity_mentions": warehouse,
        "warehouse/events": warehouse,
        "warehouse/rejects": warehouse,
    }
    repository = nodes[0]["repository"]
    params = {
        "selector": {
            "repositoryLocationName": repository["location"]["name"],
            "repositoryName": repository["name"],
            "jobName": "__ASSET_JOB",
            "assetSelection": [{"path": n["assetKey"]["path"]} for n in nodes],
        },
        "runConfigData": {},
    }
    launched = webserver.graphql(LAUNCH, {"executionParams": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    assert webserver.wait_for_run(launched["run"]["runId"]) == "SUCCESS"
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchall() == [(16,)]
    webserver.stop()
    assert webserver.proc.returncode is not None
