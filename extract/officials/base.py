"""What every stage of officials extraction reads: the typed records (a candidate mention,
a group of full names, the prepared doc), the doc helpers, and the word tests and lookups
(countries, titles) the stages share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ..dates import WEEKDAYS, month_number
from ..gazetteer import gazetteer, load_data, lowered


@cache
def rule(rule_id: str) -> dict:
    """The word rule ``rule_id`` of officials.json (each has an id, its stage, what it decides and examples)."""
    return next(r for r in load_data("officials.json")["rules"] if r["id"] == rule_id)


def rule_words(rule_id: str) -> frozenset[str]:
    return frozenset(rule(rule_id)["words"])


ORG_WORDS = rule_words("not-a-name/organisation")
BODY_START = "diplotui.body_start"  # doc.user_data key: where the body starts (ModelText.body_start)


@cache
def _country_res() -> tuple[re.Pattern, re.Pattern]:
    """One alternation for case-sensitive aliases (abbreviations) and one for the rest, longest first."""
    aliases = sorted(gazetteer().country_of, key=len, reverse=True)
    exact = [a for a in aliases if a.isupper() or len(a) < 4]
    loose = [a for a in aliases if not (a.isupper() or len(a) < 4)]

    def alt(items: list[str]) -> str:
        return r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in items) + r")(?!\w)"

    # the loose one in lower case, for lowered text: sre searches an re.I alternation several times slower
    return re.compile(alt(exact)), re.compile(alt([lowered(a) for a in loose]))


def country_in(text: str) -> str | None:
    """The country a short phrase names by adjective, name, abbreviation or capital ("Japan's", "U.S.")."""
    g = gazetteer()
    text = re.sub(r"['’]s\b", "", text)
    best: tuple[int, int, str] | None = None
    exact, loose = _country_res()
    for pattern, subject in ((exact, text), (loose, lowered(text))):
        m = pattern.search(subject)
        if m and (best is None or (m.start(), m.start() - m.end()) < (best[0], best[1])):
            best = (m.start(), m.start() - m.end(), text[m.start() : m.end()])
    if best is None:
        return None
    found = best[2]
    return g.country_of.get(found) or g.country_lower.get(found.lower()) or next(
        (c for a, c in g.country_of.items() if a.lower() == found.lower()), None
    )


def title_level(title: str | None) -> str | None:
    if not title:
        return None
    m = gazetteer().title_re.search(title)
    return gazetteer().title_level.get(m.group(0).lower()) if m else None


# ----------------------------------------------------------------------------- candidates


@dataclass
class _Group:
    """The full names of an article that are one person's (a person's index is its place in the list)."""

    variants: list[str]


@dataclass
class _Cand:
    start: int  # token indices in the doc
    end: int
    text: str
    full: bool  # two or more name tokens
    title: str | None = None
    country: str | None = None
    person: int | None = None
    sentence: tuple[int, int] = (0, 0)
    leading_title: str | None = None
    mirror: bool = False  # the reversed second form of a run-together speaker label (see _mirror)


NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "al", "el", "da", "de", "do", "dos", "das", "van", "von", "der",
                            "den", "del", "della", "di", "du", "la", "le", "y"})


def _is_name_token(tok) -> bool:
    t = tok.text
    if not t or not (t[0].isupper() or (t[0].isalpha() and tok.i > 0 and tok.doc[tok.i - 1].text == "-")):
        return False
    return all(c.isalpha() or c in "-.'’" for c in t)


# honorifics that are never a name's first word, so that they go even before a single name
# ("Datuk Seri Aziz", "Mr Tan"); others may be ("Sheikh Ali", "Sri Wahyuni")
_STYLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "datuk", "dato", "dato'", "seri", "h.e.",
                     "hon", "hon.", "excellency"})


@cache
def _headline_verbs() -> frozenset[str]:
    return frozenset(load_data("titles.json").get("headline_verbs", ()))


def implied_country(title: str | None) -> str | None:
    """The country a title names by itself ("Secretary of State", "State Councilor"), from titles.json."""
    if not title:
        return None
    g = gazetteer()
    found = [m.group(0) for m in g.implies_re.finditer(title.lower())]
    return g.implies[max(found, key=len)] if found else None


# Words that join two phrases and never sit inside a title, however a headline capitalises
# them: "Minister A And Foreign Minister B" is two people, not one title. ("and" may still
# join a portfolio, "Minister of Mines And Energy", by the rule for it below.)
_LINKS = frozenset({"and", "with", "at", "in", "on", "by", "from", "after", "before", "amid", "as", "or", "vs"})


def _links(doc, i: int) -> bool:
    """Token ``i`` is a capitalised linking word ("And", "At"), not a name in capitals ("AT")
    nor the first part of a hyphenated one ("In-chul")."""
    tok = doc[i]
    if tok.lower_ not in _LINKS or tok.is_upper or not tok.text[0].isupper():
        return False
    return not (i + 1 < len(doc) and doc[i + 1].text == "-" and not tok.whitespace_)


TEXT_KEY = "diplotui.text"  # doc.user_data key: the doc's text, built once per extraction


def doc_text(doc) -> str:
    """``doc.text``, which spaCy rebuilds from every token on each access, read once per doc
    (find_meetings drops it when done)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


ENTS_KEY = "diplotui.ents"  # doc.user_data key: the doc's entities and their starts, built once


def doc_ents(doc) -> tuple[list, list[int]]:
    """``doc.ents`` and each entity's first token: spaCy builds every Span anew on each access
    of ``doc.ents``, which, once per sentence and helper, cost more than the model itself.
    Kept on the Doc for officials and meetings both; ``meetings.drop_caches`` takes it off."""
    cached = doc.user_data.get(ENTS_KEY)
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data[ENTS_KEY] = (ents, [e.start for e in ents])
    return cached


@dataclass
class _Doc:
    """What every step reads about one doc, computed once."""

    doc: object
    whole: str
    sent_of: dict[int, tuple[int, int]]
    sent_chars: dict[tuple[int, int], tuple[int, int]]
    starts: np.ndarray  # character offset of each token
    chrome: list[tuple[int, int]] = field(default_factory=list)  # see _chrome_ranges

    def in_chrome(self, c: _Cand) -> bool:
        at = self.doc[c.start].idx
        return any(a <= at < b for a, b in self.chrome)

    def text_of(self, start: int, end: int) -> str:
        last = self.doc[end - 1]
        return self.whole[self.doc[start].idx : last.idx + len(last)]

    def sentence(self, i: int) -> tuple[int, int]:
        return self.sent_of.get(i, (0, len(self.doc)))


def _prepare(doc) -> _Doc:
    from spacy.attrs import IDX  # spaCy is loaded already: there is a Doc

    spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sent_of = {}
    for s in spans:
        for i in range(s.start, s.end):
            sent_of[i] = (s.start, s.end)
    whole = doc_text(doc)
    return _Doc(doc, whole, sent_of, {(s.start, s.end): (s.start_char, s.end_char) for s in spans},
                doc.to_array(IDX), _chrome_ranges(whole))


def _candidate(d: _Doc, start: int, end: int, leading: str | None = None) -> _Cand:
    text = d.text_of(start, end)
    name_toks = [t for t in d.doc[start:end] if t.text not in "-'’"]
    return _Cand(start, end, text, full=len(text.split()) >= 2 and len(name_toks) >= 2,
                 leading_title=leading, sentence=d.sentence(start))


_WORD_RE = re.compile(r"[^\W\d_]{3,}")
# short words a title-case headline leaves in lower case
_HEADLINE_LOWER = frozenset("and the for with from into over amid after than via but nor upon onto".split())


def _is_complement(tok) -> bool:
    """A capitalised word that belongs to a title's portfolio ("… of International Relations and
    Cooperation"), not to the name after it."""
    g = gazetteer()
    low = tok.lower_
    return (low in g.title_words or low in g.complements or low in ("of", "for", "and", "the", "to")
            or low in ORG_WORDS or low.endswith(_COMPLEMENT_SUFFIXES) or tok.text in g.country_of)


_COMPLEMENT_SUFFIXES = ("tion", "ment", "ity", "ics", "ance", "ence", "ism", "ships", "ties")


def _portfolio(tok) -> bool:
    """A word of a ministry's portfolio ("Finance", "Recovery"), not a joiner, a title's head or a country."""
    return tok.lower_ in gazetteer().complements and tok.lower_ not in ("and", "general")


def _line_of(tok) -> str:
    """The line of the doc's text that holds ``tok``."""
    whole = doc_text(tok.doc)
    return whole[whole.rfind("\n", 0, tok.idx) + 1 : (whole.find("\n", tok.idx) + 1 or len(whole) + 1) - 1]


def _names_a_day(word: str) -> bool:
    """A weekday or a month ("On Tuesday Lunde spoke": no given name before the surname)."""
    return word.lower() in WEEKDAYS or month_number(word) is not None


def _chrome_ranges(whole: str) -> list[tuple[int, int]]:
    """Character ranges of lines that are site chrome rather than the story: headline list items
    ("- Minister X calls on Y" without a full stop), credit lines ("Reporting by …", "Reporter:",
    "By …", "… contributed to this report"),
    and lines that hold no sentence at all (widgets such as "Stay Connected")."""
    return [m.span() for m in _CHROME_RE.finditer(whole)]


_CHROME_RE = re.compile(
    r"^[ \t]*(?:[-•*▪►][ \t]+[^\n]*[^.!?:\n\s][\"”’']?"  # a headline list item: no full stop
    r"|(?:reporting|writing|editing|compiled|photo(?:graph)?s?|reporter|editor|photographer)\b[^\n]*"
    # a byline at the end, a name and maybe an agency: "By Jane Doe, Reuters" (not "By Monday, …")
    r"|by[ \t]+[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,3}(?:[ \t]*(?:,|and|/)[ \t]*[\w.'’ -]{1,40})?"
    r"|[^\n]{0,80}\bcontributed(?:[ \t]+(?:additional|further))?[ \t]+"
    r"(?:reporting|to[ \t]+(?:this|the)[ \t]+(?:report|story))\.?"
    r")[ \t]*$"
    r"|[(\[][\w&.' -]{2,40}/[^\n()\[\]/]{2,60}[)\]]",  # a photo credit "(Agency/Name)"
    re.M | re.I,
)


def _title_case(line: str) -> bool:
    """Every word of three letters or more is capitalised but the short joiners a title-case
    headline leaves in lower case: such a line capitalises words that are no name."""
    return not any(w[0].islower() and w not in _HEADLINE_LOWER for w in _WORD_RE.findall(line))


def _mentions_at(d: _Doc, cands: list[_Cand], key_of: dict[int, int]) -> dict[int, list[int]]:
    """Person key -> the character offsets of the person's mentions, in order."""
    at: dict[int, list[int]] = {}
    for c in cands:
        k = key_of.get(c.person)
        if k is not None:
            at.setdefault(k, []).append(d.doc[c.start].idx)
    return at


_BACK = 3  # sentences an anaphor reaches back
