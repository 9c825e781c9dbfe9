"""`understand`: one first utterance → intent, fields, what is missing (store.schemas.Parse).

Data flows one way: normalise → small talk? → dates, people, forms found → intent → the
fields that intent uses → missing. Pure: no I/O beyond the lexicons and the given roster.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from store.schemas import Fields, Parse

from . import fields as F
from .dates import find_date
from .intents import cue_intent, is_bare_correction, is_small_talk, matches, strip_asides, strip_forwarding, strip_opener
from .lexicon import alternation, expand, load
from .people import find_people, names_lead
from .roster import Roster

MAX_CHARS = 2000  # a chat turn longer than this is cut (a pasted document is not a turn)
TOPIC_INTENTS = ("draft_proposal", "second_opinion", "update_status", "query_requirements")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
                           "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．／－　",
                           "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz./- ")


_FORM_TAG = re.compile(r"走访|座谈|慰问|调研|接待|家访|回访|谈心")


def normalise(text) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.translate(_FULLWIDTH).replace("\r", "\n")
    text = re.sub(r"[\t｜|]+|\s+/\s+", " ", text)  # a pasted table row: its cells are separated like words
    # Emoji and other pictographs carry no field (👍 after a matter is not part of it); unit signs
    # (32℃, 20㎡) are words of the matter.
    text = "".join(c for c in text if (c.isprintable() or c == "\n")
                   and (unicodedata.category(c) != "So" or "\u2100" <= c <= "\u214f" or "\u3300" <= c <= "\u33ff"))
    # A line pasted from a group chat starts with its tag (【质检中心工会群】, 【工作提醒】): no field.
    # …unless the tag names the form (【走访记录】时间：… is a contact record).
    text = re.sub(r"^\s*(?:【[^】]{1,20}】\s*)+", lambda m: "".join(
        t + " " for t in re.findall(r"【([^】]*)】", m.group(0)) if _FORM_TAG.search(t)), text)
    # 我我我提个意见: a word repeated as voice input stutters it, at the start of a clause
    text = re.sub(r"(?:(?<=^)|(?<=[\s，,。]))(我|你|他|她)\1+", r"\1", text)
    # 我提两条一件: 意见 as voice input hears it, after a count (CONVENTIONS 21)
    text = re.sub(r"(?<=[个条点号])一件(?=$|[\s，,。：:])", "意见", text)
    # A full stop typed as "." after Chinese ends a sentence like 。 (三年前的.罗志刚建议…); 2.5 and 11.10 stay.
    text = re.sub(r"(?<=[\u4e00-\u9fff])\.(?!\d)", "。", text)
    return text.strip()[:MAX_CHARS]


def required_missing(intent: str, fields: Fields, ambiguous_people: dict | None = None) -> list[str]:
    """What must still be asked before the record can be saved (CONVENTIONS.md "missing")."""
    missing: list[str] = []
    if intent == "log_contact":
        if fields.date is None:
            missing.append("date")
        if fields.form is None:
            missing.append("form")
        if ambiguous_people or (not fields.people and not fields.headcount):
            missing.append("people")
    elif intent == "log_opinion":
        if fields.date is None:  # a vague or coming day (an opinion with no day said is today's)
            missing.append("date")
        if ambiguous_people:
            missing.append("people")
        if not fields.issues:
            missing.append("issues")
    elif intent == "second_opinion":
        if ambiguous_people:  # 老王提的…: whose opinion it is must be settled too
            missing.append("people")
        if not fields.topic and fields.opinion_id is None:
            missing.append("topic")
    elif intent == "update_status":
        if not fields.topic and fields.opinion_id is None:
            missing.append("topic")
        if not fields.status:
            missing.append("status")
    return missing


def _notes(date_note, people) -> list[str]:
    notes = [date_note] if date_note else []
    for said, candidates in people.ambiguous.items():
        if candidates:
            notes.append(f"“{said}”可能是：{'、'.join(candidates)}，请说明是哪一位")
        else:
            notes.append(f"花名册里没有能对应“{said}”的人，请说全名")
    if people.unknown:
        notes.append(f"{'、'.join(people.unknown)}不在花名册中")
    return notes


def understand(text, speaker: str, roster: Roster, today: dt.date) -> Parse:
    """Never raises: anything unreadable is intent `other` with a note."""
    try:
        return _understand(normalise(text), speaker or "", roster, today)
    except Exception:  # the chat must answer whatever was typed; the note says what to do
        return Parse(intent="other", notes=["没能理解这句话，请换个说法再说一次。"])


_DAY = (r"(?:大?前天|大?前儿个|昨天|昨儿个?|今天|[上本这]?周[一二三四五六日天]|(?:上|这)?(?:星期|礼拜)[一二三四五六日天]|\d{1,2}[号日]|"
        r"\d{1,2}月\d{1,2}[号日]?|上个?月\d{1,2}[号日])")
_SELF_CORRECTED_DAY = re.compile(
    rf"{_DAY}(?:[上下中]午|晚上|早上)?(?:那个|那会儿?)?[\s，,]*(?:哦|噢)?(?:不对|不是|说错了)[\s，,]+(?:是)?(?=\S)")
# 昨天给宋大勇打电话 不对 是前儿个: the day corrected after more was said
_DAY_SAID_AGAIN = re.compile(rf"[\s，,]+(?:哦|噢)?(?:不对|说错了)[\s，,]*(?:是|应该是)?(?P<day>{_DAY})(?=[\s，,]|$)")
_THANKS = re.compile(r"[，,。.！!\s]*(?:谢谢你?了?|谢了|多谢|辛苦了|麻烦了)[。.！!~～]*$")


def _understand(text: str, speaker: str, roster: Roster, today: dt.date) -> Parse:
    typed = text.rstrip("。") or text  # a question's topic is the question as typed, opener and thanks and all
    text = _THANKS.sub("", _THANKS.sub("", text)) or text  # …标准是多少？谢谢 / 麻烦了 谢谢 — the thanks carries nothing
    text = text.rstrip("。") or text  # …是硬性要求不。 reads like …是硬性要求不
    text = _SELF_CORRECTED_DAY.sub("", text)  # 昨天 不对 前天 在…: the day said last
    if (again := _DAY_SAID_AGAIN.search(text)) and (first := find_date(text[:again.start()], today)).found:
        text = text[:first.start] + again.group("day") + text[first.end:again.start()] + text[again.end():]
    text = strip_opener(text)  # 嗯，/ 好的 / 那个那个 open the turn and carry nothing
    text = strip_asides(text)  # 第一次用这个 试试看 / 这样记行吗: about the assistant, no part of the record
    text = strip_forwarding(text)
    text = re.sub(load("issues")["leading_inquiry"], "", text)
    if is_small_talk(text):
        return Parse(intent="other")
    if is_bare_correction(text):
        return Parse(intent="other", act="correct")  # the dialogue says nothing is pending
    cue = cue_intent(text)
    if cue == "other":
        return Parse(intent="other")
    if cue in TOPIC_INTENTS and cue != "query_requirements":
        return _topic_intent(cue, text, speaker, roster, today)
    if cue == "ask_regulation":
        typed_question = Parse(intent="ask_regulation", fields=Fields(topic=F.question_topic(typed)))

    text = _said_first(text, speaker, roster)
    frame_start, words_start = F.issues_start(text)
    labelled_contact = (frame_start >= 0 and text[frame_start] in "：:"
                        and (_CONTACT_LABEL.search(text[:frame_start]) is not None
                             or (_RECORD_REQUEST.search(text[:frame_start]) is not None
                                 and _tells_contact(text[frame_start + 1:], speaker, roster))))
    if labelled_contact:
        # 登记一次联系：上周五，杨帆、郭建华，反映… — the colon opens the contact's details, not its matters
        frame_start, words_start = F.issues_start(text, frame_start + 1)
    if frame_start >= 0 and text[frame_start] in "：:":
        # 记一下：张三希望… / 记一条意见：动力车间职工黄磊、何静反映… — the people after the colon raised it
        b = _raisers_end(text[words_start:words_start + 24], speaker, roster)
        if b is not None:
            frame_start, words_start = F.issues_start(text, words_start + b)
    if frame_start >= 0 and text[frame_start] in "：:" and _only_names(text[words_start:], speaker, roster):
        frame_start = words_start = -1  # 走访了3名职工：张三、李四、张伟 — a list of people, not matters
    if words_start >= 0 and frame_start == words_start:  # a carrying verb: …孩子上学的事想让工会帮忙问问
        start = F.matter_clause_start(text, words_start)
        # …not when only the people who want it stand before the verb (记个意见 汪洋和刘小军希望…)
        if start is not None and _raisers_end(text[start:words_start], speaker, roster) != words_start - start:
            frame_start = words_start = start
    zone = text if frame_start < 0 else text[:frame_start]
    head = text if words_start < 0 else text[:words_start]  # zone plus its reporting verb
    date = find_date(zone, today)
    people = _people_contacted(text, frame_start, speaker, roster)
    headcount = F.find_headcount(_without_names(zone, people.spans))
    form, _ = F.find_form(head, bool(people.people))
    said_again = F.said_last(head)
    if said_again != head and (again := F.find_form(said_again, bool(people.people))[0]):
        form = again  # 给黄磊打电话 不对 是当面找他聊的: the form said last
    setting = ""
    if form is None and words_start >= 0:  # 张三反映宿舍没暖气 是昨天走访时说的
        form, _, setting = F.setting_clause(text[words_start:], bool(people.people))
        if form and not date.found:
            date = find_date(setting, today)

    place_cell = None  # (a pasted row's place cell: found below, when no form word says a contact)
    contacted = _contact_described(text, head, frame_start, labelled_contact, date, people, roster)
    told_contact = _tells_of_contact(text, frame_start, date, people, form, contacted)
    if cue == "ask_regulation" and not told_contact:
        return typed_question
    # 今年还没发 in a told contact is a matter; 年底了 这季度走访还差几个人 tells of none (no one, no day)
    if cue == "query_requirements" and not (told_contact and (people.people or date.date)
                                            and not _ENDS_AS_QUESTION.search(text)):
        return _topic_intent(cue, text, speaker, roster, today)
    if form or ((people.people or headcount or F.mentions_group(head)) and contacted):
        intent = "log_contact"
    elif cue == "log_opinion" or (frame_start >= 0 and len(re.findall(r"[\u4e00-\u9fff]", text[words_start:])) >= 2):
        # (a reporting verb with nothing after it — 他说, 随便说说 — raises no matter)
        intent = "log_opinion"
    elif date.found and headcount:
        intent = "log_contact"
    elif date.found and people.people:
        # 昨天 钟诚 夜班饭 凉的: a note of who raised what, no contact told (CONVENTIONS 34); 昨天 钟诚: a contact;
        # 11月19号 煤场 黄磊 司马磊 …: a pasted row with a place cell, a contact (its form missing)
        place_cell = _place_cell(text, date, people)
        intent = "log_opinion" if _matter_left(text, date, people, roster) and not place_cell else "log_contact"
    elif _CONTACT_REQUEST.match(text):  # 登记个联系 在机加车间休息室: a contact to be told in pieces
        intent = "log_contact"
    else:
        return Parse(intent="other")

    issues = F.split_issues(text[words_start:], _names_as_said(text, people)) if words_start >= 0 else []
    if intent == "log_opinion" and not people.people:
        issues = _with_words_before_wish(text, frame_start, words_start, date, issues)
    elif intent == "log_opinion":
        issues = _own_matters_before(text, people, issues)
    if setting:
        issues = [i for i in issues if i not in setting]
    if intent == "log_contact":
        issues = _contact_issues(text, frame_start, words_start, date, people, issues)
        if form == "慰问":  # 其爱人无固定工作，孩子明年高考，希望…: the circumstances are no matter, the need is
            issues = [F.need_said(i) for i in issues]
        n_people = len(people.people)
        count = max(n_people, headcount or 0) or None
        more = next((m for _, b in people.spans if (m := _MORE_PEOPLE.match(text, b))), None)
        others = (F.find_headcount(more.group(0)) or headcount) if more else None
        if others:
            # 和郑海燕还有两个同事 / …还有俩外包的: the number counts the others
            # (来了5个人 马超 孔祥瑞还有3个…: the total said first stands)
            total = headcount if headcount and others != headcount else 0  # a total said besides the others' number
            count = max(n_people + others, total)
        place = F.find_place(_before_matters(zone, issues), people.people, roster.units) or place_cell
        if form == "慰问" or (place or "").endswith("家"):  # 听说他老丈人住院了: why the visit was paid
            issues = [i for i in issues if not F.only_an_occasion(i)]
        fields = Fields(
            date=date.date,
            form=form,
            people=people.people if (people.people or count) else None,
            headcount=count,
            place=place,
            issues=issues or None,
        )
    else:
        if not issues and words_start < 0:  # (after a frame, nothing or only 回头再补 is no matter)
            body = _opinion_body(text, date)
            if people.people:  # 昨天 钟诚 夜班饭 凉的: who raised it, then the matter
                body = re.sub(rf"^\s*(?:{alternation(people.people)})(?:[\s、和]+(?:{alternation(people.people)}))*\s+", "", body)
            issues = F.split_issues(body)
        issues, raisers = _matters_and_raisers(text, issues, people.people, speaker, roster)
        fields = Fields(
            date=date.date if date.found else today,
            people=raisers or None,
            issues=issues or None,
        )
    missing = required_missing(intent, fields, people.ambiguous)
    return Parse(
        intent=intent,
        fields=fields,
        missing=missing,
        unknown_people=people.unknown,
        ambiguous_people=people.ambiguous,
        notes=_notes(date.note, people),
    )


def _contact_described(text: str, head: str, frame_start: int, labelled_contact: bool, date, people,
                       roster: Roster) -> bool:
    """Whether the words describe meeting people, though no form word may be said."""
    return (F.mentions_contact(head) or labelled_contact
            or _CONTACT_REQUEST.match(text) is not None  # 记一次联系 上周三 孔祥瑞 诸葛文 …
            # 昨天和马超、诸葛文在质检中心化验室 他们反映…: people met on a day said, with no form word, is a
            # contact whose form is asked (not their opinion, written without the form)
            or ((date.found or frame_start >= 0)
                and _met_with(text[:frame_start] if frame_start >= 0 else text, people.spans))
            # 11月20日 后勤服务部 沈小红 反映：… — a row of a contact ledger: day, unit, person
            or (date.found and bool(people.people) and F.unit_cell(head, roster.units) is not None))


_ENDS_AS_QUESTION = re.compile(r"(?:[？?吗呢么]|了没有?|(?<=[下上够完])没有?|够不够|对不对|是不是|是不是[^，,。？?\s]{1,8}"
                               r"|(?:算不算|能不能|要不要|可不可以|有没有)[^，,。？?\s]{0,16}[啊呀])\s*$")


def _tells_of_contact(text: str, frame_start: int, date, people, form, contacted: bool) -> bool:
    """Whether a turn that also reads as a question tells of a contact that happened.

    A question cue (几个, 吗) does not make a told contact a question: a day said (even a vague
    one: 那天去车间走访了几个职工) with people or a form tells of one — unless the text ends
    as a question (双联活动年底评价分几个等次…不合格吗: 年底 and 活动 tell of no contact).
    A day still to come tells of no contact either (…我们这个季度的是不是12月20号).
    So does a meeting with people named who raised something (跟周敏 杨帆开了个座谈会 她们提了几个事
    一是…; 跟孙志强 李四都联系了一下 孙志强提到…), even with no day said."""
    ends_as_question = _ENDS_AS_QUESTION.search(text) is not None
    if date.found and (people.people or (form and (date.date is not None or not (ends_as_question or date.to_come)))):
        return True
    return bool(people.people) and bool(form or contacted) and frame_start >= 0 and not ends_as_question


def _with_words_before_wish(text: str, frame_start: int, words_start: int, date, issues: list[str]) -> list[str]:
    """An opinion whose first carrying verb is a wish (希望/建议) may have its matter said before it."""
    before_wish = text[:words_start] if 0 < words_start == frame_start else ""
    if not before_wish:
        return issues
    if not matches("log_opinion", before_wish) and _COMPLAINT.search(before_wish):
        # 机关食堂菜品太单一，建议每周搞一次特色菜: the complaint before the wish is the same matter
        return F.split_issues(text, [])
    if re.search(r"[\s，,。；;]$", before_wish) and len(issues) < len(again := F.split_issues(_opinion_body(text, date))):
        # 记一条意见 锅炉房温度到了40℃ 希望装空调: what is said before the wish, after a pause, is said too
        return again
    return issues


def _own_matters_before(text: str, people, issues: list[str]) -> list[str]:
    """我自己一条 饮水机离工位太远 还有郭建华希望…: the speaker's own matter, said before the first raiser."""
    first = min(a for a, _ in people.spans)
    joined = re.search(r"[\s，,。；;]+(?:还有|另外|再就是|再有)$", text[:first])
    if not joined:
        return issues
    return [i for i in F.split_issues(text[:joined.start()]) if i not in issues] + issues


def _contact_issues(text: str, frame_start: int, words_start: int, date, people, issues: list[str]) -> list[str]:
    """A contact's matters: those after the reporting verb, and those said without one, each without
    the speaker's own thoughts after it."""
    musing = re.compile(load("issues")["speaker_musing"])
    return [kept for kept in (musing.split(i, maxsplit=1)[0].strip() for i in
                              _raised_in_contact(text, frame_start, words_start, date, people, issues)) if kept]


def _names_as_said(text: str, people) -> list[str]:
    """The people's roster names, and each name as said (何姐, 志强也在)."""
    return list(dict.fromkeys(people.people + [text[a:b] for a, b in people.spans]))


def _raised_in_contact(text: str, frame_start: int, words_start: int, date, people, issues: list[str]) -> list[str]:
    names = _names_as_said(text, people)
    if words_start < 0:
        return F.unframed_issues(text, names, date.said)
    if F.clause_start(text, frame_start) <= 0:
        return issues
    # Matters said without a reporting verb before the first one said with it:
    # …慰问了王芳 她父亲住院了家里缺人照顾 另外想申请困难职工帮扶
    before = F.unframed_issues(text[:F.clause_start(text, frame_start)], names, date.said)
    lead_in = text[:frame_start].rstrip()
    if (before and issues and frame_start == words_start and lead_in[-1:] in ("，", ",")
            and lead_in[:-1].endswith(before[-1])):
        # 夜班补贴发得太晚，希望每月10号前发: a wish after a bare comma goes on with the complaint
        before[-1], issues = f"{before[-1]}，{issues[0]}", issues[1:]
    return list(dict.fromkeys(before + issues))


def _matters_and_raisers(text: str, issues: list[str], people: list[str], speaker: str,
                         roster: Roster) -> tuple[list[str], list[str]]:
    """An opinion's matters and who raised them, in the order said: a rostered name opening a
    later matter raised it (…；还有钟诚要求车间配个饮水机 → 钟诚)."""
    issues = [i for i in issues if i not in people and i not in roster.by_name]  # 记录意见 张薇 …
    raisers = list(people)
    rostered = sorted(roster.by_name, key=len, reverse=True)
    for n, issue in enumerate(issues):
        name = next((r for r in rostered if issue.startswith(r)), None)
        if name and name != speaker and (again := F.split_issues(issue, [name])) and again[0] != issue:
            issues[n] = again[0]
            raisers = list(dict.fromkeys(raisers + [name]))
    if len(raisers) > len(people) and all(r in text for r in raisers):
        raisers.sort(key=text.find)  # a raiser found in the matters takes its place in the order said
    return issues, raisers


def _place_cell(text: str, date, people) -> str | None:
    """煤场 in 11月19号 煤场 黄磊 …: a cell between the day and the first name that names a place."""
    cells = text[date.end:min(a for a, _ in people.spans)].split()
    return next((c for c in cells if len(c) <= 8 and F.PLACE_SUFFIX.search(c)), None)


def _matter_left(text: str, date, people, roster: Roster) -> bool:
    """Words besides the day and the names that say something (not only where: 昨天 钟诚 机加车间)."""
    rest = _without_names(text[:date.start] + " " * (date.end - date.start) + text[date.end:], people.spans)
    pieces = [p for p in re.split(r"[\s、，,。；;]+", rest) if p]
    return any(not F.find_place(f"在{p}", [], roster.units) and p not in roster.units and not _PEOPLE_WORDS.fullmatch(p)
               for p in pieces)


_PEOPLE_WORDS = re.compile(r"(?:人有|有|人员有?|参加的?有?|参加人员|见了|还有|和|跟|与|同|等)")  # 人有杨帆


def _before_matters(text: str, issues: list[str]) -> str:
    """`text` up to the clause where the first matter raised begins: a place is where the contact
    happened, never words inside a matter (…她老公工伤在家躺了俩月)."""
    found = [i for i in (text.find(issue) for issue in issues) if i > 0]
    cut = F.clause_start(text, min(found)) if found else 0
    return text[:cut] if cut > 0 else text


def _only_names(text: str, speaker: str, roster: Roster) -> bool:
    found = find_people(text, speaker, roster)
    rest = _without_names(text, found.spans)
    return bool(found.people) and not re.sub(r"[、，,。；;\s和跟与及等]", "", rest)


_RAISERS_GAP = re.compile(r"(?:[、，,\s]|和|跟|与|以及|及)*")


def _raisers_end(text: str, speaker: str, roster: Roster) -> int | None:
    """Where a lead of people who raised a matter ends in `text`, when `text` opens with one:
    names joined by 、/和 (after at most a unit and a title: 动力车间职工黄磊、何静) and followed by
    a reporting or carrying verb (反映, 希望 …) or by the end of `text`. None otherwise."""
    found = find_people(text, speaker, roster)
    if not found.spans:
        return None
    a, end = found.spans[0]
    if not names_lead(text[:a], roster.units):
        return None
    for x, y in found.spans[1:]:
        if _RAISERS_GAP.fullmatch(text[end:x]) is None:
            break
        end = y
    rest = text[end:]
    if not rest or F.starts_with_report_verb(rest) or F.starts_with_matter_verb(rest):
        return end
    return None


# A count joined to a name by a connective counts people besides those named (郑海燕还有质检中心的两个
# 同事 = 3, 欧阳明还有机加车间十几名职工 = 12); a count right after the names counts them
# (赵小虎和孙丽丽两名新职工 = 2, 张伟等5名 = 5).
_MORE_PEOPLE = re.compile(r"[，,\s]*(?:还有|以及|外加|加上|带着|和|跟|及)(?:另外|其他|别的)?(?:[^，,。；\s]{1,8}?的|[^，,。；\s]{0,6}?(?:车间|中心|部|班组|班|组|科|室|队|站)(?:上|里)?)?(?:(?:[两二三四五六七八九十百]|\d)+(?:多|几|来|余)?(?:个|名|位)|仨|俩)")


# What a complaint about the workplace says (the second log_opinion row of lexicon/intents.yaml).
_COMPLAINT = re.compile(r"太[^，,。\s]{1,3}了?|不够|不足|没有|坏了|不亮|不热|不好|老是|总是|经常")
_RECORD_REQUEST = re.compile(r"(?:记|登记|记录|录)(?:一下|下)?$")


_SAID_AFTER = re.compile(r"^(?P<matter>[^，,。；;：:]{4,}?)[\s，,]+(?P<who>[^\s，,。；;]{2,10}?)(?P<verb>说|讲|反映|提)的"
                         r"(?P<rest>(?:[\s，,。；;].*)?)$")


def _said_first(text: str, speaker: str, roster: Roster) -> str:
    """食堂晚上的菜太咸了 周敏说的 她还说… — the matter said first and who said it after: read as 周敏说食堂…"""
    m = _SAID_AFTER.match(text)
    if (m is None or F.issues_start(m.group("matter"))[0] >= 0 or F.mentions_form(m.group("matter"))  # …开了个班组会 …老黄 金山带头说的
            or any(F.is_meta(piece) for piece in [m.group("matter")] + m.group("matter").split())  # 帮我录个意见 汪洋…
            or not find_people(m.group("who"), speaker, roster, detect_unknown=False).people):
        return text
    return f"{m.group('who')}{m.group('verb')}{m.group('matter')}{m.group('rest')}"


def _met_with(text: str, spans) -> bool:
    """和马超、诸葛文在… : a name introduced by 和/跟/同/与, not joined to a name or to 我 before it."""
    ends = {b for _, b in spans}
    return any(a > 0 and text[a - 1] in "和跟同与" and (a - 1) not in ends and text[a - 2:a - 1] not in ("我", "们")
               for a, _ in spans if a <= len(text))


def _tells_contact(text: str, speaker: str, roster: Roster) -> bool:
    """是不是该记一下：昨天我去机加车间看了看张三，他说… — what follows the colon is a contact: a form
    and people before any reporting verb."""
    frame_start, _ = F.issues_start(text)
    head = text if frame_start < 0 else text[:frame_start]
    found = find_people(head, speaker, roster)
    return bool(found.people) and F.find_form(head, True)[0] is not None


_CONTACT_REQUEST = re.compile(r"^(?:帮我|请|麻烦)?(?:登记|记|记录|录)(?:一下|一次|个|一个|下)?(?:联系|走访)(?:记录)?(?=$|[，,。\s])")
_CONTACT_LABEL = re.compile(r"(?:记|登记|录|记录)(?:一下|一次|一条|个|下)?(?:联系|走访|座谈|接待|慰问|家访|谈心)(?:情况|记录)?$")


def _without_names(text: str, spans) -> str:
    """`text` with each name replaced by a separator: 张三三个人 counts 三个, not 三三个."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = "、"
    return "".join(chars)


_TOGETHER = re.compile(r"(?:一起|一块儿?|一同|陪同|陪着|陪|带队|带领)")


def _companions(text: str, found) -> set[str]:
    """People who came along, not people contacted: 和陈主席一起走访了张三 / 陪王主席走访张三
    (names said in the same clause before 一起/陪同, when a contact word and more names follow)."""
    companions: set[str] = set()
    for m in _TOGETHER.finditer(text):
        later = [a for a, _ in found.spans if a > m.end()]
        if not later or not F.mentions_form(text[m.end():later[0]]):
            continue
        clause_start = max(text.rfind(c, 0, m.start()) for c in "，,。；;") + 1
        for name, (a, b) in zip(found.people, found.spans):
            if m.start() == b and text[:a].endswith(("和", "跟", "同", "与")) or (clause_start <= a and b <= m.start()):
                companions.add(name)
            if m.group(0).startswith("陪") and a == m.end():
                companions.add(name)
    # 我跟老陈去看了李四: who went with me to see someone else
    titled = alternation(load("people")["nickname_suffixes"] + ["同志"])
    for name, (a, b) in zip(found.people, found.spans):
        later = [x for x, _ in found.spans if x > b]
        # (我和王建国主席到…看望了方文华: the companion's title may follow the name)
        # (我和县总工会高峰同志到…: or the unit before the companion's name, and 同志 after it)
        # (今天上午跟刘芳去宋大勇家走访: with no 我, at the start of the turn or after its day)
        if (re.search(r"(?:我|^|[\s，,。]|[上下中]午|早上|晚上|[今昨前]天|[日号]|(?:周|礼拜|星期)[一二三四五六日天])(?:和|跟|同|与)[\u4e00-\u9fff]{0,6}$", text[:a])
                and re.match(rf"(?:{titled})?(?:一块儿?|一起)?(?:去|到|上)", text[b:])
                and later and F.mentions_form(re.split(r"[。；;]", text[b:])[0])):  # (…到黄磊家里慰问)
            companions.add(name)
    return companions


_CORRECTED_TO = re.compile(r"[\s，,]*(?:哦|噢)?(?:不对|说错了|写错了)[\s，,]*(?:应该)?(?:是|叫)?")


def _said_wrongly(text: str, found) -> set[str]:
    """张薇 不对 是杨帆: a name corrected in the same breath is not one of the people (the one said last is)."""
    wrong = set()
    for n in range(len(found.people) - 1):
        if _CORRECTED_TO.fullmatch(text[found.spans[n][1]:found.spans[n + 1][0]]):
            wrong.add(found.people[n])
    return wrong


def _without_title(words: str) -> str:
    """还有新来的学徒 → 还有: the job words said before a name."""
    return re.sub(rf"(?:{alternation(load('people')['titles'])})$", "", words)


_CLAUSE_OPENERS = ("", "另外", "还有", "再就是", "同时", "然后")  # …，另外孔祥瑞想申请…: his own matter


def _people_contacted(text: str, frame_start: int, speaker: str, roster: Roster):
    """People before the issues, and those who are the subject of a reporting verb after them
    (…诸葛文反映检测设备老化 叶青说化验室通风差); never names inside a matter."""
    found = find_people(text, speaker, roster)
    not_contacted = _companions(text, found) | _said_wrongly(text, found)
    if frame_start < 0 and not not_contacted:
        return found
    keep = [
        name for name, (a, b) in zip(found.people, found.spans)
        if (frame_start < 0 or a < frame_start or F.starts_with_report_verb(text[b:])
            or (F.starts_with_matter_verb(text[b:]) and (_without_title(text[F.clause_start(text, a):a]) in _CLAUSE_OPENERS
                                                         or names_lead(text[F.clause_start(text, a):a], roster.units))))
        and name not in not_contacted
    ]
    _keep_people(found, keep)
    return found


def _keep_people(found, keep: list[str]) -> None:
    """Only the people in `keep` stay found (their spans, and whether they are new or namesakes)."""
    found.spans = [span for name, span in zip(found.people, found.spans) if name in keep]
    found.people = keep
    found.unknown = [n for n in found.unknown if n in keep]
    found.ambiguous = {k: v for k, v in found.ambiguous.items() if k in keep}


_OPINION_LEAD = re.compile(
    r"^(?:请|麻烦)?(?:帮我|给我|替我)?(?:记录?一下|记录?|登记一下|登记|录入|记一条|记个|添加|新增|加一条)?"
    r"(?:一条|一个|个)?(?:职工的?|我的?(?!们))?(?:意见|建议|诉求|问题)?(?:是|：|:|，|,)?"
)


def _opinion_body(text: str, date) -> str:
    body = text[:date.start] + text[date.end:] if date.found else text
    return _OPINION_LEAD.sub("", body.strip(F.TRAILING_PUNCT))


# (7号意见交办了 不对 是立案: a status said again is no opinion restated)
_RESTATED_OPINION = re.compile(expand(r"^[^，,。；;]{1,20}?[\s，,]+(?:不对|不是|说错了)[\s，,]+(?:应该)?是(?=\S)(?!{status_words})"))
_POINTER_AND_WHO = re.compile(r"(?:上次|上回|之前|刚才|前面)?(?:那个事|那件事|这个事|这件事|那事|那个意见|那条意见|那个建议)[\s，,]*[\u4e00-\u9fff]{1,6}?(?:说|讲)(?:已经|已)?")


def _topic_intent(intent: str, text: str, speaker: str, roster: Roster, today: dt.date) -> Parse:
    if intent == "query_requirements":
        fields = Fields(period=F.find_period(text, today))
        return Parse(intent=intent, fields=fields)
    if intent == "ask_regulation":
        return Parse(intent=intent, fields=Fields(topic=F.question_topic(text)))
    if intent == "draft_proposal":
        fields = Fields(topic=F.proposal_topic(text), submit=True if F.wants_submit(text) else None)
        return Parse(intent=intent, fields=fields)
    text = _RESTATED_OPINION.sub("", text)  # 那个澡堂的 不对 是锅炉房…那条: the one said last
    opinion_id, span = F.find_opinion_id(text)
    rest = text if span[0] < 0 else text[:span[0]] + text[span[1]:]
    people = find_people(rest, speaker, roster)
    named = _names_as_said(rest, people)  # 郑海燕, and 老郑 as said
    if intent == "second_opinion":
        # (唐主席在群里转的那个: who passed it on raised nothing)
        _keep_people(people, [p for p, (_, b) in zip(people.people, people.spans)
                              if not re.match(r"[^，,。\s]{0,4}?(?:转的|转发的|转来的)", rest[b:])])
        # (第8条意见我也附一个: named by number, the number names it — CONVENTIONS 17)
        topic = F.opinion_topic(rest, named, seconding=True) if opinion_id is None else None
        fields = Fields(people=people.people or None, topic=topic, opinion_id=opinion_id)
        return Parse(intent=intent, fields=fields, missing=required_missing(intent, fields, people.ambiguous),
                     unknown_people=people.unknown, ambiguous_people=people.ambiguous, notes=_notes(None, people))
    else:  # update_status
        # (第八条意见 就是…那条: named by number, the number names it — CONVENTIONS 17)
        topic = _status_topic(rest, named) if opinion_id is None else None
        fields = Fields(topic=topic, opinion_id=opinion_id, status=F.find_status(text),
                        satisfaction=F.find_satisfaction(text))
    return Parse(intent=intent, fields=fields, missing=required_missing(intent, fields))


def _status_topic(rest: str, named: list[str]) -> str | None:
    """The opinion an update names, from the words before its status (or after it, or 关于…)."""
    cut, cut_end = F.status_span(rest)
    before = rest[:cut] if cut > 0 else ("" if cut == 0 else rest)
    before = re.sub(r"^[^，,。；;\s]{0,8}?把", "", before)  # 后勤已经把食堂热饭的问题解决了
    topic = None
    # 热饭的事后勤说正在办: who did it is no part of the topic; 张三那条食堂的意见: the first
    # marker may follow only the person who raised it, so the first marker with words before it wins.
    restated = re.search(r"(?:^|[，,。；;\s])(?:就是|也就是)", before)  # 食堂那个事 就是夜班没热饭那个
    markers = re.finditer(r"(?:的事情|的事儿|的事|那条|那件事|那个事|那事|一事|的问题|的意见|的建议)", before)
    if _POINTER_AND_WHO.fullmatch(before.strip()):  # 那个事后勤说弄好了: which one is not said
        markers, before = [], ""
    for marker in ([] if restated else markers):
        topic = F.opinion_topic(before[:marker.end()], named)
        if topic:
            break
    else:
        topic = F.opinion_topic(before, named)
    if topic is None and cut >= 0:  # 已经给杨帆反馈了工位的事 / 办结了 就是…那个加班餐标准低: named after it
        topic = F.opinion_topic(rest[cut_end:], named, named_only=True)
    about = re.search(r"关于(?P<t>[^，,。；;\s]{2,}?)的?(?:提案|意见|建议|那条|事)?(?=$|[，,。；;\s])", rest)
    if topic is None and about:  # 提案已经交了 是关于班车的
        topic = about.group("t")
    return topic
