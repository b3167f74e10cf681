"""Sub-issue bodies state the task once, quote the author's text once, cut it at a boundary (issue #11, item 7)."""

from __future__ import annotations

import re
from typing import Any

from bot.domain import DEFAULT_ROLES, Plan, Task
from bot.markers import task_marker
from bot.render.subissue import render_subissue_body
from bot.render.text import TRUNCATION_NOTE


def body(**fields: Any) -> str:
    values: dict[str, Any] = {"key": "users", "title": "Users table", "agent": "datatypes", **fields}
    task = Task.model_validate(values)
    return render_subissue_body(task, DEFAULT_ROLES.require("datatypes"), Plan(title="P", tasks=(task,)),
                                parent_number=3, prerequisites=[], marker=task_marker(3, "users"))


def task_section(text: str) -> str:
    """What the body says under `### Task`, up to the next section, note or marker."""
    return re.split(r"\n\n(?:###|<sub>|<!--)", text.split("### Task\n\n", 1)[1], maxsplit=1)[0]


def test_a_description_the_quote_already_says_is_not_repeated() -> None:
    excerpt = "- [ ] **Users table** — add `users` (email,\n      password_hash) [datatypes]\n  - unique email"
    text = body(description="add `users` (email, password_hash)", excerpt=excerpt,
                acceptance_criteria=("unique email",))
    assert task_section(text) == (
        "> - \\[ ] **Users table** — add `users` (email,\n>       password_hash) [datatypes]\n>   - unique email"
    )
    assert text.count("password_hash") == 1 and "From the plan" not in text


def test_a_description_that_adds_something_comes_before_the_quote() -> None:
    text = body(description="Create the table with a migration.", excerpt="- Users table")
    assert task_section(text) == "Create the table with a migration.\n\n> - Users table"


def test_without_description_or_excerpt_the_title_is_the_task() -> None:
    assert task_section(body()) == "Users table"


def test_a_long_quote_is_cut_at_a_line_and_loses_a_dangling_label() -> None:
    lines = [f"line {n} of the plan with several words" for n in range(200)]
    excerpt = "\n".join([*lines[:60], "", "**Acceptance criteria:**", *lines[60:]])
    quoted = task_section(body(excerpt=excerpt[: excerpt.index(lines[61])]))
    assert quoted.splitlines()[-1] == "> line 60 of the plan with several words"
    cut = task_section(body(excerpt="\n".join(lines)))
    assert cut.endswith("\n> " + TRUNCATION_NOTE) and all(
        line in ("> " + TRUNCATION_NOTE,) or line.endswith("several words") for line in cut.splitlines()
    )


def test_a_long_line_is_cut_at_a_word() -> None:
    cut = task_section(body(excerpt="word " * 2000))
    assert cut.endswith("word" + TRUNCATION_NOTE)


def test_empty_items_and_sections_are_left_out() -> None:
    text = body(deliverables=("", "  "), acceptance_criteria=("works", " "), constraints=(), assignment_reason=" ")
    assert "### Deliverables" not in text and "### Constraints" not in text and "Why this agent" not in text
    assert "- [ ] works" in text and "\n- [ ] \n" not in text
