"""The keyword scorer: accurate on a labelled corpus, explainable, and driven only by role data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain import DEFAULT_ROLES, AgentRole, RoleSet
from bot.planning.classifier import KeywordClassifier

CORPUS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "data" / "role_corpus.yaml").read_text())


def accuracy(rows: list[dict[str, Any]]) -> float:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    right: int = sum(classifier.classify(str(row["line"])).agent == row["agent"] for row in rows)
    return right / len(rows)


def test_corpus_is_large_and_covers_every_role() -> None:
    assert len(CORPUS) >= 40
    assert {row["agent"] for row in CORPUS} == set(DEFAULT_ROLES.slugs)


def test_accuracy_on_the_labelled_corpus() -> None:
    held_out = [row for row in CORPUS if row.get("held_out")]
    assert accuracy(CORPUS) >= 0.9  # README reports the exact figure; this guards against regressions
    assert accuracy(held_out) >= 0.85


@pytest.mark.parametrize(
    ("line", "agent", "words"),
    [
        ("Add a users table with an email column", "datatypes", ["table", "column"]),
        ("Write unit tests for the login handler", "unit-testing", ["unit tests"]),
        ("Deploy the worker to staging", "deployment", ["deploy", "staging"]),
    ],
)
def test_reason_names_the_deciding_words(line: str, agent: str, words: list[str]) -> None:
    assignment = KeywordClassifier(DEFAULT_ROLES).classify(line)
    assert assignment.agent == agent
    for word in words:
        assert f"“{word}”" in assignment.reason


def test_phrases_claim_their_words_before_single_keywords() -> None:
    # "integration test" is validation's phrase; "integrate" alone would be feature work
    assert KeywordClassifier(DEFAULT_ROLES).classify("Integration tests for checkout").agent == "validation"


def test_description_counts_but_less_than_the_title() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Orders", "Add a table and a migration for orders").agent == "datatypes"
    assert classifier.classify("Deploy orders", "schema schema").agent == "deployment"


def test_no_match_goes_to_the_fallback_and_says_so() -> None:
    assignment = KeywordClassifier(DEFAULT_ROLES, "feature-implementation").classify("Think hard")
    assert assignment.agent == "feature-implementation"
    assert "No role's vocabulary matched" in assignment.reason


def test_custom_roles_are_scored_from_their_own_vocabulary() -> None:
    roles = RoleSet(roles=(
        AgentRole(slug="frontend", label="agent:frontend", display_name="Frontend",
                  charter="Owns the React UI.", keywords=("react", "component", "css")),
        AgentRole(slug="backend", label="agent:backend", display_name="Backend",
                  charter="Owns services.", keywords=("endpoint", "service")),
    ))
    classifier = KeywordClassifier(roles)
    assert classifier.classify("Build the React checkout component").agent == "frontend"
    assert classifier.classify("Add the checkout endpoint").agent == "backend"
    assert classifier.classify("Something vague").agent == "frontend"  # fallback: the first role


def test_ties_go_to_the_role_listed_first() -> None:
    roles = RoleSet(roles=(
        AgentRole(slug="a", label="a", display_name="A", charter="x", keywords=("widget",)),
        AgentRole(slug="b", label="b", display_name="B", charter="y", keywords=("widget",)),
    ))
    assert KeywordClassifier(roles).classify("widget").agent == "a"


def test_a_single_role_takes_everything() -> None:
    solo = AgentRole(slug="solo", label="solo", display_name="Solo", charter="All.", keywords=("api",))
    roles = RoleSet(roles=(solo,))
    assert KeywordClassifier(roles).classify("Build the api").agent == "solo"
    assert KeywordClassifier(roles).classify("Anything").agent == "solo"
