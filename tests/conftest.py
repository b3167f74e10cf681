"""Test wiring: each fixture module owns one fake or one piece of set-up."""

import os

import pytest
from hypothesis import settings

# CI runs the property and fuzz tests on a fixed seed, so a landing is reproducible; a longer, random hunt
# is a local run (`FUZZ_EXAMPLES=5000 make test`).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

pytest_plugins = [
    "tests.fixtures.github",
    "tests.fixtures.anthropic",
    "tests.fixtures.network",
    "tests.fixtures.backends",
    "tests.fixtures.forkserver",
    "tests.fixtures.app",
    "tests.fixtures.logs",
    "tests.fixtures.golden",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run the module's `bot` tests on SQLite + in-process and"
                            " on PostgreSQL + Redis + two worker processes")
    config.addinivalue_line("markers", "embedded_only(reason): in a `both_backends` module, a test of what only the"
                            " embedded back end does")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "bot" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        only_embedded = metafunc.definition.get_closest_marker("embedded_only") is not None
        metafunc.parametrize("bot", ["embedded"] if only_embedded else ["embedded", "scaled"], indirect=True)
