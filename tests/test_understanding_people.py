"""People matched against the demo roster: compound surnames, 老张/小李, namesakes, unknown names."""
from assistant.understanding import Roster, RosterEntry, understand
from tests.conftest import DEMO_ROSTER, TODAY

ROSTER = Roster.from_csv(DEMO_ROSTER)


def say(text, speaker="陈立新"):
    return understand(text, speaker, ROSTER, TODAY)


def test_roster_names_in_order_and_titles_dropped():
    p = say("昨天走访了职工代表孙志强和张三")
    assert p.fields.people == ["孙志强", "张三"]
    assert p.fields.headcount == 2


def test_compound_surnames():
    p = say("昨天和欧阳明、司马磊座谈")
    assert p.fields.people == ["欧阳明", "司马磊"]
    assert p.unknown_people == []
    # 老司马 is the one 司马 on the roster
    assert say("昨天和老司马聊了聊").fields.people == ["司马磊"]


def test_nickname_resolved_only_when_the_surname_is_unique():
    assert say("昨天给老吴打了个电话").fields.people == ["吴勇"]
    assert say("昨天和孙师傅聊了聊").fields.people == ["孙志强"]
    p = say("昨天给老张打了个电话")  # 张三, 张伟, 张薇
    assert p.fields.people == ["老张"]
    assert p.missing == ["people"]
    assert set(p.ambiguous_people["老张"]) == {"张三（机加车间）", "张伟（机加车间）", "张薇（装配车间）"}


def test_namesakes_are_ambiguous_unless_the_unit_is_said():
    p = say("昨天和李娜聊了聊")
    assert p.fields.people == ["李娜"] and p.missing == ["people"]
    assert len(p.ambiguous_people["李娜"]) == 2
    p = say("昨天和装配车间的李娜聊了聊")
    assert p.fields.people == ["李娜"] and p.missing == [] and p.ambiguous_people == {}


def test_unknown_names_are_kept_as_said_and_never_replaced():
    p = say("昨天走访了张三、王五和赵六")
    assert p.fields.people == ["张三", "王五", "赵六"]
    assert p.unknown_people == ["王五", "赵六"]
    assert p.missing == []
    assert p.fields.headcount == 3


def test_the_speaker_is_never_one_of_the_people():
    p = say("昨天我和张三聊了聊", speaker="张三")
    assert "张三" not in (p.fields.people or [])


def test_words_that_look_like_names_are_not_people():
    p = say("昨天和全体职工座谈")
    assert p.unknown_people == [] and not p.fields.people
    p = say("昨天和车间主任座谈")
    assert p.unknown_people == []


def test_roster_from_people_objects():
    class Unit:
        name = "机加车间"

    class P:
        id, name, unit, role_names = 7, "张三", Unit(), ["职工"]

    roster = Roster.from_people([P()])
    assert roster.named("张三") == [RosterEntry(7, "张三", "机加车间", ("职工",))]
    assert roster.with_surname("张")[0].id == 7


def test_an_unknown_name_in_a_list_is_not_cut_short():
    # 王小五 must not be read as 王小 (五 also counts people: 王五三人 is 王五 and three people)
    p = say("走访了张三和王小五")
    assert p.fields.people == ["张三", "王小五"] and p.unknown_people == ["王小五"]
    for text in ("昨天走访了王小五和张三", "昨天走访了张三、王小五", "昨天走访了张三跟王小五", "昨天和王小五座谈"):
        assert "王小五" in say(text).fields.people, text
    p = say("昨天走访了王五三人")
    assert p.fields.people == ["王五"] and p.fields.headcount == 3


def test_an_unknown_name_is_not_cut_by_a_rostered_name_it_starts_with():
    # 张伟 and 李四 are on the roster; 张伟明 and 李四海 are other people
    p = say("昨天走访了张伟明和李四")
    assert p.fields.people == ["张伟明", "李四"] and p.unknown_people == ["张伟明"]
    assert say("昨天和李四海聊了聊").fields.people == ["李四海"]
    # …but a word after the rostered name is not part of it
    assert say("昨天和张伟明天的事座谈").fields.people == ["张伟"]
    assert say("昨天和张伟先聊了聊").fields.people == ["张伟"]
    assert say("昨天走访了张三李四").fields.people == ["张三", "李四"]


def test_two_rosters_in_one_process_do_not_see_each_others_names():
    other = Roster.from_rows([RosterEntry(1, "王大锤", "锻造车间"), RosterEntry(2, "陈立新", "机加车间")])
    p = understand("昨天走访了王大锤", "陈立新", other, TODAY)
    assert p.fields.people == ["王大锤"] and p.unknown_people == []
    # the demo roster does not know 王大锤: an unknown person, read exactly as before the other roster
    p = say("昨天走访了王大锤")
    assert p.fields.people == ["王大锤"] and p.unknown_people == ["王大锤"]
    assert [w for w, _, _ in ROSTER.tokenizer().tokens("锻造车间王大锤")] != ["锻造车间", "王大锤"]
    assert [w for w, _, _ in other.tokenizer().tokens("锻造车间王大锤")] == ["锻造车间", "王大锤"]
    # equal rosters share one tokenizer; the general dictionary never learns roster words
    assert Roster.from_csv(DEMO_ROSTER).tokenizer() is ROSTER.tokenizer()
    from assistant.understanding import tokenizer
    assert tokenizer.word_frequency("王大锤") == 0


def test_a_namesakes_unit_counts_only_when_said_with_the_name():
    # 李娜 works in 装配车间 and in 动力车间 (demo roster)
    for text in ("前天去装配车间看了看李娜", "上周五在装配车间和张三、李娜交流"):
        p = say(text)
        assert "李娜" in p.fields.people and "李娜" in p.ambiguous_people and "people" in p.missing, text
    for text in ("前天去看了看装配车间的李娜", "前天走访了装配车间职工李娜", "前天走访了李娜（装配车间）",
                 "前天和装配车间的李娜谈心 李娜想调到白班"):
        p = say(text)
        assert p.ambiguous_people == {} and p.missing == [], text


def test_a_name_before_a_count_of_people():
    p = say("昨天和张三，李四，王小五三人座谈")
    assert p.fields.people == ["张三", "李四", "王小五"] and p.fields.headcount == 3
    p = say("昨天和张伟三四个人座谈")  # 三四 = three or four, not 张伟三
    assert p.fields.people == ["张伟"] and p.fields.headcount == 3


def test_a_given_name_with_a_title_or_cut_together_with_its_opener():
    assert say("昨天和海燕姐聊了聊").fields.people == ["郑海燕"]
    assert say("昨天和志强聊了聊").fields.people == ["孙志强"]  # jieba cuts 和志强 as one word
    assert say("昨天和志强师傅聊了聊").fields.people == ["孙志强"]
