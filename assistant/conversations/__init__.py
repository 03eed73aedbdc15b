"""Conversation storage: turns (redacted), statuses, citations, timings and feedback."""
