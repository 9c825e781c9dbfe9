"""`kb add` / `kb list`: documents added to the knowledge base at run time.

A file (.txt, .md, .docx, .pdf) is read into plain text, cleaned, parsed into its clause
tree with the same parser as the bundled regulations, and stored: its metadata and text
in `knowledge_documents` (one transaction), its chunks in the Chroma collection (written
inside that transaction, so a failure leaves neither). The document id is the file name's
stem: adding the same file again replaces the document, never duplicates it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from store.errors import UserError

from .chunks import chunk_document
from .documents import Document, all_documents, bundled, get_document_text, parsed, sha256

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MIN_CHARACTERS = 20  # fewer readable characters than this: nothing to index (e.g. a scanned PDF)

Progress = Callable[..., None]

__all__ = ["add_document", "list_documents", "get_document_text", "read_text"]


# -- reading files -------------------------------------------------------------------

def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError("无法识别文本文件的编码：请另存为 UTF-8 编码的文本后再添加。")


def _markdown_to_text(text: str) -> str:
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)       # headings
        line = re.sub(r"^\s{0,3}>\s?", "", line)             # quotes
        line = line.replace("**", "").replace("__", "")
        if re.fullmatch(r"\s*\|?\s*:?-{3,}.*", line):         # table rule lines
            continue
        if line.strip().startswith("|") and line.strip().endswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = " | ".join(cells)
        out.append(line)
    return "\n".join(out)


def _docx_text(path: Path) -> str:
    """Paragraphs and tables in document order; a table row becomes "列名: 值 | 列名: 值"."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise UserError(f"无法打开 Word 文件“{path.name}”：{exc}。请确认是 .docx 格式（不是旧的 .doc）。")
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            rows = [[c.text.strip().replace("\n", " ") for c in row.cells] for row in Table(block, document).rows]
            if not rows:
                continue
            header = rows[0]
            lines.append(" | ".join(header))
            for row in rows[1:]:
                lines.append(" | ".join(f"{h}: {v}" if h else v for h, v in zip(header, row)))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception as exc:
        raise UserError(f"无法读取 PDF 文件“{path.name}”：{exc}。")


def clean(text: str) -> str:
    """Normalise line ends and spaces; the result is the stored text quotes index into."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\x00", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        text = _decode(path.read_bytes())
        if suffix == ".md":
            text = _markdown_to_text(text)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        text = _pdf_text(path)
    return clean(text)


# -- metadata ----------------------------------------------------------------------

_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TITLE_WORDS = ("办法", "方案", "意见", "通知", "规定", "条例", "细则", "制度", "决定", "规则", "章程")


def _guess_title(text: str, fallback: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:12]
    for ln in lines:
        if any(w in ln for w in _TITLE_WORDS) and len(ln) <= 80 and not ln.endswith(("。", "：", ":")):
            return ln
    return lines[0][:80] if lines and len(lines[0]) <= 80 else fallback


def _metadata(text: str, nodes) -> dict:
    number = _NUMBER.search(text[:500])
    closing = next((n for n in nodes if n.kind == "closing"), None)
    date = issuer = None
    if closing is not None:
        block = text[closing.start:closing.end]
        dm = _DATE.search(block)
        if dm:
            date = f"{int(dm.group(1)):04d}-{int(dm.group(2)):02d}-{int(dm.group(3)):02d}"
            before = [ln.strip() for ln in block[:dm.start()].splitlines() if ln.strip()]
            if before and len(before[-1]) <= 30 and not before[-1].startswith(("附件", "抄送")):
                issuer = before[-1]
    return {"number": number.group(0) if number else None, "date": date, "issuer": issuer}


def _words(text: str) -> str:
    """The text without any whitespace: two files with the same words are the same document."""
    return re.sub(r"\s+", "", text)


def _document_id(path: Path) -> str:
    doc_id = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", path.stem).strip("_")[:64]
    if not doc_id:
        raise UserError(f"无法从文件名“{path.name}”得到文档编号：请把文件改成有文字的名字再添加。")
    if bundled(doc_id) is not None:
        raise UserError(f"文档编号“{doc_id}”是内置规定的编号：请把文件改名（例如加上单位名称）后再添加。")
    return doc_id


# -- commands ------------------------------------------------------------------------

def add_document(ctx, path, title: str | None = None, progress: Progress | None = None) -> dict:
    """Add (or replace) a document; returns {"document", "clauses", "chunks"}."""
    from store import db
    from store.models import KnowledgeDocument

    from . import vectorstore

    say = progress or (lambda *a, **k: None)
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件：{path}")
    if path.suffix.lower() not in SUFFIXES:
        raise UserError(f"不支持“{path.suffix or path.name}”格式：请提供 .txt、.md、.docx 或 .pdf 文件。")
    doc_id = _document_id(path)
    say(f"读取文件 {path.name}", 0.1)
    text = read_text(path)
    readable = len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", text))
    if readable < MIN_CHARACTERS:
        raise UserError(f"没有从“{path.name}”中读出文字：它可能是扫描件或图片。请先用文字识别（OCR）转成文字版，"
                        "或提供 Word、文本格式的文件后再添加。")
    say("解析条款结构", 0.3)
    nodes = parsed(text)
    meta = _metadata(text, nodes)
    doc = Document(id=doc_id, title=(title or "").strip() or _guess_title(text, doc_id), text=text,
                   issuer=meta["issuer"], number=meta["number"], date=meta["date"])
    chunks = chunk_document(doc, nodes)
    clauses = sum(1 for n in nodes if n.kind == "clause")
    if not chunks:
        raise UserError(f"“{path.name}”中没有可检索的条款文字，未添加。")
    others = [d for d in all_documents(ctx) if d.id != doc_id]  # also registers the bundled ones
    same = next((d for d in others if _words(d.text) == _words(text)), None)
    if same is not None:  # the same words under another file name would only double every citation
        raise UserError(f"“{path.name}”的内容与知识库中已有的《{same.title}》（编号 {same.id}）完全相同，未重复添加。"
                        f"如需更新那份文件，请用原来的文件名（{same.id}）重新添加。")
    say(f"共 {clauses} 个条款、{len(chunks)} 个片段，写入知识库", 0.6)
    with db.transaction(ctx.url) as s:
        row = s.get(KnowledgeDocument, doc_id) or KnowledgeDocument(id=doc_id)
        row.title, row.issuer, row.number, row.date = doc.title, doc.issuer, doc.number, doc.date
        row.source, row.sha256, row.text = str(path.resolve()), sha256(text), text
        row.clauses, row.chunks, row.bundled = clauses, len(chunks), False
        row.bound_roles = row.bound_roles or []
        s.add(row)
        s.flush()
        say("写入向量库", 0.8)
        settings = ctx.settings
        collections = [vectorstore.collection(settings)]
        if settings.retriever == "hybrid" and settings.embedding_model:
            collections.append(vectorstore.collection(settings, dense=True))
        for col in collections:
            vectorstore.replace_document(col, doc_id, chunks, sha256(text))
            # The rest of the knowledge base (the bundled regulations first of all) is kept
            # in the same collection; only missing or changed documents are written.
            vectorstore.sync(col, others + [doc], lambda d: chunks if d.id == doc_id else chunk_document(d, parsed(d.text)))
    say("完成", 1.0)
    return {"document": doc_id, "clauses": clauses, "chunks": len(chunks), "title": doc.title}


def list_documents(ctx) -> dict:
    """Every document of the knowledge base, the bundled regulations first."""
    from sqlalchemy import select

    from store import db
    from store.models import KnowledgeDocument

    all_documents(ctx)  # registers the bundled ones on first use
    with db.session(ctx.url) as s:
        rows = s.execute(select(KnowledgeDocument).order_by(KnowledgeDocument.bundled.desc(),
                                                            KnowledgeDocument.id)).scalars().all()
        return {"documents": [
            {"document": r.id, "title": r.title, "issuer": r.issuer, "number": r.number, "date": r.date,
             "chunks": r.chunks, "clauses": r.clauses, "bundled": bool(r.bundled)}
            for r in rows]}
