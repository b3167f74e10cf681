"""The coordination state as a hidden block at the end of the roadmap comment (action mode, no database).

`coordinator action` runs in a fresh process per event and keeps no database: what the markers
cannot tell (the plan as accepted, statuses, pull requests, what was already sent, notes) travels
in one HTML comment, `<!-- coordinator-state v1 BASE64 -->`, invisible in rendered Markdown:
base64 of the zlib-compressed JSON of the state. Anyone with write access can edit the comment,
so reading it is defensive: bounded sizes (a decompression bomb stops at a cap), Pydantic
validation, and the block must name this repository and parent; any doubt means None and the
state is rebuilt from the markers instead.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import zlib
from typing import Any

from pydantic import ValidationError

from bot.domain.coordination import CoordinationState

log = logging.getLogger(__name__)

VERSION = "v1"
MAX_ENCODED = 60_000  # characters of base64: at most what a comment has room for
MAX_JSON = 4 * 1024 * 1024  # bytes once decompressed; more is refused, not inflated
_BLOCK = re.compile(rf"\n<!-- coordinator-state (v\d{{1,3}}) ([A-Za-z0-9+/=]{{1,{MAX_ENCODED}}}) -->\s*\Z")
# Rebuilt from the markers on every run (comment ids) or meaningless outside one run (intents).
_NOT_KEPT = {"comments", "pending_comments"}


def _document(state: CoordinationState, *, plan: bool, sent: bool) -> dict[str, Any]:
    """The state as kept: the roadmap's own digest is left out (the block is part of that text)."""
    exclude = set(_NOT_KEPT) | ({"plan"} if not plan else set()) | ({"sent"} if not sent else set())
    document = state.model_dump(mode="json", exclude=exclude)
    document["rendered"] = {kind: digest for kind, digest in state.rendered.items() if kind != "roadmap"}
    return document


def _encode(document: dict[str, Any]) -> str:
    raw = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def state_block(state: CoordinationState, room: int) -> str:
    """The block (with its leading line break) in at most `room` characters, or "" when even the
    smallest form does not fit. The plan goes first (it can be read again from the parent issue),
    then the record of sent comments (the markers are looked up before any post in action mode)."""
    for plan, sent in ((True, True), (False, True), (False, False)):
        block = f"\n<!-- coordinator-state {VERSION} {_encode(_document(state, plan=plan, sent=sent))} -->"
        if len(block) <= min(room, MAX_ENCODED + 64):
            return block
    log.warning("the state of #%s does not fit in its roadmap comment: it is rebuilt from markers",
                state.parent_number)
    return ""


def strip_block(body: str) -> str:
    """The comment without its state block (what people see, and what tests compare)."""
    match = _BLOCK.search(body)
    return body[: match.start()] if match else body


def read_block(body: str, repo: str, parent_number: int) -> CoordinationState | None:
    """The state kept in a roadmap comment, or None when there is none or it cannot be trusted."""
    match = _BLOCK.search(body)
    if match is None:
        return None
    try:
        if match.group(1) != VERSION:
            raise ValueError(f"unknown state block version {match.group(1)}")
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(match.group(2), validate=True), MAX_JSON)
        if inflater.unconsumed_tail:
            raise ValueError(f"the state block inflates beyond {MAX_JSON} bytes")
        state = CoordinationState.model_validate_json(raw)
    except (ValueError, binascii.Error, zlib.error, ValidationError) as error:
        log.warning("ignoring the state block of #%s: %s", parent_number, str(error)[:300])
        return None
    if state.repo.lower() != repo.lower() or state.parent_number != parent_number:
        log.warning("ignoring the state block of #%s: it names %s#%s", parent_number, state.repo, state.parent_number)
        return None
    return state
