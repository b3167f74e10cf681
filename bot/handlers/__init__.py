"""Webhook handlers: small functions that turn an event into a call on the coordination logic."""
