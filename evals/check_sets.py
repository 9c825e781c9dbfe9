"""Validate the quality sets (evals/parse_dev.jsonl, evals/qa_dev.jsonl) against
CONVENTIONS.md and the cleaned corpus, then print their counts.

    .venv/bin/python evals/check_sets.py        # exit 1 and a list of problems if any

It checks shape, not the product: JSON keys, intents and fields allowed per intent,
ISO dates not after `today`, people on evals/eval_roster.csv (or listed as unknown,
or an ambiguous nickname/namesake flagged as missing), `missing` order and consistency,
`refused` consistency, dialogue turns, splits (~20% holdout), and for the QA set that
every quote is a verbatim span of knowledge/corpus/<doc>.txt lying inside the clause
it is filed under (clause paths recomputed from the corpus headings).

Holdout rule used when the sets were written: every 5th record by number (p005, p010 …,
d05, d10 …, q005, q010 …) is "holdout"; tune on "dev" only.
"""
from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals"
CORPUS = ROOT / "knowledge" / "corpus"

INTENTS = {"log_contact", "log_opinion", "second_opinion", "query_requirements",
           "ask_regulation", "draft_proposal", "update_status", "other"}
FIELDS = {
    "log_contact": {"date", "form", "people", "headcount", "place", "issues"},
    "log_opinion": {"date", "people", "issues"},
    "second_opinion": {"people", "topic", "opinion_id"},
    "update_status": {"topic", "opinion_id", "status", "satisfaction"},
    "query_requirements": {"period"},
    "ask_regulation": {"topic"},
    "draft_proposal": {"topic", "submit"},
    "other": set(),
}
MISSING_ORDER = ["date", "form", "people", "issues", "topic", "status"]  # CONVENTIONS "missing", point 4
FORMS = {"走访", "座谈", "电话", "微信", "接待", "调研", "慰问", "会议", "活动", "其他"}
STATUSES = {"立案", "交办", "办理中", "已办结", "已反馈", "已提交"}
SATISFACTION = {"满意", "基本满意", "不满意"}
ROLES = {"工会主席", "工会副主席", "车间工会主席", "职工代表", "职工", "委员", "代表",
         "机关干部", "人大代表", "政协委员"}
UNITS = {"公司工会", "机加车间", "装配车间", "动力车间", "质检中心", "物流中心", "后勤服务部"}
TABLES = {"contacts", "opinions", "people", "opinion_seconders", "proposals"}
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|Q[1-4]|H[12])?$")
CN_NUM = "一二三四五六七八九十"
CLAUSE = re.compile(rf"^(附件\d*[{CN_NUM}]*|[{CN_NUM}]+(（[{CN_NUM}]+）)?(\d+)?(（\d+）)?)$")
NICKNAME = re.compile(r"^(?:老|小)(\S{1,2})$|^(\S{1,2})(?:师傅|姐|哥|工)$")

problems: list[str] = []


def bad(where: str, msg: str) -> None:
    problems.append(f"{where}: {msg}")


COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
SURNAMES: collections.Counter[str] = collections.Counter()


def surname(name: str) -> str:
    return name[:2] if name.startswith(COMPOUND_SURNAMES) else name[:1]


def load_roster() -> tuple[set[str], set[str]]:
    """Names on the roster and names held by more than one person (namesakes)."""
    counts: collections.Counter[str] = collections.Counter()
    with open(EVALS / "eval_roster.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        counts[row["姓名"]] += 1
        SURNAMES[surname(row["姓名"])] += 1
        for role in row["角色"].split("、"):
            if role not in ROLES:
                bad("eval_roster.csv", f"{row['姓名']}: unknown role {role}")
        if row["单位"] not in UNITS:
            bad("eval_roster.csv", f"{row['姓名']}: unknown unit {row['单位']}")
    demo = (ROOT / "store" / "demo" / "roster.csv").read_text(encoding="utf-8").splitlines()
    ours = (EVALS / "eval_roster.csv").read_text(encoding="utf-8").splitlines()
    if ours[: len(demo)] != demo:
        bad("eval_roster.csv", "does not start with store/demo/roster.csv verbatim")
    return set(counts), {n for n, c in counts.items() if c > 1}


def is_iso(value) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def check_expect(where: str, exp: dict, today: str, speaker: str, names: set[str],
                 namesakes: set[str], dialogue: bool, said: str, seen_unknown: set[str] = frozenset()) -> None:
    """`said` is everything the user typed so far (for a unit named before a namesake);
    `seen_unknown` the people an earlier turn of the dialogue listed as unknown."""
    keys = {"intent", "fields", "missing", "unknown_people"} | ({"written_tables"} if dialogue else set())
    if set(exp) != keys:
        bad(where, f"expect keys {sorted(exp)} != {sorted(keys)}")
        return
    intent, fields, missing, unknown = exp["intent"], exp["fields"], exp["missing"], exp["unknown_people"]
    if intent not in INTENTS:
        bad(where, f"intent {intent!r}")
        return
    extra = set(fields) - FIELDS[intent]
    if extra:
        bad(where, f"fields not used by {intent}: {sorted(extra)}")
    if not isinstance(missing, list) or any(m not in MISSING_ORDER for m in missing):
        bad(where, f"missing {missing!r}")
        return
    if missing != sorted(missing, key=MISSING_ORDER.index) or len(set(missing)) != len(missing):
        bad(where, f"missing out of order: {missing}")
    for key, value in fields.items():
        if value is None or value == "":
            bad(where, f"field {key} is null/empty: absent fields must be left out")
    if "date" in fields:
        if not is_iso(fields["date"]):
            bad(where, f"date {fields['date']!r} not ISO")
        elif fields["date"] > today:
            bad(where, f"date {fields['date']} after today {today}")
    if "form" in fields and fields["form"] not in FORMS:
        bad(where, f"form {fields['form']!r}")
    if "period" in fields and not PERIOD.match(fields["period"]):
        bad(where, f"period {fields['period']!r}")
    if "status" in fields and fields["status"] not in STATUSES:
        bad(where, f"status {fields['status']!r}")
    if "satisfaction" in fields and fields["satisfaction"] not in SATISFACTION:
        bad(where, f"satisfaction {fields['satisfaction']!r}")
    if "submit" in fields and fields["submit"] is not True:
        bad(where, "submit must be true or absent")
    if "opinion_id" in fields and not (isinstance(fields["opinion_id"], int) and fields["opinion_id"] > 0):
        bad(where, "opinion_id must be a positive int")
    for key in ("topic", "place"):
        if key in fields and (not isinstance(fields[key], str) or fields[key] != fields[key].strip()
                              or fields[key][-1:] in "？?。，,"):
            bad(where, f"{key} {fields[key]!r} not trimmed")
    if "issues" in fields:
        issues = fields["issues"]
        if not isinstance(issues, list) or not issues or any(
                not isinstance(i, str) or not i.strip() or i != i.strip() or i[-1] in "，。；,.;！!" for i in issues):
            bad(where, f"issues {issues!r}")
    people = fields.get("people")
    if people is not None:
        if not isinstance(people, list):
            bad(where, "people must be a list")
            people = []
        if speaker in people:
            bad(where, "speaker listed in people")
        for p in people:
            if p in names:
                if (p in namesakes and intent in ("log_contact", "log_opinion") and "people" not in missing
                        and not any(f"{u}的{p}" in said or f"{u}{p}" in said for u in UNITS)  # (point 27)
                        # …or the unit said after the name, whole or by its first two characters (是王芳 后勤的)
                        and not any(re.search(rf"{p}[^，,。；]{{0,3}}?{u[:2]}", said) for u in UNITS)):
                    bad(where, f"namesake {p} without its unit but people not in missing")
            elif p in unknown or p in seen_unknown:
                pass
            elif NICKNAME.match(p):
                m = NICKNAME.match(p)
                if "people" not in missing:
                    bad(where, f"unresolved nickname {p} but people not in missing")
                if SURNAMES[m.group(1) or m.group(2)] == 1:
                    bad(where, f"nickname {p} names exactly one rostered person: resolve it")
            else:
                bad(where, f"person {p} neither on roster nor in unknown_people")
    for u in unknown:
        if u in names:
            bad(where, f"unknown person {u} is on the roster")
        if u not in (people or []):
            bad(where, f"unknown person {u} not in people")
    if "headcount" in fields:
        hc = fields["headcount"]
        if not isinstance(hc, int) or hc < 1 or hc < len(people or []):
            bad(where, f"headcount {hc!r} vs people {people}")
    elif people:
        bad(where, "people named but headcount absent") if intent == "log_contact" else None
    # missing must follow from the fields (CONVENTIONS.md "missing")
    if intent == "log_contact":
        if ("date" in missing) == ("date" in fields):
            bad(where, "date: present iff not missing")
        if ("form" in missing) == ("form" in fields):
            bad(where, "form: present iff not missing")
        if not people and "headcount" not in fields and "people" not in missing:
            bad(where, "no people and no headcount but people not missing")
    elif intent == "log_opinion":
        if ("date" in fields) == ("date" in missing):  # no date word → today; a vague one → asked
            bad(where, "log_opinion: date defaults to today, or is missing when vague")
        if ("issues" in missing) == ("issues" in fields):
            bad(where, "issues: present iff not missing")
    elif intent in ("second_opinion", "update_status"):
        has_target = "topic" in fields or "opinion_id" in fields
        if has_target == ("topic" in missing):
            bad(where, "topic/opinion_id: present iff not missing")
        if intent == "update_status" and ("status" in missing) == ("status" in fields):
            bad(where, "status: present iff not missing")
    elif missing:
        bad(where, f"{intent} needs nothing but missing={missing}")
    if dialogue:
        wt = exp["written_tables"]
        if not isinstance(wt, list) or any(t not in TABLES for t in wt):
            bad(where, f"written_tables {wt!r}")
        elif wt and missing:
            bad(where, "a turn with something missing writes nothing")


def check_parse(names: set[str], namesakes: set[str], path: Path = EVALS / "parse_dev.jsonl") -> dict:
    ids: set[str] = set()
    stats = collections.defaultdict(collections.Counter)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            bad(where, f"bad JSON: {exc}")
            continue
        rid = rec.get("id", "?")
        where = f"{where} {rid}"
        if rid in ids:
            bad(where, "duplicate id")
        ids.add(rid)
        if rec.get("split") not in ("dev", "holdout"):
            bad(where, f"split {rec.get('split')!r}")
        if rec.get("speaker") not in names:
            bad(where, f"speaker {rec.get('speaker')!r} not on roster")
        today = rec.get("today")
        if not is_iso(today):
            bad(where, f"today {today!r}")
            continue
        if "turns" in rec:
            if set(rec) != {"id", "split", "speaker", "today", "turns"} or not re.match(r"^d\d+$", rid):
                bad(where, f"dialogue keys {sorted(rec)}")
            turns = rec["turns"]
            if not 2 <= len(turns) <= 5:
                bad(where, f"{len(turns)} turns (want 2-5)")
            said, seen_unknown = "", set()
            for t, turn in enumerate(turns, 1):
                if set(turn) != {"text", "yes", "expect"} or not isinstance(turn["yes"], bool):
                    bad(f"{where} turn {t}", f"turn keys {sorted(turn)}")
                    continue
                said += " " + turn["text"]
                check_expect(f"{where} turn {t}", turn["expect"], today, rec["speaker"], names, namesakes,
                             True, said, seen_unknown)
                seen_unknown |= set(turn["expect"].get("unknown_people") or [])
            stats["dialogues"][rec["split"]] += 1
            stats["dialogue turns"][rec["split"]] += len(turns)
            stats["dialogue writes"]["turns that write"] += sum(bool(t["expect"].get("written_tables")) for t in turns)
        else:
            if set(rec) != {"id", "split", "speaker", "today", "text", "expect", "refused"} or not re.match(r"^p\d+$", rid):
                bad(where, f"record keys {sorted(rec)}")
                continue
            exp = rec["expect"]
            check_expect(where, exp, today, rec["speaker"], names, namesakes, False, rec["text"])
            want_refused = bool(exp.get("missing")) or exp.get("intent") == "other"
            if rec["refused"] is not want_refused:
                bad(where, f"refused={rec['refused']} but missing={exp.get('missing')} intent={exp.get('intent')}")
            stats["utterances by intent"][exp.get("intent")] += 1
            stats["utterances by split"][rec["split"]] += 1
            stats["utterances refused/asked"]["refused" if rec["refused"] else "accepted"] += 1
            stats["utterances by today"][today] += 1
            if exp.get("unknown_people"):
                stats["utterances refused/asked"]["with unknown_people"] += 1
    return stats


def clause_map(text: str) -> list[tuple[int, str]]:
    """(offset, clause path) at every heading of a cleaned regulation, in order.

    Levels: 一、 / （一） / 1. or 1、 / （1） (inline), and 附件N lines. Inside an
    attachment, 一、 headings are its parts (附件1三); other numbered lines belong to the part."""
    marks: list[tuple[int, str]] = [(0, "")]
    l1 = l2 = l3 = ""
    attachment = ""
    listing_attachments = False  # the "附件：1.… 2.…" list at the end of the body is no clause
    offset = 0
    for line in text.splitlines(keepends=True):
        s = line.strip()
        m_att = re.match(r"^附件(\d*)$", s)  # 附件1 …, or a lone 附件 (001)
        if m_att:
            attachment = "附件" + m_att.group(1)
            marks.append((offset, attachment))
        elif re.match(r"^附件[：:]", s):
            listing_attachments = True
        elif attachment and re.match(rf"^([{CN_NUM}]+)、", s):  # 附件1 三、…: a part of an attachment
            marks.append((offset, attachment + re.match(rf"^([{CN_NUM}]+)、", s).group(1)))
        elif not attachment:
            m1 = re.match(rf"^([{CN_NUM}]+)、", s)
            m2 = re.match(rf"^（([{CN_NUM}]+)）", s)
            m3 = re.match(r"^(\d+)\s*[.、．]", s)
            if m1 or m2:
                listing_attachments = False
            if m1:
                l1, l2, l3 = m1.group(1), "", ""
                marks.append((offset, l1))
            elif m2 and l1:
                l2, l3 = f"（{m2.group(1)}）", ""
                marks.append((offset, l1 + l2))
            elif m3 and l1 and not listing_attachments:
                l3 = m3.group(1)
                marks.append((offset, l1 + l2 + l3))
                for m4 in re.finditer(r"（(\d+)）", line):
                    marks.append((offset + m4.start(), f"{l1}{l2}{l3}（{m4.group(1)}）"))
        offset += len(line)
    return marks


def path_at(marks: list[tuple[int, str]], pos: int) -> str:
    current = ""
    for off, path in marks:
        if off > pos:
            break
        current = path
    return current


def check_qa() -> dict:
    path = EVALS / "qa_dev.jsonl"
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("00*.txt"))}
    maps = {doc: clause_map(t) for doc, t in texts.items()}
    ids: set[str] = set()
    questions: set[str] = set()
    stats = collections.defaultdict(collections.Counter)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"qa_dev.jsonl:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            bad(where, f"bad JSON: {exc}")
            continue
        where = f"{where} {rec.get('id')}"
        if set(rec) != {"id", "split", "question", "document", "clauses", "quote"}:
            bad(where, f"keys {sorted(rec)}")
            continue
        if rec["id"] in ids or not re.match(r"^q\d{3}$", rec["id"]):
            bad(where, "duplicate or malformed id")
        ids.add(rec["id"])
        if rec["split"] not in ("dev", "holdout"):
            bad(where, f"split {rec['split']!r}")
        q = rec["question"]
        if not isinstance(q, str) or not q.strip() or q in questions:
            bad(where, "empty or duplicate question")
        questions.add(q)
        doc = rec["document"]
        stats["questions by document"][doc or "none (not covered)"] += 1
        stats["questions by split"][rec["split"]] += 1
        if doc is None:
            if rec["clauses"] != [] or rec["quote"] is not None:
                bad(where, "uncovered question must have clauses [] and quote null")
            continue
        if doc not in texts:
            bad(where, f"document {doc!r}")
            continue
        clauses, quote = rec["clauses"], rec["quote"]
        if not isinstance(clauses, list) or not clauses or any(not CLAUSE.match(c) for c in clauses):
            bad(where, f"clauses {clauses!r}")
            continue
        if not isinstance(quote, str) or len(quote) < 4 or quote not in texts[doc]:
            bad(where, f"quote not a verbatim span of {doc}.txt: {quote!r}")
            continue
        if q.strip() in texts[doc]:
            bad(where, "question copied from the regulation text")
        known = {p for _, p in maps[doc]}
        for c in clauses:
            if c not in known:
                bad(where, f"clause {c} does not exist in {doc}.txt")
        spots = [m.start() for m in re.finditer(re.escape(quote), texts[doc])]
        homes = {(path_at(maps[doc], s), path_at(maps[doc], s + len(quote) - 1)) for s in spots}
        if not any(a.startswith(clauses[0]) and b.startswith(clauses[0]) for a, b in homes):  # in it or a part of it
            bad(where, f"quote lies in {sorted(homes)}, not wholly in {clauses[0]}")
    return stats


def report_split(name: str, counter: collections.Counter) -> None:
    total = counter["dev"] + counter["holdout"]
    share = counter["holdout"] / total if total else 0
    if not 0.15 <= share <= 0.25:
        bad(name, f"holdout share {share:.0%} (want about 20%)")


def main() -> int:
    names, namesakes = load_roster()
    if len(sys.argv) > 1:  # a labeller's new file of chat turns, on its own (no split shares: it may be small)
        stats = check_parse(names, namesakes, Path(sys.argv[1]))
        for p in problems:
            print("  " + p, file=sys.stderr)
        print(f"{sys.argv[1]}: {sum(stats['utterances by split'].values())} utterances, "
              f"{sum(stats['dialogues'].values())} dialogues, {len(problems)} problem(s)")
        return 1 if problems else 0
    parse_stats = check_parse(names, namesakes)
    qa_stats = check_qa()
    report_split("parse utterances", parse_stats["utterances by split"])
    report_split("parse dialogues", parse_stats["dialogues"])
    report_split("qa", qa_stats["questions by split"])
    for title, stats in (("parse_dev.jsonl", parse_stats), ("qa_dev.jsonl", qa_stats)):
        print(f"== {title}")
        for group, counter in stats.items():
            total = sum(counter.values())
            parts = ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))
            print(f"  {group} (total {total}): {parts}")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("\nOK: both sets pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
