"""Test doubles that ship with the package, like `click.testing`: used by the test suite, the
benchmarks and `coordinator demo`, so the demo works from an installed package.

- `bot.testing.github`: a fake GitHub REST API on 127.0.0.1 (`FakeGitHub`), checked against GitHub's
  own REST description (`bot.testing.openapi`, `data/github-openapi/operations.json`), with public
  fault hooks (`FakeGitHub.faults`);
- `bot.testing.payloads`: webhook deliveries built from real GitHub payload examples (`data/github-webhooks/`);
- `bot.testing.network`: a free loopback port for a server started as a process of its own;
- `plans/`: the plan `coordinator demo` coordinates by default.

Nothing here runs at import time, and the bot itself never imports it.
"""
