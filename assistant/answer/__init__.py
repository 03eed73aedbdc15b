"""Composing answers from retrieved passages, and checking their citations."""
