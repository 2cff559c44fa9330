"""First and second person in a speaker's words: a transcript's labelled turns and quotations
attributed by a verb of saying ("participants.speaker-turn", "participants.quoted-speaker").

Run through the public pipeline (``pipe_articles``); the people, places and sentences are
invented. Each positive case makes no such report with its rule switched off
(``DIPLOTUI_DISABLE_RULES``).
"""

from __future__ import annotations

import pytest

from diplotui.extract.dates import PartialDate
from diplotui.extract.read import Article

MON = PartialDate(2024, 5, 13)
PAIR = ["Lena Marsk", "Piet Harlow"]


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract.nlp import load

    return load()


def reports(nlp, body: str, headline: str = "Talks in Kestrel") -> list[tuple]:
    """The article's reports as (sorted participant names, status, place, mode)."""
    from diplotui.extract.nlp import pipe_articles

    article = Article(part=1, headline=headline, body=body, published=MON)
    extraction, _ = next(pipe_articles(nlp, [(article, None)]))
    names = {p.key: p.name for p in extraction.people}
    return [(sorted(names[k] for k in r.participants), r.status, r.place, r.mode) for r in extraction.reports]


OPENING = "Valdoran President Lena Marsk held talks with Chancellor Piet Harlow of Ostmark in Kestrel on Monday."


# --- a transcript: the speaker of a labelled turn, and whom they address ----------------------------


@pytest.mark.parametrize("body", [
    # labels at the start of lines
    f"{OPENING}\n\nPresident Lena Marsk: Chancellor, welcome. We had a long meeting in Bergen in March, and the "
    "harbour deal came out of it.\n\nChancellor Piet Harlow: Thank you, Madam President.",
    # the scrape lost the line breaks, and a translator's note follows the name
    f"{OPENING} Chancellor Piet Harlow (interpreted): Madam President, thank you. As you know, we first met in "
    "Bergen in March. President Lena Marsk: Indeed, and it was worth it.",
])
def test_we_in_a_two_person_exchange_is_both_speakers(nlp, body):
    found = reports(nlp, body)
    assert (PAIR, "held", "Bergen", "in-person") in found, found
    assert (PAIR, "held", "Kestrel", "in-person") in found, found  # the day's talks stay their own report


@pytest.mark.parametrize("body", [
    f"{OPENING}\n\nPresident Lena Marsk: Chancellor, welcome to Kestrel. Thank you also for your call in "
    "the spring.\n\nChancellor Piet Harlow: Thank you.",
    f"{OPENING} Chancellor Piet Harlow (interpreted): Madam President, to begin, many thanks for your "
    "kind call in the winter. President Lena Marsk: It was the least I could do.",
])
def test_your_call_is_a_call_between_the_speaker_and_the_addressee(nlp, body):
    found = reports(nlp, body)
    assert (PAIR, "held", None, "phone") in found, found


@pytest.mark.parametrize("body, who", [
    (f"{OPENING}\n\nPresident Lena Marsk: Chancellor, welcome. I know you have met with the leaders of our "
     "fishing cooperatives this morning.\n\nChancellor Piet Harlow: Yes, and it was useful.", ["Piet Harlow"]),
    (f"{OPENING}\n\nPresident Lena Marsk: Chancellor, welcome.\n\nChancellor Piet Harlow: Thank you. Yesterday "
     "I held talks with the heads of your port authority.", ["Piet Harlow"]),
])
def test_a_meeting_of_one_speaker_with_others_is_its_own_report(nlp, body, who):
    found = reports(nlp, body)
    assert (who, "held", None, "in-person") in found, found
    assert (PAIR, "held", "Kestrel", "in-person") in found, found


def test_an_upper_case_label_is_a_speaker(nlp):
    body = (f"{OPENING}\n\nMARSK: It is a pleasure to welcome the Chancellor. We met in Bergen in March as "
            "well.\n\nHARLOW: Thank you.")
    found = reports(nlp, body)
    assert (PAIR, "held", "Bergen", "in-person") in found, found


# --- a quotation attributed by "X said" / "said X" --------------------------------------------------


@pytest.mark.parametrize("body", [
    'Chancellor Piet Harlow of Ostmark spoke in parliament on Tuesday. "The vote matters. I sat down with '
    'Foreign Minister Lena Marsk in Bergen last Friday to settle it," Harlow said.',
    'Valdoran Foreign Minister Lena Marsk spoke to reporters on Tuesday. "We want the ferry back. We spoke '
    'at length with Chancellor Piet Harlow in Bergen about the pipeline and the border," said the minister.',
])
def test_i_or_we_in_a_quotation_is_its_speaker(nlp, body):
    found = reports(nlp, body)
    assert [r[0] for r in found] == [PAIR], found


# --- what stays out ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    # a speaker's intent, no day or place
    f'{OPENING} "We will meet again and we must talk more often," Marsk said.',
    f"{OPENING}\n\nPresident Lena Marsk: We will certainly meet again, Chancellor.\n\nChancellor Piet Harlow: "
    "I hope so.",
    # a nation's or a government's we
    f'{OPENING} "We have held consultations with all our partners on the treaty," Harlow said.',
    f'{OPENING} "We met our obligations under the treaty," Marsk said.',
    # the quotation tells the meeting the article reports
    f'{OPENING} "Our talks today were long and useful," Harlow said afterwards.',
    f"{OPENING}\n\nChancellor Piet Harlow: Madam President, I am happy our meeting could be held at last.\n\n"
    "President Lena Marsk: So am I.",
])
def test_intent_a_nations_we_and_a_retold_meeting_add_no_report(nlp, body):
    found = reports(nlp, body)
    assert [(r[0], r[1]) for r in found] == [(PAIR, "held")], found


# --- "here" in an item with a date line and no dateline (place.here-date-line) ---------------------


@pytest.mark.parametrize("body", [
    "Valdoran President Lena Marsk held talks with Chancellor Piet Harlow of Ostmark.\n\nPresident Lena Marsk: "
    "Chancellor, welcome. Only last week I received your foreign minister here.\n\nChancellor Piet Harlow: "
    "Thank you.",
    "Valdoran President Lena Marsk met members of the harbour council here on Friday.",
])
def test_here_is_the_date_lines_place(nlp, body):
    from diplotui.extract.nlp import pipe_articles

    article = Article(part=1, headline="Talks", body=body, published=MON, date_place="Kestrel")
    extraction, _ = next(pipe_articles(nlp, [(article, None)]))
    names = {p.key: p.name for p in extraction.people}
    found = [(sorted(names[k] for k in r.participants), r.place) for r in extraction.reports]
    assert (["Lena Marsk"], "Kestrel") in found, found


# --- "my <nationality> counterpart" (participants.my-counterpart) -----------------------------------


@pytest.mark.parametrize("body, mode", [
    ('Norwegian Prime Minister Erik Lunde and Kenyan President Daniel Mwangi opened the new port in Mombasa on '
     'Monday. "Last month I hosted my Norwegian counterpart in Nairobi, and the port deal came out of it," '
     'Mwangi said.', "in-person"),
    ("Norwegian Prime Minister Erik Lunde will open a port in Mombasa on Monday.\n\nPresident Daniel Mwangi: "
     "Welcome. Only last week I had a long phone call with my Norwegian counterpart about the port.\n\n"
     "Kenyan Foreign Minister Ruth Achieng: Thank you.", "phone"),
])
def test_my_counterpart_is_the_articles_one_official_of_that_country_and_level(nlp, body, mode):
    found = reports(nlp, body)
    assert (["Daniel Mwangi", "Erik Lunde"], "held", mode) in [(r[0], r[1], r[3]) for r in found], found


def test_my_counterpart_with_two_who_fit_is_no_one(nlp):
    body = ('Norwegian Prime Minister Erik Lunde and Norwegian President Ola Berg toured Mombasa on Monday. '
            '"Last month I hosted my Norwegian counterpart in Nairobi," Kenyan President Daniel Mwangi said.')
    assert [r[0] for r in reports(nlp, body)] == [["Daniel Mwangi"]]


@pytest.mark.parametrize("body", [
    'Chancellor Piet Harlow of Ostmark spoke to reporters on Friday. "The ferry matters. I will meet Foreign '
    'Minister Lena Marsk in Kestrel on Monday to settle it," Harlow said.',
    'Valdoran Foreign Minister Lena Marsk spoke in parliament on Friday. She said: "Next Tuesday I am due to hold '
    'talks with Chancellor Piet Harlow in Bergen about the ferry."',
])
def test_a_quoted_plan_of_the_speaker_is_planned(nlp, body):
    found = reports(nlp, body)
    assert [(r[0], r[1]) for r in found] == [(PAIR, "planned")], found


def rules_of(nlp, body: str) -> list[tuple]:
    """The article's reports as (sorted participant names, rules)."""
    from diplotui.extract.nlp import pipe_articles

    article = Article(part=1, headline="Talks in Kestrel", body=body, published=MON)
    extraction, _ = next(pipe_articles(nlp, [(article, None)]))
    names = {p.key: p.name for p in extraction.people}
    return [(sorted(names[k] for k in r.participants), r.rules) for r in extraction.reports]


@pytest.mark.parametrize("body", [
    f"{OPENING}\n\nPresident Lena Marsk: Chancellor, welcome. We met before the winter, and much has changed "
    "since.\n\nChancellor Piet Harlow: Thank you, Madam President.",
    f"{OPENING}\n\nChancellor Piet Harlow: Madam President, thank you. We recently met in Bergen, and the "
    "harbour deal came out of it.\n\nPresident Lena Marsk: Indeed.",
])
def test_a_meeting_told_with_an_earlier_time_is_marked_earlier(nlp, body):
    found = rules_of(nlp, body)
    earlier = [rules for people, rules in found if "date.earlier-meeting" in rules]
    assert len(earlier) == 1 and "participants.speaker-turn" in earlier[0]
    # the day's talks are not marked
    assert any(people == PAIR and "date.earlier-meeting" not in rules for people, rules in found)
