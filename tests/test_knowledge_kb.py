"""`kb add` / `kb list` on real files (.txt, .md, .docx, .pdf), a real SQLite file and a real Chroma directory."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from store.errors import UserError
from tests.conftest import ROOT

RULES = [
    "华信机械厂工会职工联系制度",
    "一、联系要求",
    "（一）每名工会委员每月走访2名困难职工家庭，了解生活情况。",
    "（二）每季度召开一次青年职工座谈会，听取意见建议。",
    "二、附则",
    "本制度自印发之日起施行。",
]


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text is Chinese, written by hand.

    The font is a CID font with Identity-H encoding: each character is a 2-byte code, and
    a ToUnicode CMap maps the codes back to Unicode, which is what text extraction reads.
    """
    chars = sorted(set("".join(lines)))
    code = {ch: i + 1 for i, ch in enumerate(chars)}
    shows = " ".join("<" + "".join(f"{code[c]:04X}" for c in ln) + "> Tj T*" for ln in lines)
    content = f"BT /F1 12 Tf 16 TL 50 780 Td {shows} ET".encode()
    bf = ""
    for i in range(0, len(chars), 100):
        block = chars[i:i + 100]
        bf += f"{len(block)} beginbfchar\n" + "\n".join(f"<{code[c]:04X}> <{ord(c):04X}>" for c in block) + "\nendbfchar\n"
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + bf +
            "endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        _stream(cmap),
    ])


def pdf_without_text() -> bytes:
    """A 'scanned' page: only drawing operations, no text at all."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(b"0.5 g 50 50 400 600 re f"),
    ])


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_kb_list_holds_the_five_bundled_regulations(core):
    docs = core.kb_list()["documents"]
    assert [d["document"] for d in docs][:5] == ["000", "001", "002", "003", "004"]
    first = docs[0]
    assert first["number"] == "新升工发〔2020〕13号" and first["issuer"] and first["chunks"] > 10
    assert set(first) >= {"document", "title", "issuer", "number", "date", "chunks"}
    # Registering is idempotent.
    assert core.kb_list() == {"documents": docs}


def test_add_txt_then_ask_cites_it_and_readding_replaces(core, tmp_path):
    path = tmp_path / "华信职工联系制度.txt"
    path.write_text("\n".join(RULES), encoding="utf-8")
    messages = []
    out = core.kb_add(path, progress=lambda msg, frac=None: messages.append(msg))
    assert out["document"] == "华信职工联系制度"
    assert out["clauses"] == 4 and out["chunks"] >= 3
    assert messages and messages[-1] == "完成"

    answer = core.ask("工会委员每月走访几户困难职工家庭？")
    top = answer.citations[0]
    assert (top.document, top.clause) == ("华信职工联系制度", "一（一）")
    assert "每月走访2名困难职工家庭" in top.quote

    path.write_text("\n".join(RULES[:3] + ["二、附则", "本制度自2027年1月1日起施行。"]), encoding="utf-8")
    again = core.kb_add(path, title="华信机械厂工会职工联系制度（修订）")
    assert again["document"] == out["document"]
    docs = [d for d in core.kb_list()["documents"] if d["document"] == "华信职工联系制度"]
    assert len(docs) == 1 and docs[0]["title"].endswith("（修订）")
    assert not core.ask("每季度召开几次青年职工座谈会").citations or all(
        c.document != "华信职工联系制度" for c in core.ask("每季度召开几次青年职工座谈会").citations)


def test_the_same_words_under_another_file_name_are_refused(core, tmp_path):
    first = tmp_path / "华信职工联系制度.txt"
    first.write_text("\n".join(RULES), encoding="utf-8")
    core.kb_add(first)
    copy = tmp_path / "华信职工联系制度（副本）.txt"
    copy.write_text("\n".join(RULES) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="完全相同.*华信职工联系制度"):
        core.kb_add(copy)
    bundled = tmp_path / "联系职工办法.txt"
    bundled.write_text((ROOT / "knowledge" / "corpus" / "000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UserError, match="编号 000"):
        core.kb_add(bundled)
    ids = [d["document"] for d in core.kb_list()["documents"]]
    assert ids.count("华信职工联系制度") == 1 and "联系职工办法" not in ids and "华信职工联系制度_副本" not in ids


def test_add_markdown_strips_markup(core, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# 车间工会工作要点\n\n一、**每周**召开一次班组长例会。\n\n二、每月公布一次工会经费收支情况。\n",
                    encoding="utf-8")
    out = core.kb_add(path)
    from knowledge.kb import get_document_text

    text = get_document_text(core.ctx, out["document"])
    assert "**" not in text and "#" not in text
    assert core.ask("工会经费收支情况多久公布一次").citations[0].clause == "二"


def test_add_docx_with_a_table(core, tmp_path):
    import docx

    d = docx.Document()
    for line in RULES[:4]:
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("项目", "频次"), ("走访困难职工", "每月1次"), ("青年座谈会", "每季度1次")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    for line in RULES[4:]:
        d.add_paragraph(line)
    path = tmp_path / "huaxin.docx"
    d.save(path)

    out = core.kb_add(path)
    assert out["document"] == "huaxin" and out["clauses"] == 4
    from knowledge.clauses import locate

    assert locate("huaxin", "项目: 青年座谈会 | 频次: 每季度1次", core.ctx) == "一（二）"
    assert locate("huaxin", "每季度召开一次青年职工座谈会", core.ctx) == "一（二）"


def test_add_pdf_with_text(core, tmp_path):
    path = tmp_path / "huaxin-pdf.pdf"
    path.write_bytes(pdf_with_text(RULES))
    out = core.kb_add(path)
    assert out["clauses"] == 4
    top = core.ask("每季度召开一次青年职工座谈会吗").citations[0]
    assert (top.document, top.clause) == ("huaxin-pdf", "一（二）")


def test_a_scanned_pdf_without_text_is_rejected_and_nothing_is_written(core, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_without_text())
    with pytest.raises(UserError) as err:
        core.kb_add(path)
    assert "扫描件" in err.value.message
    assert "scan" not in [d["document"] for d in core.kb_list()["documents"]]


@pytest.mark.parametrize("name,content,words", [
    ("rules.xls", b"x", "不支持"),
    ("000.txt", "一、测试条款内容足够长的一句话，用来检查编号冲突。".encode(), "内置规定"),
])
def test_bad_files_are_rejected_in_chinese(core, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as err:
        core.kb_add(path)
    assert words in err.value.message
    with pytest.raises(UserError):
        core.kb_add(tmp_path / "missing.txt")


def test_chunks_persist_in_chroma_across_processes(core, tmp_path):
    path = tmp_path / "persist.txt"
    path.write_text("\n".join(RULES), encoding="utf-8")
    out = core.kb_add(path)
    script = (
        "import store, sys, pathlib\n"
        "from knowledge.vectorstore import collection\n"
        "from store.settings import load_settings\n"
        "col = collection(load_settings(home=pathlib.Path(sys.argv[1])))\n"
        "got = col.get(where={'document': 'persist'}, include=['metadatas', 'documents'])\n"
        "print(len(got['ids']), col.count(), sorted({m['path'] for m in got['metadatas']}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", script, str(core.ctx.settings.home)], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=120)
    assert res.returncode == 0, res.stderr
    count, total, paths = res.stdout.strip().split(" ", 2)
    assert int(count) == out["chunks"]
    # The bundled regulations' chunks live in the same collection.
    assert int(total) == out["chunks"] + sum(d["chunks"] for d in core.kb_list()["documents"][:5])
    assert "一（一）" in paths and "一（二）" in paths


def test_cli_kb_add_and_list_print_one_json_object(home, db_url, tmp_path):
    path = tmp_path / "cli-rules.txt"
    path.write_text("\n".join(RULES), encoding="utf-8")
    exe = ROOT / ".venv" / "bin" / "union-assistant"
    env = {**os.environ, "UNION_ASSISTANT_HOME": str(home)}
    res = subprocess.run([str(exe), "--db", db_url, "kb", "add", str(path), "--json"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["document"] == "cli-rules"
    assert "完成" in res.stderr  # progress goes to stderr
    res = subprocess.run([str(exe), "--db", db_url, "kb", "list", "--json"], capture_output=True, text=True,
                         env=env, timeout=120)
    docs = json.loads(res.stdout)["documents"]
    assert [d["document"] for d in docs] == ["000", "001", "002", "003", "004", "cli-rules"]


def test_get_document_text_serves_bundled_and_added_documents(core, tmp_path):
    from knowledge.kb import get_document_text

    assert "每月走访一次本选区职工" in get_document_text(core.ctx, "000")
    assert get_document_text(core.url, "000") == get_document_text(None, "000")
    path = tmp_path / "extra.txt"
    path.write_text("\n".join(RULES), encoding="utf-8")
    core.kb_add(path)
    assert get_document_text(core.url, "extra").startswith("华信机械厂工会职工联系制度")
    with pytest.raises(UserError):
        get_document_text(core.ctx, "no-such-document")
