"""`understand_followup`: a later turn of a dialogue, read against the record it is about.

The turn is one dialogue act (CONVENTIONS.md "Dialogue acts"): confirm, cancel, a correction
(不是张伟，是张薇 / 改成座谈 / 日期改成前天 / 地点是装配车间 / 人数是8个), an answer to the
question asked (昨天 / 座谈 / 张三和李四), or a new request. The result is the whole pending
record as it now stands, with `missing` recomputed and `act` set.
"""
from __future__ import annotations

import datetime as dt
import re

from store.schemas import FORMS, Fields, Parse

from . import fields as F
from .dates import DateFinding, find_date
from .intents import is_small_talk, strip_opener
from .lexicon import alternation, load
from .numbers import NUMBER, to_int
from .parse import normalise, required_missing, understand
from .people import PeopleFinding, find_people
from .roster import Roster, units_said

PLACE_ENDINGS = r"(?:车间|食堂|宿舍|家|班|室|中心|部|门口|现场|工地|仓库|厂区|楼|厂|库|站|线|科|处|会场|广场)(?:里|那边)?$"
PUNCT = "，,。.；;！!？?、：:~～…\"“”' \t\n"


def _alt(words) -> str:
    return alternation(words)


def _bare(text: str) -> str:
    fillers = load("acts")["fillers"]
    t = text.strip(PUNCT)
    stripped = re.sub(rf"(?:{_alt(fillers)})+$", "", t) if len(t) > 1 else t
    return (stripped or t).strip(PUNCT)  # 嗯嗯 is all fillers, and a yes


def _all_in(text: str, words: list[str]) -> bool:
    """Every comma-separated part of `text` is one of `words` (对，保存吧 / 好的确认)."""
    polite = load("acts")["politeness"]
    text = re.sub(rf"(?<=.)(?:{_alt(polite)})[。.！!~～]*$", "", text.strip(PUNCT)) or text  # 不用了谢谢
    parts = [p for p in re.split(r"[，,。.；;！!？?、\s]+", text) if p and p not in polite]
    if not parts:
        return False
    vocab = set(words)
    alt = re.compile(rf"(?:{_alt(words)})+")
    fillers = re.compile(_alt(load("acts")["fillers"]))
    return all(p in vocab or _bare(p) in vocab or alt.fullmatch(p) or alt.fullmatch(_bare(p) or p)
               or alt.fullmatch(fillers.sub("", p) or p) for p in parts)  # 好了保存


def _with(pending: Parse, act: str, fields: Fields | None = None, unknown=None, ambiguous=None, notes=None) -> Parse:
    fields = fields if fields is not None else pending.fields
    ambiguous = pending.ambiguous_people if ambiguous is None else ambiguous
    unknown = pending.unknown_people if unknown is None else unknown
    missing = required_missing(pending.intent, fields, ambiguous)
    return Parse(intent=pending.intent, fields=fields, missing=missing, unknown_people=list(unknown),
                 ambiguous_people=dict(ambiguous), act=act, notes=list(notes or []))


def understand_followup(text, pending: Parse, asked: str | None, speaker: str, roster: Roster,
                        today: dt.date) -> Parse:
    """Never raises: an unreadable turn leaves the pending record as it is, with a note."""
    try:
        return _followup(normalise(text), pending, asked, speaker or "", roster, today)
    except Exception:  # the chat must answer whatever was typed
        return _with(pending, "answer", notes=["没能理解这句话，请换个说法再说一次。"])


def _followup(text: str, pending: Parse, asked, speaker, roster, today) -> Parse:
    acts = load("acts")
    bare = _bare(text)
    # 对 新来的 保存吧: saying the unknown person is new is part of confirming the record
    # (刘建军是新来的 对 保存吧 / 赵大海是新来的外包工 加上吧 确认)
    # (杜海涛是外包那边的 保存 / 贺建军是咱车间新人 保存: who the new person is, said while confirming, is part of it too)
    said = text
    if pending.unknown_people:
        said = re.sub(rf"(?:{_alt(pending.unknown_people)})?(?:是|也是)?(?:咱|咱们|我们)?(?:[\u4e00-\u9fff]{{1,4}}?(?:车间|班组|班|中心|部|科|室)的?)?(?:这个月|这礼拜|这周|上个月|前几天|今年)?(?:{_alt(acts['new_person'])})"
                      rf"(?:的)?(?:[\u4e00-\u9fff]{{0,3}}?(?:工|员|同事|师傅|学徒|徒弟|小伙子|姑娘))?", "", text)
        said = re.sub(rf"(?:{_alt(pending.unknown_people)})(?:是|也是)[\u4e00-\u9fff]{{1,8}}?(?:那边|这边)?的(?:人|职工|工人)?",
                      "", said)
    said = re.sub(r"(?:这个|这条)(?:附议|记录|意见|提案|联系)?(?=确认|保存|存)", "", said)  # 行 这个附议确认了
    if bare and _all_in(said, acts["confirm"]):  # (好的，谢谢: the acts first, with their openers)
        return _with(pending, "confirm")
    # 算了，下次再说 / 那算了 等我翻翻本子再说: a cancel first, whatever follows is why
    # …这次就不记了 取消吧: or said last, after why
    if bare and (_all_in(text, acts["cancel"])
                 or re.match(rf"^(?:那就?|那还是)?(?:{_alt(acts['cancel'])})+(?:$|[，,。！!\s])", text)
                 or _all_in(re.sub(r"^那(?:就|还是)?", "", re.split(r"[，,。；;\s]+", text.strip(PUNCT))[-1]), acts["cancel"])):
        return _with(pending, "cancel")
    typed = text  # (a question asked in between keeps its opener: it is the question as typed)
    text = strip_opener(text)  # 哦不对 是前天: the opener carries nothing
    bare = _bare(text)
    if pending.intent == "other" or not bare:
        return understand(text, speaker, roster, today)

    said_so = re.sub(r"[，,\s]*(?:而)?不是[^，,。\s]*", "", text).strip(PUNCT)  # 王芳是物流的 不是后勤那个
    if pending.intent == "draft_proposal" and not pending.fields.topic and not F.wants_submit(text) \
            and not is_small_talk(text) and understand(text, speaker, roster, today).intent in ("other", "log_opinion"):
        # 想写个提案 你帮帮忙 | 装卸工轮换岗位 …: the subject, said next
        return _with(pending, "answer", pending.fields.model_copy(update={"topic": F.bare_topic(text) or text}))
    if pending.intent == "draft_proposal" and F.wants_submit(text) and not F.proposal_topic(text):
        # 写好以后一起提交了吧: the pending draft is to be submitted too (its subject stays)
        return _with(pending, "correct", pending.fields.model_copy(update={"submit": True}))
    if pending.ambiguous_people and (len(_bare(said_so)) <= 12 or any(k in said_so for k in pending.ambiguous_people)):
        # 李娜是装配的 / 不对 是我们物流中心的王芳 跟我一个班组: which namesake, not a correction
        resolved = _resolve_ambiguous(said_so, pending, roster)
        if resolved is not None:
            update = {"people": resolved[0]}
            form = F.find_form(said_so, True)[0] if pending.intent == "log_contact" else None
            if form and not pending.fields.form:  # 电话里说的 李娜是动力的
                update["form"] = form
            # 李娜是我们装配的 存吧: which one, and the record confirmed
            last = re.split(r"[，,。\s]+", said_so)[-1]
            act = "confirm" if last != said_so and _all_in(last, acts["confirm"]) else "answer"
            return _with(pending, act, pending.fields.model_copy(update=update), ambiguous=resolved[1])
    if pending.intent == "second_opinion" and (raised := _RAISED_BY.match(text.strip(PUNCT))):
        # 吴勇提的 就他那条: who raised the opinion being seconded (its topic stays)
        named = find_people(raised.group("who"), speaker, roster, detect_unknown=False)
        if named.people:
            return _with(pending, "answer", pending.fields.model_copy(update={"people": named.people}),
                         ambiguous=named.ambiguous)
    # 张伟那个去掉 他不是我们这边的 / 改成座谈吧 那天其实是坐下来谈的 / 其实不是电话 是当面座谈的 改成座谈吧:
    # one clause says it (the first, else the last), the rest why
    # (日子不对 不是礼拜五 是礼拜四: which field is wrong, then the correction that says both)
    # (说错了 不是走访 是…开的安全交底会 / 不对 我要附议的是X那条 不是Y那条: the same, said another way)
    text = re.sub(r"^(?:日子|日期|时间|名字|人名|地点|形式|方式|人数)(?:也|又)?(?:不对|有误|错了|记错了|写错了)[，,。\s]+(?=不是)", "", text)
    text = re.sub(r"^(?:(?:说|记|写|搞)错了|不对)[，,。\s]+(?=不是|没|(?:我要附议的|我要说的|我说的|我要改的|我指的)是)", "", text)
    text = re.sub(r"^(?:我要附议的|我要说的|我说的|我要改的|我指的)是(?=.+不是)", "是", text)
    clauses = re.split(r"[，,。\s]+", text.strip(PUNCT))
    for clause in dict.fromkeys([clauses[0], clauses[-1], text]):
        removed = _removal(clause, pending, speaker, roster)
        if removed is not None:
            # 孔祥瑞去掉 他那天出差没来 诸葛文倒是在 加上他: one out, another in
            added = _correction(" ".join(clauses[-2:]), removed, speaker, roster, today) if len(clauses) > 2 else None
            return added if added is not None and added.fields.people != removed.fields.people else removed
        corrected = _correction(clause, pending, speaker, roster, today, turn=text)
        if corrected is not None:
            return corrected

    if asked and len(bare) <= 8:  # a short reply to a question is an answer when it reads as one
        answered = _answer(text, pending, asked, speaker, roster, today)
        if answered is not None:
            return answered
    fresh = understand(text, speaker, roster, today)
    if fresh.intent == "ask_regulation" and typed != text:
        fresh = understand(typed, speaker, roster, today)
    day = find_date(text, today)  # (日子想不起来了 大概十一月中旬 answers the day asked, vaguely: no matter)
    answers_day = asked == "date" and day.found and day.said not in load("dates")["parts_of_today"]
    more = None if answers_day else _more_issues(text, fresh, pending, day)
    if more is not None:
        return more
    continued = _continued(text, fresh, pending)
    if continued is not None:
        return continued
    if fresh.intent != "other" and _is_new_request(text, fresh, pending, asked):
        return fresh
    answered = _answer(text, pending, asked, speaker, roster, today)
    if answered is not None:
        return answered
    if fresh.intent in (pending.intent, "other") and len(bare) <= 12:
        # a bare value ("电话", "前天", "装配车间") replaces what the record holds
        corrected = _apply(pending, None, None, bare, speaker, roster, today, "correct")
        if corrected is not None:
            return corrected
    if fresh.intent != "other":
        return fresh
    if is_small_talk(text):
        return fresh
    return _with(pending, "answer", notes=["没能从这句话里找到要补充的内容，请直接回答刚才的问题。"])


def _more_issues(text: str, fresh: Parse, pending: Parse, said: DateFinding) -> Parse | None:
    """他还反映宿舍没暖气 / 张三反映… while a contact is pending: more matters raised in it, not
    an opinion of its own (unless the turn names its own date — `said`, the day found in it — or
    asks to record one)."""
    if pending.intent not in ("log_contact", "log_opinion") or fresh.intent != "log_opinion" or not fresh.fields.issues:
        return None
    if (said.found and said.start < max(F.issues_start(text)[0], 0)) or _RECORD_REQUEST.search(text):
        return None  # (a day inside the matter — 年底体检 — names no day of its own)
    issues = list(dict.fromkeys((pending.fields.issues or []) + fresh.fields.issues))
    if not pending.fields.people and fresh.fields.people:
        # 参加的有宋大勇 钟诚 还有…曾庆华 曾庆华反映…: the people asked for, with what they raised
        return _with_people(pending, fresh, {**pending.fields.model_dump(), "issues": issues}, list(fresh.fields.people))
    added = [p for p in fresh.fields.people or [] if p not in (pending.fields.people or [])]
    if not added:
        return _with(pending, "correct", pending.fields.model_copy(update={"issues": issues}))
    if pending.intent != "log_contact" or not _said_there_too(added).search(text):
        return None
    # 司马磊当时也在 他嫌…: someone else who was there, and what they raised
    return _with_people(pending, fresh, {**pending.fields.model_dump(), "issues": issues}, (pending.fields.people or []) + added)


def _with_people(pending: Parse, fresh: Parse, data: dict, people: list[str]) -> Parse:
    """The pending record with `data` and `people`: those not in it yet as `fresh` found them (new, namesakes)."""
    unknown, ambiguous = list(pending.unknown_people), dict(pending.ambiguous_people)
    added = [p for p in people if p not in (pending.fields.people or [])]
    found = PeopleFinding(people=added, unknown=list(fresh.unknown_people), ambiguous=dict(fresh.ambiguous_people))
    _merge_people(data, pending, people, found, unknown, ambiguous)
    return _with(pending, "answer", Fields(**data), unknown, ambiguous)


# A request to record something (帮我记一下, 再登记一条), not a word inside a matter (交接班记录).
_RECORD_REQUEST = re.compile(r"(?:帮我|给我|替我|再|另外)(?:记|登记|录入|新增|添加)|(?:^|[，,。\s])(?:记|登记|录入|新增|添加)(?:一下|一条|一个|个|下|上)")


def _said_there_too(added: list[str]) -> re.Pattern:
    """诸葛文也通了个电话 / 司马磊当时也在 / 还有司马磊: people said to be part of the same contact."""
    return re.compile(rf"(?:{_alt(added)})(?:当时|那天|那会儿)?也|还有(?:{_alt(added)})")


# Who reported how it went (他说宽敞是宽敞了 …凑合吧 / 他还是有意见 说…): a satisfaction, not which opinion.
_REPORTED = re.compile(r"^(?:他|她|他们|她们|职工|大家|大伙儿?)(?:们)?(?:都|还是|也)?(?:说|反映|表示|觉得|有意见|不满意|挺满意|满意)")


# Who raised the opinion a seconding is about, said on its own (吴勇提的 就他那条 / 是老张说的).
_RAISED_BY = re.compile(r"^(?:是|就是)?(?P<who>[^，,。\s]{2,4}?)(?:提的|说的|反映的|提出的)(?:[\s，,]*(?:就是?)?(?:他|她)?(?:那条|那个|的)?)?"
                        r"(?:[\s，,]+[^，,。\s]{1,8}的)?$")  # (是孙志强提的 机加那边的: and where they work)


def _continued(text: str, fresh: Parse, pending: Parse) -> Parse | None:
    """电话里说的 马超说… / 诸葛文也通了个电话: more of the pending contact, not a new one — a contact
    with no day of its own and no other form, whose people are the pending ones or said to be there too (也)."""
    if pending.intent != "log_contact" or fresh.intent != "log_contact" or fresh.fields.date is not None:
        return None
    if pending.fields.form and fresh.fields.form and fresh.fields.form != pending.fields.form:
        return None
    old = pending.fields.people or []
    added = [p for p in fresh.fields.people or [] if p not in old]
    if not (old and fresh.fields.people) or (added and not _said_there_too(added).search(text)):
        return None
    data = pending.fields.model_dump()
    for key in ("form", "place"):
        data[key] = data[key] or getattr(fresh.fields, key)
    data["issues"] = list(dict.fromkeys((pending.fields.issues or []) + (fresh.fields.issues or []))) or None
    return _with_people(pending, fresh, data, old + added)


# An answer to "which opinion?" points at one already registered.
_POINTS_AT_OPINION = re.compile(r"^(?:就是|应该是|是)|(?:那条|这条|那个|这个|那件事|的那条)(?:意见|建议)?$")


def _is_new_request(text: str, fresh: Parse, pending: Parse, asked) -> bool:
    """A full sentence of its own (a different intent, or a new record with several fields)."""
    filled = fresh.fields.public()
    if asked == "topic" and fresh.intent == "log_opinion" and _POINTS_AT_OPINION.search(text.strip(PUNCT)):
        return False  # 就是何静反映的锅炉房没有休息室那条: which opinion, not a new one
    if fresh.intent != pending.intent:
        return fresh.intent not in ("log_contact", "log_opinion") or len(filled) >= 3
    return len(filled) >= 4 or (len(text) >= 14 and len(filled) >= 3 and "form" in filled)


# ------------------------------------------------------------------ corrections
# The fields a correction may change, per intent (CONVENTIONS.md "Fields per intent").
CORRECTABLE = {
    "log_contact": ("date", "form", "people", "headcount", "place", "issues"),
    "log_opinion": ("date", "people", "issues"),
    "second_opinion": ("people", "topic"),
    "update_status": ("topic", "status", "satisfaction"),
    "draft_proposal": ("topic",),
}


def _field_of(word: str | None, intent: str | None = None) -> str | None:
    """The field a word names (日期 → date); for a record without that field, its topic
    (a draft's 内容 is its topic)."""
    if not word:
        return None
    for field, words in load("acts")["field_words"].items():
        if word in words:
            fields = CORRECTABLE.get(intent or "", ())
            if intent and field not in fields and "topic" in fields and field in ("issues", "topic"):
                return "topic"
            return field
    return None


def _correction(text, pending, speaker, roster, today, turn: str = "") -> Parse | None:
    """`text` is one clause of the `turn` (or the whole of it)."""
    field_words = [w for ws in load("acts")["field_words"].values() for w in ws]
    t = text.strip(PUNCT)
    added = (re.match(r"^(?:等一下[，,]?|还有[，,]?)?(?:再|另外|还)?(?:加上|加一个人?|添上|添一个人?|补上|补充|加|漏了|漏掉了|漏写了|少写了|少了|忘了写|忘写了|忘记写了?)(?:一个人|一位|一名)?[：:，,\s]*(?P<new>.+)$", t)
             or re.match(r"^(?:另外|同时)?(?:还有|以及|还见了|还走访了|还找了|还和|还跟)[：:，,\s]*(?P<new>.+)$", t)
             # 孔祥瑞也在 把他加上: the name first, then the request
             or re.match(r"^(?P<new>[^，,。\s]+?)(?:也[^，,。\s]{1,4}?)?[，,\s]*(?:把他们|把她们|把他|把她)?"
                         r"(?:也)?(?:一块|一起|一并)?(?:加上|加进去|添上|补上|记上)(?:他们|她们|他|她)?(?:吧|去)?$", t))
    if added and pending.intent in ("log_contact", "log_opinion") and pending.fields.people:  # (else it answers who)
        found = find_people(added.group("new"), speaker, roster)
        if found.people:
            data = pending.fields.model_dump()
            unknown, ambiguous = list(pending.unknown_people), dict(pending.ambiguous_people)
            _merge_people(data, pending, list(pending.fields.people or []) + found.people, found, unknown, ambiguous)
            if (pending.fields.headcount or 0) > len(pending.fields.people or []):
                data["headcount"] = max(data["headcount"] or 0, pending.fields.headcount)
            # 还有个电工杜海涛 也给他打了 他说配电房的梯子不稳: what the added person raised comes too
            extra = understand(turn or added.group("new"), speaker, roster, today).fields.issues or []
            data["issues"] = list(dict.fromkeys((data.get("issues") or []) + extra)) or None
            return _with(pending, "correct", Fields(**data), unknown, ambiguous)
    more = re.match(r"^(?:等一下[，,]?)?(?:再|另外|还)?(?:补充|加上|加|添上|还有)"
                    r"(?:(?:一个|一条|个)?(?:问题|意见|诉求|建议)|一条)[：:，,\s]*(?P<new>.+)$", t)
    if more and pending.intent in ("log_contact", "log_opinion"):
        # 再加一条 她说夜班的饭菜老是凉的: the matter without who said it (as in a first turn)
        extra = (understand(more.group("new"), speaker, roster, today).fields.issues
                 or F.split_issues(more.group("new")))
        if extra:
            fields = pending.fields.model_copy(update={"issues": list(dict.fromkeys((pending.fields.issues or []) + extra))})
            return _with(pending, "correct", fields)
    said_is = re.match(r"^(?P<old>[^，,。\s]{1,6}?)(?:就|其实|应该)?是(?P<new>[^，,。\s]+)$", t)
    if said_is and said_is.group("old") in (pending.fields.people or []):  # 老张是张伟
        return _apply(pending, "people", said_is.group("old"), said_is.group("new"), speaker, roster, today, "correct")
    said_wrong = re.match(r"^(?:(?:不对|错了|搞错了|说错了|写错了|记错了|记岔了|说岔了|搞岔了|弄错了)[，,\s]*)+(?:应该|其实|还)?是(?P<new>.+)$", t)
    m = (re.match(r"^(?:不对[，,]?)?(?:不是|并不是|没)(?P<old>.+?)[，,]?\s*(?:而)?是(?P<new>.+)$", t)
         or re.match(r"^(?:是|应该是)(?P<new>.+?)[，,]?\s*不是(?P<old>.+)$", t)
         or re.match(r"^(?P<old>(?!不对|错了).+?)(?:不对|错了|写错了|记错了|搞错了|说错了|打错了)[，,]?\s*(?:应该|其实)?是(?P<new>.+)$", t)
         # 人数记错了 一共来了十一个: the field named, then its value
         or re.match(rf"^(?P<old>{_alt(field_words)})(?:也|又)?(?:记错了|写错了|打错了|不对)[，,\s]+(?P<new>[^，,。\s]*?(?:一共|总共|实际)[^，,。\s]+)$", t)
         or re.match(r"^把(?P<old>.+?)(?:改成|改为|换成|更正为|改一下为)(?P<new>.+)$", t)
         or said_wrong)
    field = None
    if m:
        old = (m.groupdict().get("old") or "").strip(PUNCT) or None
        new = m.group("new").strip(PUNCT)
        if m is said_wrong:  # 不对 还是会议吧 就是个短会: the value, not why
            why = re.split(r"[，,。\s]+", new)[1:]
            new = re.sub(r"[吧呢啊呀]+$", "", re.split(r"[，,。\s]+", new)[0])
            # 不对 记岔了 是张伟 张三那天休班没来: the one replaced is the one the why names
            absent = [p for p in pending.fields.people or [] if any(w.startswith(p) for w in why)]
            old = absent[0] if len(absent) == 1 and find_people(new, speaker, roster).people else old
        field = _field_of(old, pending.intent)
        if field:
            old = None
            new = re.split(r"[，,\s]+不是", new)[0]  # 名字打错了 是钟诚 不是新人: the value, not what it is not
            if field == "people" and len(pending.unknown_people) == 1:
                old = pending.unknown_people[0]  # the name typed wrong is the one not on the roster
        elif old is None and new in (pending.fields.people or []):
            return None
        elif old is None and (named := find_people(new, speaker, roster, detect_unknown=False)).people and \
                set(named.people) <= set(pending.fields.people or []):
            # 不对不对 是我们物流中心的王芳: the same name, the namesake said again (the record keeps names only)
            ambiguous = {k: v for k, v in pending.ambiguous_people.items() if k not in named.people}
            ambiguous.update(named.ambiguous)
            return _with(pending, "correct", ambiguous=ambiguous)
    else:
        m = re.match(rf"^(?:不对[，,]?)?(?P<field>{_alt(field_words)})?(?:应该)?(?:改成|改为|换成|更正为|改一下|应该是|其实是|应为|还是|是|写成|加上|补上|填上|写上|添上|写全了[，,\s]*|写(?![错全])|[：:]|在)(?P<new>.+)$", t)
        if not m:
            return None
        field, old, new = _field_of(m.group("field"), pending.intent), None, m.group("new").strip(PUNCT)
        if field is None and not re.match(r"^(?:不对[，,]?)?(?:改成|改为|换成|更正为|应该是|其实是|还是)", t):
            return None  # "是张三" alone is an answer, not a correction
    new = re.sub(r"(?<=.)[吧呢啊呀哈]+$", "", new)  # 改成座谈吧
    return _apply(pending, field, old, new, speaker, roster, today, "correct")


def _removal(text, pending, speaker, roster) -> Parse | None:
    """去掉李四 / 第二个问题删掉 / 地点不要了: one person, one matter or one field taken out."""
    acts = load("acts")
    t = re.sub(r"(?<=.)[吧啊呀]+$", "", text.strip(PUNCT))  # 交通补贴那个删掉吧
    m = (re.match(rf"^(?:把)?(?P<what>.+?)(?:给)?(?:{_alt(acts['remove_after'])})$", t)
         or re.match(rf"^(?:{_alt(acts['remove_before'])})(?:掉)?(?P<what>.+)$", t))
    if not m:
        return None
    what = re.sub(r"了$", "", m.group("what").strip(PUNCT))
    what = re.sub(r"(?<=..)(?:那个|这个|那位|这位|那条|这条)$", "", what)  # 李四那个去掉
    data = pending.fields.model_dump()
    people = list(data.get("people") or [])
    issues = list(data.get("issues") or [])
    nth = re.fullmatch(rf"第(?P<n>{NUMBER})(?:个|条|项)?(?:问题|意见|诉求|事)?", what)
    if what in people:
        found = find_people("", speaker, roster)
        unknown, ambiguous = list(pending.unknown_people), dict(pending.ambiguous_people)
        _merge_people(data, pending, [p for p in people if p != what], found, unknown, ambiguous, replaced=what)
        stated = pending.fields.headcount or 0
        if stated > len(people):  # 张三、李四等5人 without 李四: 4
            data["headcount"] = stated - 1
        return _with(pending, "correct", Fields(**data), unknown, ambiguous)
    if nth and issues:
        n = to_int(nth.group("n"))
        if n is None or not 1 <= n <= len(issues):
            return None
        del issues[n - 1]
    elif any(what == i or (len(what) >= 2 and what in i) for i in issues):
        issues = [i for i in issues if not (what == i or what in i)]
    else:
        field = _field_of(what, pending.intent)
        if field in ("place", "issues", "headcount") and field in CORRECTABLE.get(pending.intent, ()):
            data[field] = None
            return _with(pending, "correct", Fields(**data))
        return None
    data["issues"] = issues or None
    return _with(pending, "correct", Fields(**data))


def _guess_field(pending: Parse, old: str | None, new: str, speaker, roster, today) -> str | None:
    f = pending.fields
    if old:
        if f.people and any(old == p or old in p for p in f.people):
            return "people"
        if f.people and set(find_people(old, speaker, roster, detect_unknown=False).people) & set(f.people):
            return "people"  # 不是钟师傅 是林晓: the record holds 钟诚
        if f.place and old in f.place:
            return "place"
        if f.form and old == f.form or old in FORMS or (f.form and F.find_form(old, True)[0] == f.form):
            return "form"  # (没开会 是…: the form said as what was not done)
        if find_date(old, today).found:
            return "date"
    if new in FORMS or (F.find_form(new, True)[0] and len(new) <= 6):
        return "form"
    if find_date(new, today).found:
        return "date"
    if re.fullmatch(rf"{NUMBER}(?:个|名|位)?(?:人|职工|工人)?", new):
        return "headcount"
    found = find_people(new, speaker, roster)
    if found.people and _only_names(new, found):  # not 张三是装配车间的: that says something about 张三
        return "people"
    if pending.intent == "log_contact" and (new in roster.units or re.search(PLACE_ENDINGS, new)):
        return "place"
    if pending.intent == "update_status" and F.find_status(new):
        return "status"
    if pending.intent == "update_status" and F.find_satisfaction(new) and F.only_status(new):
        return "satisfaction"  # 改成满意 / 大伙儿说还凑合: how it went, not which opinion
    if "topic" in CORRECTABLE.get(pending.intent, ()):  # 不是雨棚，是食堂热饭 / 改成班车线路的
        return "topic"
    return None


def _only_names(text: str, found) -> bool:
    """`text` says nothing but the names found in it (张薇和李四 / 张薇、李四两个人)."""
    chars = list(text)
    for a, b in found.spans:
        chars[a:b] = [""] * (b - a)
    rest = "".join(chars)
    return not re.sub(rf"[、，,和跟与及\s]|{NUMBER}(?:个人|个|人|位|名)|等|俩|两人|师傅|同志", "", rest)


def _apply(pending, field, old, new, speaker, roster, today, act) -> Parse | None:
    field = field or _guess_field(pending, old, new, speaker, roster, today)
    if field is None:
        return None
    data = pending.fields.model_dump()
    unknown, ambiguous = list(pending.unknown_people), dict(pending.ambiguous_people)
    notes: list[str] = []
    if field == "date":
        d = find_date(new, today)
        if not d.found:
            return None
        data["date"] = d.date
        if d.note:
            notes.append(d.note)
    elif field == "form":
        form = new if new in FORMS else F.find_form(new, True)[0]
        if not form:
            return None
        data["form"] = form
    elif field == "place":
        data["place"] = re.sub(r"^(?:是)?(?:在|到|去)", "", new).strip(PUNCT) or None
        data["place"] = re.sub(r"(?:里|那边)$", "", data["place"] or "") or None
        data["place"] = _home_of(data["place"], data.get("people") or [])
    elif field == "headcount":
        m = re.search(NUMBER, re.sub(r"^.*?(?:一共|总共|实际)(?:来了|有)?", "", new))  # (连林晓李四一共八个: 一 is no count)
        n = to_int(m.group(0)) if m else None
        if not n:
            return None
        data["headcount"] = n
        if data.get("people") is None:
            data["people"] = []
    elif field == "issues":
        data["issues"] = F.split_issues(new) or [new]
    elif field == "topic":
        topic = F.proposal_topic(new) if pending.intent == "draft_proposal" else F.opinion_topic(new, [])
        data["topic"] = topic or F.bare_topic(new)
        if not data["topic"]:
            return None
    elif field == "status":
        status = F.find_status(new)
        if not status:
            return None
        data["status"] = status
    elif field == "satisfaction":
        satisfaction = F.find_satisfaction(new)
        if not satisfaction:
            return None
        data["satisfaction"] = satisfaction
    elif field == "people":
        found = find_people(new, speaker, roster)
        names = found.people or ([new] if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", new) else [])
        if not names:
            return None
        people = list(data.get("people") or [])
        if old and old not in people:  # 不是钟师傅 是林晓: the record holds 钟诚
            as_named = find_people(old, speaker, roster, detect_unknown=False).people
            old = next((p for p in as_named if p in people), old)
        if old and old in people:
            i = people.index(old)
            people[i:i + 1] = names
        else:
            people = names
        _merge_people(data, pending, people, found, unknown, ambiguous, replaced=old)
    else:
        return None
    return _with(pending, act, Fields(**data), unknown, ambiguous, notes)


def _home_of(place: str | None, people: list[str]) -> str | None:
    """他家/她家 said of the one person in the record is that person's home (张三家)."""
    if place in ("他家", "她家") and len(people) == 1:
        return people[0] + "家"
    return place


def _merge_people(data, pending, people, found, unknown, ambiguous, replaced=None) -> None:
    old_people = pending.fields.people or []
    stated = pending.fields.headcount if (pending.fields.headcount or 0) > len(old_people) else 0
    people = list(dict.fromkeys(people))
    data["people"] = people
    # Only a contact counts the people met; an opinion's people are who raised it.
    data["headcount"] = (max(len(people), stated or 0) or None) if pending.intent == "log_contact" else None
    new_unknown = [p for p in unknown if p in people] + [p for p in found.unknown if p not in unknown]
    unknown[:] = [p for p in dict.fromkeys(new_unknown) if p in people]
    kept = {k: v for k, v in ambiguous.items() if k in people and k != replaced}
    kept.update(found.ambiguous)
    ambiguous.clear()
    ambiguous.update(kept)


# ------------------------------------------------------------------ answers
def _answer(text, pending, asked, speaker, roster, today) -> Parse | None:
    """Fill the slot asked about (and any other slot the answer names)."""
    t = text.strip(PUNCT)
    data = pending.fields.model_dump()
    unknown, ambiguous = list(pending.unknown_people), dict(pending.ambiguous_people)
    notes: list[str] = []
    changed = False

    if asked in ("people", None) and pending.ambiguous_people:
        resolved = _resolve_ambiguous(t, pending, roster)
        if resolved is not None:
            people, ambiguous_left = resolved
            data["people"] = people
            ambiguous = ambiguous_left
            return _with(pending, "answer", Fields(**data), unknown, ambiguous)

    d = find_date(t, today)
    if d.found and pending.intent in ("log_contact", "log_opinion") and (
            asked == "date" or data.get("date") is None or pending.intent == "log_opinion"):
        # (an opinion's date is today until a day is said: 是上礼拜四他俩一块找我说的)
        data["date"] = d.date
        if d.note:
            notes.append(d.note)
        changed = True
    if pending.intent == "log_contact":
        found = find_people(t, speaker, roster)
        unnamed = list(t)
        for a, b in found.spans:  # 就张三一个人: 一个, not 三一个
            unnamed[a:b] = ["、"] * (b - a)
        headcount = F.find_headcount("".join(unnamed))
        form, _ = F.find_form(t, bool(found.people) or asked == "form")
        if form is None and t in FORMS:
            form = t
        if form and (asked == "form" or data.get("form") is None):
            data["form"] = form
            changed = True
        if found.people and (asked == "people" or not data.get("people")):
            people = _replace_unresolved(data.get("people") or [], found.people, pending)
            _merge_people(data, pending, people, found, unknown, ambiguous)
            changed = True
        if headcount and (asked in ("people", "headcount") or not data.get("headcount")):
            named = len(data.get("people") or [])
            # 见着老宋跟钟诚 还有俩学徒: a number joined by 还有 counts people besides the names (CONVENTIONS 8)
            data["headcount"] = named + headcount if re.search(r"还有|另外|外加|以及", t) and found.people else max(headcount, named)
            if data.get("people") is None:
                data["people"] = []
            changed = True
        place = F.find_place(t, found.people or data.get("people") or [], roster.units)  # 去他家了: 张三家
        if place and not data.get("place"):
            data["place"] = place
            changed = True
        if asked == "place" and not changed:
            data["place"] = re.sub(r"^(?:在|到|去)", "", t)
            changed = True
    if asked in ("issues",) and not changed:
        data["issues"] = F.split_issues(t) or [t]
        changed = True
    if not changed and pending.intent == "update_status" and asked in ("topic", None) and (
            F.only_status(t) or (F.find_satisfaction(t) and not F.find_status(t) and _REPORTED.match(t))):
        # 职工挺满意 after 办结了: how it went, not which opinion (the opinion is still asked)
        data["status"] = F.find_status(t) or data.get("status")
        data["satisfaction"] = F.find_satisfaction(t) or data.get("satisfaction")
        return _with(pending, "answer", Fields(**data), unknown, ambiguous, notes)
    if asked == "topic" and not changed:
        opinion_id, span = F.find_opinion_id(t)
        if opinion_id is not None:  # 第3条
            data["opinion_id"] = opinion_id
        else:
            named = find_people(t, speaker, roster, detect_unknown=False).people
            if pending.intent == "second_opinion" and named and not data.get("people"):
                data["people"] = named  # 吴勇提的雨棚那个: whose opinion it is
            # 就锅炉房没休息室那条: 就 points at it (but 就餐区太挤 is the matter)
            bare_t = re.sub(r"^(?:就是|应该是|是|就(?![餐业医诊近职]))", "", t)
            data["topic"] = F.opinion_topic(bare_t, named) or bare_t
        changed = True
    if asked == "status" and not changed:
        status = F.find_status(t)
        if status:
            data["status"] = status
            changed = True
    if not changed:
        if asked == "date" and d.found:  # a vague date again: still missing, with the note
            return _with(pending, "answer", notes=[d.note] if d.note else [])
        return None
    return _with(pending, "answer", Fields(**data), unknown, ambiguous, notes)


def _replace_unresolved(people: list[str], answer: list[str], pending: Parse) -> list[str]:
    """Put the answer's names where the unresolved ones (老张, an ambiguous 李娜) stood."""
    unresolved = [p for p in people if p in pending.ambiguous_people]
    if not unresolved:
        return answer if not people or not pending.fields.people else list(dict.fromkeys(people + answer))
    out, queue = [], list(answer)
    for p in people:
        if p in pending.ambiguous_people and queue:
            out.append(queue.pop(0))
        else:
            out.append(p)
    return out + queue


def _resolve_ambiguous(text: str, pending: Parse, roster: Roster):
    """'装配车间的' / '装配车间那个' / '后勤的' picks among namesakes by unit (said whole, or by
    its first two characters when no other unit starts with them); 机加的张伟 by the name said."""
    units = units_said(text, roster.units)
    people = list(pending.fields.people or [])
    ambiguous = dict(pending.ambiguous_people)
    done = False
    for said, candidates in pending.ambiguous_people.items():
        named = [c for c in candidates if c.split("（")[0] in text]
        matching = named if len(named) == 1 else [c for c in candidates if any(f"（{u}）" in c for u in units)]
        if len(matching) == 1:
            name = matching[0].split("（")[0]
            people = [name if p == said else p for p in people]
            ambiguous.pop(said, None)
            done = True
    return (people, ambiguous) if done else None
