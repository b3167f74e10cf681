"""Test wiring: each fixture module owns one fake or one piece of set-up."""

import pytest

pytest_plugins = [
    "tests.fixtures.github",
    "tests.fixtures.anthropic",
    "tests.fixtures.network",
    "tests.fixtures.backends",
    "tests.fixtures.app",
    "tests.fixtures.logs",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run the module's `bot` tests on SQLite + in-process and"
                            " on PostgreSQL + Redis + two worker processes")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "bot" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("bot", ["embedded", "scaled"], indirect=True)
