"""Offline Chinese understanding: one chat utterance → intent, fields, what is missing.

Rule-based and driven by the lexicons in `lexicon/*.yaml`; pure functions (no database, no
network, no model). The dialogue (`assistant.dialogue`) builds a `Roster` from the database,
calls `understand` on a first utterance and `understand_followup` on later turns, and uses
`required_missing` after it changes a record itself.

    roster = Roster.from_people(store.roster.load_people(session))
    parse = understand("昨天走访了张三，他反映食堂没有热饭", speaker="陈立新", roster=roster, today=today)
    parse = understand_followup("改成座谈", pending=parse, asked=None, speaker=..., roster=..., today=...)
"""
from .followup import understand_followup
from .parse import required_missing, understand
from .roster import Roster, RosterEntry, units_said

__all__ = ["Roster", "RosterEntry", "understand", "understand_followup", "required_missing", "units_said"]
