"""Review state of a pull request from its reviews, as GitHub's own review summary computes it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.github_models import ReviewRecord

APPROVED, CHANGES_REQUESTED, COMMENTED, NO_REVIEW = "approved", "changes_requested", "commented", "none"
LABELS = {APPROVED: "✅ approved", CHANGES_REQUESTED: "✋ changes requested", COMMENTED: "💬 commented",
          NO_REVIEW: "👀 awaiting review"}


def review_state(reviews: Sequence[ReviewRecord]) -> str:
    """Each reviewer's latest approving, blocking or dismissed review counts (a comment changes nothing):
    any request for changes wins, then any approval."""
    latest: dict[str, str] = {}
    commented = False
    for review in reviews:  # oldest first, as GitHub lists them
        if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[review.author.lower()] = review.state
        commented = commented or review.state == "COMMENTED"
    states = set(latest.values())
    if "CHANGES_REQUESTED" in states:
        return CHANGES_REQUESTED
    if "APPROVED" in states:
        return APPROVED
    return COMMENTED if commented else NO_REVIEW
