"""Which of the eight intents a first utterance carries (cues in lexicon/intents.yaml)."""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import alternation, expand, load, standard_i

CJK = re.compile(r"[\u4e00-\u9fff]")
SQL = re.compile(r"(?i)\b(select|insert|update|delete|drop|union|alter|create)\b.*\b(from|into|table|set|where|database)\b|--|;\s*$|/\*")
PUNCT = "，,。.；;！!？?、：:~～…\"“”' \t\n"


@lru_cache(maxsize=1)
def _cues():
    table = []
    for row in load("intents")["intents"]:
        cues = re.compile("|".join(f"(?:{expand(c)})" for c in row["cues"]))
        unless = re.compile("|".join(f"(?:{expand(c)})" for c in row.get("unless", []))) if row.get("unless") else None
        requires = re.compile(row["requires"]) if row.get("requires") else None
        table.append((row["intent"], cues, unless, requires))
    return table, set(load("intents")["small_talk"])


def is_small_talk(text: str) -> bool:
    """Empty, no Chinese at all, SQL-looking, or a greeting/thanks as the whole text."""
    t = text.strip(PUNCT)
    _, small_talk = _cues()
    if not t or not CJK.search(t):
        return True
    if SQL.search(text) and len(CJK.findall(text)) < len(text) / 4:
        return True
    return t in small_talk


def cue_intent(text: str) -> str | None:
    """The first intent (in lexicon order) whose cues match, or None."""
    table, _ = _cues()
    text = standard_i(text)
    for intent, cues, unless, requires in table:
        if cues.search(text) and not (unless and unless.search(text)) and not (requires and not requires.search(text)):
            return intent
    return None


def matches(intent: str, text: str) -> bool:
    table, _ = _cues()
    text = standard_i(text)
    for name, cues, unless, requires in table:
        if name == intent:
            return (bool(cues.search(text)) and not (unless and unless.search(text))
                    and not (requires and not requires.search(text)))
    return False


@lru_cache(maxsize=1)
def _opener() -> re.Pattern:
    lex = load("intents")
    pause = r"[，,。.！!、~～…\s]"
    return re.compile(rf"^(?:(?:{alternation(lex['interjections'])})+{pause}*|(?:{alternation(lex['openers'])}){pause}+|{lex['vocative']})+")


def strip_opener(text: str) -> str:
    """The turn without the words that only open it (嗯，好的 记一条意见… → 记一条意见…)."""
    return _opener().sub("", text) or text


@lru_cache(maxsize=1)
def _asides() -> re.Pattern:
    return re.compile("|".join(f"(?:{a})" for a in load("intents")["asides"]))


def strip_asides(text: str) -> str:
    """The turn without what it says about the assistant (你好 我是装配车间的赵丽 第一次用这个 试试看 …)."""
    return _asides().sub(" ", text).strip() or text


@lru_cache(maxsize=1)
def _forwarded_note() -> re.Pattern:
    return re.compile(load("intents")["forwarded_note"])


def strip_forwarding(text: str) -> str:
    """The note without who passed it on (转一下刘芳发我的：叶青反映… → 叶青反映…)."""
    return _forwarded_note().sub("", text) or text


@lru_cache(maxsize=1)
def _bare_correction() -> re.Pattern:
    return re.compile(load("intents")["bare_correction"])


def is_bare_correction(text: str) -> bool:
    """不是张三是李四 as a whole first turn: a correction of nothing."""
    return bool(_bare_correction().search(text.strip()))
