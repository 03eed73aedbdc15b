"""Deterministic input and output checks: text cleaning, personal data, injection and evasion."""
