"""Every data file of extraction, loaded once: gazetteers (countries, titles, cities, names),
outlets, credit and boilerplate patterns, and the meeting patterns.

The reader, the extractors and resolution all import their data from here, so a worker
process (or a Dask worker) that imports any of them loads the same files the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def load_data(name: str) -> dict:
    """A JSON data file shipped in ``diplotui/extract/data``."""
    return json.loads(resources.files("diplotui.extract").joinpath("data", name).read_text("utf-8"))


def load_patterns(name: str) -> list[dict]:
    """A JSONL pattern file in ``diplotui/extract/data``: one pattern a line, each with an ``id``
    and a ``label`` (spaCy's EntityRuler/SpanRuler form), plus what the pattern means."""
    text = resources.files("diplotui.extract").joinpath("data", name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Outlets:
    by_alias: dict[str, str]
    by_domain: dict[str, str]
    home: dict[str, str]  # a national outlet's country

    def canonical(self, credit: str) -> str | None:
        return self.by_alias.get(" ".join(credit.split()).lower())

    def from_domain(self, host: str) -> str | None:
        host = host.lower().strip(".")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None


@cache
def outlets() -> Outlets:
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    home: dict[str, str] = {}
    for entry in load_data("outlets.json")["outlets"]:
        if entry.get("country"):
            home[entry["name"]] = entry["country"]
        for alias in [entry["name"], *entry.get("aliases", [])]:
            by_alias.setdefault(alias.lower(), entry["name"])
        for domain in entry.get("domains", []):
            by_domain[domain.lower()] = entry["name"]
    return Outlets(by_alias, by_domain, home)


@cache
def boilerplate() -> tuple[re.Pattern, re.Pattern]:
    data = load_data("boilerplate.json")
    lines = re.compile(r"(?:" + "|".join(data["lines"]) + r")\s*:?", re.I)
    captions = re.compile("|".join(data["caption_markers"]), re.I)
    return lines, captions


@dataclass(frozen=True)
class CreditRule:
    id: str
    role: str  # "credit" (whose copy), "site" (the publisher), "wire" (only the copy's issuer)
    pattern: re.Pattern
    agency_only: bool = False


@dataclass(frozen=True)
class Credits:
    lines: tuple[CreditRule, ...]
    anywhere: tuple[CreditRule, ...]
    photo: re.Pattern
    agency_word: re.Pattern
    news_word_end: re.Pattern
    government: re.Pattern
    sections: frozenset[str]
    suffix: re.Pattern
    labels: frozenset[str]


# a name of one to seven words: capitalised words, and the small words inside names
NAME_RE = (r"[A-Z\u00C0-\u00DE][\w.&'’-]{0,40}+(?: (?:of|the|and|for|in|on|de|du|des|la|le|el|da|do|&|"
         r"[A-Z\u00C0-\u00DE0-9][\w.&'’-]{0,40}+)){0,6}")


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def credit_patterns() -> Credits:
    data = load_data("credits.json")

    def rules(key: str) -> tuple[CreditRule, ...]:
        return tuple(CreditRule(r["id"], r["role"], re.compile(r["pattern"].replace("{NAME}", NAME_RE)),
                                 r.get("agency_only", False)) for r in data[key])

    labels = frozenset(w for label in data["date_labels"] for w in label.split())
    return Credits(
        lines=rules("lines"), anywhere=rules("anywhere"), photo=re.compile("|".join(data["photo"])),
        agency_word=re.compile(rf"\b(?:{_alternatives(data['agency_words'])})\b"),
        news_word_end=re.compile(rf"\b(?:{_alternatives(data['news_words'])})$"),
        government=re.compile(rf"\b(?:{_alternatives(data['government_words'])})\b", re.I),
        sections=frozenset(w.lower() for w in data["section_words"]),
        suffix=re.compile(rf"\s+(?:{_alternatives(data['masthead_suffixes'])})$", re.I),
        labels=labels,
    )


@cache
def country_names() -> dict[str, str]:
    """Lower-cased country names (not adjectives) -> the country."""
    out: dict[str, str] = {}
    for country, entry in load_data("countries.json")["countries"].items():
        for name in [country, *entry["names"]]:
            out.setdefault(name.lower().removeprefix("the "), country)
    return out


@dataclass(frozen=True)
class Gazetteer:
    titles: tuple[str, ...]  # lowercase phrases, longest first
    title_level: dict[str, str]
    title_words: frozenset[str]
    modifiers: frozenset[str]
    country_of: dict[str, str]  # alias (as written, case-sensitive) -> country
    country_lower: dict[str, str]  # lowercase alias of 4+ letters -> country
    country_names: frozenset[str]  # names that are countries, not cities (lowercase)
    title_re: re.Pattern
    implies: dict[str, str]  # title (lowercase) -> the one country whose office it names
    honorifics: frozenset[str]
    complements: frozenset[str]
    implies_re: re.Pattern


@cache
def gazetteer() -> Gazetteer:
    data = load_data("titles.json")
    patterns = load_patterns("titles.jsonl")
    level = {p["pattern"]: p["level"] for p in patterns if p["label"] == "TITLE"}
    titles = tuple(sorted(level, key=len, reverse=True))
    words = {w for p in titles for w in re.split(r"[\s-]+", p)} | {"of", "for", "the"}
    country_of: dict[str, str] = {}
    for country, entry in load_data("countries.json")["countries"].items():
        for alias in entry["names"] + entry["capitals"]:
            country_of.setdefault(alias, country)
    lower = {k.lower(): v for k, v in country_of.items() if len(k) >= 4 and not k.isupper()}
    title_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in titles) + r")(?![\w-])", re.I)
    names = frozenset(a.lower() for e in load_data("countries.json")["countries"].values() for a in e["names"])
    implies = {p["pattern"]: p["country"] for p in patterns if p.get("country")}
    return Gazetteer(titles, level, frozenset(words), frozenset(data["modifiers"]), country_of, lower,
                     names, title_re, implies, frozenset(data.get("honorifics", ())),
                     frozenset(data.get("complements", ())),
                     re.compile(r"(?<![\w-])(?:"
                                + "|".join(re.escape(t) for t in sorted(implies, key=len, reverse=True))
                                + r")(?![\w-])"))


def lowered(text: str) -> str:
    """``text`` in lower case, character for character, so that match positions hold in both:
    the one letter that lowers to two ("İ") keeps the first, as re.I would match it."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower()[0] for c in text)


@cache
def family_first_names() -> frozenset[str]:
    """Family names written first (East Asian usage), lower case."""
    return frozenset(n.lower() for n in load_data("family_names.json")["family_first"])


@cache
def short_forms() -> dict[str, str]:
    """Nickname or short form -> the given name it stands for."""
    return load_data("nicknames.json")["short_forms"]


@cache
def meeting_data() -> dict:
    """meetings.json: trigger, status and venue patterns of meeting reports."""
    return load_data("meetings.json")


@cache
def city_places() -> dict[str, tuple[str, bool]]:
    """Lower-case city -> (its country, whether it is the capital or a seat of government)."""
    places: dict[str, tuple[str, bool]] = {}
    for country, entry in load_data("countries.json")["countries"].items():
        for capital in entry.get("capitals", []):
            places.setdefault(capital.lower(), (country, True))
    for country, cities in load_data("cities.json")["cities"].items():
        for city in cities:
            places.setdefault(city.lower(), (country, False))
    return places


@cache
def region_places() -> dict[str, str]:
    """Lower-case first-level region (a state, province or nation of a country) -> its country."""
    out: dict[str, str] = {}
    for country, regions in load_data("regions.json")["regions"].items():
        for region in regions:
            out.setdefault(region.lower(), country)
    return out


@cache
def cctlds() -> dict[str, str]:
    """Country-code top-level domain ("gh") -> country, less the codes sold as generic names."""
    return load_data("cctlds.json")["cctlds"]
