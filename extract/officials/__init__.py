"""Officials in one article: people the model finds, cleaned, titled, placed in a country, grouped.

The stages, each a module deciding one thing and passing typed records (``base``): ``spans``
(which token spans name a person, and which people are no officials), ``titles`` (the title
attached to each mention), ``countries`` (the state served, from what the text says beyond the
mention), ``references`` (which mentions are one person, and titles given by role). This
module runs them in order and writes the ``Person`` and ``Mention`` records.

Works on a spaCy ``Doc`` with entities and sentence boundaries; returns plain
``Person`` and ``Mention`` records. Titles and countries come from the data files
(``titles.json``, ``countries.json``); nothing here names a particular person.
"""

from __future__ import annotations

from collections import Counter

from diplotui.store.text import body_title

from ..model import Mention, Person
from ..names import family_first
from .base import (
    _CHROME_RE,
    BODY_START,
    ENTS_KEY,
    TEXT_KEY,
    _Cand,
    _Doc,
    _Group,
    _prepare,
    country_in,
    doc_ents,
    doc_text,
    implied_country,
    title_level,
)
from .countries import _delegations, _described_leaders, _group_countries, _institution_countries
from .references import _group_full_names, _resolve_short_forms, _role_references, _surname_index
from .spans import (
    _INITIALS_ON_LETTERS,
    _entity_candidates,
    _listed_names,
    _not_officials,
    _short_form_candidates,
    _speaker_candidates,
    _title_candidates,
)
from .titles import _attach_context

# what other modules and tests import from extract.officials
__all__ = ["BODY_START", "ENTS_KEY", "TEXT_KEY", "_CHROME_RE", "_INITIALS_ON_LETTERS", "country_in", "doc_ents",
           "doc_text", "find_officials", "implied_country", "title_level"]


def _records(d: _Doc, cands: list[_Cand], people: list[_Group], drop: set[int]) -> tuple[list[Person], list[Mention]]:
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
        fulls = [c.text for c in mine if c.full and not c.mirror] or [c.text for c in mine if c.full] \
            or [c.text for c in mine]
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
                                 country=countries.most_common(1)[0][0] if countries else None))
        for c in mine:
            s0, s1 = c.sentence
            c0, c1 = d.sent_chars.get((s0, s1)) or (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1]))
            mentions.append(Mention(person=out_people[-1].key, start=doc[c.start].idx,
                                    end=doc[c.start].idx + len(c.text), text=c.text,
                                    sentence=whole[c0:c1].strip(), title=c.title, country=c.country))
    key_of = {i: k for k, i in enumerate(i for i in range(len(people)) if any(c.person == i for c in cands)
                                         and i not in drop)}
    _described_leaders(d, cands, out_people, key_of)
    _role_references(d, cands, out_people, key_of, mentions)
    _group_countries(d, cands, out_people, key_of)
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
