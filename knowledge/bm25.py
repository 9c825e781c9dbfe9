"""BM25 over character unigrams and bigrams (pure; numpy only).

Chinese has no spaces, and users paraphrase: character bigrams catch the words a
question shares with a clause ("走访", "提案") without a segmenter's mistakes, and
unigrams catch the rest. Scores are computed from per-term posting arrays (a sparse
column-per-term matrix), so a query costs a few vector additions.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

K1 = 1.2
B = 0.75

_TOKEN_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+|[a-z0-9]+")
# Question words carry no topic: dropped from queries (not from documents).
QUESTION_WORDS = ("请问", "什么", "多少", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "是否", "有没有",
                  "是不是", "能不能", "可不可以", "吗", "呢", "吧", "啊", "我们", "我", "你", "一下", "规定")


def terms(text: str) -> list[str]:
    """Character unigrams and bigrams of each run of Chinese characters or latin/digits."""
    out: list[str] = []
    for run in _TOKEN_RUN.findall(text.lower()):
        if run.isascii():
            out.append(run)  # a number or a latin word is one unigram
            continue
        out.extend(run)
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def query_terms(question: str) -> list[str]:
    q = question
    for w in QUESTION_WORDS:
        q = q.replace(w, " ")
    return terms(q)


class Bm25Index:
    def __init__(self, texts: list[str]):
        self.n = len(texts)
        docs = [Counter(terms(t)) for t in texts]
        lengths = np.array([sum(c.values()) for c in docs], dtype=np.float64)
        avg = lengths.mean() if self.n else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, counts in enumerate(docs):
            for term, tf in counts.items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf)
        self.idf: dict[str, float] = {}
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        norm = K1 * (1 - B + B * lengths / (avg or 1.0))
        for term, (ids, tfs) in postings.items():
            df = len(ids)
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            ids_a = np.array(ids, dtype=np.int32)
            tf_a = np.array(tfs, dtype=np.float64)
            self.idf[term] = idf
            self.postings[term] = (ids_a, idf * tf_a * (K1 + 1) / (tf_a + norm[ids_a]))
        self.max_idf = math.log(1 + (self.n + 0.5) / 0.5)

    def scores(self, qterms: list[str]) -> np.ndarray:
        s = np.zeros(self.n)
        for term in set(qterms):
            hit = self.postings.get(term)
            if hit is not None:
                s[hit[0]] += hit[1]
        return s

    def coverage(self, qterms: list[str], doc_terms: set[str]) -> float:
        """Share of the query's bigram weight (idf) that the given document contains.

        A question the corpus does not address shares only common characters with its best
        chunk; this share is what the "not covered" threshold is calibrated on.
        """
        grams = {t for t in qterms if len(t) == 2}
        if not grams:
            grams = set(qterms)
        total = sum(self.idf.get(t, self.max_idf) for t in grams)
        if not total:
            return 0.0
        return sum(self.idf.get(t, 0.0) for t in grams if t in doc_terms) / total
