"""Writing the records a chat turn confirms, inside the caller's transaction.

Each function adds rows and an audit entry to the session it is given; the caller
owns the transaction (`store.db.write` / `store.db.transaction`), so a failure
anywhere leaves nothing behind.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from .errors import UserError
from .models import AuditEntry, Contact, ContactPerson, Issue
from .schemas import FORMS


def add_contact(
    s: Session,
    *,
    date: dt.date,
    form: str,
    recorded_by_id: int,
    people_ids: Sequence[int] = (),
    headcount: int | None = None,
    place: str | None = None,
    issues: Sequence[str] = (),
    text: str = "",
    topic: str | None = None,
    today: dt.date | None = None,
) -> Contact:
    """Add one contact with its people and issues. Validates what the database cannot."""
    if form not in FORMS:
        raise UserError(f"联系形式“{form}”无效：应为{'、'.join(FORMS)}之一。")
    if today is not None and date > today:
        raise UserError(f"日期 {date.isoformat()} 在今天之后：已发生的联系不能记在将来的日期。")
    people_ids = list(dict.fromkeys(people_ids))
    count = max(headcount or 0, len(people_ids))
    if count <= 0:
        raise UserError("这次联系了哪些人？请说出姓名或人数。")
    contact = Contact(
        date=date, form=form, place=place, recorded_by_id=recorded_by_id, headcount=count,
        topic=topic, text=text,
        people=[ContactPerson(person_id=pid, position=i) for i, pid in enumerate(people_ids)],
        issues=[Issue(content=c, position=i) for i, c in enumerate(i for i in issues if i.strip())],
    )
    s.add(contact)
    s.flush()
    s.add(AuditEntry(actor_id=recorded_by_id, action="insert", table_name="contacts", row_id=str(contact.id),
                     detail={"date": date.isoformat(), "form": form, "headcount": count}))
    return contact
