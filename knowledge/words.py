"""Chinese word boundaries from jieba's general dictionary, without loading it.

`words(text)` cuts text the way `jieba.lcut(text, HMM=False)` does: the most probable
sequence of dictionary words (unigram model, a word's probability its frequency over the
dictionary's total; a character no word starts with stands alone). Loading jieba's
dictionary costs 1–1.5 s per process (half a million entries unmarshalled), which doubled
the cold start of `ask`; a question needs the frequencies of a few hundred of its own
substrings. So the dictionary is copied once per machine into an indexed SQLite file next
to jieba's own cache (the temp directory), and each cut looks up only the question's
substrings. The copy is named after the dictionary file's size and modification time, so
a changed jieba dictionary gets a fresh copy.
"""
from __future__ import annotations

import functools
import math
import os
import re
import sqlite3
import tempfile
import threading
from pathlib import Path

# What jieba cuts as one block (Han characters and latin/digit words); anything else is a token of its own.
_BLOCK = re.compile(r"([\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+)")
_LATIN = re.compile(r"[a-zA-Z0-9]")
_lock = threading.Lock()


def _dictionary_file() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    return Path(spec.origin).parent / "dict.txt"


@functools.lru_cache(maxsize=1)
def _store() -> tuple[str, float, int]:
    """(path of the SQLite copy, log of the dictionary's total frequency, longest word)."""
    source = _dictionary_file()
    st = source.stat()
    path = Path(tempfile.gettempdir()) / f"union-assistant-words-{st.st_size}-{int(st.st_mtime)}.sqlite"
    with _lock:
        if not path.exists():
            _build(source, path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        total, longest = con.execute("SELECT total, longest FROM meta").fetchone()
    finally:
        con.close()
    return str(path), math.log(total), longest


def _build(source: Path, path: Path) -> None:
    """Copy jieba's dict.txt ("word freq tag" lines) into an indexed table, atomically."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
        rows: dict[str, int] = {}
        with open(source, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    rows[parts[0]] = int(parts[1])
        con.executemany("INSERT INTO words VALUES (?, ?)", rows.items())
        con.execute("CREATE TABLE meta (total INTEGER, longest INTEGER)")
        con.execute("INSERT INTO meta VALUES (?, ?)", (sum(rows.values()), max(map(len, rows))))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)  # another process building the same copy at once is harmless


_local = threading.local()


def _frequencies(strings: set[str]) -> dict[str, int]:
    path, _, _ = _store()
    con = getattr(_local, "con", None)
    if con is None:
        con = _local.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    found: dict[str, int] = {}
    items = list(strings)
    for i in range(0, len(items), 900):  # SQLite's limit on bound parameters
        chunk = items[i:i + 900]
        found.update(con.execute(f"SELECT word, freq FROM words WHERE freq > 0 AND word IN "
                                 f"({','.join('?' * len(chunk))})", chunk).fetchall())
    return found


def _cut_block(block: str) -> list[str]:
    """The most probable cut of one block into dictionary words (latin/digit runs kept whole)."""
    _, log_total, longest = _store()
    n = len(block)
    freq = _frequencies({block[i:j] for i in range(n) for j in range(i + 1, min(n, i + longest) + 1)})
    # best[i]: (log probability of the best cut of block[i:], end of its first word); a longer
    # first word wins a tie, as in jieba.
    best: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        ends = [j for j in range(i + 1, min(n, i + longest) + 1) if block[i:j] in freq] or [i + 1]
        best[i] = max((math.log(freq.get(block[i:j], 1)) - log_total + best[j][0], j - 1) for j in ends)
        best[i] = (best[i][0], best[i][1] + 1)
    out: list[str] = []
    latin = ""
    i = 0
    while i < n:
        j = best[i][1]
        piece = block[i:j]
        if len(piece) == 1 and _LATIN.match(piece):
            latin += piece
        else:
            if latin:
                out.append(latin)
                latin = ""
            out.append(piece)
        i = j
    if latin:
        out.append(latin)
    return out


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in _BLOCK.split(text):
        if not piece:
            continue
        if _BLOCK.fullmatch(piece):
            out += _cut_block(piece)
        else:
            out += list(piece)
    return tuple(out)


def words(text: str) -> list[str]:
    """`text` cut into jieba's dictionary words (as jieba.lcut(text, HMM=False))."""
    return list(_words(text))
