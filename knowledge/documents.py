"""The documents of the knowledge base: the five bundled regulations and those added at run time.

Bundled texts ship in `knowledge/corpus/` (metadata in documents.yaml) and are
registered in the `knowledge_documents` table on first use. Added documents live only in
that table (their cleaned text is the `text` column). Every quote the product shows is a
verbatim span of the text returned by `get_document_text`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .clauses import Clause, parse_clauses

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    short: str | None = None
    issuer: str | None = None
    number: str | None = None
    date: str | None = None
    bound_roles: tuple[str, ...] = ()
    bundled: bool = False

    @property
    def sha256(self) -> str:
        return sha256(self.text)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def bundled_documents() -> tuple[Document, ...]:
    meta = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    return tuple(
        Document(
            id=str(d["id"]), title=d["title"], short=d.get("short"), issuer=d.get("issuer"),
            number=d.get("number"), date=str(d["date"]) if d.get("date") else None,
            bound_roles=tuple(d.get("bound") or ()), bundled=True,
            text=(CORPUS / d["file"]).read_text(encoding="utf-8"),
        )
        for d in meta
    )


def bundled(document_id: str) -> Document | None:
    return next((d for d in bundled_documents() if d.id == document_id), None)


@lru_cache(maxsize=64)
def parsed(text: str) -> list[Clause]:
    """The clause tree of a text (cached: texts are immutable once stored)."""
    return parse_clauses(text)


def _url(ctx_or_url) -> str | None:
    if ctx_or_url is None:
        return None
    return ctx_or_url if isinstance(ctx_or_url, str) else ctx_or_url.url


_registered: set[str] = set()


def _counts(doc: Document) -> tuple[int, int]:
    from .chunks import chunk_document

    nodes = parsed(doc.text)
    return sum(1 for n in nodes if n.kind == "clause"), len(chunk_document(doc, nodes))


def ensure_bundled(url: str) -> None:
    """Register the bundled documents in the database (idempotent; once per process and URL)."""
    if url in _registered:
        return
    from sqlalchemy import select
    from sqlalchemy.exc import IntegrityError

    from store import db
    from store.models import KnowledgeDocument

    wanted = {d.id: (d.sha256, *_counts(d)) for d in bundled_documents()}
    with db.session(url) as s:
        have = {r[0]: tuple(r[1:]) for r in s.execute(select(
            KnowledgeDocument.id, KnowledgeDocument.sha256, KnowledgeDocument.clauses, KnowledgeDocument.chunks))}
    stale = [d for d in bundled_documents() if have.get(d.id) != wanted[d.id]]
    if stale:
        def write(s):
            for d in stale:
                row = s.get(KnowledgeDocument, d.id) or KnowledgeDocument(id=d.id)
                row.title, row.issuer, row.number, row.date = d.title, d.issuer, d.number, d.date
                row.bound_roles, row.source, row.sha256 = list(d.bound_roles), f"bundled:{d.id}", d.sha256
                _, row.clauses, row.chunks = wanted[d.id]
                row.text, row.bundled = d.text, True
                s.add(row)
        try:
            db.write(url, write)
        except IntegrityError:
            pass  # another process registered them at the same moment
    _registered.add(url)


def all_documents(ctx_or_url=None) -> list[Document]:
    """Every document of the knowledge base: bundled first, then added ones by id."""
    url = _url(ctx_or_url)
    docs = list(bundled_documents())
    if url is None:
        return docs
    ensure_bundled(url)
    from sqlalchemy import select

    from store import db
    from store.models import KnowledgeDocument

    with db.session(url) as s:
        rows = s.execute(select(KnowledgeDocument).where(KnowledgeDocument.bundled.is_(False))
                         .order_by(KnowledgeDocument.id)).scalars().all()
        docs += [Document(id=r.id, title=r.title, text=r.text or "", issuer=r.issuer, number=r.number,
                          date=r.date, bound_roles=tuple(r.bound_roles or ())) for r in rows]
    return docs


def get_document(ctx_or_url, document_id: str) -> Document | None:
    found = bundled(document_id)
    if found is not None:
        return found
    url = _url(ctx_or_url)
    if url is None:
        from store.settings import load_settings

        url = load_settings().database_url
    from store import db
    from store.models import KnowledgeDocument

    with db.session(url) as s:
        r = s.get(KnowledgeDocument, document_id)
        if r is None:
            return None
        return Document(id=r.id, title=r.title, text=r.text or "", issuer=r.issuer, number=r.number,
                        date=r.date, bound_roles=tuple(r.bound_roles or ()), bundled=bool(r.bundled))


def get_document_text(ctx_or_url, document_id: str, missing_ok: bool = False) -> str | None:
    """The cleaned text of a document: quotes are verbatim spans of it.

    `ctx_or_url`: a store Context, a database URL, or None (bundled documents, else the
    default database). Unknown id → UserError (or None with missing_ok).
    """
    doc = get_document(ctx_or_url, document_id)
    if doc is None:
        if missing_ok:
            return None
        from store.errors import UserError

        raise UserError(f"知识库中没有编号为“{document_id}”的文档。可用 kb list 查看已有文档。")
    return doc.text
