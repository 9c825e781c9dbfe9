"""One jieba tokenizer for understanding, with the roster's names and units as user words.

A private `jieba.Tokenizer` (not the global one) so that roster words never change how other
parts of the product (retrieval) cut text. The main dictionary loads once per process; a
roster's words are added once (jieba.add_word) and remembered.
"""
from __future__ import annotations

import logging
import threading

_lock = threading.RLock()
_tokenizer = None
_pos_tokenizer = None
_added: set[str] = set()


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.ERROR)  # no "Building prefix dict" chatter on stderr
                t = jieba.Tokenizer()
                t.initialize()
                _tokenizer = t
    return _tokenizer


def add_words(words) -> None:
    """Teach the tokenizer these words (roster names, units); each word once per process."""
    new = [w for w in words if w and w not in _added]
    if not new:
        return
    t = tokenizer()
    with _lock:
        for w in new:
            t.add_word(w, freq=max(t.suggest_freq(w, tune=False), 50000))
            _added.add(w)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each token of `text`."""
    return list(tokenizer().tokenize(text, HMM=True))


def word_frequency(word: str) -> int:
    """How common `word` is in jieba's general dictionary (0 when unknown)."""
    return tokenizer().FREQ.get(word, 0) or 0


def _pos():
    """jieba's part-of-speech tagger, loaded on first use only (about a second): most turns
    name their people through the roster or a list word and never need it."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        base = tokenizer()
        with _lock:
            if _pos_tokenizer is None:
                from jieba import posseg  # its import builds jieba's global tagger and tag table

                # Ours wraps our tokenizer and copies that table (a copy: our roster words must not
                # reach the global tagger) instead of reading the dictionary file a second time.
                tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
                tagger.tokenizer = base
                tagger.word_tag_tab = dict(posseg.dt.word_tag_tab)
                _pos_tokenizer = tagger
    return _pos_tokenizer


def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag of `word` (nr = a person's name), if it has one."""
    return _pos().word_tag_tab.get(word)


def person_words(text: str) -> list[tuple[str, int]]:
    """(word, start) for each word jieba's part-of-speech tagger calls a person's name (nr*)."""
    found, pos = [], 0
    for pair in _pos().cut(text, HMM=True):
        if pair.flag.startswith("nr"):
            found.append((pair.word, pos))
        pos += len(pair.word)
    return found
