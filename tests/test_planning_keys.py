"""Task keys: valid slugs, deterministic, and stable when the plan around a task is edited."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.planning.keys import MAX_KEY, assign_keys, slugify
from bot.planning.rules import RulePlanner

KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

ORIGINAL = """\
## Phase 1
- [ ] Create the users table [datatypes]
  - email is unique
- [ ] Provision the Redis cache
  - private subnets only

## Phase 2
1. Login endpoint: returns a JWT (depends on #1, #2)
   - 401 on a wrong password
2. Unit tests for the login endpoint
   - lockout is covered
"""

EDITED = """\
## Phase 1
- [ ] Provision the Redis cache (agent: cloud-primitives)
  - private subnets only, and encrypted
- [ ] Create the users table [datatypes]
  - email is unique and case-insensitive
- [ ] Add the audit log table
  - append only

## Phase 2
1. Login endpoint — returns a signed JWT now (depends on #1, #2)
   - 401 on a wrong password
2. Logout endpoint: revokes the session
   - idempotent
3. Unit tests for the login endpoint
   - lockout is covered
"""


def keys_of(body: str) -> dict[str, str]:
    outcome = RulePlanner().plan("Auth", body)
    assert outcome.plan is not None, outcome.questions
    return {task.title: task.key for task in outcome.plan.tasks}


def test_slugify_makes_short_ascii_slugs() -> None:
    assert slugify("Create the `users` table!") == "create-the-users-table"
    assert slugify("Crème brûlée — API") == "creme-brulee-api"
    assert slugify("!!!") == "task"
    long = slugify("word " * 40)
    assert len(long) <= 56 and not long.endswith("-")


def test_duplicates_get_numbered_suffixes_in_plan_order() -> None:
    assert assign_keys(["Tests", "Tests", "Tests"], [None, None, None]) == ["tests", "tests-2", "tests-3"]


def test_explicit_keys_win_and_are_never_taken_by_a_derived_key() -> None:
    assert assign_keys(["Schema", "Other"], [None, "schema"]) == ["schema-2", "schema"]


def test_keys_survive_reordering_rewording_tags_and_insertions() -> None:
    before, after = keys_of(ORIGINAL), keys_of(EDITED)
    for title, key in before.items():
        assert after[title] == key
    assert after["Add the audit log table"] == "add-the-audit-log-table"


def test_keys_are_deterministic() -> None:
    assert keys_of(EDITED) == keys_of(EDITED)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=8), st.data())
def test_every_key_is_valid_and_unique(titles: list[str], data: st.DataObject) -> None:
    explicit = data.draw(st.lists(st.one_of(st.none(), st.text(max_size=80)), min_size=len(titles),
                                  max_size=len(titles)))
    keys = assign_keys(titles, explicit)
    assert len(set(keys)) == len(keys)
    assert all(KEY.match(key) and len(key) <= MAX_KEY for key in keys)
