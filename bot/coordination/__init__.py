"""Coordination logic: from a plan to sub-issues, and from events to task progress."""
