"""Which issues a pull request is meant to close.

Webhook payloads carry no list of the issues a pull request closes, so the bot reads what GitHub
reads: closing keywords in the text, written as GitHub documents them (`Fixes #12`,
`Closes: #12`, `Resolves octo-org/widgets#12`, or the issue's full URL). As on GitHub each issue
needs its own keyword (`Closes #1, closes #2`; in `Closes #1, #2` only #1 is closed), and
references to other repositories are not ours to close. Text in code spans, code blocks and HTML
comments (where pull request templates keep their hints) is ignored, like GitHub ignores it.
On top of that, the bot's own branch convention `task/<N>-...` names the task's sub-issue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_KEYWORD = r"(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)"
_SPACE = r"[^\S\n]"  # horizontal whitespace: a keyword and its reference share a line
_CLOSING_REF = re.compile(
    rf"(?<![\w-]){_KEYWORD}(?:{_SPACE}*:{_SPACE}*|{_SPACE}+)"
    r"(?:https?://[^\s/]+/(?P<url_repo>[\w.-]+/[\w.-]+)/issues/(?P<url_number>\d+)"
    r"|(?P<repo>[\w.-]+/[\w.-]+)?#(?P<number>\d+))"
    r"(?![\w-])",
    re.IGNORECASE,
)
_TASK_BRANCH = re.compile(r"task/(\d+)(?:-.*)?", re.IGNORECASE | re.DOTALL)
MAX_TEXT = 65_536  # GitHub's cap on a pull request's body: nothing beyond it is read
_BREAK = " \x00 "  # stands in for inline code, so a keyword cannot reach across it


def closing_references(text: str | None, repo_full_name: str) -> set[int]:
    """Numbers of the issues in `repo_full_name` that `text` closes with a keyword (in GitHub's 65,536 characters)."""
    numbers: set[int] = set()
    for match in _CLOSING_REF.finditer(_prose((text or "")[:MAX_TEXT])):
        repo = match.group("url_repo") or match.group("repo")
        number = int(match.group("url_number") or match.group("number"))
        if number > 0 and (repo is None or repo.casefold() == repo_full_name.casefold()):
            numbers.add(number)
    return numbers


def _prose(markdown: str) -> str:
    """The rendered text of `markdown`, without code blocks, code spans and HTML.

    Only `inline` tokens carry text (paragraphs, headings, list items, quotes, table cells);
    fences, indented code and HTML blocks have none, so they drop out.
    """
    blocks = (token.children or [] for token in _MD.parse(markdown) if token.type == "inline")
    return "\n\n".join(_inline_text(children) for children in blocks)


def _inline_text(children: Sequence[Token]) -> str:
    """Text of one block with emphasis and link markup dropped (`**Fixes** #1` still counts)."""
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("code_inline", "html_inline"):
            parts.append(_BREAK)
    return "".join(parts)


def branch_task_number(ref: str) -> int | None:
    """The sub-issue number in a `task/<N>` or `task/<N>-<slug>` branch name, else None."""
    match = _TASK_BRANCH.fullmatch(ref)
    number = int(match.group(1)) if match else 0
    return number or None


def linked_issue_numbers(title: str | None, body: str | None, head_ref: str, repo_full_name: str) -> set[int]:
    """Every issue of this repository a pull request points at: keywords and branch name.

    Unlike GitHub, keywords in the title count too: `Fix #12: parser` is a clear enough claim for
    the bot to follow, even though GitHub would not close #12 on merge.
    """
    numbers = closing_references(title, repo_full_name) | closing_references(body, repo_full_name)
    task = branch_task_number(head_ref)
    return numbers | {task} if task else numbers
