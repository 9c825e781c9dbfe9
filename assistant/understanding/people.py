"""People named in a chat turn, matched against the roster.

- A rostered name found by the tokenizer (roster names are its user words) is that person.
- 老张 / 小李 / 张师傅 / 张姐 … is the one rostered person with that surname, if exactly one.
- A name held by rostered people in several units is ambiguous unless one of those units is said.
- A 姓+名 word in a list of people ("走访了X、Y", "和X座谈") that is not on the roster is an
  unknown person: kept as said, never replaced by a guess.
The speaker is never one of the people.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import tokenizer
from .lexicon import alternation, load
from .roster import Roster, RosterEntry, surname_of
from .roster import units_said as units_of

CJK = r"\u4e00-\u9fff"
NOT_IN_NAMES = set("们的了和在是人说讲聊谈问找看打家去到来我你他她这那个些都也就还又把被给跟与及同等吗呢吧啊年月日号天周仨俩")


@dataclass
class PeopleFinding:
    people: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)


def describe(entry: RosterEntry) -> str:
    return f"{entry.name}（{entry.unit}）" if entry.unit else entry.name


def _alt(words) -> str:
    return alternation(words)


@lru_cache(maxsize=1)
def _lexicon():
    lex = load("people")
    surnames = set(lex["surnames"]) | set()
    compound = list(lex["compound_surnames"])
    surname_re = f"(?:{_alt(compound)}|[{''.join(sorted(surnames))}])"
    nickname = re.compile(rf"(?P<pre>{_alt(lex['nickname_prefixes'])})(?P<s1>{surname_re})(?![员们板乡伴总头子婆公爷太年区组孩伙傅])")
    plain_surname_re = f"(?:{_alt(compound)}|[{''.join(sorted(surnames - set(lex['not_name_starts'])))}])"
    titled = re.compile(
        rf"(?P<s2>{plain_surname_re})(?P<suf>{_alt(lex['nickname_suffixes'])})"
        rf"|(?<![老小大])(?P<s3>{_alt(compound)})(?=$|[聊说讲谈提、和跟与，,。；\s等家也都打通发见]|反映)"  # 欧阳 alone
        # 高工, 常师傅: a surname that also starts everyday words, only where a name may end (not 高工资)
        rf"|(?P<s4>[{''.join(sorted(surnames & set(lex['not_name_starts'])))}])(?P<suf4>{_alt(lex['nickname_suffixes'])})"
        rf"(?=$|{_alt(lex['name_followers'])})"
    )
    starts = set(lex["not_name_starts"])
    # A name may be followed by the words of a conversation too (和王五边走边聊, 跟王五聊了几句).
    followers = lex["name_followers"] + load("forms")["conversation"]["words"]
    unknown = re.compile(
        rf"(?:^|[、，,。；;\s：:]|(?:{_alt(lex['list_openers'] + lex['titles'] + lex['separators'] + lex['time_openers'])})了?)"
        rf"(?P<name>(?:{_alt(compound)}|[{''.join(sorted(surnames - starts))}])[{CJK}]{{1,2}}?)"
        rf"(?=$|{_alt(followers)})"
    )
    return lex, nickname, titled, unknown, set(lex["not_names"])


@lru_cache(maxsize=1)
def _conversation() -> re.Pattern:
    return re.compile(_alt(load("forms")["conversation"]["words"]))


@lru_cache(maxsize=8)
def _given_name_pattern(given: tuple[str, ...]) -> re.Pattern:
    lex = load("people")
    return re.compile(
        rf"(?:^|[、，,。；;\s]|(?:{_alt(lex['list_openers'] + lex['separators'])})了?)"
        rf"(?P<name>{_alt(given)})(?=$|{_alt(lex['name_followers'] + lex['nickname_suffixes'])})"  # 海燕姐, 文华主任
    )


@lru_cache(maxsize=1)
def _surname_start() -> re.Pattern:
    lex = load("people")
    singles = "".join(sorted(set(lex["surnames"]) - set(lex["not_name_starts"])))
    return re.compile(rf"(?:{_alt(lex['compound_surnames'])}|[{singles}])")


def _is_plausible_name(word: str, not_names: set[str]) -> bool:
    if word in not_names or any(c in NOT_IN_NAMES for c in word[1:]):
        return False
    if word[:2] in not_names and word[2:] in ("下", "一", "了"):  # 付议下: a word and its particle
        return False
    return tokenizer.word_frequency(word) < 200 or (tokenizer.word_tag(word) or "").startswith("nr")


def _starts_form(text: str, i: int) -> bool:
    from .fields import _form_patterns

    table, conversation, _ = _form_patterns()
    return any(p.match(text, i) for _, p in table) or conversation.match(text, i) is not None


_COUNT_AFTER = re.compile(r"[两二三四五六七八九十几\d]+(?:个人|个|人|位|名)")  # 王小五三人: 王小五 and three people


def _name_end(text: str, a: int, b: int, blocked: set[int], not_names: set[str]) -> int:
    """Where the name said at text[a:b] ends: b, or b + 1 when text[a:b] is a surname and one
    character and the character after it still belongs to the name because a list separator or
    a speech verb follows it (王小五和…, 高明亮、…: not 王小 or a rostered 高明)."""
    lex = load("people")
    if b - a - len(surname_of(text[a:b])) != 1 or b >= len(text) or b in blocked:
        return b
    c, rest = text[b], text[b + 1:]
    numerals = "两三四五六七八九十几"
    followers = tuple(f for f in lex["name_followers"] + lex["name_ends"] if f[0] not in numerals)
    if (not re.match(f"[{CJK}]", c) or c in NOT_IN_NAMES or c in lex["name_end_not_chars"]
            or text[b:].startswith(followers)
            or (rest and not rest.startswith(tuple(lex["name_ends"])) and not _COUNT_AFTER.match(rest)
                and not _starts_form(text, b + 1))):
        return b
    if (tokenizer.word_tag(c) or "") in lex["name_end_not_tags"] or not _is_plausible_name(text[a:b + 1], not_names):
        return b
    if _starts_form(text, b):
        return b  # 张三坐谈: the words of the contact, not of the name
    if rest and c + rest[0] in "一二三四五六七八九十":
        return b  # 张伟三四个人: 三四 is a number (three or four), not part of the name
    return b + 1


@lru_cache(maxsize=1)
def _unit_link() -> re.Pattern:
    lex = load("people")
    return re.compile(rf"(?:里|那边|这边)?的?(?:那个|那位|这个|这位)?(?:{_alt(lex['titles'])})?")


def _unit_of(text: str, pos: int, unit: str, a: int, b: int) -> bool:
    """The unit said at `pos` is the unit of the person named at text[a:b]: said right before the
    name (装配车间的李娜, 装配车间职工李娜) or in brackets after it (李娜（装配车间）) — not a place
    said elsewhere in the sentence (去动力车间看了看李娜 leaves the namesakes to ask about)."""
    if pos < a:
        return _unit_link().fullmatch(text[pos + len(unit):a]) is not None
    return text[b:b + 1] in "（(" and pos == b + 1


# A unit said right after a name, as who the person is (王芳 后勤的那个 / 李娜，装配的 / 李娜 她是我们装配的):
# said whole or by its first two characters (roster.units_said).
_UNIT_AFTER = re.compile(r"(?:[\s，,]+(?:她|他)?是?|是)(?:我们|咱们|咱)?(?P<u>[\u4e00-\u9fff]{2,6}?)(?:里|那边)?(?:的那个|的那位|那个|那位|的)(?=$|[\s，,。；])")


def names_lead(prefix: str, units) -> bool:
    """`prefix` is only what may stand before a list of names: nothing, a title (职工代表), or a unit
    and a title (动力车间职工, 装配车间的)."""
    prefix = prefix.strip()
    link = _unit_link()
    return link.fullmatch(prefix) is not None or any(
        prefix.startswith(u) and link.fullmatch(prefix[len(u):]) is not None for u in units)


def find_people(text: str, speaker: str, roster: Roster, *, detect_unknown: bool = True) -> PeopleFinding:
    lex, nickname_re, titled_re, unknown_re, not_names = _lexicon()
    surname_start = _surname_start()
    followers = tuple(lex["name_followers"])
    words_of = roster.tokenizer()
    found: list[tuple[int, int, str]] = []  # (start, end, kind)
    taken = [False] * (len(text) + 1)

    def take(a: int, b: int, kind: str) -> None:
        if any(taken[a:b]):
            return
        for i in range(a, b):
            taken[i] = True
        found.append((a, b, kind))

    units_said: list[tuple[int, str]] = []
    inside_word: set[int] = set()  # positions that are not the first character of a token
    words = words_of.tokens(text)
    rostered: list[tuple[int, int]] = []
    token_start: dict[int, int] = {}  # position → where the token holding it starts
    for word, a, b in words:
        inside_word.update(range(a + 1, b))
        token_start.update((i, a) for i in range(a, b))
        if word in roster.by_name:
            rostered.append((a, b))
        elif word in roster.units:
            units_said.append((a, word))
    roster_starts = {a for a, _ in rostered}
    for a, b in rostered:
        end = _name_end(text, a, b, roster_starts, not_names)
        take(a, end, "roster" if end == b else "unknown")  # 高明亮: not the rostered 高明
    # 张师傅 before unknown names (else 张师傅 would look like a full name), 老张 after them
    # (else 王小明 would hold a 小明). A nickname starts a word: 司工 in 公司工会 is none.
    for m in titled_re.finditer(text):
        compound = m.group('s3') or (m.group('s2') and len(m.group('s2')) == 2)  # 跟上官师傅: jieba's 跟上
        if m.group(0) not in not_names and (compound or m.start() not in inside_word):
            take(m.start(), m.end(), "nickname")
    if detect_unknown:
        # Known names masked as list separators, so 张三李四王五 still opens a list before 王五.
        masked = "".join("、" if taken[i] else c for i, c in enumerate(text))
        talk = [m.span() for m in _conversation().finditer(text)]  # 边吃边聊, 说了几句: never a name
        for m in unknown_re.finditer(masked):
            a = m.start("name")
            name = masked[a:_name_end(masked, a, m.end("name"), set(), not_names)]
            if any(x < a + len(name) and a < y for x, y in talk):
                continue
            if _is_plausible_name(name, not_names) and not any(u in text[a:a + 4] for u in roster.units):
                take(a, a + len(name), "unknown")
        # Names jieba's tagger recognises where no list word introduces them (新来的小伙子陈浩).
        # The tagger's HMM is the slowest step of a turn (and its model loads on first use): only
        # when nothing else named anyone and some word could be a name at all.
        # The tagger reads a window of a few characters around each word that could be a name.
        windows: list[list[int]] = []
        for w, a, b in words:
            if (2 <= len(w) <= 4 and surname_start.match(w) and w not in not_names and w not in roster.by_name
                    and not any(c in NOT_IN_NAMES for c in w[1:])):
                lo, hi = max(0, a - 8), min(len(text), b + 8)
                if windows and lo <= windows[-1][1]:
                    windows[-1][1] = hi
                else:
                    windows.append([lo, hi])
        tagged = [] if found or len(text) > 200 else [
            (word, lo + a) for lo, hi in windows for word, a in words_of.person_words(text[lo:hi])
        ]
        for word, a in tagged:
            after = text[a + len(word):]
            if word in lex["compound_surnames"] or text[a - 1:a] in lex["nickname_prefixes"]:
                continue  # 老司马 is a nickname, read below
            if (2 <= len(word) <= 4 and surname_start.match(word) and _is_plausible_name(word, not_names)
                    and word not in roster.by_name and (not after or after.startswith(followers))):
                take(a, _name_end(text, a, a + len(word), set(), not_names), "unknown")
    for m in nickname_re.finditer(text):
        if m.group(0) not in not_names:
            take(m.start(), m.end(), "nickname")
    # 芳姐 / 强哥: the last character of a given name and 姐/哥, said as a name (芳姐提的…)
    for m in re.finditer(r"(?P<g>[\u4e00-\u9fff])(?:姐|哥)(?=提|说|反映|讲|的|和|跟|与|还有|聊|唠|谈|一起|一块|吃|喝|见|碰|微信|电话|在|也|都|托|让|叫|打|发|那|、|，|,|\s|$)", text):
        if any(e.name[-1] == m.group("g") and len(e.name) >= 2 for e in roster.entries):
            take(m.start(), m.end(), "endearing")
    # A given name alone (和海燕聊了聊, 文华说…) in a list position: the one rostered person with it.
    given = roster.given_names
    if given:
        given_re = _given_name_pattern(tuple(sorted(given)))
        for m in given_re.finditer(text):
            a, b = m.start("name"), m.end("name")
            glued = token_start.get(a) == m.start()  # 和志强 cut as one word: the opener and the name
            if (a not in inside_word or glued) and given[m.group("name")].name != speaker:
                take(a, b, "given")

    result = PeopleFinding()
    settled: set[str] = set()  # namesakes whose unit was said
    for a, b, kind in sorted(found):
        said = text[a:b]
        if kind == "roster":
            entries = [e for e in roster.named(said) if not (e.name == speaker and len(roster.named(said)) == 1)]
            if not entries:
                continue  # the speaker
            if len(entries) > 1:
                named_units = {u for pos, u in units_said if _unit_of(text, pos, u, a, b)}
                after = _UNIT_AFTER.match(text, b)  # 王芳 后勤的那个 / 王芳，物流的
                if after and not named_units:
                    named_units = {u for u in units_of(after.group("u"), roster.units)
                                   if after.group("u").startswith(u[:2])}
                chosen = [e for e in entries if e.unit in named_units]
                if len(chosen) == 1:
                    settled.add(said)  # …的王芳 … 王芳想调到白班: the same 王芳 again
                    result.ambiguous.pop(said, None)
                elif said not in settled:
                    result.ambiguous[said] = [describe(e) for e in entries]
            name = said
        elif kind == "given":
            name = roster.given_names[said].name
        elif kind == "endearing":
            entries = [e for e in roster.entries if e.name[-1] == said[0] and len(e.name) >= 2 and e.name != speaker]
            if not entries:
                continue
            name = entries[0].name if len(entries) == 1 else said
            if len(entries) > 1:
                result.ambiguous[said] = [describe(e) for e in entries]
        elif kind == "nickname":
            m = nickname_re.fullmatch(said) or titled_re.fullmatch(said)
            groups = m.groupdict() if m else {}
            surname = groups.get("s1") or groups.get("s2") or groups.get("s3") or groups.get("s4") or said[:1]
            entries = [e for e in roster.with_surname(surname) if e.name != speaker]
            if len(entries) == 1:
                name = entries[0].name
            else:
                name = said
                result.ambiguous[said] = [describe(e) for e in entries]
        else:
            if said == speaker:
                continue
            name = said
            if name not in result.unknown:
                result.unknown.append(name)
        if name not in result.people:
            result.people.append(name)
            result.spans.append((a, b))
    # In the order first said (新来的刘小军还有王浩: 刘小军 may be read only where he is said again).
    first = {n: min(a, i) if (i := text.find(n)) >= 0 else a for n, (a, _) in zip(result.people, result.spans)}
    pairs = sorted(zip(result.people, result.spans), key=lambda pair: first[pair[0]])
    result.people, result.spans = [n for n, _ in pairs], [s for _, s in pairs]
    result.unknown.sort(key=lambda n: first.get(n, len(text)))
    # 张三李四王小五在…, later 王小五说…: a new name read short once (王小) is the longer one said again.
    cut = {u for u in result.unknown if any(v != u and v.startswith(u) for v in result.unknown)}
    if cut:
        keep = [i for i, n in enumerate(result.people) if n not in cut]
        result.people = [result.people[i] for i in keep]
        result.spans = [result.spans[i] for i in keep]
        result.unknown = [u for u in result.unknown if u not in cut]
    return result
