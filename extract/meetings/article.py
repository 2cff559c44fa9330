"""The article's meeting reports: ``find_meetings`` runs the stages over a Doc in the worker;
``finish_reports`` runs where the article's metadata is known and resolves dates against the
publication date, "here" against the dateline, and a readout's undated meeting to its date line."""

from __future__ import annotations

import re

from ..dates import (
    FAR_PAST,
    date_window,
    names_day,
    resolve_date,
)
from ..hosts import infer_home_countries, infer_host_countries
from ..model import Mention, ModelText, Person, Report
from ..officials import BODY_START
from ..officials import ENTS_KEY as _ENTS
from ..officials import TEXT_KEY as _TEXT
from ..officials import doc_text as _text
from ..read import Article
from .dating import _OTHER_TIME, _RELATIVE, _lead_day, _lead_names_day
from .participants import _expand_sides, _with_unmarked_names
from .places import _HAS_VENUE, _PLACES, _VENUE_CITY, HERE, ON_VISIT, _place_from_travel, _travels, date_line_city
from .reports import _held_once, _one_per_meeting, _rest_of_begun, _to_report
from .rules import _on
from .sentences import _sentence_reports
from .text import _DATELINE_LEAD
from .triggers import _trigger_id
from .visits import _VISIT_NOUNS, _visit_reports


def find_meetings(doc, people: list[Person], mentions: list[Mention]) -> list[Report]:
    """Sentence-level meeting candidates merged into one report per meeting the article describes."""
    try:
        return _find_meetings(doc, people, mentions)
    finally:
        drop_caches(doc)


def drop_caches(doc) -> None:
    """Take what extraction keeps on a Doc while it reads it (the entities, places, date
    matches, text) off it again: Spans do not serialise, and the caches are for one reading."""
    for key in (_ENTS, _PLACES, _HAS_VENUE, _RELATIVE, _TEXT):
        doc.user_data.pop(key, None)


def _find_meetings(doc, people: list[Person], mentions: list[Mention]) -> list[Report]:
    """Decides the article's meeting reports: each body sentence's triggers read and merged
    (``_sentence_reports``), then each report completed from the article (its named sides'
    officials, the lead's day) and kept when it names a participant (a proposal: two, someone
    to meet)."""
    by_key = {p.key: p for p in people}
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    body_start = doc.user_data.get(BODY_START, 0)
    if _on("participants.unmarked-name"):
        mentions = _with_unmarked_names(_text(doc), people, mentions)
    reports = _sentence_reports(doc, sents, mentions, by_key, body_start)
    lead_sent = next((s for s in sents if s.start_char >= body_start), None)
    lead = _lead_day(doc, lead_sent, mentions)
    if any(r.place in (None, ON_VISIT) and r.family not in ("phone", "virtual") for r in reports):
        _place_from_travel(reports, _travels(doc, sents, mentions, body_start))
    if _VISIT_NOUNS and doc.has_annotation("DEP"):  # (after the travels have placed the meetings)
        reports += _visit_reports(doc, sents, mentions, body_start, reports)
    # "X is to meet Y later in the day": where the day's meeting told first was
    today = next((r.place for r in reports if r.place and r.family not in ("phone", "virtual")
                  and not r.earlier and not FAR_PAST.search(r.date_text or "")), None)
    reports = _one_per_meeting(reports) if _on("report.one-per-meeting") else reports
    kept = []
    for r in reports:
        if r.place is None and r.family not in ("phone", "virtual") and _LATER_TODAY.search(r.date_text or ""):
            r.place = today
        r.place = HERE if r.place == ON_VISIT else r.place
        _expand_sides(r, people, by_key)
        if r.headline and not r.date_text and r.status == "held":
            r.date_text = _lead_names_day(doc, lead_sent, mentions, r.participants)
        if lead and not r.date_text and r.status == "held" and not r.earlier and (
                len(r.sides) >= 2 and set(r.sides) == set(lead[1])
                or r.participants and set(r.participants) <= lead[2]) \
                and not (r.place and lead[3] and r.place not in lead[3]) \
                and not any(_OTHER_TIME.search(t) for t in r.sentences):
            r.date_text = lead[0]
        if len(r.participants) >= (2 if r.status == "proposed" else 1):  # "A called for a summit": a wish, no meeting
            kept.append(r)
    if _on("report.held-once"):  # (after the sides are expanded: a role phrase has its people now)
        kept = _held_once(kept)
    if _on("report.rest-of-begun"):
        kept = _rest_of_begun(kept)
    return [_to_report(r, by_key) for r in kept]


_LATER_TODAY = re.compile(
    r"\blater (?:in the day|today|this (?:morning|afternoon|evening))\b|\bthis (?:afternoon|evening)\b", re.I
)


def model_text(article: Article) -> ModelText:
    """The text the model reads: the headline, a blank line, then the body.

    The headline names people (often in full, where the body has "S.V. Surname") and
    attaches countries the body leaves out; it is read with the body so that its names count.
    A headline's meeting counts only where the body tells no meeting of the same people (see
    ``_headline_reports``): otherwise the body tells it with its facts.
    """
    if not article.headline:
        return ModelText(article.body)
    text = ModelText(f"{article.headline}\n\n{article.body}")
    text.body_start = len(article.headline) + 2
    return text


def _in_lead(report, article: Article) -> bool:
    """Whether a report is told by the story's dateline sentence ("KISUMU, Kenya (KNA) - …") of a
    meeting of these days (not "he had met B last year", which was anywhere)."""
    city = article.dateline.split("/")[0] if article.dateline else ""
    if not city or not report.sentences or not re.match(rf"{re.escape(city)}\b", report.sentences[0], re.I):
        return False
    return not report.date_text or (names_day(report.date_text) and not FAR_PAST.search(report.date_text))


# a sentence end: not after an initial or a short honorific ("Joseph R. Biden, Jr.", "Mr. Lenz")
_SENTENCE_SPLIT = re.compile(r"(?<![\s.][A-Z][.])(?<!\b(?:Jr|Sr|Mr|Ms|Dr|St)[.])(?<!\bMrs[.])(?<=[.!?])\s+(?=[A-Z\"“])")
_LEAD_SENTENCES = 2  # the body's opening sentences that tell a readout's own meeting


def _lead_sentences(article: Article, reports: list[Report], people: list[Person]) -> set[str]:
    """The headline and the body's first sentences: where a readout names the meeting it reports."""
    paragraphs = article.body.lstrip().split("\n\n", 2)
    first = {s.strip() for s in _SENTENCE_SPLIT.split(paragraphs[0])[:_LEAD_SENTENCES]}
    if len(paragraphs) > 1 and not any(first & set(r.sentences) for r in reports) \
            and any(w in paragraphs[0] for p in people for w in p.name.split() if len(w) > 3):
        # a lead paragraph that tells no meeting but names its people ("B made a working visit to
        # Kestrel."): the next one tells it
        first |= {s.strip() for s in _SENTENCE_SPLIT.split(paragraphs[1])[:_LEAD_SENTENCES]}
    return {article.headline.strip(), *first}


def finish_reports(extraction, article: Article) -> None:
    """Mentions counted in the body; each report's date resolved against the article's
    publication date; "here" is the dateline.

    Offsets come from ``model_text``: shifted here to count from the body's start, so a
    mention in the headline has a negative start (its position in the headline is
    ``start + len(headline) + 2``). A person's country is what the text attaches
    (officials.py), never the dateline's or the outlet's: resolution fills the rest from the
    person's other mentions.
    """
    if article.headline:
        shift = len(article.headline) + 2
        for m in extraction.mentions:
            m.start -= shift
            m.end -= shift
    lead = _lead_sentences(article, extraction.reports, extraction.people)
    filed = article.dateline.split("/")[0] if article.dateline else None
    if not filed and (m := _DATELINE_LEAD.match(article.body.lstrip())):  # "ACCRA, May 10 (GNA) - …" in the body
        filed = m.group(0).split(",")[0].strip(" -–—").title()
    filed_at = date_line_city(article.date_place)
    for r in extraction.reports:
        d = resolve_date(r.date_text, article.published, r.status)
        r.date, r.date_precision = d.partial, d.precision
        r.date_from, r.date_to = date_window(r.date_text, article.published, d)
        r.date_source = "sentence" if r.date_text else None
        told_first = r.status == "held" and not r.reported and bool(lead & set(r.sentences)) \
            and not any(_OTHER_TIME.search(x) for x in r.sentences) \
            and not {"date.earlier-meeting", "date.another-time"} & set(r.rules) \
            and (len(r.participants) >= 2 or _trigger_id(r.trigger or "") != "summit") \
            and not (filed and r.place and r.place != filed)  # a story filed in Accra of talks in Oslo: not said when
        if _on("date.not-from-aside") and told_first and r.date_text and d.precision != "day" \
                and not any(r.date_text in x for x in lead):
            # "…, since the floods of May", "a plan to 2035" in a later sentence: not when the
            # meeting the readout opens with took place
            r.rules.append("date.not-from-aside")
            r.date_text = None
        if _on("date.readout-day") and not r.date_text and told_first and article.published.full:
            # a readout: "X held talks with Y" told first under the item's date is that day's meeting
            r.date, r.date_precision, r.date_source = article.published.partial, "day", "article"
            r.date_from = r.date_to = r.date
            r.rules.append("date.readout-day")
        if _on("place.date-line") and filed_at and r.place is None and r.mode == "in-person" and r.date \
                and r.date == article.published.partial:
            # the date line's place ("…, 17:00, The Kremlin, Moscow") for the meeting of its day
            r.place = filed_at
            r.rules.append("place.date-line")
        if _on("status.future-date") and r.status == "held" and d.precision == "day" and article.published.full \
                and r.date > article.published.partial:
            r.status = "planned"  # "welcomes B to the capital on 9 May", told on 3 May
            r.rules.append("status.future-date")
        if (city := _VENUE_CITY.get((r.place or "").lower())) is not None:
            # a venue kept as the place because the text names no city: the date line or the
            # headline may name it ("…, 17:00, The Kremlin, Moscow")
            if city in f"{article.date_place or ''} {article.headline or ''} {article.body}":
                r.place = city
            else:
                r.rules.append("place.venue-without-city")
        if r.place == HERE:  # "here", "in this port city": where the story was filed, when it says
            # else the date line's place ("…, 17:00, The Kremlin, Moscow"): where the words were said
            r.place = article.dateline.split("/")[0] if article.dateline \
                else filed_at if _on("place.here-date-line") else None
        elif r.place is None and r.mode == "in-person" and r.status == "held" and _in_lead(r, article):
            r.place = article.dateline.split("/")[0]  # "OSLO (Reuters) - A and B agreed …, after talks"
    infer_host_countries(extraction)  # after the places are final
    infer_home_countries(extraction, article)  # after the hosts: a host is no longer unattached
