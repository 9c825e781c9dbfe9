"""Field extractors: form, headcount, place, issues, period, topic, status, satisfaction.

Each takes text (and `today` where needed) and returns the value as the contract spells it, or
None. The words they look for are in lexicon/*.yaml; CONVENTIONS.md fixes the expected output.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .lexicon import alternation, expand, load, standard_i
from .numbers import NUMBER, to_int

CJK = r"\u4e00-\u9fff"
TRAILING_PUNCT = "，,。.；;！!？?、：:~～…\"“”' \t\n"


def _alt(words) -> str:
    return alternation(words)


# ---------------------------------------------------------------- form
@lru_cache(maxsize=1)
def _form_patterns() -> tuple[list[tuple[str, re.Pattern]], re.Pattern, str]:
    lex = load("forms")
    table = [(form, re.compile("|".join(f"(?:{w})" for w in words))) for form, words in lex["forms"].items()]
    conv = lex["conversation"]
    return table, re.compile(_alt(conv["words"])), conv["form"]


def find_form(text: str, has_people: bool) -> tuple[str | None, int]:
    """(form, position of its words) or (None, -1). Conversation words count only with people."""
    table, conversation, conv_form = _form_patterns()
    for form, pattern in table:
        m = pattern.search(text)
        if m:
            return form, m.start()
    if has_people:
        m = conversation.search(text)
        if m:
            return conv_form, m.start()
    return None, -1


_SETTING = re.compile(r"(?:这|那)?(?:都)?(?:是)?(?P<when>[^，,。；;\s]{0,8}?)(?:在)?(?P<form>[^，,。；;\s]{2,6}?)"
                      r"(?:时|的时候|中|会上|上)(?:提的|说的|讲的|反映的|提出的|提到的|说起的)")


def setting_clause(text: str, has_people: bool) -> tuple[str | None, str, str]:
    """A clause after the matters naming the occasion they were raised on (…，是昨天走访时说的):
    (form, the words before the form — a date perhaps —, the clause), or (None, "", "")."""
    for clause in re.split(r"[，,。；;\s]+", text):
        m = _SETTING.fullmatch(clause)
        if m:
            form, _ = find_form(m.group("form"), has_people)
            if form:
                return form, m.group("when"), clause
    return None, "", ""


def mentions_contact(text: str) -> bool:
    """A contact verb without a form word (联系了张薇): a contact whose form must be asked."""
    forms = load("forms")  # …和十多个职工吃饭聊天: talk with people not named is a contact too
    return bool(re.search(_alt(forms["contact_without_form"] + forms["conversation"]["words"]), text))


def mentions_form(text: str) -> bool:
    table, conversation, _ = _form_patterns()
    return any(p.search(text) for _, p in table) or bool(conversation.search(text))


# ---------------------------------------------------------------- headcount
PERSON_NOUN = f"(?:{alternation(load('places')['person_nouns'])})"  # lexicon/places.yaml
# Some people not counted (跟几个外包的工友聊了会): a contact whose people must be asked.
_UNCOUNTED_GROUP = re.compile(rf"(?:好几|几|一些|有些|些|一群|一帮|一伙|好多|很多|不少|许多)(?:个|位|名)?(?:[^，,。；\s]{{1,4}}?的)?{PERSON_NOUN}"
                              r"|(?:和|跟|同|与)(?:大伙儿?|大家|工友们|职工们|同事们)")  # 跟大伙儿聊了聊


def mentions_group(text: str) -> bool:
    return bool(_UNCOUNTED_GROUP.search(text))


# One "…的" modifier between a count and its people (十几个外包的工友), unless it names a group of
# people (三个班组的职工 counts groups, not people).
_MODIFIER = "(?:开|跑|干|修|管|看)[^的，,。\\s]{1,3}|[^的班组车间部门科室单位厂司处队站线点所，,。\\s]{1,4}"  # (两个开叉车的师傅)
_HEADCOUNT = re.compile(
    rf"(?<![第\d./-])(?P<n>\d+|[一二两三四五六七八九十百]+)(?P<x>多|几|来|余)?\s?"
    rf"(?:(?<=[多来余])号(?:人|{PERSON_NOUN})|(?:名|位)(?:(?:左右|上下)?的?[^的班组车间部门科室，,。\s]{{0,4}}?{PERSON_NOUN})?|个(?:左右|上下)?的?(?:(?:{_MODIFIER}|[^的，,。\s]{{0,3}}线上)的)?(?:值班|夜班|倒班|白班|早班)?[^的班组车间部门科室，,。\s没有不]{{0,4}}?{PERSON_NOUN}|个(?=$|[，,。；\s]|座谈|聊|谈|一起)|户|人(?!大))"  # (18 人大代表: a date, then a deputy)
)


def find_headcount(text: str) -> int | None:
    """The stated number of people: 5名职工 → 5, 十几名 → 10, 二十多人 → 20."""
    best = None
    text = text.replace("仨", "三个").replace("俩", "两个")  # 仨新来的化验员: three of them
    # 5、6个 / 5-6人 / 五到六个: a range counts its smaller end, as 五六个 and 十几名 do
    text = re.sub(rf"({NUMBER})\s*(?:、|-|~|～|—|到|至)\s*{NUMBER}(?=\s*(?:多|几|来|余)?\s*(?:个|名|位|人(?!大)|户))", r"\1", text)
    # 接待日来了二十多个劳务派遣的食堂帮厨: who came is counted whoever they are
    came = re.search(r"来了(?P<n>\d+|[一二两三四五六七八九十百]+)(?:多|几|来|余)?(?:个|位|名)", text)
    if came and (n := to_int(came.group("n"))) and 0 < n <= 100000:
        best = n
    for m in _HEADCOUNT.finditer(text):
        n = to_int(m.group("n"))
        if n is None or n <= 0 or n > 100000:
            continue
        best = n if best is None else max(best, n)
    return best


# ---------------------------------------------------------------- place
# 上回去/上回到 (last time I went): 回 is the date's, not 回去's (going back)
_PLACE = re.compile(
    r"(?:(?<![现正还都也存实所自好内外实])在|(?<![回过下出进起上新])来(?!的)(?=[^，,。；\s]{2,10}?找)|(?:(?<=[上这那]回)|(?<![来回调转搬送拿交提收找解得感听想看遇做达受等直]))到|来到|赴|跑了一?趟|(?<![送拿带寄])去了|(?<![早晚马])上(?![周个月午次回星礼半班])(?=[^，,。；\s]{2,5}家)|(?:(?<=[上这那]回)|(?<![回过下出进送拿带寄])(?<!(?<![晚早])上))去(?!年)|前往|深入|(?:地点|地址|场所)(?:是|在)?[：:\s]*)(?P<p>[^，,。；;！!？?\s、]{2,14}?)"
    r"(?=和|跟|与|同|给|找|来了|位问|尉问|走方|坐谈|走访|座谈(?!室)|召开|开了|开会|做谈|开(?![发心水])|组织|参加|举行|举办|慰问|调研|看望|探望|看了|看看|看|了解|接待(?!室)|"
    r"聊|谈|唠|坐了|坐坐|坐一|走了|走一走|转了|转一转|里|那边|这边|那儿|那里|这里|那块|这块|，|,|。|；|\s|$|的时候|时|参观|检查|巡察|巡查|见了|见到|碰到|碰着|遇着|遇到|碰见|遇见|遇上|碰上|撞见|偶遇|约了|请了|召集|"
    r"搞|发(?=问卷|调查|传单)|做(?=[^，,。；\s]{0,12}?(?:调研|调查|走访|座谈|慰问|活动|宣传))|吃|用餐|边吃|边走|边干|一边|值班(?!室)|值(?=接待|班(?!室))|送温暖|走方|专题调研|专题|送了|送去|视察|考察|蹲点|回访|约谈|交流|交谈|沟通|联系|慰问|家访|走访|拜访|调查|开展|进行|召集|碰头|见面|了)"
)
_PLACE_BAD = re.compile(r"^(?:电话|微信|视频|会上|座谈会|会议|现场办公|活动|线上|网上|群里|电话里|微信上|微信群里|视频里)$|群$|^(?:电话|微信|视频)|会上$|^[我你他她]们?家?$|^(?:了解|这|那|哪|看|走|跑|聊|找|参加|开(?:会|了|个|展|一|座|次|始)|和|跟|与|同|给|忙)")


# How a place said before a pause (not before a verb) ends: 在家养着， is no place, 在三号楼， is.
PLACE_SUFFIX = re.compile(f"(?:{alternation(load('places')['place_endings'])})$")
_PAUSE = re.compile(r"(?:里|那边|这边|那儿|那里|这里)?(?:$|[，,。；;！!？?\s]|了)")


def find_place(text: str, people_names: list[str], units: list[str]) -> str | None:
    for m in _PLACE.finditer(text):
        place = m.group("p")
        if place in ("他家", "她家") and len(people_names) == 1:
            return people_names[0] + "家"  # 去他家看了看张三: 张三's home
        if _PAUSE.match(text, m.end("p")) and not PLACE_SUFFIX.search(place) and place not in units:
            continue
        place = re.sub(r"^(?:了一趟|了趟|一趟|趟|了)", "", place)
        place = re.sub(r"(?:站着|坐着|蹲着)$", "", place)  # 锅炉房门口站着聊了会儿
        place = re.sub(r"(?:里面|里|那边|这边|那儿|那里|这里|那块|那一块|这块|一趟|一下)$", "", place)
        if len(place) < 2 or _PLACE_BAD.search(place) or "了" in place:
            continue  # 了 marks a verb phrase, not a place name (在家躺了俩月)
        if place in people_names:  # "到张三那边" names a person, not a place
            continue
        if any(place.endswith(n) for n in people_names):
            continue  # 去探了探张三: a person, not a place (张三家, 张三的工位 are places)
        if re.fullmatch(r"[\d一二三四五六七八九十]+[号日]", place):
            continue
        return place
    # "走访了张三家": the home of a person visited
    if people_names:
        m = re.search(rf"(?:走访|家访|看望|探望|慰问|拜访|上门)了?(?P<p>(?:{_alt(people_names)})家)(?![属庭人长务境乡里])", text)
        if m:
            return m.group("p")
    # "调研了装配车间，…": the unit or place visited, said as the whole object of the visit
    # (not "走访了机加车间的张三", where the unit only says whose people they were)
    m = re.search(rf"(?:走访|调研|视察|考察|巡查|巡察|蹲点)了?(?P<p>[{CJK}\d]{{0,8}}?(?:{_alt(list(units) + _PLACE_NOUNS)}))"
                  r"(?=$|[，,。；;\s])", text)
    if m and not any(n in m.group("p") for n in people_names):
        return m.group("p")
    # "物流中心开座谈会", "11月9号动力车间座谈": a unit said right before the form words
    if units:
        m = re.search(rf"(?:^|[^的{CJK}]|[日号天周一二三四五六午上])(?P<p>(?:{_alt(units)})[{CJK}]{{0,5}}?)"
                      r"(?=开|座谈|走访|调研|慰问|召开|举行|搞|组织|班前会|班组会|班后会|例会|碰头会)", text)
        if m and not any(n in m.group("p") for n in people_names):  # 装配车间张薇座谈: a person, not a place
            return m.group("p")
    # "11.18 装配车间二班 座谈 …" / "走访 11月22日 机加车间 刘大海 …": a unit standing alone as a cell of
    # a pasted row or a word between spaces is where it happened
    cell = unit_cell(text, units)
    if cell and not any(n in cell for n in people_names):
        return cell
    # "昨天二班座谈", "今天食堂座谈": a place noun said right after the date, before the form words
    m = re.search(rf"(?:^|[\s，,]|[日号天])(?P<p>[{CJK}\d]{{0,10}}?(?:{_alt(_PLACE_NOUNS)}))"
                  r"(?=开|座谈|走访|调研|慰问|召开|举行|搞|组织)", text)
    if m and not any(n in m.group("p") for n in people_names):
        place = re.sub(r"^(?:大?前天|昨天|今天|[上本这]?周[一二三四五六日天]|星期.|礼拜.|\d{1,2}月\d{1,2}[日号]?|"
                       r"[上下中]午|晚上|早上|上班|下班)+", "", m.group("p"))
        if len(place) >= 2:
            return place
    # "11/20 洗衣房 跟红姐…" / "2026-11-18｜人大代表接待日｜县总工会一楼接待室｜…": a place named alone
    # among the cells of a typed row, after the day
    m = re.search(rf"(?:^|\s)(?:[\d./月日号-]{{3,}}|今天|昨天|前天|大前天|今儿个?|昨儿个?)\s+(?:\S+\s+){{0,2}}?"
                  rf"(?P<p>{_BARE_PLACE.pattern})(?=\s)", text)
    if m and not any(n in m.group("p") for n in people_names):
        return m.group("p")
    return None


_PLACE_NOUNS = load("places")["place_nouns"]


def unit_cell(text: str, units) -> str | None:
    """A unit (and what follows it, 装配车间二班) standing alone between spaces, as a cell of a pasted row."""
    if not units:
        return None
    m = re.search(rf"(?:^|[\s）)])(?P<p>(?:{_alt(units)})[{CJK}\d]{{0,5}})(?=\s)", text)
    return m.group("p") if m else None


# ---------------------------------------------------------------- issues
@lru_cache(maxsize=1)
def _issue_patterns():
    lex = load("issues")
    # …not inside a longer word: 说明, 说法, 讲究 are no reporting verbs
    not_before = "".join(f"(?<!{w})" for w in lex["not_before_report_verbs"])
    report_verb = (rf"{not_before}(?:{_alt(lex['report_verbs'])}|{'|'.join(lex['report_patterns'])})"
                   rf"(?!{'|'.join(lex['not_after_report_verbs'])})")
    report = re.compile(report_verb)
    matter = re.compile(rf"(?:{_alt(lex['matter_verbs'])})(?!{_alt(lex['not_after_matter_verbs'])})")
    frame = re.compile(rf"^(?P<subj>[{CJK}A-Za-z0-9]{{0,12}}?){report_verb}(?:说|到|了)?[：:，,]?")
    strong = "|".join([_alt(lex["strong_connectives"])] + lex.get("strong_connective_patterns", []))
    connective = re.compile(rf"[，,]\s*(?:{_alt(lex['connectives'])})|(?<=[{CJK}])(?:{strong})")
    enumerator = re.compile(f"(?:{_alt(lex['enumerators'])})(?!次|回|遍|天)[，,：:]?")  # (第一次用这个: no list)
    lead = re.compile(rf"^(?:{_alt(lex['leading_fillers'] + lex['connectives'])})+")
    trail = re.compile(rf"(?:{_alt(lex['trailing_fillers'])})$")
    subjects = set(lex["subjects"])
    return lex, report, matter, frame, connective, enumerator, lead, trail, subjects


@lru_cache(maxsize=1)
def _field_labels() -> re.Pattern:
    return re.compile(rf"(?:{_alt(load('issues')['field_labels'])})[：:]")


def issues_start(text: str, after: int = 0) -> tuple[int, int]:
    """(where the frame of the issues begins, where their words begin), or (-1, -1).

    The frame is the subject and reporting verb (反映, 提出 …), dropped; a carrying verb
    (希望, 建议 …) starts the issue and is kept; a colon after 意见/建议 starts it too.
    """
    lex, report, matter, *_ = _issue_patterns()
    # 说了会话, 说了几句: a conversation (the contact itself), not a reporting verb
    # …unless what was said follows it straight away (打电话说了下年终评优的名额分配不透明)
    talk = [c.span() for c in _form_patterns()[1].finditer(text)
            if not (c.group(0).endswith("下") and re.match(rf"[{CJK}]{{4,}}", text[c.end():]))]
    m = next((r for r in report.finditer(text, after) if not any(a <= r.start() < b for a, b in talk)), None)
    k = matter.search(text, after)
    # A template's labels (时间：昨天 对象：张三 问题：…): only the colon of a label of the matters opens them.
    labelled = {m.end() - 1 for m in _field_labels().finditer(text)}
    # …a colon between digits is a time of day (班车17:30那趟太挤), not the start of the matters
    colon = next((c for c in re.finditer(r"(?<!\d)[：:]|[：:](?!\d)", text[after:])
                  if after + c.start() not in labelled), None)
    candidates = []
    if m:
        candidates.append((m.start(), m.end()))
    if k:
        # 有个建议：… / 我有个建议 … : the verb is a noun here, part of the frame
        after_verb = text[k.end():k.end() + 1]
        candidates.append((k.start(), k.end() + 1) if after_verb in ("：", ":", " ", "，", ",") else (k.start(), k.start()))
    if colon:
        c = after + colon.start()
        candidates.append((c, c + 1))
    if not candidates:
        return -1, -1
    return min(candidates)


CLAUSE_BREAKS = "，,。；;！!？? \n"


def clause_start(text: str, i: int) -> int:
    """Where the clause holding position `i` begins (after the last comma, full stop or space)."""
    return max(text.rfind(c, 0, i) for c in CLAUSE_BREAKS) + 1


def matter_clause_start(text: str, k: int) -> int | None:
    """Where the matter carried by the verb at `k` (希望, 想 …) begins, when that is earlier: the start
    of its clause, if what precedes the verb there is part of the matter (孩子上学的事想让工会帮忙问问)
    rather than who wants it (他希望…, 大家都想…). None for the first clause (the frame of the turn)."""
    _, _, _, _, _, _, lead, _, subjects = _issue_patterns()
    start = clause_start(text, k)
    if start == 0:
        return None
    prefix = re.sub(r"(?:也|还|都|就|又|则|很|特别|一直|主要)+$", "", lead.sub("", text[start:k]))
    if not prefix or prefix in subjects or (len(prefix) <= 4 and "的" not in prefix):
        return None
    if mentions_form(prefix) or mentions_contact(prefix) or find_headcount(prefix):
        return None
    return start


@lru_cache(maxsize=1)
def _meta():
    return [re.compile(p) for p in load("issues")["meta"]]


def is_meta(piece: str) -> bool:
    """我想登记一条职工意见 / 帮我记个事: a piece about the recording itself, no matter."""
    return _is_meta(piece.strip(TRAILING_PUNCT))


def _is_meta(piece: str) -> bool:
    piece = standard_i(re.sub(r"(?<=.)[啊哈吧呀嘛哦]+$", "", piece))  # 我提个意见啊 / 帮俺录进去
    return bool(piece) and any(p.match(piece) for p in _meta())


# Words between a raiser and their verb (也说, 跟着说 …).
_SUBJECT_ADVERB = "(?:跟着|接着|也|还|就|又|则|都)"


def starts_with_report_verb(text: str) -> bool:
    _, report, *_ = _issue_patterns()
    m = report.match(re.sub(rf"^{_SUBJECT_ADVERB}", "", text))
    return m is not None


def starts_with_matter_verb(text: str) -> bool:
    _, _, matter, *_ = _issue_patterns()
    rest = re.sub(rf"^{_SUBJECT_ADVERB}", "", text)
    return matter.match(rest) is not None or _WANTS_TO_KNOW.match(rest) is not None


def _names_someone(clause: str, name: str) -> bool:
    """The clause names the person as someone met (见了张三), not as whose matter it is
    (张三老婆下岗了, 张三家里困难: a matter about the person)."""
    about = tuple(load("issues")["about_person"])
    return any(not clause[m.end():].startswith(about) for m in re.finditer(re.escape(name), clause))


# (a place is named, not described: 锅炉房没有休息室 is a matter)
_BARE_PLACE = re.compile(rf"(?:(?![没不太很有坏])[{CJK}\d]){{1,8}}(?:车间|中心|部|班组|班|组|科|室|队|站|食堂|宿舍|仓库|冷库|工地|现场|房|区|楼)")


def unframed_issues(text: str, names: list[str], date_said: str | None) -> list[str]:
    """Clauses after the contact that carry no reporting verb but are matters."""
    lex = load("issues")
    # (clause, what stands before it)
    pieces = re.split(r"([，,。；;！!？?\s]+)", text)
    clauses = [(c, pieces[n - 1] if n > 0 else "") for n, c in enumerate(pieces) if n % 2 == 0 and c]
    starts = tuple(lex["not_matter_starts"] + lex["field_labels"])  # 地点 机加车间: a template's field
    found: list[str] = []
    _, report, matter, _, connective, enumerator, *_ = _issue_patterns()
    last_taken = -1
    for n, (clause, before) in enumerate(clauses[1:], 1):
        if enumerator.match(clause) and len(clause) >= 4:  # 一是…只有一个人值守 / 三是…职工代表大会…: a matter listed
            found.extend(split_issues(clause))
            last_taken = n
            continue
        if (len(clause) < 3 or any(_names_someone(clause, n) for n in names) or (date_said and date_said in clause)
                or mentions_form(clause) or mentions_contact(clause) or find_headcount(clause)
                or clause.startswith(starts) or _is_meta(clause)
                or re.search(_alt(lex["not_matter_words"]), clause)
                or _BARE_PLACE.fullmatch(clause)  # 走访 动力车间 吴勇: where, not what
                or re.fullmatch(rf"在[{CJK}\d]{{2,12}}", clause) and PLACE_SUFFIX.search(clause)  # 在机加车间会议室
                # 他腰椎手术刚出院: why the visit was paid, not a matter raised — unless a need is said
                # in the same clause (她父亲住院了家里缺人照顾)
                or (re.search(_alt(lex["occasion_words"]), clause) and not re.search(_alt(lex["need_words"]), clause))):
            continue
        # only a bare comma or a space before it (a space splits only where a new matter visibly
        # starts, CONVENTIONS 26: 洗衣房夏天太热 烘干机老跳闸 is one)
        goes_on = (re.fullmatch(r"\s*[，,]\s*|\s+", before) is not None and last_taken == n - 1 and found
                   and not connective.match("，" + clause) and not report.search(clause[:8])
                   and not _named_matter(clause, names))
        if goes_on:  # 泵房漏水地面湿滑，容易摔跤 / 补贴发得太晚，希望每月10号前发: one matter, as in a frame's words
            found[-1] = f"{found[-1]}{'，' if re.search('[，,]', before) else ' '}{clause}"
        else:
            found.extend(split_issues(clause))
        last_taken = n
    return found


# After a name, a bare 提 or 问 reports what follows (林晓提车间通风不好, 叶青问夏令营今年还办不办).
_BARE_REPORT = rf"(?:提(?!供|高|前|醒|升|拔|交|到|出)|问(?!题|候|了|过|一下|下))(?=[{CJK}]{{2}})"


def _quoted_party(subject: str) -> bool:
    """班长 / 主任也: someone the worker quotes (lexicon issues.yaml third_party_subjects), not a raiser."""
    third = load("issues")["third_party_subjects"]
    return bool(subject) and re.fullmatch(rf"(?:{_alt(third)})(?:也|都|还)?", subject) is not None


def _hearsay(frame: re.Match, subjects) -> bool:
    """听人讲… / 年终奖听说按出勤算: what the worker heard, part of their matter (CONVENTIONS 30), not a frame."""
    subject, verb = frame.group("subj"), frame.group(0)[len(frame.group("subj")):]
    return (subject.endswith(("听人", "听别人", "听")) or
            (verb.startswith("听") and subject != "" and subject not in subjects))


def _names_together(subject: str, names) -> bool:
    """杨帆和欧阳雪都 / 何静、司马磊也 / 孙志强另外: only people of the turn, as the subject of a verb."""
    said = [n for n in names if len(n) >= 2]
    if not said:
        return False
    return re.fullmatch(rf"(?:{_alt(said)})(?:(?:和|跟|与|、|及|同)(?:{_alt(said)}))*(?:另外|一起|俩|两个|{_SUBJECT_ADVERB})*",
                        subject) is not None


# 李娜想问问哺乳期能不能… / 他俩都想知道…: a worker's question carried by 想问问/想知道 (kept, CONVENTIONS 28)
_WANTS_TO_KNOW = re.compile("想问问?|想知道")


def _named_matter(text: str, names) -> bool:
    """`text` opens with one of `names` and a carrying verb: 张伟希望多发劳保用品."""
    return any(name and text.startswith(name) and starts_with_matter_verb(text[len(name):]) for name in names)


def only_an_occasion(issue: str) -> bool:
    """他老丈人住院了: the occasion of a sympathy or home visit, reported, with no need or complaint in it
    (骨折后工伤认定还没办下来 is one) — CONVENTIONS 20, 24."""
    lex = load("issues")
    return (bool(re.search(_alt(lex["occasion_words"]), issue)) and not re.search(_alt(lex["need_words"]), issue)
            and not re.search("[没不]", issue))


def need_said(issue: str) -> str:
    """From the wish on, when circumstances come first after a comma (其爱人无固定工作，孩子明年高考，希望工会…
    帮助) — not when what comes first is a need itself (住院押金还差三千多，希望工会帮忙)."""
    _, _, matter, *_ = _issue_patterns()
    m = re.search(rf"[，,](?=(?:{matter.pattern}))", issue)
    if m is None or re.search(_alt(load("issues")["need_words"]), issue[:m.start()]):
        return issue
    return issue[m.end():]


def _lists_clauses(parts: list[str]) -> bool:
    """Parts joined by 、 are whole clauses (five characters or more each side of every 、)."""
    for n, part in enumerate(parts):
        words = part.split()
        if not words or re.search("[，,]", part):
            return False
        if (n > 0 and len(words[0]) < 5) or (n < len(parts) - 1 and len(words[-1]) < 5):
            return False
    return True


def split_issues(region: str, names=()) -> list[str]:
    """Cut the words after the reporting frame into distinct matters, trimmed. `names`: the
    people of the turn (…，张伟希望多发劳保用品 starts a matter of 张伟's)."""
    lex, report, matter, frame, connective, enumerator, lead, trail, subjects = _issue_patterns()
    # Chat users type spaces between clauses; each space-separated clause is a matter of its own,
    # unless every piece is a word or two (澡堂 热水 不够: one matter typed as keywords).
    region = region.strip()
    pieces = region.split()
    if len(pieces) >= 3 and all(len(p) <= 3 for p in pieces):
        region = "".join(pieces)
    # …unless the next piece only goes on with the same matter (质量太差 一天就磨破).
    # A space splits only where a new matter visibly starts: a carrying verb (希望, 想 …), a
    # reporting frame (他说 …) or a list word; elsewhere the piece goes on with the matter before it
    # (质量太差 一天就磨破, 通风柜坏了 通风不好 气味大 — every writer labels these one matter).
    # (跟宿管说了好几次: what the worker told someone goes on with the matter)
    opens = (rf"(?:(?![跟和给对向])(?:(?:[一二两三四五六七八九十几\d]+[个位名])?[{CJK}]{{0,4}}?)(?:{matter.pattern}|{report.pattern})|{enumerator.pattern}"
             rf"|{_alt(lex['connectives'] + lex['strong_connectives'])}|(?:再|也|还)?(?:记|登记)(?!录(?!一下|下|上))(?!得|住|性|者|忆)|帮我|帮忙|麻烦"
             rf"|\d{{1,2}}[.、．)）](?=[{CJK}]))")  # 1.车间饮水机… 2.夜班休息室…: a numbered list
    region = re.sub(rf"(?<=[^\s，,。；;、：:])\s+(?={opens})", "；", region)
    # …and after a piece that only frames the turn (林晓的意见帮我登记一下 车间发的劳保鞋太硬磨脚)
    region = re.sub(rf"(?:(?<=记一下)|(?<=录一下)|(?<=说一下)|(?<=反映一下)|(?<=记下)|(?<=一条)|(?<=个意见)|(?<=条意见)|(?<=想法)|(?<=个事)|(?<=件事))\s+(?=[{CJK}\w])", "；", region)
    # …and around a piece that is only about the recording (我提个意见啊 机加车间… / …不安全 帮忙登记一下)
    tokens = region.split(" ")
    if len(tokens) > 1:
        metas = [is_meta(t) for t in tokens]
        region = tokens[0]
        for n in range(1, len(tokens)):
            region += ("；" if metas[n - 1] or metas[n] else " ") + tokens[n]
    # …镜子张薇反映夜班没有班车杨帆希望…: typed without commas, a person of the turn who reports or
    # wants something starts a matter of their own.
    # Names joined by 和/、 go together (李娜说… 杨帆和欧阳雪都说…), with a connective before them
    # (…挂不下另外李四说…); a bare 提 reports too after a name (林晓提车间通风不好).
    said = [n for n in names if len(n) >= 2]
    if said:
        # (杨帆嫌… / 李娜想问问…: a wish to ask and a grumble report too, after a name)
        opens = rf"(?:另外|{_SUBJECT_ADVERB})*(?:{report.pattern}|{matter.pattern}|{_BARE_REPORT}|想问问?|想知道|嫌)"
        # (…腰酸 保洁方文华希望…: a job word may stand before the name)
        group = rf"(?:{_alt(load('people')['titles'])})?(?:(?:{_alt(said)})(?:和|跟|与|、|及|同))*(?:{_alt(said)})"
        region = re.sub(rf"(?<=[^\s，,。；;、和跟与及同])\s*(?=(?:另外|还有|再就是|同时)?{group}{opens})", "；", region)
    # …不热另外他俩都想知道…: 另外 typed straight on, then who and what they raised
    region = re.sub(rf"(?<=[{CJK}])(?=另外(?:他们|她们|他俩|她俩|大家|他|她)(?:都|也|还)*(?:{report.pattern}|{matter.pattern}|想知道))",
                    "；", region)
    # …都在震她还说夜班的茶水间…: the same raiser going on, typed straight on
    region = re.sub(rf"(?<=[{CJK}])(?=(?:他|她)(?:还|也|又)(?:说|反映|提到|讲))", "；", region)
    pieces = [region]
    for splitter in (re.compile("[" + re.escape(lex["split_punctuation"]) + "]"), connective, enumerator):
        pieces = [p for piece in pieces for p in splitter.split(piece)]
    # 检验报告要手写签字太费时间、加班不给调休、实验服两年没换了: 、 between whole clauses lists matters
    # (not between words: 加班多、工位挤 / 张三、李四)
    # (the words either side of it count, not what follows a space: 菜少、价贵 中午…吃不饱 is one matter)
    pieces = [p for piece in pieces
              for p in (piece.split("、") if "、" in piece and _lists_clauses(piece.split("、")) else [piece])]
    # A comma followed by a new reporting frame (…，金山说…) starts a new matter.
    split: list[str] = []
    for piece in pieces:
        parts = piece.split("，") if "，" in piece else piece.split(",")
        current = parts[0]
        for part in parts[1:]:
            f = frame.match(part.strip())
            # (…想先做半天班，问工会能不能帮着说说 / …，说王主任答应报销: a bare 问 or 说 after a comma, and
            # someone the worker quotes (，班长说…), go on with the matter)
            if ((f and len(f.group("subj")) <= 4 and not part.strip().startswith(("问", "说"))
                 and not _quoted_party(f.group("subj")))
                    or is_meta(part) or is_meta(current) or _named_matter(part.strip(), names)):
                split.append(current)
                current = part
            else:
                current += "，" + part
        split.append(current)
    issues: list[str] = []
    for piece in split:
        piece = piece.strip(TRAILING_PUNCT)
        if _is_meta(piece):
            continue
        head = re.match(r"^[^：:，,]{0,8}(?:(?<!\d)[：:]|[：:](?!\d))", piece)  # 一个问题：… (not 17:30)
        if head:
            piece = piece[head.end():]
            # (本人提出意见一条：… is one matter, its commas and all)
            if re.search(r"(?:\d+|[二两三四五六七八九十几])(?:个|件|条|点|方面)", head.group(0)) and re.search("[、，,]", piece):
                # 三个问题：加班多、工位挤、休息区没空调 / 提了两点：防护眼镜不够，车间通风差 — the matters
                # counted, then listed
                issues.extend(i for i in split_issues(re.sub("[、，,]", "；", piece), names) if i not in issues)
                continue
        piece = re.sub(r"^(?:\d{1,2}[.、．)）]|\d{1,2}\s+|[（(]\d{1,2}[）)])\s*(?=[\u4e00-\u9fff])", "", piece)  # 1.… 2、… (not 3号楼)
        piece = re.sub(r"^(?:[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[）)])\s*", "", piece)  # 一、… （二）…
        piece = re.sub(rf"^(?:{_alt(lex['connectives'])})(?!问)", "", piece)  # 还有他们都说希望… (还问了下… is a frame)
        f = frame.match(piece)
        if f and (_quoted_party(f.group("subj")) or _hearsay(f, subjects)):
            f = None  # 班长讲这个月的夜班补贴要等年底才发: what the worker was told, the worker's matter
        # 机加车间职工普遍反映…: a longer subject that ends as subjects do (职工, 普遍 …) is a frame too, and
        # so are people named together (杨帆和欧阳雪都说…) and a counted group (两个实习生说…)
        if f and (f.group("subj") in subjects or len(f.group("subj")) <= 4
                  or f.group("subj").endswith(tuple(w for w in subjects if len(w) >= 2))
                  or _names_together(f.group("subj"), names)
                  or re.fullmatch(rf"[一二两三四五六七八九十几\d]+[个位名][{CJK}]{{1,6}}", f.group("subj"))) and len(piece) > f.end():
            piece = piece[f.end():]
        elif said_by := next((n for n in names if len(n) >= 2 and re.match(re.escape(n) + rf"(?:{_BARE_REPORT}|嫌)", piece)),
                             None):
            piece = piece[len(said_by) + 1:]  # 林晓提车间通风不好 / 叶青问夏令营还办不办 / 杨帆嫌宿舍…
        # 装配车间职工普遍希望…: a unit's people who want it, before the carrying verb
        who = (re.match(rf"^[{CJK}]{{0,6}}?(?:车间|中心|部|班组|班|科|室|队)的?(?:{_alt(subjects)})+(?=(?:{matter.pattern}))",
                        piece)
               # 物流园夜班装卸工希望…: people named by their trade, before the carrying verb
               or re.match(rf"^[{CJK}]{{0,6}}?{PERSON_NOUN}们?(?=(?:{matter.pattern}))", piece)
               # 车间倒班的几个老师傅希望…: a counted group, before the carrying verb
               or re.match(rf"^[{CJK}]{{0,10}}?的?(?:好几|几|[两二三四五六七八九十\d]+)(?:个|位|名)(?:老)?"
                           rf"(?:师傅|职工|工人|同事|工友|女工|青工|年轻人|小年轻|老同志|员工)们?(?=(?:{matter.pattern}))", piece))
        if who:
            piece = piece[who.end():]
        piece = lead.sub("", piece)  # 还有人希望… → 人希望… (then the subject goes)
        for subject in sorted(set(names) | subjects, key=len, reverse=True):
            if _named_matter(piece, [subject]):  # 张伟希望… → 希望…
                piece = re.sub(rf"^{_SUBJECT_ADVERB}", "", piece[len(subject):])
                break
        for _ in range(3):
            piece = lead.sub("", piece).strip(TRAILING_PUNCT)
            piece = trail.sub("", piece).strip(TRAILING_PUNCT)
        if (len(piece) >= 2 and re.search(f"[{CJK}]", piece) and piece not in subjects and not _is_meta(piece)
                and piece not in load("people")["titles"]):  # (保洁 | 方文华希望…: the job word of the next raiser)
            issues.append(piece)
    return list(dict.fromkeys(issues))


# ---------------------------------------------------------------- period
@lru_cache(maxsize=1)
def _periods():
    rows = []
    for row in load("periods")["periods"]:
        for w in row["words"]:
            rows.append((w, row))
    rows.sort(key=lambda r: len(r[0]), reverse=True)
    return rows


_DUTY_ASKED = re.compile(r"差|欠|还(?:要|得|需要|有)|够|完成|落下|几[回次趟个]|多少")


def find_period(text: str, today: dt.date) -> str | None:
    text = re.sub("|".join(load("periods")["rates"]), "", text)
    hits = []
    for word, row in _periods():
        i = text.find(word)
        if i >= 0:
            hits.append((i, -len(word), row))
    month = re.search(r"(?<![\d一二三四五六七八九十])(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?(?![\d一二三四五六七八九十]+[日号])", text)
    if month and to_int(month.group("m")):  # 十月份的任务: that month of this year
        return f"{today.year}-{to_int(month.group('m')):02d}"
    if not hits:
        return None
    # 本季度我还欠几回走访 上个月记了4次: of periods in different clauses, the one the duty is asked of
    asked = [(m.start(), m.end()) for m in re.finditer(r"[^，,。；;\s]+", text) if _DUTY_ASKED.search(m.group(0))]
    in_asked = [h for h in hits if any(a <= h[0] < b for a, b in asked)]
    hits = in_asked or hits
    fineness = {"month": 0, "quarter": 1, "half": 2, "year": 3}
    hits.sort(key=lambda h: (fineness[h[2]["kind"]], h[0], h[1]))  # 今年上半年 → the half
    row = hits[0][2]
    kind, offset = row["kind"], row.get("offset", 0)
    year = today.year + next((h[2].get("offset", 0) for h in hits if h[2]["kind"] == "year"), 0)
    if kind == "quarter" and row.get("fixed"):
        return f"{year}Q{row['fixed']}"
    if kind == "month":
        index = today.year * 12 + today.month - 1 + offset
        return f"{index // 12}-{index % 12 + 1:02d}"
    if kind == "quarter":
        index = today.year * 4 + (today.month - 1) // 3 + offset
        return f"{index // 4}Q{index % 4 + 1}"
    if kind == "half":
        if row.get("fixed"):
            return f"{year}H{row['fixed']}"
        return f"{today.year}H{1 if today.month <= 6 else 2}"
    return str(today.year + offset)


# ---------------------------------------------------------------- status, satisfaction
def _first_key(text: str, table: dict[str, list[str]]) -> str | None:
    best = None
    for key, words in table.items():
        for w in words:
            i = text.find(w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, key)
        if best is not None:
            return best[1]  # table order is priority order
    return None


@lru_cache(maxsize=1)
def _negated() -> re.Pattern:
    return re.compile("|".join(expand(p) for p in load("status")["negations"]))


def _without_negated(text: str) -> str:
    return _negated().sub("", text)


_SAID_AGAIN = re.compile(r"(?:哦|噢)?(?:不对|说错了|写错了)")


def said_last(text: str) -> str:
    """交办了 哦不对 才刚立案 → 才刚立案: what a turn says after correcting itself (CONVENTIONS 28), else all of it."""
    return _SAID_AGAIN.split(text)[-1]


def find_status(text: str) -> str | None:
    lex = load("status")
    text = _without_negated(text)
    corrected = said_last(text)
    if corrected != text and (status := find_status(corrected)):  # 交办了 哦不对 才刚立案 (CONVENTIONS 28)
        return status
    found = _first_key(text, lex["statuses"])
    for key in lex["statuses"]:  # (a pattern may say a step the words before it in priority do not)
        if key == found:
            break
        if any(re.search(p, text) for p in lex["status_patterns"].get(key, [])):
            found = key
            break
    if found == "已提交" and not re.search("提案|提交|建议|议案|人大|政协", text):
        return None
    return found


def status_span(text: str) -> tuple[int, int]:
    """(start, end) of the first status or satisfaction words, or (-1, -1)."""
    lex = load("status")
    # (原来交办的那个3台叉车电池老化的事 现在办好了: 交办的 describes the opinion, it reports no status)
    spans = [(m.start(), -len(w)) for table in (lex["statuses"], lex["satisfaction"])
             for words in table.values() for w in words
             for m in [re.search(re.escape(w) + "(?!的)", text)] if m]
    spans += [(m.start(), m.start() - m.end()) for patterns in lex["status_patterns"].values() for p in patterns
              for m in [re.search(p, text)] if m]
    if not spans:
        return -1, -1
    start, neg = min(spans)
    return start, start - neg


def status_position(text: str) -> int:
    return status_span(text)[0]


def find_satisfaction(text: str) -> str | None:
    table = load("status")["satisfaction"]
    text = text.replace("满意度", "   ")  # 满意度填基本满意: the field's name is no rating (same length keeps offsets)
    best = None
    for key, words in table.items():
        for w in words:
            i = text.find(w)
            if i >= 0:
                cand = (i, -len(w), key)
                best = cand if best is None or cand < best else best
    return best[2] if best else None


# ---------------------------------------------------------------- topic, opinion number, submit
def seconding_as_meant(text: str) -> str:
    """付议 / 附义 typed for 附议 (voice-input slips of a frame word are read as meant, CONVENTIONS 21);
    the same length, so positions found in it hold in `text`."""
    return re.sub(_alt(load("topics")["second_slips"]), "附议", text)


@lru_cache(maxsize=1)
def _opinion_numbers() -> list[re.Pattern]:
    """lexicon/topics.yaml opinion_number, {status_words} filled in, compiled once (every update and seconding reads them)."""
    return [re.compile(expand(p)) for p in load("topics")["opinion_number"]]


def find_opinion_id(text: str) -> tuple[int | None, tuple[int, int]]:
    text = seconding_as_meant(text)
    for pattern in _opinion_numbers():
        m = pattern.search(text)
        if m:
            n = to_int(m.group("n"))
            if n is not None and 0 < n < 10**9:
                return n, m.span()
    return None, (-1, -1)


def question_topic(text: str) -> str | None:
    lex = load("topics")
    t = text.strip()
    t = re.sub(rf"^(?:{_alt(lex['question_prefixes'])})[，,：: ]*", "", t)
    t = t.rstrip("".join(lex["question_suffixes"]) + " \t\n")
    return t or None


def _clean_opinion(t: str, names: list[str]) -> str:
    lex = load("topics")
    t = re.sub(r"[（(][\u4e00-\u9fff]{2,4}[）)]$", "", t)  # 物流园小食堂窗口太少（上官云飞）: who raised it, in brackets
    t = re.sub(r"[“”\"「」『』《》（）()【】]", "", t)  # a topic quoted or bracketed: the words, not the marks
    # A formal report: 后勤服务部已对宿舍区路面破损问题完成维修 → 宿舍区路面破损
    done = re.match(r"^[^，,。；\s]{0,10}?(?:已经|已)对(?P<t>.+?)(?:的问题|问题|的事)?(?:完成|进行|开展|作出|做了)", t)
    if done:
        t = done.group("t")
    t = re.sub(rf"^(?:{_alt(lex['opinion_lead'])})+", "", t)
    for name in sorted(names, key=len, reverse=True):
        t = re.sub(rf"^对?(?:职工代表|职工|代表|师傅)?{re.escape(name)}(?:{_alt(lex['raised_by'])})?", "", t)
    # Who raised it, and where and when, go with the verb that says so: 机加车间张三说的那个…,
    # 上次孙志强说的…, 诸葛文和孔祥瑞一起提的…, 咱们车间反映最多的… (the earliest such verb).
    t = re.sub(rf"^[{CJK}\s\d、.]{{1,24}}?(?:{_alt([w for w in lex['raised_by'] if w != '的'])})(?:那个|这个|那条|这条|就是|是)?", "", t)
    for _ in range(3):
        t = re.sub(rf"(?:{_alt(lex['status_lead'])})$", "", t).strip(TRAILING_PUNCT)
        t = re.sub(rf"(?:{_alt(lex['opinion_tail'])})$", "", t).strip(TRAILING_PUNCT)
        t = re.sub(rf"^(?:{_alt(lex['opinion_lead'])})", "", t).strip(TRAILING_PUNCT)
    return re.sub(r"^(?:关于|有关)", "", t)


def opinion_topic(text: str, names: list[str], named_only: bool = False, seconding: bool = False) -> str | None:
    """The opinion's key words: 吴勇提的雨棚建议 → 雨棚; 食堂热饭那条 → 食堂热饭.

    Of several clauses, a restatement (就是夜班没热饭那个) names it best, then a clause that
    points at an opinion (…那个事, …的意见), then the first clause left with words of its own;
    what only frames the turn (跟你说一声, 麻烦登记一下) or only reports a status or a
    satisfaction (办结了, 职工挺满意的) names nothing. `named_only`: only a restatement or a
    pointing clause will do (words after the status: 办结了 就是…那个加班餐标准低). `seconding`: the
    opinion is said whole before the seconding, pieces after a space that go on with it included."""
    lex = load("topics")
    t = re.sub(_alt(lex["second_phrases"]), "，", seconding_as_meant(text))
    t = re.sub(r"联名(?!提|反映|写|建议)", "，", t)  # (…仨人联名提的那个…: how they raised it, not a seconding)
    t = re.sub(_alt(lex["turn_frames"]), "，", t)
    ranked: list[tuple[int, int, str]] = []
    frames = [re.compile(p) for p in lex["frame_patterns"]]
    for n, clause in enumerate(_topic_clauses(t) if seconding else re.split(r"[，,。；;：:！!？?\s]+", t)):
        clause = re.sub(r"[哈呀啊吧哦嘛呢啦]+$", "", clause.strip(TRAILING_PUNCT))
        if any(f.match(clause) for f in frames):
            continue  # 经公司工会研究: who decided, not what
        quoted = re.search(r"[“「『《](?P<q>[^”」』》]{2,})[”」』》]", clause)
        if quoted:  # 物流中心“叉车通道太窄”那条 / 《关于…的提案》: the words in the marks name it
            clause = quoted.group("q")
        topic = _clean_opinion(clause, names)
        if (len(topic) < 2 or not re.search(f"[{CJK}]", topic) or _COUNTED_ONLY.fullmatch(topic)
                or topic in lex["pointer_only"] or only_status(topic) or only_status(clause)
                or re.search(r"[两二三四五几](?:条|件|个)(?:意见|建议|事|问题)", clause)  # 停车场划线和充电桩两条意见
                or _is_meta(topic)):  # 帮我登记
            continue  # 我想附议一条意见: which one is not said
        rank = 0 if _RESTATED.match(clause) else 1 if (quoted or _POINTING.search(clause)) else 2
        ranked.append((rank, n, topic))
    if named_only:
        ranked = [r for r in ranked if r[0] < 2]
    return min(ranked)[2] if ranked else None


def _topic_clauses(text: str) -> list[str]:
    """Clauses by punctuation; a space separates clauses too, except before a piece that only goes on
    with the matter (锅炉房楼梯扶手松了 一抓就晃: one opinion, as in a matter — CONVENTIONS 26)."""
    clauses: list[str] = []
    for part in re.split(r"[，,。；;：:！!？?]+", text):
        pieces = part.split()
        for n, piece in enumerate(pieces):
            if n and clauses and _goes_on(pieces[n - 1], piece):
                clauses[-1] += " " + piece
            else:
                clauses.append(piece)
    return clauses


def _goes_on(before: str, piece: str) -> bool:
    """`piece` after a space goes on with the matter in `before`: neither says only who or which (钟诚那条),
    a status, a satisfaction or a frame, and `piece` starts no new raiser, request or remark."""
    lex, report, matter, *_ = _issue_patterns()
    if (len(before) < 4 or _POINTING.search(before[-3:]) or re.search(r"(?:提|说|反映)的$", before)
            or re.search(r"[两二三几](?:条|个|件)$", before)):
        return False
    return not (not re.search(f"[{CJK}]", piece) or only_status(piece) or _is_meta(piece) or report.match(piece) or matter.match(piece)
                or _POINTING.search(piece[-3:])  # 厕所那条: another opinion pointed at
                or re.match(r"(?:我|俺|你|这个|那个|就是|也就是|是|另外|还有|不对|不是|已经|现在|目前|后勤|车间|职工|大家|大伙"
                            r"|一条是|一个是|一是|二是)", piece)
                or status_position(piece) >= 0)


def only_status(words: str) -> bool:
    """办结了 / 挺满意 / 大伙儿都说还行: a status or satisfaction and nothing of a matter."""
    rest = words
    for w in _status_words():
        rest = rest.replace(w, "")
    return not re.sub(r"[了的啊呀吧呢都也很挺还说觉得表示大伙儿家职工们他她]", "", rest)


@lru_cache(maxsize=1)
def _status_words() -> tuple[str, ...]:
    """Every status and satisfaction word, in the order they are taken out (table by table,
    each entry's words longest first)."""
    lex = load("status")
    return tuple(w for table in (lex["statuses"], lex["satisfaction"]) for ws in table.values()
                 for w in sorted(ws, key=len, reverse=True))


_RESTATED = re.compile(r"^(?:就是|也就是|即)")
_POINTING = re.compile(r"(?:那个|这个|那条|这条|那件|那事|的事|意见|建议|提案|问题|诉求)")


_COUNTED_ONLY = re.compile(r"(?:有|一|这|那|某|哪)(?:一)?(?:条|个|件|项)")


@lru_cache(maxsize=1)
def _proposal_patterns() -> list[re.Pattern]:
    lex = load("topics")
    nouns = _alt(lex["proposal_nouns"])
    return [re.compile(p.replace("{nouns}", nouns)) for p in lex["proposal_patterns"]]


def proposal_topic(text: str) -> str | None:
    lex = load("topics")
    text = standard_i(text)  # 给俺拟个提按: the dialect's I, in the request words
    # 写好一起提交了吧: a clause that only says to submit it is no part of the subject
    t = re.sub(rf"[，,。\s]+[^，,。\s]{{0,6}}(?:{_alt(lex['submit'])})[^，,。\s]{{0,4}}$", "", text)
    t = re.sub(rf"(?:{_alt(lex['submit'])})", "", t)
    t = re.sub(r"(?:写好|写完|弄好|起草好)(?:了|后|以后)?(?=$|[，,。\s])", "", t).strip(TRAILING_PUNCT)
    t = re.sub(rf"^(?:(?:{_alt(lex['turn_frames'])})[，,。\s]*)+", "", t)  # 嗯 就是说 饮水机定期清洗 …
    # …写完我自己看看再交 / 先别交: what to do after the draft is no part of its subject
    t = re.sub(rf"[，,。\s]*[^，,。\s]{{0,10}}(?:{_alt(lex['submit_later'])}).*$", "", t)
    t = re.sub(lex["content_to_come"], "", t)
    for pattern in _proposal_patterns():
        m = pattern.search(t)
        if m:
            topic = bare_topic(m.group("t"))
            if topic:
                return topic
    return None


_MEETING_COMING = re.compile(r"(?:职代会|人代会|政协|两会|会)(?:快|要|马上)(?:开|收提案|交提案)了|(?:要|快|马上)开(?:职代会|人代会|会)了")
_COLLECTED = re.compile(r"(?:这回|这次|最近|前阵子|近期|大家|职工)?[^，,。\s]{0,10}?(?:收上来|收集上来|收集|征集|汇总|攒)(?:上来|到)?的(?:意见|建议)(?:里|中)?")


def bare_topic(text: str) -> str | None:
    """A proposal's subject as said, without what frames it (一个关于…的提案, 题目是…)."""
    lex = load("topics")
    topic = text.strip(TRAILING_PUNCT)
    topic = re.sub(r"^(?:帮我|帮忙|给我)?(?:一下|一个|一份|一篇|个|份|篇|关于|有关)+", "", topic)
    topic = re.sub(r"^(?:内容是|主题是|题目是|内容|主题|题目)[：:]?", "", topic)
    topic = re.sub(rf"^(?:{_alt(lex['proposal_lead'])})", "", topic)
    topic = re.sub(r"(?:整理|汇总|归纳|梳理|归拢)(?:一下|整理|归拢)?$", "", topic)  # 把班车的意见整理一下写成提案
    if _COLLECTED.fullmatch(topic) or _MEETING_COMING.fullmatch(topic):
        return None  # 把这回收上来的意见归拢归拢 起草个提案 / 职代会快开了 帮我整个提案: which opinions is not said
    topic = re.sub(r"^(?:一个|一份|个|份)?(?:关于|有关)", "", topic)
    topic = re.sub(rf"的?(?:{_alt(lex['proposal_nouns'])})$", "", topic)
    topic = re.sub(r"(?:帮我|给我|替我|帮忙|请)(?:起草|写|拟|弄)(?:一?个|一份|份|篇)?$", "", topic)  # 关于X帮我起草个
    topic = _clean_opinion(topic, [])
    topic = re.sub(r"(?:的问题|问题|方面|的)$", "", topic).strip(TRAILING_PUNCT)
    # …项目 你帮我拟一下: the request after the subject
    topic = re.sub(r"[\s，,]+(?:你|您)?(?:帮我|给我|替我|帮忙)[^，,。\s]{0,4}$", "", topic).strip(TRAILING_PUNCT)
    if re.fullmatch(rf"(?:帮我|给我|替我|帮忙)?(?:{_alt(lex['proposal_lead'])})", topic):
        return None  # 帮我写写: only the request, no subject
    return topic if len(topic) >= 2 else None


def wants_submit(text: str) -> bool:
    lex = load("topics")
    return bool(re.search(_alt(lex["submit"]), text)) and not re.search(_alt(lex["submit_later"]), text)
