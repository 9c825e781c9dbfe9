"""The lexicons under lexicon/*.yaml, loaded once per process."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).with_name("lexicon")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed YAML file lexicon/<name>.yaml."""
    return yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def longest_first(words) -> list[str]:
    """Alternatives for a regex: longer words first so 大前天 wins over 前天."""
    return sorted(set(words), key=len, reverse=True)


@lru_cache(maxsize=None)
def _alternation(words: tuple) -> str:
    return "|".join(re.escape(w) for w in longest_first(words))


def alternation(words) -> str:
    """A regex alternation of `words`, longest first, escaped (cached: lexicons do not change)."""
    return _alternation(tuple(words))


def standard_i(text: str) -> str:
    """俺 (the dialect's I) read as 我, so no cue, frame or request pattern has to say both."""
    return text.replace("俺", "我")


@lru_cache(maxsize=None)
def _words_of(table: str) -> str:
    return alternation(w for words in load("status")[table].values() for w in words)


@lru_cache(maxsize=None)
def _period_words() -> str:
    return alternation(w for row in load("periods")["periods"] for w in row["words"])


def expand(pattern: str) -> str:
    """A lexicon pattern with {status_words} / {satisfaction_words} filled in from status.yaml and
    {period_words} from periods.yaml, so a new status or period word is one line in one file."""
    return (pattern.replace("{status_words}", _words_of("statuses"))
            .replace("{satisfaction_words}", _words_of("satisfaction"))
            .replace("{period_words}", _period_words()))
