"""The bot's own bookkeeping about what it wrote: comment kinds, comment intents, and problems.

Typed here so that no module builds `"kind:detail"` strings or counts entries by prefix. The
persisted form is unchanged: intents are still stored as the strings older versions wrote, and
problems written as bare strings by older versions are read back with their kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, model_validator


class CommentKind(StrEnum):
    """What a bot comment is, as written in its hidden marker."""

    ROADMAP = "roadmap"
    CLARIFICATION = "clarification"
    CONFIG_ERROR = "config-error"
    SUMMARY = "summary"
    HANDOVER = "handover"
    UNBLOCKED = "unblocked"
    REVIEW_AID = "review-aid"
    REPLY = "reply"
    ESCALATION = "escalation"
    CONFLICT = "conflict"

    @classmethod
    def parse(cls, text: str) -> CommentKind | None:
        """None for a kind this version does not write (a marker is untrusted text)."""
        try:
            return cls(text)
        except ValueError:
            return None


@dataclass(frozen=True)
class Intent:
    """One comment the bot means to write: a kind, and for one-off comments what it is about.

    Saved before the request and moved to `sent` after it, so a crash in between is found by the
    comment's marker instead of posting twice. Its string form is the persisted one.
    """

    kind: CommentKind
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.detail}" if self.detail else self.kind.value

    @classmethod
    def parse(cls, text: str) -> Intent:
        kind, _, detail = text.partition(":")
        found = CommentKind.parse(kind)
        if found is None:
            raise ValueError(f"unknown comment kind in {text!r}")
        return cls(found, detail)

    @classmethod
    def handover(cls, key: str, attempt: int = 0) -> Intent:
        """Attempt 0 is the first hand-over; `/retry` and agent changes count up."""
        return cls(CommentKind.HANDOVER, key if not attempt else f"{key}.{attempt}")

    @classmethod
    def unblocked(cls, key: str) -> Intent:
        return cls(CommentKind.UNBLOCKED, key)

    @classmethod
    def review_aid(cls, pull: int, key: str) -> Intent:
        return cls(CommentKind.REVIEW_AID, f"{pull}.{key}")

    @classmethod
    def reply(cls, comment_id: int) -> Intent:
        return cls(CommentKind.REPLY, str(comment_id))

    @classmethod
    def escalation(cls, cause: str) -> Intent:
        """One comment per escalation cause (its stable id), on the parent."""
        return cls(CommentKind.ESCALATION, cause)

    @classmethod
    def conflict(cls, pair: str, pull: int) -> Intent:
        """The note on `pull` about a conflicting pair of pull requests (`<lower>.<higher>`)."""
        return cls(CommentKind.CONFLICT, f"{pair}@{pull}")

    @property
    def handover_of(self) -> str | None:
        """The task key of a hand-over intent, whatever its attempt."""
        return self.detail.split(".", 1)[0] if self.kind is CommentKind.HANDOVER else None


def _intent(value: Any) -> Any:
    return Intent.parse(value) if isinstance(value, str) else value


StoredIntent = Annotated[Intent, BeforeValidator(_intent), PlainSerializer(str, return_type=str)]


class ProblemKind(StrEnum):
    UNFINISHED = "unfinished"  # a GitHub failure stopped a run; withdrawn when a later run gets through
    NOTICE = "notice"  # something people should fix or check (refused assignees, an early merge)


UNFINISHED_PREFIX = "GitHub refused a request"


class Problem(BaseModel):
    """Something the bot could not do, shown in the roadmap until it is withdrawn."""

    model_config = ConfigDict(frozen=True)

    kind: ProblemKind
    text: str

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        """Older versions stored the text alone; only their failure notes began with this prefix."""
        if isinstance(value, str):
            kind = ProblemKind.UNFINISHED if value.startswith(UNFINISHED_PREFIX) else ProblemKind.NOTICE
            return {"kind": kind, "text": value}
        return value
