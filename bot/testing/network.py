"""Loopback ports for servers the tests and benchmarks start as processes of their own."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port nobody listens on right now, for a server process the caller starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
