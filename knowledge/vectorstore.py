"""The persistent Chroma collection that holds every chunk with its metadata (and vectors).

Chroma is imported only here and only when needed (kb add, dense retrieval): answering
with BM25 alone never opens it. The collection always gets an explicit embedding
function, so Chroma never downloads its default model: with dense retrieval off a trivial
local one (chunks and metadata are what matter), with it on the configured
sentence-transformers model, in a collection of its own per model.
"""
from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

COLLECTION = "knowledge_chunks"


@lru_cache(maxsize=4)
def sentence_model(path: str):
    """The sentence-transformers model at a local path, loaded once per process."""
    import os

    if not Path(path).exists():
        from store.errors import UserError

        raise UserError(f"找不到向量模型目录：{path}。请把 embedding_model 设为本机上的模型目录，或改用 retriever: bm25。")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", local_files_only=True)


def _embedding_classes():
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class TrivialEmbedding(EmbeddingFunction[Documents]):
        """A constant-size local vector: lets Chroma store chunks without any model."""

        def __init__(self):
            pass

        def __call__(self, input: Documents) -> Embeddings:
            import numpy as np

            return [np.array([1.0, (len(x) % 97) / 97.0], dtype=np.float32) for x in input]

        @staticmethod
        def name() -> str:
            return "union-assistant-trivial"

        def get_config(self) -> dict:
            return {}

        @staticmethod
        def build_from_config(config):
            return TrivialEmbedding()

    class SentenceEmbedding(EmbeddingFunction[Documents]):
        """Normalised sentence-transformers vectors from a local model directory."""

        def __init__(self, path: str):
            self.path = path

        def __call__(self, input: Documents) -> Embeddings:
            vecs = sentence_model(self.path).encode(list(input), normalize_embeddings=True,
                                                    batch_size=32, show_progress_bar=False)
            return [v for v in vecs]

        @staticmethod
        def name() -> str:
            return "union-assistant-sentence-transformers"

        def get_config(self) -> dict:
            return {"path": self.path}

        @staticmethod
        def build_from_config(config):
            return SentenceEmbedding(config["path"])

    return TrivialEmbedding, SentenceEmbedding


@lru_cache(maxsize=8)
def _client(chroma_dir: str):
    import chromadb

    Path(chroma_dir).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=chroma_dir, settings=chromadb.Settings(anonymized_telemetry=False))


def collection(settings, dense: bool = False):
    """The chunk collection (dense: the one holding the configured model's vectors)."""
    trivial, sentence = _embedding_classes()
    client = _client(str(settings.chroma_dir))
    if dense and settings.embedding_model:
        digest = hashlib.sha1(str(settings.embedding_model).encode()).hexdigest()[:10]
        return client.get_or_create_collection(f"{COLLECTION}_dense_{digest}",
                                               embedding_function=sentence(str(settings.embedding_model)),
                                               metadata={"hnsw:space": "cosine"})
    return client.get_or_create_collection(COLLECTION, embedding_function=trivial())


def _metadata(chunk, sha: str) -> dict:
    return {"document": chunk.document, "path": chunk.path, "start": chunk.start, "end": chunk.end,
            "heading": chunk.heading, "sha256": sha}


def replace_document(col, document_id: str, chunks, sha: str) -> None:
    """Put a document's chunks in the collection, replacing whatever it held for that id."""
    col.delete(where={"document": document_id})
    if chunks:
        col.add(ids=[c.id for c in chunks], documents=[c.scoring_text for c in chunks],
                metadatas=[_metadata(c, sha) for c in chunks])


def sync(col, documents, chunks_of) -> int:
    """Bring the collection in line with the knowledge base; returns how many documents were (re)written."""
    stored: dict[str, set] = {}
    got = col.get(include=["metadatas"])
    for meta in got["metadatas"] or []:
        stored.setdefault(meta["document"], set()).add(meta.get("sha256"))
    written = 0
    wanted = {d.id for d in documents}
    for doc_id in set(stored) - wanted:
        col.delete(where={"document": doc_id})
    for d in documents:
        if stored.get(d.id) != {d.sha256}:
            replace_document(col, d.id, chunks_of(d), d.sha256)
            written += 1
    return written
