"""Demo data goes in through the chat path once, and only into an empty database."""
from __future__ import annotations

import importlib.util

from sqlalchemy import func, select

from store.db import session
from store.models import Contact, Opinion, Person


def n(core, model):
    with session(core.url) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_demo_loads_once(core):
    first = core.load_demo()
    assert first["loaded"] is True and first["failed"] == []
    assert n(core, Person) == 25
    assert n(core, Contact) == 4
    with session(core.url) as s:
        dates = [c.date for c in s.scalars(select(Contact))]
        assert all(d <= core.today and d.year == core.today.year for d in dates)
        if importlib.util.find_spec("assistant.opinions") is not None:
            seconded = [o for o in s.scalars(select(Opinion)) if o.seconders]
            assert len(seconded) == 1 and len(seconded[0].seconders) == 3 and seconded[0].due is not None
    assert "演示" in first["message"]
    before = (n(core, Person), n(core, Contact), n(core, Opinion))
    second = core.load_demo()
    assert second["loaded"] is False and "未载入" in second["message"]
    assert (n(core, Person), n(core, Contact), n(core, Opinion)) == before
