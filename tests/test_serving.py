"""`coordinator serve` starts gunicorn, the production server, and its log lines are plain JSON."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot.observability import JsonFormatter
from bot.testing.github import FakeGitHub
from bot.testing.network import free_port
from bot.testing.payloads import delivery_headers, load_example
from tests.fixtures.app import SECRET
from tests.fixtures.github import TOKEN


def test_serve_runs_gunicorn_and_answers_webhooks(fake_github: FakeGitHub, tmp_path: Path) -> None:
    port = free_port()
    environment = {**os.environ, "GITHUB_WEBHOOK_SECRET": SECRET, "GITHUB_TOKEN": TOKEN,
                   "GITHUB_API_URL": fake_github.url,
                   "COORDINATOR_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 20
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                    break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.05)
        body = json.dumps(load_example("ping")).encode()
        pong = requests.post(f"{base}/webhook", data=body, headers=delivery_headers("ping", body, SECRET, "d-1"),
                             timeout=5)
        assert pong.status_code == 200 and pong.json() == {"outcome": "pong"}
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=20)
    assert "gunicorn" in err.lower() and "development server" not in err.lower()
    assert "\x1b[" not in err


def test_log_lines_carry_no_terminal_colours() -> None:
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '\x1b[32m"POST /webhook HTTP/1.1" 202 -\x1b[0m',
                               None, None)
    assert json.loads(JsonFormatter().format(record))["message"] == '"POST /webhook HTTP/1.1" 202 -'
