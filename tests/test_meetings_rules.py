"""One small sentence per meeting-report rule (status, dates, participants, places).

The sentences are written for these tests; the people in them are invented.
"""

from __future__ import annotations

import pytest

from diplotui.extract.dates import PartialDate
from diplotui.extract.meetings import _status, _trigger_spans, finish_reports, resolve_date
from diplotui.extract.model import Extraction
from diplotui.extract.read import Article


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract.nlp import load

    return load()


def reports(nlp, text: str, published: PartialDate) -> list[tuple[set[str], object]]:
    """The article's reports as (participants' names, report), dates resolved against ``published``."""
    from diplotui.extract.nlp import KEY

    doc = nlp(text)
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=text, published=published))
    names = {p.key: p.name for p in ex.people}
    return [({names[k] for k in r.participants}, r) for r in ex.reports]


def only(found, *surnames):
    """The one report whose participants include every surname."""
    hits = [r for names, r in found if all(any(s in n for n in names) for s in surnames)]
    assert len(hits) == 1, found
    return hits[0]


# A Sunday, a Friday and a Tuesday.
SUN, FRI, TUE = PartialDate(2024, 5, 12), PartialDate(2024, 5, 10), PartialDate(2024, 5, 14)


def test_the_date_after_the_trigger_dates_the_meeting(nlp):
    text = ("Kenyan President Daniel Mwangi arrived in Oslo on Monday for a three-day visit, "
            "with talks with Norwegian Prime Minister Erik Lunde scheduled for Wednesday.")
    r = only(reports(nlp, text, SUN), "Mwangi", "Lunde")
    assert (r.status, r.date) == ("planned", "2024-05-15")


def test_a_modal_at_the_start_of_the_clause_makes_it_planned(nlp):
    text = ("Norwegian Prime Minister Erik Lunde, who has spent the past two weeks touring the region "
            "with a large business delegation, will hold talks with Kenyan President Daniel Mwangi on Tuesday.")
    r = only(reports(nlp, text, SUN), "Lunde", "Mwangi")
    assert (r.status, r.date) == ("planned", "2024-05-14")


def test_the_previous_day_is_the_day_before_publication(nlp):
    text = ("The previous day, Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde in "
            "Nairobi.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert (r.status, r.date, r.place) == ("held", "2024-05-09", "Nairobi")


def test_a_meeting_over_two_days_takes_the_first():
    assert resolve_date("on Sunday and Monday", FRI, "planned").partial == "2024-05-12"
    assert resolve_date("Saturday and Sunday", TUE, "held").partial == "2024-05-11"


def test_a_month_of_last_or_next_year_is_in_that_year():
    # FRI is in May 2024: "March last year" is March 2023, not the March just past
    assert resolve_date("in March last year", FRI, "held").partial == "2023-03"
    assert resolve_date("September of next year", FRI, "planned").partial == "2025-09"
    assert resolve_date("last March", FRI, "held").partial == "2024-03"
    assert resolve_date("later in the year", FRI, "planned").partial == "2024"
    assert resolve_date("later in the month", FRI, "planned").partial == "2024-05"


def test_a_meeting_in_a_month_of_last_year_is_dated_in_that_year(nlp):
    text = ("Norwegian Prime Minister Erik Lunde met Kenyan President Daniel Mwangi in Nairobi in "
            "March last year, the two leaders' first talks.")
    r = only(reports(nlp, text, FRI), "Lunde", "Mwangi")
    assert r.date == "2023-03"


def test_without_a_publication_date_relative_dates_stay_unresolved():
    for text in ("on Tuesday", "the previous day", "this morning", "next week"):
        assert resolve_date(text, PartialDate(), "held").partial is None


def test_a_possessed_name_is_not_a_participant(nlp):
    text = ("President Daniel Mwangi's national security adviser, Peter Kamau, met Norwegian "
            "Foreign Minister Ingrid Dahl in Vienna on Monday.")
    names, r = next(iter(reports(nlp, text, TUE)))
    assert not any("Mwangi" in n for n in names) and any("Kamau" in n for n in names), names
    assert r.place == "Vienna"


def test_a_venue_stands_for_its_city(nlp):
    text = ("Kenyan President Daniel Mwangi, in Moscow since Monday, met Russian Foreign Minister "
            "Pavel Dorin at the Kremlin on Tuesday.")
    assert only(reports(nlp, text, TUE), "Mwangi", "Dorin").place == "Moscow"


def test_where_the_sources_are_is_not_the_place(nlp):
    text = ("On Monday, Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister "
            "Erik Lunde, according to officials in Berlin.")
    assert only(reports(nlp, text, TUE), "Mwangi", "Lunde").place is None


def test_the_port_city_of_is_a_place(nlp):
    text = "Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in the port city of Mombasa."
    assert only(reports(nlp, text, TUE), "Mwangi", "Lunde").place == "Mombasa"


def test_a_call_has_no_place(nlp):
    text = ("Kenyan President Daniel Mwangi held a call with Norwegian Prime Minister Erik Lunde "
            "on a ceasefire in Gaza on Monday.")
    r = only(reports(nlp, text, TUE), "Mwangi", "Lunde")
    assert (r.mode, r.place) == ("phone", None)


def test_status_cues():
    assert _status("The president expressed a desire to meet the king.") == "proposed"
    assert _status("The two ministers were to hold talks later in the day.") == "planned"
    assert _status("The two ministers met on Sunday in the capital.") == "held"
    assert _status("The premier is expected to receive the envoy tomorrow.") == "planned"


@pytest.mark.parametrize("text", [
    "after the four-party talk in Geneva",
    "she is due to call on President Mwangi",
    "the call between the two leaders lasted an hour",
])
def test_triggers(text):
    assert _trigger_spans(text)


@pytest.mark.parametrize("text", [
    "the plan failed to meet its target",
    "she will call on the parties to show restraint",
])
def test_not_triggers(text):
    assert not _trigger_spans(text)


def test_a_month_and_day_the_model_misses_keep_their_day():
    from diplotui.extract.meetings import _DATE_RELATIVE

    assert _DATE_RELATIVE.search("recalled the March 3 call between them").group(0) == "March 3"


def test_a_pronoun_subject_is_the_person_named_before(nlp):
    text = ("Kenyan President Daniel Mwangi arrived in Nairobi on Monday. "
            "Before that, she had talks with Norwegian Prime Minister Erik Lunde.")
    only(reports(nlp, text, FRI), "Lunde", "Mwangi")


def test_there_is_the_place_named_before(nlp):
    text = ("Kenyan President Daniel Mwangi flew to the port city of Mombasa on Monday. "
            "He held talks there on Tuesday with Norwegian Prime Minister Erik Lunde.")
    assert only(reports(nlp, text, FRI), "Lunde").place == "Mombasa"


def test_separate_meetings_are_one_each(nlp):
    text = ("Kenyan President Daniel Mwangi will hold separate meetings with Norwegian Prime Minister "
            "Erik Lunde and with Swedish Foreign Minister Anna Lind.")
    found = reports(nlp, text, FRI)
    assert only(found, "Lunde").participants != only(found, "Lind").participants


def test_a_clause_sharing_the_subject_takes_its_place_and_date(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Nairobi on Tuesday. "
            "Lunde visited Oslo in March last year, and held talks with Mwangi during that visit.")
    places = sorted(r.place or "" for _, r in reports(nlp, text, FRI))
    assert places == ["Nairobi", "Oslo"], places


def test_hosting_a_titled_guest_is_a_meeting(nlp):
    text = "Kenyan President Daniel Mwangi will host Norwegian Prime Minister Erik Lunde on Friday at the White House."
    r = only(reports(nlp, text, TUE), "Mwangi", "Lunde")
    assert (r.status, r.place, r.date) == ("planned", "White House", "2024-05-17")  # no city named: the venue


def test_supporters_of_someone_are_not_that_person(nlp):
    text = ("The meeting was held days after angry supporters of former President Daniel Mwangi forced their way into "
            "parliament.")
    assert reports(nlp, text, FRI) == []


def test_a_weekday_and_last_year_are_different_meetings():
    from diplotui.extract.meetings import _dates_conflict

    assert _dates_conflict("on Tuesday", "in March last year")
    assert not _dates_conflict("on Tuesday", "Tuesday")


def test_offices_that_met_before_are_not_todays_holders(nlp):
    text = ("Kenyan Foreign Minister Amina Odhiambo met Norwegian Foreign Minister Ingrid Dahl in Nairobi on Monday. "
            "The foreign ministers of the two countries last met in Oslo in 2019.")
    assert [r.place for _, r in reports(nlp, text, FRI)] == ["Nairobi"]


def test_the_two_named_before_met(nlp):
    text = ("Kenyan Foreign Minister Amina Odhiambo arrived in Oslo on Monday. "
            "The two officials had first met in March, in Nairobi.")
    r = only(reports(nlp, text, FRI), "Odhiambo")
    assert (r.place, r.status) == ("Nairobi", "held")


def test_a_modal_in_a_relative_clause_is_about_something_else():
    assert _status("They signed a pact on Thursday that will ease trade, at a virtual summit convened despite the "
                   "storm.") == "held"
    assert _status("After the meeting, the minister said they would sign a pact.") == "held"


def test_here_is_the_dateline(nlp):
    text = "Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde here on Monday."
    doc = nlp(text)
    from diplotui.extract.nlp import KEY

    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=text, dateline="Nairobi", published=TUE))
    assert [r.place for r in ex.reports] == ["Nairobi"]
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=text, published=TUE))
    assert [r.place for r in ex.reports] == [None]


def test_talks_that_are_the_purpose_of_a_meeting_are_that_meeting(nlp):
    text = ("Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde were set to meet on Friday in "
            "Nairobi for the second round of talks since 2019.")
    r = only(reports(nlp, text, TUE), "Mwangi", "Lunde")
    assert (r.status, r.date, r.place) == ("planned", "2024-05-17", "Nairobi")


@pytest.mark.parametrize("text,window", [
    ("late last month", ("2024-04-21", "2024-04-30")),
    ("next week", ("2024-05-13", "2024-05-19")),
    ("in April", ("2024-04-01", "2024-04-30")),
    ("on Tuesday", ("2024-05-07", "2024-05-07")),
])
def test_a_date_window_bounds_what_the_text_does_not_name(text, window):
    from diplotui.extract.meetings import date_window

    assert date_window(text, FRI, resolve_date(text, FRI, "held")) == window


def test_next_week_and_late_last_month_name_no_day():
    assert resolve_date("next week", FRI, "planned").precision is None
    assert resolve_date("late last month", FRI, "held").precision == "month"


def test_a_capital_is_a_place_whatever_the_model_tags_it():
    import spacy

    from diplotui.extract.meetings import _places

    doc = spacy.blank("en")("The minister received her counterpart at the ministry in Pretoria on Monday.")
    assert [name for _, name in _places(doc, 0, len(doc))] == ["Pretoria"]
    doc = spacy.blank("en")("The minister spoke in Parliament on Monday.")
    assert _places(doc, 0, len(doc)) == []


def test_during_the_visit_is_where_the_visit_is(nlp):
    text = ("Kenyan President Daniel Mwangi will hold talks with Norwegian Prime Minister Erik Lunde in Oslo on "
            "Monday. Mwangi will also meet Swedish Foreign Minister Anna Lind during the visit.")
    assert only(reports(nlp, text, FRI), "Lind").place == "Oslo"


def test_held_negotiations_is_a_meeting():
    assert _trigger_spans("the minister held negotiations with his counterpart")


def test_the_meeting_that_followed_a_call_is_not_the_call(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Nairobi on Tuesday. "
            "It followed a phone conversation the two leaders had on March 3, 2024.")
    found = sorted((r.mode, r.place, r.date) for _, r in reports(nlp, text, FRI))
    assert found == [("in-person", "Nairobi", "2024-05-07"), ("phone", None, "2024-03-03")], found


def test_the_talks_come_after_a_call_named_in_the_same_sentence(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Nairobi on Tuesday. "
            "The talks come after Swedish Prime Minister Anna Lind and Mwangi spoke by phone last month.")
    found = sorted((r.mode, len(r.participants)) for _, r in reports(nlp, text, FRI))
    assert found == [("in-person", 2), ("phone", 2)], found


def test_they_last_met_is_another_meeting_and_held(nlp):
    text = ("Kenyan Foreign Minister Amina Odhiambo is expected to meet Norwegian Foreign Minister Ingrid Dahl in "
            "Oslo next week. Odhiambo and Dahl last met in Nairobi in October, agreeing then to hold regular talks.")
    found = sorted((r.status, r.place) for _, r in reports(nlp, text, FRI))
    assert found == [("held", "Nairobi"), ("planned", "Oslo")], found


def test_since_a_date_does_not_date_the_meeting(nlp):
    text = ("Kenyan President Daniel Mwangi will meet Norwegian Prime Minister Erik Lunde, their first meeting since "
            "2019.")
    assert only(reports(nlp, text, FRI), "Mwangi", "Lunde").date is None


def test_an_earlier_meeting_of_the_same_pair_stays_apart(nlp):
    text = ("Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde on Tuesday. "
            "Mwangi had earlier met Lunde in March.")
    assert len(reports(nlp, text, FRI)) == 2


def test_participants_listed_in_a_later_sentence_join_the_meeting(nlp):
    text = ("Kenyan Foreign Minister Amina Odhiambo held trilateral talks in Nairobi on Monday. "
            "The three ministers who took part were Odhiambo, Norwegian Foreign Minister Ingrid Dahl "
            "and Swedish Foreign Minister Anna Lind.")
    found = reports(nlp, text, FRI)
    assert len(found) == 1 and len(found[0][1].participants) == 3, found


def test_the_meeting_will_be_attended_by_joins_it(nlp):
    text = ("Kenyan Foreign Minister Amina Odhiambo will host Norwegian Foreign Minister Ingrid Dahl in Nairobi on "
            "Monday. The talks are also to be attended by Swedish Foreign Minister Anna Lind.")
    found = reports(nlp, text, FRI)
    assert len(found) == 1 and len(found[0][1].participants) == 3, found


def test_a_speaker_about_the_meeting_is_not_a_participant(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Nairobi on Tuesday. "
            "Swedish Foreign Minister Anna Lind said the meeting had been useful for the region.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert len(r.participants) == 2


def test_the_source_closing_the_sentence_is_not_a_participant(nlp):
    text = ("President Daniel Mwangi will fly to Oslo on Monday, where he will meet his Norwegian counterpart "
            "Erik Lunde on Wednesday, Trade Minister Grace Achieng told a news conference.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert len(r.participants) == 2


def test_a_person_to_be_met_another_day_is_another_meeting(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Nairobi on Tuesday, "
            "and will meet Swedish Foreign Minister Anna Lind next week.")
    found = sorted((len(r.participants), r.status) for _, r in reports(nlp, text, FRI))
    assert found == [(2, "held"), (2, "planned")], found


def test_leaving_one_city_for_another_goes_to_the_other(nlp):
    text = ("Kenyan President Daniel Mwangi will leave Nairobi for Oslo on Monday, and is to hold talks with "
            "Norwegian Prime Minister Erik Lunde on Tuesday.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert (r.place, r.date, r.status) == ("Oslo", "2024-05-14", "planned")


def test_separate_talks_after_a_session_are_another_meeting_that_day(nlp):
    text = ("Kenyan Foreign Minister Amina Odhiambo, Norwegian Foreign Minister Ingrid Dahl and Swedish Foreign "
            "Minister Anna Lind met in Nairobi on Tuesday. "
            "After the trilateral session, Odhiambo and Dahl held separate bilateral talks.")
    found = sorted((len(r.participants), r.place, r.date) for _, r in reports(nlp, text, FRI))
    assert found == [(2, "Nairobi", "2024-05-07"), (3, "Nairobi", "2024-05-07")], found


def test_a_pronoun_after_a_leading_phrase_is_the_subject(nlp):
    text = ("Kenyan President Daniel Mwangi travelled to Norway and Sweden last week. "
            "In Oslo he met Norwegian Prime Minister Erik Lunde.")
    only(reports(nlp, text, FRI), "Mwangi", "Lunde")


def test_the_day_named_later_dates_a_meeting_announced_for_next_week(nlp):
    text = ("Kenyan President Daniel Mwangi will visit Oslo next week and is to meet Norwegian Prime "
            "Minister Erik Lunde. Mwangi will hold talks with Lunde on Tuesday, officials said.")
    assert only(reports(nlp, text, FRI), "Mwangi", "Lunde").date == "2024-05-14"


def test_since_taking_office_does_not_date_the_visit(nlp):
    text = ("Kenyan President Daniel Mwangi welcomed Norwegian Prime Minister Erik Lunde in Nairobi this morning, "
            "on his first visit since he took office in August 2023.")
    assert only(reports(nlp, text, FRI), "Mwangi", "Lunde").date == "2024-05-10"


def test_a_day_announced_ahead_is_planned_and_ahead(nlp):
    text = "On April 2, Kenyan President Daniel Mwangi will welcome Norwegian Prime Minister Erik Lunde in Nairobi."
    r = only(reports(nlp, text, PartialDate(2024, 3, 20)), "Mwangi", "Lunde")
    assert (r.status, r.date) == ("planned", "2024-04-02")


def test_next_wednesday_is_after_the_statement():
    assert resolve_date("next Wednesday", FRI, "planned").partial == "2024-05-15"
    assert resolve_date("next Wednesday", PartialDate(2024, 5, 15), "planned").partial == "2024-05-22"


def test_may_the_month_is_not_a_modal():
    assert _status("Harlow, who won the May 21 vote, said once the meeting was over that ties were strong.") == "held"
    assert _status("The two ministers may meet in Oslo.") == "planned"


def test_a_summit_between_the_leaders_of_two_countries_is_not_their_advisers(nlp):
    text = ("Norwegian national security adviser Erik Lunde and Kenyan national security adviser Peter Kamau "
            "held talks in Geneva in March, ahead of a video summit between the elected presidents of the two nations.")
    assert [r.mode for _, r in reports(nlp, text, FRI)] == ["in-person"]


def test_preparations_for_a_summit_are_a_topic():
    assert not _trigger_spans("they discussed preparations for the regional summit in Lima")


def test_an_undated_meeting_of_the_leads_sides_takes_the_leads_day(nlp):
    text = ("Kenya and Norway will expand trade in green hydrogen, the two governments agreed on Thursday.\n\n"
            "The deal was sealed during Kenyan Foreign Minister Daniel Mwangi's visit to Oslo, where he met "
            "Norwegian Foreign Minister Erik Lunde.")
    r = only(reports(nlp, text, SUN), "Mwangi", "Lunde")
    assert (r.status, r.date) == ("held", "2024-05-09")


def test_a_lead_about_other_sides_dates_nothing(nlp):
    text = ("Chile and Peru will expand trade in copper, the two governments agreed on Thursday.\n\n"
            "Separately, Kenyan Foreign Minister Daniel Mwangi visited Oslo, where he met "
            "Norwegian Foreign Minister Erik Lunde.")
    r = only(reports(nlp, text, SUN), "Mwangi", "Lunde")
    assert r.date is None


def test_a_meeting_placed_nowhere_is_where_its_participant_travels(nlp):
    text = ("Kenyan Foreign Minister Daniel Mwangi held talks with Norwegian Foreign Minister Erik Lunde on "
            "Thursday.\n\nIt was Mwangi's first trip to Oslo since taking office.")
    r = only(reports(nlp, text, SUN), "Mwangi", "Lunde")
    assert r.place == "Oslo"


def test_a_pronoun_carries_the_traveller_and_during_the_visit_is_the_trip(nlp):
    text = ("Kenyan Foreign Minister Daniel Mwangi will also meet Norwegian Trade Minister Erik Lunde during the "
            "visit.\n\nThis is Mwangi's first visit to Norway. He arrived in Bergen on Monday.")
    r = only(reports(nlp, text, SUN), "Mwangi", "Lunde")
    assert r.place == "Bergen"


def test_a_trip_does_not_place_a_meeting_the_text_puts_in_another_country_or_time(nlp):
    text = ("Kenyan Foreign Minister Daniel Mwangi also met Norwegian Foreign Minister Erik Lunde in Denmark.\n\n"
            "It was Mwangi's first trip to Oslo since taking office.")
    assert only(reports(nlp, text, SUN), "Mwangi", "Lunde").place is None
    text = ("Kenyan Foreign Minister Daniel Mwangi last met Norwegian Foreign Minister Erik Lunde in 2019.\n\n"
            "It was Mwangi's first trip to Oslo since taking office.")
    assert only(reports(nlp, text, SUN), "Mwangi", "Lunde").place is None


def test_an_undated_meeting_of_the_leads_people_takes_the_leads_day(nlp):
    text = ("Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde agreed on Thursday to open "
            "a joint shipping line.\n\nA statement released after the talks said Lunde would visit Mombasa.")
    r = only(reports(nlp, text, SUN), "Lunde")
    assert (r.status, r.date) == ("held", "2024-05-09")


def test_a_meeting_set_apart_from_the_lead_in_time_or_place_keeps_no_date(nlp):
    lead = ("Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde agreed {} on Thursday to open a "
            "shipping line.")
    later = lead.format("") + "\n\nThe deal comes two weeks after Mwangi attended a summit in Lisbon."
    elsewhere = lead.format("in Oslo") + "\n\nMwangi also attended a summit in Lisbon."
    for text in (later, elsewhere):
        summit = [r for names, r in reports(nlp, text, SUN) if r.place == "Lisbon"]
        assert summit and all(r.date is None for r in summit), text


def test_would_like_to_thank_is_not_a_plan(nlp):
    text = ("We have just finished a round of talks between Kenya and Norway with Prime Minister Erik Lunde "
            "in Oslo, and I would like to thank Prime Minister Lunde for his hospitality, said Kenyan President "
            "Daniel Mwangi.")
    r = only(reports(nlp, text, SUN), "Lunde")
    assert r.status == "held"


def reports_with_headline(nlp, headline: str, body: str, published: PartialDate) -> list[tuple[set[str], object]]:
    """As ``reports``, for an article with a headline (read as the ingest reads it)."""
    from diplotui.extract.meetings import model_text
    from diplotui.extract.nlp import KEY, with_text

    article = Article(part=1, headline=headline, body=body, published=published)
    doc = nlp(next(with_text(nlp, [model_text(article)])))
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, article)
    names = {p.key: p.name for p in ex.people}
    return [({names[k] for k in r.participants}, r) for r in ex.reports]


def test_a_meeting_only_the_headline_tells_is_dated_by_the_lead(nlp):
    body = ("Kenya and Norway on Tuesday reviewed their trade ties, with Kenyan President Daniel Mwangi telling "
            "Norwegian Prime Minister Erik Lunde that exports must grow.\n\nMwangi said tea sales had doubled.")
    found = reports_with_headline(nlp, "Mwangi, Lunde discuss tea exports in Oslo talks", body, FRI)
    r = only(found, "Mwangi", "Lunde")
    assert (r.status, r.date, r.place) == ("held", "2024-05-07", "Oslo")
    assert len(found) == 1


def test_a_headline_to_meet_is_planned_and_the_body_s_meeting_wins(nlp):
    body = "Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde spoke of tea exports."
    r = only(reports_with_headline(nlp, "Mwangi to meet Lunde in Oslo", body, FRI), "Mwangi", "Lunde")
    assert r.status == "planned"
    body = "Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Oslo on Thursday."
    found = reports_with_headline(nlp, "Mwangi, Lunde hold talks in Oslo", body, FRI)
    assert len(found) == 1 and found[0][1].sentences == [body]


def test_a_meeting_just_concluded_is_on_the_day_of_writing(nlp):
    text = ("Kenyan President Daniel Mwangi said: We have just concluded our talks with Prime Minister Erik Lunde "
            "of Norway, and they were frank.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert (r.status, r.date) == ("held", "2024-05-10")


def test_a_weekday_and_a_full_date_agree_when_that_date_was_that_weekday(nlp):
    from diplotui.extract.meetings import _dates_conflict

    assert not _dates_conflict("May 14, 2024", "on Tuesday")  # 14 May 2024 was a Tuesday
    assert _dates_conflict("May 14, 2024", "on Wednesday")
    assert _dates_conflict("on Tuesday", "in March last year")
    text = ("Kenyan President Daniel Mwangi holds talks with Norwegian Prime Minister Erik Lunde in Oslo, "
            "May 14, 2024. [Photo/Agency]\n\nOSLO -- Kenyan President Daniel Mwangi held talks with Norwegian "
            "Prime Minister Erik Lunde in Oslo on Tuesday.")
    assert len(reports(nlp, text, TUE)) == 1


def test_a_phrase_of_meeting_words_is_one_meeting_and_an_honorific_does_not_end_a_sentence(nlp):
    text = ("Kenyan President Daniel Mwangi joined Canada's leader, the Hon. Ian Carter MP, for a Kenya-Canada "
            "Summit Video Conference Meeting on May 6 to review the trade accord.")
    found = reports(nlp, text, FRI)
    assert len(found) == 1
    names, r = found[0]
    assert names == {"Daniel Mwangi", "Ian Carter"} and (r.mode, r.place, r.date) == ("virtual", None, "2024-05-06")
    assert len(list(nlp("Talks with the Hon. Ian Carter ended. Dr. Ana Lima left.").sents)) == 2


def test_later_in_the_year_is_planned(nlp):
    text = ("At a dinner in Oslo on Monday, Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde "
            "agreed on further talks in Nairobi later in the year.")
    assert only(reports(nlp, text, FRI), "Mwangi", "Lunde").status == "planned"


def test_who_is_at_the_summit_a_meeting_is_on_the_sidelines_of_is_not_at_the_meeting(nlp):
    text = ("Kenyan Foreign Minister Daniel Mwangi met Norwegian Foreign Minister Erik Lunde in Geneva on Tuesday "
            "on the sidelines of this week's three-way conference with Swiss Foreign Minister Anna Keller.")
    names, r = reports(nlp, text, FRI)[0]
    assert names == {"Daniel Mwangi", "Erik Lunde"} and r.place == "Geneva"
    assert r.countries == ["Kenya", "Norway"]


def test_the_gathering_a_meeting_is_on_the_sidelines_of_is_another_meeting(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Geneva on Tuesday on the "
            "sidelines of a three-way conference with Swiss President Anna Keller, the three "
            "leaders' first joint meeting since 2020.")
    assert sorted(len(names) for names, _ in reports(nlp, text, FRI)) == [2, 3]


def test_a_nationality_before_a_place_noun_is_not_a_side(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in the Swiss lakeside city of "
            "Geneva.")
    assert only(reports(nlp, text, FRI), "Mwangi").countries == ["Kenya", "Norway"]


def test_a_meeting_held_and_one_to_come_in_one_sentence(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Oslo on Tuesday and will "
            "hold talks with Swedish Prime Minister Eva Lund in Stockholm on Friday.")
    found = reports(nlp, text, TUE)
    assert {(frozenset(n), r.status) for n, r in found} == {
        (frozenset({"Daniel Mwangi", "Erik Lunde"}), "held"), (frozenset({"Daniel Mwangi", "Eva Lund"}), "planned")}


def test_the_talks_continue_the_meeting_not_the_summit_agreed_on(nlp):
    text = ("The foreign ministers of Kenya, Norway and Sweden met in Oslo on Tuesday and agreed to prepare a "
            "summit of their leaders.\n\nNorwegian Foreign Minister Erik Lunde hosted the talks with Kenyan Foreign "
            "Minister Daniel Mwangi and Swedish Foreign Minister Eva Lund.\n\nErik Lunde, Daniel Mwangi and Eva Lund "
            "stand for photographers before their meeting in Oslo on May 7, 2024.")
    found = reports(nlp, text, FRI)
    assert len(found) == 1 and found[0][1].trigger == "met"
    assert (found[0][1].status, found[0][1].date, found[0][1].place) == ("held", "2024-05-07", "Oslo")


def test_the_kind_written_on_the_trigger_wins(nlp):
    text = ("Norwegian Foreign Minister Erik Lunde hosted the talks with Kenyan Foreign Minister Daniel Mwangi and "
            "Swedish Foreign Minister Eva Lund in Oslo on Tuesday, a trilateral ministerial session, the first in "
            "years.\n\nAfter the trilateral session, Lunde and Mwangi held separate bilateral talks.")
    kinds = {frozenset(names): r.kind for names, r in reports(nlp, text, FRI)}
    assert kinds[frozenset({"Erik Lunde", "Daniel Mwangi"})] == "bilateral"


def test_a_meeting_said_to_be_trilateral_is_not_the_pair_s_meeting(nlp):
    text = ("Kenyan Foreign Minister Daniel Mwangi met Norwegian Foreign Minister Erik Lunde in Oslo on Tuesday.\n\n"
            "The two ministers also took part in a trilateral meeting with Sweden on the same day.")
    assert sorted(r.kind for _, r in reports(nlp, text, FRI)) == ["bilateral", "trilateral"]


def test_countries_joined_by_hyphens_tell_the_kind(nlp):
    text = ("Kenyan President Daniel Mwangi will travel to Oslo to attend the 3rd Kenya-Norway-Sweden Leaders' "
            "Meeting on Sunday, hosted by Norwegian Prime Minister Erik Lunde.")
    assert only(reports(nlp, text, FRI), "Mwangi", "Lunde").kind == "trilateral"


def test_a_kind_before_an_earlier_meeting_word_is_that_meeting_s(nlp):
    text = ("Attending the trilateral summit in Oslo, Kenyan President Daniel Mwangi also held talks with Norwegian "
            "Prime Minister Erik Lunde on Tuesday.")
    kinds = {r.trigger: r.kind for _, r in reports(nlp, text, FRI)}
    assert kinds["talks"] == "bilateral"


def test_a_meeting_the_dateline_sentence_tells_without_a_place_is_in_the_dateline_city(nlp):
    from diplotui.extract.nlp import KEY

    body = ("OSLO (Reuters) - Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde agreed on "
            "Tuesday to expand trade after talks between the two leaders.\n\nMwangi later flew to Lima, where he "
            "met Peruvian President Ana Huaman.")
    ex = Extraction.from_dict(nlp(body).user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=body, published=FRI, dateline="Oslo"))
    names = {p.key: p.name for p in ex.people}
    places = {frozenset(names[k] for k in r.participants): r.place for r in ex.reports}
    assert places == {frozenset({"Daniel Mwangi", "Erik Lunde"}): "Oslo",
                      frozenset({"Daniel Mwangi", "Ana Huaman"}): "Lima"}


def test_a_second_meeting_that_same_day_is_where_the_day_s_first_meeting_was(nlp):
    text = ("Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde in Oslo on Tuesday."
            "\n\nIn March last year Mwangi met Swedish Foreign Minister Eva Lund in Stockholm.\n\n"
            "Mwangi is also to meet Danish Foreign Minister Lars Holm later in the day.")
    assert only(reports(nlp, text, TUE), "Holm").place == "Oslo"


def test_agreeing_to_meet_and_a_meeting_that_has_been_proposed():
    assert _status("The two envoys agreed to meet again in Lagos in the coming weeks.") == "planned"
    assert _status("The two envoys discussed trade and agreed to convene a regional summit.") == "planned"
    assert _status("The envoys will gather in Lagos later this month.") == "planned"
    assert _status("A state visit by the king to Lima has been proposed for the spring.") == "proposed"
    assert _status("The two envoys agreed on a new trade route when they met in Lagos.") == "held"


def test_an_earlier_meeting_does_not_make_the_next_one_held(nlp):
    text = ("After the meeting, Peruvian Foreign Minister Daniel Ortiz flew to Quito, where he is scheduled "
            "to meet Ecuadorian President Marta Salinas on Thursday.")
    r = only(reports(nlp, text, SUN), "Ortiz", "Salinas")
    assert (r.status, r.date) == ("planned", "2024-05-16")


def test_a_host_receiving_a_named_person_and_a_courtesy_call(nlp):
    text = ("Norwegian Prime Minister Erik Lunde arrived in Nairobi on Monday. "
            "Kenyan President Daniel Mwangi received Lunde at State House in Nairobi on Tuesday.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert (r.status, r.date, r.place) == ("held", "2024-05-07", "Nairobi")
    text = ("Norwegian Prime Minister Erik Lunde arrived in Nairobi on Monday. "
            "Kenyan President Daniel Mwangi received Lunde's letter on Tuesday.")
    assert not [r for names, r in reports(nlp, text, FRI) if len(names) >= 2]
    text = ("Trade Minister Kofi Mensah-Boateng received a courtesy call from Ambassador Ines Quiroga in Accra on "
            "Tuesday.")
    r = only(reports(nlp, text, FRI), "Quiroga", "Mensah-Boateng")
    assert (r.status, r.date, r.place) == ("held", "2024-05-07", "Accra")


def test_where_an_envoy_is_posted_is_not_the_meeting_place(nlp):
    text = ("Russian Deputy Foreign Minister Alexei Nikolayevich Voronin met with Kazakhstan's Ambassador to "
            "Russia Daulet Serikbayev in Moscow on Wednesday, the ministry said.")
    r = only(reports(nlp, text, FRI), "Voronin", "Serikbayev")
    assert (r.place, r.date) == ("Moscow", "2024-05-08")


def test_a_separate_call_is_one_meeting_not_one_per_person(nlp):
    text = ("Kenyan President Daniel Mwangi spoke by phone with Norwegian Prime Minister Erik Lunde on Tuesday. "
            "In a separate video call on Wednesday, Mwangi spoke with Ugandan President Joseph Okello.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Okello")
    assert (r.mode, r.date) == ("virtual", "2024-05-08")


def test_hosting_a_counterpart_and_speaking_with_an_official(nlp):
    text = "Kenyan President Daniel Mwangi will host his Ugandan counterpart Joseph Okello in Nairobi on Thursday."
    r = only(reports(nlp, text, TUE), "Mwangi", "Okello")
    assert (r.status, r.date, r.place) == ("planned", "2024-05-16", "Nairobi")
    text = "Norwegian Foreign Minister Erik Lunde spoke today with Kenyan Foreign Minister Ruth Achieng."
    r = only(reports(nlp, text, TUE), "Lunde", "Achieng")
    assert (r.status, r.date) == ("held", "2024-05-14")
    text = ("Norwegian Foreign Minister Erik Lunde arrived in Nairobi on Monday. "
            "On Tuesday Lunde spoke with Ruth Achieng about fisheries.")
    r = only(reports(nlp, text, TUE), "Lunde", "Achieng")
    assert (r.status, r.date) == ("held", "2024-05-14")
    text = "Norwegian Foreign Minister Erik Lunde spoke with reporters after Kenyan President Daniel Mwangi left."
    assert not [r for names, r in reports(nlp, text, TUE) if len(names) >= 2]


def test_a_meeting_on_the_sidelines_takes_the_gathering_s_place_and_day(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde on the sidelines of the "
            "General Assembly in New York on Tuesday, his office said.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert (r.status, r.place, r.date) == ("held", "New York", "2024-05-07")
    # "ahead of" a gathering: its place is not the meeting's
    text = "Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde ahead of the conference in Oslo."
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert r.place is None


def test_a_day_in_a_who_clause_does_not_date_the_main_clause_s_meeting(nlp):
    text = ("Norwegian Prime Minister Erik Lunde, who arrived in Nairobi on Monday, is expected to meet "
            "Kenyan President Daniel Mwangi at State House.")
    r = only(reports(nlp, text, SUN), "Lunde", "Mwangi")
    assert (r.status, r.date) == ("planned", None)
    text = "Norwegian Prime Minister Erik Lunde, who met Kenyan President Daniel Mwangi on Monday, flew home."
    r = only(reports(nlp, text, TUE), "Lunde", "Mwangi")
    assert (r.status, r.date) == ("held", "2024-05-13")


def test_the_same_evening_refers_to_the_day_in_a_who_clause(nlp):
    text = ("Norwegian Prime Minister Erik Lunde, who arrived in Nairobi on Monday, received Kenyan Foreign "
            "Minister Ruth Achieng at his hotel the same evening.")
    r = only(reports(nlp, text, TUE), "Lunde", "Achieng")
    assert (r.status, r.date) == ("held", "2024-05-13")


def test_a_transcript_speaker_is_the_we_of_their_turn(nlp):
    text = ("SECRETARY HALVORSEN: Good afternoon. It is a pleasure to welcome Foreign Minister Ngozi Adeyemi of "
            "Nigeria to Washington. We had a productive meeting this morning.\n\n"
            "FOREIGN MINISTER ADEYEMI: Thank you, Mr. Secretary.\n\n"
            "QUESTION: Will you meet the president again?")
    found = reports(nlp, text, TUE)
    r = only(found, "HALVORSEN", "Adeyemi")
    assert (r.status, r.place) == ("held", "Washington")
    assert not [names for names, r in found if "HALVORSEN" in names and "president" in " ".join(r.sentences)]


def test_a_schedule_of_consultations_is_not_a_meeting(nlp):
    text = ("Kenyan President Daniel Mwangi and Norwegian Prime Minister Erik Lunde met in Oslo on Tuesday.\n\n"
            "Mwangi and Lunde agreed that their foreign ministries would keep to a fixed schedule of "
            "consultations.")
    found = reports(nlp, text, FRI)
    assert found and all(r.trigger != "consultations" for _, r in found)


def test_whom_greetings_or_a_letter_come_from_is_not_at_the_meeting(nlp):
    pair = {"Daniel Mwangi", "Erik Lunde"}
    text = ("Kenyan Foreign Minister Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde in Oslo on "
            "Tuesday and passed on the best wishes of Kenyan President Ana Keller and Vice President Tom Otieno.")
    assert [names for names, _ in reports(nlp, text, FRI)] == [pair]
    text = ("Kenyan Foreign Minister Daniel Mwangi met Norwegian Prime Minister Erik Lunde in Oslo on Tuesday and "
            "handed him a letter from Kenyan President Ana Keller.")
    assert [names for names, _ in reports(nlp, text, FRI)] == [pair]


def test_the_nationality_and_office_opening_a_sentence_is_the_article_s_one_such_official(nlp):
    text = ("Swedish Foreign Minister Eva Lund landed in Nairobi on Thursday for talks with Kenyan Foreign Minister "
            "Ruth Achieng.\n\nThe Swedish minister is due to meet President Daniel Mwangi on Saturday.")
    names = [n for n, r in reports(nlp, text, FRI) if "Daniel Mwangi" in n]
    assert names == [{"Daniel Mwangi", "Eva Lund"}]


def test_receiving_another_country_s_envoy(nlp):
    text = "Prime Minister Daniel Mwangi received Norway's special envoy Erik Lunde at his office today."
    r = only(reports(nlp, text, TUE), "Mwangi", "Lunde")
    assert (r.status, r.date) == ("held", "2024-05-14")


def test_a_place_the_talks_were_about_is_not_where_they_were(nlp):
    text = ("Kenyan President Daniel Mwangi met Norwegian Prime Minister Erik Lunde on Tuesday. "
            "During the meeting, they discussed efforts to secure a ceasefire in Gaza and the war in Kyiv.")
    r = only(reports(nlp, text, FRI), "Mwangi", "Lunde")
    assert r.place is None


def test_the_dateline_s_day_is_when_the_story_was_filed_not_the_meeting_s(nlp):
    text = ("ACCRA, May 10, 2024 (GNA) - Kenyan Foreign Minister Ruth Achieng has held talks with her Norwegian "
            "counterpart Erik Lunde in Oslo.")
    r = only(reports(nlp, text, FRI), "Achieng", "Lunde")
    assert (r.status, r.date, r.place) == ("held", None, "Oslo")
    text = ("OSLO, May 10 (NTB) -- Kenyan Foreign Minister Ruth Achieng and her Norwegian counterpart Erik Lunde "
            "agreed on Wednesday to expand trade after talks in Oslo.")
    r = only(reports(nlp, text, FRI), "Achieng", "Lunde")
    assert (r.status, r.date) == ("held", "2024-05-08")


def test_who_meets_in_a_who_clause_and_after_a_pronoun(nlp):
    text = ("Kenyan President Daniel Mwangi was accompanied by Foreign Minister Ruth Achieng, who held separate talks "
            "with Norwegian Foreign Minister Erik Lunde.")
    found = reports(nlp, text, FRI)
    assert [names for names, _ in found] == [{"Ruth Achieng", "Erik Lunde"}]
    text = ("Norwegian Prime Minister Erik Lunde arrived in Nairobi on Sunday on a two-day visit. "
            "He is expected to travel to Kampala on Wednesday for talks with Ugandan President Joseph Okello.")
    r = only(reports(nlp, text, SUN), "Lunde", "Okello")
    assert (r.status, r.date, r.place) == ("planned", "2024-05-15", "Kampala")


def test_views_exchanged_over_the_phone_are_a_call(nlp):
    text = ("Kenyan President Daniel Mwangi and his Norwegian counterpart Erik Lunde on Monday exchanged views "
            "over the phone on flood relief, officials said.")
    r = only(reports(nlp, text, TUE), "Mwangi", "Lunde")
    assert (r.mode, r.status, r.date) == ("phone", "held", "2024-05-13")


def test_where_a_minister_told_reporters_is_not_the_meeting_place(nlp):
    text = ("Kenyan Foreign Minister Ruth Achieng will meet Norwegian Foreign Minister Erik Lunde next week. "
            "Achieng told reporters in Nairobi that the meeting with Lunde would also address migration.")
    found = reports(nlp, text, FRI)
    assert found and all(r.place != "Nairobi" for _, r in found), found


def test_a_proposal_made_during_a_meeting_does_not_make_it_proposed(nlp):
    text = ("Kenyan Foreign Minister Ruth Achieng proposed holding a regional summit in Nairobi, during a meeting "
            "with Norwegian Foreign Minister Erik Lunde on Tuesday.")
    found = reports(nlp, text, FRI)
    assert ("held", "2024-05-07") in [(r.status, r.date) for names, r in found if len(names) == 2], found
    assert _status("The minister will propose a summit during a meeting with her counterpart.", 44) == "planned"
    assert _status("The minister proposed a summit with her counterpart.") == "proposed"


def test_the_envoy_is_the_envoy_named_before(nlp):
    text = ("Prime Minister Daniel Mwangi received Norway's special envoy Erik Lunde at his office on Tuesday. "
            "The envoy had held talks with Foreign Minister Ruth Achieng earlier that day.")
    found = reports(nlp, text, FRI)
    assert ({"Erik Lunde", "Ruth Achieng"}, "held") in [(names, r.status) for names, r in found], found
    text = ("Prime Minister Daniel Mwangi received Norway's special envoy Erik Lunde on Tuesday. "
            "The minister said the talks with Lunde had gone well.")
    found = reports(nlp, text, FRI)
    assert found and all(len(names) <= 2 for names, _ in found)


def test_an_earlier_meeting_of_the_same_people_is_another_report(nlp):
    text = ("Kenyan President Daniel Mwangi said he had a candid discussion with Norwegian Prime Minister Erik "
            "Lunde after their talks. Mwangi and Lunde previously met in Oslo on May 2.")
    found = sorted((r.place or "", r.date or "") for names, r in reports(nlp, text, FRI) if len(names) == 2)
    assert found == [("", ""), ("Oslo", "2024-05-02")], found


def test_a_wish_for_a_summit_with_no_one_to_meet_is_no_report(nlp):
    text = "Kenyan President Daniel Mwangi has called for a summit of East African leaders later this year."
    assert reports(nlp, text, FRI) == []
    text = "Kenyan President Daniel Mwangi expressed a desire to meet Norwegian Prime Minister Erik Lunde."
    assert only(reports(nlp, text, FRI), "Mwangi", "Lunde").status == "proposed"


def test_who_invites_is_at_the_meeting_and_what_he_notes_is_not_his(nlp):
    text = ("At the invitation of Norwegian Prime Minister Lars Dahl, Kenyan President Joseph Wekesa held talks with "
            "him in Oslo on Tuesday.")
    assert [names for names, _ in reports(nlp, text, FRI)] == [{"Lars Dahl", "Joseph Wekesa"}]
    text = ("Kenyan President Joseph Wekesa spoke at the university on Monday. He noted that Norway would hold "
            "talks with Finnish Prime Minister Aino Virtanen next week.")
    assert all("Joseph Wekesa" not in names for names, _ in reports(nlp, text, FRI))


def test_a_past_meeting_in_the_dateline_sentence_is_not_placed_in_the_dateline_city(nlp):
    from diplotui.extract.nlp import KEY

    body = ("OSLO (Reuters) - Norwegian Prime Minister Lars Dahl said on Thursday he had met Kenyan Foreign Minister "
            "Joseph Wekesa in March.")
    ex = Extraction.from_dict(nlp(body).user_data[KEY])
    finish_reports(ex, Article(part=1, headline="", body=body, published=FRI, dateline="Oslo"))
    assert ex.reports and all(r.place is None for r in ex.reports)


def test_a_gathering_no_one_is_named_at_is_a_venue_not_a_second_meeting(nlp):
    text = ("Kenyan Foreign Minister Joseph Wekesa met Norwegian Foreign Minister Lars Dahl on the sidelines of the "
            "Arctic Council meeting in Tromso on Tuesday.")
    found = reports(nlp, text, FRI)
    assert len(found) == 1 and found[0][1].place == "Tromso"


# ----------------------------------------------------------------------------- syntax and article rules


def test_a_readout_s_opening_meeting_is_the_day_s(nlp):
    """date.readout-day: a held meeting told first, with no date of its own, takes the item's date."""
    for body in ("Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde in Nairobi. "
                 "The sides discussed fisheries.",
                 "Norwegian Prime Minister Erik Lunde had a telephone conversation with Kenyan President "
                 "Daniel Mwangi."):
        found = reports_with_headline(nlp, "Talks on fisheries", body, FRI)
        assert only(found, "Mwangi", "Lunde").date == "2024-05-10", body


def test_a_meeting_told_in_reported_speech_is_not_the_day_s(nlp):
    """date.reported-speech: "A said he had talks with B" does not say when."""
    for body in ("Kenyan President Daniel Mwangi said he had held talks with Norwegian Prime Minister Erik Lunde.",
                 "Norwegian Prime Minister Erik Lunde told reporters that he had met Kenyan President Daniel Mwangi."):
        found = reports_with_headline(nlp, "Fisheries pact in view", body, FRI)
        assert only(found, "Mwangi", "Lunde").date is None, body


def test_a_later_sentence_s_month_does_not_date_the_readout(nlp):
    """date.not-from-aside: a month or year a sentence after the lead gives ("after the floods in
    March", "until 2035") is not when the readout's meeting was."""
    for later in ("After their talks the leaders adopted a joint fisheries plan running until 2035.",
                  "Mwangi recalled the floods of March, when Lunde had sent rescue teams, during the talks."):
        body = ("Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde in Nairobi. "
                f"The sides discussed fisheries and the port. {later}")
        found = reports_with_headline(nlp, "Talks in Nairobi", body, FRI)
        assert [r.date for names, r in found if r.sentences[0].startswith("Kenyan President")] == ["2024-05-10"], found


def test_the_date_line_s_place_places_the_day_s_meeting(nlp):
    """place.date-line: the place after a stamp's time, its city when it names a known venue."""
    from diplotui.extract.meetings import date_line_city
    from diplotui.extract.read import read_text

    article = read_text("Meeting with Prime Minister Erik Lunde\n\nMay 10, 2024, 15:20, Old Palace, Kestrel\n\n"
                        "Kenyan President Daniel Mwangi held talks with Norwegian Prime Minister Erik Lunde.\n")[0]
    assert (article.headline, article.date_place) == ("Meeting with Prime Minister Erik Lunde", "Old Palace, Kestrel")
    assert date_line_city("Old Palace, Kestrel") == "Old Palace"
    assert date_line_city("Lindell, Amber Region") == "Lindell"
    assert date_line_city("Amber Region") is None
    assert date_line_city("The White House, Washington") == "Washington"
    article.published = FRI
    from diplotui.extract.meetings import model_text
    from diplotui.extract.nlp import KEY, with_text

    doc = nlp(next(with_text(nlp, [model_text(article)])))
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, article)
    (r,) = [r for r in ex.reports if len(r.participants) == 2]
    assert (r.date, r.place) == ("2024-05-10", "Old Palace") and "place.date-line" in r.rules


def test_an_office_as_subject_means_the_article_s_holder_of_it(nlp):
    """participants.role-reference: "The President of Kenya held talks with B" names the president."""
    for body in ("The President of Kenya held talks with Norwegian Prime Minister Erik Lunde on Monday. "
                 "Kenyan President Daniel Mwangi later thanked his guest.",
                 "Norwegian Prime Minister Erik Lunde met the President of Kenya on Monday. "
                 "President Daniel Mwangi of Kenya called the visit historic."):
        assert [names for names, r in reports(nlp, body, FRI) if "Erik Lunde" in names] == [
            {"Daniel Mwangi", "Erik Lunde"}], body


def test_an_office_alone_makes_no_meeting_of_one_side(nlp):
    """participants.role-reference: "the minister will meet business leaders" is no meeting of hers."""
    text = ("Kenyan Foreign Minister Ruth Achieng arrived in Oslo on Monday. "
            "The minister will also meet business leaders before flying home.")
    assert not [r for names, r in reports(nlp, text, FRI) if names == {"Ruth Achieng"} and r.status == "planned"]


def test_readiness_or_an_invitation_to_meet_is_no_meeting(nlp):
    """status.proposal-head: a meeting governed by readiness, an offer or an invitation is proposed."""
    for text in ("Kenyan President Daniel Mwangi declared himself ready for a meeting with the opposition soon.",
                 "Kenyan President Daniel Mwangi welcomed the invitation to visit Oslo for the next summit of "
                 "the bloc."):
        assert not [r for names, r in reports(nlp, text, FRI) if r.status in ("held", "planned")], text


def test_talks_that_are_a_topic_have_their_own_people(nlp):
    """participants.topic-of: "his view of negotiations among the factions" is no meeting of his."""
    for text in ("Kenyan President Daniel Mwangi shared an assessment of negotiations between both delegations "
                 "in Oslo.",
                 "Norwegian Prime Minister Erik Lunde briefed Kenyan President Daniel Mwangi on the progress of "
                 "the negotiations between the rebels and the army."):
        assert not [r for names, r in reports(nlp, text, FRI) if "Daniel Mwangi" in names and len(names) == 1], text


def test_two_trigger_words_of_one_sentence_are_one_contact(nlp):
    """report.one-per-meeting: "talks … via videoconference" is one virtual meeting."""
    for text in ("Kenyan President Daniel Mwangi will hold talks with Norwegian Prime Minister Erik Lunde "
                 "via videoconference on Friday.",
                 "Kenyan President Daniel Mwangi will have a video call with Norwegian Prime Minister Erik Lunde on "
                 "Friday."):
        found = [r for names, r in reports(nlp, text, TUE) if len(names) == 2]
        assert [r.mode for r in found] == ["virtual"], (text, found)


def test_a_conversation_had_with_someone_is_a_meeting(nlp):
    """trigger.had-conversation; not a conversation with the press."""
    assert _trigger_spans("Mwangi had a brief conversation with Lunde after the dinner.")
    assert _trigger_spans("Mwangi and Lunde have had a long conversation about the border.")
    assert not _trigger_spans("Mwangi had a conversation with the media after the vote.")
    # the conversation closing the sentence: "After the summit, A and B had a brief conversation."
    r = only(reports(nlp, "After the regional summit, President Anja Tervo and Prime Minister Piet Harlow "
                          "had a brief conversation.", SUN), "Tervo", "Harlow")
    assert r.status == "held"
    assert _trigger_spans("Tervo said that she and Harlow had a useful conversation.")


def test_a_call_held_or_had_is_a_phone_call_of_its_people(nlp):
    """trigger.held-call: "A, B and C held a call", "A had a short call with B"; not "a call for calm"."""
    found = reports(nlp, "President Anja Tervo of Finland, Prime Minister Piet Harlow of Norway and "
                         "Chancellor Ada Kell of Austria held a call.", FRI)
    assert only(found, "Tervo", "Harlow", "Kell").mode == "phone"
    r = only(reports(nlp, "Prime Minister Piet Harlow had a short call with President Anja Tervo on Friday.", SUN),
             "Harlow", "Tervo")
    assert (r.status, r.date, r.mode) == ("held", "2024-05-10", "phone")
    assert not _trigger_spans("Tervo has issued a call for calm along the border.")


def test_a_conversation_with_or_between_people_is_a_meeting(nlp):
    """trigger.conversation-with: "her conversation yesterday with B", "the conversation between A and B";
    not a conversation with reporters."""
    r = only(reports(nlp, "Foreign Minister Anja Tervo told the cabinet about her conversation yesterday "
                          "with Prime Minister Piet Harlow.", SUN), "Tervo", "Harlow")
    assert (r.status, r.date) == ("held", "2024-05-11")
    only(reports(nlp, "The conversation between President Anja Tervo and Prime Minister Piet Harlow "
                      "lasted an hour.", SUN), "Tervo", "Harlow")
    assert not _trigger_spans("Tervo spoke again after a long conversation with reporters.")


def test_negotiations_with_someone_are_a_meeting(nlp):
    """trigger.negotiations-with: "after/during the negotiations with B", "her negotiations with B"."""
    r = only(reports(nlp, "President Anja Tervo briefed the cabinet on her negotiations with Prime Minister "
                          "Piet Harlow in Oslo.", SUN), "Tervo", "Harlow")
    assert (r.status, r.place) == ("held", "Oslo")
    only(reports(nlp, "During the negotiations with Prime Minister Piet Harlow, President Anja Tervo raised "
                      "the question of fishing rights.", SUN), "Tervo", "Harlow")
    assert not _trigger_spans("Tervo said negotiations on the budget would resume.")


def test_the_fact_of_a_meeting_is_a_topic_with_its_own_people(nlp):
    """participants.topic-of ("fact"): "A welcomed the fact of the talks between B and C" is B and C's."""
    for text in ("Minister Anja Tervo hailed the fact of a long conversation between President Piet Harlow "
                 "and President Ada Kell.",
                 "Anja Tervo noted the fact of talks between Piet Harlow and Ada Kell in Oslo."):
        found = reports(nlp, text, SUN)
        assert [names for names, r in found] == [{"Piet Harlow", "Ada Kell"}], (text, found)


def _read(nlp, raw: str, published: PartialDate):
    """The reports of a raw item (headline, date line, body) read as the ingest reads it."""
    from diplotui.extract.meetings import model_text
    from diplotui.extract.nlp import KEY, with_text
    from diplotui.extract.read import read_text

    article = read_text(raw)[0]
    article.published = published
    doc = nlp(next(with_text(nlp, [model_text(article)])))
    ex = Extraction.from_dict(doc.user_data[KEY])
    finish_reports(ex, article)
    names = {p.key: p.name for p in ex.people}
    return [({names[k] for k in r.participants}, r) for r in ex.reports]


def test_a_venue_is_the_place_where_the_article_names_no_city(nlp):
    """place.venue-without-city: "to the White House" with no city anywhere is the White House;
    with the city in the text or the date line, the city."""
    text = "President Anja Tervo hosted Prime Minister Piet Harlow at the White House last Friday."
    r = only(reports(nlp, text, SUN), "Tervo", "Harlow")
    assert r.place == "White House"
    r = only(reports(nlp, "Back in Washington, President Anja Tervo hosted Prime Minister Piet Harlow at the "
                          "White House last Friday.", SUN), "Tervo", "Harlow")
    assert r.place == "Washington"
    found = _read(nlp, "Talks with Prime Minister Piet Harlow\n\nMay 10, 2024, 15:20, The Kremlin, Moscow\n\n"
                       "President Anja Tervo and Prime Minister Piet Harlow held talks at the Kremlin.\n", FRI)
    assert only(found, "Tervo", "Harlow").place == "Moscow"


def test_a_meeting_dated_after_the_item_is_planned(nlp):
    """status.future-date: "welcomes B on 20 May" told on 12 May; and status cue look-forward."""
    r = only(reports(nlp, "President Anja Tervo welcomes Prime Minister Piet Harlow to Oslo on May 20, 2024.", SUN),
             "Tervo", "Harlow")
    assert (r.status, r.date) == ("planned", "2024-05-20")
    r = only(reports(nlp, "Prime Minister Piet Harlow meets President Anja Tervo in Oslo on 16 May.", TUE),
             "Tervo", "Harlow")
    assert (r.status, r.date) == ("planned", "2024-05-16")
    r = only(reports(nlp, "President Anja Tervo looks forward to hosting Prime Minister Piet Harlow in Oslo.", SUN),
             "Tervo", "Harlow")
    assert r.status == "planned"


def test_a_round_of_talks_that_is_a_topic_has_its_own_people(nlp):
    """participants.topic-of, looking through "round"/"session": "her assessment of the second round
    of talks between the delegations" is no meeting of hers."""
    for text in ("President Anja Tervo shared her assessment of the second round of talks between two "
                 "delegations held on Monday in Oslo.",
                 "Piet Harlow gave his assessment of the first session of talks between the factions."):
        assert not [r for names, r in reports(nlp, text, SUN) if len(names) == 1], text


def test_a_host_s_verb_before_the_venue_and_then_the_guest(nlp):
    """trigger.host-at-venue: "received in the palace President of B", "welcomed at the palace in C President B"."""
    found = reports(nlp, "The President of Finland received in the Presidential Palace President of the Republic "
                         "of Norway Piet Harlow, who is in Finland on an official visit. President of Finland "
                         "Anja Tervo: Welcome.", SUN)
    assert only(found, "Tervo", "Harlow").status == "held"
    r = only(reports(nlp, "President Anja Tervo of Finland welcomed at the Presidential Palace in Helsinki "
                          "President of the Republic of Norway Piet Harlow.", SUN), "Tervo", "Harlow")
    assert (r.status, r.place) == ("held", "Helsinki")


def test_hosting_an_amir_is_a_meeting(nlp):
    """trigger.host names an amir or sultan as a guest like any head of state."""
    r = only(reports(nlp, "President Anja Tervo is looking forward to welcoming Amir Khalid bin Saad Al Rami of Qatar "
                          "to Helsinki on May 20, 2024.", SUN), "Tervo", "Khalid")
    assert (r.status, r.date) == ("planned", "2024-05-20")
    r = only(reports(nlp, "On Friday President Anja Tervo hosted the Amir of Qatar, Khalid bin Saad Al Rami, "
                          "in Helsinki.", SUN), "Tervo", "Khalid")
    assert r.status == "held"
