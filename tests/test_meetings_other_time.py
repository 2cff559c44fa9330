"""A sentence whose meeting carries a time of its own tells another meeting, not more of the report
told before it ("report.other-time", "date.earlier-noun"): merged, it would give that report the
other meeting's year, place or kind, and grouping would then split the report from its event or
join two meetings of one pair. A plain continuation ("The meeting lasted three hours") still merges.

The people, places and sentences are invented. Each positive case fails with the two rules
switched off (``DIPLOTUI_DISABLE_RULES=report.other-time,date.earlier-noun``).
"""

from __future__ import annotations

import pytest

from diplotui.extract.dates import PartialDate
from diplotui.extract.meetings import finish_reports
from diplotui.extract.model import Extraction
from diplotui.extract.read import Article

FRI = PartialDate(2024, 5, 10)


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract.nlp import load

    return load()


def reports(nlp, text: str) -> list[tuple[set[str], object]]:
    """The article's reports as (participants' surnames, report), dates resolved against FRI."""
    from diplotui.extract.nlp import KEY

    doc = nlp(text)
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=text, published=FRI))
    names = {p.key: p.name.split()[-1] for p in ex.people}
    return [({names[k] for k in r.participants}, r) for r in ex.reports]


def opening_report(found, first: str):
    """The one report that holds the article's first sentence."""
    hits = [r for _names, r in found if any(s.startswith(first[:40]) for s in r.sentences)]
    assert len(hits) == 1, found
    return hits[0]


OPEN_BARE = "Valdoran President Lena Marsk held talks with Chancellor Piet Harlow of Ostmark."
OPEN_PALACE = "Valdoran President Lena Marsk received Chancellor Piet Harlow of Ostmark at the presidential palace."


@pytest.mark.parametrize("first, other, told", [
    # an anaphoric noun of a gathering long past: its year and its kind are not the day's talks'
    (OPEN_BARE, "The summit took place in Bergen back in 2017, officials said.", "Bergen"),
    (OPEN_PALACE, "The meeting was held in Mombasa in 2019.", "Mombasa"),
    # the same people, in a bare past year
    (OPEN_BARE, "Marsk and Harlow also met in Kisumu in 2015.", "Kisumu"),
])
def test_a_meeting_long_past_is_not_merged_into_an_undated_report(nlp, first, other, told):
    found = reports(nlp, f"{first} {other}")
    r = opening_report(found, first)
    assert other not in r.sentences, r
    assert r.place != told and not (r.date or "").startswith(("2015", "2017")), r


@pytest.mark.parametrize("first, other, told", [
    # an earlier meeting named by its own noun
    (OPEN_BARE, "At their previous meeting in Bergen, the two leaders had agreed on a port deal.", "Bergen"),
    # "recent": another meeting than the one told before it
    (OPEN_BARE, "During their recent talks in Mombasa, the pair settled a port deal.", "Mombasa"),
    # ... and than one still wished for
    ("Valdoran President Lena Marsk proposed a meeting with Chancellor Piet Harlow of Ostmark on May 3, 2024.",
     "At the recent meeting with Harlow in Kisumu, Marsk raised the port.", "Kisumu"),
    # a meeting told in a "when" clause hung on another occasion
    (OPEN_PALACE, "Marsk recalled her first trip to Ostmark, when she met Harlow in Kisumu.", "Kisumu"),
    (OPEN_BARE, "It has been a year since the last summit of the two countries, when Marsk held talks with "
                "Harlow in Bergen.", "Bergen"),
])
def test_a_meeting_named_as_another_time_starts_its_own_report(nlp, first, other, told):
    found = reports(nlp, f"{first} {other}")
    r = opening_report(found, first)
    assert other not in r.sentences and r.place != told, r
    other_report = next(r for _names, r in found if other in r.sentences)
    assert other_report.date != "2024-05-10", other_report  # not dated as the article's own meeting


@pytest.mark.parametrize("first, more, place, date", [
    # anaphora with no time of its own
    (OPEN_BARE, "The meeting took place in Nairobi and lasted three hours.", "Nairobi", None),
    # ... with a full date, year and all: the day of this meeting
    (OPEN_BARE, "The meeting was held in Nairobi on May 7, 2024.", "Nairobi", "2024-05-07"),
    # a month and its year: the report's meeting may well be in it
    (OPEN_BARE, "The talks took place in Nairobi in May 2024.", "Nairobi", "2024-05"),
    # "recent" after a meeting told in the past: that meeting
    ("Valdoran President Lena Marsk held talks with Chancellor Piet Harlow of Ostmark last week.",
     "The recent talks took place in Nairobi.", "Nairobi", None),
    # a time word that is not the noun's adjective
    (OPEN_BARE, "Prior to the meeting in Nairobi, Marsk laid a wreath.", "Nairobi", None),
    (OPEN_BARE, "Earlier in the talks in Nairobi, Marsk raised the port.", "Nairobi", None),
    # "first" that is no other occasion, and a "when" clause of the day itself
    (OPEN_PALACE, "Their first meeting took place in Nairobi and lasted three hours.", "Nairobi", None),
    ("On Tuesday, when Valdoran President Lena Marsk met Chancellor Piet Harlow of Ostmark in Nairobi, the two "
     "signed a port deal.", "The meeting lasted three hours.", "Nairobi", "2024-05-07"),
])
def test_a_plain_continuation_still_merges(nlp, first, more, place, date):
    found = reports(nlp, f"{first} {more}")
    r = opening_report(found, first)
    assert more in r.sentences and r.place == place, found
    assert date is None or r.date == date, r
    assert len([names for names, _ in found if {"Marsk", "Harlow"} <= names]) == 1, found


@pytest.mark.parametrize("text", [
    "Valdoran President Lena Marsk held talks with Chancellor Piet Harlow of Ostmark in Nairobi. The two leaders "
    "had last met in Kisumu.",
    "Valdoran President Lena Marsk received Chancellor Piet Harlow of Ostmark in Nairobi. Marsk said she had first "
    "met Harlow at a trade fair in Kisumu.",
])
def test_an_earlier_meeting_in_the_lead_is_not_dated_as_the_article_s_day(nlp, text):
    found = reports(nlp, text)
    earlier = [r for _names, r in found if "date.earlier-meeting" in r.rules]
    assert earlier and all(r.date != "2024-05-10" for r in earlier), found
