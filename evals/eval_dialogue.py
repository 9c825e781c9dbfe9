"""Quality of whole chat turns through the real dialogue engine (assistant.dialogue.turn).

Runs on a fresh SQLite file holding evals/eval_roster.csv:
- every dialogue of evals/parse_dev.jsonl turn by turn in one session (with --yes where the
  record says so), comparing intent, fields, missing, unknown_people and the tables written;
- every single utterance with --yes, counting refused cases that nevertheless wrote (must be 0)
  and accepted record-making cases that did not write.

Dev and holdout figures are printed separately; --show prints failing DEV turns only.

    .venv/bin/python evals/eval_dialogue.py [--show] [--set FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import store  # noqa: E402,F401  (offline environment first)
from assistant.core import Core  # noqa: E402
from store.settings import load_settings  # noqa: E402

SET = ROOT / "evals" / "parse_dev.jsonl"
ROSTER = ROOT / "evals" / "eval_roster.csv"
WRITES = {"log_contact", "log_opinion"}  # intents whose accepted single utterance must write
# Opinions the dialogues refer to as already registered (said with --yes before each dialogue).
SEED = [("吴勇", "建议在动力车间门口加装自行车雨棚"),
        ("孙志强", "记一条意见 机加车间澡堂热水不够用 希望延长供热水时间"),  # d65 seconds 澡堂热水那条
        ("罗志刚", "记一条意见 停车棚不够用 电动车没地方停"),  # d68 reports 停车棚那条 settled, then fed back
        ("王建国", "停车棚那条立案了"), ("王建国", "停车棚那条交办了"), ("王建国", "停车棚那条办结了"),
        ("吴勇", "记一条意见 动力车间的黄磊反映锅炉房没有休息室"),  # d69 seconds it (黄磊's)
        ("欧阳明", "记一条意见 物流中心的王芳反映厂区路灯太暗")]  # d73 seconds 老王's (王芳 of 物流中心)


def fresh_core(today: dt.date, seed: bool = False) -> Core:
    home = Path(tempfile.mkdtemp(prefix="eval_dialogue_"))
    core = Core(load_settings(home=home, db_url=f"sqlite:///{home / 'records.db'}"), today)
    core.roster_import(ROSTER)
    for speaker, text in SEED if seed else ():
        assert core.say(speaker, text, yes=True).written, text
    return core


def view(result) -> dict:
    return {"intent": result.intent, "fields": result.fields, "missing": result.missing,
            "unknown_people": result.unknown_people,
            "written_tables": sorted({w.table for w in result.written})}


def expected(e: dict) -> dict:
    return {"intent": e["intent"], "fields": e.get("fields", {}), "missing": e.get("missing", []),
            "unknown_people": e.get("unknown_people", []), "written_tables": sorted(e.get("written_tables", []))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--set", default=str(SET), help="another file of the same records (a labeller's new file)")
    args = ap.parse_args()
    records = [json.loads(line) for line in Path(args.set).read_text(encoding="utf-8").splitlines() if line.strip()]
    stats = {s: {"dialogues": 0, "dialogues_exact": 0, "turns": 0, "turns_exact": 0, "tables_right": 0,
                 "single": 0, "refused_written": [], "accepted_not_written": []} for s in ("dev", "holdout")}
    cores: dict[str, Core] = {}
    # Dialogues first: a person confirmed into one roster must not leak into the next parse.
    records.sort(key=lambda r: "turns" not in r)
    for n, r in enumerate(records):
        st = stats[r["split"]]
        today = dt.date.fromisoformat(r["today"])
        if "turns" in r:
            core = fresh_core(today, seed=True)  # each dialogue on its own records (a confirmed new person stays new)
            st["dialogues"] += 1
            all_right = True
            for turn in r["turns"]:
                got = view(core.say(r["speaker"], turn["text"], session=f"{r['id']}-{n}", yes=turn.get("yes", False)))
                want = expected(turn["expect"])
                st["turns"] += 1
                st["turns_exact"] += got == want
                st["tables_right"] += got["written_tables"] == want["written_tables"]
                if got != want:
                    all_right = False
                    if args.show and r["split"] == "dev":
                        diff = {k: (got[k], want[k]) for k in got if got[k] != want[k]}
                        print(f"{r['id']} 「{turn['text']}」 got/want: {json.dumps(diff, ensure_ascii=False)}")
            st["dialogues_exact"] += all_right
        else:
            core = cores.get(r["today"]) or cores.setdefault(r["today"], fresh_core(today))
            st["single"] += 1
            result = core.say(r["speaker"], r["text"], yes=True)
            if r.get("refused") and result.written:
                st["refused_written"].append(r["id"])
            if not r.get("refused") and r["expect"]["intent"] in WRITES and not result.written:
                st["accepted_not_written"].append(r["id"])
            if any(w.table == "people" for w in result.written):
                cores.pop(r["today"])  # the next utterance is labelled on the roster as given, not grown by this one
    for split, st in stats.items():
        print(f"== {split}: {st['dialogues']} dialogues, {st['turns']} turns, {st['single']} single utterances (--yes)")
        if st["turns"]:
            print(f"   exact turns        {st['turns_exact']}/{st['turns']} = {st['turns_exact'] / st['turns']:.1%}")
            print(f"   written tables     {st['tables_right']}/{st['turns']} = {st['tables_right'] / st['turns']:.1%}")
            print(f"   exact dialogues    {st['dialogues_exact']}/{st['dialogues']}")
        print(f"   refused but written: {len(st['refused_written'])} {st['refused_written'] if split == 'dev' else ''}")
        print(f"   accepted contact/opinion not written: {len(st['accepted_not_written'])} "
              f"{st['accepted_not_written'] if split == 'dev' else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
