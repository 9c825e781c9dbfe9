"""jieba tokenizers for understanding: one per roster, with that roster's names and units as words.

Private `jieba.Tokenizer`s (never the global one), so that roster words do not change how other
parts of the product (retrieval) cut text, and so that two rosters in one process (tests, the page
after a roster import) never see each other's names. jieba's main dictionary loads once per
process (the base tokenizer); a roster's tokenizer reads it through an overlay that holds only
that roster's words, so building one costs a few milliseconds and no copy of the dictionary.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict

_lock = threading.RLock()
_base = None
_word_tags: dict | None = None
_per_roster: OrderedDict[tuple, "RosterTokenizer"] = OrderedDict()
MAX_ROSTERS = 8  # tokenizers kept (least recently used dropped): a process serves one roster at a time


class _Overlay(dict):
    """The base dictionary's word frequencies plus a roster's words (which take precedence)."""

    def __init__(self, base: dict):
        super().__init__()
        self.base = base

    def __missing__(self, word):
        return self.base[word]

    def __contains__(self, word) -> bool:
        return dict.__contains__(self, word) or word in self.base

    def get(self, word, default=None):
        if dict.__contains__(self, word):
            return dict.__getitem__(self, word)
        return self.base.get(word, default)


def tokenizer():
    """The base tokenizer: jieba's general dictionary, no roster words."""
    global _base
    if _base is None:
        with _lock:
            if _base is None:
                import jieba

                jieba.setLogLevel(logging.ERROR)  # no "Building prefix dict" chatter on stderr
                t = jieba.Tokenizer()
                t.initialize()
                _base = t
    return _base


def _tag_table() -> dict:
    """jieba's part-of-speech table (word → tag), loaded on first use only (about a second)."""
    global _word_tags
    if _word_tags is None:
        with _lock:
            if _word_tags is None:
                from jieba import posseg  # its import builds jieba's global tagger and tag table

                _word_tags = dict(posseg.dt.word_tag_tab)  # a copy: nothing of ours reaches the global one
    return _word_tags


class RosterTokenizer:
    """A tokenizer that knows one roster's words (names, units) on top of the general dictionary."""

    def __init__(self, words):
        import jieba

        base = tokenizer()
        t = jieba.Tokenizer(base.dictionary)
        t.FREQ = _Overlay(base.FREQ)
        t.total = base.total
        t.initialized = True
        for w in dict.fromkeys(words):
            if w:
                t.add_word(w, freq=max(base.suggest_freq(w, tune=False), 50000))
        self.jieba = t
        self._pos = None

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for each token of `text`."""
        return list(self.jieba.tokenize(text, HMM=True))

    def person_words(self, text: str) -> list[tuple[str, int]]:
        """(word, start) for each word jieba's part-of-speech tagger calls a person's name (nr*)."""
        if self._pos is None:
            from jieba import posseg

            tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
            tagger.tokenizer = self.jieba
            tagger.word_tag_tab = _tag_table()
            self._pos = tagger
        found, pos = [], 0
        for pair in self._pos.cut(text, HMM=True):
            if pair.flag.startswith("nr"):
                found.append((pair.word, pos))
            pos += len(pair.word)
        return found


def for_words(words) -> RosterTokenizer:
    """The tokenizer for a roster's words (cached by their content: equal rosters share one)."""
    key = tuple(sorted(set(w for w in words if w)))
    with _lock:
        found = _per_roster.get(key)
        if found is not None:
            _per_roster.move_to_end(key)
            return found
    made = RosterTokenizer(key)
    with _lock:
        _per_roster[key] = made
        while len(_per_roster) > MAX_ROSTERS:
            _per_roster.popitem(last=False)
    return made


def word_frequency(word: str) -> int:
    """How common `word` is in jieba's general dictionary (0 when unknown; roster words never count)."""
    return tokenizer().FREQ.get(word, 0) or 0


def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag of `word` (nr = a person's name), if it has one."""
    return _tag_table().get(word)
