"""GitHub's documented limits, in one place (see ../shared/GITHUB-FACTS.md): what GitHub refuses or
caps, for the renderers, the gateway, the command parser and the fake GitHub of `bot.testing`.

Margins the bot keeps below a limit (the roadmap's 60,000 characters, the preview's 65,000) stay with
the code that chose them, written in terms of these.
"""

BODY_CHARS = 65_536  # an issue or comment body ("body is too long (maximum is 65536 characters)")
TITLE_CHARS = 256  # an issue title
STATUS_DESCRIPTION_CHARS = 140  # a commit status description
LABEL_DESCRIPTION_CHARS = 100  # a label description
SUB_ISSUES_PER_ISSUE = 100  # sub-issues of one parent, closed ones included
ASSIGNEES_PER_ISSUE = 10
WRITES_PER_HOUR = 500  # content-creating requests (secondary rate limit)
