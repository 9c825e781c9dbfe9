"""Regulation knowledge: bundled documents, clause trees, retrieval, cited answers, obligation rules."""
