"""Rebuild knowledge/corpus/*.txt from the raw regulation texts (developer tool, run once).

Cleaning: strip indentation and markdown markers, and rejoin paragraphs that a page
break split mid-sentence. Every quote the product shows is a span of the cleaned text.
Usage: python scripts/clean_regulations.py ../shared/regulations
"""
import re
import sys
from pathlib import Path

HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[\.．、]|附件)")
SENTENCE_END = "。；：！？”）"


def clean(raw: str) -> str:
    lines = []
    for line in raw.splitlines():
        line = line.replace("\u3000", " ").replace("**", "").replace("\t", " ")
        lines.append(re.sub(r"^#+\s*", "", line).strip())
    out, i = [], 0
    while i < len(lines):
        cur = lines[i]
        while True:
            j = i + 1
            while j < len(lines) and lines[j] == "":
                j += 1
            broken = (
                len(cur) >= 30
                and cur[-1] not in SENTENCE_END
                and not cur.endswith(("通知", "意见", "方案", "办法"))
                and j < len(lines)
                and len(lines[j]) >= 10
                and not HEADING.match(lines[j])
            )
            if not broken:
                break
            cur, i = cur + lines[j], j
        out.append(cur)
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/regulations")
    dest = Path(__file__).resolve().parent.parent / "knowledge" / "corpus"
    for f in sorted(src.glob("0*.txt")):
        (dest / f"{f.name[:3]}.txt").write_text(clean(f.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"{f.name} -> {f.name[:3]}.txt", file=sys.stderr)
