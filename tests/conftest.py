"""Test wiring: each fixture module owns one fake or one piece of set-up."""

pytest_plugins = [
    "tests.fixtures.github",
    "tests.fixtures.anthropic",
    "tests.fixtures.network",
    "tests.fixtures.app",
    "tests.fixtures.logs",
    "tests.fixtures.backends",
]
