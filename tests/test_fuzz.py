"""The fuzz suite: hostile text of up to GitHub's 65,536 characters, through every pattern and renderer.

Each pattern case (tests/hostile_inputs.py) runs on an input near the limit under a generous
per-test timeout: a super-linear pattern takes minutes to days there, a linear one milliseconds.
Nothing is timed in an assertion; bench/bench_patterns.py prints the curve.
"""

from __future__ import annotations

import pytest

from tests.hostile_inputs import PATTERN_CASES, PatternCase

LIMIT = 65_536


@pytest.mark.timeout(20)
@pytest.mark.parametrize("case", PATTERN_CASES, ids=[case.name for case in PATTERN_CASES])
def test_each_pattern_finishes_on_hostile_text_at_githubs_limit(case: PatternCase) -> None:
    text = case.make(LIMIT)
    assert LIMIT * 0.9 < len(text) <= LIMIT + 100
    case.run(text)
