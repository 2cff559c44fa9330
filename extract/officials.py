"""Officials in one article: people the model finds, cleaned, titled, placed in a country, grouped.

Works on a spaCy ``Doc`` with entities and sentence boundaries; returns plain
``Person`` and ``Mention`` records. Titles and countries come from the data files
(``titles.json``, ``countries.json``); nothing here names a particular person.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np

from diplotui.store.text import body_title

from .dates import WEEKDAYS, month_number
from .gazetteer import city_places, gazetteer, load_data, lowered, outlets
from .model import Mention, Person
from .names import family_first, romanised, same_person, surname

ORG_WORDS = {
    "house", "ministry", "office", "agency", "council", "committee", "university",
    "hotel", "hall", "palace", "party", "group", "bank", "press", "news", "times", "daily", "post",
    "institute", "center", "centre", "foundation", "association", "corp", "inc", "ltd", "company",
    "department", "embassy", "academy", "assembly", "parliament", "congress", "court", "army",
    "navy", "force", "forces", "command", "agreement", "treaty", "declaration", "peninsula",
    "island", "islands", "sea", "river", "street", "square", "airport", "station", "province",
    "road", "avenue", "boulevard", "bridge", "lane",
    "city", "state", "county", "republic", "kingdom", "union", "nations", "summit", "forum",
    "administration", "government", "cabinet", "secretariat", "review", "journal", "herald",
    # venues, where meetings are held and the model often reads a named one as a person
    "guesthouse", "residence", "villa", "mansion", "castle", "temple", "stadium", "museum",
    "cathedral", "mosque", "pavilion", "lodge", "resort", "gardens", "tower", "plaza",
    "asia", "europe", "africa", "americas", "pacific", "atlantic", "arctic", "caribbean", "balkans",
    "meeting", "meetings", "teleconference", "conference", "dialogue", "talks", "session",
}  # fmt: skip
BODY_START = "diplotui.body_start"  # doc.user_data key: where the body starts (ModelText.body_start)
STOP_TITLE_RIGHT = {"at", "who", "which", "that", "said", "says", "in", "on", "told", "has", "had",
                    "was", "is", "will", "would", "and"}  # fmt: skip


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


NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "al", "el", "da", "de", "do", "dos", "das", "van", "von", "der",
                            "den", "del", "della", "di", "du", "la", "le", "y"})  # fmt: skip


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


def _clean_span(doc, start: int, end: int) -> tuple[int, int, str | None]:
    """Trim title words, possessives and punctuation off an entity; extend over hyphenated tails."""
    g = gazetteer()
    leading: list[str] = []
    while start < end and (doc[start].lower_ in g.title_words or doc[start].lower_ in g.modifiers
                           or doc[start].text in g.country_of or doc[start].lower_ == "the"
                           or (doc[start].lower_ in g.honorifics and (end - start > 2 or doc[start].lower_ in _STYLES))):  # fmt: skip
        if doc[start].lower_ not in g.honorifics:
            leading.append(doc[start].text)
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’", ".", ",", "-"):
        end -= 1
    # a title-case headline's verb beside a name ("Minister Otieno Meets Envoy", "Visits La Paz")
    verbs = _headline_verbs()
    while start < end and doc[start].lower_ in verbs and doc[start].text[0].isupper():
        start += 1
    while end > start and doc[end - 1].lower_ in verbs and doc[end - 1].text[0].isupper():
        end -= 1
    # a headline's capitalised "At", "And", "With" after a full name ("… Ana Huaman At a Press
    # Conference") is not part of it
    while end - start > 2 and _links(doc, end - 1):
        end -= 1
    # "Moon Jae" + "-in": the model sometimes stops inside a hyphenated given name
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end].whitespace_ and doc[end - 1].whitespace_ == "":
        if doc[end + 1].is_alpha:
            end += 2
        else:
            break
    title = " ".join(leading) if leading and any(w.lower() in g.title_words for w in leading) else None
    return start, end, title


def _rejected(doc, start: int, end: int) -> bool:
    span = doc[start:end]
    text = span.text
    if not text or any(c.isdigit() for c in text) or sum(t.text != "-" for t in span) > 6:
        return True
    if outlets().canonical(text) or outlets().canonical(span[-1].text):
        return True
    g = gazetteer()
    bare = re.sub(r"['’]s$", "", text)
    if bare in g.country_of or bare.lower() in g.country_lower:
        return True  # "South Korea", "Rashtrapati Bhavan"
    if any(t.text in g.country_of or t.text.rstrip("'s") in g.country_of for t in span):
        return True
    if span[-1].lower_ in ORG_WORDS or any(t.lower_ in ORG_WORDS for t in span):
        return True
    caps = [t for t in span if t.is_upper and len(t.text) > 1 and t.text.isalpha()]
    initials = len(span) >= 3 and caps == [span[0]] and len(span[0].text) <= 3  # "AK Abdul Momen"
    if caps and not initials and (len(caps) > 1 or len(span) == 1 or len(caps[0].text) < 3):
        return True  # acronyms (NATO, ROK) are not personal names; "TANAKA Hana" is one
    return not all(_is_name_token(t) or t.text in "-'’" or (start < t.i < end - 1 and t.lower_ in NAME_PARTICLES)
                   for t in span)  # fmt: skip


def implied_country(title: str | None) -> str | None:
    """The country a title names by itself ("Secretary of State", "State Councilor"), from titles.json."""
    if not title:
        return None
    g = gazetteer()
    found = [m.group(0) for m in g.implies_re.finditer(title.lower())]
    return g.implies[max(found, key=len)] if found else None


# Words that join two phrases and never sit inside a title, however a headline capitalises
# them: "Minister A And Foreign Minister B" is two people, not one title. ("and" may still
# join a portfolio, "Minister of Industry And Trade", by the rule for it below.)
_LINKS = frozenset({"and", "with", "at", "in", "on", "by", "from", "after", "before", "amid", "as", "or", "vs"})


def _links(doc, i: int) -> bool:
    """Token ``i`` is a capitalised linking word ("And", "At"), not a name in capitals ("AT")
    nor the first part of a hyphenated one ("In-chul")."""
    tok = doc[i]
    if tok.lower_ not in _LINKS or tok.is_upper or not tok.text[0].isupper():
        return False
    return not (i + 1 < len(doc) and doc[i + 1].text == "-" and not tok.whitespace_)


def _chain_start(doc, end: int, sent_start: int) -> int:
    """Where the run of premodifiers ending before token ``end`` starts: title words, modifiers,
    capitalised words, possessives and the joiners of a title ("of", "for", "the"). Punctuation
    other than a hyphen inside a word ends it, so a dateline ("BEIJING – President …") or a
    clause before a comma never lends its place to the name."""
    g = gazetteer()
    i = end - 1
    while i >= sent_start and i >= end - 14:
        tok = doc[i]
        t, low = tok.text, tok.lower_
        if low in ("'s", "’s", "'", "’", "(", ")") or low in g.title_words or low in g.modifiers:
            i -= 1
        elif low in g.complements and low != "and" and tok.is_lower:
            i -= 1  # a portfolio written in lower case: "foreign policy chief"
        elif t == "-" and not tok.whitespace_ and i > sent_start and not doc[i - 1].whitespace_:
            i -= 1  # "Vice-Minister", "Secretary-General"
        elif t[0].isupper() and (tok.is_alpha or "." in t or "-" in t or "'" in t) and low not in _LINKS:
            i -= 1
        elif low == "to" and i + 1 < end and doc[i + 1].text[0].isupper():
            i -= 1
        elif low == "and" and i > sent_start and i + 1 < end and doc[i + 1].text[0].isupper() \
                and (doc[i - 1].lower_ in g.complements or doc[i - 1].lower_.endswith(_COMPLEMENT_SUFFIXES)
                     or doc[i - 1].lower_ in g.title_words and doc[i - 1].text[0].isupper()):  # fmt: skip
            i -= 1  # a portfolio: "Minister of Industry and Trade"; two offices: "Crown Prince and Prime Minister"
        else:
            break
    # a chain does not start with a joiner ("of", "for", "the")
    while i + 1 < end and doc[i + 1].lower_ in ("of", "for", "to", "and"):
        i += 1
    return i + 1


def _title_in(doc, start: int, end: int) -> tuple[str | None, str | None]:
    """The title written in tokens ``start:end`` (a run of premodifiers) and the country the run
    attaches to it: an adjective or possessive before the title ("Peru's Director General …"),
    or the country the title implies. A country after the title head ("for American Affairs",
    "Ambassador to Japan") is what the office deals with, not whose it is."""
    g = gazetteer()
    span = doc[start:end]
    if not len(span):
        return None, None
    text = span.text
    found = list(g.title_re.finditer(text))
    if not found:
        # no title: a bare adjective or possessive on the name ("Indonesia's Darmawan")
        if len(span) <= 3:
            return None, country_in(text)
        return None, None
    first = found[0]
    words = list(span)
    k = 0
    while k < len(words):
        w = words[k]
        if w.lower_ in g.modifiers or (w.lower_ in g.title_words and w.lower_ not in ("of", "the", "for", "to")):
            break
        k += 1
    # a portfolio in capitals before the office: "International Relations Minister", "Home Affairs Minister"
    while 0 < k < len(words) and words[k - 1].text[0].isupper() and words[k - 1].lower_ in g.complements \
            and words[k - 1].lower_ not in _NOT_PORTFOLIO and not country_in(words[k - 1].text):  # fmt: skip
        k -= 1
    title = (doc[words[k].i : end].text if k < len(words) else found[-1].group(0)).strip(" ,")
    if (style := _ROYAL_STYLE.search(title)) and g.title_re.search(title[: style.start()]):
        title = title[: style.start()]  # "Foreign Minister Prince A": the prince's office is the title
    country = country_in(text[: first.start()]) or implied_country(title)
    if not country and (of := _OF_IN_TITLE.search(title)):
        country = country_in(of.group(1))  # "President of Kazakhstan A", "Ambassador of Malaysia B"
    return title, country


_OF_IN_TITLE = re.compile(r"\bof\s+(?:the\s+)?(\S.*)$")
# complements that are not a portfolio's first word before an office: a region's adjective, a joiner
_NOT_PORTFOLIO = frozenset({"and", "american", "asian", "african", "european"})
# a royal style between an office and the name ("Foreign Minister Prince A"), not "Crown Prince"
_ROYAL_STYLE = re.compile(r"(?<!\bcrown)\s+(?:prince|princess)$", re.I)


def _left_context(doc, start: int, sent_start: int) -> tuple[str | None, str | None]:
    """Title and country written before a name: "U.S. Deputy Secretary of State Lena Holm",
    "Kenya's Director for Trade Policy, Ruth Achieng", "her Chinese counterpart Zhou Minghai"."""
    honorifics = gazetteer().honorifics
    while start > sent_start and (doc[start - 1].lower_ in honorifics or doc[start - 1].text in ("'", "’")
                                  and start - 1 > sent_start and doc[start - 2].lower_ in honorifics):
        start -= 1  # "…'s top diplomat, Sheikh Ali bin Said": the title stands before the honorific
    i = _chain_start(doc, start, sent_start)
    if i < start:
        return _title_in(doc, i, start)
    prev = doc[start - 1] if start > sent_start else None
    if prev is None:
        return None, None
    if prev.lower_ in ("counterpart", "counterparts"):
        return None, country_in(doc[max(sent_start, start - 4) : start - 1].text)
    if prev.text == "," and start - 1 > sent_start:
        before = doc[start - 2]
        if before.lower_ in ("counterpart", "counterparts"):
            return None, country_in(doc[max(sent_start, start - 5) : start - 2].text)
        if before.ent_type_ == "PERSON":
            return None, None  # "… met Foreign Minister A, B said": A's title is not B's
        # a title set before the name with a comma: "Togo's Minister Delegate for Trade, Ama Kodjo"
        j = _chain_start(doc, start - 1, sent_start)
        if j < start - 1 and (j == sent_start or doc[j - 1].lower_ not in ("of", "for", "to")):
            title, country = _title_in(doc, j, start - 1)
            if title:
                return title, country
    return None, None


# letters after a name that say what the person is, not who: "Ian Carter MP, Prime Minister …"
_POST_NOMINALS = frozenset({"MP", "MPs", "MLA", "MEP", "MHA", "QC", "KC", "SC", "OBE", "MBE", "CBE", "KBE",
                            "PhD", "Ph.D.", "Jr", "Jr.", "Sr", "Sr."})  # fmt: skip


def _right_context(doc, end: int, sent_end: int) -> tuple[str | None, str | None]:
    """Title and country in an appositive: "Lim Sung-nam, South Korea's vice foreign minister",
    "Ana Ruiz, the Chilean government's top diplomat", "Kim Ho, Prime Minister of the Republic of
    Korea"; and "King Ali of Jordan". A country without a title there is not attached."""
    while end < sent_end and doc[end].text in _POST_NOMINALS:
        end += 1  # "Ian Carter MP, Prime Minister of Canada"
    if end >= sent_end:
        return None, None
    if doc[end].lower_ == "of" and end + 1 < sent_end:
        return None, _of_country(doc, end + 1, sent_end)
    if doc[end].text not in (",", "was", "is", "as"):
        return None, None
    return _appositive(doc, end + 1, sent_end)


def _of_country(doc, k: int, sent_end: int) -> str | None:
    """The country in the capitalised words after "of" ("King Ali of Jordan", "of the Republic of Korea")."""
    if doc[k].lower_ == "the":
        k += 1
    first = k
    while k < sent_end and k < first + 5 and doc[k].text[0].isupper():
        k += 1
    return country_in(doc[first:k].text) if k > first else None


def _portfolio_and(doc, k: int, j: int, sent_end: int) -> bool:
    """Token ``k`` is the "and" inside a portfolio, between two capitalised portfolio words
    ("Minister of Commerce and Industry")."""
    return doc[k].lower_ == "and" and j < k and k + 1 < sent_end and doc[k - 1].text[0].isupper() \
        and doc[k + 1].text[0].isupper() and _is_complement(doc[k - 1]) and _is_complement(doc[k + 1])


def _appositive(doc, j: int, sent_end: int) -> tuple[str | None, str | None]:
    """The title an appositive starting at token ``j`` gives ("the Chilean government's top
    diplomat"), with any modifiers before it, and whose office it is: an adjective or possessive
    before the title, "… of <Country>" after its head, or the country the title implies."""
    g = gazetteer()
    if j < sent_end and doc[j].lower_ in ("the", "a", "an", "its", "his", "her", "their"):
        j += 1
    k = j
    while k < sent_end and k < j + 16 and doc[k].text not in (",", ".", ";", "(", ")", '"', "“", "”") \
            and (doc[k].lower_ not in STOP_TITLE_RIGHT or _portfolio_and(doc, k, j, sent_end)):  # fmt: skip
        k += 1
    text = doc[j:k].text
    m = g.title_re.search(text)
    if not m or j >= k:
        return None, None
    lead = doc[j]
    if lead.text[0].islower() and lead.lower_ not in g.title_words and lead.lower_ not in g.modifiers \
            and lead.text not in g.country_of:  # fmt: skip
        return None, None  # "A, met Syrian President B": a clause, not an appositive
    prefix = text[: m.start()]
    if len(prefix.split()) > 4:
        return None, None
    title_text = text[m.start():]
    # keep leading modifiers that stand before the title ("senior presidential secretary")
    mods = [w for w in prefix.split() if w.lower() in g.modifiers or w.lower() in g.title_words]
    if mods and prefix.split()[-len(mods):] == mods:
        title_text = " ".join(mods) + " " + title_text
    country = country_in(prefix)
    if not country:
        after = re.match(r"\s*of\s+(?:the\s+)?(.*)", text[m.end():])
        country = country_in(after.group(1)) if after else None
    return title_text.strip(), country or implied_country(title_text)


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
                doc.to_array(IDX), _chrome_ranges(whole))  # fmt: skip


def _candidate(d: _Doc, start: int, end: int, leading: str | None = None) -> _Cand:
    text = d.text_of(start, end)
    name_toks = [t for t in d.doc[start:end] if t.text not in "-'’"]
    return _Cand(start, end, text, full=len(text.split()) >= 2 and len(name_toks) >= 2,
                 leading_title=leading, sentence=d.sentence(start))  # fmt: skip


def _entity_candidates(d: _Doc, taken: set[int], skip_names: set[str]) -> list[_Cand]:
    """Decides which PERSON entities are names: trimmed of titles, honorifics and possessives,
    and rejected when they read as an organisation, a place, a venue or an acronym."""
    g = gazetteer()
    spans: list[list[int]] = []
    for ent in doc_ents(d.doc)[0]:
        # a name the model tagged otherwise but addressed with an honorific ("H.E. Ana Lima" as ORG)
        if ent.label_ != "PERSON" and not (ent[0].lower_ in g.honorifics and ent[0].text[0].isupper()):
            continue
        if spans and spans[-1][1] == ent.start and not d.doc[ent.start - 1].whitespace_.count("\n"):
            spans[-1][1] = ent.end  # one name the model cut in two ("H.H. Sheikh" + "Ali bin Said")
        else:
            spans.append([ent.start, ent.end])
    cands = []
    body_start = d.doc.user_data.get(BODY_START, 0)
    for ent_start, ent_end in spans:
        start, end, leading = _clean_span(d.doc, ent_start, ent_end)
        if start < end and d.doc[start].idx >= body_start:
            start, end = _whole_name(d, start, end)
            while end - start > 2 and d.doc[start].lower_ in g.honorifics:
                start += 1  # "U Kyaw" read whole as "U Kyaw Min Thant": the honorific is no name
        if all(t.lower_ in g.honorifics for t in d.doc[start:end]):
            continue  # "Dato" alone, before "' Seri Ali Hassan"
        if start >= end or _rejected(d.doc, start, end):
            continue
        if d.text_of(start, end).lower() in skip_names or any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        cands.append(_candidate(d, start, end, leading))
    return cands


_NAME_WORDS = 5  # the most words a name is extended to


def _name_word(tok) -> bool:
    """A word that may continue a name the model cut short: a capitalised word (in a body's
    sentence: not its first) outside any other entity (or in a one-word one the gazetteers do
    not know as a place: the model reads some surnames as places), not a title, link, stop
    or organisation word, and no abbreviation ("Jr.", "MP")."""
    g = gazetteer()
    if tok.is_sent_start or not _is_name_token(tok) or tok.is_stop or tok.lower_ in g.title_words \
            or tok.text.endswith(".") or (tok.is_upper and len(tok.text) <= 3) \
            or tok.lower_ in g.honorifics or tok.lower_ in ORG_WORDS or tok.text in g.country_of:  # fmt: skip
        return False
    if tok.ent_type_ in ("", "PERSON"):
        return True
    return tok.ent_type_ in ("GPE", "ORG", "NORP", "LOC") and tok.ent_iob_ == "B" and \
        (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I") and tok.lower_ not in city_places()


def _whole_name(d: _Doc, start: int, end: int) -> tuple[int, int]:
    """A body name the model cut short, extended over the proper nouns around it that the model
    left out: the first given name ("Ali [Reza Tehrani]"), a second surname ("[Ana Luisa]
    Rojas Vega"), a hyphenated one ("[Paul] Mensah-Boateng"); up to five words, no title or
    portfolio word before it ("Minister of Trade and Investment [A B]"), and not in a line in
    title case, where every word is capitalised ("… Lars Holm Hold Talks")."""
    doc = d.doc
    s0, e0 = start, end

    def words(a: int, b: int) -> int:
        return sum(t.text != "-" for t in doc[a:b])

    while start > 0 and words(start - 1, end) <= _NAME_WORDS and _name_word(doc[start - 1]) \
            and doc[start - 1].text[0].isupper() and not _is_complement(doc[start - 1]) \
            and doc[start - 1].whitespace_ and "\n" not in doc[start - 1].whitespace_:  # fmt: skip
        start -= 1
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_:
        tok = doc[end]
        if tok.text == "-" and not tok.whitespace_ and not doc[end - 1].whitespace_ and end + 1 < len(doc) \
                and _name_word(doc[end + 1]):  # fmt: skip
            end += 2
        elif doc[end - 1].whitespace_ and words(start, end + 1) <= _NAME_WORDS and _name_word(tok):
            end += 1
        else:
            break
    if (start, end) != (s0, e0):
        at = doc[s0].idx
        line = d.whole[d.whole.rfind("\n", 0, at) + 1 : (d.whole.find("\n", at) + 1 or len(d.whole) + 1) - 1]
        if not any(w[0].islower() and w not in _HEADLINE_LOWER for w in _WORD_RE.findall(line)):
            return s0, e0
    return start, end


_WORD_RE = re.compile(r"[^\W\d_]{3,}")
# short words a title-case headline leaves in lower case
_HEADLINE_LOWER = frozenset("and the for with from into over amid after than via but nor upon onto".split())


def _listed_names(d: _Doc, taken: set[int], cands: list[_Cand]) -> list[_Cand]:
    """Names in a list of names that the model missed: "— A B, C D and E F —" where C D and
    E F are names, A B (two or three capitalised words outside any entity, after a dash, colon,
    bracket or the list's start) is one too."""
    doc, out = d.doc, []
    starts = {c.start for c in cands}
    for c in cands:
        k = c.start - 1
        if k < 2 or doc[k].text != "," or not any(
                s > c.start and doc[s - 1].lower_ in ("and", ",") for s in starts):  # fmt: skip
            continue  # not a list of two names or more after this one
        j = k
        while j > 0 and k - j < 3 and _name_word(doc[j - 1]) and doc[j - 1].ent_type_ == "" and j - 1 not in taken:
            j -= 1
        if 2 <= k - j <= 3 and j > 0 and doc[j - 1].text in ("—", "–", ":", "(", ",", "-") and not _rejected(doc, j, k):
            taken.update(range(j, k))
            out.append(_candidate(d, j, k))
    return out


def _is_complement(tok) -> bool:
    """A capitalised word that belongs to a title's portfolio ("… of International Relations and
    Cooperation"), not to the name after it."""
    g = gazetteer()
    low = tok.lower_
    return (low in g.title_words or low in g.complements or low in ("of", "for", "and", "the", "to")
            or low.endswith(_COMPLEMENT_SUFFIXES) or tok.text in g.country_of)  # fmt: skip


_COMPLEMENT_SUFFIXES = ("tion", "ment", "ity", "ics", "ance", "ence", "ism", "ships", "ties")


def _name_after(d: _Doc, j: int) -> tuple[int, int, int]:
    """The name in the capitalised words from token ``j``, after any portfolio and honorific:
    (first, end) of the name and where the words stop."""
    g = gazetteer()
    doc, n = d.doc, len(d.doc)
    k, run = j, 0  # run: name words since the last portfolio word
    while k < n and k < j + 12:
        tok = doc[k]
        if tok.text == "-" and not tok.whitespace_ and k > j and not doc[k - 1].whitespace_:
            k += 1  # "Akufo-Addo"
        elif tok.lower_ in _headline_verbs() and tok.text[0].isupper():
            break  # "Foreign Minister Visits La Paz": a headline's verb, no name
        elif _is_complement(tok) or tok.lower_ in g.honorifics:
            if run >= 2:
                break  # a name is complete: "President A B and Prime Minister C D"
            run = 0
            k += 1
        elif (_is_name_token(tok) and not _links(doc, k)) or tok.lower_ in NAME_PARTICLES:
            run += 1
            k += 1
        else:
            break
    first = j
    for i in range(j, k):
        if _is_complement(doc[i]) and doc[i].text != "-":
            first = i + 1
    while first < k - 2 and (doc[first].lower_ in g.honorifics or doc[first].text == "-"):
        first += 1
    end = k
    while end > first and doc[end - 1].text in ("-", "'s", "’s"):
        end -= 1
    return first, end, k


def _title_candidates(d: _Doc, taken: set[int], skip_names: set[str]) -> list[_Cand]:
    """Decides which names follow a title though the model missed them or read title and name
    as one organisation ("Minister of Trade and Industry Ama Osei", "Spokesperson Li Ming"):
    the capitalised words after a title, less its portfolio and any honorific, two to five of
    them; after a comma when the title is set before it ("Director for Asia, Ana Lima, said");
    each of a plural title's names ("Presidents A B and C D")."""
    from .patterns import PLURAL, title_spans  # spaCy is loaded already: there is a Doc

    doc, n = d.doc, len(d.doc)
    cands = []
    for span in title_spans(doc):
        j = span.end
        if j >= n or j in taken:
            continue
        plural = span.label_ == PLURAL
        while j < n:
            first, end, k = _name_after(d, j)
            if end - first < 2 and k < n and doc[k].text == ",":
                f2, e2, k2 = _name_after(d, k + 1)
                if e2 - f2 >= 2 and k2 < n and doc[k2].text == ",":
                    first, end, k = f2, e2, k2
            words = sum(t.text != "-" for t in doc[first:end])
            if (2 <= words <= 5 or words == 1 and first == span.end and _lone_name(doc[first])) \
                    and not any(i in taken for i in range(first, end)) \
                    and not _rejected(doc, first, end) and d.text_of(first, end).lower() not in skip_names:  # fmt: skip
                taken.update(range(first, end))
                cands.append(_candidate(d, first, end))
            if not (plural and k < n and doc[k].lower_ == "and"):
                break
            j = k + 1
    return cands


def _lone_name(tok) -> bool:
    """A single word right after a title that names its holder though the model read it as a
    place or an organisation ("President Darmawan met …"): capitalised, no title, portfolio,
    known place or organisation word, and no capitalised word after it."""
    g = gazetteer()
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.ent_type_ in ("GPE", "ORG") and tok.ent_iob_ == "B" and (nxt is None or nxt.ent_iob_ != "I") \
        and tok.is_alpha and tok.is_title and len(tok.text) >= 3 and not tok.is_stop \
        and tok.lower_ not in g.title_words and tok.lower_ not in g.complements and tok.lower_ not in ORG_WORDS \
        and tok.text not in g.country_of and tok.lower_ not in city_places() and not country_in(tok.text)  # fmt: skip


_SPEAKER = re.compile(r"^[ \t]*((?:[A-Z][A-Z.'’-]*[ \t]+){1,4})([A-Z][A-Z'’-]{2,})[ \t]*:", re.M)


def _speaker_candidates(d: _Doc, taken: set[int]) -> list[_Cand]:
    """Decides which transcript speaker labels name a person: "FOREIGN MINISTER TANAKA:" at the
    start of a line, a title in capitals and then the surname ("QUESTION:" has no title)."""
    g = gazetteer()
    cands = []
    for m in _SPEAKER.finditer(d.whole):
        words = m.group(1).lower().split()
        if not words or not all(w in g.title_words or w in g.modifiers for w in words) \
                or m.group(2).lower() in g.title_words:  # fmt: skip
            continue  # "SECRETARY GENERAL:" is a title alone
        i = int(np.searchsorted(d.starts, m.start(2)))
        if i >= len(d.doc) or i in taken or d.doc[i].text != m.group(2):
            continue
        taken.add(i)
        cands.append(_Cand(i, i + 1, m.group(2), full=False, sentence=d.sentence(i),
                           leading_title=m.group(1).strip().title()))  # fmt: skip
    return cands


def _tail_of(short: str, full: str) -> bool:
    """A two-word double surname written without the given name ("Ama Owusu Mensah", "Owusu Mensah")."""
    a, b = short.split(), full.split()
    return len(a) >= 2 and len(b) > len(a) and b[-len(a):] == a


@lru_cache(maxsize=65536)
def _one_person(a: str, b: str) -> bool:
    """Two full names of an article are one person's (asked for the same pairs again and
    again: an article repeats its names)."""
    return (same_person(a, b) or romanised(a) == romanised(surname(b)) or romanised(b) == romanised(surname(a))
            or _tail_of(a, b) or _tail_of(b, a) or _initials_of(a, b) or _initials_of(b, a))  # fmt: skip


_INITIALS = re.compile(r"((?:[A-Z]\.\s?){1,3})\s*(\S.*)")


def _initials_of(a: str, b: str) -> bool:
    """``a`` writes ``b``'s given names as initials, on the same surname: "S.V. Gromenko" and
    "Sergei Gromenko", "A.N. Voronin" and "Alexei Nikolayevich Voronin"."""
    m = _INITIALS.fullmatch(a)
    if not m or romanised(m.group(2)) != romanised(surname(b)):
        return False
    letters = re.findall(r"[A-Z]", m.group(1))
    firsts = [w[0] for w in b.split()[:-1] if w[0].isupper()]
    n = min(len(letters), len(firsts))
    return n > 0 and letters[:n] == firsts[:n]


def _group_full_names(cands: list[_Cand]) -> list[dict]:
    """Decides which full names in the article are one person (``same_person``, or one name
    printed with and without its hyphen: "Kofi Owusu-Mensah", "Owusu Mensah")."""
    people: list[dict] = []
    for c in cands:
        if not c.full:
            continue
        for i, p in enumerate(people):
            if any(_one_person(c.text, v) for v in p["variants"]):
                c.person = i
                p["variants"].append(c.text)
                break
        else:
            c.person = len(people)
            people.append({"variants": [c.text]})
    return people


def _spelt_as_surname(d: _Doc, surnames: dict[str, list[int]]) -> list[tuple[int, int]]:
    """Token spans spelt as one of ``surnames``. One-token surnames are found by comparing token
    ids, without a Token per token; a surname the tokenizer cuts in pieces ("Asante-Boateng"
    is three tokens) is found in the text and mapped back to its tokens."""
    from spacy.attrs import ORTH  # spaCy is loaded already: there is a Doc

    doc = d.doc
    whole = [s for s in surnames if not _pieces(s)]
    hits = []
    if whole:
        wanted = np.isin(doc.to_array(ORTH), [doc.vocab.strings[s] for s in whole])
        hits = [(int(i), int(i) + 1) for i in np.flatnonzero(wanted)]
    for form in (s for s in surnames if _pieces(s)):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", d.whole):
            span = doc.char_span(m.start(), m.end())
            if span is not None:
                hits.append((span.start, span.end))
    # initials written onto the surname, one token: "S.V.Lavrenko", "K.Mensah"; the pattern of
    # this article's surnames is compiled only where initials run into two letters ("U.S." does not)
    if all(len(s) > 1 and s[:2].isalpha() for s in surnames) and not _INITIALS_ON_LETTERS.search(d.whole):
        return sorted(set(hits))
    glued = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w.])(?:[A-Z]\.){{1,3}}(?:{glued})(?!\w)", d.whole):
        span = doc.char_span(m.start(), m.end())
        if span is not None:
            hits.append((span.start, span.end))
    return sorted(set(hits))


# Initials glued to a word ("S.V.La"): where the pattern of surnames of two letters or more
# above can match at all.
_INITIALS_ON_LETTERS = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,3}[^\W\d_]{2}")


def _pieces(form: str) -> bool:
    """Whether the tokenizer cuts ``form`` (a hyphen, an apostrophe or a space inside it)."""
    return any(ch in form for ch in "-' ’")


def _short_form_candidates(d: _Doc, taken: set[int], surnames: dict[str, list[int]],
                           people: list[dict] = ()) -> list[_Cand]:  # fmt: skip
    """Decides which lone capitalised tokens are a known person's surname ("Chung" read as ORG,
    "MARSUDI:" as a transcript's speaker label, a hyphenated surname the model missed), or the
    two last words of a known full name ("Rojas Vega" of "Ana Luisa Rojas Vega")."""
    doc = d.doc
    g = gazetteer()
    cands = []
    tails: set[str] | None = None
    for start, end in _spelt_as_surname(d, surnames) if surnames else ():
        if taken.intersection(range(start, end)):
            continue
        if start > 0 and start - 1 not in taken and doc[start - 1].text[0].isupper():
            if tails is None:
                tails = {" ".join(v.split()[-2:]) for p in people for v in p["variants"] if len(v.split()) >= 3}
            if d.text_of(start - 1, end) in tails:
                start -= 1  # a second surname before the last one: "Rojas Vega"
        prev = doc[start - 1] if start else None
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and _is_name_token(nxt) and nxt.text not in ("'s",) and nxt.whitespace_ is not None \
                and nxt.text[0].isupper() and nxt.lower_ not in g.title_words:  # fmt: skip
            continue  # part of a longer name
        text = d.text_of(start, end)
        if prev is not None and prev.text[0].isupper() and prev.is_alpha and prev.lower_ not in g.title_words \
                and prev.lower_ not in g.modifiers and not prev.is_sent_start and not prev.is_upper \
                and not _names_a_day(prev.text) and not _GLUED_INITIALS.match(text):  # fmt: skip
            continue  # "Federation S.V.Lavrenko": the initials say where the name starts
        taken.update(range(start, end))
        cands.append(_Cand(start, end, text, full=False, sentence=d.sentence(start)))
    return cands


def _surname_index(people: list[dict]) -> dict[str, list[int]]:
    """Surname as written (and in capitals, as transcripts label speakers; a family name written
    in capitals, "MORINO Kenta", also as "Morino") -> people."""
    surnames: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        for v in p["variants"]:
            last = surname(v)
            for form in {last, last.upper(), last.title() if last.isupper() else last}:
                if i not in surnames.setdefault(form, []):
                    surnames[form].append(i)
    return surnames


def _attach_context(doc, cands: list[_Cand]) -> None:
    """Decides each mention's title and country from what the text attaches to it."""
    for c in cands:
        s0, s1 = c.sentence
        title, country = _left_context(doc, c.start, s0)
        if title is None and c.leading_title:
            title = c.leading_title
        r_title, r_country = _right_context(doc, c.end, s1)
        c.title = _title_cased(title or r_title)
        c.country = country or r_country
    # "U.S. Secretary of State A and Defense Secretary B": B shares A's country; not in "a call
    # between Kenyan President A and King B", where the two are the two sides
    for prev, c in zip(cands, cands[1:], strict=False):
        if c.title and not c.country and prev.country and prev.sentence == c.sentence:
            if re.match(r"^\s*and\s", doc[prev.end : c.start].text) \
                    and not _BETWEEN.search(doc[max(c.sentence[0], prev.start - 8) : prev.start].text):  # fmt: skip
                c.country = prev.country
    _plural_titles(doc, cands)


_BETWEEN = re.compile(r"\bbetween(?:\s+[\w.'’-]+){0,6}\s*$", re.I)


def _title_cased(title: str | None) -> str | None:
    """A title written in capitals (a transcript's "SECRETARY A:") as a headline would print it."""
    if not title or not title.isupper():
        return title
    return " ".join(w.lower() if w.lower() in ("of", "for", "the", "and", "to") else w if len(w) <= 3 else w.capitalize()
                    for w in title.split())  # (an acronym stays: "EAM", "FM")


def _plural_titles(doc, cands: list[_Cand]) -> None:
    """Decides the titles a plural title gives the names it lists: "Presidents A and B" makes A
    and B each a President (a plural title is no title of one person's to the other steps)."""
    from .patterns import PLURAL, title_spans  # spaCy is loaded already: there is a Doc

    spans = {span.end: span for span in title_spans(doc) if span.label_ == PLURAL}
    if not spans:
        return
    listed: str | None = None
    sides: list[str] = []
    previous: _Cand | None = None
    for c in cands:
        if c.start in spans:
            listed, sides = spans[c.start].text[:-1], _paired_countries(doc, spans[c.start].start, c.sentence[0])
        elif not (listed and previous and previous.sentence == c.sentence
                  and re.fullmatch(r"\s*(?:,|,?\s*and)\s*", doc[previous.end : c.start].text)):  # fmt: skip
            listed, sides = None, []
        if listed and (c.title is None or c.title.lower() == listed.lower() + "s"):
            c.title = listed
        if listed and sides:  # "U.S. and Chinese Presidents A and B": A the first's, B the second's
            c.country = sides.pop(0)
        previous = c


_PAIRED = re.compile(r"(?:^|\s)([\w.'’ -]+?)\s+and\s+([\w.'’-]+(?:\s[\w.'’-]+)?)\s*$")


def _paired_countries(doc, title_start: int, sent_start: int) -> list[str]:
    """The two countries written as adjectives before a plural title ("U.S. and Chinese
    Presidents", "Chile's and Peru's foreign ministers"), in order; none if not two."""
    m = _PAIRED.search(doc[max(sent_start, title_start - 6) : title_start].text)
    if not m:
        return []
    first, second = country_in(" ".join(m.group(1).split()[-2:])), country_in(m.group(2))
    return [first, second] if first and second and first != second else []


def _names_a_day(word: str) -> bool:
    """A weekday or a month ("On Tuesday Lunde spoke": no given name before the surname)."""
    return word.lower() in WEEKDAYS or month_number(word) is not None


_GLUED_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}(?=\w)")


def _resolve_short_forms(cands: list[_Cand], people: list[dict], surnames: dict[str, list[int]]) -> None:
    """Decides whose each one-word mention is: the person with that surname (by title, then the
    nearest full mention before), or a titled person the article never names in full."""
    # a given name or middle part that only one person in the article has ("Srettha", "Lula")
    owners: dict[str, set[int]] = {}
    for i, p in enumerate(people):
        for v in p["variants"]:
            for part in v.split():
                if len(part) > 2 and part[0].isupper() and part.lower() not in NAME_PARTICLES:
                    owners.setdefault(part, set()).add(i)
    parts = {k: list(v) for k, v in owners.items() if len(v) == 1}
    last_seen: dict[int, int] = {}
    for c in cands:
        if c.full:
            last_seen[c.person] = c.start
            continue
        options = surnames.get(c.text) or surnames.get(_GLUED_INITIALS.sub("", c.text)) \
            or surnames.get(c.text.rpartition(" ")[2]) or parts.get(c.text, [])  # "Rojas Vega": by its last word
        if not options:
            if c.title and c.title.split()[-1].lower() in gazetteer().title_words:
                c.person = len(people)  # "President Xi" with no full name in the article
                people.append({"variants": [c.text]})
                surnames.setdefault(c.text, []).append(c.person)
                last_seen[c.person] = c.start
            continue
        chosen = None
        if len(options) > 1 and c.title:
            head = c.title.split()[-1].lower()
            by_title = [i for i in options if any(
                x.title and head in x.title.lower() for x in cands if x.person == i and x.full)]  # fmt: skip
            if len(by_title) == 1:
                chosen = by_title[0]
        if chosen is None:
            before = [i for i in options if i in last_seen]
            chosen = max(before, key=lambda i: last_seen[i]) if before else options[0]
        c.person = chosen
        last_seen[chosen] = c.start


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
    r"|[^\n]{0,80}\bcontributed(?:[ \t]+(?:additional|further))?[ \t]+(?:reporting|to[ \t]+(?:this|the)[ \t]+(?:report|story))\.?"
    r")[ \t]*$"
    r"|[(\[][\w&.' -]{2,40}/[^\n()\[\]/]{2,60}[)\]]",  # a photo credit "(Agency/Name)"
    re.M | re.I,
)
_NOT_OFFICIAL_TITLE = re.compile(
    r"\b(?:firm|company|start-?up|corporation|conglomerate|chief executive|ceo|founder|investor|analyst|"
    r"professor|researcher|scholar|journalist|reporter|correspondent|editor|photographer|columnist|economist|"
    r"strategist|banker|historian)\b", re.I)


def _alone_on_line(d: _Doc, c: _Cand) -> bool:
    """The mention is a whole line by itself, with no title: a widget ("Stay Connected"), not a story."""
    a = d.doc[c.start].idx
    b = a + len(c.text)
    line_start = d.whole.rfind("\n", 0, a) + 1
    line_end = d.whole.find("\n", b)
    line = d.whole[line_start : len(d.whole) if line_end < 0 else line_end]
    return c.title is None and line.strip() == c.text


def _not_officials(d: _Doc, cands: list[_Cand], people: list[dict]) -> set[int]:
    """Decides which people are not officials of this article: every mention in site chrome
    (a related-headline list, a credit line), or only titles of business and the press, or
    named in the headline only, with no word of the name in the body: a title-case headline's
    words the model took for a name ("… Chiefs to Sign Access Pact")."""
    drop = set()
    body_start = d.doc.user_data.get(BODY_START, 0)
    for i in range(len(people)):
        mine = [c for c in cands if c.person == i]
        if not mine:
            continue
        in_chrome = [d.in_chrome(c) or _alone_on_line(d, c) for c in mine]
        titles = [c.title for c in mine if c.title]
        if all(in_chrome) or (titles and all(_NOT_OFFICIAL_TITLE.search(t) for t in titles)):
            drop.add(i)
        elif body_start and _title_case(d.whole[:body_start]) and all(d.doc[c.start].idx < body_start for c in mine) and not any(
                re.search(rf"\b{re.escape(w)}\b", d.whole[body_start:])
                for c in mine for w in re.findall(r"[^\W\d_]{3,}", c.text)):  # fmt: skip
            drop.add(i)
    return drop


def _title_case(headline: str) -> bool:
    """Whether a headline is set in title case (most words capitalised), where the model takes
    capitalised common words for names; a sentence-case headline's names are names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", headline) if len(w) > 3]
    return bool(words) and sum(w[0].islower() for w in words) <= len(words) // 10


_ACCOMPANIED = re.compile(r"\baccompanied\b(\s+by\b)?", re.I)
_CLAUSE_END = re.compile(r"\bwhile\b|\bwhereas\b|;")


def _delegations(d: _Doc, cands: list[_Cand]) -> dict[int, int]:
    """Decides who travels in whose delegation, a country the text attaches by the relation:
    "A was accompanied by Foreign Minister B" and "B accompanied A" make B of A's side.
    Returns member person -> leader person."""
    doc, whole = d.doc, d.whole
    by_sentence: dict[tuple[int, int], list[_Cand]] = {}
    for c in cands:
        if c.person is not None:
            by_sentence.setdefault(c.sentence, []).append(c)
    side: dict[int, int] = {}
    previous: _Cand | None = None  # who "He was accompanied by" means: the previous sentence's first name
    for sent, mine in sorted(by_sentence.items()):
        s0, s1 = d.sent_chars.get(sent) or (doc[sent[0]].idx, doc[sent[1] - 1].idx + len(doc[sent[1] - 1]))
        text = whole[s0:s1]
        for m in _ACCOMPANIED.finditer(text):
            at = s0 + m.start()
            before = [c for c in mine if doc[c.start].idx < at]
            stop = _CLAUSE_END.search(text, m.end())
            limit = s0 + (stop.start() if stop else len(text))
            after = [c for c in mine if at < doc[c.start].idx < limit]
            if m.group(1):  # passive: the leader before, the members after
                leader = before[-1] if before else (previous if re.match(r"\s*(?:he|she)\b", text, re.I) else None)
                members = [c for c in after if c.title]
            else:  # active: the members before, the leader after
                leader = after[0] if after else None
                members = [c for c in before if c.title]
            for c in members:
                if leader is not None and c.person != leader.person:
                    side.setdefault(c.person, leader.person)
        previous = mine[0] if mine else previous  # the sentence's subject, as a rule its first name
    return side


# ------------------------------------------------------------------ countries by reference

# "the Brazilian leader", "the Kremlin leader": a nationality on a head-of-state word with no name after it
_DESCRIBED_LEADER = re.compile(
    r"\b[Tt]he\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+"
    r"(?i:leader|president|prime\s+minister|premier|chancellor|head\s+of\s+(?:state|government))\b(?!\s+[A-Z])"
)
_FORMER = re.compile(r"\s*(?:former|ex-|late|then|erstwhile)\b", re.I)


def _mentions_at(d: _Doc, cands: list[_Cand], key_of: dict[int, int]) -> dict[int, list[int]]:
    """Person key -> the character offsets of the person's mentions, in order."""
    at: dict[int, list[int]] = {}
    for c in cands:
        k = key_of.get(c.person)
        if k is not None:
            at.setdefault(k, []).append(d.doc[c.start].idx)
    return at


_BACK = 3  # sentences an anaphor reaches back


def _described_leaders(d: _Doc, cands: list[_Cand], people: list[Person], key_of: dict[int, int]) -> None:
    """Decides the country of the leader "the <Nationality> leader" refers back to: the one
    head of state or government named in the sentences just before it who has no country yet,
    when no head already has that country ("A met B ... The Brazilian leader plans to
    travel": the unattached one of A and B is Brazil's). Two unattached heads, or a former one
    among them, leave it open."""
    at = None
    for m in _DESCRIBED_LEADER.finditer(d.whole):
        country = country_in(m.group(1))
        if not country or any(p.country == country and title_level(p.title) == "summit" for p in people):
            continue
        at = at or _mentions_at(d, cands, key_of)
        starts = sorted(a for a, _ in d.sent_chars.values())
        here = bisect_right(starts, m.start())
        since = starts[max(0, here - 1 - _BACK)] if starts else 0
        heads = [p for p in people if title_level(p.title) == "summit" and not p.country
                 and any(since <= a < m.start() for a in at.get(p.key, ()))]  # fmt: skip
        if len(heads) == 1 and not _FORMER.match(heads[0].title or ""):
            heads[0].country = country


# a government body the text names; its country is written before it ("Seoul's foreign ministry",
# "the U.S. State Department") or after it ("the Foreign Ministry in Seoul")
_BODY = re.compile(r"\b(ministry|department)\b", re.I)
_BODY_WHERE = re.compile(r"\s+(?:in|of)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
_CUT = re.compile(r"[,;:!?\"“”()\[\]\n]")
# a person placed at a body without its country: "A, a vice minister at the foreign ministry"
# (an apposition only: "A held talks at the foreign ministry" may be a visitor's)
_AT_BODY = re.compile(r"\s*,\s*(?:the|a|an)\s+[^,;]*?\b(?:at|of|in|from)\s+the\s+(?:[A-Za-z]+\s+)?(ministry|department)\b",
                      re.I)
_SPOKESPERSON = {"spokesperson", "spokesman", "spokeswoman"}


def _bodies(whole: str) -> list[tuple[int, str, str]]:
    """(offset, "ministry" or "department", country) of each government body the text gives a country."""
    out = []
    for m in _BODY.finditer(whole):
        words = _CUT.split(whole[max(0, m.start() - 40) : m.start()])[-1].split()
        # a word ending a sentence ("Wednesday.", "Korea.") stops the look back; an abbreviation ("U.S.") does not
        ends = [i for i, w in enumerate(words) if w.endswith(".") and any(ch.islower() for ch in w)]
        words = words[ends[-1] + 1 :] if ends else words
        country = country_in(" ".join(words[-3:])) if words else None
        if not country and (where := _BODY_WHERE.match(whole, m.end())):
            country = country_in(where.group(1))
        if country:
            out.append((m.start(), m.group(1).lower(), country))
    return out


def _institution_countries(d: _Doc, cands: list[_Cand], people: list[Person], key_of: dict[int, int]) -> None:
    """Decides the country of an official the text places at a body it names without a country
    ("department spokesman A", "A, a deputy minister at the foreign ministry") when every body of
    that kind the article gives a country is of one country; and of a bare spokesperson
    ("Spokesperson A said") when the same or the previous sentence names a body of one country."""
    bodies: list[tuple[int, str, str]] | None = None
    sentences = sorted(d.sent_chars.values())
    for c in cands:
        k = key_of.get(c.person)
        if k is None or people[k].country:
            continue
        title = (c.title or "").lower()
        head = next((w for w in ("ministry", "department") if re.search(rf"\b{w}\b", title)), None)
        at = d.doc[c.end - 1].idx + len(d.doc[c.end - 1])
        s0, s1 = d.sent_chars.get(c.sentence) or (d.doc[c.sentence[0]].idx, len(d.whole))
        if head is None and (m := _AT_BODY.match(d.whole, at, s1)):
            head = m.group(1).lower()
        if head is None and title not in _SPOKESPERSON:
            continue
        bodies = _bodies(d.whole) if bodies is None else bodies
        if head is not None:
            found = {country for _, h, country in bodies if h == head}
        else:  # the body the spokesperson speaks for: named in this sentence or the one before
            before = [a for a, _ in sentences if a < s0]
            lo = before[-1] if before else s0
            found = {country for pos, _, country in bodies if lo <= pos < s1}
        if len(found) == 1:
            people[k].country = found.pop()


def _records(d: _Doc, cands: list[_Cand], people: list[dict], drop: set[int]) -> tuple[list[Person], list[Mention]]:
    """One Person per person (the fullest, most frequent name; first title, or a fuller
    form of it; most attached country) and one Mention per mention."""
    doc, whole = d.doc, d.whole
    body_start = doc.user_data.get(BODY_START, 0)
    out_people: list[Person] = []
    mentions: list[Mention] = []
    for i in range(len(people)):
        mine = [c for c in cands if c.person == i]
        if not mine or i in drop:
            continue
        fulls = [c.text for c in mine if c.full] or [c.text for c in mine]
        name = max(fulls, key=lambda v: (fulls.count(v), len(v)))
        # in the order written, so that a tie goes to the first form, whatever the hash seed
        same_shape = list(dict.fromkeys(v for v in fulls if len(v.split()) == len(name.split())))
        if family_first(name) is False and len(same_shape) > 1:
            # prefer the formal given name ("Antony" over "Tony") when spellings differ
            name = max(same_shape, key=lambda v: (len(v.split()[0]), fulls.count(v)))
        titles = [(c.title, doc[c.start].idx >= body_start) for c in mine if c.title]
        countries = Counter(c.country for c in mine if c.country)
        variants = list(dict.fromkeys(c.text for c in mine))
        out_people.append(Person(key=len(out_people), name=name, variants=variants,
                                 title=body_title(titles),
                                 country=countries.most_common(1)[0][0] if countries else None))  # fmt: skip
        for c in mine:
            s0, s1 = c.sentence
            c0, c1 = d.sent_chars.get((s0, s1)) or (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1]))
            mentions.append(Mention(person=out_people[-1].key, start=doc[c.start].idx,
                                    end=doc[c.end - 1].idx + len(doc[c.end - 1].text), text=c.text,
                                    sentence=whole[c0:c1].strip(), title=c.title, country=c.country))  # fmt: skip
    key_of = {i: k for k, i in enumerate(i for i in range(len(people)) if any(c.person == i for c in cands)
                                         and i not in drop)}  # fmt: skip
    _described_leaders(d, cands, out_people, key_of)
    _institution_countries(d, cands, out_people, key_of)
    # a delegation member without an attached country is of the leader's side (after the steps
    # above: "The Brazilian leader" gives the leader a country the members then share)
    for member, leader in _delegations(d, cands).items():
        m, lead = key_of.get(member), key_of.get(leader)
        if m is not None and lead is not None and not out_people[m].country and out_people[lead].country:
            out_people[m].country = out_people[lead].country
    mentions.sort(key=lambda m: m.start)
    return out_people, mentions


def find_officials(doc, byline: str | None = None) -> tuple[list[Person], list[Mention]]:
    """The people named in ``doc`` and each of their mentions, with titles and countries."""
    d = _prepare(doc)
    skip_names = {byline.lower()} if byline else set()
    taken: set[int] = set()
    cands = _entity_candidates(d, taken, skip_names)
    cands += _listed_names(d, taken, cands)
    cands += _title_candidates(d, taken, skip_names)
    cands += _speaker_candidates(d, taken)
    # a name in a related-headline list or a credit line is not a mention of this story
    cands = sorted((c for c in cands if not d.in_chrome(c)), key=lambda c: c.start)
    people = _group_full_names(cands)
    surnames = _surname_index(people)
    cands += [c for c in _short_form_candidates(d, taken, surnames, people) if not d.in_chrome(c)]
    cands.sort(key=lambda c: c.start)
    _attach_context(doc, cands)
    _resolve_short_forms(cands, people, surnames)
    return _records(d, cands, people, _not_officials(d, cands, people))
