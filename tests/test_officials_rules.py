"""One small sentence of our own per rule of the stages of extract/officials/ and names.py (made-up people)."""

from __future__ import annotations

import pytest

from diplotui.extract.names import _ascii, block_key, same_person, surname
from diplotui.extract.officials import country_in, find_officials, implied_country
from diplotui.store.text import fullest_title


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract import nlp as nlp_mod

    return nlp_mod.load(with_extraction=False)


def people(nlp, text: str) -> dict[str, tuple[str | None, str | None]]:
    """name -> (title, country) of each person found in ``text``."""
    found, _ = find_officials(nlp(text))
    return {p.name: (p.title, p.country) for p in found}


# ------------------------------------------------------------------ countries by attachment


def test_a_dateline_is_not_the_nationality_of_the_next_name(nlp):
    got = people(nlp, "OSLO (Reuters) – Energy Minister Tomas Varga told reporters the plant would reopen.")
    assert got["Tomas Varga"][1] is None


def test_a_place_before_a_comma_is_not_the_nationality(nlp):
    got = people(nlp, "Before leaving Lisbon, Harold Quimby said the talks had gone well.")
    assert got["Harold Quimby"][1] is None


def test_the_possessive_before_the_title_wins_over_a_country_inside_it(nlp):
    got = people(nlp, "Kenya's Director General for Asian Affairs, Joseph Mwangaza, arrived in Tokyo on Monday.")
    assert got["Joseph Mwangaza"][1] == "Kenya"


def test_an_appositive_attaches_a_country_only_with_a_title(nlp):
    got = people(nlp, "Talks resumed after Maria Oyelaran, Nigeria's top diplomat, landed in Rome.")
    assert got["Maria Oyelaran"] == ("top diplomat", "Nigeria")
    got = people(nlp, "The report was written by Oscar Lindqvist, in Brussels for the week.")
    assert all(c is None for _, c in got.values())


def test_a_title_that_names_its_country(nlp):
    got = people(nlp, "State Councilor Zhou Minghai will visit Nairobi next month.")
    assert got["Zhou Minghai"][1] == "China"
    assert implied_country("Deputy Secretary of State") == "United States"
    assert implied_country("Foreign Minister") is None


def test_a_counterpart_takes_the_country_written_on_it(nlp):
    got = people(nlp, "The minister met her Peruvian counterpart, Lucia Valdivieso, in Quito.")
    assert got["Lucia Valdivieso"][1] == "Peru"


def test_name_of_country(nlp):
    got = people(nlp, "King Hamad Ibrahim of Jordan opened the session.")
    assert any(c == "Jordan" for _, c in got.values())


def test_gazetteer_covers_the_world_with_adjectives_and_seats():
    assert country_in("the Togolese delegation") == "Togo"
    assert country_in("Ivorian officials") == "Côte d'Ivoire"
    assert country_in("a Zhongnanhai statement") == "China"
    assert country_in("the Kremlin said") == "Russia"
    assert country_in("Burkinabe troops") == "Burkina Faso"
    assert country_in("a female minister") is None  # "Malé" is a capital, "male" is not


# ------------------------------------------------------------------ names as people write them


def test_family_name_in_capitals_blocks_with_the_given_first_form():
    assert surname("TANAKA Hana") == "TANAKA"
    assert block_key("TANAKA Hana") == block_key("Hana Tanaka")
    assert same_person("TANAKA Hana", "Hana Tanaka")


def test_diacritics_fold_to_letters_not_holes():
    assert _ascii("Radosław") == "radoslaw"
    assert same_person("Zofia Wróblewska", "Zofia Wroblewska")


# ------------------------------------------------------------------ not people


def test_a_named_venue_is_not_a_person(nlp):
    # the model tags this venue PERSON; a span ending in a venue noun is rejected
    assert people(nlp, "Both envoys stayed at Portuguese Foreign Ministry's Quinta Guesthouse.") == {}


def test_a_headline_list_item_is_chrome(nlp):
    text = ("Foreign Minister Lars Holm met reporters.\n\nRelated Stories\n"
            "- Prime Minister Jonas Berg visits Oslo, pledges aid\n- Markets rally on Monday")
    assert list(people(nlp, text)) == ["Lars Holm"]


def test_credits_and_widgets_are_not_people(nlp):
    assert list(people(nlp, "Foreign Minister Lars Holm met reporters. (Reuters/Peter Janssen)")) == ["Lars Holm"]
    assert people(nlp, "Reporting by Clara Weiss; Editing by Tom Riley") == {}
    assert people(nlp, "The Norwegian delegation met in Oslo.\n\nStay Connected\n\nFollow us.") == {}


def test_business_people_are_not_officials(nlp):
    assert people(nlp, "Talks went well, said Oliver Brandt, chief executive of a Hamburg shipping company.") == {}


# ------------------------------------------------------------------ names after titles, honorifics


def test_a_name_after_a_title_with_a_portfolio(nlp):
    # the model reads "Ocean Resources Tevita Halaholo" as one ORG
    got = people(nlp, "Officials said Minister of Fisheries and Ocean Resources Tevita Halaholo "
                      "would attend the forum.")
    assert got == {"Tevita Halaholo": ("Minister of Fisheries and Ocean Resources", None)}


def test_an_honorific_on_a_name_tagged_as_organisation(nlp):
    got = people(nlp, "Guests heard an opening address from H.E. Sokha Virak, Prime Minister of the Royal "
                      "Government of Cambodia, who thanked them.")
    assert got == {"Sokha Virak": ("Prime Minister of the Royal Government of Cambodia", "Cambodia")}


def test_arabic_names_with_bin_and_an_honorific(nlp):
    found, _ = find_officials(nlp("Talks were led by Sheikh Hamad bin Khalid Al Mansoori, the Emirati foreign "
                                  "minister. Later Hamad bin Khalid met reporters."))
    assert [(p.name, p.country) for p in found] == [("Hamad bin Khalid Al Mansoori", "United Arab Emirates")]
    assert surname("Hamad bin Khalid Al Mansoori") == "Khalid"
    assert surname("Karim al-Haddad") == "Haddad"


def test_a_double_surname_and_a_middle_name_are_the_same_person(nlp):
    found, _ = find_officials(nlp("Kofi Amankwah Boateng arrived on Monday. "
                                  "Amankwah Boateng said the talks were frank."))
    assert [p.name for p in found] == ["Kofi Amankwah Boateng"]
    found, _ = find_officials(nlp("President Maria Luisa Ferreira da Costa spoke on Monday. Luisa thanked her hosts."))
    assert [p.name for p in found] == ["Maria Luisa Ferreira da Costa"]


def test_an_appositive_clause_gives_no_country(nlp):
    got = people(nlp, "Algeria's top diplomat, Karim Benali, met Tunisian President Hedi Mansour in Tunis.")
    assert got["Karim Benali"] == ("top diplomat", "Algeria")
    assert got["Hedi Mansour"] == ("President", "Tunisia")
    got = people(nlp, "Karim Benali was greeted by Tunisian President Hedi Mansour in Tunis.")
    assert got["Karim Benali"] == (None, None)


def test_a_delegation_shares_its_leaders_country(nlp):
    got = people(nlp, "President Ana Kowalczyk of Poland arrived on Monday. Kowalczyk was accompanied by Foreign "
                      "Minister Piotr Zielinski and Trade Minister Ewa Nowak.")
    assert got["Piotr Zielinski"][1] == "Poland" and got["Ewa Nowak"][1] == "Poland"


def test_transcript_speaker_labels(nlp):
    text = ("FOREIGN MINISTER HALVORSEN: Welcome to Oslo.\n\nQUESTION: Will you meet again?\n\n"
            "FOREIGN MINISTER HALVORSEN: Yes, in May.")
    found, mentions = find_officials(nlp(text))
    assert [p.name for p in found] == ["HALVORSEN"] and len(mentions) == 2
    assert found[0].title.lower() == "foreign minister"
    assert people(nlp, "SECRETARY GENERAL: The session is open.") == {}


def test_a_title_before_a_name_in_commas_and_a_plural_title(nlp):
    got = people(nlp, "Chile's Director General for Asian Affairs, Ana Beltrán, was set to travel to Lima.")
    assert got["Ana Beltrán"] == ("Director General for Asian Affairs", "Chile")
    got = people(nlp, "Presidents Samuel Kiprono and Joseph Okello signed the deal.")
    assert set(got) == {"Samuel Kiprono", "Joseph Okello"}


def test_capital_initials_open_a_name(nlp):
    assert "AK Rahman Chowdhury" in people(nlp, "Home Minister AK Rahman Chowdhury told reporters on Sunday.")


def test_korean_spellings_of_one_syllable_meet_and_other_syllables_do_not():
    assert same_person("Yoon Seong-ho", "Yoon Sung-ho")  # one syllable, two romanisations
    assert not same_person("Yoon Sung-ho", "Yoon Song-ho")  # two syllables, two people
    assert not same_person("Baek Min-jae", "Baek Man-jae")


def test_a_lower_case_portfolio_keeps_the_country_before_it(nlp):
    got = people(nlp, "He met Norway's top foreign policy official, Ingrid Lunde, in Geneva.")
    assert got["Ingrid Lunde"][1] == "Norway"


def test_a_double_surname_with_or_without_its_hyphen():
    assert same_person("Kofi Amankwah-Boateng", "Kofi Amankwah Boateng")
    assert block_key("Kofi Amankwah-Boateng") == block_key("Kofi Amankwah Boateng")


def test_a_predicate_with_a_nationality_attaches_it(nlp):
    got = people(nlp, "The first round was held in Oslo last May, when Mara Lindqvist was the Swedish representative.")
    assert got["Mara Lindqvist"][1] == "Sweden"


def test_he_in_a_delegation_is_the_previous_sentence_s_subject(nlp):
    got = people(nlp, "Irish Prime Minister Sean Dooley will fly to Lima on Sunday.\n\n"
                      "Dooley is expected to meet President Ana Huaman in Lima on Monday.\n\n"
                      "He travels accompanied by Foreign Minister Niamh Keane and Trade Minister Colm Ryan.")
    assert got["Niamh Keane"][1] == got["Colm Ryan"][1] == "Ireland"


def test_the_nationality_on_the_leader_goes_to_the_one_unattached_head(nlp):
    got = people(nlp, "President Tomasz Wrona received his Kenyan counterpart Daniel Otieno in Nairobi on Monday.\n\n"
                      "Wrona was accompanied by Energy Minister Ewa Sosna.\n\n"
                      "The Polish leader is due to visit Accra next month.")
    assert got["Tomasz Wrona"][1] == "Poland"
    assert got["Ewa Sosna"][1] == "Poland"  # the delegation follows the leader's country


def test_the_nationality_on_the_leader_is_open_with_two_unattached_heads(nlp):
    got = people(nlp, "President Tomasz Wrona met Prime Minister Lena Berg in Geneva.\n\n"
                      "The Polish leader left the next morning.")
    assert got["Tomasz Wrona"][1] is None and got["Lena Berg"][1] is None


def test_the_nationality_on_the_leader_does_not_reach_far_back(nlp):
    got = people(nlp, "President Tomasz Wrona opened the fair on Monday.\n\nThe fair drew many visitors.\n\n"
                      "Prices were lower this year.\n\nSales rose in the spring.\n\nExports fell in May.\n\n"
                      "The Polish leader has not commented.")
    assert got["Tomasz Wrona"][1] is None


def test_a_department_spokesperson_is_of_the_department_the_article_names(nlp):
    got = people(nlp, "The Canadian Foreign Affairs Department issued a statement on the talks.\n\n"
                      "The two sides agreed to meet again, department spokesperson Claire Dubois said.")
    assert got["Claire Dubois"][1] == "Canada"


def test_an_official_at_the_ministry_is_of_the_ministry_named_with_a_country(nlp):
    got = people(nlp, "Talks were led by Omar Haddad, a deputy minister for trade at the foreign ministry, "
                      "on Tuesday.\n\nThe Foreign Ministry in Amman said the talks went well.")
    assert got["Omar Haddad"][1] == "Jordan"


def test_a_visitor_at_the_ministry_is_not_of_its_country(nlp):
    got = people(nlp, "Omar Haddad held talks at the foreign ministry on Tuesday.\n\n"
                      "The Foreign Ministry in Amman said the talks went well.")
    assert got["Omar Haddad"][1] is None


def test_a_bare_spokesperson_speaks_for_the_body_just_named(nlp):
    got = people(nlp, "On Monday, Peru's foreign ministry said a visit was being prepared.\n\n"
                      "Spokesperson Rosa Quintana told reporters the date was not yet fixed.")
    assert got["Rosa Quintana"][1] == "Peru"


def test_a_bare_spokesperson_far_from_any_body_has_no_country(nlp):
    got = people(nlp, "On Monday, Peru's foreign ministry said a visit was being prepared.\n\n"
                      "The talks will cover trade and fisheries.\n\n"
                      "Spokesperson Rosa Quintana told reporters the date was not yet fixed.")
    assert got["Rosa Quintana"][1] is None


# ------------------------------------------------------------------ the page's own country


def _page(outlet=None, wire=None, url=None):
    from diplotui.extract.read import Article

    return Article(part=1, headline="", body="", outlet=outlet, wire=wire, url=url)


def test_the_page_country_is_its_outlets_its_wires_or_its_domains():
    from diplotui.extract.hosts import home_country

    assert home_country(_page("The Korea Herald")) == "South Korea"  # a national outlet the gazetteer knows
    assert home_country(_page("The Lusaka Courier")) == "Zambia"  # named after its capital
    assert home_country(_page("Harbour Times", wire="Kyodo")) == "Japan"  # the wire's copy
    assert home_country(_page("Harbour Times", url="https://www.harbourtimes.com.gh/a/1")) == "Ghana"
    assert home_country(_page("Harbour Times", url="https://harbourtimes.co/a/1")) is None  # .co is sold as generic
    assert home_country(_page(url="https://www.lusakamonitor.com/a/1")) == "Zambia"  # its domain opens with its capital
    assert home_country(_page(url="https://www.romeoreports.com/a/1")) is None  # not a glued name ("rome" is too short)
    assert home_country(_page(url="https://www.harbourtimes.com/a/1")) is None
    assert home_country(_page("Reuters")) is None  # an international wire
    assert home_country(_page("Embassy of Chile in Peru")) is None  # an embassy speaks of two countries


def _home(people, reports=(), outlet="The Lusaka Courier"):
    from diplotui.extract.hosts import infer_home_countries
    from diplotui.extract.model import Extraction, Person, Report

    ps = [Person(key=i, name=n, variants=[n], title=t, country=c) for i, (n, t, c) in enumerate(people)]
    rs = [Report(participants=list(p), sentences=["."], place=place, mode="in-person") for p, place in reports]
    infer_home_countries(Extraction(people=ps, reports=rs), _page(outlet))
    return [p.country for p in ps]


def test_a_national_officer_with_no_country_in_a_national_paper_is_its_countrys():
    # "Trade Minister Ana Banda and Mining Minister Joe Phiri met investors", in a Zambian paper
    ministers = [("Ana Banda", "Trade Minister", None), ("Joe Phiri", "Mining Minister", None)]
    assert _home(ministers) == ["Zambia", "Zambia"]
    # an ambassador or an official is not named as a minister is: no
    assert _home([("Ana Banda", "Ambassador", None), ("Joe Phiri", "spokesperson", None)]) == [None, None]
    # nor a former president, whom a story recalls for any country's past
    assert _home([("Ana Banda", "former President", None)]) == [None]


def test_two_holders_of_one_office_are_not_both_the_papers():
    # "Presidents Ana Banda and Joe Phiri spoke of the dam"
    assert _home([("Ana Banda", "President", None), ("Joe Phiri", "President", None)]) == [None, None]


def test_the_other_side_of_a_meeting_with_the_papers_country_is_not_it():
    # "Zambian President Ana Banda met Prime Minister Joe Phiri"
    assert _home([("Ana Banda", "President", "Zambia"), ("Joe Phiri", "Prime Minister", None)],
                 [((0, 1), None)]) == ["Zambia", None]
    # "President Ana Banda met Prime Minister Joe Phiri": either may be the visitor
    assert _home([("Ana Banda", "President", None), ("Joe Phiri", "Prime Minister", None)],
                 [((0, 1), None)]) == [None, None]


def test_at_a_meeting_abroad_only_the_visitor_of_a_known_host_is_the_papers():
    # "Foreign Minister Ana Banda is expected to hold talks in Nairobi": the host, or a visitor?
    assert _home([("Ana Banda", "Foreign Minister", None)], [((0,), "Nairobi")]) == [None]
    assert _home([("Ana Banda", "Foreign Minister", None)], [((0,), "Lusaka")]) == ["Zambia"]
    # "... with Kenya's Foreign Minister Joe Phiri in Nairobi"
    assert _home([("Ana Banda", "Foreign Minister", None), ("Joe Phiri", "Foreign Minister", "Kenya")],
                 [((0, 1), "Nairobi")]) == ["Zambia", "Kenya"]


def test_a_legislature_in_a_title_implies_its_country():
    assert implied_country("deputy speaker of the Lok Sabha") == "India"
    assert implied_country("a vice chairman, National People's Congress Standing Committee") == "China"
    assert implied_country("member of the Bundestag") == "Germany"


def test_a_plural_title_gives_each_listed_name_the_title(nlp):
    got = people(nlp, "Presidents Ama Osei and Bo Tan spoke of the new dam.")
    assert got["Ama Osei"][0] == "President" and got["Bo Tan"][0] == "President"


def test_two_adjectives_before_a_plural_title_go_to_the_names_in_order(nlp):
    got = people(nlp, "South Korean and Japanese Foreign Ministers Park Min and Sato Ken met in Busan.")
    assert got["Park Min"] == ("Foreign Minister", "South Korea")
    assert got["Sato Ken"] == ("Foreign Minister", "Japan")


def test_a_hyphenated_surname_the_model_missed_is_a_mention(nlp):
    text = ("Deputy Trade Minister Kofi Asante-Boateng spoke to reporters in Accra on Monday.\n\n"
            "Asante-Boateng, who held talks last week in Lome with Togolese Trade Minister Yawa Mensah-Tetteh, "
            "said the two sides agreed to reopen the border.")
    found, mentions = find_officials(nlp(text))
    kofi = next(p for p in found if p.name == "Kofi Asante-Boateng")
    assert [m.text for m in mentions if m.person == kofi.key] == ["Kofi Asante-Boateng", "Asante-Boateng"]


def test_a_capitalised_and_in_a_headline_ends_a_title(nlp):
    got = people(nlp, "Minister Anna Berg And Danish Trade Minister Lars Holm Hold Talks in Oslo\n\n"
                      "The two ministers met on Monday.")
    assert got["Lars Holm"] == ("Trade Minister", "Denmark")


def test_a_fuller_form_of_the_first_title_wins(nlp):
    got = people(nlp, "Secretary Lena Holm's Visit to Peru\n\n"
                      "Secretary of State Lena Holm met today in Lima with Foreign Minister Ana Huaman.")
    assert got["Lena Holm"][0] == "Secretary of State"
    assert fullest_title(["Minister", "Prime Minister", "Foreign Minister"]) == "Prime Minister"


def test_a_headline_word_after_a_name_is_not_part_of_it(nlp):
    text = ("Finance Secretary Lena Holm And Peruvian Minister of Mines and Energy Ana Huaman At Port Opening\n\n"
            "MINISTER HUAMAN: Thank you all for coming.")
    found, mentions = find_officials(nlp(text))
    assert {p.name for p in found} == {"Lena Holm", "Ana Huaman"}
    assert len(mentions) == 3
    assert "Park Hee-in" in people(nlp, "Park Hee-in, the foreign minister, said on Monday that talks would resume.")


def test_initials_written_onto_a_surname_are_a_mention(nlp):
    text = ("Trade Minister Kwame Osei Boateng flew to Lima on Monday.\n\n"
            "Signing for the Republic of Ghana K.O.Boateng praised the new shipping line.")
    found, mentions = find_officials(nlp(text))
    kwame = next(p for p in found if p.name == "Kwame Osei Boateng")
    assert [m.text for m in mentions if m.person == kwame.key] == ["Kwame Osei Boateng", "K.O.Boateng"]


def test_a_family_name_in_capitals_and_letters_after_a_name(nlp):
    found, _ = find_officials(nlp("Mr. MORINO Kenta, Prime Minister of Japan, arrived on Monday.\n\n"
                                  "Prime Minister Morino said the visit was a success."))
    assert [p.variants for p in found] == [["MORINO Kenta", "Morino"]]
    got = people(nlp, "The minister spoke with the Hon. Ian Carter MP, Prime Minister of Canada, on Monday.")
    assert got["Ian Carter"] == ("Prime Minister of Canada", "Canada")


def test_title_case_headline_words_are_no_person(nlp):
    from diplotui.extract.officials import BODY_START

    headline = "Kenya, Norway Trade Chiefs to Sign Fishing Pact"
    body = ("Kenyan Trade Minister Daniel Mwangi will meet his Norwegian counterpart Erik Lunde in Oslo on Friday.\n\n"
            "Mwangi said the pact would open markets.")
    doc = nlp(f"{headline}\n\n{body}")
    doc.user_data[BODY_START] = len(headline) + 2
    found, _ = find_officials(doc)
    assert {p.name for p in found} == {"Daniel Mwangi", "Erik Lunde"}
    # a person named in the headline whose surname the body repeats stays
    headline = "Mwangi, Lunde Meet in Oslo"
    doc = nlp(f"{headline}\n\n{body}")
    doc.user_data[BODY_START] = len(headline) + 2
    assert {"Daniel Mwangi", "Erik Lunde"} <= {p.name for p in find_officials(doc)[0]}


def test_a_reporter_credited_at_the_end_is_no_official(nlp):
    text = ("Kenyan Trade Minister Daniel Mwangi met Norwegian Foreign Minister Erik Lunde in Oslo on Friday.\n\n"
            "By Astrid Halvorsen, NTB\n\n"
            "Press writer Oluwaseun Bakare in Lagos contributed to this report.\n\n"
            "Ingrid Moe contributed reporting.")
    assert set(people(nlp, text)) == {"Daniel Mwangi", "Erik Lunde"}
    # a sentence that starts with "By" is the story's
    text = "By Friday, Kenyan Trade Minister Daniel Mwangi had met Norwegian Foreign Minister Erik Lunde."
    assert set(people(nlp, text)) == {"Daniel Mwangi", "Erik Lunde"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Turkish President Mehmet Emre Yıldız hosted the Greek prime minister in Ankara on Saturday.",
         "Mehmet Emre Yıldız"),
        ("Colombian President Jorge Luis Arango Mejía has called for a summit of Andean leaders.",
         "Jorge Luis Arango Mejía"),
        ("Kenyan President Samuel Kiprono Langat-Omondi held a phone call with the Ethiopian leader on Tuesday.",
         "Samuel Kiprono Langat-Omondi"),
        ("The minister received Prakash Raghunath Desai, the trade envoy, in Abu Dhabi today.",
         "Prakash Raghunath Desai"),
        ("French Foreign Minister Marie-Claire Dufresne-Aubry on Monday met the Moroccan king in Rabat.",
         "Marie-Claire Dufresne-Aubry"),
    ],
)
def test_a_name_the_model_cut_short_is_read_whole(nlp, text, name):
    assert name in people(nlp, text)


def test_a_portfolio_or_a_postnominal_is_not_part_of_the_name(nlp):
    got = people(nlp, "Minister of Mines and Investment Tran Van Hoa met the Hon. Simon Carter MP, "
                      "Prime Minister of Fiji.")
    assert "Tran Van Hoa" in got and "Simon Carter" in got


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Saudi Foreign Minister Prince Khalid bin Saad Al-Harbi met the Omani envoy in Riyadh on Monday.",
         "Khalid bin Saad Al-Harbi", "Foreign Minister"),
        ("Saudi Crown Prince Salman bin Khalid met the Omani envoy in Riyadh on Monday.",
         "Salman bin Khalid", "Crown Prince"),
        ("Malaysian Foreign Minister Dato' Seri Aziz Rahman Idris spoke to reporters in Kuala Lumpur on Monday.",
         "Aziz Rahman Idris", "Foreign Minister"),
        ("Myanmar's Deputy Foreign Minister U Kyaw Min Thant met the Thai envoy in Bangkok on Monday.",
         "Kyaw Min Thant", "Deputy Foreign Minister"),
    ],
)
def test_honorifics_and_royal_styles_are_neither_name_nor_title(nlp, text, name, title):
    got = people(nlp, text)
    assert set(got) == {name}
    assert got[name][0] == title


def test_a_portfolio_of_two_words_joined_by_and_stays_whole(nlp):
    got = people(nlp, "The minister received Ravi Kumar Pillai, India's Minister of Commerce and Industry, in Dubai.")
    assert got["Ravi Kumar Pillai"] == ("Minister of Commerce and Industry", "India")


def test_offices_from_the_titles_list(nlp):
    got = people(nlp, "Homeland Security Secretary Diane Whitford met the Mexican envoy.")
    assert got["Diane Whitford"] == ("Homeland Security Secretary", "United States")
    got = people(nlp, "Bangladesh's Foreign Adviser Rashed Karim met the Chinese envoy in Dhaka.")
    assert got["Rashed Karim"] == ("Foreign Adviser", "Bangladesh")


def test_the_two_sides_of_a_call_between_do_not_share_a_country(nlp):
    got = people(nlp, "The visit followed a phone call between Kenyan President Daniel Mwangi "
                      "and King Harald Olsen last week.")
    assert got["Daniel Mwangi"][1] == "Kenya" and got["Harald Olsen"][1] is None
    got = people(nlp, "Kenyan President Daniel Mwangi and Foreign Minister Ruth Achieng arrived in Oslo on Monday.")
    assert got["Ruth Achieng"][1] == "Kenya"


def test_the_two_surnames_of_a_known_name_are_a_mention_of_it(nlp):
    text = ("Colombian Foreign Minister María Fernanda Restrepo Gaviria will meet Ecuador's Foreign Minister "
            "Andrés Felipe Cevallos Ortega next week.\n\n"
            "Cevallos Ortega held a phone call with Restrepo Gaviria last Friday, his office said.")
    found, mentions = find_officials(nlp(text))
    names = {p.key: p.name for p in found}
    assert [names[m.person] for m in mentions if m.text == "Restrepo Gaviria"] == ["María Fernanda Restrepo Gaviria"]


def test_a_headline_verb_is_not_part_of_a_name(nlp):
    from diplotui.extract.officials import BODY_START

    for headline in ("Minister Otieno Meets Chinese Envoy", "Kenya's Foreign Minister Visits La Paz"):
        body = "Kenya's Foreign Minister Joyce Otieno met the Chinese ambassador in La Paz on Wednesday."
        doc = nlp(f"{headline}\n\n{body}")
        doc.user_data[BODY_START] = len(headline) + 2
        found, mentions = find_officials(doc)
        assert [(p.name, p.title) for p in found] == [("Joyce Otieno", "Foreign Minister")], headline


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [
        # two offices joined by "and"
        ("Saudi Crown Prince and Prime Minister Mohammed bin Khalid Al-Faisal received the Iraqi envoy on Sunday.",
         "Mohammed bin Khalid Al-Faisal", "Crown Prince and Prime Minister", "Saudi Arabia"),
        ("Deputy Prime Minister and Foreign Minister Tran Quoc Vinh received the Thai envoy on Sunday.",
         "Tran Quoc Vinh", "Deputy Prime Minister and Foreign Minister", None),
        # a portfolio of capitalised words before the office
        ("South Africa's International Relations Minister Thabo Mokoena-Dube met the Kenyan envoy in Pretoria.",
         "Thabo Mokoena-Dube", "International Relations Minister", "South Africa"),
        # the country after "of" in the office; a hyphenated name of six tokens after it
        ("President of Kazakhstan Aidar-Bek Nurlanov-Serik spoke by telephone with the Uzbek leader.",
         "Aidar-Bek Nurlanov-Serik", "President of Kazakhstan", "Kazakhstan"),
    ],
)
def test_offices_written_in_full_before_a_name(nlp, text, name, title, country):
    assert people(nlp, text)[name] == (title, country)


def test_initials_and_the_given_names_they_stand_for_are_one_person(nlp):
    text = ("Russian Deputy Foreign Minister Alexei Nikolayevich Voronin met the Kazakh ambassador on Wednesday.\n\n"
            "A.N. Voronin stressed the importance of the pipeline. Voronin then left for Tashkent.")
    assert set(people(nlp, text)) == {"Alexei Nikolayevich Voronin"}
    text = ("Foreign Minister S.V. Gromenko held talks with the Chinese envoy on Friday.\n\n"
            "Sergei Gromenko said relations were at their best.")
    assert len(people(nlp, text)) == 1


def test_a_single_name_after_a_title_read_as_a_place_is_a_person(nlp):
    text = ("JAKARTA (ANTARA) - President Darmawan met Malaysian Prime Minister Aziz Rahman at the Bogor Palace "
            "on Monday for their yearly consultation.")
    assert people(nlp, text)["Darmawan"][0] == "President"
    # a known place after a title is not one
    assert "Jakarta" not in people(nlp, "The President Jakarta visit was postponed, the Prime Minister Office said.")


def test_a_title_in_a_transcript_label_is_printed_in_title_case(nlp):
    got = people(nlp, "DEPUTY SECRETARY OF STATE HALVORSEN: Good afternoon, and welcome.")
    assert got["HALVORSEN"] == ("Deputy Secretary of State", "United States")


def test_the_pattern_of_glued_initials_is_run_wherever_it_can_match():
    """_spelt_as_surname compiles each article's pattern of initials glued to a surname only where
    _INITIALS_ON_LETTERS finds something: wherever the pattern can match, so must the test."""
    import random
    import re

    from diplotui.extract.officials import _INITIALS_ON_LETTERS

    assert _INITIALS_ON_LETTERS.search("talks with K.Mensah and A.B.C.Owusu-Ansah")
    assert not _INITIALS_ON_LETTERS.search("the U.S. and the U.N. in Washington, D.C., U.S.-led")
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(["A", "B", ".", " ", "x", "Ab", "B.", "-", "é"]) for _ in range(rng.randint(1, 14)))
        surnames = ["".join(rng.choice("ABxé") for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(1, 3))]
        glued = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
        if re.search(rf"(?<![\w.])(?:[A-Z]\.){{1,3}}(?:{glued})(?!\w)", text):
            assert _INITIALS_ON_LETTERS.search(text), (text, surnames)


def test_acronyms_of_offices(nlp):
    assert people(nlp, "EAM Rao held talks with the Saudi envoy in New Delhi on Tuesday.")["Rao"] == ("EAM", "India")
    assert people(nlp, '"Good to meet FM Mauro Lopes today," the minister posted.')["Mauro Lopes"][0] == "FM"


def test_an_economist_quoted_is_no_official(nlp):
    got = people(nlp, '"The decision was expected," said Rohan Mehta, chief economist at a Mumbai brokerage.')
    assert "Rohan Mehta" not in got


def test_a_style_before_a_single_name_is_no_part_of_it(nlp):
    text = ("Malaysian Prime Minister Aziz Rahman will visit Singapore next week.\n\n"
            "Datuk Seri Aziz last met the Singaporean leader in October.")
    found, mentions = find_officials(nlp(text))
    assert [p.name for p in found] == ["Aziz Rahman"]
    assert "Aziz" in {m.text for m in mentions}


def test_a_name_the_model_missed_in_a_list_of_names(nlp):
    text = ("The foreign ministers of Egypt, Jordan and Saudi Arabia — Hany Saber, Nabil Haddadin and Faisal "
            "Al-Otaibi — met to coordinate their positions.")
    assert {"Hany Saber", "Nabil Haddadin", "Faisal Al-Otaibi"} <= set(people(nlp, text))
    assert set(people(nlp, "Officials from Cairo, Nabil Haddadin and Faisal Al-Otaibi met in Amman.")) == {
        "Nabil Haddadin", "Faisal Al-Otaibi"}


def test_a_weekday_before_a_surname_is_no_given_name(nlp):
    found, mentions = find_officials(nlp("Norwegian Foreign Minister Erik Lunde arrived in Nairobi on Monday.\n\n"
                                         "On Tuesday Lunde spoke with Kenyan students."))
    assert [m.text for m in mentions] == ["Erik Lunde", "Lunde"]


def test_the_name_chosen_among_equal_spellings_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    script = (
        "from diplotui.extract import nlp as m\n"
        "from diplotui.extract.officials import find_officials\n"
        "t = ('Foreign Minister Kofi Mensah met Ana Lima on Monday. Kofi Menssah said the talks went well.\\n\\n'\n"
        "     'Later Kofi Mensah left for Accra and Kofi Menssah spoke to reporters.')\n"
        "print([p.name for p in find_officials(m.load(with_extraction=False)(t))[0]])\n"
    )
    names = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
             for seed in (1, 2, 3, 4)}
    assert names == {"['Kofi Mensah']\n"}


def test_a_mission_is_a_portfolio_and_a_road_is_no_person(nlp):
    assert "Ana Berg" in people(nlp, "Deputy Head of Mission Ana Berg met the minister on Monday.")
    got = people(nlp, "The talks were held on U Thant Road in Yangon, where U Win Naing met the envoy.")
    assert "Thant Road" not in got and "Win Naing" in got


def test_a_line_opening_with_by_is_a_byline_only_when_a_name_follows(nlp):
    from diplotui.extract.officials import _CHROME_RE

    assert _CHROME_RE.search("By Jane Doe, Reuters") and _CHROME_RE.search("Ana Lima contributed to this report.")
    assert not _CHROME_RE.search('By Monday, the two ministers had met twice, Dahl told reporters: "We are close"')
    assert not _CHROME_RE.search("Officials contributed to the report on trade, which was released on Tuesday")


def _with_headline(nlp, headline: str, body: str):
    from diplotui.extract.officials import BODY_START

    doc = nlp(f"{headline}\n\n{body}")
    doc.user_data[BODY_START] = len(headline) + 2
    return {p.name: (p.title, p.country) for p in find_officials(doc)[0]}


def test_a_sentence_case_headline_names_people_the_body_does_not(nlp):
    got = _with_headline(nlp, "On May 4, Piet Harlow will hold talks with President of Chile Lena Marsk in Lima",
                         "The two leaders are to review trade ties and regional matters.")
    assert {"Piet Harlow", "Lena Marsk"} <= set(got)
    # a title-case headline's titled name is a person too ("Statement by Spokesperson A on B")
    got = _with_headline(nlp, "Statement by Press Secretary Ada Kellner on the Upcoming Visit of the King of Valdora",
                         "The visit will take place next week.")
    assert got["Ada Kellner"][0] == "Press Secretary"


def test_a_run_together_speaker_label_is_two_forms_of_one_name(nlp):
    text = ("Thank you for coming. President of Chile Tomas Quelver Quelver TomasPresident of Chile: "
            "Thank you. Vladan Orsk: We are glad to see you.")
    found, mentions = find_officials(nlp(text))
    quelver = [p for p in found if "Quelver" in p.name]
    assert len(quelver) == 1 and quelver[0].name == "Tomas Quelver"
    assert set(quelver[0].variants) == {"Tomas Quelver", "Quelver Tomas"}
    assert all(text[m.start : m.end] == m.text for m in mentions)
    # with a hyphenated given name and a glued "Prime"
    text = ("We welcome you. Prime Minister of Peru Ana-Maria Velt Velt Ana-MariaPrime Minister of Peru: "
            "I am pleased to be here.")
    found, _ = find_officials(nlp(text))
    assert [p.name for p in found if "Velt" in p.name] == ["Ana-Maria Velt"]


def test_a_name_after_a_long_state_name_in_a_title(nlp):
    got = people(nlp, "The minister called Chancellor of the Federal Republic of Germany Jonas Ebberle on Monday.")
    assert got["Jonas Ebberle"] == ("Chancellor of the Federal Republic of Germany", "Germany")
    got = people(nlp, "He met President of the United Republic of Tanzania Asha Mrema and her ministers.")
    assert got["Asha Mrema"][1] == "Tanzania"


def test_a_name_that_is_a_place_or_a_group_is_no_person(nlp):
    got = people(nlp, "President Lena Marsk received her guest at the Alder Hill residence near the coast.")
    assert set(got) == {"Lena Marsk"}
    got = people(nlp, "Both sides said that talks in the Harlow Format remain the only way forward.")
    assert got == {}
    got = people(nlp, "Piet Harlow said the plan includes a visit to Nizhny Novgorod next spring.")
    assert set(got) == {"Piet Harlow"}
    # a leader's name before "administration" is the leader
    got = people(nlp, "Critics say the Ada Kellner administration moved too slowly on the reform.")
    assert set(got) == {"Ada Kellner"}


def test_a_lone_surname_after_a_title_the_model_left_untagged(nlp):
    assert people(nlp, "He said Chancellor Harlow plays an important role.") == {"Harlow": ("Chancellor", None)}
    assert people(nlp, "Our call with Chancellor Ebberle covered the pipeline.") == {"Ebberle": ("Chancellor", None)}
    got = people(nlp, "The delegation thanked Amir Tovaldi for his country's help.")
    assert got["Tovaldi"][0] == "Amir"


def test_office_words_of_organisations(nlp):
    got = people(nlp, "Chairperson of the Valdoran Union Commission Ada Kellner is to join the session as well.")
    assert got["Ada Kellner"][0] == "Chairperson of the Valdoran Union Commission"
    got = people(nlp, "The talks were attended by Minister of Infrastructure Piet Harlow and his deputy.")
    assert got["Piet Harlow"][0] == "Minister of Infrastructure"


def test_a_title_used_without_a_name_gives_the_untitled_person_theirs(nlp):
    got = people(nlp, "Piet Harlow will hold talks with President of Chile Lena Marsk. "
                      "On the agenda of the two presidents is trade.")
    assert got["Piet Harlow"][0] == "President"
    got = people(nlp, "Ada Kellner spoke with Foreign Minister Jonas Ebberle. Both ministers agreed to meet again.")
    assert got["Ada Kellner"][0] == "Minister"
    # "the two leaders" is no title
    got = people(nlp, "Piet Harlow will hold talks with President of Chile Lena Marsk. "
                      "The two leaders will discuss trade.")
    assert got["Piet Harlow"][0] is None


def test_the_title_of_a_country_without_a_name_is_the_untitled_persons(nlp):
    got = people(nlp, "Piet Harlow had a call with President of Chile Lena Marsk. "
                      "The President of Peru thanked her for the invitation.")
    assert got["Piet Harlow"] == ("President", "Peru")
    got = people(nlp, "Ada Kellner met Prime Minister of Chile Lena Marsk on Monday. "
                      "Later the Peruvian Prime Minister flew home.")
    assert got["Ada Kellner"] == ("Prime Minister", "Peru")
    # the titled person of that country is the one meant
    got = people(nlp, "Ada Kellner met Prime Minister of Chile Lena Marsk on Monday. "
                      "Later the Chilean Prime Minister flew home.")
    assert got["Ada Kellner"] == (None, None)


def test_a_group_of_one_country_gives_its_members_that_country(nlp):
    got = people(nlp, "The Peruvian delegation led by First Deputy Minister of Economy Ada Kellner arrived in Oslo.")
    assert got["Ada Kellner"][1] == "Peru"
    got = people(nlp, "The visitors met Chilean officials, including Minister of Finance Piet Harlow, "
                      "Minister for Trade Lena Marsk and members of the Senate.")
    assert got["Piet Harlow"][1] == "Chile" and got["Lena Marsk"][1] == "Chile"
    # the list ends where other words do
    got = people(nlp, "The Peruvian delegation led by Minister Ada Kellner will meet Minister of Trade Jonas Ebberle.")
    assert got["Ada Kellner"][1] == "Peru" and got["Jonas Ebberle"][1] is None


def test_a_title_followed_by_a_verb_is_no_apposition(nlp):
    got = people(nlp, "Asked about ties with Lena Marsk, the President of Peru restated his view.")
    assert "restated" not in (got["Lena Marsk"][0] or "")
    got = people(nlp, "Piet Harlow, head of a small shipping firm, said the port was full.")
    assert got.get("Piet Harlow", (None,))[0] in (None, "head of a small shipping firm")


def test_a_long_title_with_a_body_and_letters_before_the_name(nlp):
    got = people(nlp, "Acting Second Deputy Head of the Mission of Peru to the Joint Border Commission MP Ada Kellner "
                      "will take part in the talks.")
    title = "Acting Second Deputy Head of the Mission of Peru to the Joint Border Commission"
    assert got["Ada Kellner"] == (title, "Peru")


def test_a_portfolio_listed_with_commas(nlp):
    got = people(nlp, "The team will hold talks with Peruvian Minister of Labour, Health and the Family "
                      "Ada Kellner to discuss trade.")
    assert got["Ada Kellner"] == ("Minister of Labour, Health and the Family", "Peru")
    got = people(nlp, "Talks with Minister of Justice, Culture and Sport Piet Harlow went well, the envoy said.")
    assert got["Piet Harlow"][0] == "Minister of Justice, Culture and Sport"
    # a comma between two people's titles is no portfolio's
    got = people(nlp, "He called President Lena Marsk of Peru, Chancellor Piet Harlow of Chile and others.")
    assert got["Piet Harlow"] == ("Chancellor", "Chile")


def test_a_title_that_only_one_country_uses(nlp):
    assert people(nlp, "Secretary of Defense Piet Harlow met the envoy.")["Piet Harlow"][1] == "United States"


def test_every_word_rule_has_an_id_a_stage_and_examples():
    from diplotui.extract.gazetteer import load_data

    rules = load_data("officials.json")["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for r in rules:
        assert r["stage"] in ("spans", "titles", "countries", "references"), r["id"]
        assert len(r["examples"]) >= 2 and r["what"], r["id"]


@pytest.mark.parametrize("rule_id", ["not-a-name/organisation", "not-a-name/venue-after"])
def test_the_examples_of_a_not_a_name_rule_name_no_group_or_place(nlp, rule_id):
    from diplotui.extract.officials.base import rule

    for sentence in rule(rule_id)["examples"]:
        assert all(not any(w in name for w in ("Lomond", "Guesthouse", "Four", "Alder", "Vell"))
                   for name in people(nlp, sentence)), sentence
