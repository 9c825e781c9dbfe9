"""Clause-aware chunks: the units retrieval scores and answers quote from.

Lessons applied (../shared/notes/retrieval.md): chunks follow the clause tree and never
cross a parent; a heading is not a chunk of its own (it reaches its children through the
"title > heading path" prefix every chunk carries for scoring); the closing block is left
out; a long clause is split at its inline enumeration (一是…二是…) or between sentences;
lines broken inside a sentence are rejoined for scoring while `start`/`end` keep pointing
at the verbatim source, which is what answers quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import Clause

LONG_CLAUSE = 320      # characters; longer clause bodies are split
PIECE = 220            # target size of a split piece
_ENUM = re.compile(r"(?<=[。；;，,])\s*(?=[一二三四五六七八九十]是)")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")


@dataclass(frozen=True)
class Chunk:
    id: str            # "<document>:<n>"
    document: str
    path: str          # clause path, e.g. "二（二）3"
    start: int         # verbatim body span in the document text
    end: int
    heading: str       # "title > 二、活动主体、内容… > （二）活动内容"
    body: str          # the body with line breaks rejoined (for scoring and display)

    @property
    def scoring_text(self) -> str:
        return f"{self.heading}\n{self.body}"


def rejoin(text: str) -> str:
    """Join lines broken inside a sentence; keep one space where lines held separate items."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    out = ""
    for ln in lines:
        if out and not re.search(r"[。；;：:！？!?）)”」]$", out) and not re.match(r"[（(一二三四五六七八九十\d]", ln):
            out += ln
        else:
            out += (" " if out else "") + ln
    return out.replace("**", "")


def _own_body_start(node: Clause, text: str) -> int:
    """Offset just after the clause's marker (and its heading, when the heading is a line of its own)."""
    at = node.start + len(node.marker)
    line_end = text.find("\n", at)
    line_end = node.body_end if line_end < 0 or line_end > node.body_end else line_end
    first_line = text[at:line_end].strip()
    if node.heading and first_line == node.heading:
        at = line_end
    while at < node.body_end and text[at].isspace():
        at += 1
    return at


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a long body: at inline enumerations first, else between sentences."""
    body = text[start:end]
    if len(body) <= LONG_CLAUSE:
        return [(start, end)]
    cuts = [m.start() for m in _ENUM.finditer(body)]
    if len(cuts) < 1:
        cuts = [m.start() for m in _SENTENCE_END.finditer(body)]
    spans, piece_start = [], 0
    for c in cuts + [len(body)]:
        if c - piece_start >= PIECE or c == len(body):
            if c > piece_start:
                spans.append((piece_start, c))
            piece_start = c
    # Fold a tiny tail into the previous piece.
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < 60:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    out = []
    for s, e in spans:
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((start + s, start + e))
    return out


def chunk_document(doc, nodes: list[Clause]) -> list[Chunk]:
    """Chunks of one document (`doc` has .id, .title, .text)."""
    text = doc.text
    chunks: list[Chunk] = []

    def heading_path(i: int) -> str:
        parts = []
        while i is not None:
            n = nodes[i]
            if n.kind == "clause":
                parts.append((n.marker + n.heading).strip())
            elif n.kind == "attachment":
                parts.append(n.path)
            i = n.parent
        return " > ".join([doc.title] + [p for p in reversed(parts) if p])

    index_of = {id(n): i for i, n in enumerate(nodes)}
    for n in nodes:
        if n.kind in ("closing", "table"):
            if n.kind == "table":
                chunks.append(Chunk("", doc.id, n.path, n.start, n.end, heading_path(index_of[id(n)]), rejoin(text[n.start:n.end])))
            continue
        body_start = n.start if n.kind in ("preamble", "attachment") else _own_body_start(n, text)
        if n.body_end - body_start <= 0:
            continue
        body = text[body_start:n.body_end]
        if n.kind == "clause" and (len(rejoin(body)) < 4 or (
                n.body_end < n.end and rejoin(body).rstrip("。：:；;") == n.heading)):
            continue  # a heading alone: its children carry it in their prefix
        for s, e in _split(text, body_start, n.body_end):
            if n.kind == "preamble" or n.kind == "attachment":
                # Split the preamble and forms at blank-line paragraphs too.
                pieces = _paragraphs(text, s, e)
            else:
                pieces = [(s, e)]
            for ps, pe in pieces:
                chunks.append(Chunk("", doc.id, n.path, ps, pe, heading_path(index_of[id(n)]), rejoin(text[ps:pe])))
    return [Chunk(f"{doc.id}:{i}", c.document, c.path, c.start, c.end, c.heading, c.body)
            for i, c in enumerate(chunks)]


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, s = [], start
    for m in re.finditer(r"\n\s*\n", text[start:end]):
        e = start + m.start()
        if text[s:e].strip():
            spans.append((s, e))
        s = start + m.end()
    if text[s:end].strip():
        spans.append((s, end))
    # Merge short neighbours so a form's column names stay together.
    merged: list[tuple[int, int]] = []
    for sp in spans:
        if merged and (sp[1] - merged[-1][0]) <= PIECE:
            merged[-1] = (merged[-1][0], sp[1])
        else:
            merged.append(sp)
    return merged
