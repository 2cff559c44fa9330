"""The local side of a bilateral meeting takes the host city's country (made-up people)."""

from __future__ import annotations

import pytest

from diplotui.extract.hosts import country_of_place, infer_host_countries
from diplotui.extract.model import Extraction, Person, Report


def _meeting(place, countries, sentence="On a visit, A met B.", mode="in-person") -> list[str | None]:
    people = [Person(key=i, name=f"P{i}", country=c) for i, c in enumerate(countries)]
    report = Report(participants=[p.key for p in people], sentences=[sentence], place=place, mode=mode)
    extraction = Extraction(people=people, reports=[report])
    infer_host_countries(extraction)
    return [p.country for p in people]


def test_places_know_their_country():
    assert country_of_place("Lima") == "Peru"
    assert country_of_place("Osaka") == "Japan"
    assert country_of_place("Atlantis") is None


def test_the_local_side_of_a_visit_is_the_host():
    # "Portugal's Foreign Minister Ana Ferro met President Tomas Ruiz in Lima."
    assert _meeting("Lima", ["Portugal", None]) == ["Portugal", "Peru"]
    assert _meeting("Lima", [None, "Portugal"]) == ["Peru", "Portugal"]


@pytest.mark.parametrize(
    ("place", "countries", "sentence", "mode"),
    [
        ("Lima", [None, None], "A visited B.", "in-person"),  # neither side known: nothing to contrast
        ("Lima", ["Peru", None], "A received B.", "in-person"),  # the known side is the host
        ("Lima", ["Portugal", None], "On a visit, A met B on the sidelines of the summit.", "in-person"),
        ("Lima", ["Portugal", None], "A spoke with B about her visit.", "phone"),
        ("Atlantis", ["Portugal", None], "A visited B.", "in-person"),
        ("Geneva", ["Portugal", None], "A met B.", "in-person"),  # neutral ground: no visit told
    ],
)
def test_no_host_where_the_structure_does_not_say(place, countries, sentence, mode):
    assert _meeting(place, countries, sentence, mode) == countries


def test_three_or_more_participants_are_left_alone():
    people = [Person(key=0, name="A", country="Portugal"), Person(key=1, name="B"), Person(key=2, name="C")]
    extraction = Extraction(people=people, reports=[Report(participants=[0, 1, 2], sentences=["A visited B and C."], place="Lima")])
    infer_host_countries(extraction)
    assert [p.country for p in people] == ["Portugal", None, None]
