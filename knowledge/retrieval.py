"""Retrieval over the knowledge base behind one small interface.

`search(ctx, question, k)` returns scored chunks best first;
`knowledge.langchain_retriever.ClauseRetriever` is the same thing as a LangChain
`BaseRetriever` (for chains and the optional LLM path; langchain-core costs 1.5 s to
import, so the offline `ask` calls `search` directly).

- "bm25" (default, measured best on evals/qa_dev.jsonl): character unigram+bigram BM25
  over clause-aware chunks. The index is built in memory from the documents' texts (tens of
  milliseconds for the five regulations) and cached per process, keyed by the documents' hashes, so a document
  added by another process is picked up on the next question.
- "hybrid": BM25 fused by reciprocal rank with dense vectors of the model at
  settings.embedding_model (a local sentence-transformers directory), whose vectors live
  in the persistent Chroma collection.
"""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from .bm25 import Bm25Index, query_terms, rewrite
from .chunks import Chunk, chunk_document
from .coverage import Term, TermIndex, coverage
from .documents import Document, all_documents, parsed
from .words import words

RRF_K = 60
_ENUMERATED = re.compile(r"(\w)、(?=(\w))")  # the bigram an enumeration comma splits: 表、委


@functools.lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    """Everyday words → the regulations' words (knowledge/synonyms.yaml)."""
    path = Path(__file__).resolve().parent / "synonyms.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float       # BM25 score (also in hybrid mode, where only the order is fused)
    coverage: float    # share of the question's character weight this chunk matches (0..1)


class KnowledgeIndex:
    """All chunks of the knowledge base and their BM25 index."""

    def __init__(self, documents: list[Document]):
        self.documents = {d.id: d for d in documents}
        self.chunks: list[Chunk] = []
        for d in documents:
            self.chunks.extend(chunk_document(d, parsed(d.text)))
        self.bm25 = Bm25Index([c.scoring_text for c in self.chunks])
        self._terms = self.bm25.doc_terms
        self._position = {c.id: i for i, c in enumerate(self.chunks)}
        self.term_index = TermIndex(self.bm25, [c.scoring_text for c in self.chunks])
        # For coverage an enumeration comma joins its words: "代表、委员" holds 代表委员.
        self._cover_terms = [self._terms[i] | {a + b for a, b in _ENUMERATED.findall(c.scoring_text)}
                             for i, c in enumerate(self.chunks)]

    def in_regulations_words(self, question: str, keep: bool = True) -> str:
        """The question with its everyday words put in the regulations' words (knowledge/synonyms.yaml)."""
        return rewrite(question, synonyms(), keep=keep, verbatim=self.term_index.in_corpus, words=words)

    def content_terms(self, question: str) -> list[Term]:
        """The question's content terms, in the regulations' words (knowledge/coverage.py)."""
        return self.term_index.terms(self.in_regulations_words(question, keep=False))

    def content_coverage(self, terms: list[Term], chunk: Chunk) -> float:
        """Share of the content terms' weight that `chunk` holds."""
        return coverage(terms, self._cover_terms[self._position[chunk.id]])

    def scores(self, question: str):
        """BM25 score of every chunk; everyday words also count as the regulations' words."""
        return self.bm25.scores(query_terms(self.in_regulations_words(question)))

    def coverage(self, question: str, i: int) -> float:
        """How much of the question (in the regulations' words) chunk i matches."""
        return self.bm25.coverage(self.in_regulations_words(question, keep=False), self._terms[i])

    def search(self, question: str, k: int = 5) -> list[Hit]:
        """The k best chunks, at most one per clause (its best-scoring chunk)."""
        scores = self.scores(question)
        hits, seen = [], set()
        for i in scores.argsort()[::-1]:
            if scores[i] <= 0 or len(hits) >= k:
                break
            c = self.chunks[i]
            if (c.document, c.path) in seen:
                continue
            seen.add((c.document, c.path))
            hits.append(Hit(c, float(scores[i]), self.coverage(question, i)))
        return hits


_lock = threading.Lock()
_synced: set[tuple] = set()
_cache: dict[tuple, KnowledgeIndex] = {}


def _signature(url: str | None) -> tuple:
    if url is None:
        return ("bundled",)
    from sqlalchemy import select

    from store import db
    from store.models import KnowledgeDocument

    from .documents import ensure_bundled

    ensure_bundled(url)
    with db.session(url) as s:
        rows = s.execute(select(KnowledgeDocument.id, KnowledgeDocument.sha256)
                         .where(KnowledgeDocument.bundled.is_(False)).order_by(KnowledgeDocument.id)).all()
    return (url, tuple(rows))


def get_index(ctx=None) -> KnowledgeIndex:
    """The knowledge base's index for this context (None: the bundled regulations only)."""
    url = None if ctx is None else (ctx if isinstance(ctx, str) else ctx.url)
    key = _signature(url)
    with _lock:
        index = _cache.get(key)
        if index is None:
            index = KnowledgeIndex(all_documents(url))
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = index
        return index


def dense_search(ctx, index: KnowledgeIndex, question: str, k: int) -> list[Chunk]:
    """Chunks nearest to the question by the configured sentence-transformers model."""
    from . import vectorstore

    col = vectorstore.collection(ctx.settings, dense=True)
    key = (str(ctx.settings.chroma_dir), col.name, tuple((d.id, d.sha256) for d in index.documents.values()))
    if key not in _synced:  # once per process and knowledge-base state, not per question
        vectorstore.sync(col, list(index.documents.values()), lambda d: chunk_document(d, parsed(d.text)))
        _synced.add(key)
    res = col.query(query_texts=[question], n_results=min(k, len(index.chunks)), include=["metadatas"])
    by_id = {c.id: c for c in index.chunks}
    return [by_id[i] for i in res["ids"][0] if i in by_id]


def search(ctx, question: str, k: int = 5, retriever: str | None = None,
           index: KnowledgeIndex | None = None) -> list[Hit]:
    """The k best chunks for a question (at most one per clause), best first."""
    index = index or get_index(ctx)
    mode = retriever or (ctx.settings.retriever if ctx is not None and not isinstance(ctx, str) else "bm25")
    if mode != "hybrid" or ctx is None or not ctx.settings.embedding_model:
        return index.search(question, k)
    pool = max(k, 20)
    sparse = index.search(question, pool)
    dense = dense_search(ctx, index, question, pool)
    fused: dict[str, float] = {}
    for rank, h in enumerate(sparse):
        fused[h.chunk.id] = fused.get(h.chunk.id, 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, c in enumerate(dense):
        fused[c.id] = fused.get(c.id, 0.0) + 1.0 / (RRF_K + rank + 1)
    # Hits keep their BM25 score and coverage (the not-covered decision relies on them);
    # only the order comes from the fusion.
    scores = index.scores(question)
    pos = {c.id: i for i, c in enumerate(index.chunks)}
    best = sorted(fused, key=fused.get, reverse=True)[:k]
    return [Hit(index.chunks[pos[cid]], float(scores[pos[cid]]), index.coverage(question, pos[cid])) for cid in best]
