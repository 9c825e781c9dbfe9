"""The knowledge base as a LangChain retriever (imports langchain-core: use it lazily)."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from .retrieval import get_index, search


class ClauseRetriever(BaseRetriever):
    """Clauses of the regulations for a question, best first.

    `page_content` is the clause text exactly as in the document; metadata carries the
    document id, clause path, title, offsets and scores. `context` is a store Context (or
    a database URL, or None for the bundled regulations only).
    """

    context: Any = None
    k: int = 5
    retriever: str | None = None  # None: settings.retriever

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        index = get_index(self.context)
        out = []
        for hit in search(self.context, query, self.k, retriever=self.retriever):
            doc = index.documents[hit.chunk.document]
            out.append(Document(
                page_content=doc.text[hit.chunk.start:hit.chunk.end],
                metadata={"document": hit.chunk.document, "clause": hit.chunk.path, "title": doc.title,
                          "heading": hit.chunk.heading, "start": hit.chunk.start, "end": hit.chunk.end,
                          "score": hit.score, "coverage": hit.coverage, "chunk_id": hit.chunk.id}))
        return out
