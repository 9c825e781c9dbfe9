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

Every count is one GROUP BY query over the period for all the people it concerns, so one
person and the whole organisation (`overview`) run the same SQL.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, distinct, exists, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from store import db
from store.errors import UserError
from store.models import Contact, ContactPerson, Opinion, Person, PersonRole, Proposal, Setting, Unit
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


def _contact_counts(s: Session, q: Qualifier, window: Period, recorders) -> dict[int, Count]:
    named = select(func.count()).select_from(CP).where(CP.c.contact_id == C.c.id).scalar_subquery()
    conds = [C.c.date >= window.start, C.c.date <= window.end, C.c.recorded_by_id.in_(recorders)]
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
    base = select(*columns).where(*conds).cte("qualifying")

    if q.contacted_roles:
        qualifies = base.c.matched == 1
        if q.count_unnamed:
            qualifies = or_(qualifies, base.c.unnamed > 0)
    else:
        qualifies = literal(True)
    takes_unnamed = q.count_unnamed or not q.contacted_roles
    if q.count == "distinct_dates":
        acts = func.count(distinct(base.c.date))
    elif q.count == "distinct_places":
        acts = func.count(distinct(base.c.place))
    else:
        acts = func.count()
    unnamed = func.sum(case((base.c.unnamed > 0, base.c.unnamed), else_=0)) if takes_unnamed else literal(0)
    out: dict[int, Count] = {}
    for rid, n_acts, n_unnamed in s.execute(
            select(base.c.rid, acts, unnamed).where(qualifies).group_by(base.c.rid)):
        out[rid] = Count(int(n_acts), int(n_unnamed or 0))

    people = select(base.c.rid, func.count(distinct(CP.c.person_id))).join(CP, CP.c.contact_id == base.c.id)
    if q.contacted_roles:
        people = people.where(exists().where(PR.c.person_id == CP.c.person_id, PR.c.role.in_(q.contacted_roles)))
    for rid, n in s.execute(people.group_by(base.c.rid)):
        out.setdefault(rid, Count(0, 0)).people += int(n)
    return out


def _simple_counts(s: Session, q: Qualifier, window: Period, recorders) -> dict[int, Count]:
    table, who = (OP, OP.c.recorded_by_id) if q.record == "opinion" else (PP, PP.c.proposer_id)
    when = table.c[q.date_field]
    conds = [when >= window.start, when <= window.end, who.in_(recorders)]
    if q.statuses:
        conds.append(table.c.status.in_(q.statuses))
    rows = s.execute(select(who, func.count()).where(*conds).group_by(who))
    return {pid: Count(int(n), None) for pid, n in rows}


def count_rule(s: Session, rule: Rule, window: Period, recorders) -> dict[int, Count]:
    """done / people_done of `rule` over `window` for each person in `recorders` who has any.

    `recorders`: a list of person ids, or a SELECT of person ids (everyone holding a role).
    """
    total: dict[int, Count] = {}
    for q in rule.qualifies:
        part = _contact_counts(s, q, window, recorders) if q.record == "contact" else _simple_counts(s, q, window, recorders)
        for pid, c in part.items():
            t = total.setdefault(pid, Count(0, None))
            t.done += c.done
            if c.people is not None:
                t.people = (t.people or 0) + c.people
    return total


def _item(rule: Rule, window: Period, label: str, count: Count | None) -> RequirementItem:
    count = count or Count(0, None)
    has_contacts = any(q.record == "contact" for q in rule.qualifies)
    people_done = (count.people or 0) if has_contacts else None
    met = rule.tracked
    if rule.required is not None and count.done < rule.required:
        met = False
    if rule.people_min is not None and (people_done or 0) < rule.people_min:
        met = False
    return RequirementItem(
        kind=rule.kind, rule=rule.text, period=label, due=due_date(rule, window),
        required=rule.required, done=count.done, people_required=rule.people_min, people_done=people_done,
        met=met, source=RuleSource(document=rule.document, clause=rule.clause, quote=rule.quote),
        rule_id=rule.id, people_max=rule.people_max, required_max=rule.required_max, unit=rule.unit,
        tracked=rule.tracked,
    )


# -- the contract's commands -------------------------------------------------------------------

_NAME_WITH_UNIT = re.compile(r"^(.+?)[（(](.+)[）)]$")


def find_person(s: Session, name: str) -> Person:
    """A rostered person by name, or "姓名（单位）" for namesakes; otherwise UserError."""
    name = (name or "").strip()
    m = _NAME_WITH_UNIT.match(name)
    q = select(Person).options(selectinload(Person.roles), selectinload(Person.unit)).join(Unit)
    if m:
        q = q.where(Person.name == m.group(1).strip(), Unit.name == m.group(2).strip())
    else:
        q = q.where(Person.name == name)
    found = s.execute(q).scalars().all()
    if not found:
        raise UserError(f"花名册中没有“{name}”。请检查姓名，或先在花名册中添加此人。")
    if len(found) > 1:
        units = "、".join(p.unit.name for p in found)
        raise UserError(f"花名册中有{len(found)}位“{name}”（{units}），请写成“{name}（单位）”，例如“{name}（{found[0].unit.name}）”。")
    return found[0]


def requirements(ctx, person_name: str, period: str | None = None) -> Requirements:
    """Every obligation binding the person in the period: done / required, met, due, source."""
    if period:
        parse_period(period)  # a bad period is the user's error before anything else
    with db.session(ctx.url) as s:
        person = find_person(s, person_name)
        rules = applicable_rules(s, person, ctx.settings.regulations)
        items = []
        for rule, window, label in rule_windows(rules, period, ctx.today):
            counts = count_rule(s, rule, window, [person.id]) if rule.tracked else {}
            items.append(_item(rule, window, label, counts.get(person.id)))
    return Requirements(person=person.name, items=items)


def overview(ctx, period: str | None = None, unit: str | None = None) -> dict:
    """Everyone's status for a period: who is behind on what, by person, unit and role.

    Each rule is counted once for everybody it binds (one GROUP BY per qualifier), not
    person by person. Reminders (rules with nothing to count) are left out of the figures.
    """
    if period:
        parse_period(period)
    with db.session(ctx.url) as s:
        unit_row = None
        if unit:
            unit_row = s.execute(select(Unit).where(Unit.name == unit)).scalar_one_or_none()
            if unit_row is None:
                raise UserError(f"没有名为“{unit}”的单位。请检查单位名称（与花名册中的“单位”一致）。")
        q = select(Person).options(selectinload(Person.roles), selectinload(Person.unit)).order_by(Person.id)
        if unit_row is not None:
            q = q.where(Person.unit_id == unit_row.id)
        people = s.execute(q).scalars().all()
        organisation = organisation_regulations(s, ctx.settings.regulations)
        rules = [r for r in active_rules(s) if r.tracked]
        regs_of_unit = {}
        bound: dict[str, list[Person]] = defaultdict(list)
        for p in people:
            regs = regs_of_unit.setdefault(p.unit_id, unit_regulations(p.unit, organisation))
            roles = set(p.role_names)
            for r in rules:
                if _binds(r, roles, regs):
                    bound[r.id].append(p)
        items: dict[int, list[tuple[Rule, RequirementItem]]] = defaultdict(list)
        labels = set()
        for rule, window, label in rule_windows([r for r in rules if bound[r.id]], period, ctx.today):
            labels.add(label)
            recorders = select(PR.c.person_id).where(PR.c.role.in_(rule.roles))
            if unit_row is not None:
                recorders = recorders.join(PE, PE.c.id == PR.c.person_id).where(PE.c.unit_id == unit_row.id)
            counts = count_rule(s, rule, window, recorders)
            for p in bound[rule.id]:
                items[p.id].append((rule, _item(rule, window, label, counts.get(p.id))))

    people_out, by_unit, by_role = [], defaultdict(lambda: _tally()), defaultdict(lambda: _tally())
    for p in people:
        mine = items.get(p.id)
        if not mine:
            continue
        behind = list(dict.fromkeys(it.kind for _, it in mine if not it.met))
        entry = {
            "name": p.name, "unit": p.unit.name, "roles": p.role_names,
            "items_met": sum(it.met for _, it in mine), "items_total": len(mine), "behind": behind,
            "items": [{"rule_id": it.rule_id, "kind": it.kind, "period": it.period, "due": it.due.isoformat(),
                       "done": it.done, "required": it.required, "people_done": it.people_done,
                       "people_required": it.people_required, "met": it.met} for _, it in mine],
        }
        people_out.append(entry)
        _add(by_unit[p.unit.name], [it for _, it in mine])
        for role in p.role_names:
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


def _add(t: dict, items: list[RequirementItem]) -> None:
    if not items:
        return
    t["people"] += 1
    t["people_behind"] += any(not it.met for it in items)
    t["items_met"] += sum(it.met for it in items)
    t["items_total"] += len(items)
