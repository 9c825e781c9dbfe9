"""Clause trees of Chinese official documents (pure: text in, nodes with offsets out).

A document is read line by line. A line that starts with a numbering marker opens a
clause; the marker's level decides where the clause hangs in the tree:

    第X章 → 第X条 → 一、 → （一） → 1. / 1、 / 1． → （1）

Text before the first numbered clause is the preamble ("序言"). The closing block
(附件：…, the issuer's signature and date, 抄送, 印发, 主题词) is kept out of the
clauses ("落款"), and each appended form or table (a line "附件2") is a top-level part
("附件2") whose own numbered lines nest under it.

A clause's path concatenates the markers of its ancestors and itself without their
punctuation: 一、→"一", （二）→"（二）", 1.→"1", （1）→"（1）", 第三条→"第三条",
附件2→"附件2"; e.g. "二（二）3". Offsets index the source text, so a quote found at
[s, e) belongs to the deepest clause whose span contains it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PREAMBLE = "序言"
CLOSING = "落款"

_CN_NUM = "一二三四五六七八九十百零〇两"

# (level, regex at the start of a line). Lower level = higher in the tree.
# Level 0 is reserved for top-level parts (preamble, closing block, attachments).
_MARKERS: list[tuple[int, re.Pattern]] = [
    (1, re.compile(rf"第[{_CN_NUM}\d]+章")),
    (2, re.compile(rf"第[{_CN_NUM}\d]+条")),
    (3, re.compile(rf"[{_CN_NUM}]+、")),
    (4, re.compile(rf"[（(][{_CN_NUM}]+[）)]")),
    (5, re.compile(r"\d{1,2}\s*[.．、](?![\d.．])")),
    (6, re.compile(r"[（(]\d{1,2}[）)]")),
]
# "（1）" inside a line, right after the end of a sentence or a colon: an inline sub-item.
_INLINE_ITEM = re.compile(r"(?<=[。；;：:])\s*([（(]\d{1,2}[）)])")
_ATTACHMENT = re.compile(r"附件\s*(\d*)\s*$")
_CLOSING_START = re.compile(r"(附件\s*[：:]|抄送|主题词|抄报)")
_ISSUED = re.compile(r".*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发\s*$")
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_TABLE_ROW = re.compile(r".+\s\|\s.+")


@dataclass
class Clause:
    path: str          # e.g. "二（二）3"; "序言", "落款", "附件2"
    marker: str        # the marker as written ("（二）"), "" for parts without one
    label: str         # the marker without punctuation ("（二）" stays, "一、" → "一")
    level: int
    kind: str          # "preamble" | "clause" | "closing" | "attachment" | "table"
    heading: str       # the clause's own title ("活动内容"), "" when it has none
    start: int         # span in the source, including descendants
    end: int
    body_end: int      # end of the clause's own text (start of its first child)
    parent: int | None = None  # index in the list returned by parse_clauses
    depth: int = 0

    def text(self, source: str) -> str:
        return source[self.start:self.end]

    def own_text(self, source: str) -> str:
        return source[self.start:self.body_end]


def _label(level: int, marker: str) -> str:
    marker = re.sub(r"\s", "", marker)
    if level == 3:
        return marker.rstrip("、")
    if level == 5:
        return marker.rstrip(".．、")
    if level in (4, 6):
        return "（" + marker[1:-1] + "）"
    return marker


def _heading(rest: str) -> str:
    """The clause's title: its first sentence when that is short, else ''."""
    first = re.split(r"[。；;：:]", rest, maxsplit=1)[0].strip()
    if first and len(first) <= 40 and "，" not in first:
        return first
    return ""


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, body
        pos += len(line)


def _match_marker(line: str) -> tuple[int, str] | None:
    stripped = line.lstrip()
    for level, pattern in _MARKERS:
        m = pattern.match(stripped)
        if m and stripped[m.end():].strip():  # a marker with nothing after it is not a clause
            return level, m.group(0)
    return None


def parse_clauses(text: str) -> list[Clause]:
    """All nodes of the document's clause tree, in reading order (parents before children)."""
    nodes: list[Clause] = []
    stack: list[int] = []          # open clause nodes (indices), top = deepest
    part: int | None = None        # the current top-level part (attachment), if any
    mode = "preamble"              # preamble | body | closing | attachment

    def open_node(path_label, marker, level, kind, heading, start, parent):
        prefix = nodes[parent].path if parent is not None and nodes[parent].kind != "preamble" else ""
        depth = nodes[parent].depth + 1 if parent is not None else 0
        nodes.append(Clause(prefix + path_label, marker, path_label, level, kind, heading,
                            start, len(text), len(text), parent, depth))
        return len(nodes) - 1

    def close_all(at: int):
        for n in nodes:
            if n.end > at >= n.start:
                n.end = at

    lines = list(_lines(text))
    if text.strip():
        nodes.append(Clause(PREAMBLE, "", PREAMBLE, 0, "preamble", "", 0, len(text), len(text)))
    for i, (pos, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start = pos + lead

        m = _ATTACHMENT.match(stripped)
        if m and mode in ("closing", "attachment", "body"):
            close_all(start)
            label = "附件" + m.group(1)
            part = open_node(label, stripped, 0, "attachment", "", start, None)
            stack, mode = [], "attachment"
            continue

        if mode in ("body", "attachment") and _starts_closing(lines, i):
            close_all(start)
            open_node(CLOSING, "", 0, "closing", "", start, None)
            stack, part, mode = [], None, "closing"
            continue
        if mode == "closing":
            continue

        if _TABLE_ROW.match(stripped):
            parent = stack[-1] if stack else part
            if parent is not None:
                idx = open_node("", "", 9, "table", "", start, parent)
                nodes[idx].path = nodes[parent].path
                nodes[idx].end = pos + len(line)
            continue

        found = _match_marker(line)
        if not found:
            continue
        level, marker = found
        if mode == "preamble":
            close_all(start)
            mode = "body"
        while stack and nodes[stack[-1]].level >= level:
            nodes[stack[-1]].end = min(nodes[stack[-1]].end, start)
            stack.pop()
        parent = stack[-1] if stack else part
        rest = line.lstrip()[len(marker):]
        idx = open_node(_label(level, marker), marker, level, "clause", _heading(rest), start, parent)
        stack.append(idx)
        # Inline sub-items "。（1）…；（2）…" become children of this clause.
        for im in _INLINE_ITEM.finditer(line, lead + len(marker)):
            at = pos + im.start(1)
            while nodes[stack[-1]].level >= 6:
                nodes[stack[-1]].end = at
                stack.pop()
            sub = open_node(_label(6, im.group(1)), im.group(1), 6, "clause", "", at, stack[-1])
            stack.append(sub)
    # Trim trailing whitespace off every span and compute own-text ends.
    for n in nodes:
        while n.end > n.start and text[n.end - 1].isspace():
            n.end -= 1
    for idx, n in enumerate(nodes):
        children = [c for c in nodes if c.parent == idx]
        n.body_end = min([c.start for c in children] + [n.end])
        while n.body_end > n.start and text[n.body_end - 1].isspace():
            n.body_end -= 1
    # Drop empty nodes (e.g. no preamble) and renumber parent links.
    keep = [i for i, n in enumerate(nodes) if n.end > n.start]
    new_index = {old: new for new, old in enumerate(keep)}
    out = []
    for i in keep:
        n = nodes[i]
        p = n.parent
        while p is not None and p not in new_index:
            p = nodes[p].parent
        n.parent = new_index.get(p) if p is not None else None
        out.append(n)
    return out


def _starts_closing(lines: list[tuple[int, str]], i: int) -> bool:
    """Does line i begin the closing block (attachment list, signature and date, 抄送, 印发)?"""
    line = lines[i][1].strip()
    if _CLOSING_START.match(line) or _ISSUED.match(line):
        return True
    # A signature: a short line without punctuation followed by a date-only line.
    if len(line) <= 30 and not re.search(r"[。，；：]", line):
        for _, nxt in lines[i + 1:]:
            if nxt.strip():
                return bool(_DATE_LINE.match(nxt.strip()))
    return bool(_DATE_LINE.match(line))


def clause_at(nodes: list[Clause], start: int, end: int) -> Clause | None:
    """The deepest node whose span contains [start, end)."""
    best = None
    for n in nodes:
        if n.kind == "table":
            continue
        if n.start <= start and end <= n.end and (best is None or n.depth >= best.depth):
            best = n
    return best


def related(nodes: list[Clause], a: str, b: str) -> bool:
    """Is clause path `a` equal to, an ancestor of, or a descendant of `b` in this tree?"""
    if a == b:
        return True

    def ancestors(path: str) -> set[str]:
        out = set()
        for n in nodes:
            if n.path == path:
                p = n.parent
                while p is not None:
                    out.add(nodes[p].path)
                    p = nodes[p].parent
        return out

    return a in ancestors(b) or b in ancestors(a)


def locate_in_text(text: str, quote: str, nodes: list[Clause] | None = None) -> str | None:
    """Path of the deepest clause containing the first occurrence of `quote` in `text`."""
    if not quote:
        return None
    at = text.find(quote)
    if at < 0:
        return None
    node = clause_at(nodes if nodes is not None else parse_clauses(text), at, at + len(quote))
    return node.path if node else None


def locate(document_id: str, quote: str, ctx=None) -> str | None:
    """Clause path of a verbatim quote of a knowledge-base document, or None.

    `ctx` (a store Context or a database URL) is needed only for documents added at run
    time; the five bundled regulations are read from the package.
    """
    from .documents import get_document_text, parsed

    text = get_document_text(ctx, document_id, missing_ok=True)
    if text is None:
        return None
    return locate_in_text(text, quote, parsed(text))


def verify_quote(document_id: str, quote: str, ctx=None) -> bool:
    """True when `quote` is a non-empty verbatim span of the document's text."""
    from .documents import get_document_text

    text = get_document_text(ctx, document_id, missing_ok=True)
    return bool(quote) and text is not None and quote in text
