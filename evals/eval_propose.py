"""How well `rules propose` finds the hand-written obligations of the five regulations.

Each regulation is treated as a newly added document: `find_obligations` reads its text
and the proposals are compared with knowledge/rules/<document>.yaml.

- recall: a hand-written rule is recalled when a proposed rule's quote overlaps its quote
  (as spans of the document, any occurrence) and the period and `required` agree;
- precision: a proposed rule is right when its quote overlaps the quote or the further
  quoted words (`extra`) of a hand-written rule; "strict" also asks period and `required`
  to agree with that rule.

Note: the five regulations were read while writing the lexicon (knowledge/rules/_lexicon.yaml),
so these figures are dev figures; evals/propose_holdout.yaml holds obligations written
after the lexicon was fixed and is reported separately.

Run: .venv/bin/python evals/eval_propose.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import store  # noqa: F401,E402  (offline environment first)
from knowledge.documents import bundled  # noqa: E402
from knowledge.rules import bundled_rules, find_obligations  # noqa: E402

HOLDOUT = Path(__file__).with_name("propose_holdout.yaml")


def spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, at = [], text.find(quote)
    while at >= 0:
        out.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return out


def overlaps(text: str, a: str, b: str) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in spans(text, a) for s2, e2 in spans(text, b))


def agree(p, h) -> bool:
    return p.period == h.period and p.required == h.required


def score(text: str, hand: list, proposed: list) -> dict:
    recalled = [h for h in hand if any(overlaps(text, p.quote, h.quote) and agree(p, h) for p in proposed)]
    missed = [h for h in hand if h not in recalled]
    right = [p for p in proposed if any(overlaps(text, p.quote, q) for h in hand for q in [h.quote] + [e.quote for e in h.extra])]
    strict = [p for p in proposed if any(overlaps(text, p.quote, h.quote) and agree(p, h) for h in hand)]
    return {"hand": len(hand), "proposed": len(proposed), "recalled": len(recalled), "right": len(right),
            "strict": len(strict), "missed": missed, "wrong": [p for p in proposed if p not in right]}


def report(name: str, r: dict, verbose: bool) -> None:
    rec = r["recalled"] / r["hand"] if r["hand"] else 1.0
    prec = r["right"] / r["proposed"] if r["proposed"] else 1.0
    sprec = r["strict"] / r["proposed"] if r["proposed"] else 1.0
    print(f"{name:10s} hand {r['hand']:3d}  proposed {r['proposed']:3d}  recall {rec:.3f}  "
          f"precision {prec:.3f}  strict precision {sprec:.3f}")
    if verbose:
        for h in r["missed"]:
            print(f"    missed  {h.id} {h.period} {h.required} {h.quote}")
        for p in r["wrong"]:
            print(f"    extra   {p.clause} {p.period} {p.required} {p.quote}")


def add(total: dict, r: dict) -> None:
    for k in ("hand", "proposed", "recalled", "right", "strict"):
        total[k] = total.get(k, 0) + r[k]
    total.setdefault("missed", []).extend(r["missed"])
    total.setdefault("wrong", []).extend(r["wrong"])


def main() -> None:
    verbose = "-v" in sys.argv
    hand_by_doc: dict[str, list] = {}
    for rule in bundled_rules():
        hand_by_doc.setdefault(rule.document, []).append(rule)
    print("dev: the five bundled regulations, each treated as a new document")
    total: dict = {}
    for doc_id, hand in sorted(hand_by_doc.items()):
        doc = bundled(doc_id)
        r = score(doc.text, hand, find_obligations(doc_id, doc.text, doc.bound_roles))
        report(doc_id, r, verbose)
        add(total, r)
    report("dev all", total, False)

    if HOLDOUT.exists():
        from knowledge.rules import Rule

        print("holdout: evals/propose_holdout.yaml (written after the lexicon was fixed)")
        data = yaml.safe_load(HOLDOUT.read_text(encoding="utf-8"))
        total = {}
        for case in data["documents"]:
            text = case["text"]
            hand = [Rule.model_validate({"id": f"{case['id']}-{i}", "document": case["id"], "clause": "",
                                         "roles": case.get("roles") or ["职工代表"], "kind": "其他", "unit": "次", **h})
                    for i, h in enumerate(case["rules"], 1)]
            for h in hand:
                assert h.quote in text, h.quote
            r = score(text, hand, find_obligations(case["id"], text, tuple(case.get("roles") or ())))
            report(case["id"], r, verbose)
            add(total, r)
        report("holdout", total, False)


if __name__ == "__main__":
    main()
