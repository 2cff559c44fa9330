"""Stage 2, titles: the title (and the country it names) written before a name, in an
apposition after it, or by a plural title over a list of names."""

from __future__ import annotations

import re

from ..gazetteer import gazetteer
from .base import (
    _COMPLEMENT_SUFFIXES,
    _LINKS,
    _Cand,
    _is_complement,
    _portfolio,
    country_in,
    implied_country,
)
from .countries import _of_country, _paired_countries

STOP_TITLE_RIGHT = {"at", "who", "which", "that", "said", "says", "in", "on", "told", "has", "had",
                    "was", "is", "will", "would", "and"}


def _chain_start(doc, end: int, sent_start: int) -> int:
    """Where the run of premodifiers ending before token ``end`` starts: title words, modifiers,
    capitalised words, possessives and the joiners of a title ("of", "for", "the"). Punctuation
    other than a hyphen inside a word ends it, so a dateline ("BEIJING – President …") or a
    clause before a comma never lends its place to the name."""
    g = gazetteer()
    i = end - 1
    while i >= sent_start and i >= end - 20:
        tok = doc[i]
        t, low = tok.text, tok.lower_
        if low in ("'s", "’s", "'", "’", "(", ")") or low in g.title_words or low in g.modifiers:
            i -= 1
        elif low in g.complements and low != "and" and tok.is_lower:
            i -= 1  # a portfolio written in lower case: "foreign policy chief"
        elif t == "-" and not tok.whitespace_ and i > sent_start and not doc[i - 1].whitespace_:
            i -= 1  # "Vice-Minister", "Secretary-General"
        elif t == "," and i > sent_start and i + 1 < end and doc[i + 1].text[:1].isupper() \
                and _portfolio(doc[i + 1]) and _portfolio(doc[i - 1]) and doc[i - 1].text[:1].isupper():
            i -= 1  # a portfolio's list: "Minister of Labour, Health and Welfare"
        elif t[0].isupper() and (tok.is_alpha or "." in t or "-" in t or "'" in t) and low not in _LINKS:
            i -= 1
        elif low == "to" and i + 1 < end and (doc[i + 1].text[0].isupper() or doc[i + 1].lower_ == "the"
                                               and i + 2 < end and doc[i + 2].text[0].isupper()):
            i -= 1  # "Ambassador to Japan", "Head of the Delegation to the Contact Group"
        elif low == "and" and i > sent_start and i + 1 < end \
                and (doc[i + 1].text[0].isupper() or doc[i + 1].lower_ == "the") \
                and (doc[i - 1].lower_ in g.complements or doc[i - 1].lower_.endswith(_COMPLEMENT_SUFFIXES)
                     or doc[i - 1].lower_ in g.title_words and doc[i - 1].text[0].isupper()):
            i -= 1  # a portfolio: "Minister of Water and Fisheries"; two offices: "Crown Prince and Prime Minister"
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
            and words[k - 1].lower_ not in _NOT_PORTFOLIO and not country_in(words[k - 1].text):
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
    while start > sent_start and doc[start - 1].text in _POST_NOMINALS and doc[start - 1].is_upper:
        start -= 1  # "… to the Contact Group MP Ana Lima": letters of a member, between title and name
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
                            "PhD", "Ph.D.", "Jr", "Jr.", "Sr", "Sr."})


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
            and (doc[k].lower_ not in STOP_TITLE_RIGHT or _portfolio_and(doc, k, j, sent_end)):
        k += 1
    text = doc[j:k].text
    m = g.title_re.search(text)
    if not m or j >= k:
        return None, None
    lead = doc[j]
    if lead.text[0].islower() and lead.lower_ not in g.title_words and lead.lower_ not in g.modifiers \
            and lead.text not in g.country_of:
        return None, None  # "A, met Syrian President B": a clause, not an appositive
    prefix = text[: m.start()]
    if len(prefix.split()) > 4:
        return None, None
    rest = text[m.end():].split()
    i = 0
    while i < len(rest) and (rest[i] in ("of", "for", "to", "the", "and") or any(ch.isupper() for ch in rest[i])):
        i += 1  # the title's own "of the Republic of Valdora"
    if m.group(0)[:1].isupper() and i < len(rest) and _clause_word(rest[i], g):
        # "A, the President of Valdora replied …": a verb right after a capitalised title makes
        # the phrase the subject of a clause, not an apposition (which writes its title in lower
        # case, "A, head of a small firm, said", or closes it: "A, President of Valdora, said")
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


def _clause_word(word: str, g) -> bool:
    """A lower-case word that no title holds (a verb, an object): after a title it ends the apposition."""
    low = word.lower().strip("'’")
    return word[:1].islower() and low not in g.title_words and low not in g.modifiers and low not in g.complements \
        and low not in ("of", "the", "for", "and", "to", "in", "on", "at", "with", "a", "an") and not low.endswith("'s")


def _attach_context(doc, cands: list[_Cand]) -> None:
    """Decides each mention's title and country from what the text attaches to it."""
    for c in cands:
        if c.mirror:
            continue
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
                    and not _BETWEEN.search(doc[max(c.sentence[0], prev.start - 8) : prev.start].text):
                c.country = prev.country
    _plural_titles(doc, cands)


_BETWEEN = re.compile(r"\bbetween(?:\s+[\w.'’-]+){0,6}\s*$", re.I)


def _title_cased(title: str | None) -> str | None:
    """A title written in capitals (a transcript's "SECRETARY A:") as a headline would print it."""
    if not title or not title.isupper():
        return title
    small = ("of", "for", "the", "and", "to")
    return " ".join(w.lower() if w.lower() in small else w if len(w) <= 3 else w.capitalize()
                    for w in title.split())  # (an acronym stays: "EAM", "FM")


def _plural_titles(doc, cands: list[_Cand]) -> None:
    """Decides the titles a plural title gives the names it lists: "Presidents A and B" makes A
    and B each a President (a plural title is no title of one person's to the other steps)."""
    from ..patterns import PLURAL, title_spans  # spaCy is loaded already: there is a Doc

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
                  and re.fullmatch(r"\s*(?:,|,?\s*and)\s*", doc[previous.end : c.start].text)):
            listed, sides = None, []
        if listed and (c.title is None or c.title.lower() == listed.lower() + "s"):
            c.title = listed
        if listed and sides:  # "U.S. and Chinese Presidents A and B": A the first's, B the second's
            c.country = sides.pop(0)
        previous = c
