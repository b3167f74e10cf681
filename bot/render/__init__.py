"""Rendering: the Markdown the bot posts (sub-issues, graphs, questions), always through `text` safety."""
