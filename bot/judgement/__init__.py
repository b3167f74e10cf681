"""The coordinator's judgement: pure decisions a lead makes on top of task progress.

Native dependency links, the critical path, stalled work, conflicting pull requests, escalation
causes, verified integration, review state, the testing-coverage note and the conventions every
agent follows. Every module here is pure: state in, decisions out; `bot.coordination.judge` acts.
"""
