"""Finding the one comment of a kind the bot keeps on an issue, as the session and action mode do."""

from __future__ import annotations

from bot.github_models import CommentRecord
from bot.markers import comment_marker, comment_of_kind, task_marker


def _comment(comment_id: int, body: str) -> CommentRecord:
    return CommentRecord(id=comment_id, body=body)


def test_the_first_comment_of_the_kind_is_found_whatever_its_detail() -> None:
    comments = [
        _comment(1, "no marker at all"),
        _comment(2, comment_marker("handover", "schema") + "\nyours"),
        _comment(3, comment_marker("roadmap", "v2") + "\n## Roadmap"),
        _comment(4, comment_marker("roadmap") + "\n## Roadmap again"),
    ]
    found = comment_of_kind(comments, "roadmap")
    assert found is not None and found.id == 3


def test_no_comment_of_the_kind_is_none() -> None:
    comments = [_comment(1, comment_marker("summary")), _comment(2, task_marker(10, "roadmap"))]
    assert comment_of_kind(comments, "roadmap") is None
    assert comment_of_kind([], "summary") is None


def test_only_the_first_marker_of_a_comment_says_its_kind() -> None:
    quoted = comment_marker("reply", "7") + "\n> " + comment_marker("roadmap")
    assert comment_of_kind([_comment(1, quoted)], "roadmap") is None
