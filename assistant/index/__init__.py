"""Embedding, the vector store, the BM25 side index and the atomic index build."""
