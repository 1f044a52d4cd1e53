"""A synthetic news corpus for benchmarks and scale tests: thousands of varied articles from a few seeds.

Articles are recombined from the paragraphs of ``data/*.txt`` (names, organisations, places and weekdays
substituted) and from template paragraphs written for this benchmark: visit reports, background on the
economy and industry, quotes, market figures and page furniture. Nothing comes from the dev set.

Usage::

    python benchmarks/corpus.py OUT_DIR --articles 2000        # OUT_DIR/<id>.txt
    python benchmarks/corpus.py corpus.jsonl --articles 2000   # one JSON line per article
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgraph.ingest import clean_text  # noqa: E402

__all__ = ["generate", "write_corpus"]

SURNAMES = ["Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu",
            "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han", "Tang", "Feng"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yong", "Hua", "Ming", "Qiang", "Hong", "Ping", "Gang",
         "Xiaoming", "Jianguo", "Haiyan", "Zhiwei", "Lihua", "Dongmei", "Guoqing", "Yufei", "Chunyan"]
WESTERN = ["Anna Keller", "Marco Rossi", "Julia Novak", "Thomas Berg", "Sarah Collins", "David Moreau",
           "Elena Petrova", "James Whitfield", "Laura Jensen", "Pablo Ortega", "Nina Hartmann", "Omar Haddad",
           "Claire Dubois", "Henrik Larsen", "Sofia Marino", "Daniel Brooks", "Ingrid Solberg", "Lucas Meyer"]
TITLES = ["Premier", "Vice Premier", "President", "Governor", "Minister of Industry", "Mayor", "Party Secretary",
          "Chancellor", "Prime Minister", "Commerce Minister", "Science Minister"]
ORG_STEMS = ["Hengtai", "Ruixin", "Jinlong", "Tianhe", "Huaxing", "Kaida", "Zhongke", "Beiyuan", "Xinhai",
             "Dongfang", "Nordlicht", "Aurora", "Meridian", "Vantage", "Solaris", "Keystone", "Everbright",
             "Bluewater", "Silverline", "Granite", "Helix", "Quantum Leap", "Redwood", "Lumen"]
ORG_KINDS = ["Technology Group Co., Ltd.", "Semiconductor", "Motors", "Robotics", "Pharmaceutical Co.",
             "Energy", "Logistics", "New Materials", "Aerospace Corporation", "Biotech", "Holdings"]
INSTITUTES = ["Academy of Sciences", "Institute of Advanced Manufacturing", "University of Technology",
              "Research Institute of Artificial Intelligence", "Innovation Center", "Medical University"]
PLACES = ["Hefei", "Suzhou", "Wuxi", "Chengdu", "Xi'an", "Changsha", "Ningbo", "Qingdao", "Dalian", "Xiamen",
          "Kunming", "Nanning", "Harbin", "Shenyang", "Jinan", "Zhengzhou", "Wuhan", "Fuzhou", "Guiyang",
          "Lanzhou", "Hangzhou", "Shenzhen", "Tianjin", "Chongqing", "Munich", "Lyon", "Turin", "Rotterdam",
          "Gothenburg", "Manchester", "Osaka", "Busan", "Pune", "Monterrey"]
PROVINCES = ["Anhui", "Jiangsu", "Sichuan", "Shaanxi", "Hunan", "Zhejiang", "Shandong", "Liaoning", "Fujian",
             "Yunnan", "Guangxi", "Heilongjiang", "Henan", "Hubei", "Guizhou", "Gansu", "Guangdong"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOPICS = ["artificial intelligence", "semiconductor equipment", "new energy vehicles", "green hydrogen",
          "advanced manufacturing", "biomedicine", "digital economy", "rural revitalization", "employment",
          "flood control", "food security", "foreign trade", "high-speed rail", "carbon neutrality",
          "quantum computing", "industrial robots", "battery recycling", "cross-border e-commerce"]

VISIT_PARAGRAPHS = [
    "{title} {person} visited {org} in {place} on {weekday}, where {he} learned about the company's work on "
    "{topic}. {Person_short} urged the firm to strengthen research and development and to expand exports.",
    "During an inspection tour of {province} Province from {date1} to {date2}, {title} {person} went to "
    "{org} and the {institute} in {place}. {He_cap} called for faster progress in {topic}.",
    "At {org}, {Person_short} watched a demonstration of {topic} and talked with engineers about supply "
    "chains. {He_cap} said the company should play a leading role in the industry.",
    "{person}, {title_lower} of {province}, arrived in {place} on {weekday} for a two-day visit. "
    "{He_cap} toured the {institute} and met researchers working on {topic}.",
    "{title} {person} paid a visit to {org} on {date1}, accompanied by {person2}. The delegation inspected "
    "a new production line and heard a report on {topic}.",
    "In {place}, {Person_short} inspected a {topic} project run by {org} and spoke with local residents about "
    "jobs and incomes.",
    "{person} also stopped at the {institute}, where {he} encouraged young scientists to pursue breakthroughs "
    "in {topic}.",
]
BACKGROUND_PARAGRAPHS = [
    "The output of the {topic} sector grew {n} percent year on year in the first half, according to official "
    "figures, while investment in fixed assets rose {m} percent.",
    "Analysts said the sector still faces weak demand, rising costs and uncertainty in overseas markets. "
    "Prices of raw materials have fluctuated sharply since the spring.",
    "\u201cWe must keep our eyes on the long term and make steady progress,\u201d said {person2}, an economist "
    "at the {institute}. \u201cInnovation is the key to growth.\u201d",
    "{org} reported revenue of {n}.{m} billion yuan last year and employs more than {m},000 people. Its shares "
    "closed {n} percent higher on {weekday}.",
    "The city of {place} plans to build {n} new industrial parks by 2030 and to attract talent with housing "
    "subsidies. Officials said the policy would create thousands of jobs.",
    "Local authorities have issued guidelines on {topic}, covering financing, land use and training. "
    "The measures take effect next month.",
    "Exports of {topic} products reached a record high, driven by strong demand from Southeast Asia and "
    "Europe. Imports fell slightly over the same period.",
    "Experts noted that the transition will take time. Small and medium-sized firms need more support, "
    "better access to credit and a stable policy environment.",
]
FURNITURE = ["Share this article", "Related stories: {topic} in focus", "Editor: {person2}",
             "Photo: {title} {person} at {org}. (Xinhua)"]


def _person(rng: random.Random) -> str:
    if rng.random() < 0.75:
        return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    return rng.choice(WESTERN)


def _org(rng: random.Random) -> str:
    return f"{rng.choice(ORG_STEMS)} {rng.choice(ORG_KINDS)}"


def _seed_paragraphs() -> list[str]:
    """Paragraphs of the sample articles in ``data/``, with their names turned into placeholders."""
    out = []
    for path in sorted((ROOT / "data").glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        for para in text.split("\n\n")[1:]:  # skip the headline
            para = re.sub(r"Premier Li Qiang|Li Qiang", "{title} {person}", para)
            para = re.sub(r"\bPremier Li\b|\bLi\b", "{Person_short}", para)
            para = re.sub(r"Naura Technology Group Co\., Ltd\.|Baidu|Beijing Academy of Artificial Intelligence",
                          "{org}", para)
            para = re.sub(r"\bBeijing\b", "{place}", para)
            para = re.sub(r"\bWednesday\b", "{weekday}", para)
            para = para.replace("Chinese {title}", "{title}")
            if len(para.split()) > 8:
                out.append(para)
    return out


def generate(n: int, seed: int = 7, start: int = 0) -> Iterator[dict]:
    """Yield ``n`` article records ``{"id", "title", "published", "text"}``, deterministic for ``seed``.

    Examples
    --------
    >>> [a["id"] for a in generate(2)]
    ['bench-000000', 'bench-000001']
    """
    rng = random.Random(seed)
    seeds = _seed_paragraphs()
    base = dt.date(2023, 1, 1)
    for i in range(start, start + n):
        person, person2 = _person(rng), _person(rng)
        title = rng.choice(TITLES)
        she = rng.random() < 0.3
        day = base + dt.timedelta(days=rng.randrange(700))
        values = {
            "person": person, "person2": person2, "Person_short": person.split()[0] if " " in person else person,
            "title": title, "title_lower": title.lower(), "org": _org(rng),
            "institute": f"{rng.choice(PLACES)} {rng.choice(INSTITUTES)}", "place": rng.choice(PLACES),
            "province": rng.choice(PROVINCES), "weekday": rng.choice(WEEKDAYS), "topic": rng.choice(TOPICS),
            "date1": f"{day:%B} {day.day}", "date2": f"{day:%B} {day.day + 2 if day.day < 26 else day.day}",
            "he": "she" if she else "he", "He_cap": "She" if she else "He",
            "n": rng.randrange(2, 40), "m": rng.randrange(1, 9),
        }
        if person in WESTERN:  # written surname-last
            values["Person_short"] = person.split()[-1]
        paras = []
        n_visit = rng.randrange(1, 4)
        n_background = rng.randrange(2, 7)
        pool = [rng.choice(VISIT_PARAGRAPHS) for _ in range(n_visit)]
        pool += [rng.choice(BACKGROUND_PARAGRAPHS) for _ in range(n_background)]
        pool += [rng.choice(seeds) for _ in range(rng.randrange(0, 3))] if seeds else []
        rng.shuffle(pool)
        pool.insert(0, VISIT_PARAGRAPHS[0] if rng.random() < 0.5 else rng.choice(VISIT_PARAGRAPHS))
        for template in pool:
            values["org"] = _org(rng) if rng.random() < 0.5 else values["org"]
            values["topic"] = rng.choice(TOPICS) if rng.random() < 0.4 else values["topic"]
            paras.append(template.format(**values))
        if rng.random() < 0.3:
            paras.append(rng.choice(FURNITURE).format(**values))
        headline = f"{title} {person} calls for progress in {values['topic']} during {values['place']} visit"
        yield {"id": f"bench-{i:06d}", "title": headline, "published": day.isoformat(),
               "text": headline + "\n\n" + "\n\n".join(paras)}


def write_corpus(out: Path, n: int, seed: int = 7, start: int = 0) -> int:
    """Write ``n`` articles to ``out`` (a folder of .txt files, or a .jsonl file); return the word count."""
    words = 0
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for art in generate(n, seed, start):
                words += len(art["text"].split())
                fh.write(json.dumps(art, ensure_ascii=False) + "\n")
        return words
    out.mkdir(parents=True, exist_ok=True)
    for art in generate(n, seed, start):
        words += len(art["text"].split())
        (out / f"{art['id']}.txt").write_text(f"date {art['published']}\n{art['text']}\n", encoding="utf-8")
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    words = write_corpus(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles, {words} words, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
