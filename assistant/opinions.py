"""Worker opinions (意见建议): registering, finding, seconding (附议), moving through the life cycle.

The life cycle is data (`assistant/lifecycle.yaml`). Every write function takes the
caller's Session `s` and never commits: the dialogue (or a test) owns the transaction,
so a refused step leaves nothing behind. Each change adds an `AuditEntry` and, for
status changes, an `OpinionStatusChange` row (who, when, why).

Representation choices (documented in lifecycle.yaml):
- 转为意见建议 (not taken as a proposal) is a decision, not a status: 登记 → 交办 with the
  history reason starting "转为意见建议"; `handled_as` in lists says 提案 / 意见建议.
- The "owner" who may not second an opinion is the rostered person who raised it, or,
  when it was raised by unnamed workers, the person who recorded it and brings it forward.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from store.db import session as read_session
from store.errors import UserError
from store.models import AuditEntry, Opinion, OpinionSeconder, OpinionStatusChange, Person
from store.people import find_people, find_person, split_name
from store.schemas import OpinionOut


@lru_cache(maxsize=1)
def lifecycle() -> dict:
    return yaml.safe_load(Path(__file__).with_name("lifecycle.yaml").read_text(encoding="utf-8"))


def statuses() -> list[str]:
    return list(lifecycle()["statuses"])


def rank(status: str) -> int:
    return statuses().index(status)


# -- pure rules ---------------------------------------------------------------------------

def is_office(person: Person) -> bool:
    """The union office: 工会主席, 工会副主席, or an administrator."""
    return bool(person.is_admin) or any(r in lifecycle()["office_roles"] for r in person.role_names)


def owner_id(opinion: Opinion) -> int:
    return opinion.raised_by_id if opinion.raised_by_id is not None else opinion.recorded_by_id


def check_transition(current: str, target: str, *, by_admin: bool) -> str:
    """'forward' or 'reopen' when the step is legal, else a Chinese UserError."""
    known = statuses()
    if target not in known:
        raise UserError(f"状态“{target}”无效：意见建议的状态为{'、'.join(known)}，或“转为意见建议”。")
    if target in lifecycle()["transitions"].get(current, []):
        return "forward"
    if rank(target) < rank(current):
        if by_admin:
            return "reopen"
        raise UserError(f"该意见建议已是“{current}”，不能退回到“{target}”：只有管理员可以重新打开。")
    nexts = lifecycle()["transitions"].get(current, [])
    if target == current:
        raise UserError(f"该意见建议已经是“{current}”。")
    hint = f"下一步只能是{'、'.join(nexts)}" if nexts else "已是最后一步"
    raise UserError(f"不能从“{current}”直接改为“{target}”：{hint}。")


def is_overdue(opinion: Opinion, today: dt.date) -> bool:
    """The committee's 15 days passed and the opinion is still only registered."""
    return opinion.due is not None and today > opinion.due and opinion.status == lifecycle()["initial"]


def handled_as(opinion: Opinion) -> str | None:
    """提案 when it reached 立案, 意见建议 when it was turned into an ordinary suggestion."""
    decisions = lifecycle()["decisions"]
    by_status = lifecycle()["handled_as_by_status"]
    result = None
    for change in opinion.history:
        if change.to_status in by_status:
            result = by_status[change.to_status]
        for name, d in decisions.items():
            if (change.reason or "").startswith(name):
                result = d["handled_as"]
    return result


# -- key-word matching ----------------------------------------------------------------------

# Words that frame a reference to an opinion but say nothing about its matter.
_FRAME_WORDS = re.compile(r"(意见建议|意见|建议|提案|那条|这条|那个|这个|一条|问题|事情|的事|提的|提出的|反映的|关于|的)")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")


def key_grams(text: str) -> list[str]:
    """Character bigrams (and lone characters) of the matter words in `text`."""
    grams: list[str] = []
    for run in _CJK_RUN.findall(_FRAME_WORDS.sub(" ", text or "")):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(grams))


def match_score(query: str, text: str) -> float:
    """Share of the query's key bigrams found in `text` (0 when none)."""
    grams = key_grams(query)
    if not grams:
        return 0.0
    hits = sum(1 for g in grams if g in text)
    return hits / len(grams)


# -- writes (caller's session, no commit) -------------------------------------------------------

def _pid(person: Person | int | None) -> int | None:
    return person.id if isinstance(person, Person) else person


def add_opinion(s: Session, *, content: str, recorded_by: Person | int, date: dt.date,
                raised_by: Person | int | None = None, raised_by_text: str | None = None,
                contact_id: int | None = None, topic: str | None = None) -> Opinion:
    """Register one opinion (status 登记), with its first history row and an audit entry."""
    content = (content or "").strip()
    if not content:
        raise UserError("意见建议的内容是空的：请说明职工反映了什么问题或提出了什么建议。")
    recorder_id = _pid(recorded_by)
    opinion = Opinion(content=content, topic=(topic or None), raised_by_id=_pid(raised_by),
                      raised_by_text=raised_by_text, recorded_by_id=recorder_id, contact_id=contact_id,
                      date=date, status=lifecycle()["initial"])
    s.add(opinion)
    s.flush()
    s.add(OpinionStatusChange(opinion_id=opinion.id, from_status=None, to_status=opinion.status,
                              by_id=recorder_id, date=date, reason="登记"))
    s.add(AuditEntry(actor_id=recorder_id, action="insert", table_name="opinions", row_id=str(opinion.id),
                     detail={"content": content, "date": date.isoformat(), "status": opinion.status}))
    return opinion


@dataclass
class SecondResult:
    opinion: Opinion
    count: int      # seconders now
    due_set: bool   # this seconding reached the threshold and set `due`


def second_opinion(s: Session, *, opinion: Opinion, person: Person, today: dt.date) -> SecondResult:
    """Add `person` as a seconder (附议). Twice counts once; nobody seconds their own."""
    rules = lifecycle()["seconding"]
    if person.id == owner_id(opinion):
        raise UserError("不能附议自己提出的意见建议：附议须由其他职工代表提出。")
    if opinion.status not in rules["open_statuses"]:
        raise UserError(f"该意见建议已是“{opinion.status}”，不再征集附议。")
    if any(sec.person_id == person.id for sec in opinion.seconders):
        return SecondResult(opinion, len(opinion.seconders), False)
    opinion.seconders.append(OpinionSeconder(person_id=person.id, date=today))
    count = len(opinion.seconders)
    due_set = False
    if count >= rules["threshold"] and opinion.due is None:
        opinion.due = today + dt.timedelta(days=rules["study_within_days"])
        due_set = True
    s.flush()
    s.add(AuditEntry(actor_id=person.id, action="second", table_name="opinions", row_id=str(opinion.id),
                     detail={"seconders": count, "date": today.isoformat(),
                             **({"due": opinion.due.isoformat()} if due_set else {})}))
    return SecondResult(opinion, count, due_set)


def change_status(s: Session, *, opinion: Opinion, to_status: str, by: Person, today: dt.date,
                  reason: str | None = None, satisfaction: str | None = None) -> Opinion:
    """Move an opinion along its life cycle (or record 满意度), audited.

    `to_status` is a status or a decision word (转为意见建议). Only the union office moves
    an opinion past 登记; going back is a reopen, for administrators only.
    """
    lc = lifecycle()
    if not is_office(by):
        raise UserError("只有工会主席、工会副主席或管理员可以变更意见建议的办理状态；"
                        "如需推进，请报公司工会办理。")
    to_status = (to_status or "").strip()
    decision = lc["decisions"].get(to_status)
    if decision:
        if opinion.status != decision["from"]:
            raise UserError(f"只有“{decision['from']}”状态的意见建议才能{to_status}，该条已是“{opinion.status}”。")
        target, reason = decision["to"], f"{to_status}：{reason}" if reason else to_status
    else:
        target = to_status
    sat_rules = lc["satisfaction"]
    if satisfaction is not None and satisfaction not in sat_rules["values"]:
        raise UserError(f"满意度“{satisfaction}”无效：应为{'、'.join(sat_rules['values'])}之一。")

    # A verdict reported on a settled opinion means the result was fed back: 已办结 → 已反馈.
    feedback = sat_rules["with_status"][0]
    if satisfaction and target == opinion.status and feedback in lc["transitions"].get(target, []):
        target = feedback
    # Only the worker's verdict, on an opinion already fed back.
    if target == opinion.status and satisfaction and target in sat_rules["with_status"]:
        old = opinion.satisfaction
        opinion.satisfaction = satisfaction
        s.add(AuditEntry(actor_id=by.id, action="update", table_name="opinions", row_id=str(opinion.id),
                         detail={"satisfaction": satisfaction, "was": old, "reason": reason,
                                 "date": today.isoformat()}))
        s.flush()
        return opinion

    kind = check_transition(opinion.status, target, by_admin=bool(by.is_admin))
    if satisfaction and target not in sat_rules["with_status"]:
        raise UserError(f"满意度在向职工反馈结果时登记：请把状态改为“{'、'.join(sat_rules['with_status'])}”时一并说明。")
    previous = opinion.status
    opinion.status = target
    closed = lc["closed_status"]
    if rank(target) >= rank(closed):
        opinion.closed_on = opinion.closed_on or today
    else:
        opinion.closed_on = None
    if satisfaction:
        opinion.satisfaction = satisfaction
    elif kind == "reopen" and target not in sat_rules["with_status"]:
        opinion.satisfaction = None
    s.add(OpinionStatusChange(opinion_id=opinion.id, from_status=previous, to_status=target,
                              by_id=by.id, date=today, reason=reason))
    s.add(AuditEntry(actor_id=by.id, action="reopen" if kind == "reopen" else "status", table_name="opinions",
                     row_id=str(opinion.id),
                     detail={"from": previous, "to": target, "reason": reason, "date": today.isoformat(),
                             **({"satisfaction": satisfaction} if satisfaction else {}),
                             **({"decision": to_status} if decision else {})}))
    s.flush()
    return opinion


# -- reads --------------------------------------------------------------------------------------

def _loaded():
    return (selectinload(Opinion.seconders).selectinload(OpinionSeconder.person),
            selectinload(Opinion.raised_by), selectinload(Opinion.recorded_by), selectinload(Opinion.history))


def find_opinions(s: Session, *, topic: str | None = None, raised_by_name: str | None = None,
                  opinion_id: int | None = None) -> list[Opinion]:
    """Opinions a user refers to: by number, by who raised them, by key words; best first."""
    if opinion_id is not None:
        found = s.scalars(select(Opinion).options(*_loaded()).where(Opinion.id == opinion_id)).all()
        return list(found)
    query = select(Opinion).options(*_loaded())
    if raised_by_name:
        # A search, not an identity: a bare name held by namesakes finds the opinions of each.
        named = [p.id for p in find_people(s, raised_by_name)]
        query = query.where(or_(
            Opinion.raised_by_id.in_(named),
            Opinion.raised_by_text.contains(split_name(raised_by_name)[0]),
            (Opinion.raised_by_id.is_(None) & Opinion.recorded_by_id.in_(named)),
        ))
    candidates = list(s.scalars(query.order_by(Opinion.id.desc())).all())
    if not topic:
        return candidates
    scored = [(match_score(topic, f"{o.topic or ''} {o.content}"), o) for o in candidates]
    scored = [(score, o) for score, o in scored if score > 0]
    # Best share of key words first; among equals the most recent.
    scored.sort(key=lambda pair: (-pair[0], -pair[1].date.toordinal(), -pair[1].id))
    return [o for _, o in scored]


def raised_by_label(opinion: Opinion) -> str | None:
    if opinion.raised_by is not None:
        return opinion.raised_by.name
    return opinion.raised_by_text


def to_out(opinion: Opinion, today: dt.date) -> OpinionOut:
    return OpinionOut(
        id=opinion.id, content=opinion.content, raised_by=raised_by_label(opinion),
        recorded_by=opinion.recorded_by.name, date=opinion.date, status=opinion.status,
        seconders=[sec.person.name for sec in opinion.seconders], due=opinion.due,
        overdue=is_overdue(opinion, today), satisfaction=opinion.satisfaction, topic=opinion.topic,
    )


def list_opinions(ctx, status: str | None = None, person: str | int | None = None) -> dict:
    """`opinions list`: every opinion (optionally one status, or one person's), oldest first."""
    if status is not None and status not in statuses():
        raise UserError(f"状态“{status}”无效：可选{'、'.join(statuses())}。")
    with read_session(ctx.url) as s:
        query = select(Opinion).options(*_loaded()).order_by(Opinion.id)
        if status is not None:
            query = query.where(Opinion.status == status)
        if person:
            ids = [find_person(s, person).id]  # "姓名（单位）" for namesakes; a bare shared name is refused
            seconded = select(OpinionSeconder.opinion_id).where(OpinionSeconder.person_id.in_(ids))
            query = query.where(or_(Opinion.raised_by_id.in_(ids), Opinion.recorded_by_id.in_(ids),
                                    Opinion.id.in_(seconded)))
        rows = []
        for o in s.scalars(query).all():
            out = to_out(o, ctx.today).model_dump(mode="json")
            out["handled_as"] = handled_as(o)
            rows.append(out)
    return {"opinions": rows}


def describe_due(result: SecondResult) -> str:
    """A Chinese sentence for the reply after seconding (the dialogue may use it)."""
    o = result.opinion
    rules = lifecycle()["seconding"]
    if result.due_set:
        return (f"这条意见已有{result.count}人附议，按规定（000 二（四））职工代表提案征集委员会应在"
                f"{rules['study_within_days']}日内召开专门会议研究，截止日期 {o.due.isoformat()}。")
    if o.due is not None:
        return f"这条意见已有{result.count}人附议，研究截止日期 {o.due.isoformat()}。"
    return f"这条意见已有{result.count}人附议，还差{rules['threshold'] - result.count}人达到提请研究的{rules['threshold']}人。"
