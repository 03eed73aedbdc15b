"""Knowledge documents: loading, sections, chunks and sentences."""
