"""The deterministic eligibility engine: facts in, checks with citations out. Text only explains."""
