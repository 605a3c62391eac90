"""Write the public-comment corpus: letters (.txt, .docx) and collected tables (.docx, .xlsx).

`python -m corpus.make_comments` (from the project root) writes `corpus/comments/<draft>/…` and
`corpus/comments/gold.json`. The comments and their gold live together in this one file so the
text and its annotation cannot drift apart. Drafts d1_01 and d1_02 are TRAIN (the content
threshold and the duplicate threshold are tuned on them); d1_03 and d1_04 are HELD OUT (d1_04
was written after the thresholds were fixed, with paraphrases that share fewer words with the
articles, and evaluated once).

Gold per comment: the set of articles it addresses (empty for a general comment) and, for
campaign copies, a duplicate-group name. What the corpus exercises: every citation form
(第十二条, 第12条, 第１２条, 草案第二十三条第二款, 第五条至第八条, 第五至八条, 第三章,
第三章第一节, 建议删除第三十条, 第十二条、第十五条, 第十二、十五条, 第十一条第（三）项),
citations of other laws that must be ignored, content-only comments, general comments,
campaign letters repeated with small edits (within and across files), and distinct comments on
the same article that must not be grouped.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "comments"

DRAFTS = {
    "d1_01_zhiyuan_fuwu": ("乙市志愿服务条例（草案）", "train"),
    "d1_02_laji_fenlei": ("甲省生活垃圾分类管理条例（草案）", "train"),
    "d1_03_yangquan": ("东江市养犬管理条例（草案）", "heldout"),
    "d1_04_diandong_zixingche": ("东江市电动自行车管理条例（草案）", "heldout"),
}

# (file stem, text, gold articles, duplicate group or None, proposer, contact point, format)
Letter = tuple[str, str, list[int], "str | None", "str | None", "str | None", str]

LETTERS: dict[str, list[Letter]] = {
    "d1_01_zhiyuan_fuwu": [
        ("l01", "草案第六条规定年满十四周岁的公民可以注册成为志愿者。建议将注册年龄降低到十二周岁，让更多初中学生在家长同意下参与社区志愿服务。",
         [6], None, "李某", "城关街道基层立法联系点", "txt"),
        ("l02", "建议将第10条中“可能发生人身危险的志愿服务活动”修改为“具有一定风险的志愿服务活动”，扩大保险覆盖范围。",
         [10], None, "王某", None, "txt"),
        ("l03", "强烈建议草案第十条第二款修改为：区县人民政府应当为本行政区域内的注册志愿者统一购买人身意外伤害保险。志愿者无偿奉献，政府兜底保障是应有之义，不能只是“有条件的”才购买。",
         [10], "zy_insurance", "赵某", "东湖社区基层立法联系点", "txt"),
        ("l04", "强烈建议草案第十条第二款修改为：区县人民政府应当为本行政区域内的注册志愿者统一购买人身意外伤害保险。志愿者无偿奉献，政府兜底保障是应有之义，不能只是“有条件的”才购买。谢谢！",
         [10], "zy_insurance", "钱某", "东湖社区基层立法联系点", "txt"),
        ("l05", "我强烈建议草案第十条第二款修改为：区县人民政府应当为本行政区域内的注册志愿者统一购买人身意外伤害保险。志愿者是无偿奉献的，政府兜底保障是应有之义，不能只是“有条件的”才购买。",
         [10], "zy_insurance", "孙某", None, "txt"),
        ("l06", "强烈建议草案第十条第二款修改为：区县人民政府应当为本行政区域内全体注册志愿者统一购买人身意外伤害保险。志愿者无偿奉献，政府兜底保障是应有之义，不能只是有条件的才购买。",
         [10], "zy_insurance", "周某", "东湖社区基层立法联系点", "docx"),
        ("l07", "强烈建议草案第十条第二款修改为：区县人民政府应当为本行政区域内的注册志愿者统一购买人身意外伤害保险。志愿者无偿奉献，政府兜底保障是应有之义。",
         [10], "zy_insurance", "吴某", None, "txt"),
        ("l08", "志愿者的交通补贴和误餐补贴标准应当明确，不能只写不得超过实际支出，建议由市里统一制定补贴标准，避免各组织标准不一。",
         [12], None, "郑某", None, "txt"),
        ("l09", "志愿服务时长累计后享受优待的做法很好，建议明确公共文化设施免费使用、公共交通出行优惠和景区游览门票减免的具体时长要求。",
         [15], None, "冯某", "西城街道基层立法联系点", "txt"),
        ("l10", "第十四条至第十六条关于激励保障的规定比较原则，可操作性不强，建议细化。",
         [14, 15, 16], None, "陈某", None, "txt"),
        ("l11", "第八条、第十三条都涉及个人隐私保护，建议合并表述，并明确泄露隐私的法律责任。",
         [8, 13], None, "褚某", None, "txt"),
        ("l12", "总体赞成制定本条例，条例结构合理、内容全面，建议尽快提请常委会审议通过。",
         [], None, "卫某", None, "pdf"),
        ("l13", "建议条例的文字再精炼一些，个别表述较为口语化，法律用语应当规范统一。",
         [], None, "蒋某", None, "txt"),
        ("l14", "建议删除第十七条。税收优惠属于国家税收法律规定的事项，地方性法规不宜作出规定。",
         [17], None, "沈某", None, "txt"),
        ("l15", "国务院《志愿服务条例》第二十条对未成年人参加志愿服务已有原则规定。草案要求未满十四周岁的未成年人必须在监护人陪同下参加志愿服务活动，要求过严，建议改为征得监护人同意即可。",
         [6], None, "韩某", None, "txt"),
        ("l16", "第十一条第（三）项建议在老年人、残疾人、未成年人之后增加“重病患者”。",
         [11], None, "杨某", None, "txt"),
        ("l17", "学校把学生参与志愿服务的情况纳入综合素质评价是好事，但要防止形式主义，杜绝学生为了凑时长而弄虚作假。",
         [16], None, "朱某", None, "txt"),
        ("l18", "民政部门和精神文明建设指导机构在志愿服务管理上职责交叉，建议明确各自的职责分工，避免多头管理。",
         [4], None, "秦某", None, "txt"),
        ("l19", "本次征求意见的时间太短，建议延长征求意见期限，让更多市民有机会参与立法。",
         [], None, "尤某", None, "txt"),
        ("l20", "第１８条第一项“以志愿服务名义进行营利性活动”，建议增加“以志愿服务名义进行商业推广”的情形。",
         [18], None, "许某", None, "txt"),
    ],
    "d1_02_laji_fenlei": [
        ("m01", "第三章第一节关于分类投放的规定，只考虑了城市小区，建议增加对农村地区分类投放的特别规定。",
         [10, 11, 12, 13, 14], None, "何某", "青石镇基层立法联系点", "txt"),
        ("m02", "第六章法律责任总体偏轻，对屡次违法的单位缺乏约束，建议提高罚款数额并建立信用惩戒。",
         [29, 30, 31, 32], None, "吕某", None, "txt"),
        ("m03", "我是幸福里小区的居民，坚决反对撤除楼层垃圾桶。定时定点投放对上班族和老年人非常不方便，建议第十二条第二款删除“撤除楼层垃圾桶”的表述，由小区业主自行决定投放方式。",
         [12], "lj_chetong", "施某", None, "txt"),
        ("m04", "我是幸福里小区的居民，坚决反对撤除楼层垃圾桶。定时定点投放对上班族和老年人非常不方便，建议第十二条第二款删除“撤除楼层垃圾桶”的表述，由小区业主自行决定投放方式。",
         [12], "lj_chetong", "张某", None, "txt"),
        ("m05", "我是阳光花园小区的居民，坚决反对撤除楼层垃圾桶。定时定点投放对上班族和老年人非常不方便，建议第十二条第二款删除“撤除楼层垃圾桶”的表述，由小区业主自行决定投放方式。",
         [12], "lj_chetong", "孔某", None, "txt"),
        ("m06", "我是幸福里小区居民，坚决反对撤除楼层垃圾桶！定时定点投放对上班族和老年人非常不方便，建议第十二条第二款删除撤除楼层垃圾桶的表述，由小区业主自行决定投放方式。",
         [12], "lj_chetong", "曹某", None, "docx"),
        ("m07", "我是幸福里小区的居民，坚决反对撤除楼层垃圾桶。定时定点投放对上班族和老年人非常不方便，建议删除“撤除楼层垃圾桶”的表述，由小区业主自行决定投放方式。",
         [12], "lj_chetong", "严某", None, "txt"),
        ("m08", "建议删除第十三条中的“旅馆”，旅馆一次性洗漱用品的管理国家另有规定。",
         [13], None, "华某", None, "txt"),
        ("m09", "第十五条至第十八条关于收集运输的规定，建议补充收集运输单位向社会公开收运时间和路线的义务。",
         [15, 16, 17, 18], None, "金某", None, "txt"),
        ("m10", "第二十二至二十五条的促进措施缺少资金保障，建议增加财政补贴条款。",
         [22, 23, 24, 25], None, "魏某", None, "txt"),
        ("m11", "第二十九、三十一条罚款幅度差异过大，建议统一罚款的起点。",
         [29, 31], None, "陶某", None, "txt"),
        ("m12", "厨余垃圾建议鼓励就地就近处理，支持有条件的小区和农贸市场建设小型生化处理设备，减少运输压力。",
         [20], None, "姜某", "青石镇基层立法联系点", "pdf"),
        ("m13", "装修垃圾清运收费混乱，建议明确装修垃圾由谁负责清运、在哪里堆放、费用标准是多少。",
         [14], None, "戚某", None, "txt"),
        ("m14", "我们楼下的垃圾收集点离单元门太近，夏天臭味很大，建议规定收集点与住宅的最小距离，并要求定期清洗消毒。",
         [8], None, "谢某", None, "txt"),
        ("m15", "建议各地结合本地实际制定实施细则，不要搞一刀切。",
         [], None, "邹某", None, "txt"),
        ("m16", "根据《中华人民共和国固体废物污染环境防治法》第四十九条的规定，生活垃圾分类标准由国家制定。建议第五条的分类名称与国家标准保持一致。",
         [5], None, "喻某", None, "txt"),
        ("m17", "草案第二十九条第二款对单位的罚款起点五千元过高，小微企业和个体工商户难以承受，建议降低。",
         [29], None, "柏某", None, "txt"),
        ("m18", "有害垃圾投放点太少，废电池、废灯管没地方扔，建议每个社区至少设置一个有害垃圾投放点，并交由有资质的单位收运处理。",
         [18], None, "水某", None, "txt"),
        ("m19", "本条例立法目的明确，各章节安排合理，我们表示赞同。",
         [], None, "窦某", None, "txt"),
    ],
    "d1_03_yangquan": [
        ("n01", "草案第六条第三项规定“每户限养一只犬”不合理。很多家庭已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬。",
         [6], "yq_yizhi", "章某", "滨江社区基层立法联系点", "txt"),
        ("n02", "草案第六条第三项规定“每户限养一只犬”不合理。很多家庭已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬。",
         [6], "yq_yizhi", "云某", "滨江社区基层立法联系点", "txt"),
        ("n03", "草案第6条第3项规定“每户限养一只犬”不合理。很多家庭已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬。",
         [6], "yq_yizhi", "苏某", None, "txt"),
        ("n04", "草案第六条第三项规定“每户限养一只犬”很不合理。很多家庭早已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬！",
         [6], "yq_yizhi", "潘某", None, "docx"),
        ("n05", "草案规定“每户限养一只犬”不合理。很多家庭已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬。",
         [6], "yq_yizhi", "葛某", None, "txt"),
        ("n06", "草案第六条第三项规定“每户限养一只犬”不合理。很多家庭已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬。请予以采纳。",
         [6], "yq_yizhi", "奚某", "滨江社区基层立法联系点", "txt"),
        ("n07", "建议第十二条修改为：携犬乘坐电梯的，应当为犬只佩戴嘴套或者将犬只装入犬袋、犬笼，不必强制避开乘梯高峰时间，高层住户上下班时间遛狗无法避开高峰。",
         [12], "yq_dianti", "范某", None, "txt"),
        ("n08", "建议第十二条修改为：携犬乘坐电梯的，应当为犬只佩戴嘴套或者将犬只装入犬袋、犬笼，不必强制避开乘梯高峰时间，高层住户上下班时间遛狗根本无法避开高峰。",
         [12], "yq_dianti", "彭某", None, "txt"),
        ("n09", "建议修改为：携犬乘坐电梯的，应当为犬只佩戴嘴套或者将犬只装入犬袋、犬笼，不必强制避开乘梯高峰时间，高层住户上下班时间遛狗无法避开高峰。",
         [12], "yq_dianti", "郎某", None, "txt"),
        ("n10", "遛狗必须用一点五米以内的犬绳，大狗小狗一个标准不合理，建议区分犬只体型规定犬绳长度。",
         [10], None, "鲁某", None, "txt"),
        ("n11", "犬只粪便不清理的现象太普遍了，携犬人应当随身携带拾便袋，建议在小区和公园配备拾便袋箱。",
         [13], None, "韦某", None, "txt"),
        ("n12", "第十四条“犬只吠叫影响他人休息”难以认定，建议明确夜间时段，比如二十二时至次日六时。",
         [14], None, "昌某", None, "txt"),
        ("n13", "建议删除第九条。养犬登记证每年延续太麻烦，建议改为一次登记、信息变更时再办理。",
         [9], None, "马某", None, "txt"),
        ("n14", "第二十一条至第二十四条设定的罚款数额偏低，对违法养犬行为震慑不够，建议适当提高。",
         [21, 22, 23, 24], None, "苗某", None, "txt"),
        ("n15", "第四章收容和处置部分，建议增加鼓励动物保护组织参与流浪犬收容和领养的规定。",
         [18, 19, 20], None, "凤某", "滨江社区基层立法联系点", "txt"),
        ("n16", "第十八条、第二十条涉及流浪犬收容，建议明确收容场所的建设标准和运行经费来源。",
         [18, 20], None, "花某", None, "txt"),
        ("n17", "收容的犬只十五日内没人认领就组织领养或者处置，时间太短了，建议延长到三十日，并在网上公示犬只照片。",
         [20], None, "方某", None, "pdf"),
        ("n18", "总体支持出台这部条例，立法要兼顾养犬人和不养犬人的权益，促进邻里和谐。",
         [], None, "俞某", None, "txt"),
        ("n19", "建议在条例草案公开征求意见结束后，及时向社会反馈意见采纳情况。",
         [], None, "任某", None, "txt"),
        ("n20", "《中华人民共和国动物防疫法》第三十条已经规定了犬只狂犬病免疫。草案第七条要求申请登记时提交免疫证明，建议与农业农村部门信息共享，免于重复提交纸质材料。",
         [7], None, "袁某", None, "txt"),
        ("n21", "草案第四条第二款中城市管理部门的职责，建议增加查处养犬扰民行为。",
         [4], None, "柳某", None, "txt"),
        ("n22", "烈性犬、大型犬禁养品种目录和体高体长标准，应当先向社会公开征求意见后再公布。",
         [17], None, "酆某", None, "txt"),
        ("n23", "第 11 条禁止携犬进入的场所，建议增加公园游乐区域和儿童游乐场。",
         [11], None, "鲍某", None, "txt"),
        ("n24", "养犬人不能继续饲养犬只的，建议允许通过网络平台转让，不一定要送交收容场所。",
         [15], None, "史某", None, "txt"),
        ("n25", "第十、十一条对导盲犬缺少特别规定，建议明确导盲犬可以不受限制地进入公共场所。",
         [10, 11], None, "唐某", None, "txt"),
        ("n26", "这部条例草案条理清晰，希望早日出台实施。",
         [], None, "费某", None, "txt"),
    ],
    "d1_04_diandong_zixingche": [
        ("p01", "草案第十一条要求乘坐电动自行车也必须佩戴安全头盔，我认为对接送孩子的家长来说太麻烦，建议只要求驾驶人佩戴，乘坐人鼓励佩戴即可。",
         [11], "dd_toukui", "蔡某", "江北街道基层立法联系点", "txt"),
        ("p02", "草案第十一条要求乘坐电动自行车也必须佩戴安全头盔，我认为对接送孩子的家长来说太麻烦了，建议只要求驾驶人佩戴，乘坐人鼓励佩戴即可。",
         [11], "dd_toukui", "田某", "江北街道基层立法联系点", "txt"),
        ("p03", "草案第11条要求乘坐电动自行车也必须佩戴安全头盔，我认为对接送孩子的家长来说太麻烦，建议只要求驾驶人佩戴，乘坐人鼓励佩戴即可。盼复。",
         [11], "dd_toukui", "樊某", None, "txt"),
        ("p04", "草案要求乘坐电动自行车也必须佩戴安全头盔，我认为对接送孩子的家长来说太麻烦，建议只要求驾驶人佩戴，乘坐人鼓励佩戴即可。",
         [11], "dd_toukui", "胡某", None, "docx"),
        ("p05", "您好！草案第十一条要求乘坐电动自行车也必须佩戴安全头盔，我认为对每天接送孩子上学的家长来说太麻烦，建议只要求驾驶人佩戴，乘坐人鼓励佩戴即可。",
         [11], "dd_toukui", "凌某", "江北街道基层立法联系点", "txt"),
        ("p06", "头盔很重要，我支持驾驶人和乘坐人都戴头盔，但是建议政府给低收入家庭免费发放头盔。",
         [11], None, "霍某", None, "txt"),
        ("p07", "第九条规定的过渡期太短了，很多老年人骑的是几年前买的超标车，一下子不能骑了生活很不方便，建议过渡期延长到2028年底，并给予以旧换新补贴。",
         [9], "dd_guodu", "虞某", None, "txt"),
        ("p08", "第九条规定的过渡期太短了，很多老年人骑的是几年前买的超标车，一下子不能骑生活很不方便，建议过渡期延长到2028年底，并给予以旧换新补贴。",
         [9], "dd_guodu", "万某", None, "txt"),
        ("p09", "第九条规定的过渡期太短了，很多老人骑的是几年前买的超标车，一下子不能骑了生活很不方便，建议过渡期延长到2028年底，并且给予以旧换新的补贴。",
         [9], "dd_guodu", "支某", None, "pdf"),
        ("p10", "第十三条最高时速十五公里太低了，和自行车差不多，国家标准是二十五公里，建议与国家标准一致。",
         [13], None, "柯某", None, "txt"),
        ("p11", "第14条第（四）项酒后驾驶的认定标准不明确，建议参照机动车饮酒驾驶的标准作出规定。",
         [14], None, "昝某", None, "txt"),
        ("p12", "草案第十七条第二款要求电梯安装阻止电动自行车进入的装置，费用由谁承担没有说清楚，建议明确由维修资金列支。",
         [17], None, "管某", None, "txt"),
        ("p13", "第十八条至第二十一条的罚款规定，建议增加首次违法可以教育后免于处罚的规定。",
         [18, 19, 20, 21], None, "卢某", None, "txt"),
        ("p14", "第二、三章的条文顺序有些乱，建议按照购买、登记、骑行、停放的顺序重新编排。",
         list(range(5, 18)), None, "莫某", None, "txt"),
        ("p15", "建议删除第十二条中“十二周岁以下”的限制，很多家庭需要接送十三四岁的孩子。",
         [12], None, "经某", None, "txt"),
        ("p16", "第七条、第八条关于号牌的规定，建议增加号牌遗失补领的程序。",
         [7, 8], None, "房某", None, "txt"),
        ("p17", "第十九、二十一条的罚款下限偏低，起不到震慑作用。",
         [19, 21], None, "裘某", None, "txt"),
        ("p18", "第二十条“违反本条例第十一条规定”，对不戴头盔只罚二十元，力度太轻，建议提高到五十元。",
         [20], None, "缪某", None, "txt"),
        ("p19", "《电动自行车安全技术规范》对整车质量和蓄电池电压都有明确规定，草案第五条应当写明销售的电动自行车必须符合该强制性国家标准的具体要求。",
         [5], None, "干某", None, "txt"),
        ("p20", "楼道里停电瓶车、给电瓶车充电太危险了，去年我们小区就着过火，建议严格禁止，并且把私拉电线充电的也管起来。",
         [16], None, "解某", None, "txt"),
        ("p21", "买了电动车以后去交警部门上牌，需要准备的材料太多，希望销售门店可以直接代办登记，少跑腿。",
         [7], None, "应某", None, "txt"),
        ("p22", "有的车主把号牌折起来或者用东西挡住，逃避电子警察抓拍，建议加大检查力度。",
         [8], None, "宗某", None, "txt"),
        ("p23", "不满十六岁的初中生骑电动车上学的现象很普遍，这条年龄限制要严格执行，学校和家长也要承担管理责任。",
         [10], None, "丁某", None, "txt"),
        ("p24", "拆掉限速器、换大电瓶的车满街跑，速度太快很危险，建议对改装的行为从严查处。",
         [6], None, "宣某", None, "txt"),
        ("p25", "总体同意这个条例草案。",
         [], None, "贲某", None, "txt"),
        ("p26", "建议立法过程中多听取外卖、快递等行业企业和从业人员的意见。",
         [], None, "邓某", None, "txt"),
        ("p27", "建议条例出台后加强宣传，让广大群众知晓新规定。",
         [], None, "郁某", None, "txt"),
    ],
}

# Tables: (file name, header, rows). A row: (cells…, gold articles, duplicate group or None)
TABLES: dict[str, list[tuple[str, list[str], list[tuple]]]] = {
    "d1_01_zhiyuan_fuwu": [
        ("城关街道基层立法联系点意见汇总表.xlsx", ["序号", "条款", "修改意见", "理由", "提出人", "联系点"], [
            ("1", "第七条", "建议增加线下注册渠道，方便老年人注册。", "很多老年人不会使用网络", "居民代表刘某", "城关街道基层立法联系点", [7], None),
            ("2", "12", "补贴标准应当向志愿者公开。", "", "志愿者黄某", "城关街道基层立法联系点", [12], None),
            ("3", "第3条", "建议明确志愿服务经费在本级财政预算中的保障比例。", "", "人大代表邓某", "城关街道基层立法联系点", [3], None),
            ("4", "总体意见", "赞成草案，无修改意见。", "", "居民代表高某", "城关街道基层立法联系点", [], None),
            ("5", "", "第十九条罚款数额偏低，建议提高到五千元以上三万元以下。", "罚款过低起不到震慑作用", "律师林某", "城关街道基层立法联系点", [19], None),
            ("6", "第九条", "志愿者的身体状况应当由本人如实申报。", "", "居民代表罗某", "城关街道基层立法联系点", [9], None),
            ("7", "", "志愿服务组织应当为所有参加活动的志愿者购买人身意外伤害保险。", "志愿者安全要有保障", "社工梁某", "城关街道基层立法联系点", [10], None),
            ("8", "第二条", "建议明确志愿服务不包括有偿服务和带有商业目的的活动。", "", "居民代表宋某", "城关街道基层立法联系点", [2], None),
            ("9", "第十八条", "建议增加“强迫他人参加志愿服务”的情形。", "", "居民代表谢某", "城关街道基层立法联系点", [18], None),
            ("10", "", "建议人大常委会加强条例实施后的执法检查。", "", "居民代表唐某", "城关街道基层立法联系点", [], None),
        ]),
    ],
    "d1_02_laji_fenlei": [
        ("青石镇基层立法联系点意见汇总表.docx", ["序号", "条款", "意见建议", "理由", "提出人"], [
            ("1", "第五条", "建议将“厨余垃圾”改称“易腐垃圾”。", "与多数省份的叫法一致", "镇人大代表许某", [5], None),
            ("2", "第七条", "配套建设的分类收集设施应当经环境卫生主管部门参与验收。", "", "村民代表何某", [7], None),
            ("3", "第二十二条", "收费制度应当考虑低收入家庭的减免。", "", "村民代表吕某", [22], None),
            ("4", "第十一条第（一）项", "未实行物业服务的老旧小区，管理责任人应当为街道办事处。", "居委会力量不足", "社区干部施某", [11], None),
            ("5", "", "建议第二十七条的考核结果向社会公开。", "", "镇人大代表张某", [27], None),
            ("6", "全文", "草案总体可行。", "", "村民代表孔某", [], None),
            ("7", "", "积分兑换的奖品太少，积分规则要公开透明，建议由政府统一搭建积分兑换平台。", "", "村民代表曹某", [23], None),
            ("8", "第二十八条", "举报处理期限十五个工作日太长，建议改为七个工作日。", "", "镇人大代表严某", [28], None),
            ("9", "第三章", "建议本章增加农村生活垃圾就地分类、就近处理的内容。", "农村与城市情况不同", "村民代表华某", list(range(10, 22)), None),
            ("10", "", "我是幸福里小区的居民，坚决反对撤除楼层垃圾桶。定时定点投放对上班族和老年人非常不方便，建议第十二条第二款删除“撤除楼层垃圾桶”的表述，由小区业主自行决定投放方式。", "", "居民金某", [12], "lj_chetong"),
        ]),
    ],
    "d1_03_yangquan": [
        ("滨江社区基层立法联系点意见汇总表.xlsx", ["序号", "条款", "修改意见", "理由", "提出人", "基层立法联系点"], [
            ("1", "第五条", "建议增加网上办理养犬登记的渠道。", "方便群众", "居民魏某", "滨江社区基层立法联系点", [5], None),
            ("2", "6", "独户居住的条件不明确，合租的租户能否养犬需要说清楚。", "", "租户陶某", "滨江社区基层立法联系点", [6], None),
            ("3", "第16条", "犬只伤人后养犬人先行垫付医疗费用，建议同时规定被伤害人的医疗费用范围。", "", "律师姜某", "滨江社区基层立法联系点", [16], None),
            ("4", "", "建议第十九条增加收容场所对犬只实施绝育的规定。", "控制流浪犬数量", "兽医戚某", "滨江社区基层立法联系点", [19], None),
            ("5", "总体", "支持。", "", "居民谢某", "滨江社区基层立法联系点", [], None),
            ("6", "", "草案第六条第三项规定“每户限养一只犬”不合理。很多家庭已经养了两只犬，一刀切会导致大量犬只被遗弃，建议改为每户限养两只犬。", "", "居民邹某", "滨江社区基层立法联系点", [6], "yq_yizhi"),
            ("7", "第十二条", "建议修改为：携犬乘坐电梯的，应当为犬只佩戴嘴套或者将犬只装入犬袋、犬笼，不必强制避开乘梯高峰时间，高层住户上下班时间遛狗无法避开高峰。", "", "居民喻某", "滨江社区基层立法联系点", [12], "yq_dianti"),
            ("8", "", "遛狗时遇到老人和小孩要主动避让，这个规定很好，建议再增加夜间遛狗应当为犬只佩戴发光项圈。", "", "居民柏某", "滨江社区基层立法联系点", [10], None),
            ("9", "第二十五条", "建议增加对社区工作人员不履行养犬管理职责的责任规定。", "", "居民水某", "滨江社区基层立法联系点", [25], None),
            ("10", "", "建议加大文明养犬的宣传力度。", "", "居民窦某", "滨江社区基层立法联系点", [], None),
            ("11", "第二十六条", "施行日期过早，建议给养犬人留出半年的过渡期办理登记。", "", "居民章某", "滨江社区基层立法联系点", [26], None),
            ("12", "", "第二条第二款不适用本条例的范围，建议增加导盲犬、扶助犬的特别规定。", "", "残联苏某", "滨江社区基层立法联系点", [2], None),
        ]),
    ],
    "d1_04_diandong_zixingche": [
        ("江北街道基层立法联系点意见汇总表.xlsx", ["序号", "涉及条款", "意见建议", "理由", "提出人", "联系点"], [
            ("1", "第9条", "过渡期届满前，应当给予车主回收补贴。", "减轻群众负担", "居民单某", "江北街道基层立法联系点", [9], None),
            ("2", "十三", "建议区分城区和郊区规定不同的最高时速。", "", "居民杭某", "江北街道基层立法联系点", [13], None),
            ("3", "第二章", "建议本章增加二手电动自行车交易的规定。", "二手车交易没人管", "居民洪某", "江北街道基层立法联系点", [5, 6, 7, 8, 9], None),
            ("4", "全文", "赞成。", "", "居民包某", "江北街道基层立法联系点", [], None),
            ("5", "", "第九条规定的过渡期太短了，很多老年人骑的是几年前买的超标车，一下子不能骑了生活很不方便，建议过渡期延长到2028年底，并给予以旧换新补贴。", "", "居民诸某", "江北街道基层立法联系点", [9], "dd_guodu"),
            ("6", "", "小区充电桩太少，晚上下班回来根本抢不到，建议新建小区按户数配比建设充电设施，老小区也要加装。", "", "居民左某", "江北街道基层立法联系点", [17], None),
            ("7", "第十五条", "停放场所应当优先利用桥下空间和边角地。", "", "居民石某", "江北街道基层立法联系点", [15], None),
            ("8", "", "人行道上乱停乱放的电动车挡住了盲道，建议明确城管部门可以拖移。", "", "残联崔某", "江北街道基层立法联系点", [15], None),
        ]),
    ],
}


def _letter_text(title: str, body: str, proposer: str | None, contact: str | None) -> list[str]:
    lines = [f"关于《{title}》的意见", body]
    if proposer:
        lines.append(f"提出人：{proposer}")
    if contact:
        lines.append(f"联系点：{contact}")
    return lines


def _write_docx_letter(path: Path, lines: list[str]) -> None:
    from docx import Document

    doc = Document()
    doc.add_heading(lines[0], level=1)
    for line in lines[1:]:
        doc.add_paragraph(line)
    doc.core_properties.author = "jiandu corpus"
    doc.save(path)


def _write_pdf_letter(path: Path, lines: list[str]) -> None:
    """A letter scanned-and-sent as PDF: written as docx, converted with LibreOffice (fixture
    tooling only; the PDF is committed so tests never need LibreOffice)."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to render the PDF letters")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (path.stem + ".docx")
        _write_docx_letter(src, lines)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / (path.stem + ".pdf"), path)


def _write_table(path: Path, header: list[str], rows: list[list[str]], title: str) -> None:
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "意见汇总"
        ws.append(header)
        for r in rows:
            ws.append(list(r))
        wb.save(path)
        return
    from docx import Document

    doc = Document()
    doc.add_heading(f"《{title}》意见汇总表", level=1)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, header):
        cell.text = h
    for r in rows:
        cells = table.add_row().cells
        for cell, v in zip(cells, r):
            cell.text = v
    doc.save(path)


def build(root: Path = ROOT) -> dict:
    gold: dict = {"drafts": {}, "comments": []}
    for draft, (title, split) in DRAFTS.items():
        folder = root / draft
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        gold["drafts"][draft] = {"title": title, "split": split, "document": f"corpus/documents/{draft}.docx"}
        for stem, body, arts, group, proposer, contact, fmt in LETTERS[draft]:
            lines = _letter_text(title, body, proposer, contact)
            name = f"{stem}.{fmt}"
            if fmt == "txt":
                (folder / name).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
            elif fmt == "pdf":
                _write_pdf_letter(folder / name, lines)
            else:
                _write_docx_letter(folder / name, lines)
            gold["comments"].append({"draft": draft, "split": split, "source": name, "row": None,
                                     "articles": sorted(arts), "duplicate_group": group, "text": body})
        for name, header, rows in TABLES.get(draft, []):
            cells = [list(r[:len(header)]) for r in rows]
            _write_table(folder / name, header, cells, title)
            for i, r in enumerate(rows, start=1):
                opinion = r[header.index(next(h for h in header if "意见" in h))]
                gold["comments"].append({"draft": draft, "split": split, "source": name, "row": i,
                                         "articles": sorted(r[len(header)]), "duplicate_group": r[len(header) + 1],
                                         "text": opinion})
    (root / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return gold


DRAFT_SOURCES = ("d1_01_zhiyuan_fuwu", "d1_02_laji_fenlei", "d1_03_yangquan", "d1_03_yangquan_v2",
                 "d1_04_diandong_zixingche")


def write_draft_txt(name: str) -> Path:
    """The draft as plain text (title, headings and articles one paragraph a line, blank lines
    between), the way drafts are pasted into e-mails: the `draft` command must read it too."""
    from .jd import parse_file

    src = Path(__file__).resolve().parent / "sources" / f"{name}.jd"
    jd = parse_file(src)
    lines = [jd.meta["title"]]
    for b in jd.blocks:
        if b.kind in ("heading", "paragraph", "center", "right"):
            lines.append(b.text)
    out = Path(__file__).resolve().parent / "documents" / f"{name}.txt"
    out.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return out


def main() -> int:
    for name in DRAFT_SOURCES:
        write_draft_txt(name)
    gold = build()
    n = len(gold["comments"])
    by = {}
    for c in gold["comments"]:
        by[c["split"]] = by.get(c["split"], 0) + 1
    print(f"wrote {n} comments ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}) to {ROOT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
