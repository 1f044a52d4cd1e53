"""Word lists, text patterns and package-data loaders (titles, known organisations, gazetteer) of the entity rules."""

from __future__ import annotations

import re
from importlib import resources

_LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "facility"}

_ORG_HEADS = frozenset(
    "academy university institute institution laboratory laboratories lab labs school college hospital company "
    "corporation corp group bank ministry commission committee council agency association federation foundation "
    "society centre center inc ltd co limited department office bureau administration authority party congress "
    "assembly parliament union service court daily times post echo herald gazette tribune journal telegraph "
    "chronicle observer press".split()
)
_FACILITY_HEADS = frozenset(
    "plant factory works campus airport hall castle palace stadium arena station port terminal memorial mausoleum "
    "garden gardens bhavan house tower bridge dam mine refinery mill warehouse museum".split()
)
# Heads of residential places that the model tags as people ("Yingbin Community").
_SETTLEMENT_HEADS = frozenset("community neighborhood neighbourhood estate village".split())
_PLACE_HEADS = frozenset("park zone area district county village town township city province municipality".split())
# Head words that make a longer name a different body from its first word(s) ("MRC" vs "MRC Laboratory ...").
_OTHER_BODY = frozenset(
    "university college school academy institute institution laboratory lab labs hospital clinic committee "
    "commission ministry department bureau council congress party union association federation society "
    "foundation bank museum airport station hall centre center campus office agency court assembly security "
    "general plant factory".split()
)
# Words that name a role, not a body: an ORG span holding one is a job title ("Global Head of Manufacturing").
_ROLE_WORDS = frozenset(
    "head leader director vp president chairman chairwoman chief officer manager secretary minister "
    "spokesman spokeswoman editor correspondent subscription".split()
)
# Nouns that, right before a name, say it is a person ("global boss Makoto Uchida", "milkman Philip Barnard").
_PERSON_NOUNS = frozenset(
    "boss chief worker workers milkman farmer teacher student doctor nurse engineer wife husband son daughter mother "
    "father brother sister photographer reporter journalist correspondent editor economist analyst expert "
    "scientist researcher professor candidate director manager leader head founder owner coach player actor "
    "actress singer artist writer author lawyer judge officer captain colonel resident villager patient employee "
    "colleague friend spokesman spokeswoman waiting chairman chairwoman secretary minister governor mayor "
    "ambassador president premier vice deputy mp".split()
)
# Single words the model tags but that name no entity (abbreviations of roles, diseases, generic words).
_NOT_ENTITY = frozenset(
    "vip vvip ceo cfo coo cto vp mp mla pm gdp r&d a&e phd ai it covid covid-19 ebola sars hiv aids internet web "
    "app online video videos photo photos news latest home party state government premier president department "
    "ministry committee commission council group company university bank office agency science digital "
    "advertisement content".split()
)
_NAME_PARTICLES = frozenset("van von der den de del della da di du dos das la le bin ibn al el ben st.".split())
_SEA_WORDS = frozenset("Sea Ocean River Strait Gulf Lake Bay Channel Canal Mountains Mountain Desert".split())
_DIRECTIONS = frozenset("north south east west northern southern eastern western central northeast northwest "
                        "southeast southwest".split())
# Common Chinese surnames (romanised): a line that is only "Surname Given" is a byline.
_CHINESE_SURNAMES = frozenset(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang "
    "Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao "
    "Jin Fu Zhong Cui Tan Lu Fan Qian Qiu Qin Shi Xue Kong Bai Mao Hou Meng Long Wan Duan Lei Hao Kang Yan Xiong "
    "Qu Gu Xi Ju Zhan Yin Qi Dai Fang Jia Shao Wen Mo Ou Bi Ge Chu Zou Shi Kou Ni Miao Tao Yi".split()
)

_PLACE_SUFFIX = re.compile(r"\s+(?:[Pp]rovince|city|[Mm]unicipality)$")
_LEGAL_SUFFIX = re.compile(
    r"(?:[\s,]+(?:Co\.?|Company|Corp\.?|Corporation|Inc\.?|Incorporated|Ltd\.?|Limited|LLC|PLC|plc|GmbH|AG))+\.?$"
)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
_ACRONYM_DEF = re.compile(r"([A-Za-z][\w&.,'’\- ]{2,120}?)\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
_ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Z0-9&]{1,10})\s*\(\s*([a-z][a-z ,'\-]{3,80})\)")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CAP_WORD = r"[A-Z][\w.&'’\-]*"
_CREDIT = re.compile(
    rf"(?<![\w/])({_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}}(?:[ \t]*/[ \t]*{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})+)"
)
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:date \d{4}-\d{2}-\d{2}[ \t]+)?([A-Z][A-Z .'’\-]{2,30}[A-Z])?"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?)?[ \t]*(?:\(([A-Za-z][\w .&\-]{1,30})\))?[ \t]*"
    r"(?:--|[-–—:])"
)
_PAREN_ORG = re.compile(
    rf"({_CAP_WORD}(?:[ \t]+{_CAP_WORD})*[ \t]+\([A-Z][a-z]+\)(?:[ \t]+{_CAP_WORD})*?)"
    r"(,?[ \t]+(?:Co\.?,?[ \t]*Ltd\.?|Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|LLC|GmbH|AG|PLC))(?!\w)"
)
_CREDIT_NOISE = frozenset("pool file handout staff photo photos video via courtesy".split())
_LEGAL_WORDS = frozenset("Co. Co Ltd. Ltd Inc. Inc Corp. Corp Limited LLC PLC plc GmbH AG".split())
_FUNCTION = frozenset("the a an at in on of for and to by with from as this that after before during when while but or"
                      .split())
_SUBSITE_HEADS = frozenset("campus center centre laboratory lab school department plant factory hospital institute "
                           "library".split())
_OWNER_HEADS = frozenset("university college company group corporation academy hospital institute".split())
_POSSESSIVE_NAME = frozenset("people peoples workers women children farmers nations citizens youth".split())
_ACRONYM_STOP = frozenset({"of", "and", "for", "the", "&", "on", "in", "at", "to"})


def person_titles() -> frozenset[str]:
    """Lower-case title words that precede a person's name (package data ``resources/titles.txt``)."""
    text = resources.files("kgraph.resources").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _known_orgs() -> frozenset[str]:
    import json

    text = resources.files("kgraph.resources").joinpath("patterns.jsonl").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        if line.strip():
            pat = json.loads(line)
            if pat.get("label") == "ORG" and isinstance(pat.get("pattern"), str):
                out.add(_norm(pat["pattern"]))
    return frozenset(out)


def _gazetteer() -> frozenset[str]:
    text = resources.files("kgraph.resources").joinpath("places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().casefold()
