"""Coordination logic, decide then act: pure decisions (`reconcile` and the modules it calls,
`steering`, `replan`, `membership`) return typed `actions`; `execute` performs them through the
gateway; `runner` observes, decides and executes for the handlers."""
