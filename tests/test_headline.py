"""The headline is read with the body: its names count, its offsets stay the body's (made-up people)."""

from __future__ import annotations

import pytest

from diplotui.extract.dates import PartialDate
from diplotui.extract.meetings import finish_reports, model_text
from diplotui.extract.model import Extraction
from diplotui.extract.read import Article

HEADLINE = "Norway's Foreign Minister Ingrid Tollefsen meets Chilean counterpart in Oslo"
BODY = (
    "Foreign Minister I. Tollefsen met her Chilean counterpart Rafael Olguin in Oslo on Monday.\n\n"
    "Tollefsen said the two sides agreed to expand trade in salmon and copper."
)


@pytest.fixture(scope="module")
def extraction() -> tuple[Article, Extraction]:
    from diplotui.extract import nlp as nlp_mod

    nlp = nlp_mod.load()
    article = Article(part=1, headline=HEADLINE, body=BODY, published=PartialDate(2023, 5, 24))
    (data,) = nlp_mod.extract_texts(nlp, [model_text(article)])
    result = Extraction.from_dict(data)
    finish_reports(result, article)
    return article, result


def test_the_headline_names_the_person_the_body_abbreviates(extraction):
    _article, result = extraction
    names = {p.name: p for p in result.people}
    assert "Ingrid Tollefsen" in names
    assert names["Ingrid Tollefsen"].country == "Norway"


def test_mentions_count_from_the_body_and_headline_ones_are_negative(extraction):
    article, result = extraction
    for m in result.mentions:
        if m.start >= 0:
            assert article.body[m.start:m.end] == m.text
        else:
            shift = len(article.headline) + 2
            assert article.headline[m.start + shift:m.end + shift] == m.text


def test_the_headline_adds_no_report_of_its_own(extraction):
    article, result = extraction
    assert result.reports
    assert all(any(s.strip() in article.body for s in r.sentences) for r in result.reports)
