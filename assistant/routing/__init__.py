"""Which branch a turn takes (ADR 0001, 0020): the decision, its configuration and its parts."""
