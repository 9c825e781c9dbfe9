"""Label-preserving probes of the understanding on DEV cases only (never held-out ones).

    .venv/bin/python evals/probe_parse.py              # every probe: how many parses an edit changes
    .venv/bin/python evals/probe_parse.py --show ok_prefix names

Each probe edits a dev utterance in a way that must not change its label (a leading 好的, a
trailing 。, ASCII punctuation, another date format, a separator said differently, rostered
names swapped for others of the same unit) and counts the cases whose parse then differs from
the (edited) label. Only cases the parser gets right unedited are probed, so every count is
brittleness the labels alone would not show. Nothing here is a target; it finds what to fix.
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals"))

import store  # noqa: E402,F401  (offline environment first)
from assistant.understanding import Roster, understand  # noqa: E402
from eval_parse import expected, view  # noqa: E402

AS_TYPED = {"ask_regulation", "query_requirements", "other"}  # their topic is the text as typed

EDITS = {
    "end_period": lambda t, i: t if t[-1] in "。！!？?~～" else t + "。",
    "ascii_punct": lambda t, i: t.replace("，", ",").replace("。", ".").replace("：", ":").replace("！", "!"),
    "filler_prefix": lambda t, i: None if i in AS_TYPED else "嗯，" + t,
    "ok_prefix": lambda t, i: None if i in AS_TYPED else "好的 " + t,
    "thanks_suffix": lambda t, i: None if i in AS_TYPED else t.rstrip("。") + "，谢谢",
    "semicolon_stop": lambda t, i: None if i in AS_TYPED else t.replace("；", "。"),
    "comma_conn_space": lambda t, i: None if i in AS_TYPED else t.replace("，还有", " 还有").replace("，另外", " 另外"),
    "space_conn_comma": lambda t, i: None if i in AS_TYPED else t.replace(" 还有", "，还有").replace(" 另外", "，另外"),
    "date_hao": lambda t, i: re.sub(r"(?<!\d)(1[0-2]|[1-9])月([1-3]?\d)日", r"\1月\2号", t),
}


def _norm(value):
    """Commas and full stops as typed are the same mark for this comparison."""
    return json.loads(json.dumps(value, ensure_ascii=False).replace("，", ",").replace("。", "."))


def _swap(value, mapping: dict[str, str]):
    s = json.dumps(value, ensure_ascii=False)
    for n, old in enumerate(mapping):
        s = s.replace(old, f"\0{n}\0")
    for n, new in enumerate(mapping.values()):
        s = s.replace(f"\0{n}\0", new)
    return json.loads(s)


def name_swaps(cases, roster_rows, seed: int):
    """(case, edited text, edited label) with rostered names swapped for others of the same unit."""
    count = collections.Counter(r["姓名"] for r in roster_rows)
    unit_of = {r["姓名"]: r["单位"] for r in roster_rows}
    unique = sorted((n for n in count if count[n] == 1), key=len, reverse=True)
    by_unit = collections.defaultdict(list)
    for n in unique:
        by_unit[unit_of[n]].append(n)
    rng = random.Random(seed)
    for c in cases:
        said = [n for n in unique if n in c["text"] and n != c["speaker"]]
        said = [n for n in said if not any(n != m and n in m for m in said)]
        mapping: dict[str, str] = {}
        for n in said:
            pool = [m for m in by_unit[unit_of[n]] if m not in c["text"] and m != c["speaker"]
                    and m not in mapping.values() and not any(m in o or o in m for o in unique if o != m)]
            if pool:
                mapping[n] = rng.choice(pool)
        if mapping:
            yield c, _swap(c["text"], mapping), _swap(expected(c["expect"]), mapping)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("probes", nargs="*", help=f"any of {', '.join(EDITS)}, names (default: all)")
    ap.add_argument("--show", action="store_true", help="print each changed parse")
    ap.add_argument("--seed", type=int, default=0, help="for the name swaps")
    args = ap.parse_args()
    roster = Roster.from_csv(ROOT / "evals" / "eval_roster.csv")
    records = [json.loads(line) for line in (ROOT / "evals" / "parse_dev.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    cases = []
    for c in records:
        if c["split"] == "dev" and "text" in c:
            got = view(understand(c["text"], c["speaker"], roster, dt.date.fromisoformat(c["today"])))
            if _norm(got) == _norm(expected(c["expect"])):
                cases.append(c)  # only what the parser gets right unedited
    with open(ROOT / "evals" / "eval_roster.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    for probe in args.probes or [*EDITS, "names"]:
        if probe == "names":
            trials = list(name_swaps(cases, rows, args.seed))
        else:
            edit = EDITS[probe]
            trials = [(c, t, expected(c["expect"])) for c in cases
                      if (t := edit(c["text"], c["expect"]["intent"])) and t != c["text"]]
        changed = 0
        for c, text, want in trials:
            got = view(understand(text, c["speaker"], roster, dt.date.fromisoformat(c["today"])))
            if _norm(got) != _norm(want):
                changed += 1
                if args.show:
                    diff = {k: (want[k], got[k]) for k in got if _norm(got[k]) != _norm(want[k])}
                    print(f"   {probe} {c['id']} {text!r} {json.dumps(diff, ensure_ascii=False)[:300]}")
        print(f"{probe:<18} {changed:>4} of {len(trials)} edited dev parses changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
