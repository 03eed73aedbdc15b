"""Finding passages: dense + lexical candidates, fused, weighted and filtered."""
