"""Help-desk staff: access tokens, drafted replies, reviews and hand-offs."""
