"""Chinese numerals and numbering labels, as official documents and regulations write them."""
import pytest
from hypothesis import given, strategies as st

from extractors.numbering import cn_to_int, int_to_cn, split_label


@pytest.mark.parametrize("text,value", [("一", 1), ("十", 10), ("十一", 11), ("二十三", 23), ("一百", 100),
                                        ("一百零五", 105), ("一百一十", 110), ("二百三十四", 234), ("一〇五", 105),
                                        ("两千零二十四", 2024), ("23", 23)])
def test_chinese_numerals_read_as_integers(text, value):
    assert cn_to_int(text) == value


@given(st.integers(min_value=0, max_value=99999))
def test_numerals_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


@pytest.mark.parametrize("text,label,kind,rest", [
    ("一、基本情况", "一、", "cn", "基本情况"),
    ("（一）执法力量不足", "（一）", "cn_paren", "执法力量不足"),
    ("(二)经费保障不到位", "(二)", "cn_paren", "经费保障不到位"),
    ("1.充实执法力量。", "1.", "arabic", "充实执法力量。"),
    ("2．加大投入", "2．", "arabic", "加大投入"),
    ("（3）强化监管", "（3）", "arabic_paren", "强化监管"),
    ("①用人单位主体责任落实不到位；", "①", "circled", "用人单位主体责任落实不到位；"),
    ("第三章　监督管理", "第三章", "zhang", "监督管理"),
    ("第一百零五条 本条例自公布之日起施行。", "第一百零五条", "article", "本条例自公布之日起施行。"),
    ("第二节 专项工作报告", "第二节", "jie", "专项工作报告"),
])
def test_labels_split_off(text, label, kind, rest):
    got, remainder = split_label(text)
    assert got is not None and (got.text, got.kind, remainder) == (label, kind, rest)


@pytest.mark.parametrize("text", ["2023年全县共查处案件126起。", "12%的企业未建立台账", "第十二条规定的情形", "一是加强执法"])
def test_sentences_that_only_start_with_a_number_keep_it(text):
    label, rest = split_label(text)
    assert label is None and rest == text


def test_inline_ordinals_only_when_asked():
    label, rest = split_label("一是加强执法队伍建设", inline=True)
    assert label is not None and label.text == "一是" and rest == "加强执法队伍建设"
