"""Does the knowledge base cover a question? Judged on the question's content terms.

A question is cut into words at jieba's dictionary boundaries (adjacent words joined where
the corpus uses the join as a phrase), split into the words it shares with the regulations
and the stretches the corpus never uses. Generic words (knowledge/generic_words.yaml:
question words, fillers, spoken fillers, 材料/工作/要求 …) are dropped. What
is left are the content terms: a term the corpus uses weighs its rarest bigram's idf over
the chunks; a term of two or more characters the corpus never uses (工伤认定, 年假, 会费)
weighs UNKNOWN_WEIGHT of the most an idf can (per word it holds), and no chunk can cover it. A chunk's coverage of the question
is the share of this weight it holds (a term counts by the idf-weighted share of its bigrams
the chunk contains). A single character the corpus does not join to its neighbours (交, 休)
carries no weight: alone it names no topic.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .words import words

_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+|[a-z0-9]+")
MAX_JOIN = 4       # at most this many dictionary words joined into one corpus phrase
# A word the corpus never uses weighs this share of the largest idf (per word it holds). At 1.0 a
# colloquial verb (使劲, 办完, 呆够) weighed as much as the rarest word of the regulations and
# sank covered questions. Calibrated with MIN_CONTENT on the dev questions (qa_dev + qa_extra_dev,
# 157 covered, 52 not): 0.8 keeps 2 more covered questions for the same not-found accuracy
# (hit@3 0.955 → 0.968, not-found 0.923 both); 0.6 and below lose not-found accuracy.
UNKNOWN_WEIGHT = 0.8
PARTICLES = frozenset("的吗呢吧啊呀")
RESULT_COMPLEMENTS = frozenset("成完好够满齐掉")


@functools.lru_cache(maxsize=1)
def generic_words() -> tuple[str, ...]:
    """All generic words, longest first (so 怎么样 goes before 怎么)."""
    data = yaml.safe_load((Path(__file__).resolve().parent / "generic_words.yaml").read_text(encoding="utf-8"))
    words = {w for group in data.values() for w in group}
    return tuple(sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def generic_chars() -> frozenset[str]:
    """The one-character generic words (的, 要, 几 …)."""
    return frozenset(w for w in generic_words() if len(w) == 1)


@dataclass(frozen=True)
class Term:
    text: str
    weight: float
    known: bool        # used somewhere in the corpus
    bigrams: tuple[tuple[str, float], ...]  # (bigram, idf) inside a known term


class TermIndex:
    """Which chunk texts contain a string, answered from the BM25 postings of its bigrams."""

    def __init__(self, bm25, texts: list[str]):
        self.bm25 = bm25
        self.texts = texts
        self._seen: dict[str, bool] = {}  # per index: strings already looked up
        self._recurring: dict[str, bool] = {}

    def in_corpus(self, s: str) -> bool:
        """Does some chunk contain `s` (two or more characters)?"""
        found = self._seen.get(s)
        if found is None:
            if len(self._seen) > 100_000:  # a long-running server: keep the memo bounded
                self._seen.clear()
            found = self._seen[s] = self._lookup(s)
        return found

    def recurs(self, s: str) -> bool:
        """Do two or more chunks contain `s` (a string the corpus uses)?"""
        found = self._recurring.get(s)
        if found is None:
            if len(self._recurring) > 100_000:
                self._recurring.clear()
            found = self._recurring[s] = len(self._rows_with(s)) >= 2
        return found

    def _rows_with(self, s: str) -> list[int]:
        """The chunks containing `s`, a string the corpus uses (found via its rarest bigram's postings)."""
        grams = [s[i:i + 2] for i in range(len(s) - 1)]
        rarest = max(grams, key=self.bm25.idf.__getitem__)
        j = self.bm25.vocab[rarest]
        rows = self.bm25.indices[self.bm25.indptr[j]:self.bm25.indptr[j + 1]]
        return [i for i in rows.tolist() if s in self.texts[i]]

    def _lookup(self, s: str) -> bool:
        grams = [s[i:i + 2] for i in range(len(s) - 1)]
        if any(g not in self.bm25.vocab for g in grams):
            return False
        if len(s) == 2:
            return True
        rarest = max(grams, key=self.bm25.idf.__getitem__)  # the bigram in the fewest chunks
        j = self.bm25.vocab[rarest]
        rows = self.bm25.indices[self.bm25.indptr[j]:self.bm25.indptr[j + 1]]
        return any(s in self.texts[i] for i in rows.tolist())

    def _drop_generic(self, run: str) -> list[str]:
        """The run with generic words removed, unless a generic word is part of a longer corpus word."""
        keep = [True] * len(run)
        for w in generic_words():
            if len(w) < 2:
                continue  # single characters are trimmed off the edges of terms (see terms)
            for m in re.finditer(re.escape(w), run):
                s, e = m.start(), m.end()
                if not all(keep[s:e]):
                    continue
                if (s > 0 and keep[s - 1] and self.in_corpus(run[s - 1:e])) or \
                        (e < len(run) and keep[e] and self.in_corpus(run[s:e + 1])):
                    continue
                keep[s:e] = [False] * (e - s)
        parts, cur = [], ""
        for ch, k in zip(run, keep):
            if k:
                cur += ch
            elif cur:
                parts.append(cur)
                cur = ""
        if cur:
            parts.append(cur)
        return parts

    def terms(self, question: str) -> list[Term]:
        out: list[Term] = []
        idf, top = self.bm25.idf, self.bm25.max_idf
        for run in _RUN.findall(question.lower()):
            if run.isascii():
                out.append(Term(run, idf.get(run, top), run in idf, ((run, idf.get(run, top)),)))
                continue
            for part in self._drop_generic(run):
                unknown: list[str] = []  # consecutive words the corpus never uses
                for piece in self._segment(part):
                    if len(piece) < 2 or not self.in_corpus(piece):
                        unknown.append(piece)
                        continue
                    out += self._unknown(unknown)
                    unknown = []
                    word = self._trim(piece)
                    if len(word) >= 2:
                        grams = tuple((word[k:k + 2], idf[word[k:k + 2]]) for k in range(len(word) - 1))
                        out.append(Term(word, max(g[1] for g in grams), True, grams))
                out += self._unknown(unknown)
        # A word said twice (会员调走了，会员关系…) names one topic: counted once.
        return list({t.text: t for t in out}.values())

    def _segment(self, part: str) -> list[str]:
        """`part` cut into words: jieba's words (general dictionary, no guessing), adjacent
        ones joined into a phrase of the corpus, leaving as few characters orphaned as
        possible, then using as few pieces as possible.

        Cutting only between dictionary words keeps terms from straddling two words: a
        corpus-only cut once made 服务职工做得好 into 服务 + 职工做 and 车间工会主席每年干
        into 车间工会主 + 席每 + 年干, terms no chunk about the question holds. Words of two
        or more characters join wherever the corpus has the join (工会 + 活动), and so do
        single characters (四比四看, 六必清); a word joined to a single character must recur
        (two or more chunks use it), so that one chance adjacency (职工 + 提) is no phrase.
        A dictionary word the corpus never uses but whose parts it does (取消资格 = 取消 +
        资格) is cut into them. (Greedy longest match once let an added document holding
        职工代表每季度 re-cut 职工代表每月 into 职工代表每 + 月.)
        """
        units: list[str] = []
        for w in words(part):
            units += self._corpus_words(w) if len(w) >= 3 and not self.in_corpus(w) else [w]
        n, generic = len(units), generic_chars()
        # best[j] for units[:j]: (orphans, pieces, -sum of squared lengths, start). A generic
        # character (的, 是, 要 …) standing alone is no orphan; among equals, longer words win.
        best: list[tuple[int, int, int, int] | None] = [None] * (n + 1)
        best[0] = (0, 0, 0, 0)
        for j in range(1, n + 1):
            for i in range(max(0, j - MAX_JOIN), j):
                if best[i] is None:
                    continue
                piece = "".join(units[i:j])
                mixed = len({len(u) == 1 for u in units[i:j]}) > 1
                if j - i >= 2 and not (self.in_corpus(piece) and (not mixed or self.recurs(piece))):
                    continue
                known = len(piece) >= 2 and self.in_corpus(piece)
                orphan = 0 if known or piece in generic else len(piece)
                orphans, pieces, squares, _ = best[i]
                cand = (orphans + orphan, pieces + 1, squares - len(piece) ** 2, i)
                if best[j] is None or cand[:3] < best[j][:3]:
                    best[j] = cand
        pieces, j = [], n
        while j > 0:
            i = best[j][3]
            pieces.append("".join(units[i:j]))
            j = i
        return pieces[::-1]

    def _corpus_words(self, word: str) -> list[str]:
        """`word` cut into strings the corpus uses and single characters, fewest single
        characters first, then fewest pieces."""
        n = len(word)
        best: list[tuple[int, int, int] | None] = [None] * (n + 1)
        best[0] = (0, 0, 0)
        for j in range(1, n + 1):
            for i in range(j):
                if best[i] is None or (j - i >= 2 and not self.in_corpus(word[i:j])):
                    continue
                cand = (best[i][0] + (j - i == 1), best[i][1] + 1, i)
                if best[j] is None or cand[:2] < best[j][:2]:
                    best[j] = cand
        pieces, j = [], n
        while j > 0:
            i = best[j][2]
            pieces.append(word[i:j])
            j = i
        return pieces[::-1]

    @staticmethod
    def _trim(word: str) -> str:
        """A corpus word without one-character generic words glued to its edges (次职工代表 → 职工代表),
        as long as two characters are left (就餐, 单位 stay), except particles, which no
        content word of a question starts or ends with (好的 → 好)."""
        chars = generic_chars()
        while word and word[0] in chars and (len(word) > 2 or word[0] in PARTICLES):
            word = word[1:]
        while word and word[-1] in chars and (len(word) > 2 or word[-1] in PARTICLES):
            word = word[:-1]
        return word

    def _unknown(self, stretch: list[str]) -> list[Term]:
        """Consecutive words the corpus never uses, less the one-character generic words: each piece
        of two or more characters is a term no chunk covers (要开 → 开: too short to name a topic).
        A piece weighs the most an idf can per word of two or more characters it holds (人家 +
        硬 + 塞 + 点 + 土特产: two), at least once."""
        # A verb with a result complement the corpus never uses (办成, 呆够, 干满) says no more than
        # its verb, and one character names no topic.
        stretch = [w for w in stretch if not (len(w) == 2 and w[1] in RESULT_COMPLEMENTS)]
        text = "".join(stretch)
        pieces = re.split("[" + "".join(generic_chars()) + "]", text) if text else []
        return [Term(p, UNKNOWN_WEIGHT * self.bm25.max_idf * max(1, sum(len(w) >= 2 for w in words(p))), False, ())
                for p in pieces if len(p) >= 2 and not (len(p) == 2 and p[1] in RESULT_COMPLEMENTS)]


def coverage(terms: list[Term], chunk_terms: set[str]) -> float:
    """Share of the content terms' weight that a chunk (its set of unigrams/bigrams) holds."""
    total = sum(t.weight for t in terms)
    if not total:
        return 0.0
    held = 0.0
    for t in terms:
        if t.known:
            gw = sum(w for _, w in t.bigrams)
            held += t.weight * sum(w for g, w in t.bigrams if g in chunk_terms) / gw if gw else 0.0
    return held / total
