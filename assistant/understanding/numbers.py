"""Chinese and Arabic numerals as they occur in chat: 5, ５, 五, 十五, 两, 二十多, 十几."""
from __future__ import annotations

import re

import cn2an

DIGITS = "零〇一二两三四五六七八九"
CN_NUMBER = f"[{DIGITS}十百千]+"
NUMBER = rf"(?:\d+|{CN_NUMBER})"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def to_ascii_digits(text: str) -> str:
    return text.translate(_FULLWIDTH)


def to_int(word: str) -> int | None:
    """'12' → 12, '十二' → 12, '两' → 2, '二零二六' → 2026; None when it is not a number."""
    word = word.strip()
    if not word:
        return None
    if word.isdigit():
        return int(word)
    if word[0] in "百千":  # 百余名 = 一百余名
        word = "一" + word
    m = re.fullmatch("([一二两三四五六七八九])[一二三四五六七八九](十|百)", word)
    if m:  # 三四十个 = thirty or forty: the smaller
        return to_int(m.group(1) + m.group(2))
    m = re.fullmatch("((?:[一二两三四五六七八九])?十)([一二三四五六七八])[二三四五六七八九]", word)
    if m:  # 十五六个 = fifteen or sixteen: the smaller
        return to_int(m.group(1) + m.group(2))
    if re.fullmatch("[一二两三四五六七八九]{2}", word) and word[0] != word[1]:
        return to_int(word[0])  # 五六个 = five or six: the smaller, as 十几 is 10
    if re.fullmatch(f"[{DIGITS}]{{2,}}", word):  # digit by digit, as years are read: 二〇二六
        return int("".join(str("零一二三四五六七八九".index(c)) if c in "零一二三四五六七八九" else
                           ("0" if c == "〇" else "2") for c in word))
    try:
        value = cn2an.cn2an(word.replace("两", "二"), "strict")
    except Exception:  # cn2an raises ValueError and others on anything it does not read
        return None
    return int(value) if float(value).is_integer() else None
