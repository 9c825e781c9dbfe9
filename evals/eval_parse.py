"""Quality of the offline understanding on evals/parse_dev.jsonl (roster: evals/eval_roster.csv).

    .venv/bin/python evals/eval_parse.py            # figures, dev and holdout separately
    .venv/bin/python evals/eval_parse.py --show     # also every failing DEV case (never holdout)

A case is exact when intent, fields, missing and unknown_people all equal the label.
Dialogues run turn by turn: the first turn through `understand`, later turns through
`understand_followup` on the pending record (asked = the first missing slot), the way the
dialogue engine chains them; a cancel shows intent `other` with no fields (CONVENTIONS.md).
That chaining is parse-level only: what the database decides (an office-only status move by a
representative is refused and never pending, d09) is measured by evals/eval_dialogue.py, which runs
the same dialogues through the real dialogue engine and database.
"Refused cases that would have been written" counts refused cases whose parse has an intent
other than `other` and nothing missing: it must be 0.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import store  # noqa: E402,F401  (offline environment first)
from assistant.understanding import Roster, understand, understand_followup  # noqa: E402
from store.schemas import Parse  # noqa: E402

INTENTS = ["log_contact", "log_opinion", "second_opinion", "query_requirements",
           "ask_regulation", "draft_proposal", "update_status", "other"]
KEEPS_PENDING = {"log_contact", "log_opinion", "second_opinion", "update_status", "draft_proposal"}  # as the dialogue does


def view(p: Parse) -> dict:
    return {"intent": p.intent, "fields": p.fields.public(), "missing": list(p.missing),
            "unknown_people": list(p.unknown_people)}


def expected(e: dict) -> dict:
    return {k: e.get(k, {} if k == "fields" else []) for k in ("intent", "fields", "missing", "unknown_people")}


def run_dialogue(record: dict, roster: Roster):
    """Yield (turn, got view) for each turn, chaining the pending record."""
    today = dt.date.fromisoformat(record["today"])
    speaker = record["speaker"]
    pending: Parse | None = None
    asked = None
    for turn in record["turns"]:
        if pending is None:
            p = understand(turn["text"], speaker, roster, today)
        else:
            p = understand_followup(turn["text"], pending, asked, speaker, roster, today)
        if p.act == "cancel" or (p.act == "confirm" and pending is None):
            shown, pending = Parse(intent="other"), None
        elif p.act == "confirm":
            shown = p
            if not p.missing:  # saved (the new people it adds are still listed: CONVENTIONS 23)
                pending = None
        elif p.intent in KEEPS_PENDING:
            shown, pending = p, p
            if turn.get("yes") and not p.missing:  # saved in the same turn
                pending = None
        else:
            shown = p  # a question or small talk: whatever was pending stays pending
        asked = pending.missing[0] if pending is not None and pending.missing else None
        yield turn, view(shown)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print failing dev cases")
    ap.add_argument("--set", default=str(ROOT / "evals" / "parse_dev.jsonl"))
    args = ap.parse_args()
    roster = Roster.from_csv(ROOT / "evals" / "eval_roster.csv")
    records = [json.loads(line) for line in Path(args.set).read_text(encoding="utf-8").splitlines() if line.strip()]

    stats = {s: {"cases": 0, "exact": 0, "field_total": collections.Counter(), "field_ok": collections.Counter(),
                 "turns": 0, "turns_exact": 0, "refused_written": [], "confusion": collections.Counter()}
             for s in ("dev", "holdout")}
    failures = []
    for r in records:
        st = stats[r["split"]]
        if "turns" in r:
            for i, (turn, got) in enumerate(run_dialogue(r, roster)):
                want = expected(turn["expect"])
                st["turns"] += 1
                if got == want:
                    st["turns_exact"] += 1
                elif r["split"] == "dev":
                    failures.append((f"{r['id']}#{i + 1}", turn["text"], want, got))
            continue
        today = dt.date.fromisoformat(r["today"])
        p = understand(r["text"], r["speaker"], roster, today)
        got, want = view(p), expected(r["expect"])
        st["cases"] += 1
        st["confusion"][(want["intent"], got["intent"])] += 1
        if got == want:
            st["exact"] += 1
        elif r["split"] == "dev":
            failures.append((r["id"], r["text"], want, got))
        for key in ("intent", "missing", "unknown_people"):
            st["field_total"][key] += 1
            st["field_ok"][key] += got[key] == want[key]
        for key in set(want["fields"]) | set(got["fields"]):
            st["field_total"][key] += 1
            st["field_ok"][key] += want["fields"].get(key) == got["fields"].get(key)
        if r.get("refused") and p.intent != "other" and not p.missing:
            st["refused_written"].append(r["id"])

    if args.show:
        for cid, text, want, got in failures:
            print(f"--- {cid} {text}")
            for k in ("intent", "fields", "missing", "unknown_people"):
                if want[k] != got[k]:
                    print(f"   {k}: want {json.dumps(want[k], ensure_ascii=False)}")
                    print(f"   {' ' * len(k)}  got  {json.dumps(got[k], ensure_ascii=False)}")
        print()

    for split in ("dev", "holdout"):
        st = stats[split]
        if not st["cases"] and not st["turns"]:
            continue
        print(f"== {split}: {st['cases']} utterances, {st['turns']} dialogue turns")
        if st["cases"]:
            print(f"   exact cases     {st['exact']}/{st['cases']} = {st['exact'] / st['cases']:.1%}")
        if st["turns"]:
            print(f"   exact turns     {st['turns_exact']}/{st['turns']} = {st['turns_exact'] / st['turns']:.1%}"
                  "  (parse-level chaining; eval_dialogue.py runs them through the real dialogue)")
        print("   per field       " + "  ".join(
            f"{k} {st['field_ok'][k] / st['field_total'][k]:.1%} ({st['field_total'][k]})"
            for k in sorted(st["field_total"], key=lambda k: -st["field_total"][k])))
        print(f"   refused cases that would have been written: {len(st['refused_written'])} {st['refused_written']}")
        print("   intent confusion (rows: expected, columns: got)")
        shown = [i for i in INTENTS if any(st["confusion"][(i, j)] or st["confusion"][(j, i)] for j in INTENTS)]
        print("   " + " " * 19 + "".join(f"{i[:9]:>10}" for i in shown))
        for i in shown:
            print(f"   {i:<19}" + "".join(f"{st['confusion'][(i, j)]:>10}" for j in shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
