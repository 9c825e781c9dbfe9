"""10,000 random inputs (empty, 5,000 characters, emoji, English, SQL, Chinese fragments, bad dates)
through `understand` and `understand_followup`: no exception, always a valid Parse."""
import random

from assistant.understanding import Roster, understand, understand_followup
from store.schemas import Parse
from tests.conftest import DEMO_ROSTER, TODAY

ROSTER = Roster.from_csv(DEMO_ROSTER)

PIECES = [
    "", " ", "\n", "😀", "👍🏻", "🇨🇳", "hello", "DROP TABLE people;", "' OR 1=1 --", "SELECT * FROM contacts",
    "<script>alert(1)</script>", "\x00", "\u200b", "NaN", "None", "null", "{}", "[]", "%s", "\\", "？？？", "。。。",
    "2月30日", "13月1日", "0月0日", "2月29日", "99.99", "11/31", "上上上周五", "第0条", "第99999999999条",
    "昨天", "前几天", "上周五", "本月初", "十一月十日", "周三", "上个月15号",
    "走访了", "座谈", "打电话", "微信", "慰问", "和", "、", "等", "名职工", "十几", "二十多人", "一百万人",
    "张三", "李娜", "老张", "小李", "欧阳明", "司马磊", "王五", "赵六", "装配车间的", "在机加车间",
    "他们反映", "夜班食堂没有热饭", "，还有", "一是", "二是", "希望", "附议", "办结了", "很满意",
    "提案", "起草", "本月", "还差几次", "请问", "怎么", "吗", "不是", "是", "改成", "日期改成", "地点是",
    "人数是", "确认", "算了", "取消", "好的", "对",
]


def random_text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.05:
        return ""
    if kind < 0.08:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(600, 900)))[:5000]
    if kind < 0.12:
        return "".join(chr(rng.randint(0x20, 0x2FFFF)) for _ in range(rng.randint(1, 60)))
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))


def test_ten_thousand_random_inputs_never_raise():
    rng = random.Random(20261123)
    pending = understand("昨天走访了张三", "陈立新", ROSTER, TODAY)
    asked_slots = [None, "date", "form", "people", "place", "issues", "topic", "status"]
    for i in range(10_000):
        text = random_text(rng)
        if i % 2:
            p = understand(text, "陈立新", ROSTER, TODAY)
        else:
            p = understand_followup(text, pending, rng.choice(asked_slots), "陈立新", ROSTER, TODAY)
            if p.intent != "other" and p.act not in ("cancel",):
                pending = p
        assert isinstance(p, Parse)
        Parse.model_validate(p.model_dump())  # what the contract's JSON is made of stays valid
