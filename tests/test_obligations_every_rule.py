"""Every tracked rule of the five regulations, generically: one person holding the rule's role
is unmet just below the quota and met at it, with records written the way the product writes them.

The hand-written tests in test_obligations_requirements.py check each kind's details (people
ranges, distinct dates, headcounts); this one proves no bundled rule is left uncountable.
"""
from __future__ import annotations

import datetime as dt

import pytest
from knowledge.obligations import rule_windows
from knowledge.rules import bundled_rules
from store import db
from store.models import Opinion, Proposal, Setting
from store.records import add_contact
from store.roster import add_person

from conftest import TODAY

TRACKED = [r for r in bundled_rules() if r.tracked]


def _acts(core, me: int, rule, window, first: int, count: int) -> None:
    """Write acts number first … first+count-1 that qualify for the rule's first qualifier, each
    on its own day and at its own place in the window; act 0 reaches the rule's minimum of people."""
    q = rule.qualifies[0]
    people_needed = max(rule.people_min or 0, 1)
    with db.transaction(core.url) as s:
        named: list[int] = []
        if q.record == "contact" and q.contacted_roles and count:
            role = q.contacted_roles[0]
            for i in range(people_needed if first == 0 else 1):
                named.append(add_person(s, f"对象{first}-{i}", "机加车间", [role]).id)
        for i in range(first, first + count):
            day = window.start + dt.timedelta(days=i)
            assert day <= min(window.end, TODAY), "the window must hold the acts"
            if q.record == "contact":
                words = q.text_contains or [""]
                add_contact(s, date=day, form=(q.forms or ["走访"])[0], recorded_by_id=me, people_ids=named,
                            headcount=None if named else people_needed, place=f"第{i}家企业",
                            text=words[0], topic=words[0] or None)
            elif q.record == "opinion":
                s.add(Opinion(content="夜班食堂没有热饭", recorded_by_id=me, date=day, closed_on=day,
                              status=(q.statuses or ["登记"])[0]))
            else:
                s.add(Proposal(title="关于夜班食堂供应热饭的提案", proposer_id=me, date=day, submitted_on=day,
                               status=(q.statuses or ["已提交"])[0]))


@pytest.mark.parametrize("rule", TRACKED, ids=[r.id for r in TRACKED])
def test_each_tracked_rule_is_unmet_below_and_met_at_its_quota(roster_core, rule):
    with db.transaction(roster_core.url) as s:
        s.merge(Setting(key="regulations", value="000,001,002,003,004"))
        me = add_person(s, "履职测试人", "机加车间", [rule.roles[0]]).id
    window = next(w for _, w, _ in rule_windows([rule], None, TODAY))

    def status():
        items = [i for i in roster_core.requirements("履职测试人").items if i.rule_id == rule.id]
        assert len(items) == 1, f"{rule.id} does not bind a {rule.roles[0]}"
        return items[0]

    required = rule.required or 1
    _acts(roster_core, me, rule, window, 0, required - 1)
    below = status()
    assert (below.done, below.met) == (required - 1, False)
    _acts(roster_core, me, rule, window, required - 1, 1)
    at = status()
    assert (at.done, at.met) == (required, True), at
    if at.people_required is not None:
        assert at.people_done >= at.people_required
