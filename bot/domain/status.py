"""Task statuses: one enum, the labels that show them, and which ones count as finished."""

from enum import StrEnum


class TaskStatus(StrEnum):
    """Where a task stands. Transitions live in the coordination logic, not here."""

    BLOCKED = "blocked"
    READY = "ready"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        """The status label carried by the task's sub-issue."""
        return f"status:{self.value}"

    @property
    def finished(self) -> bool:
        """Done and skipped both release the tasks that wait on this one."""
        return self in (TaskStatus.DONE, TaskStatus.SKIPPED)


STATUS_LABEL_COLOURS: dict[TaskStatus, str] = {
    TaskStatus.BLOCKED: "b60205",
    TaskStatus.READY: "0e8a16",
    TaskStatus.IN_PROGRESS: "fbca04",
    TaskStatus.DONE: "5319e7",
    TaskStatus.SKIPPED: "cccccc",
}


# A sub-issue closed by hand for one of these reasons was not done here: its task counts as skipped.
SKIPPING_CLOSE_REASONS = frozenset({"not_planned", "duplicate"})


def status_of_closed(state_reason: str | None) -> TaskStatus:
    """Closed as completed (or with no reason, as older GitHub does) is done; otherwise skipped."""
    return TaskStatus.SKIPPED if state_reason in SKIPPING_CLOSE_REASONS else TaskStatus.DONE
