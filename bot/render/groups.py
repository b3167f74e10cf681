"""The body of a part of a large plan: an intermediate issue between the plan and its tasks."""

from __future__ import annotations

from bot.github_limits import SUB_ISSUES_PER_ISSUE
from bot.render.text import safe_inline

SUBISSUE_LIMIT = SUB_ISSUES_PER_ISSUE  # closed ones included


def group_title(plan_title: str, index: int) -> str:
    return f"{plan_title[:200]} (part {index + 1})"


def render_group_body(parent: int, index: int, plan_title: str, marker: str) -> str:
    return "\n".join([
        f"Part {index + 1} of the plan **{safe_inline(plan_title, 200)}** (#{parent}).",
        "",
        f"GitHub allows {SUBISSUE_LIMIT} sub-issues per issue, so the tasks of this large plan hang from",
        "parts like this one, in roadmap order. The roadmap on the plan issue tracks them all.",
        "",
        marker,
    ])
