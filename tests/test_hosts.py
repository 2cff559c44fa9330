"""The local side of a bilateral meeting takes the host city's country (made-up people)."""

from __future__ import annotations

import pytest

from diplotui.extract.hosts import country_of_place, infer_host_countries
from diplotui.extract.model import Extraction, Person, Report


def _meeting(place, countries, sentence="A met B.", mode="in-person", title="President") -> list[str | None]:
    people = [Person(key=i, name=f"P{i}", country=c, title=title) for i, c in enumerate(countries)]
    report = Report(participants=[p.key for p in people], sentences=[sentence], place=place, mode=mode)
    extraction = Extraction(people=people, reports=[report])
    infer_host_countries(extraction)
    return [p.country for p in people]


def test_places_know_their_country():
    assert country_of_place("Lima") == "Peru"
    assert country_of_place("Osaka") == "Japan"
    assert country_of_place("Atlantis") is None


def test_the_local_side_in_the_capital_is_the_host():
    # "Portugal's Foreign Minister Ana Ferro met President Tomas Ruiz in Lima."
    assert _meeting("Lima", ["Portugal", None]) == ["Portugal", "Peru"]
    assert _meeting("Lima", [None, "Portugal"]) == ["Peru", "Portugal"]


def test_elsewhere_the_report_must_tell_a_visit():
    # "On her visit to Japan, Ana Ferro met Prime Minister Ken Aoki in Osaka."
    assert _meeting("Osaka", ["Portugal", None], "On a visit, A met B.") == ["Portugal", "Japan"]
    assert _meeting("Osaka", ["Portugal", None], "A met B.") == ["Portugal", None]


@pytest.mark.parametrize(
    ("place", "countries", "sentence", "mode", "title"),
    [
        ("Lima", [None, None], "A visited B.", "in-person", "President"),  # nothing to contrast
        ("Lima", ["Peru", None], "A received B.", "in-person", "President"),  # the known side hosts
        ("Lima", ["Portugal", None], "A met B on the sidelines of the summit.", "in-person", "President"),
        ("Lima", ["Portugal", None], "A spoke with B about her visit.", "phone", "President"),
        ("Atlantis", ["Portugal", None], "A visited B.", "in-person", "President"),
        ("Geneva", ["Portugal", None], "A met B.", "in-person", "President"),  # neutral ground
        ("Lima", ["Portugal", None], "A met B.", "in-person", "Foreign Minister"),  # no head in the capital
        ("Lima", ["Portugal", None], "A visited B.", "in-person", "spokesperson"),  # no national office
        ("Lima", ["Portugal", None], "A met B.", "in-person", "President Ruiz's security adviser"),
    ],
)
def test_no_host_where_the_structure_does_not_say(place, countries, sentence, mode, title):
    assert _meeting(place, countries, sentence, mode, title) == countries


def test_three_or_more_participants_are_left_alone():
    people = [Person(key=0, name="A", country="Portugal"), Person(key=1, name="B", title="President"),
              Person(key=2, name="C", title="President")]
    report = Report(participants=[0, 1, 2], sentences=["A visited B and C."], place="Lima")
    infer_host_countries(Extraction(people=people, reports=[report]))
    assert [p.country for p in people] == ["Portugal", None, None]


def _visit(sentence: str, place: str, first: tuple[str, str], second: tuple[str, str]) -> list[str | None]:
    people = [Person(key=i, name=n, variants=[n, n.split()[-1]], title=t) for i, (n, t) in enumerate((first, second))]
    report = Report(participants=[0, 1], sentences=[sentence], place=place, mode="in-person")
    infer_host_countries(Extraction(people=people, reports=[report]))
    return [p.country for p in people]


def test_with_no_country_on_either_side_the_one_visited_is_the_host():
    assert _visit("Last week Interior Minister Lia Moreno travelled to Lima, "
                  "where she met Foreign Minister Tomas Ruiz.",
                  "Lima", ("Lia Moreno", "Interior Minister"), ("Tomas Ruiz", "Foreign Minister")) == [None, "Peru"]
    assert _visit("During Lia Moreno's visit to Osaka, she sat down with Prime Minister Ken Aoki.",
                  "Osaka", ("Lia Moreno", "Interior Minister"), ("Ken Aoki", "Prime Minister")) == [None, "Japan"]


def test_with_no_country_on_either_side_a_meeting_without_a_visitor_gives_none():
    # who visits is not written: both may be foreign to the city
    assert _visit("Interior Minister Lia Moreno met Foreign Minister Tomas Ruiz in Lima.",
                  "Lima", ("Lia Moreno", "Interior Minister"), ("Tomas Ruiz", "Foreign Minister")) == [None, None]
    # the host is no national officer
    assert _visit("Lia Moreno visited Lima, where she met Ambassador Tomas Ruiz.",
                  "Lima", ("Lia Moreno", "Interior Minister"), ("Tomas Ruiz", "Ambassador")) == [None, None]


def test_a_deputy_prime_minister_receiving_a_visitor_is_the_hosts():
    # on a visit to Osaka, "A is to meet Deputy Prime Minister Ken Aoki during the visit": Aoki hosts
    assert _meeting("Osaka", ["Portugal", None], "A will meet B during the visit.", title="Deputy Prime Minister") \
        == ["Portugal", "Japan"]
    assert _meeting("Osaka", ["Portugal", None], "A will meet B.", title="Deputy Prime Minister") == ["Portugal", None]
