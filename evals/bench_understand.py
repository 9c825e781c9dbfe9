"""Speed of the offline understanding: import + tokenizer initialisation, then `understand`
per utterance over evals/parse_dev.jsonl (every utterance and dialogue turn text).

    .venv/bin/python evals/bench_understand.py [--repeat 5]

Prints p50/p95/max per utterance in milliseconds. Run it on an idle machine: the figures are
CPU-bound and other processes on the same two cores inflate them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    import store  # noqa: F401
    from assistant.understanding import Roster, understand
    from assistant.understanding.tokenizer import tokenizer
    t1 = time.perf_counter()
    tokenizer()
    t2 = time.perf_counter()
    roster = Roster.from_csv(ROOT / "evals" / "eval_roster.csv")
    understand("昨天走访了张三", "陈立新", roster, dt.date(2026, 11, 23))  # the roster's words are added here
    t3 = time.perf_counter()

    records = [json.loads(line) for line in (ROOT / "evals" / "parse_dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = []
    for r in records:
        texts = [t["text"] for t in r["turns"]] if "turns" in r else [r["text"]]
        cases += [(text, r["speaker"], dt.date.fromisoformat(r["today"])) for text in texts]
    times = []
    for _ in range(args.repeat):
        for text, speaker, today in cases:
            a = time.perf_counter()
            understand(text, speaker, roster, today)
            times.append((time.perf_counter() - a) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"import understanding: {(t1 - t0) * 1000:.0f} ms; jieba init: {(t2 - t1) * 1000:.0f} ms; "
          f"roster words + first call: {(t3 - t2) * 1000:.0f} ms")
    print(f"understand over {len(cases)} utterances x {args.repeat}: p50 {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms, max {times[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
