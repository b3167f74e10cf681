"""The clarification comment: the questions that must be answered before any task is delegated."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Question
from bot.render.text import safe_inline

MAX_QUESTIONS = 30
MAX_NOTES = 20


def render_questions(questions: Sequence[Question], notes: Sequence[str] = (), *, marker: str = "") -> str:
    """Numbered questions, each naming the task, line or cycle it is about; notes follow in small print.

    At most 30 questions of 1,400 characters and 20 notes of 600 (caps on the escaped text): about
    55,000 characters, under GitHub's limit whatever the plan holds.
    """
    lines = [
        "### ❓ Before I split this plan into tasks",
        "",
        "Some information the agents need is missing. Please edit the plan issue to answer these; "
        "I will read it again when it changes.",
        "",
    ]
    for number, question in enumerate(questions[:MAX_QUESTIONS], 1):
        lines.append(f"{number}. **{safe_inline(question.about, 200)}**: {safe_inline(question.text, 1200)}")
    if len(questions) > MAX_QUESTIONS:
        lines.append(f"\n… and {len(questions) - MAX_QUESTIONS} more once these are answered.")
    for note in notes[:MAX_NOTES]:
        lines += ["", f"> **Note:** {safe_inline(note, 600)}"]
    if len(notes) > MAX_NOTES:
        lines += ["", f"> … and {len(notes) - MAX_NOTES} more notes."]
    if marker:
        lines += ["", marker]
    return "\n".join(lines)
