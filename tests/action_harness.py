"""`coordinator action` under test: one fresh process per event, as GitHub Actions runs it.

`ActionHarness.deliver(event, payload)` writes the event file, starts `python -m bot action` with
the environment a workflow step has (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY,
GITHUB_API_URL aimed at the fake GitHub, the workflow's GITHUB_TOKEN), in a new scratch directory,
and waits for it: nothing but GitHub is shared between two runs. It has the `fake` and `deliver`
of `BotHarness`, so the helpers of `tests/e2e.py` drive either.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fakes.github_server import FakeGitHub
from tests.fixtures.github import REPO

ROOT = Path(__file__).resolve().parent.parent
ACTIONS_BOT = "github-actions[bot]"


class WorkflowGitHub(FakeGitHub):
    """The fake GitHub as a workflow sees it: its GITHUB_TOKEN is an installation token of the
    github-actions App (so `GET /user` answers 403), and what it writes is github-actions[bot]'s."""

    def __init__(self) -> None:
        super().__init__(token="unused-" + secrets.token_hex(4), api_user=ACTIONS_BOT)
        self.workflow_token = "ghs_" + secrets.token_hex(18)
        with self._lock:
            self._installation_tokens[self.workflow_token] = time.time() + 3600


@dataclass
class Run:
    """One finished `coordinator action` process."""

    returncode: int
    stdout: str
    stderr: str


class ActionHarness:
    """Runs `coordinator action` once per delivered event against `fake`."""

    def __init__(self, fake: WorkflowGitHub, scratch: Path, **env: str) -> None:
        self.fake = fake
        self.scratch = scratch
        self.env = env
        self.runs: list[Run] = []
        self._numbers = itertools.count(1)

    def environment(self, event: str, event_path: Path, run_id: int) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", ""), "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event,
            "GITHUB_EVENT_PATH": str(event_path), "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": self.fake.url,
            "GITHUB_TOKEN": self.fake.workflow_token, "GITHUB_RUN_ID": str(run_id), "GITHUB_RUN_ATTEMPT": "1",
            "COORDINATOR_WRITE_INTERVAL": "0", "COORDINATOR_HOURLY_WRITES": "0",
            "COORDINATOR_GITHUB_RETRIES": "2", "COORDINATOR_LOG_LEVEL": "WARNING", **self.env,
        }

    def start(self, event: str, payload: dict[str, Any]) -> subprocess.Popen[str]:
        """Starts one run in a directory of its own (the runner's workspace) and returns the process."""
        run_id = next(self._numbers)
        workspace = self.scratch / f"run-{run_id}"
        workspace.mkdir(parents=True)
        event_path = workspace / "event.json"
        event_path.write_text(json.dumps(payload))
        return subprocess.Popen([sys.executable, "-m", "bot", "action"], cwd=workspace, text=True,
                                env={**self.environment(event, event_path, run_id), "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def deliver(self, event: str, payload: dict[str, Any], *, delivery_id: str | None = None,
                wait: bool = True, expect: int = 0) -> Run:
        process = self.start(event, payload)
        stdout, stderr = process.communicate(timeout=120)
        run = Run(process.returncode, stdout, stderr)
        self.runs.append(run)
        assert run.returncode == expect, f"coordinator action exited {run.returncode}:\n{stdout}\n{stderr}"
        return run
