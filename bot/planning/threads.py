"""A plan copied with its comment thread: "**skipper-jo** commented on 3 Mar" and the replies below it.

The issue's body is the plan; the comments under it (+1s, wishes, a stale bot) are discussion. Everything
from the first comment header on is left out, so a reply's list of wishes never becomes tasks.
"""

from __future__ import annotations

import re

_COMMENT_HEADER = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?[*_]{0,2}@?[A-Za-z0-9][\w.-]{0,38}[*_]{0,2}[ \t]+commented"
    r"(?:[ \t]+on[ \t]+[^\n]{1,40}|[ \t]+\d[^\n]{0,40}|[ \t]*[\u2022\u00b7\u2014-][^\n]{0,40})?[ \t]*:?[ \t]*$",
    re.MULTILINE,
)


def without_thread(body: str) -> str:
    """The body up to its first comment header; the whole body when it has none."""
    match = _COMMENT_HEADER.search(body)
    return body[: match.start()] if match else body
