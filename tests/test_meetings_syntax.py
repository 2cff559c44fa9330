"""Meeting reports decided from English syntax, each rule in sentences of two shapes or more.

Run through the public pipeline (``pipe_articles`` on an ``Article``), so the tests do not
depend on how the meetings code is laid out. The people and places are invented or generic.
"""

from __future__ import annotations

import pytest

from diplotui.extract.dates import PartialDate
from diplotui.extract.read import Article

MON = PartialDate(2024, 5, 13)


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract.nlp import load

    return load()


def reports(nlp, body: str, published: PartialDate = MON, headline: str = "News in brief") -> list[tuple]:
    """The article's reports as (sorted participant names, status, date, place, mode)."""
    from diplotui.extract.nlp import pipe_articles

    article = Article(part=1, headline=headline, body=body, published=published)
    extraction, _ = next(pipe_articles(nlp, [(article, None)]))
    names = {p.key: p.name for p in extraction.people}
    return [(sorted(names[k] for k in r.participants), r.status, r.date, r.place, r.mode) for r in extraction.reports]


# --- a visit is a meeting of its visitor (trigger.visit-of) ---------------------------------


@pytest.mark.parametrize("body, status, place", [
    ("Ahead of Foreign Minister Lena Marsk's visit to Oslo on 19 May, the two governments signed a fisheries accord.",
     "planned", "Oslo"),
    ("The planned visit of President Lena Marsk to Norway on 20 May was discussed by the cabinet.", "planned", None),
    ("Foreign Minister Piet Harlow spoke about the harvest during his recent visit to Oslo.", "held", "Oslo"),
    ("Interior Minister Piet Harlow, speaking in parliament, recalled the floods during his visit to Bergen.",
     "held", "Bergen"),
    ("President Lena Marsk praised the visit of a delegation led by Foreign Minister Piet Harlow to Oslo last week.",
     "held", "Oslo"),
    ("The visit of the trade delegation headed by Economy Minister Piet Harlow to Bergen ended on Friday.",
     "held", "Bergen"),
])
def test_a_named_visit_to_a_place_is_a_meeting_of_the_visitor(nlp, body, status, place):
    found = reports(nlp, body)
    visitor = "Piet Harlow" if "Piet Harlow" in body else "Lena Marsk"
    assert [(r[0], r[1], r[3]) for r in found] == [([visitor], status, place)], found


@pytest.mark.parametrize("body", [
    "During her visit to Oslo on Monday, Foreign Minister Lena Marsk met Prime Minister Piet Harlow.",
    "Foreign Minister Lena Marsk sat down with Premier Piet Harlow for talks in Oslo on Monday. "
    "Marsk's visit to Norway ends on Tuesday.",
])
def test_a_visit_the_article_tells_as_a_meeting_adds_nothing(nlp, body):
    found = reports(nlp, body)
    assert [r[0] for r in found] == [["Lena Marsk", "Piet Harlow"]], found


@pytest.mark.parametrize("body", [
    '"We look forward to President Lena Marsk\'s visit to Norway," Foreign Minister Piet Harlow said.',
    "Prime Minister Piet Harlow renewed his invitation for a visit of President Lena Marsk to Oslo.",
    "President Lena Marsk's visit to the dairy farm was cut short by rain.",
    "The cabinet discussed the planned visit of President Lena Marsk to Norway.",
])
def test_a_quoted_offered_or_placeless_visit_is_no_meeting(nlp, body):
    assert not [r for r in reports(nlp, body) if r[0] == ["Lena Marsk"]]


# --- a visit set apart in time is not at the sentence's meeting (participants.visit-apart) ------


@pytest.mark.parametrize("body", [
    "Ahead of President Lena Marsk's visit to Oslo on 20 May, Foreign Minister Piet Harlow held talks "
    "with Economy Minister Ane Dahl.",
    "In preparation for President Lena Marsk's visit to Norway on 20 May, Foreign Minister "
    "Piet Harlow will hold a series of meetings with Economy Minister Ane Dahl.",
])
def test_the_visitor_of_a_visit_ahead_is_not_at_the_other_meeting(nlp, body):
    found = reports(nlp, body)
    assert sorted(r[0] for r in found) == [["Ane Dahl", "Piet Harlow"], ["Lena Marsk"]], found


def test_the_visitor_of_the_visit_during_which_a_meeting_is_held_is_at_it(nlp):
    found = reports(nlp, "During President Lena Marsk's visit to Oslo, she held talks with Economy Minister Ane Dahl.")
    assert [r[0] for r in found] == [["Ane Dahl", "Lena Marsk"]], found


# --- grouping: two spellings of one capital are one place --------------------------------------


def test_two_spellings_of_one_capital_are_one_place():
    from diplotui.extract.cluster import place_fit

    assert place_fit("Kiev", "Kyiv") == "same"
    assert place_fit("Naypyidaw", "Nay Pyi Taw") == "same"
    assert place_fit("La Paz", "Sucre") == "near"  # a country's two capitals stay two cities
    assert place_fit("Kyiv", "Lviv") == "near"


# --- a plural role subject means the people named (participants.plural-role) ------------------


@pytest.mark.parametrize("body", [
    "President Lena Marsk spoke by telephone to President Piet Harlow. "
    "Both leaders are to sit down for talks in Oslo on 20 May.",
    "Foreign Minister Lena Marsk spoke by phone with Foreign Minister Piet Harlow. "
    "In this context, both ministers stressed the need for closer ties, including after their talks "
    "in Bergen on 2 May.",
])
def test_a_plural_role_subject_is_the_people_named_before(nlp, body):
    found = reports(nlp, body)
    in_person = [r for r in found if r[4] == "in-person"]
    assert [r[0] for r in in_person] == [["Lena Marsk", "Piet Harlow"]], found


@pytest.mark.parametrize("body", [
    "President Lena Marsk spoke by telephone to President Piet Harlow. "
    "The leaders of the region will hold talks in Oslo on 20 May.",
    "President Lena Marsk spoke by telephone to President Piet Harlow. "
    "After the call, both leaders are to brief reporters in Oslo on 20 May.",
    "President Lena Marsk spoke by telephone to President Piet Harlow. "
    "The presidents discussed the state of the talks between their envoys in Oslo on 20 May.",
])
def test_a_plural_role_of_others_or_meeting_others_names_no_one(nlp, body):
    found = reports(nlp, body)
    assert [r[4] for r in found] == ["phone"], found


# --- "this year" names the year of writing ------------------------------------------------------


@pytest.mark.parametrize("status", ["held", "planned"])
def test_a_day_this_year_is_in_the_year_of_writing(status):
    from diplotui.extract.meetings import resolve_date

    published = PartialDate(2024, 12, 10)
    assert resolve_date("on December 15 this year", published, status).partial == "2024-12-15"
    assert resolve_date("3 March this year", published, status).partial == "2024-03-03"


def test_this_year_dates_an_agreed_meeting_ahead(nlp):
    body = ("President Lena Marsk spoke by telephone to President Piet Harlow. "
            "The leaders will continue the discussion at a meeting in Oslo on December 15 this year.")
    found = reports(nlp, body, published=PartialDate(2024, 12, 10))
    assert [(r[1], r[2]) for r in found if r[4] == "in-person"] == [("planned", "2024-12-15")], found


# --- a held meeting told again by roles is one report (report.held-once) -----------------------


@pytest.mark.parametrize("body", [
    "Norwegian President Lena Marsk held talks with Chilean President Piet Harlow in Oslo. Norway and Chile "
    "signed a trade pact. After bilateral consultations, the two countries' presidents "
    "spoke to reporters.",
    "Norwegian Foreign Minister Lena Marsk received Chilean Foreign Minister Piet Harlow in Oslo. Norway and "
    "Chile agreed on fisheries. After two hours of consultations, the foreign ministers of the two countries "
    "signed the accord.",
])
def test_a_held_meeting_told_again_by_roles_is_one_report(nlp, body):
    found = reports(nlp, body)
    assert [r[0] for r in found] == [["Lena Marsk", "Piet Harlow"]], found


def test_the_same_people_on_another_day_stay_two_meetings(nlp):
    body = ("Norwegian President Lena Marsk held talks with Chilean President Piet Harlow in Oslo on Monday. "
            "Marsk and Harlow last met in Bergen in March.")
    assert len(reports(nlp, body)) == 2


# --- taking part in the meeting joins it (participants.took-part) -------------------------------


@pytest.mark.parametrize("body", [
    "President Lena Marsk will meet President Piet Harlow in Oslo on Friday. "
    "Foreign Minister Ane Dahl is to take part in that meeting too.",
    "President Lena Marsk held talks with President Piet Harlow in Oslo. "
    "Foreign Minister Ane Dahl, who also participated in the talks, said they were useful.",
    "President Lena Marsk held talks with President Piet Harlow in Oslo on Monday. "
    "Foreign Minister Ane Dahl and two advisers took part in the consultations as well.",
])
def test_taking_part_in_the_meeting_joins_it(nlp, body):
    found = reports(nlp, body)
    assert [r[0] for r in found] == [["Ane Dahl", "Lena Marsk", "Piet Harlow"]], found


@pytest.mark.parametrize("body", [
    "President Lena Marsk held talks with President Piet Harlow in Oslo on Monday. "
    "On Friday, Foreign Minister Ane Dahl will attend the summit of Nordic leaders in Reykjavik.",
    "President Lena Marsk held talks with President Piet Harlow in Oslo on Monday. "
    "On Wednesday, Foreign Minister Ane Dahl will take part in the talks in Bergen with Envoy Ode Rusk.",
])
def test_taking_part_in_another_meeting_is_not_joining_it(nlp, body):
    found = reports(nlp, body)
    assert ["Lena Marsk", "Piet Harlow"] in [r[0] for r in found] and len(found) == 2, found


# --- a host's verb that takes something of a person's is no meeting (trigger.host-own-object) ----


@pytest.mark.parametrize("body", [
    "Foreign Minister Lena Marsk warmly welcomed Prime Minister Piet Harlow's decision to reopen the embassy.",
    "The Valdoran president received Foreign Minister Piet Harlow's letter on the border dispute on Tuesday.",
])
def test_a_host_verb_with_a_possessed_object_is_no_meeting(nlp, body):
    assert reports(nlp, body) == []


@pytest.mark.parametrize("body", [
    "President Lena Marsk welcomed Prime Minister Piet Harlow to Oslo on Monday for talks on fisheries.",
    "President Lena Marsk received Prime Minister Piet Harlow and his delegation in Oslo on Monday.",
    "Valdoran President Lena Marsk will host her Norwegian counterpart Piet Harlow in Oslo on Friday.",
    "President Lena Marsk received Norway's trade envoy Piet Harlow at the palace on Monday.",
])
def test_a_host_verb_with_the_person_as_object_is_a_meeting(nlp, body):
    assert [r[0] for r in reports(nlp, body)] == [["Lena Marsk", "Piet Harlow"]]


# --- founding a body or format is no meeting (trigger.founded-body) ----------------------------


@pytest.mark.parametrize("body", [
    "Prime Minister Lena Marsk and Prime Minister Piet Harlow established a joint energy committee "
    "(the “Energy 2+2”), which will review the pipeline.",
    "President Lena Marsk and Prime Minister Piet Harlow founded a regional summit of coastal states.",
    "Foreign Minister Lena Marsk and Foreign Minister Piet Harlow agreed to create a new ministerial 2+2 format "
    "on security.",
    "President Lena Marsk and Prime Minister Piet Harlow formed a strategic dialogue on Arctic shipping.",
])
def test_founding_a_council_or_format_is_no_meeting(nlp, body):
    assert reports(nlp, body) == []


@pytest.mark.parametrize("body", [
    "President Lena Marsk and Prime Minister Piet Harlow held their first strategic dialogue in Oslo on Monday, "
    "a format they established last year.",
    "President Lena Marsk held consultations with Prime Minister Piet Harlow in Oslo on Monday and established "
    "a working group on energy.",
])
def test_a_meeting_that_founds_something_stays_a_meeting(nlp, body):
    assert [r[0] for r in reports(nlp, body)] == [["Lena Marsk", "Piet Harlow"]]


# --- what a meeting under way will do next is that meeting (report.rest-of-begun) --------------


@pytest.mark.parametrize("body", [
    "The talks between President Lena Marsk and Prime Minister Piet Harlow have begun in Oslo. "
    "Marsk and Harlow will then hold talks in an expanded format.",
    "President Lena Marsk began her meeting with Premier Piet Harlow, who arrived in Valdora on Sunday. "
    "The two leaders will later have a one-on-one conversation.",
])
def test_what_a_meeting_under_way_will_do_next_is_that_meeting(nlp, body):
    found = reports(nlp, body)
    assert [(r[0], r[1]) for r in found] == [(["Lena Marsk", "Piet Harlow"], "held")], found


@pytest.mark.parametrize("body", [
    "President Lena Marsk began talks with Premier Piet Harlow in Oslo on Monday. "
    "The two leaders will meet again soon.",
    "President Lena Marsk met Prime Minister Piet Harlow in Oslo. Marsk will host Harlow for talks at a later date.",
])
def test_a_meeting_set_apart_from_the_one_under_way_stays_apart(nlp, body):
    assert [r[1] for r in reports(nlp, body)] == ["held", "planned"]


# --- "these talks" after a call are the call (report.this-contact) ------------------------------


@pytest.mark.parametrize("body, mode", [
    ("President Lena Marsk spoke by phone with Prime Minister Piet Harlow on Monday. "
     "Marsk set out her country's position on fishing quotas during these talks.", "phone"),
    ("Foreign Minister Lena Marsk held a video call with Foreign Minister Piet Harlow. "
     "Harlow raised the border question at this meeting.", "virtual"),
])
def test_a_demonstrative_meeting_after_a_call_is_the_call(nlp, body, mode):
    found = reports(nlp, body)
    assert [(r[0], r[4]) for r in found] == [(["Lena Marsk", "Piet Harlow"], mode)], found


@pytest.mark.parametrize("body", [
    "President Lena Marsk spoke by phone with Prime Minister Piet Harlow on Monday. "
    "Harlow recalled their talks in Bergen in March and said that this meeting had opened the way to a deal.",
    "President Lena Marsk spoke by phone with Prime Minister Piet Harlow on Monday. "
    "Marsk hopes to see Harlow in person soon; she said this meeting in Oslo should settle the quotas.",
])
def test_a_demonstrative_meeting_in_person_is_not_the_call(nlp, body):
    found = reports(nlp, body)
    assert sorted(r[4] for r in found) == ["in-person", "phone"], found


# --- two meetings in one sentence: each its own people (participants.own-with) ------------------


@pytest.mark.parametrize("body, first, second", [
    ("Speaking to reporters after a meeting with Norwegian Prime Minister Piet Harlow in Oslo, Valdoran President "
     "Lena Marsk said she would discuss these talks after her phone call with Chilean President Ode Rusk on Friday.",
     ["Lena Marsk", "Piet Harlow"], ["Lena Marsk", "Ode Rusk"]),
    ("President Lena Marsk met Prime Minister Piet Harlow in Oslo on Monday and held a phone call with "
     "President Ode Rusk on Tuesday.", ["Lena Marsk", "Piet Harlow"], ["Lena Marsk", "Ode Rusk"]),
    ("Following his meeting with Prime Minister Piet Harlow on Monday, President Ode Rusk said he expected "
     "a video call with President Lena Marsk later in the week.", ["Ode Rusk", "Piet Harlow"],
     ["Lena Marsk", "Ode Rusk"]),
])
def test_two_meetings_in_one_sentence_each_have_their_own_people(nlp, body, first, second):
    found = reports(nlp, body)
    assert [r[0] for r in found] == [first, second], found


@pytest.mark.parametrize("body", [
    "President Lena Marsk held talks with Premier Piet Harlow and President Ode Rusk in Oslo, "
    "their first meeting since the floods.",
    "President Lena Marsk met Prime Minister Piet Harlow and President Ode Rusk in Oslo on Monday "
    "for talks on fishing quotas.",
])
def test_one_meeting_told_by_two_words_keeps_all_its_people(nlp, body):
    found = reports(nlp, body)
    assert [r[0] for r in found] == [["Lena Marsk", "Ode Rusk", "Piet Harlow"]], found


# --- a meeting of a group no one named is at is no meeting of the speakers (trigger.of-others) --


@pytest.mark.parametrize("body", [
    "Valdoran President Lena Marsk had a phone call with Norwegian Prime Minister Piet Harlow. The two leaders "
    "welcomed plans for a meeting of their foreign policy advisers in Bergen on Friday.",
    "Valdoran President Lena Marsk had a phone call with Norwegian Prime Minister Piet Harlow. Both leaders "
    "praised last week's meeting of the fisheries commission in Bergen.",
])
def test_a_meeting_of_an_unnamed_group_is_not_the_speakers_meeting(nlp, body):
    found = reports(nlp, body)
    assert [(r[0], r[4]) for r in found] == [(["Lena Marsk", "Piet Harlow"], "phone")], found


@pytest.mark.parametrize("body, people", [
    ("Valdoran President Lena Marsk chaired a meeting of the security council in Oslo on Monday.", ["Lena Marsk"]),
    ("The meeting of the two foreign ministers, Lena Marsk and Piet Harlow, lasted two hours in Oslo on Monday.",
     ["Lena Marsk", "Piet Harlow"]),
])
def test_a_meeting_of_a_group_someone_named_is_at_stays(nlp, body, people):
    assert [r[0] for r in reports(nlp, body)] == [people]
