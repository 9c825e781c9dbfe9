"""The writes a confirmed chat turn makes, inside the caller's transaction.

`apply(s, record)` adds everything one confirmed record means (new roster people, the
contact, its opinions, …) to the session it is given and returns what it wrote. It knows
nothing about dialogue: the dialogue decides *whether* to write, this module *what*. The
caller runs it in one `store.db.write` transaction, so a failure anywhere leaves nothing.
"""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from store.errors import NotBuiltYet, UserError
from store.models import AuditEntry, Opinion, Person
from store.records import add_contact
from store.roster import add_person
from store.schemas import Fields, Written

NEW_PERSON_ROLE = "职工"


@dataclass(frozen=True)
class Record:
    """A validated, complete record the user has confirmed (or is asked to confirm)."""

    intent: str
    fields: Fields
    speaker_id: int
    speaker_name: str
    speaker_unit: str
    today: dt.date
    # The unit new (confirmed unknown) people join; None: the speaker's unit.
    new_people_unit: str | None = None
    # Aligned with fields.people: the rostered person's id, or None for a new person to add.
    people_ids: tuple[int | None, ...] = ()
    text: str = ""
    # Intent-specific data prepared before confirmation (e.g. the proposal draft).
    extra: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """What `apply` wrote, and facts the reply reports (e.g. an opinion's new due date)."""

    written: list[Written] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    def add(self, table: str, row_id: int) -> None:
        self.written.append(Written(table=table, id=row_id))


def _module(name: str, what: str):
    """A sibling capability module, or NotBuiltYet while it is absent (only absence is caught)."""
    if importlib.util.find_spec(name) is None:
        raise NotBuiltYet(what)
    return importlib.import_module(name)


def _resolve_people(s: Session, record: Record, out: Outcome) -> list[int]:
    """Ids of the record's people, adding the confirmed new ones to the roster first."""
    names = record.fields.people or []
    ids: list[int] = []
    added: list[str] = []
    unit = record.new_people_unit or record.speaker_unit
    for name, pid in zip(names, record.people_ids):
        if pid is None:
            person = add_person(s, name, unit, [NEW_PERSON_ROLE])
            s.add(AuditEntry(actor_id=record.speaker_id, action="insert", table_name="people",
                             row_id=str(person.id), detail={"name": name, "unit": unit, "via": "chat"}))
            out.add("people", person.id)
            added.append(name)
            pid = person.id
        ids.append(pid)
    if added:
        out.facts["new_people"] = added
    return ids


def _add_opinion(s: Session, *, content: str, record: Record, date: dt.date, raised_by_id: int | None,
                 raised_by_text: str | None, contact_id: int | None) -> int:
    """One opinion in status 登记, through the opinions module (its history row and audit)."""
    from assistant.opinions import add_opinion

    row = add_opinion(s, content=content, recorded_by=record.speaker_id, date=date, raised_by=raised_by_id,
                      raised_by_text=raised_by_text, contact_id=contact_id)
    return row.id


def _raiser(names: list[str], ids: list[int], headcount: int | None) -> tuple[int | None, str | None]:
    """Who raised a matter: the one named person, else the names (or the number) as words."""
    if len(ids) == 1:
        return ids[0], None
    if names:
        return None, "、".join(names)
    if headcount:
        return None, f"{headcount}名职工"
    return None, None


def _log_contact(s: Session, record: Record, out: Outcome) -> None:
    f = record.fields
    ids = _resolve_people(s, record, out)
    contact = add_contact(
        s, date=f.date, form=f.form, recorded_by_id=record.speaker_id, people_ids=ids,
        headcount=f.headcount, place=f.place, issues=f.issues or [], text=record.text, topic=f.topic,
        today=record.today,
    )
    out.add("contacts", contact.id)
    raised_by_id, raised_by_text = _raiser(f.people or [], ids, f.headcount)
    for issue in f.issues or []:
        oid = _add_opinion(s, content=issue, record=record, date=f.date, raised_by_id=raised_by_id,
                           raised_by_text=raised_by_text, contact_id=contact.id)
        out.add("opinions", oid)


def _log_opinion(s: Session, record: Record, out: Outcome) -> None:
    f = record.fields
    if not f.issues:
        raise UserError("没有要登记的意见建议内容。")
    if f.date is None or f.date > record.today:
        raise UserError("意见建议的日期不能在今天之后。")
    ids = _resolve_people(s, record, out)
    if f.people:
        raised_by_id, raised_by_text = _raiser(f.people, ids, None)
    else:  # nobody named: the speaker raised it
        raised_by_id, raised_by_text = record.speaker_id, None
    for issue in f.issues:
        oid = _add_opinion(s, content=issue, record=record, date=f.date, raised_by_id=raised_by_id,
                           raised_by_text=raised_by_text, contact_id=None)
        out.add("opinions", oid)


def _opinion_and_speaker(s: Session, record: Record):
    opinion = s.get(Opinion, record.extra["opinion_id"])
    if opinion is None:
        raise UserError(f"没有找到第{record.extra['opinion_id']}条意见建议。")
    return opinion, s.get(Person, record.speaker_id)


def _second_opinion(s: Session, record: Record, out: Outcome) -> None:
    from assistant.opinions import describe_due, second_opinion

    opinion, speaker = _opinion_and_speaker(s, record)
    before = len(opinion.seconders)
    result = second_opinion(s, opinion=opinion, person=speaker, today=record.today)
    if result.count > before:  # seconding twice counts once and writes nothing
        out.add("opinion_seconders", opinion.id)
    out.facts.update(opinion_id=opinion.id, count=result.count, due=opinion.due, due_set=result.due_set,
                     sentence=describe_due(result))


def _update_status(s: Session, record: Record, out: Outcome) -> None:
    f = record.fields
    if record.extra.get("proposal_id") is not None:
        proposals = _module("assistant.proposals", "提案进展")
        result = proposals.mark_submitted(s, proposal_id=record.extra["proposal_id"], by_id=record.speaker_id,
                                          date=record.today)
        out.add("proposals", record.extra["proposal_id"])
        out.facts.update(_facts(result))
        return
    from assistant.opinions import change_status

    opinion, speaker = _opinion_and_speaker(s, record)
    change_status(s, opinion=opinion, to_status=f.status or opinion.status, by=speaker, today=record.today,
                  reason=record.text or None, satisfaction=f.satisfaction)
    out.add("opinions", opinion.id)
    out.facts.update(opinion_id=opinion.id, status=opinion.status, satisfaction=opinion.satisfaction)


def _draft_proposal(s: Session, record: Record, out: Outcome) -> None:
    proposals = _module("assistant.proposals", "保存提案")
    result = proposals.save_proposal(s, draft=record.extra["draft"], proposer_id=record.speaker_id,
                                     date=record.today, submit=bool(record.fields.submit))
    out.add("proposals", result.id)
    out.facts.update(_facts(result))


def _facts(result) -> dict:
    """Plain facts from whatever a sibling module returned (a row, a pydantic model or a dict)."""
    if result is None:
        return {}
    if isinstance(result, dict):
        return dict(result)
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    return {k: getattr(result, k) for k in ("id", "status", "due") if hasattr(result, k)}


APPLY = {
    "log_contact": _log_contact,
    "log_opinion": _log_opinion,
    "second_opinion": _second_opinion,
    "update_status": _update_status,
    "draft_proposal": _draft_proposal,
}


def apply(s: Session, record: Record) -> Outcome:
    """Write one confirmed record into the caller's transaction."""
    if record.intent not in APPLY:
        raise ValueError(f"intent {record.intent!r} writes nothing")
    out = Outcome()
    APPLY[record.intent](s, record, out)
    s.flush()
    return out
