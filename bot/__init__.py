"""feature-coordinator: turns an implementation plan in a GitHub issue into tracked sub-issues."""
