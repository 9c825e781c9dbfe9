"""What a person still owes: obligation rules counted against the records, in SQL.

Which rules bind whom:
- the regulations that bind a unit are `units.regulations` ("000,004"), else the
  organisation's `settings` row "regulations", else `Settings.regulations` (default "000");
- a person's obligations are the active rules of those regulations whose roles the person
  holds (two roles → both rule sets); accepted rules of documents added at run time bind
  everyone holding their roles (accepting a rule is adopting it).

How a rule is counted over a period (`Qualifier` in knowledge/rules.py says which records):
- `done` counts the qualifying records (acts), or their distinct days or places when the
  rule counts days or enterprises;
- `people_done` counts the distinct rostered people the qualifying contacts reached (the
  same worker twice is one person), plus, for rules that take unnamed people
  (`count_unnamed`, or rules with no role condition), each contact's headcount beyond its
  named people ("和5名职工座谈" adds 5): unnamed people cannot be told apart, so they are
  added per contact;
- `met` is true when `done` reaches `required` and `people_done` reaches `people_min`
  (above a maximum is fine). A rule with nothing to count (`tracked` false) is never met.

Counting is set-based: each qualifier is a GROUP BY person over its period, and all the
rules of one call go into one UNION ALL statement (built once per rule set, periods and
people bound as parameters). One person and the whole organisation (`overview`) run the
same SQL; only "whose records" differs (one id, or everyone holding the rule's roles).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, case, distinct, exists, func, literal_column, or_, select, true, union_all
from sqlalchemy.orm import Session

from store import db
from store.errors import UserError
from store.models import Contact, ContactPerson, Opinion, Person, PersonRole, Proposal, Setting, Unit
from store.people import find_person
from store.schemas import RequirementItem, Requirements, RuleSource

from .periods import Period, format_period, parse_period, period_containing
from .rules import PERIOD_ORDER, Qualifier, Rule, active_rules

ONCE_START = dt.date(1900, 1, 1)
_SEPARATORS = re.compile(r"[,，、;；\s]+")

C = Contact.__table__
CP = ContactPerson.__table__
PR = PersonRole.__table__
PE = Person.__table__
OP = Opinion.__table__
PP = Proposal.__table__


# -- which rules bind whom ------------------------------------------------------------------


def parse_regulations(value) -> list[str]:
    """"000,004" / ["000", "004"] → ["000", "004"]."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else _SEPARATORS.split(str(value))
    return [str(v).strip() for v in items if str(v).strip()]


def organisation_regulations(s: Session, default: str | None = "000") -> list[str]:
    row = s.get(Setting, "regulations")
    regs = parse_regulations(row.value) if row is not None else []
    return regs or parse_regulations(default)


def unit_regulations(unit: Unit | None, organisation: list[str]) -> list[str]:
    own = parse_regulations(unit.regulations) if unit is not None else []
    return own or organisation


def _binds(rule: Rule, roles: set[str], regulations: list[str]) -> bool:
    adopted = rule.status == "accepted" or rule.document in regulations
    return adopted and bool(roles.intersection(rule.roles))


def applicable_rules(s: Session, person: Person, default_regulations: str | None = "000",
                     rules: list[Rule] | None = None) -> list[Rule]:
    """The rules that bind `person`: of the regulations binding their unit, for roles they hold."""
    regulations = unit_regulations(person.unit, organisation_regulations(s, default_regulations))
    roles = set(person.role_names)
    return [r for r in (rules if rules is not None else active_rules(s)) if _binds(r, roles, regulations)]


# -- periods ----------------------------------------------------------------------------


def _window(rule_period: str, period: Period) -> Period:
    if rule_period == "once":
        return Period(ONCE_START, period.end, "once")
    return period


def rule_windows(rules: list[Rule], period: str | None, today: dt.date) -> list[tuple[Rule, Period, str]]:
    """(rule, date window, period label) for the rules `period` selects.

    A given period selects the rules whose own period is of its kind (a year also selects
    `campaign` and `once` rules, counted over that calendar year, or up to its end for
    `once`); no period means, for every rule, its period that contains today.
    """
    chosen = parse_period(period) if period else None
    out = []
    for rule in rules:
        kind = "year" if rule.period in ("campaign", "once") else rule.period
        if chosen is not None:
            if chosen.kind != kind:
                continue
            p = chosen
        else:
            p = period_containing(today, kind)
        out.append((rule, _window(rule.period, p), format_period(p)))
    out.sort(key=lambda t: (PERIOD_ORDER.index(t[0].period), t[0].document, t[0].id))
    return out


def due_date(rule: Rule, window: Period) -> dt.date:
    """The rule's own date in the period (000's activity day, 004's ledger), else the period's end."""
    if rule.due is None:
        return window.end
    end = window.end
    month = end.month if rule.due.month == "last" else rule.due.month
    y = end.year
    return dt.date(y, month, min(rule.due.day, calendar.monthrange(y, month)[1]))


# -- counting (set-based) -------------------------------------------------------------------


@dataclass
class Count:
    done: int = 0
    people: int | None = None


def _whose(column, shape: str, slot: int):
    """Whose records a branch counts: one person (`pid`), or everyone holding the branch's roles."""
    if shape == "person":
        return column == bindparam("pid")
    holders = select(PR.c.person_id).where(PR.c.role.in_(bindparam(f"roles_{slot}", expanding=True)))
    if shape == "roles_in_unit":
        holders = holders.join(PE, PE.c.id == PR.c.person_id).where(PE.c.unit_id == bindparam("unit_id"))
    return column.in_(holders)


def _contact_branches(q: Qualifier, shape: str, slot: int) -> list:
    """Per recorder: qualifying acts and unnamed people; then the distinct named people reached."""
    named = select(func.count()).select_from(CP).where(CP.c.contact_id == C.c.id).scalar_subquery()
    conds = [C.c.date >= bindparam(f"start_{slot}"), C.c.date <= bindparam(f"end_{slot}"),
             _whose(C.c.recorded_by_id, shape, slot)]
    if q.forms:
        conds.append(C.c.form.in_(q.forms))
    if q.text_contains:
        conds.append(or_(*[or_(C.c.topic.contains(w), C.c.text.contains(w)) for w in q.text_contains]))
    columns = [C.c.id.label("id"), C.c.recorded_by_id.label("rid"), C.c.date.label("date"),
               C.c.place.label("place"), (C.c.headcount - named).label("unnamed")]
    if q.contacted_roles:
        reached = exists().where(CP.c.contact_id == C.c.id, PR.c.person_id == CP.c.person_id,
                                 PR.c.role.in_(q.contacted_roles))
        columns.append(case((reached, 1), else_=0).label("matched"))
    # A subquery per branch, each used once: SQLite flattens it and keeps the contacts indexes
    # (a CTE used twice is materialised without them).
    base = select(*columns).where(*conds).subquery()

    if q.contacted_roles:
        qualifies = base.c.matched == 1
        if q.count_unnamed:
            qualifies = or_(qualifies, base.c.unnamed > 0)
    else:
        qualifies = true()
    if q.count == "distinct_dates":
        acts = func.count(distinct(base.c.date))
    elif q.count == "distinct_places":
        acts = func.count(distinct(base.c.place))
    else:
        acts = func.count()
    takes_unnamed = q.count_unnamed or not q.contacted_roles
    unnamed = func.sum(case((base.c.unnamed > 0, base.c.unnamed), else_=0)) if takes_unnamed else literal_column("0")
    tag = literal_column(str(slot))
    per_recorder = select(tag, base.c.rid, acts, unnamed, literal_column("0")).where(qualifies).group_by(base.c.rid)
    base2 = select(*columns).where(*conds).subquery()
    people = select(tag, base2.c.rid, literal_column("0"), literal_column("0"), func.count(distinct(CP.c.person_id))).join(
        CP, CP.c.contact_id == base2.c.id)
    if q.contacted_roles:
        people = people.where(exists().where(PR.c.person_id == CP.c.person_id, PR.c.role.in_(q.contacted_roles)))
    return [per_recorder, people.group_by(base2.c.rid)]


def _record_branches(q: Qualifier, shape: str, slot: int) -> list:
    table, who = (OP, OP.c.recorded_by_id) if q.record == "opinion" else (PP, PP.c.proposer_id)
    when = table.c[q.date_field]
    conds = [when >= bindparam(f"start_{slot}"), when <= bindparam(f"end_{slot}"), _whose(who, shape, slot)]
    if q.statuses:
        conds.append(table.c.status.in_(q.statuses))
    zero = literal_column("0")
    return [select(literal_column(str(slot)), who, func.count(), zero, zero).where(*conds).group_by(who)]


@lru_cache(maxsize=256)
def _statement(qualifiers: tuple[str, ...], shape: str):
    """One UNION ALL over every qualifier to count (slot i = qualifiers[i]), built once per set.

    Rows: (slot, person id, acts, unnamed people, named people reached); the periods and the
    people are bound parameters, so one compiled statement serves every period and person.
    """
    branches = []
    for slot, text in enumerate(qualifiers):
        q = Qualifier.model_validate_json(text)
        branches += (_contact_branches if q.record == "contact" else _record_branches)(q, shape, slot)
    return union_all(*branches)


def count_rules(s: Session, jobs: list[tuple[Rule, Period]], person_id: int | None = None,
                unit_id: int | None = None) -> list[dict[int, Count]]:
    """done / people_done of each (rule, window) for one person, or for everyone each rule binds
    by role (optionally in one unit): one query for all of them. Returns one {person id: Count}
    per job."""
    slots: list[tuple[int, Qualifier]] = [(j, q) for j, (rule, _) in enumerate(jobs) for q in rule.qualifies]
    out: list[dict[int, Count]] = [{} for _ in jobs]
    if not slots:
        return out
    shape = "person" if person_id is not None else ("roles_in_unit" if unit_id is not None else "roles")
    params: dict = {"pid": person_id} if person_id is not None else {"unit_id": unit_id}
    for slot, (j, _) in enumerate(slots):
        rule, window = jobs[j]
        params[f"start_{slot}"], params[f"end_{slot}"] = window.start, window.end
        if person_id is None:
            params[f"roles_{slot}"] = list(rule.roles)
    stmt = _statement(tuple(q.model_dump_json() for _, q in slots), shape)
    for slot, pid, acts, unnamed, reached in s.connection().execute(stmt, params):
        j, q = slots[int(slot)]
        c = out[j].setdefault(pid, Count(0, None))
        c.done += int(acts)
        if q.record == "contact":
            c.people = (c.people or 0) + int(unnamed or 0) + int(reached or 0)
    return out


def _status(rule: Rule, count: Count | None) -> tuple[int, int | None, bool]:
    """(done, people_done, met) of a rule from its count (None: no qualifying record)."""
    count = count or Count(0, None)
    people_done = (count.people or 0) if any(q.record == "contact" for q in rule.qualifies) else None
    met = rule.tracked
    if rule.required is not None and count.done < rule.required:
        met = False
    if rule.people_min is not None and (people_done or 0) < rule.people_min:
        met = False
    return count.done, people_done, met


def _item(rule: Rule, window: Period, label: str, count: Count | None) -> RequirementItem:
    done, people_done, met = _status(rule, count)
    return RequirementItem(
        kind=rule.kind, rule=rule.text, period=label, due=due_date(rule, window),
        required=rule.required, done=done, people_required=rule.people_min, people_done=people_done,
        met=met, source=RuleSource(document=rule.document, clause=rule.clause, quote=rule.quote),
        rule_id=rule.id, people_max=rule.people_max, required_max=rule.required_max, unit=rule.unit,
        tracked=rule.tracked,
    )


# -- the contract's commands -------------------------------------------------------------------

def requirements(ctx, person_name, period: str | None = None) -> Requirements:
    """Every obligation binding the person in the period: done / required, met, due, source.

    `person_name`: anything `store.people.find_person` accepts (name, "姓名（单位）", Person row, id).
    """
    if period:
        parse_period(period)  # a bad period is the user's error before anything else
    with db.session(ctx.url) as s:
        person = find_person(s, person_name)
        rules = applicable_rules(s, person, ctx.settings.regulations)
        chosen = rule_windows(rules, period, ctx.today)
        counts = count_rules(s, [(rule, window) for rule, window, _ in chosen], person_id=person.id)
        items = [_item(rule, window, label, c.get(person.id)) for (rule, window, label), c in zip(chosen, counts)]
    return Requirements(person=person.name, items=items)


@dataclass
class _Member:
    id: int
    name: str
    unit: str
    regulations: list[str]
    roles: list[str]


def _members(s: Session, organisation: list[str], roles: set[str], unit_id: int | None) -> list[_Member]:
    """Everyone holding one of `roles` (optionally in one unit), read in two plain queries."""
    q = (select(PE.c.id, PE.c.name, Unit.name, Unit.regulations).join(Unit, Unit.id == PE.c.unit_id)
         .where(PE.c.id.in_(select(PR.c.person_id).where(PR.c.role.in_(roles)))).order_by(PE.c.id))
    if unit_id is not None:
        q = q.where(PE.c.unit_id == unit_id)
    regs_of_unit: dict[str | None, list[str]] = {}
    members = {}
    for pid, name, unit_name, unit_regs in s.execute(q):
        if unit_regs not in regs_of_unit:
            regs_of_unit[unit_regs] = parse_regulations(unit_regs) or organisation
        members[pid] = _Member(pid, name, unit_name, regs_of_unit[unit_regs], [])
    holders = select(PR.c.person_id, PR.c.role).where(PR.c.person_id.in_(
        select(PR.c.person_id).where(PR.c.role.in_(roles)))).order_by(PR.c.person_id, PR.c.position)
    for pid, role in s.execute(holders):
        if pid in members:
            members[pid].roles.append(role)
    return list(members.values())


def overview(ctx, period: str | None = None, unit: str | None = None) -> dict:
    """Everyone's status for a period: who is behind on what, by person, unit and role.

    Each rule is counted once for everybody it binds (GROUP BY person over the period, one
    pair of queries per qualifier), never person by person. Reminders (rules with nothing
    to count) are left out of the figures.
    """
    if period:
        parse_period(period)
    with db.session(ctx.url) as s:
        unit_id = None
        if unit:
            unit_id = s.execute(select(Unit.id).where(Unit.name == unit)).scalar_one_or_none()
            if unit_id is None:
                raise UserError(f"没有名为“{unit}”的单位。请检查单位名称（与花名册中的“单位”一致）。")
        organisation = organisation_regulations(s, ctx.settings.regulations)
        rules = [r for r in active_rules(s) if r.tracked]
        members = _members(s, organisation, {role for r in rules for role in r.roles}, unit_id)
        bound: dict[str, list[_Member]] = defaultdict(list)
        for m in members:
            roles = set(m.roles)
            for r in rules:
                if _binds(r, roles, m.regulations):
                    bound[r.id].append(m)
        chosen = rule_windows([r for r in rules if bound[r.id]], period, ctx.today)
        counts = count_rules(s, [(rule, window) for rule, window, _ in chosen], unit_id=unit_id)
    items: dict[int, list[tuple[Rule, dict]]] = defaultdict(list)
    for (rule, window, label), c in zip(chosen, counts):
        due = due_date(rule, window).isoformat()
        for m in bound[rule.id]:
            done, people_done, met = _status(rule, c.get(m.id))
            items[m.id].append((rule, {
                "rule_id": rule.id, "kind": rule.kind, "period": label, "due": due, "done": done,
                "required": rule.required, "people_done": people_done, "people_required": rule.people_min,
                "met": met}))
    labels = {label for _, _, label in chosen}

    people_out, by_unit, by_role = [], defaultdict(_tally), defaultdict(_tally)
    for m in members:
        mine = items.get(m.id)
        if not mine:
            continue
        its = [it for _, it in mine]
        people_out.append({
            "name": m.name, "unit": m.unit, "roles": m.roles,
            "items_met": sum(it["met"] for it in its), "items_total": len(its),
            "behind": list(dict.fromkeys(it["kind"] for it in its if not it["met"])), "items": its,
        })
        _add(by_unit[m.unit], its)
        for role in m.roles:
            _add(by_role[role], [it for r, it in mine if role in r.roles])
    return {
        "period": period or "、".join(sorted(labels)),
        "unit": unit,
        "people": people_out,
        "by_unit": [{"unit": k, **v} for k, v in sorted(by_unit.items())],
        "by_role": [{"role": k, **v} for k, v in sorted(by_role.items()) if v["items_total"]],
    }


def _tally() -> dict:
    return {"people": 0, "people_behind": 0, "items_met": 0, "items_total": 0}


def _add(t: dict, items: list[dict]) -> None:
    if not items:
        return
    t["people"] += 1
    t["people_behind"] += any(not it["met"] for it in items)
    t["items_met"] += sum(it["met"] for it in items)
    t["items_total"] += len(items)
