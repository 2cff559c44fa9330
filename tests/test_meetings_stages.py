"""The meeting stages' syntax decisions, each in sentences of two shapes (people invented), and
the package's typed records.

Who sends word or owns an era is decided from the parse (the name is the object of "of"/"from"
under "greetings", "on behalf", "the government", ...), not from a window of characters.
"""

from __future__ import annotations

import dataclasses

import pytest

from diplotui.extract.dates import PartialDate
from diplotui.extract.meetings import finish_reports
from diplotui.extract.model import Extraction
from diplotui.extract.read import Article

FRI = PartialDate(2025, 3, 14)


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract.nlp import load

    return load()


def names_of(nlp, text: str) -> list[set[str]]:
    from diplotui.extract.nlp import KEY

    doc = nlp(text)
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=text, published=FRI))
    names = {p.key: p.name for p in ex.people}
    return [{names[k] for k in r.participants} for r in ex.reports]


@pytest.mark.parametrize("text", [
    # "on behalf of" before a list of two names, the meeting told first
    "Foreign Minister Lena Marsk met Prime Minister Piet Harlow in Port Ames on Thursday on behalf of "
    "President Cara Lenz and Vice President Ode Rusk.",
    # "congratulations from" after the meeting's verb and object, a relative clause in between
    "Prime Minister Piet Harlow, who arrived on Wednesday, received Foreign Minister Lena Marsk on Thursday "
    "and conveyed warm congratulations from President Cara Lenz.",
])
def test_whom_word_is_sent_from_is_not_at_the_meeting(nlp, text):
    assert names_of(nlp, text) == [{"Lena Marsk", "Piet Harlow"}]


@pytest.mark.parametrize("text", [
    "Foreign Minister Lena Marsk held talks in Port Ames on Thursday with the widow of the late President "
    "Arno Velt.",
    "Prime Minister Piet Harlow met critics of former President Arno Velt in Port Ames on Thursday.",
])
def test_whose_widow_or_critics_someone_meets_is_not_at_the_meeting(nlp, text):
    assert not any("Arno Velt" in names for names in names_of(nlp, text))


def test_the_stages_pass_dataclasses():
    from diplotui.extract.meetings.records import Before, Candidate, Clause, Facts, Sentence

    for record in (Candidate, Facts, Sentence, Before, Clause):
        assert dataclasses.is_dataclass(record)
    assert {"participants", "date_text", "place", "status", "rules"} <= {f.name for f in dataclasses.fields(Candidate)}


@pytest.mark.parametrize("text", [
    "Foreign Minister Lena Marsk set off for Nairobi on Sunday for talks with Prime Minister Piet Harlow.",
    "Foreign Minister Lena Marsk left Oslo on Sunday for Lima, and sat down with Prime Minister Piet Harlow "
    "on Monday.",
])
def test_where_a_traveller_leaves_for_is_where_she_meets(nlp, text):
    from diplotui.extract.nlp import KEY

    doc = nlp(text)
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=text, published=FRI))
    assert [r.place for r in ex.reports] == ["Lima" if "Lima" in text else "Nairobi"]
