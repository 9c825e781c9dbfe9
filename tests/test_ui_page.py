"""The page in real Chromium (Playwright, system /usr/bin/chromium), and its API endpoints.

One server per module: the app runs in a thread (launch(prevent_thread_lock=True)) on a
free port, over a temp home and SQLite file holding the demo roster and records, with the
demo passwords (王建国 office, 陈立新 representative, both "demo1234").
Screenshots of every tab at 1280 and 390 px go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from conftest import ROOT, TODAY

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "demo1234"
TABS = ["对话", "我的任务", "意见与提案", "台账", "知识库", "统计", "管理"]
WAIT = 30_000  # ms: generous, the first call of a capability loads its indexes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The page on a free port over a fresh home with the demo loaded; yields its URL."""
    from assistant.core import Core
    from store.auth import set_demo_passwords
    from store.settings import load_settings
    from ui.app import launch

    # The client libraries and gradio's own start-up check talk to 127.0.0.1: never through a proxy.
    os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
    home = tmp_path_factory.mktemp("ui-home")
    core = Core(load_settings(home=home, db_url=f"sqlite:///{home / 'records.db'}"), TODAY)
    core.load_demo()
    set_demo_passwords(core.url)
    port = _free_port()
    demo = launch(core, "127.0.0.1", port, block=False)
    yield {"url": f"http://127.0.0.1:{port}/", "core": core}
    demo.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: CI must install chromium for the browser tests")
        pytest.skip("no /usr/bin/chromium on this machine (apt-get install chromium fonts-wqy-zenhei)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=WAIT)
    return playwright_expect(locator)


def _login(browser, server, name: str, width: int = 1280):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(server["url"])
    page.locator("input").first.fill(name)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("#ua-tabs")
    page.locator("#ua-user").get_by_text(name).wait_for()
    return page


def _tab(page, name: str):
    page.get_by_role("tab", name=name).click()


def _say(page, text: str, expect: str):
    before = page.locator("#ua-chat .message-row").count()
    box = page.locator("#ua-chat-text textarea")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        "([n]) => document.querySelectorAll('#ua-chat .message-row').length >= n + 2", arg=[before])
    page.locator("#ua-chat .message-row").last.get_by_text(expect).first.wait_for()


def _done_total(page) -> int:
    """Sum of the "完成 N/M 次" counts on 我的任务."""
    _tab(page, "我的任务")
    page.locator("#ua-tasks .ua-req").first.wait_for()
    return sum(int(n) for n in re.findall(r"完成 (\d+)/", page.locator("#ua-tasks").inner_text()))


@pytest.mark.browser
def test_login_rejects_a_wrong_password(browser, server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(server["url"])
    page.locator("input").first.fill("陈立新")
    page.locator("input[type=password]").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    page.wait_for_timeout(1500)
    assert page.locator("#ua-tabs").count() == 0
    context.close()


@pytest.mark.browser
def test_log_a_contact_over_two_turns_and_see_tasks_change(browser, server):
    page = _login(browser, server, "陈立新")
    done_before = _done_total(page)
    _tab(page, "对话")
    _say(page, "走访了机加车间的张伟和林晓，反映更衣室柜子不够用", "哪一天")
    card = page.locator("#ua-chat .message-row").last.locator(".ua-card")  # the pending record, in the reply
    assert "待补充" in card.inner_text()
    _say(page, "昨天", "确认")
    assert "2026-11-22" in card.inner_text() or "11-22" in card.inner_text()
    page.locator("#ua-confirm").click()
    page.locator("#ua-chat .message-row").last.get_by_text("已保存").first.wait_for()
    page.locator("#ua-pending-actions").wait_for(state="hidden")
    _tab(page, "我的任务")
    page.wait_for_function(  # the tab reloads its board when selected
        """([before]) => [...document.querySelector('#ua-tasks').innerText.matchAll(/完成 (\\d+)\\//g)]
              .reduce((sum, m) => sum + Number(m[1]), 0) > before""", arg=[done_before])
    assert _done_total(page) > done_before
    page.context.close()


@pytest.mark.browser
def test_representative_sees_only_their_own(browser, server):
    page = _login(browser, server, "陈立新")
    for office_tab in ("统计", "管理"):
        assert not page.get_by_role("tab", name=office_tab).is_visible()
    _tab(page, "我的任务")
    assert not page.locator("#ua-task-person").is_visible()
    # The board loads when the tab is selected (a progress timer shows until then).
    page.wait_for_function("() => document.querySelector('#ua-tasks').innerText.includes('陈立新')")
    assert "陈立新" in page.locator("#ua-tasks").inner_text()
    _tab(page, "意见与提案")
    assert not page.locator("#ua-op-person").is_visible()
    page.locator("#ua-op-refresh").click()
    page.get_by_text("陈立新：共").wait_for()
    page.context.close()


def _client(server, name: str):
    from gradio_client import Client

    return Client(server["url"], auth=(name, PASSWORD), verbose=False, download_files=False)


def test_api_refuses_another_persons_records(server):
    """Calling the page's endpoints directly with someone else's name is refused."""
    rep = _client(server, "陈立新")
    assert "无权" in rep.predict("王建国", api_name="/tasks_show")
    assert "陈立新" in rep.predict(None, api_name="/tasks_show")
    rows, note = rep.predict("全部", "王建国", False, api_name="/opinions_list")
    assert "无权" in note and not any(any(cell for cell in row) for row in rows["data"])
    ledger = server["core"].export_list()["ledgers"][0]["name"]
    _rows, file, note = rep.predict(ledger, "2026Q4", "王建国", None, api_name="/ledger_export")
    assert file is None and ("无权" in note)
    assert "工会办公室" in rep.predict("2026Q4", "全部单位", api_name="/stats_overview")
    note, _ = rep.predict("王建国", "", "taken-over-1", api_name="/set_password")
    assert "工会办公室" in note
    from store.auth import authenticate

    assert authenticate(server["core"].url, "王建国", PASSWORD) is not None  # unchanged
    _rows, note = rep.predict("全部", None, False, 1, "立案", "", api_name="/opinion_status")
    assert "工会办公室" in note
    office = _client(server, "王建国")
    assert "陈立新" in office.predict("陈立新", api_name="/tasks_show")
    rows, note = office.predict("全部", None, False, 1, "立案", "交办理", api_name="/opinion_status")
    assert "已改为“立案”" in note
    assert [r[5] for r in rows["data"] if r[0] == 1] == ["立案"]


def test_api_needs_a_login(server):
    from gradio_client import Client

    with pytest.raises(Exception):
        Client(server["url"], verbose=False, download_files=False).predict(None, api_name="/tasks_show")


@pytest.mark.browser
def test_upload_a_docx_and_ask_about_it(browser, server, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("机加车间职工休息室管理办法")
    doc.add_paragraph("第一条 为保障职工休息，制定本办法。")
    doc.add_paragraph("第二条 休息室每日开放，夜班期间由值班班长负责钥匙保管。")
    doc.add_paragraph("第三条 职工代表每季度检查一次休息室卫生状况。")
    path = tmp_path / "休息室管理办法.docx"
    doc.save(path)

    page = _login(browser, server, "王建国")
    _tab(page, "知识库")
    page.locator("#ua-kb-upload-box").get_by_text("上传文档").click()
    page.locator("#ua-kb-file input[type=file]").set_input_files(str(path))
    # The uploaded file's row (its name is shown as two spans, stem and suffix; the row's label is the whole
    # name). Matching the text "休息室管理办法.docx" only caught the transient upload-progress line.
    page.locator('#ua-kb-file td.filename[aria-label="休息室管理办法.docx"]').wait_for(timeout=90_000)
    page.locator("#ua-kb-add").click()
    page.locator("#ua-kb-add-note").get_by_text("已添加").wait_for(timeout=120_000)
    expect(page.locator("#ua-kb-docs")).to_contain_text("休息室管理办法")
    page.locator("#ua-kb-question textarea").fill("休息室的钥匙由谁保管？")
    page.locator("#ua-kb-search").click()
    answer = page.locator("#ua-kb-answer")
    answer.locator(".ua-hit").first.wait_for()
    assert "值班班长负责钥匙保管" in answer.inner_text()
    assert answer.locator("mark").count() > 0
    # Its quantified obligation is proposed for review, then accepted.
    page.locator("#ua-kb-rules-box").get_by_text("履职规则审核").click()
    page.locator("#ua-kb-propose").click()
    expect(page.locator("#ua-kb-rules")).to_contain_text("每季度检查一次休息室卫生状况")
    expect(page.locator("#ua-kb-rules")).to_contain_text("待审核")
    page.locator("#ua-kb-accept").click()
    expect(page.locator("#ua-kb-rules")).to_contain_text("已启用")
    page.context.close()


@pytest.mark.browser
def test_download_a_ledger_and_open_it(browser, server, tmp_path):
    from openpyxl import load_workbook

    page = _login(browser, server, "陈立新")
    _tab(page, "台账")
    page.locator("#ua-ledger-period input, #ua-ledger-period textarea").first.fill("2026Q4")
    page.locator("#ua-ledger-make").click()
    link = page.locator("#ua-ledger-file a").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "ledger.xlsx"
    info.value.save_as(target)
    wb = load_workbook(target)
    text = " ".join(str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v is not None)
    assert "陈立新" in text
    expect(page.locator("#ua-ledger-preview")).to_contain_text("陈立新")
    page.context.close()


@pytest.mark.browser
def test_screenshots_of_every_tab(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _login(browser, server, "王建国")
    # A conversation to show: a cited answer, then a record awaiting confirmation.
    _say(page, "职工代表每月要联系几名职工？", "每月")
    chat = page.locator("#ua-chat")
    chat.locator("details.ua-cite summary").first.click()
    expect(chat.locator("details.ua-cite blockquote").first).to_be_visible()
    _say(page, "昨天到机加车间走访了张三和李四，反映夜班食堂没有热饭", "确认")
    expect(page.locator("#ua-pending-actions")).to_be_visible()
    for number, name in enumerate(TABS, start=1):
        page.set_viewport_size({"width": 1280, "height": 900})
        _tab(page, name)
        page.wait_for_timeout(800)  # let the tab's own load finish rendering
        page.screenshot(path=SHOTS / f"{number}-{name}-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=SHOTS / f"{number}-{name}-390.png", full_page=True)
        assert overflow <= 392, f"{name} is wider than a 390 px phone ({overflow}px)"
    page.context.close()


@pytest.mark.browser
def test_draft_a_proposal_edit_it_and_download_docx(browser, server, tmp_path):
    from docx import Document

    page = _login(browser, server, "陈立新")
    _tab(page, "意见与提案")
    page.locator("#ua-draft-box").get_by_text("起草提案").click()
    page.locator("#ua-draft-request textarea").fill("帮我起草一个关于夜班食堂热饭的提案")
    page.locator("#ua-draft-make").click()
    draft = page.locator("#ua-draft-text textarea")
    expect(draft).to_have_value(re.compile("案由"))
    draft.fill(draft.input_value() + "\n（经办公室修改）")
    page.locator("#ua-draft-download").click()
    link = page.locator("#ua-draft-file a").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "proposal.docx"
    info.value.save_as(target)
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert "案由" in text and "陈立新" in text and "（经办公室修改）" in text
    page.context.close()


def test_office_sets_a_password_through_the_page(server):
    from store.auth import authenticate

    office = _client(server, "王建国")
    note, cleared = office.predict("孙志强", "", "sun-pass-1", api_name="/set_password")
    assert "已为机加车间的孙志强设置密码" in note and cleared == ""
    assert authenticate(server["core"].url, "孙志强", "sun-pass-1").name == "孙志强"
    note = office.predict(["000", "004"], api_name="/set_regulations")
    assert "已保存" in note and server["core"].org_regulations() == ["000", "004"]
    assert "工会办公室" in _client(server, "陈立新").predict(["000"], api_name="/set_regulations")
    assert server["core"].org_regulations() == ["000", "004"]
    office.predict(["000"], api_name="/set_regulations")


@pytest.mark.browser
def test_quick_prompts_modify_and_cancel(browser, server):
    page = _login(browser, server, "陈立新")
    rows = page.locator("#ua-chat .message-row")
    page.get_by_role("button", name="这个季度我还差什么").click()
    expect(rows.last).to_contain_text("陈立新")
    expect(rows.last.locator(".ua-req, .ua-cite").first).to_be_visible()
    page.get_by_role("button", name="起草提案").click()
    expect(page.locator("#ua-chat-text textarea")).to_have_value(re.compile("^帮我起草一个关于"))
    page.get_by_role("button", name="记录一次走访").click()
    expect(page.locator("#ua-pending-actions")).to_be_visible()
    page.locator("#ua-modify").click()
    expect(rows.last).to_contain_text("不是张伟，是张薇")
    page.locator("#ua-cancel").click()
    expect(page.locator("#ua-pending-actions")).to_be_hidden()
    page.context.close()
