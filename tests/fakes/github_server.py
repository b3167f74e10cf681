"""The fake GitHub ships in the package as `bot.testing.github` (so `coordinator demo` works when
installed); this module keeps the old import path working for code written against it."""

from bot.testing.github import ApiError, FakeGitHub, RecordedRequest

__all__ = ["ApiError", "FakeGitHub", "RecordedRequest"]
