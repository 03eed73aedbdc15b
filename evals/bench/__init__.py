"""Benchmarks that print figures (`make bench`). Speed goals are shown here, not in timed tests."""
