"""Stage 1, spans: which token spans of a doc name a person (model entities, names after a
title, listed names, speaker labels, known surnames), trimmed of titles and glued words, and
which are not officials (places, groups, site chrome, business titles)."""

from __future__ import annotations

import re

import numpy as np

from ..gazetteer import city_places, gazetteer, outlets
from .base import (
    _STYLES,
    BODY_START,
    NAME_PARTICLES,
    ORG_WORDS,
    _Cand,
    _candidate,
    _Doc,
    _Group,
    _headline_verbs,
    _is_complement,
    _is_name_token,
    _line_of,
    _links,
    _names_a_day,
    _portfolio,
    _title_case,
    country_in,
    doc_ents,
    rule_words,
)


def _clean_span(doc, start: int, end: int) -> tuple[int, int, str | None]:
    """Trim title words, possessives and punctuation off an entity; extend over hyphenated tails."""
    g = gazetteer()
    leading: list[str] = []
    while start < end and (doc[start].lower_ in g.title_words or doc[start].lower_ in g.modifiers
                           or doc[start].text in g.country_of or doc[start].lower_ == "the"
                           or (doc[start].lower_ in g.honorifics
                               and (end - start > 2 or doc[start].lower_ in _STYLES))):
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
    if bare.lower() in city_places():
        return True  # "Nizhny Novgorod"
    if end < len(doc) and doc[end].lower_ in _VENUES:
        return True  # "the Alder Hill residence", "the Vell Bay memorial": a place named after a name
    if start > 0 and doc[start - 1].text in ("the", "The") \
            and not (end < len(doc) and doc[end].lower_ in _TENURE):
        return True  # "the Lomond Group", "the Harlow Five": a name with an article is no person's
    caps = [t for t in span if t.is_upper and len(t.text) > 1 and t.text.isalpha()]
    initials = len(span) >= 3 and caps == [span[0]] and len(span[0].text) <= 3  # "AK Abdul Momen"
    if caps and not initials and (len(caps) > 1 or len(span) == 1 or len(caps[0].text) < 3):
        return True  # acronyms (NATO, ROK) are not personal names; "TANAKA Hana" is one
    return not all(_is_name_token(t) or t.text in "-'’" or (start < t.i < end - 1 and t.lower_ in NAME_PARTICLES)
                   for t in span)


# words after a name that make it a place's: "the Alder Hill residence"
_VENUES = rule_words("not-a-name/venue-after")


# a leader's name used for the leader's government: "the Ada Kell administration" names her
_TENURE = rule_words("not-a-name/article-before-except")


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
    headline_names = not _title_case(d.whole[:body_start])  # a sentence-case headline is read as prose
    for ent_start, ent_end in spans:
        start, end, leading = _clean_span(d.doc, ent_start, ent_end)
        if start < end and (d.doc[start].idx >= body_start or headline_names):
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
        cands.extend(_unglued(d, start, end, leading))
    return cands


# a name run together with the title of the label after it ("…SauliPresident of …"): the
# scrape lost the break between a transcript's speaker label and the next one
_GLUED_TITLE = re.compile(r"^(.*[a-z\u00DF-\u00FF])([A-Z][a-z]+)$")


def _glued_title(tok) -> int:
    """How many characters at the end of ``tok`` are a title word glued onto a name (0 if none)."""
    m = _GLUED_TITLE.match(tok.text)
    if not m or len(m.group(1)) < 2:
        return 0
    g = gazetteer()
    tail = m.group(2).lower()
    return len(m.group(2)) if tail in g.title_words or tail in g.modifiers else 0


def _mirror(d: _Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """A name followed by itself in reverse order in tokens ``start:end`` (a scrape's
    run-together speaker label "A B B A", its end glued to the next label's title): the token
    where the second form starts, the end of the span and the second form's text; None if the
    span is not one."""
    doc = d.doc
    cut = 0
    for i in range(start, end):
        if (cut := _glued_title(doc[i])) and doc[i].text[:-cut].isalpha():
            end = i + 1
            break
    text = d.text_of(start, end)
    text = text[: len(text) - cut] if cut else text
    words = text.split()
    half = len(words) // 2
    if len(words) < 4 or len(words) % 2 or words[half:] != words[:half][::-1]:
        return None
    at = doc[start].idx + text.index(" ".join(words[half:]), len(" ".join(words[:half])))
    mid = next((i for i in range(start, end) if doc[i].idx == at), None)
    return (mid, end, text[at - doc[start].idx :]) if mid is not None else None


def _unglued(d: _Doc, start: int, end: int, leading: str | None) -> list[_Cand]:
    """The mention(s) in tokens ``start:end``: one, or the two forms of a mirrored name (see
    ``_mirror``); the second form takes no title or country from what stands before it."""
    halves = _mirror(d, start, end)
    if halves is None:
        return [_candidate(d, start, end, leading)]
    mid, end, text = halves
    second = _candidate(d, mid, end)
    second.text, second.mirror = text, True
    return [_candidate(d, start, mid, leading), second]


_NAME_WORDS = 5  # the most words a name is extended to


def _name_word(tok) -> bool:
    """A word that may continue a name the model cut short: a capitalised word (in a body's
    sentence: not its first) outside any other entity (or in a one-word one the gazetteers do
    not know as a place: the model reads some surnames as places), not a title, link, stop
    or organisation word, and no abbreviation ("Jr.", "MP")."""
    g = gazetteer()
    if tok.is_sent_start or not _is_name_token(tok) or tok.is_stop or tok.lower_ in g.title_words \
            or tok.text.endswith(".") or (tok.is_upper and len(tok.text) <= 3) \
            or tok.lower_ in g.honorifics or tok.lower_ in ORG_WORDS or tok.text in g.country_of:
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
            and doc[start - 1].whitespace_ and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    # a hyphenated given name the model cut at its hyphen: "Ana-" of "[Ana-]Maria Velt"
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and _name_word(doc[start - 2]):
        start -= 2
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_:
        tok = doc[end]
        if tok.text == "-" and not tok.whitespace_ and not doc[end - 1].whitespace_ and end + 1 < len(doc) \
                and _name_word(doc[end + 1]):
            end += 2
        elif doc[end - 1].whitespace_ and words(start, end + 1) <= _NAME_WORDS and _name_word(tok):
            end += 1
        else:
            break
    if (start, end) != (s0, e0):
        at = doc[s0].idx
        line = d.whole[d.whole.rfind("\n", 0, at) + 1 : (d.whole.find("\n", at) + 1 or len(d.whole) + 1) - 1]
        if _title_case(line):
            return s0, e0
    return start, end


def _listed_names(d: _Doc, taken: set[int], cands: list[_Cand]) -> list[_Cand]:
    """Names in a list of names that the model missed: "— A B, C D and E F —" where C D and
    E F are names, A B (two or three capitalised words outside any entity, after a dash, colon,
    bracket or the list's start) is one too."""
    doc, out = d.doc, []
    starts = {c.start for c in cands}
    for c in cands:
        k = c.start - 1
        if k < 2 or doc[k].text != "," or not any(
                s > c.start and doc[s - 1].lower_ in ("and", ",") for s in starts):
            continue  # not a list of two names or more after this one
        j = k
        while j > 0 and k - j < 3 and _name_word(doc[j - 1]) and doc[j - 1].ent_type_ == "" and j - 1 not in taken:
            j -= 1
        if 2 <= k - j <= 3 and j > 0 and doc[j - 1].text in ("—", "–", ":", "(", ",", "-") and not _rejected(doc, j, k):
            taken.update(range(j, k))
            out.append(_candidate(d, j, k))
    return out


def _name_after(d: _Doc, j: int) -> tuple[int, int, int]:
    """The name in the capitalised words from token ``j``, after any portfolio and honorific:
    (first, end) of the name and where the words stop."""
    g = gazetteer()
    doc, n = d.doc, len(d.doc)
    k, run = j, 0  # run: name words since the last portfolio word
    while k < n and k < j + 16:
        tok = doc[k]
        if tok.text == "-" and not tok.whitespace_ and k > j and not doc[k - 1].whitespace_:
            k += 1  # "Akufo-Addo"
        elif tok.lower_ in _headline_verbs() and tok.text[0].isupper():
            break  # "Foreign Minister Visits La Paz": a headline's verb, no name
        elif tok.text == "," and run == 0 and k > j and _portfolio(doc[k - 1]) and k + 1 < n \
                and doc[k + 1].text[:1].isupper() and _portfolio(doc[k + 1]):
            k += 1  # a portfolio's list: "Minister of Labour, Health and Welfare A"
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
    from ..patterns import PLURAL, title_spans  # spaCy is loaded already: there is a Doc

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
            if words > 5 and (halves := _mirror(d, first, end)):
                words = sum(t.text != "-" for t in doc[first:halves[1]])
            if (2 <= words <= 5 or words == 1 and first == span.end and _lone_name(doc[first])) \
                    and not any(i in taken for i in range(first, end)) \
                    and not _rejected(doc, first, end) and d.text_of(first, end).lower() not in skip_names:
                taken.update(range(first, end))
                cands.extend(_unglued(d, first, end, None))
            if not (plural and k < n and doc[k].lower_ == "and"):
                break
            j = k + 1
    return cands


def _lone_name(tok) -> bool:
    """A single word right after a title that names its holder though the model read it as a
    place or an organisation ("President Darmawan met …"), or as nothing at all, outside a
    title-case line ("talks with Chancellor Ebberle on"): capitalised, no title, portfolio,
    known place or organisation word, and no capitalised word after it."""
    g = gazetteer()
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    untagged = tok.ent_type_ == "" and not tok.is_sent_start and (nxt is None or not nxt.text[:1].isupper()) \
        and not _title_case(_line_of(tok))
    lone_entity = tok.ent_type_ in ("GPE", "ORG") and tok.ent_iob_ == "B" and (nxt is None or nxt.ent_iob_ != "I")
    return (untagged or lone_entity) \
        and tok.is_alpha and tok.is_title and len(tok.text) >= 3 and not tok.is_stop \
        and tok.lower_ not in g.title_words and tok.lower_ not in g.complements and tok.lower_ not in ORG_WORDS \
        and tok.text not in g.country_of and tok.lower_ not in city_places() and not country_in(tok.text)


_SPEAKER = re.compile(r"^[ \t]*((?:[A-Z][A-Z.'’-]*[ \t]+){1,4})([A-Z][A-Z'’-]{2,})[ \t]*:", re.M)


def _speaker_candidates(d: _Doc, taken: set[int]) -> list[_Cand]:
    """Decides which transcript speaker labels name a person: "FOREIGN MINISTER TANAKA:" at the
    start of a line, a title in capitals and then the surname ("QUESTION:" has no title)."""
    g = gazetteer()
    cands = []
    for m in _SPEAKER.finditer(d.whole):
        words = m.group(1).lower().split()
        if not words or not all(w in g.title_words or w in g.modifiers for w in words) \
                or m.group(2).lower() in g.title_words:
            continue  # "SECRETARY GENERAL:" is a title alone
        i = int(np.searchsorted(d.starts, m.start(2)))
        if i >= len(d.doc) or i in taken or d.doc[i].text != m.group(2):
            continue
        taken.add(i)
        cands.append(_Cand(i, i + 1, m.group(2), full=False, sentence=d.sentence(i),
                           leading_title=m.group(1).strip().title()))
    return cands


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
                           people: list[_Group] = ()) -> list[_Cand]:
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
                tails = {" ".join(v.split()[-2:]) for p in people for v in p.variants if len(v.split()) >= 3}
            if d.text_of(start - 1, end) in tails:
                start -= 1  # a second surname before the last one: "Rojas Vega"
        prev = doc[start - 1] if start else None
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and _is_name_token(nxt) and nxt.text not in ("'s",) and nxt.whitespace_ is not None \
                and nxt.text[0].isupper() and nxt.lower_ not in g.title_words:
            continue  # part of a longer name
        text = d.text_of(start, end)
        if prev is not None and prev.text[0].isupper() and prev.is_alpha and prev.lower_ not in g.title_words \
                and prev.lower_ not in g.modifiers and not prev.is_sent_start and not prev.is_upper \
                and not _names_a_day(prev.text) and not _GLUED_INITIALS.match(text):
            continue  # "Federation S.V.Lavrenko": the initials say where the name starts
        taken.update(range(start, end))
        cands.append(_Cand(start, end, text, full=False, sentence=d.sentence(start)))
    return cands


_GLUED_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}(?=\w)")
_NOT_OFFICIAL_TITLE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(rule_words("not-an-official/business-or-press-title"),
                                            key=len, reverse=True))
    + r")\b", re.I)


def _alone_on_line(d: _Doc, c: _Cand) -> bool:
    """The mention is a whole line by itself, with no title: a widget ("Stay Connected"), not a story."""
    a = d.doc[c.start].idx
    b = a + len(c.text)
    line_start = d.whole.rfind("\n", 0, a) + 1
    line_end = d.whole.find("\n", b)
    line = d.whole[line_start : len(d.whole) if line_end < 0 else line_end]
    return c.title is None and line.strip() == c.text


def _not_officials(d: _Doc, cands: list[_Cand], people: list[_Group]) -> set[int]:
    """Decides which people are not officials of this article: every mention in site chrome
    (a related-headline list, a credit line), or only titles of business and the press, or
    named in the headline only, with no word of the name in the body and no title, in a
    title-case headline: words the model took for a name ("… Chiefs to Sign Access Pact").
    A sentence-case headline's names ("On Monday, A will meet President B") are people, and
    so are a headline's titled names ("Statement by Press Secretary A on …")."""
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
        elif body_start and all(d.doc[c.start].idx < body_start for c in mine) and not any(
                re.search(rf"\b{re.escape(w)}\b", d.whole[body_start:])
                for c in mine for w in re.findall(r"[^\W\d_]{3,}", c.text)) \
                and not titles and _title_case(d.whole[:body_start]):
            drop.add(i)
    return drop
