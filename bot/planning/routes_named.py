"""Order from an HTTP route a line names: the work on `GET /w/{token}` waits on the task that wrote it.

Whatever the agent of the later task (a rate limit at the CDN edge is provisioned, a client is code), the route
must exist before it is limited, cached or called, so the edge follows the words, not the agent label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.layout_order import CHECKING, Inferred, short

_ROUTE = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+(/[\w{}/:.<>-]*[\w}>])")


def routes(title: str) -> set[str]:
    """The routes a title names, method and path as written."""
    return {match.group(0) for match in _ROUTE.finditer(title)}


def on_route(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str]) -> list[Inferred]:
    """Work that names a route an earlier task wrote waits on that task (the first one naming it)."""
    named = routes(titles[index]) if agents[index] not in CHECKING else set()
    for route in sorted(named):
        writer = next((j for j in range(index) if route in routes(titles[j]) and agents[j] not in CHECKING), None)
        if writer is not None:
            return [Inferred(keys[index], keys[writer], f"it works on the route {route} “{short(titles[writer])}” "
                                                        "writes")]
    return []
